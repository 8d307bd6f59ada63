"""The 修订说明 as a web page, on the shared page foundation (:mod:`catalog.pages`).

Self-contained (inline CSS, no script, no external request) and accessible: a table on wide
screens and labelled cards on phones, additions and removals marked with the words 新增 and
删除 as well as strike-through, underline and colour, so nothing depends on colour alone.
``catalog publish --previous`` puts this page in a site as ``changes.html``.
"""

from __future__ import annotations

from typing import Any

from catalog.i18n import DIFF_WORDS as _WORDS
from catalog.pages import environment
from catalog.versions.records import ChangeKind, Diff
from catalog.versions.table import (
    COLUMNS_EN,
    COLUMNS_ZH,
    NAME_FIELDS,
    kind_label,
    summary_cells,
    summary_header,
)
from catalog.versions.text import _field_title, _note_line

_PAGE = {
    "zh": {"summary": "概况", "counts": "变更汇总(按领域、变更类型计数)", "table": "修订说明",
           "rows": "行", "colon": ":", "char_diff": "逐字比较", "deleted": "删除",
           "inserted": "新增", "generated": "由 catalog {version} 生成;理由栏由工作人员填写",
           "suggestion_note": "拆分、合并为根据名称和内容推测的建议,请核实后再发布。",
           "title": "{names}基层政务公开标准目录修订说明", "cosmetic": "仅格式差异"},
    "en": {"summary": "Overview", "counts": "Changes by domain and kind", "table": "Changes",
           "rows": "rows", "colon": ": ", "char_diff": "character diff", "deleted": "removed",
           "inserted": "added", "generated": "Made by catalog {version}; staff fill in Reason",
           "suggestion_note": "Splits and merges are guesses from names and contents: "
                              "confirm them before publishing.",
           "title": "{names} disclosure catalogue: changes", "cosmetic": "cosmetic only"},
}


def _rows(diff: Diff, lang: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for change in diff.changes:
        common = {"kind": kind_label(change.kind, lang), "domain": change.domain_name,
                  "item": change.label, "reason": ""}
        if not change.fields or change.kind in (ChangeKind.SPLIT, ChangeKind.MERGED):
            rows.append({**common, "field": "", "meaning": None, "segments": (),
                         "old": "\n".join(ref.label for ref in change.old),
                         "new": "\n".join(ref.label for ref in change.new)})
            continue
        for field in change.fields:
            kind = change.kind if (field.field in NAME_FIELDS
                                   or change.kind is ChangeKind.CHANGED) else ChangeKind.CHANGED
            meaning = _PAGE[lang]["cosmetic"] if field.cosmetic else (
                field.meaning_en if lang == "en" else field.meaning)
            rows.append({**common, "kind": kind_label(kind, lang),
                         "field": _field_title(field, lang), "old": field.old, "new": field.new,
                         "meaning": meaning,
                         "segments": [(s.op, s.text) for s in field.segments]})
    return rows


def render_html(diff: Diff, lang: str = "zh") -> str:
    """The whole page as text (UTF-8 when written)."""
    words = {**_WORDS[lang], **_PAGE[lang]}
    names = "、".join(dict.fromkeys(count.domain_name for count in diff.summary))
    title = words["title"].format(names=names).strip()
    template = environment("catalog.versions").get_template("versions/changes.html")
    return template.render(
        title=title, lang="zh-CN" if lang == "zh" else "en", t=words, diff=diff,
        summary_header=summary_header(lang),
        summary_rows=[summary_cells(count) for count in diff.summary],
        suggestions=any(change.suggestion for change in diff.changes),
        columns=COLUMNS_ZH if lang == "zh" else COLUMNS_EN, rows=_rows(diff, lang),
        notes=[_note_line(note, lang).strip() for note in diff.notes],
        skip_text="跳到主要内容" if lang == "zh" else "Skip to main content")
