"""The 修订说明 as a workbook in the official style (宋体 table, 黑体 title, A4 landscape).

Sheets: 修订说明 (the table, 理由 left empty for staff), 变更汇总 (counts per domain) and,
when there are any, 提示 (superseded documents still cited). The workbook is a report: a
character a workbook cannot hold is shown as ⟨U+0001⟩ and an over-long cell is cut with a
marker, where the catalogue writer would refuse the document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from catalog.core.files import atomic_write
from catalog.formats.xlsx_writer import CELL_LIMIT, Styles, new_workbook
from catalog.versions.records import Diff
from catalog.versions.table import COLUMNS_ZH, rows, summary_cells, summary_header

WIDTHS = (10, 12, 24, 14, 40, 40, 24)
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CUT = "…(截断)"


def storable(text: str) -> str:
    text = _UNSTORABLE.sub(lambda m: f"⟨U+{ord(m.group(0)):04X}⟩", text)
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT - len(_CUT)] + _CUT


def _title(diff: Diff) -> str:
    names = "、".join(dict.fromkeys(count.domain_name for count in diff.summary))
    return f"{names}基层政务公开标准目录修订说明" if names else "基层政务公开标准目录修订说明"


def _table(workbook: Any, styles: Styles, title: str, header: tuple[str, ...],
           body: Sequence[Sequence[str]], widths: tuple[int, ...], name: str) -> None:
    sheet = workbook.add_worksheet(name)
    sheet.merge_range(0, 0, 0, len(header) - 1, "", styles.title)
    sheet.write_string(0, 0, storable(title), styles.title)
    sheet.set_row(0, 30)
    for column, text in enumerate(header):
        sheet.write_string(1, column, text, styles.header)
    for number, cells in enumerate(body, start=2):
        for column, text in enumerate(cells):
            if text:
                sheet.write_string(number, column, storable(text), styles.text)
            else:  # a bordered, truly empty cell (理由 is for staff to fill)
                sheet.write_blank(number, column, None, styles.text)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(2, 0)
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.repeat_rows(0, 1)
    sheet.fit_to_pages(1, 0)
    if body:
        sheet.autofilter(1, 0, len(body) + 1, len(header) - 1)


def write_workbook(diff: Diff, target: str | IO[bytes]) -> None:
    workbook = new_workbook(target)
    styles = Styles(workbook)
    title = _title(diff)
    _table(workbook, styles, title, COLUMNS_ZH, [row.cells() for row in rows(diff)], WIDTHS,
           "修订说明")
    summary = [summary_cells(count) for count in diff.summary]
    header = summary_header()
    _table(workbook, styles, "变更汇总", header, summary, (16,) + (8,) * (len(header) - 1),
           "变更汇总")
    if diff.notes:
        notes = [(n.domain_name, n.cited, n.replaced_by, str(n.since), str(n.count),
                  "、".join(ref.label for ref in n.examples)) for n in diff.notes]
        _table(workbook, styles, "仍引用已被取代文件的事项",
               ("领域", "所引文件", "已由", "年份", "事项数", "事项举例"), notes,
               (12, 36, 36, 8, 8, 40), "提示")
    workbook.close()


def write(diff: Diff, path: str | Path) -> None:
    """Write the workbook atomically."""
    atomic_write(path, lambda stream: write_workbook(diff, stream))
