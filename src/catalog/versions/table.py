"""The 修订说明 table: one row per changed field, the same rows in every output format.

Columns are those staff publish: 变更类型 · 领域 · 事项 · 字段 · 原 · 新 · 理由. 理由 is left
empty for staff to fill. A field's meaning (``20 → 10 个工作日,缩短``) follows the new value
in brackets, so a printed table says what the change means, not only what the text became.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from catalog.versions.records import KIND_EN, Change, ChangeKind, Diff, DomainCount, FieldChange

COLUMNS_ZH = ("变更类型", "领域", "事项", "字段", "原", "新", "理由")
COLUMNS_EN = ("Change", "Domain", "Item", "Field", "Old", "New", "Reason")
NAME_FIELDS = ("category", "name")
SUGGESTION_ZH, SUGGESTION_EN = "(建议)", " (suggestion)"


@dataclass(frozen=True)
class Row:
    kind: str
    domain: str
    item: str
    field: str
    old: str
    new: str
    reason: str = ""
    suggestion: bool = False
    cosmetic: bool = False

    def cells(self) -> tuple[str, ...]:
        return (self.kind, self.domain, self.item, self.field, self.old, self.new, self.reason)


def kind_label(kind: ChangeKind, lang: str = "zh") -> str:
    if lang == "en":
        return KIND_EN[kind] + (SUGGESTION_EN if kind.suggestion else "")
    return kind.zh + (SUGGESTION_ZH if kind.suggestion else "")


def shown_new(field: FieldChange, lang: str = "zh") -> str:
    meaning = field.meaning_en if lang == "en" else field.meaning
    if field.cosmetic:
        meaning = "cosmetic only" if lang == "en" else "仅格式差异"
    return f"{field.new}\n〔{meaning}〕" if meaning else field.new


def change_rows(change: Change, lang: str = "zh") -> Iterator[Row]:
    """The table rows of one change."""
    kind = kind_label(change.kind, lang)
    common = {"domain": change.domain_name, "item": change.label,
              "suggestion": change.suggestion}
    if change.kind in (ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.SPLIT,
                       ChangeKind.MERGED):
        yield Row(kind=kind, field="", old="\n".join(ref.label for ref in change.old),
                  new="\n".join(ref.label for ref in change.new), **common)  # type: ignore[arg-type]
        return
    edited = kind_label(ChangeKind.CHANGED, lang)
    for field in change.fields:
        row_kind = kind if field.field in NAME_FIELDS or change.kind is ChangeKind.CHANGED \
            else edited
        yield Row(kind=row_kind, field=field.title, old=field.old, new=shown_new(field, lang),
                  cosmetic=field.cosmetic, **common)  # type: ignore[arg-type]


def rows(diff: Diff, lang: str = "zh") -> Iterator[Row]:
    for change in diff.changes:
        yield from change_rows(change, lang)


def summary_header(lang: str = "zh") -> tuple[str, ...]:
    first, last = ("领域", "合计") if lang == "zh" else ("Domain", "Total")
    return (first, *(kind_label(kind, lang) for kind in ChangeKind), last)


def summary_cells(count: DomainCount) -> tuple[str, ...]:
    return (count.domain_name, *(str(count.counts.get(kind.value, 0)) for kind in ChangeKind),
            str(count.total))
