"""Rule documentation generated from the rule objects: ``catalog rules`` and docs/rules.md."""

from __future__ import annotations

from typing import Any

from catalog.rules.engine import Rule, RuleRegistry

AREAS = {
    "CAT1": ("结构与必填项", "Structure and required fields"),
    "CAT2": ("受控值与用语", "Controlled values and vocabulary"),
    "CAT3": ("公开时限与公开依据", "Time limits and legal basis"),
    "CAT4": ("试点领域与覆盖", "Pilot domains and coverage"),
    "CAT5": ("表格版式与读取", "Spreadsheet layout and reading"),
    "CAT6": ("输入安全与限制", "Input safety and limits"),
}


RULES_DOC = "docs/rules.md"


def rule_anchor(code: str) -> str:
    """The fragment of a rule's section in docs/rules.md (``cat101``): it follows the code,
    which never changes meaning, not the heading, whose name or severity may change."""
    return code.lower()


def rules_doc_base() -> str | None:
    """The project's published address (``Project-URL: Repository`` or ``Homepage`` in the
    package metadata), under which docs/rules.md is found; ``None`` when none is declared."""
    from importlib import metadata

    try:
        urls = metadata.metadata("catalog").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for label in ("repository", "source", "homepage"):
        for entry in urls:
            name, _, url = entry.partition(",")
            address = str(url).strip()
            if name.strip().lower() == label and address.startswith("https://"):
                return address.rstrip("/") + "/blob/main/"
    return None


def rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "message_zh": rule.message_zh,
        "message_en": rule.message_en,
        "rationale": rule.rationale,
        "example": rule.example,
        "fix_zh": rule.fix_zh,
        "fix_en": rule.fix_en,
        "hint_zh": rule.hint_zh,
        "hint_en": rule.hint_en,
        "workbook_hint_zh": rule.workbook_hint_zh,
        "workbook_hint_en": rule.workbook_hint_en,
        "emitted_by": "rule" if rule.check is not None else "reader",
    }


def rules_text(registry: RuleRegistry, lang: str = "zh") -> str:
    lines = []
    for rule in registry:
        message = rule.message_zh if lang == "zh" else rule.message_en
        fixable = rule.fix_zh if lang == "zh" else rule.fix_en
        fix = ("  [可自动修复]" if lang == "zh" else "  [fixable]") if fixable else ""
        lines.append(f"{rule.code}  {rule.severity.value:<7}  {rule.name}{fix}")
        lines.append(f"        {message}")
    return "\n".join(lines) + "\n"


def rules_markdown(registry: RuleRegistry) -> str:
    """docs/rules.md: one section per rule, grouped by area; a test keeps the file in sync."""
    lines = [
        "# Rules",
        "",
        "Generated from the rule registry by `catalog rules --format markdown`; do not edit by "
        "hand. Each code is stable: once published it never changes meaning.",
        "",
    ]
    current_area = ""
    for rule in registry:
        area = rule.code[:4]
        if area != current_area:
            current_area = area
            zh, en = AREAS.get(area, ("其他", "Other"))
            lines += [f"## {area}xx — {zh} / {en}", ""]
        lines += [
            f'<a id="{rule_anchor(rule.code)}"></a>',  # stable: the code, not the heading text
            "",
            f"### {rule.code} `{rule.name}` ({rule.severity.value})",
            "",
            f"- 中文：{rule.message_zh}",
            f"- English: {rule.message_en}",
            f"- Why: {rule.rationale}",
            f"- Example: {rule.example}",
        ]
        if rule.fix_en:
            lines.append(f"- Safe fix (`catalog fix`): {rule.fix_en} / {rule.fix_zh}")
        if rule.hint_en:
            lines.append(f"- How to fix: {rule.hint_en} / {rule.hint_zh}")
        if rule.workbook_hint_en:
            lines.append(f"- In an annotated workbook: {rule.workbook_hint_en} / "
                         f"{rule.workbook_hint_zh}")
        if rule.check is None:
            lines.append("- Reported while reading the file.")
        lines.append("")
    return "\n".join(lines)
