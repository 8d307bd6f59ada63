"""A light look at an .xlsx file's parts for what cell readers do not report.

python-calamine gives values, merges and sheet visibility, but not hidden rows and columns or
which cells are formulas (and a formula saved without its result reads as an empty cell). This
module reads each sheet's XML through a few byte searches, in the pass of the safety checks
that inflates it anyway (:class:`PartsWatcher`): the regular expressions run only on the
pieces that contain the rare tokens (``hidden``, ``<f``, ``mergeCell``), each first looked
for as one rare byte, so the scan costs little beside inflating the part. The small workbook
parts are parsed with defusedxml.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from defusedxml import ElementTree

from catalog.formats.grid import Formula, Merge
from catalog.formats.sheet_extent import Scanner, resolve_sheets

_CHUNK = 1 << 20
_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
# Linear time on crafted XML (issue 12): inside a tag nothing matches "<", so each search from
# one tag start stops at the next tag instead of scanning to the end of the piece.
_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b[^<>]*?\shidden="(?:1|true)"[^<>]*>')
_HIDDEN_COL = re.compile(rb'<(?:\w+:)?col\b[^<>]*?\shidden="(?:1|true)"[^<>]*>')
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_COL_SPAN = re.compile(rb'\smin="(\d+)"[^>]*?\smax="(\d+)"|\smax="(\d+)"[^>]*?\smin="(\d+)"')
_FORMULA = re.compile(
    rb'<(?:\w+:)?c\b([^<>]*+)(?<!/)>\s*+<(?:\w+:)?f\b(?:[^<>]*?/>|[^<>]*>[^<]*+</(?:\w+:)?f>)'
    rb"\s*+(?:<(?:\w+:)?v\b[^<>]*>([^<]+)</(?:\w+:)?v>)?")
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^<>]*?\sref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


@dataclass
class SheetParts:
    """What the XML says about one sheet."""

    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[int] = field(default_factory=list)
    formulas: list[Formula] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)


def column_number(letters: bytes | str) -> int:
    text = letters.decode() if isinstance(letters, bytes) else letters
    number = 0
    for char in text:
        number = number * 26 + ord(char) - 64
    return number


def sheet_paths(archive: zipfile.ZipFile, name: str = "") -> dict[str, str]:
    """Sheet name → path of its XML part, resolved as the cell reader (python-calamine) does;
    ``name`` (the file's) words an InputError."""
    listed = resolve_sheets(archive.namelist(), archive.read, name or archive.filename or "")
    return {sheet: part for sheet, part in listed if part is not None}


def _scan(text: bytes, parts: SheetParts, merges: bool, end: int | None = None) -> None:
    """Read ``text[:end]`` (searched in place: no copy). Each rare token is first looked for
    as one byte (memchr), which most pieces of cells lack, then as the whole token."""
    end = len(text) if end is None else end
    if text.find(b"i", 0, end) >= 0 and text.find(b"hidden", 0, end) >= 0:
        for match in _HIDDEN_ROW.finditer(text, 0, end):
            number = _ROW_NUMBER.search(match.group(0))
            if number:
                parts.hidden_rows.append(int(number.group(1)))
        for match in _HIDDEN_COL.finditer(text, 0, end):
            span = _COL_SPAN.search(match.group(0)[:4096])  # real <col> tags are short
            if span:
                low = int(span.group(1) or span.group(4))
                high = int(span.group(2) or span.group(3))
                parts.hidden_columns.extend(range(low, min(high, 16384) + 1))
    if text.find(b"f", 0, end) >= 0 and (text.find(b"<f", 0, end) >= 0
                                         or text.find(b":f", 0, end) >= 0):
        for match in _FORMULA.finditer(text, 0, end):
            ref = _CELL_REF.search(match.group(1))
            if ref:
                parts.formulas.append(Formula(int(ref.group(2)), column_number(ref.group(1)),
                                              match.group(2) is not None))
    if merges and text.find(b"m", 0, end) >= 0 and text.find(b"mergeCell", 0, end) >= 0:
        for match in _MERGE.finditer(text, 0, end):
            first_col, first_row = column_number(match.group(1)), int(match.group(2))
            last_col = column_number(match.group(3)) if match.group(3) else first_col
            last_row = int(match.group(4)) if match.group(4) else first_row
            parts.merges.append((first_row, first_col, last_row, last_col))


class SheetScan:
    """Scans a sheet part fed in pieces; a cell is never split between two scanned pieces."""

    def __init__(self, merges: bool) -> None:
        self.parts, self.merges = SheetParts(), merges
        self.carry = b""
        self.cell_start: bytes | None = None

    def feed(self, chunk: bytes) -> None:
        text = self.carry + chunk if self.carry else chunk
        if self.cell_start is None:
            root = _ROOT.search(text)
            prefix = root.group(1) if root and root.group(1) else b""
            self.cell_start = b"<" + prefix + b"c "
        cut = text.rfind(self.cell_start)
        if cut <= 0:
            cut = text.rfind(b"<")
        if cut <= 0:
            self.carry = text
            return
        _scan(text, self.parts, self.merges, cut)
        self.carry = text[cut:]

    def finish(self) -> SheetParts:
        _scan(self.carry, self.parts, self.merges)
        self.carry = b""
        return self.parts


def scan_sheet(stream: IO[bytes], merges: bool = True) -> SheetParts:
    """Stream one sheet part; a cell is never split between two scanned pieces.

    ``merges=False`` skips merged ranges when the cell reader reports them itself.
    """
    scan = SheetScan(merges)
    while chunk := stream.read(_CHUNK):
        scan.feed(chunk)
    return scan.finish()


class PartsWatcher:
    """Scans sheet parts while another pass inflates them: the container check's own
    (:class:`~catalog.formats.sheet_extent.SheetPass`) or the sheet extents' (a
    :class:`~catalog.formats.sheet_extent.Watch`).

    What a part says is kept once its pieces have all been seen, so a pass that stops early
    and is repeated leaves the later pass's result. Only the sheets in ``paths``
    (:func:`sheet_paths`) are kept; with ``None``, every sheet the pass shows.
    """

    def __init__(self, paths: dict[str, str] | None, merges: bool) -> None:
        self.paths, self.merges = paths, merges
        self.found: dict[str, SheetParts] = {}

    def start(self) -> SheetScan:
        return SheetScan(self.merges)

    def keep(self, sheet: str, part: str, scanner: Scanner) -> None:
        if self.paths is not None and self.paths.get(sheet) != part:
            return
        assert isinstance(scanner, SheetScan)  # from start()
        self.found[sheet] = scanner.finish()


# --------------------------------------------------------------------------- OpenDocument
_NS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_CELLS = (f"{_NS_TABLE}table-cell", f"{_NS_TABLE}covered-table-cell")
_ODS_HIDDEN = ("collapse", "filter")
_ODS_MAX_ROWS, _ODS_MAX_COLUMNS = 1 << 20, 1 << 14


def _count(element: Any, name: str, limit: int) -> int:
    text = element.get(f"{_NS_TABLE}{name}") or "1"
    return min(int(text), limit) if text.isdigit() and int(text) > 0 else 1


def ods_parts(stream: IO[bytes]) -> dict[str, SheetParts]:
    """Merged ranges and hidden rows and columns of every table in an .ods content.xml.

    python-calamine reports neither for OpenDocument: a merge is ``number-rows-spanned`` /
    ``number-columns-spanned`` on its first cell, a hidden row or column has
    ``table:visibility="collapse"``; rows, columns and cells repeat (``number-*-repeated``).
    """
    found: dict[str, SheetParts] = {}
    parts, row, skip, column = SheetParts(), 0, 0, 0
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        tag = element.tag
        if event == "end":
            if tag == f"{_NS_TABLE}table-row":
                element.clear()  # one row in memory at a time
        elif tag == f"{_NS_TABLE}table":
            parts, row, skip, column = SheetParts(), 0, 0, 0
            found[element.get(f"{_NS_TABLE}name", "")] = parts
        elif tag == f"{_NS_TABLE}table-column":
            span = _count(element, "number-columns-repeated", _ODS_MAX_COLUMNS)
            if element.get(f"{_NS_TABLE}visibility") in _ODS_HIDDEN:
                last = min(column + span, _ODS_MAX_COLUMNS)
                parts.hidden_columns.extend(range(column + 1, last + 1))
            column += span
        elif tag == f"{_NS_TABLE}table-row":
            row, column = min(row + skip + 1, _ODS_MAX_ROWS), 0
            skip = _count(element, "number-rows-repeated", _ODS_MAX_ROWS) - 1
            # A huge hidden repeated block is the empty tail of the sheet: nothing to report.
            if element.get(f"{_NS_TABLE}visibility") in _ODS_HIDDEN and skip < 10_000:
                last = min(row + skip, _ODS_MAX_ROWS)
                parts.hidden_rows.extend(range(row, last + 1))
        elif tag in _ODS_CELLS:
            rows = _count(element, "number-rows-spanned", _ODS_MAX_ROWS)
            columns = _count(element, "number-columns-spanned", _ODS_MAX_COLUMNS)
            if tag == _ODS_CELLS[0] and (rows > 1 or columns > 1):
                parts.merges.append((row, column + 1, row + rows - 1, column + columns))
            column += _count(element, "number-columns-repeated", _ODS_MAX_COLUMNS)
    return found
