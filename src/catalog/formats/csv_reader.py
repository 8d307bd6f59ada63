"""Reading catalogue CSV files with a fixed, stated encoding policy.

CSV declares no encoding, so the policy is fixed and the result is reported: a byte-order mark
first (UTF-8, UTF-16 LE/BE: Excel's "Unicode text" export is UTF-16 with tabs), then strict
UTF-8, then GB18030 only when the decoded text has a recognisable catalogue header. Nothing is
ever decoded leniently (no latin-1, no errors="replace"): a file that fits none is refused.
The rows then go through the same table logic as spreadsheets.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from dataclasses import replace
from itertools import islice
from typing import IO

from catalog.core.findings import InputError, Location, column_letter
from catalog.core.heap import gc_paused
from catalog.formats import sheet_metadata
from catalog.formats.csv_cells import unescape_cell
from catalog.formats.grid import ListGrid, SheetInfo, reporting
from catalog.formats.headers import is_header_row
from catalog.formats.loaded import Loaded
from catalog.formats.options import DEFAULT_READ, ResolvedReadOptions
from catalog.formats.screening import Limits, read_bounded
from catalog.formats.sheets import read_grids
from catalog.rules import layout
from catalog.rules.limits import CELL_TOO_LONG, TOO_MANY_COLUMNS

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_DELIMITERS = ",\t;"
_HEADER_SEARCH = 30  # lines searched for a header when judging a GB18030 reading


def _undecodable(name: str, tried: list[str]) -> InputError:
    return InputError(layout.CSV_UNDECODABLE, name, tried="、".join(tried))


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding used, by the fixed policy."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding.replace("-sig", "")), encoding
            except UnicodeDecodeError:
                raise _undecodable(name, [encoding]) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise _undecodable(name, ["utf-8", "gb18030"]) from None
    if not _has_header(text):
        raise _undecodable(name, ["utf-8", "gb18030"])
    return text, "gb18030"


def _delimiter(text: str) -> str:
    """The delimiter that splits the first header-like line into the most known headings."""
    lines = text.splitlines()[:_HEADER_SEARCH]
    best, best_score = ",", -1
    for delimiter in _DELIMITERS:
        score = max((len(line.split(delimiter)) for line in lines if
                     is_header_row(line.split(delimiter))), default=0)
        if score == 0:
            score = sum(line.count(delimiter) for line in lines) // max(len(lines), 1) // 100
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _has_header(text: str) -> bool:
    lines = text.splitlines()[:_HEADER_SEARCH]
    return any(is_header_row(line.split(delimiter)) for line in lines for delimiter in _DELIMITERS)


def _rows(text: str, delimiter: str, name: str, limits: Limits) -> list[list[str]]:
    """The rows, within the limits before their memory is spent: at most ``max_rows`` + 1
    (the table reader stops there with a finding), no cell over ``max_cell_chars`` (CAT618,
    enforced by the csv module itself), no row wider than ``max_columns`` (CAT616)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    _check_lines(text, delimiter, name, limits)
    previous = csv.field_size_limit(limits.max_cell_chars)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = list(islice(reader, limits.max_rows + 1))
    except csv.Error as error:
        if "field limit" not in str(error):
            raise
        raise InputError(CELL_TOO_LONG, name, chars=_longest_field(text, delimiter),
                         limit=limits.max_cell_chars) from None
    finally:
        csv.field_size_limit(previous)
    widest = max(map(len, rows), default=0)
    if widest > limits.max_columns:
        raise _too_wide(name, widest, limits)
    return rows


def _too_wide(name: str, columns: int, limits: Limits) -> InputError:
    sheet = name.replace("\\", "/").rsplit("/", 1)[-1]
    return InputError(TOO_MANY_COLUMNS, name, sheet=sheet, columns=columns,
                      last_cell=f"{column_letter(columns)}1", limit=limits.max_columns)


def _check_lines(text: str, delimiter: str, name: str, limits: Limits) -> None:
    """Refuse a line no valid row can fill (a 200 MB single-line file) before csv splits it
    into millions of fields. Only texts long enough to hold such a line are walked."""
    longest_row = limits.max_columns * (limits.max_cell_chars + 3)
    if len(text) <= longest_row:
        return
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > longest_row:
            fields = text.count(delimiter, start, end) + 1
            if fields > limits.max_columns:
                raise _too_wide(name, fields, limits)
            raise InputError(CELL_TOO_LONG, name, chars=end - start, limit=limits.max_cell_chars)
        start = end + 1


def _longest_field(text: str, delimiter: str) -> int:
    """Length of the longest field (only called to word a CAT618 refusal)."""
    previous = csv.field_size_limit(sys.maxsize)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return max((len(cell) for row in reader for cell in row), default=0)
    finally:
        csv.field_size_limit(previous)


def read(stream: IO[bytes], *, name: str, options: ResolvedReadOptions = DEFAULT_READ
         ) -> Loaded:
    """Read a CSV (or tab-separated text) file; one catalogue per recognised table."""
    limits = options.limits
    data = read_bounded(stream, name, limits)
    text, encoding = decode(data, name)
    delimiter = _delimiter(text)
    try:
        rows = _rows(text, delimiter, name, limits)
    except csv.Error as error:
        raise InputError(layout.UNREADABLE_SPREADSHEET, name, detail=str(error)) from None
    # Undo the writer's formula escaping; set aside the metadata section catalog writes.
    rows, metadata_rows = sheet_metadata.split_csv([[unescape_cell(c) for c in r] for r in rows])
    sheet = name.replace("\\", "/").rsplit("/", 1)[-1]
    grid = ListGrid(SheetInfo(name=sheet, keeps_merges=False,
                              written_by_catalog=bool(metadata_rows)), rows)
    with gc_paused():
        grids = reporting(iter([grid]), options.progress)
        loaded = read_grids(grids, name=name, issuer=options.issuer, level=options.level,
                            max_rows=limits.max_rows)
    for source in loaded.sources:
        source.sheet = None  # a CSV has no sheets: locations read file:C12
    loaded.findings = [replace(finding, location=replace(finding.location, sheet=None))
                       for finding in loaded.findings]
    def sheet_rows(_sheet: str, wanted: set[int]) -> dict[int, list[str]]:
        return {number: rows[number - 1] for number in wanted if 0 < number <= len(rows)}

    loaded = sheet_metadata.apply_rows(loaded, metadata_rows or None, sheet_rows)
    rule = layout.CSV_ENCODING
    loaded.findings.insert(0, rule.at(Location(name), encoding=encoding))
    loaded.info.update(encoding=encoding, delimiter=delimiter)
    return loaded
