"""Writing catalogues as workbooks in the official layout of the national template.

Uses xlsxwriter, which streams cells and writes 100,000 styled rows about 4x faster than
openpyxl (issue 7). Every cell is written with ``write_string``: text starting with = + - @
stays text and can never run as a formula. Text a workbook cannot hold is refused before
anything is written, never cut. What the official columns cannot show travels in the hidden
metadata sheet (see :mod:`catalog.formats.sheet_metadata`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from catalog.core.files import atomic_write
from catalog.core.findings import Finding, InputError, Location, column_letter
from catalog.formats import sheet_metadata
from catalog.formats.xlsx_layout import A3, RowHeights, print_setup_xlsxwriter
from catalog.rules import layout
from catalog.rules.engine import Rule
from catalog.standard import domains
from catalog.standard.terms import Audience, Level, Mode

if TYPE_CHECKING:
    from catalog.standard.model import Catalogue, Document, Item

# Refusal of text a workbook cannot store, by the reason :func:`_problem` gives.
_RULE_FOR: dict[str, Rule] = {"control": layout.UNWRITABLE_CONTROL,
                              "length": layout.UNWRITABLE_LENGTH, "rows": layout.UNWRITABLE_ROWS}
CELL_LIMIT = 32767
MAX_ROWS = 1_048_576
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

TITLE_ROW, HEADER_ROWS, FIRST_ITEM_ROW = 1, (2, 3), 4  # 1-based, as Excel shows them
TICK = "√"
LISTS_SHEET = sheet_metadata.LISTS_SHEET

# (field, top header, sub header or None, column width); the official column order. Widths
# suit the content: 公开内容/公开依据 hold sentences, the channel column holds the box list two
# entries per line (see ``CHANNELS_WIDTH``), the tick columns one mark.
Column = tuple[str, str, str | None, float]
CHANNELS_WIDTH = 36.0  # the longest channel ("□社区/企事业单位/村公示栏(电子屏)") on one line
_TEXT_COLUMNS: tuple[Column, ...] = (
    ("seq", "序号", None, 6),
    ("category", "公开事项", "一级事项", 14),
    ("name", "公开事项", "二级事项", 18),
    ("content", "公开内容(要素)", None, 40),
    ("basis", "公开依据", None, 40),
    ("time_limit", "公开时限", None, 20),
    ("subject", "公开主体", None, 16),
    ("channels", "公开渠道和载体", None, CHANNELS_WIDTH),
    ("audience", "公开对象", Audience.SOCIETY.value, 7),
    ("audience", "公开对象", Audience.SPECIFIC_GROUP.value, 7),
    ("mode", "公开方式", Mode.PROACTIVE.value, 7),
    ("mode", "公开方式", Mode.ON_REQUEST.value, 7),
)
_LEVEL_ORDER = (Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)
_OFFICIAL_LEVELS = frozenset((Level.COUNTY, Level.TOWNSHIP))


def columns_for(levels: Iterable[Level] = ()) -> tuple[Column, ...]:
    """The official columns, with a 公开层级 column for each further level used (村级, 市级).

    The national template ticks 县级/乡级 only; a village or city catalogue needs its own
    level's column, or its ticks would be lost and every row reported as having no level.
    """
    used = _OFFICIAL_LEVELS | set(levels)
    return _TEXT_COLUMNS + tuple(
        ("level", "公开层级", level.value, 7) for level in _LEVEL_ORDER if level in used)


def catalogue_columns(catalogue: Catalogue) -> tuple[Column, ...]:
    """The columns a catalogue is written with: the levels its items and issuer use."""
    levels = {level for item in catalogue.items for level in item.level}
    if catalogue.issuer.level is not None:
        levels.add(catalogue.issuer.level)
    return columns_for(levels)


@lru_cache(maxsize=16)
def mark_columns(columns: tuple[Column, ...]) -> tuple[int, ...]:
    return tuple(index for index, column in enumerate(columns)
                 if column[0] in ("audience", "mode", "level"))


COLUMNS = columns_for()
CATEGORY_COLUMN = 1
TEXT_COLUMN_COUNT = len(_TEXT_COLUMNS) - 4  # 序号 … 公开渠道和载体: the cells that wrap


def render_item(item: Item, columns: tuple[Column, ...] = COLUMNS) -> list[str]:
    """The cell texts of one item in the official layout (14 cells with ``COLUMNS``)."""
    marks = {
        *(a.value for a in item.audience),
        *(m.value for m in item.mode),
        *(lv.value for lv in item.level),
    }
    cells = [
        item.seq,
        item.category,
        item.name,
        item.content,
        item.basis.text,
        item.time_limit.text,
        item.subject,
        "、".join(item.channels),
    ]
    cells.extend(TICK if columns[index][2] in marks else "" for index in mark_columns(columns))
    return cells


def catalogue_title(catalogue: Catalogue) -> str:
    if catalogue.title:
        return catalogue.title
    name = domain_name(catalogue.domain) if catalogue.domain else None
    issuer = catalogue.issuer.name or ""
    return f"{issuer}{name or ''}{'领域' if name else ''}基层政务公开标准目录"


def domain_name(slug: str) -> str | None:
    """The Chinese name of a pilot domain, when the domain registry knows it."""
    found = domains.registry()
    return found.get(slug).name_zh if slug in found else None


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_names(catalogues: tuple[Catalogue, ...]) -> list[str]:
    """One unique, valid sheet name per catalogue (31 characters, no []:*?/\\)."""
    names: list[str] = []
    for index, catalogue in enumerate(catalogues, start=1):
        base = (domain_name(catalogue.domain) if catalogue.domain else None) or f"目录{index}"
        base = _BAD_SHEET_CHARS.sub("_", base).strip("'")[:28] or f"目录{index}"
        name, suffix = base, 2
        while name.lower() in {n.lower() for n in names} or name.startswith("_"):
            name, suffix = f"{base[:27]}({suffix})", suffix + 1
        names.append(name)
    return names


# --------------------------------------------------------------------------- refusal


def _problem(text: str) -> dict[str, Any] | None:
    bad = _UNSTORABLE.search(text)
    if bad:
        return {"reason": "control", "char": f"U+{ord(bad.group(0)):04X}"}
    if len(text) > CELL_LIMIT:
        return {"reason": "length", "length": len(text), "limit": CELL_LIMIT}
    return None


def unwritable(document: Document, file: str) -> list[Finding]:
    """Every visible cell whose text a workbook cannot store, as findings (nothing is cut)."""
    found: list[Finding] = []
    for number, (catalogue, sheet) in enumerate(
        zip(document.catalogues, sheet_names(document.catalogues), strict=True)
    ):
        if len(catalogue.items) + FIRST_ITEM_ROW > MAX_ROWS:
            found.append(layout.UNWRITABLE_ROWS.at(Location(file, sheet=sheet), reason="rows",
                                                   rows=len(catalogue.items)))
        pointer = f"/catalogues/{number}"
        problem = _problem(catalogue_title(catalogue))
        if problem:
            where = Location(file, sheet=sheet, row=TITLE_ROW, column=1, pointer=pointer + "/title")
            found.append(_RULE_FOR[problem["reason"]].at(where, **problem))
        columns = catalogue_columns(catalogue)
        for index, item in enumerate(catalogue.items):
            for column, text in enumerate(render_item(item, columns), start=1):
                problem = _problem(text)
                if problem:
                    where = Location(
                        file,
                        sheet=sheet,
                        row=FIRST_ITEM_ROW + index,
                        column=column,
                        pointer=f"{pointer}/items/{index}/{columns[column - 1][0]}",
                    )
                    found.append(_RULE_FOR[problem["reason"]].at(where, **problem))
    return found


def refuse_unwritable(document: Document, file: str) -> None:
    """Raise :class:`InputError` naming the first unstorable cell and how many there are."""
    problems = unwritable(document, file)
    if problems:
        first = problems[0]
        raise InputError(
            _RULE_FOR[first.params["reason"]],
            file,
            cell=first.location.cell or first.location.sheet,
            pointer=first.location.pointer,
            count=len(problems),
            **first.params,
        )


# --------------------------------------------------------------------------- writing


TITLE_SIZE, TEXT_SIZE = 16.0, 10.0


class Styles:
    """The workbook's formats, made once (xlsxwriter formats are per workbook)."""

    def __init__(self, workbook: Any) -> None:
        border = {"border": 1, "valign": "vcenter", "font_name": "宋体", "font_size": TEXT_SIZE}
        self.title = workbook.add_format(
            {
                "bold": True,
                "font_size": TITLE_SIZE,
                "align": "center",
                "valign": "vcenter",
                "font_name": "黑体",
                "text_wrap": True,
            }
        )
        self.header = workbook.add_format(
            {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#D9E1F2"}
        )
        self.text = workbook.add_format({**border, "text_wrap": True})
        self.center = workbook.add_format({**border, "text_wrap": True, "align": "center"})


def new_workbook(target: str | IO[bytes]) -> Any:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        target,
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():  # reproducible builds: the creation time is the only varying byte
        created = datetime.fromtimestamp(int(epoch), UTC).replace(tzinfo=None)
        workbook.set_properties({"created": created})
    return workbook


def new_heights(columns: tuple[Column, ...] = COLUMNS) -> RowHeights:
    return RowHeights({index: column[3] for index, column in enumerate(columns)})


def write_header(sheet: Any, styles: Styles, title: str,
                 columns: tuple[Column, ...] = COLUMNS,
                 heights: RowHeights | None = None) -> RowHeights:
    """Title row, two-row merged header, widths, frozen header and A3 landscape print setup.

    Returns the sheet's :class:`RowHeights` with the title and header rows noted; the caller
    notes the item rows and applies it.
    """
    heights = heights or new_heights(columns)
    last = len(columns) - 1
    sheet.merge_range(0, 0, 0, last, "", styles.title)
    sheet.write_string(0, 0, title, styles.title)
    heights.row(0, 30)
    heights.cell(0, 0, title, TITLE_SIZE, last_column=last)
    index = 0
    while index <= last:
        _, top, sub, _ = columns[index]
        span = index
        while span + 1 <= last and columns[span + 1][1] == top and sub is not None:
            span += 1
        if sub is None:
            sheet.merge_range(1, index, 2, index, "", styles.header)
            sheet.write_string(1, index, top, styles.header)
            heights.cell(1, index, top, TEXT_SIZE, last_row=2)
        else:
            sheet.merge_range(1, index, 1, span, "", styles.header)
            sheet.write_string(1, index, top, styles.header)
            heights.cell(1, index, top, TEXT_SIZE, last_column=span)
            for column in range(index, span + 1):
                sheet.write_string(2, column, columns[column][2] or "", styles.header)
                heights.cell(2, column, columns[column][2] or "", TEXT_SIZE)
        index = span + 1
    for column, (_, _, _, width) in enumerate(columns):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(FIRST_ITEM_ROW - 1, 0)
    print_setup_xlsxwriter(sheet, A3, landscape=True, repeat_rows=HEADER_ROWS[-1])
    return heights


def add_mark_dropdowns(sheet: Any, first_row: int, last_row: int,
                       columns: tuple[Column, ...] = COLUMNS) -> None:
    """A √ dropdown on every check-mark column; the list lives on the hidden lists sheet."""
    if last_row < first_row:
        return
    for column in mark_columns(columns):
        sheet.data_validation(
            first_row,
            column,
            last_row,
            column,
            {
                "validate": "list",
                "source": f"='{LISTS_SHEET}'!$A$1:$A$1",
                "error_title": "勾选标记",
                "error_message": "请选择 √ 或留空",
            },
        )


def write_lists_sheet(workbook: Any, extra: dict[str, list[str]] | None = None) -> None:
    sheet = workbook.add_worksheet(LISTS_SHEET)
    sheet.write_string(0, 0, TICK)
    for column, values in enumerate((extra or {}).values(), start=1):
        for row, value in enumerate(values):
            sheet.write_string(row, column, value)
    sheet.hide()


def write_items(sheet: Any, styles: Styles, items: tuple[Item, ...],
                columns: tuple[Column, ...] = COLUMNS,
                heights: RowHeights | None = None) -> list[int]:
    """Item rows from row 4, 一级事项 merged down runs of equal names; returns their rows.

    Each row's height is noted in ``heights`` from its wrapped texts (a merged 一级事项 by
    the rows it spans).
    """
    text, center = styles.text, styles.center
    marks = mark_columns(columns)
    formats = [center if index in marks or index == 0 else text for index in range(len(columns))]
    write, blank = sheet.write_string, sheet.write_blank
    runs = [(first, last) for first, last in category_runs(items) if last > first]
    merged = {index for first, last in runs for index in range(first, last + 1)}
    note = heights.cell if heights is not None else None
    row = FIRST_ITEM_ROW - 1
    for number, item in enumerate(items):
        for column, value in enumerate(render_item(item, columns)):
            if value:
                write(row, column, value, formats[column])
                if (note is not None and column < TEXT_COLUMN_COUNT
                        and not (column == CATEGORY_COLUMN and number in merged)):
                    note(row, column, value)
            else:
                blank(row, column, None, formats[column])
        row += 1
    for first, last in runs:
        top = FIRST_ITEM_ROW - 1 + first
        sheet.merge_range(top, CATEGORY_COLUMN, top + last - first, CATEGORY_COLUMN,
                          items[first].category, text)
        if heights is not None:
            heights.cell(top, CATEGORY_COLUMN, items[first].category,
                         last_row=top + last - first)
    return list(range(FIRST_ITEM_ROW, FIRST_ITEM_ROW + len(items)))


def category_runs(items: tuple[Item, ...]) -> Iterator[tuple[int, int]]:
    """(first, last) indexes of runs of consecutive items with the same non-blank 一级事项.

    A row with neither 序号 nor 二级事项 keeps its own 一级事项 cell: under a merged one it
    would read as a continuation of the item above.
    """
    start = 0
    for index in range(1, len(items) + 1):
        if (index == len(items) or items[index].category != items[start].category
                or not (items[index].seq or items[index].name)):
            if items[start].category:
                yield start, index - 1
            start = index


def write_metadata_sheet(workbook: Any, rows: Iterator[list[str]]) -> None:
    sheet = workbook.add_worksheet(sheet_metadata.SHEET)
    sheet.write_string(0, 0, sheet_metadata.MARKER)
    for column, title in enumerate(sheet_metadata.HEADER):
        sheet.write_string(1, column, title)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row):
            sheet.write_string(number, column, value)
    sheet.hide()


