"""The HTML report (``catalog check --format html``): one self-contained file a county can email
to a township, readable on a phone, made with the shared page foundation (:mod:`catalog.pages`).

Summary first (counts by severity and by rule, linked to the groups), then the findings grouped
by rule: the first few in full, each with the offending cell's value, its row in context and the
处理办法 hint, then "N more" as a list of places. ``html_chunks`` is a plain function from results
to text pieces, so a web page (``catalog serve``) can stream the same report, or embed only its
body with ``standalone=False``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from catalog.checking.checker import FileResult
from catalog.core.findings import Finding
from catalog.core.version import __version__
from catalog.formats.loaded import Loaded
from catalog.formats.loading import load_file
from catalog.i18n import HTML_REPORT_WORDS as _WORDS
from catalog.i18n import SEVERITY_LABELS, field_title
from catalog.pages import environment
from catalog.reports.summary import Summary
from catalog.rules.engine import Rule, RuleRegistry, message_for
from catalog.standard.fields import ITEM_FIELDS
from catalog.standard.records import ItemView

SHOWN_IN_FULL = 5  # findings per rule shown with their cell and row
LISTED_PLACES = 200  # further places listed by name; the rest only counted
_POINTER = re.compile(r"^/catalogues/(\d+)/items/(\d+)(?:/([a-z_]+))?")

_SEVERITY = SEVERITY_LABELS


@dataclass(frozen=True)
class CellContext:
    """The offending cell's value and its whole row, read back from the file."""

    field: str | None
    value: str | None
    row: tuple[tuple[str, str], ...]  # (column title, text), the 11 official columns


Lookup = Callable[[Finding], CellContext | None]


def field_text(item: ItemView, key: str) -> str:
    value = getattr(item, key, "")
    if hasattr(value, "text"):
        return str(value.text)
    if isinstance(value, tuple):
        return "、".join(str(part) for part in value)
    return str(value or "")


def file_lookup() -> Lookup:
    """A lookup that reads each file again (a few at a time) to show cells in context."""

    @lru_cache(maxsize=4)
    def loaded(file: str) -> Loaded | None:
        try:
            return load_file(file)
        except Exception:  # the file changed or cannot be read: the report goes on without it
            return None

    def lookup(finding: Finding) -> CellContext | None:
        found = loaded(finding.location.file)
        return context_in(found, finding) if found is not None else None

    return lookup


def context_in(found: Any, finding: Finding) -> CellContext | None:
    """The item and field a finding points at inside a loaded file, if it points at one."""
    where = finding.location
    catalogues = found.records.catalogues
    item: ItemView | None = None
    key: str | None = None
    match = _POINTER.match(where.pointer or "")
    if match:
        number, index = int(match.group(1)), int(match.group(2))
        if number < len(catalogues) and index < len(catalogues[number].items):
            item, key = catalogues[number].items[index], match.group(3)
    elif where.row is not None:
        for catalogue, source in zip(catalogues, found.sources, strict=False):
            if source.sheet != where.sheet or where.row not in source.item_rows:
                continue
            item = catalogue.items[source.item_rows.index(where.row)]
            by_column = {column: name for name, column in source.columns.items()}
            key = by_column.get(where.column) if where.column else None
            break
    if item is None:
        return None
    key = key if key in ITEM_FIELDS else None
    row = tuple((title, field_text(item, name)) for name, (title, _) in ITEM_FIELDS.items())
    return CellContext(key, field_text(item, key) if key else None, row)


@dataclass(frozen=True)
class Shown:
    finding: Finding
    message: str
    place: str
    context: CellContext | None


@dataclass(frozen=True)
class RuleGroup:
    code: str
    name: str
    severity: str
    severity_class: str
    count: int
    hint: str | None
    shown: tuple[Shown, ...]
    places: tuple[str, ...]
    unlisted: int


def _place(finding: Finding) -> str:
    where = finding.location
    inside = where.cell or (f"{where.line}:{where.pointer}" if where.line else where.pointer)
    return f"{where.file}:{inside}" if inside else where.file


def _hint(rule: Rule, lang: str) -> str | None:
    """The rule's 处理办法, else what ``catalog fix`` would change."""
    hint = rule.hint(lang)
    if hint:
        return hint
    fix = rule.fix_zh if lang == "zh" else rule.fix_en
    if fix:
        return (f"可运行 catalog fix 自动修复（{fix}）" if lang == "zh"
                else f"catalog fix repairs this ({fix})")
    return None


def groups(results: Sequence[FileResult], lang: str, registry: RuleRegistry,
           lookup: Lookup | None) -> list[RuleGroup]:
    """Findings by rule code, errors first; the first few with their cell and row."""
    by_code: dict[str, list[Finding]] = {}
    for result in results:
        for finding in result.findings:
            by_code.setdefault(finding.code, []).append(finding)
    made = []
    for code, found in by_code.items():
        first = found[0]
        rule = registry.get(code) if code in registry else None
        shown = tuple(
            Shown(f, message_for(f, registry, lang), _place(f), lookup(f) if lookup else None)
            for f in found[:SHOWN_IN_FULL])
        rest = found[SHOWN_IN_FULL:]
        made.append(RuleGroup(
            code, rule.title(lang) if rule else "", _SEVERITY[lang][first.severity],
            first.severity.value, len(found), _hint(rule, lang) if rule else None, shown,
            tuple(_place(f) for f in rest[:LISTED_PLACES]), max(0, len(rest) - LISTED_PLACES)))
    made.sort(key=lambda g: ({"error": 0, "warning": 1, "info": 2}[g.severity_class], g.code))
    return made


def html_chunks(results: Sequence[FileResult], lang: str, registry: RuleRegistry,
                strict: bool = False, lookup: Lookup | None = None,
                standalone: bool = True) -> Iterator[str]:
    """The report as text pieces: a whole page, or (``standalone=False``) only its body."""
    summary = Summary.of(results)
    words = _WORDS[lang]
    failing = summary.errors + (summary.warnings if strict else 0) + summary.unreadable
    template = environment().get_template("pages/check_report.html")
    return template.generate(
        t=words, lang=words["lang"], title=words["title"], skip_text=words["skip"],
        summary=summary, groups=groups(results, lang, registry, lookup), results=results,
        failing=failing, standalone=standalone, field_title=lambda key: field_title(key, lang),
        severity_words=_SEVERITY[lang], generated=words["generated"].format(version=__version__),
        rule_names={rule.code: rule.title(lang) for rule in registry})
