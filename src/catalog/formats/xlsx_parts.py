"""A light look at an .xlsx file's parts for what cell readers do not report.

python-calamine gives values, merges and sheet visibility, but not hidden rows and columns or
which cells are formulas (and a formula saved without its result reads as an empty cell). This
module streams each sheet's XML once through a few byte searches: the regular expressions run
only on the chunks that contain the rare tokens (``hidden``, ``<f``, ``mergeCell``), so the
pass costs little more than inflating the part. The small workbook parts are parsed with
defusedxml.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO

from defusedxml import ElementTree

from catalog.formats.grid import Formula, Merge

_CHUNK = 1 << 20
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\shidden="(?:1|true)"[^>]*>')
_HIDDEN_COL = re.compile(rb'<(?:\w+:)?col\b[^>]*?\shidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_COL_SPAN = re.compile(rb'\smin="(\d+)"[^>]*?\smax="(\d+)"|\smax="(\d+)"[^>]*?\smin="(\d+)"')
_FORMULA = re.compile(
    rb'<(?:\w+:)?c\b([^>]*?)(?<!/)>\s*<(?:\w+:)?f\b(?:[^>]*?/>|[^>]*>.*?</(?:\w+:)?f>)\s*'
    rb"(?:<(?:\w+:)?v\b[^>]*>([^<]+)</(?:\w+:)?v>)?", re.S)
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\sref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


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


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML part, from the workbook and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels_path = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_path in archive.namelist():
        for rel in ElementTree.fromstring(archive.read(rels_path)).iter(f"{_NS_PKG}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
            targets[rel.get("Id", "")] = path
    paths: dict[str, str] = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        rel_id = sheet.get(f"{_NS_REL}id", "")
        if rel_id in targets:
            paths[sheet.get("name", "")] = targets[rel_id]
    return paths


def _scan(text: bytes, parts: SheetParts, merges: bool) -> None:
    if b"hidden" in text:
        for match in _HIDDEN_ROW.finditer(text):
            number = _ROW_NUMBER.search(match.group(0))
            if number:
                parts.hidden_rows.append(int(number.group(1)))
        for match in _HIDDEN_COL.finditer(text):
            span = _COL_SPAN.search(match.group(0))
            if span:
                low = int(span.group(1) or span.group(4))
                high = int(span.group(2) or span.group(3))
                parts.hidden_columns.extend(range(low, min(high, 16384) + 1))
    if b"<f" in text or b":f" in text:
        for match in _FORMULA.finditer(text):
            ref = _CELL_REF.search(match.group(1))
            if ref:
                parts.formulas.append(Formula(int(ref.group(2)), column_number(ref.group(1)),
                                              match.group(2) is not None))
    if merges and b"mergeCell" in text:
        for match in _MERGE.finditer(text):
            first_col, first_row = column_number(match.group(1)), int(match.group(2))
            last_col = column_number(match.group(3)) if match.group(3) else first_col
            last_row = int(match.group(4)) if match.group(4) else first_row
            parts.merges.append((first_row, first_col, last_row, last_col))


def scan_sheet(stream: IO[bytes], merges: bool = True) -> SheetParts:
    """Stream one sheet part; a cell is never split between two scanned pieces.

    ``merges=False`` skips merged ranges when the cell reader reports them itself.
    """
    parts = SheetParts()
    carry = b""
    cell_start = b"<c "
    first = True
    while True:
        chunk = stream.read(_CHUNK)
        text = carry + chunk
        if first:
            root = _ROOT.search(text)
            prefix = root.group(1) if root and root.group(1) else b""
            cell_start = b"<" + prefix + b"c "
            first = False
        if not chunk:
            _scan(text, parts, merges)
            return parts
        cut = text.rfind(cell_start)
        if cut <= 0:
            cut = text.rfind(b"<")
        if cut <= 0:
            carry = text
            continue
        _scan(text[:cut], parts, merges)
        carry = text[cut:]