def write_workbook(document: Document, target: str | IO[bytes]) -> None:
    """Write ``document`` to a path or binary stream (no refusal check: see ``write``)."""
    workbook = new_workbook(target)
    styles = Styles(workbook)
    names = sheet_names(document.catalogues)
    metadata: list[Iterator[list[str]]] = []
    for catalogue, name in zip(document.catalogues, names, strict=True):
        sheet = workbook.add_worksheet(name)
        columns = catalogue_columns(catalogue)
        heights = write_header(sheet, styles, catalogue_title(catalogue), columns)
        rows = write_items(sheet, styles, catalogue.items, columns, heights)
        heights.apply_xlsxwriter(sheet)
        add_mark_dropdowns(sheet, FIRST_ITEM_ROW - 1, FIRST_ITEM_ROW - 2 + len(rows), columns)
        metadata.append(sheet_metadata.rows_for(name, catalogue, rows))
    write_lists_sheet(workbook)
    write_metadata_sheet(workbook, (row for rows in metadata for row in rows))
    if names:
        workbook.worksheets()[0].activate()
    workbook.close()


def write(document: Document, path: str | Path) -> None:
    """Write ``document`` as an official-layout workbook, atomically; refuse unstorable text."""
    refuse_unwritable(document, str(path))
    save(path, lambda stream: write_workbook(document, stream))


def save(path: str | Path, write_to: Callable[[IO[bytes]], None]) -> None:
    """Write a file atomically (a temporary file renamed over the target)."""
    atomic_write(path, write_to)


__all__ = ["COLUMNS", "column_letter", "render_item", "unwritable", "write", "write_workbook"]
