"""Row heights and print setup that a workbook states itself, so every program shows it right.

Excel grows a row to fit wrapped text only when the row is edited; WPS and LibreOffice differ
when a file is opened. A row that keeps the default one-line height hides the 13-entry channel
list and long 公开内容/公开依据 texts under the rows below, on screen and on paper. So every row
with wrapped text gets an explicit height, computed from the text, the width it is shown in
(a merged range uses its full width) and the font size.

Widths are in Excel's column units (the width of ``0`` in the default 11-point font, 7 pixels).
A CJK or full-width character is two units wide at 10 points, a Latin character one; sizes
scale with the font. The estimate errs on the generous side: a little white space is harmless,
a cut line is not.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from catalog.core.caches import per_run

MAX_ROW_HEIGHT = 409.0  # points; the largest height Excel accepts
LINE_FACTOR = 1.45  # line height / font size: CJK fonts (宋体, Noto CJK) need more than Latin
ROW_PADDING = 3.0  # points above and below the text
CELL_PADDING = 1.0  # column units lost to the cell's left and right margins
_BASE_SIZE = 10.0  # the font size at which a CJK character is exactly two units wide

# Paper sizes as Excel numbers them.
A4, A3 = 9, 8


@lru_cache(maxsize=65536)
def char_units(char: str) -> int:
    """Display width of one character: 2 for CJK and full-width forms, 0 for marks, else 1."""
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def text_units(text: str) -> int:
    """Display width of a one-line text in units at 10 points (CJK = 2)."""
    if text.isascii():
        return len(text)
    return sum(char_units(char) for char in text)


def _paragraph_lines(paragraph: str, room: float) -> int:
    """Lines one paragraph takes when wrapped into ``room`` units (10-point units).

    CJK text breaks between any two characters; a run of Latin letters or digits breaks only at
    spaces, as spreadsheet programs do, and a run longer than a line is split.
    """
    if not paragraph:
        return 1
    if text_units(paragraph) <= room:
        return 1
    lines, used, word = 1, 0.0, 0.0
    for char in paragraph:
        width = char_units(char)
        if width == 1 and not char.isspace():
            word += 1  # part of a Latin word: placed when the word ends
            continue
        if word:
            lines, used = _place(word, lines, used, room)
            word = 0.0
        lines, used = _place(width, lines, used, room)
    if word:
        lines, used = _place(word, lines, used, room)
    return lines


def _place(width: float, lines: int, used: float, room: float) -> tuple[int, float]:
    if used + width <= room:
        return lines, used + width
    if width <= room:
        return lines + 1, width
    extra = math.ceil((width - (room - used)) / room)  # a word longer than a line
    return lines + extra, width - (room - used) - (extra - 1) * room


@per_run
def lines_needed(text: str, width: float, font_size: float = 10.0) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` units wide at ``font_size``."""
    room = max((width - CELL_PADDING) * _BASE_SIZE / font_size, 1.0)
    return sum(_paragraph_lines(paragraph, room) for paragraph in text.split("\n"))


def height_for(lines: int, font_size: float = 10.0) -> float:
    """Row height in points for ``lines`` lines of text, capped at Excel's maximum."""
    return min(round(lines * font_size * LINE_FACTOR + ROW_PADDING, 1), MAX_ROW_HEIGHT)


def text_height(text: str, width: float, font_size: float = 10.0) -> float:
    return height_for(lines_needed(text, width, font_size), font_size)


class RowHeights:
    """The heights a sheet's rows need, collected while cells are written, applied once.

    A vertically merged cell needs the sum of its rows; what its rows lack is added to its
    last row after the single-row cells have been counted.
    """

    def __init__(self, widths: dict[int, float], default_width: float = 8.43) -> None:
        self.widths, self.default_width = widths, default_width
        self.needed: dict[int, float] = {}
        self.merged: list[tuple[int, int, float]] = []

    def width(self, first_column: int, last_column: int | None = None) -> float:
        last = first_column if last_column is None else last_column
        return sum(self.widths.get(c, self.default_width) for c in range(first_column, last + 1))

    def cell(self, row: int, column: int, text: str, font_size: float = 10.0,
             last_column: int | None = None, last_row: int | None = None) -> None:
        """Note a wrapped cell (0-based); ``last_*`` give the end of a merged range."""
        if not text:
            return
        height = text_height(text, self.width(column, last_column), font_size)
        if last_row is not None and last_row > row:
            self.merged.append((row, last_row, height))
        elif height > self.needed.get(row, 0.0):
            self.needed[row] = height

    def row(self, row: int, height: float) -> None:
        """Ask for at least ``height`` points on ``row`` (a title, a heading)."""
        self.needed[row] = max(self.needed.get(row, 0.0), height)

    def heights(self, default: float = 15.0) -> dict[int, float]:
        """Row (0-based) -> height in points, for every row that needs more than one line."""
        needed = dict(self.needed)
        for first, last, height in self.merged:
            have = sum(needed.get(r, default) for r in range(first, last + 1))
            if have < height:
                needed[last] = min(needed.get(last, default) + height - have, MAX_ROW_HEIGHT)
        return needed

    def apply_xlsxwriter(self, sheet: Any, default: float = 15.0) -> None:
        for row, height in sorted(self.heights(default).items()):
            sheet.set_row(row, height)

    def apply_openpyxl(self, sheet: Any, default: float = 15.0) -> None:
        for row, height in self.heights(default).items():
            sheet.row_dimensions[row + 1].height = height


# --------------------------------------------------------------------------- print setup

FOOTER = "&L&A&R第 &P 页,共 &N 页"  # sheet name left, page x of n right


def print_setup_xlsxwriter(sheet: Any, paper: int, landscape: bool, repeat_rows: int = 0,
                           margins: tuple[float, float, float, float] = (0.4, 0.4, 0.5, 0.6),
                           ) -> None:
    """Paper, orientation, fit to page width, header rows on every page, margins, page numbers.

    ``margins`` are left, right, top, bottom in inches; ``repeat_rows`` counts rows from the
    top (the title and the column headings) printed on every page.
    """
    sheet.set_paper(paper)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    if repeat_rows:
        sheet.repeat_rows(0, repeat_rows - 1)
    left, right, top, bottom = margins
    sheet.set_margins(left=left, right=right, top=top, bottom=bottom)
    sheet.set_footer(FOOTER, {"margin": 0.25})
    sheet.center_horizontally()


def print_setup_openpyxl(sheet: Any, paper: int, landscape: bool, repeat_rows: int = 0,
                         margins: tuple[float, float, float, float] = (0.4, 0.4, 0.5, 0.6),
                         ) -> None:
    """The same print setup for a sheet made with openpyxl (see :func:`print_setup_xlsxwriter`)."""
    from openpyxl.worksheet.page import PageMargins

    setup = sheet.page_setup
    setup.paperSize = paper
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if repeat_rows:
        sheet.print_title_rows = f"1:{repeat_rows}"
    left, right, top, bottom = margins
    sheet.page_margins = PageMargins(left=left, right=right, top=top, bottom=bottom, footer=0.25)
    sheet.oddFooter.left.text = "&A"
    sheet.oddFooter.right.text = "第 &P 页,共 &N 页"
    sheet.print_options.horizontalCentered = True


def widest(texts: Iterable[str]) -> int:
    """The widest line among ``texts`` in 10-point units."""
    return max((text_units(line) for text in texts for line in text.split("\n")), default=0)
