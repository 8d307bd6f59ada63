"""The row-height rule, checked from what a workbook file itself says.

Independent of :mod:`catalog.formats.xlsx_layout` on purpose: a lower bound that any
spreadsheet program respects. A wrapped cell needs at least one line per paragraph, and its
text spread over the full width it is shown in (a merged range: all its columns), each line at
least 1.2 times the font size high. A row left at its default height fails this as soon as
the text needs two lines.
"""

from __future__ import annotations

import io
import math
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl

DEFAULT_WIDTH, DEFAULT_HEIGHT = 8.43, 15.0


def units(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def min_lines(text: str, width: float, size: float) -> int:
    return sum(max(1, math.ceil(units(p) * size / 10 / width)) for p in text.split("\n"))


def unfit_cells(source: Path | bytes, sheets: tuple[str, ...] | None = None) -> list[str]:
    """``Sheet!B4 needs 90pt, has 15pt`` for every wrapped cell its row cannot show."""
    data = source if isinstance(source, bytes) else source.read_bytes()
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    problems: list[str] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible" or (sheets is not None and sheet.title not in sheets):
            continue
        problems.extend(_sheet_problems(sheet))
    return problems


def column_widths(sheet: Any) -> dict[int, float]:
    """Column (1-based) -> width; openpyxl groups equal neighbours under the first letter."""
    widths: dict[int, float] = {}
    for dimension in sheet.column_dimensions.values():
        if dimension.width:
            for column in range(dimension.min, dimension.max + 1):
                widths[column] = dimension.width
    return widths


def _sheet_problems(sheet: Any) -> list[str]:
    widths = column_widths(sheet)
    spans = {(m.min_row, m.min_col): m for m in sheet.merged_cells.ranges}
    covered = {(r, c) for m in spans.values() for r in range(m.min_row, m.max_row + 1)
               for c in range(m.min_col, m.max_col + 1)} - set(spans)
    problems = []
    for row in sheet.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            if (cell.row, cell.column) in covered:
                continue
            merged = spans.get((cell.row, cell.column))
            rows = range(cell.row, (merged.max_row if merged else cell.row) + 1)
            columns = range(cell.column, (merged.max_col if merged else cell.column) + 1)
            width = sum(widths.get(c, DEFAULT_WIDTH) for c in columns)
            height = sum(sheet.row_dimensions[r].height or DEFAULT_HEIGHT for r in rows)
            size = cell.font.sz or 11
            need = min_lines(cell.value, width, size) * size * 1.2
            if height < need:
                problems.append(f"{sheet.title}!{cell.coordinate} needs {need:.0f}pt, "
                                f"has {height:.0f}pt")
    return problems
