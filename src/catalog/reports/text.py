"""The human report: a summary first, then each file's findings, repeated ones grouped.

One systematic mistake (the same blank column on 300 rows) is one paragraph listing where,
not 300 lines.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from catalog.checking.checker import FileResult
from catalog.core.findings import Finding, Severity
from catalog.core.safe_text import terminal_line
from catalog.i18n import SEVERITY_LABELS
from catalog.reports.summary import Summary
from catalog.rules.engine import RuleRegistry, message_for

_SEVERITY = SEVERITY_LABELS
_LISTED_PLACES = 8
_GROUPING_KEYS = ("item", "first", "pointer", "seq", "national")
# What tells apart findings at one place (CAT405: each missing national item, all at A1).
_SUBJECTS = ("national",)


def _group_key(finding: Finding) -> tuple[str, Hashable]:
    """Same code, same parameters apart from where: one systematic mistake."""
    pairs = [(k, v) for k, v in finding.params.items() if k not in _GROUPING_KEYS]
    try:
        return finding.code, frozenset(pairs)
    except TypeError:  # a list parameter: compare as text
        return finding.code, tuple(sorted((k, str(v)) for k, v in pairs))


def _place(finding: Finding) -> str:
    location = finding.location
    return location.cell or (
        f"{location.line}:{location.pointer}"
        if location.line
        else location.pointer or location.sheet or ""
    )


def _groups(findings: Sequence[Finding]) -> list[list[Finding]]:
    """Groups by severity, then in the order the file shows them (the checker sorts findings
    by sheet in workbook order, row and column, as numbers): the sort is stable."""
    groups: dict[tuple[str, Hashable], list[Finding]] = {}
    for finding in findings:
        groups.setdefault(_group_key(finding), []).append(finding)
    return sorted(groups.values(), key=lambda group: group[0].severity.rank)


def _others(group: list[Finding]) -> tuple[list[str], bool]:
    """What to list for the rest of a group (at most the listed number): places, or what
    differs between findings at one shared place (CAT405: the missing items)."""
    rest = group[1:]
    shown = rest[:_LISTED_PLACES]
    place = _place(group[0])
    for key in _SUBJECTS:
        if key in group[0].params and all(_place(f) == place for f in rest):
            return [str(f.params.get(key, "")) for f in shown], True
    return [_place(finding) for finding in shown], False


def _summary_lines(results: Sequence[FileResult], lang: str, registry: RuleRegistry) -> list[str]:
    summary = Summary.of(results)
    if lang == "zh":
        head = (
            f"检查了 {summary.files} 个文件：{summary.errors} 个错误，{summary.warnings} 个警告，"
            f"{summary.infos} 条提示"
        )
        if summary.unreadable:
            head += f"；{summary.unreadable} 个文件无法读取"
    else:
        head = (
            f"Checked {summary.files} file(s): {summary.errors} error(s), "
            f"{summary.warnings} warning(s), {summary.infos} info"
        )
        if summary.unreadable:
            head += f"; {summary.unreadable} file(s) could not be read"
    lines = [head]
    for code, severity, count in summary.by_code:
        name = registry.get(code).title(lang) if code in registry else ""
        lines.append(f"  {code} {_SEVERITY[lang][Severity(severity)]:<7} {count:>6}  {name}")
    return lines


def render_text(results: Sequence[FileResult], lang: str, registry: RuleRegistry,
                debug: bool = False) -> str:
    lines = _summary_lines(results, lang, registry)
    for result in results:
        if not result.findings:
            continue
        lines.append("")
        lines.append(result.file)
        for group in _groups(result.findings):
            first = group[0]
            severity = _SEVERITY[lang][first.severity]
            place = _place(first)
            lines.append(
                f"  {place + ' ' if place else ''}{first.code} [{severity}] "
                f"{message_for(first, registry, lang, debug)}"
            )
            rule = registry.get(first.code) if first.code in registry else None
            hint = rule.hint(lang) if rule is not None else None
            if hint:
                how = "      处理办法：" if lang == "zh" else "      how to fix: "
                lines.append(f"{how}{hint}")
            if len(group) > 1:
                places, subjects = _others(group)
                more = len(group) - 1 - len(places)
                if lang == "zh":
                    unit = "项" if subjects else "处"
                    tail = f" 等另 {more} {unit}" if more else ""
                    lines.append(
                        f"      同类问题另有 {len(group) - 1} {unit}：{'、'.join(places)}{tail}")
                else:
                    what = "more" if subjects else "more place(s)"
                    where = "for" if subjects else "in"
                    tail = f" and {more} more" if more else ""
                    lines.append(f"      same problem {where} {len(group) - 1} {what}: "
                                 f"{'; '.join(places) if subjects else ', '.join(places)}{tail}")
    # Values, sheet and file names are the data's: no control character reaches the terminal
    # raw, no line can act as a CI workflow command.
    return "\n".join(map(terminal_line, lines)) + "\n"
