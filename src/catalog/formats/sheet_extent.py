"""Each sheet's real extent, measured on the zip bytes before a reader allocates the grid.

python-calamine allocates the rectangle up to the farthest cell holding a value and aborts the
process when that fails (A1 plus XFD1048576 is 17 billion cells). The ``<dimension>`` element
cannot be trusted either way (a hostile file may claim A1:B2 and still hold XFD1048576), so
every sheet is scanned. The usual path takes the claimed ``<dimension>`` as a hypothesis and
proves it with a few searches in C for any cell outside it; when that fails, every cell
reference is collected; only unusual XML (cells without ``r``, namespace prefixes) or a sheet
over a limit takes the exact path, which tokenises every cell like calamine does and counts
only cells holding a value. On ``check``'s reading path the usual measure runs inside the
container check's own pass (:class:`SheetPass`), so each worksheet is inflated once; it is
judged only after the container check, and anything it cannot settle is measured again here.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Protocol

from catalog.core.findings import InputError, column_letter
from catalog.formats.screening import CHUNK, Container, Limits, MemberReader, member_chunks
from catalog.rules.engine import Rule
from catalog.rules.limits import (
    DAMAGED_WORKBOOK,
    SHEET_TOO_LARGE,
    TOO_MANY_COLUMNS,
    TOO_MANY_MERGED_RANGES,
    TOO_MANY_ROWS,
)

_DIGITS = b"0123456789"
_LETTERS = bytes(range(65, 91))
_FAST_REF = re.compile(rb'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"')
# Two searches: each has a literal prefix, one alternation of both scans ten times slower.
_ODD_CELL = re.compile(rb"<c[>/\t\n\r]")
_PREFIXED_CELL = re.compile(rb":c[\s>/]")
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3})([1-9][0-9]{0,6})'
                        rb'(?::([A-Z]{1,3})([1-9][0-9]{0,6}))?"')
# Tags end at ">" or, in broken XML, where the next "<" begins (then the file is refused): a
# search from one tag start never scans past the next one, so a piece is tokenised in linear
# time however crafted (issue 12).
_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c|v|is)(?=[\s/>])([^<>]*+)(>?)")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']\s*([A-Za-z]{0,8})0*([0-9]{0,12})""")
_MERGE = re.compile(rb'mergeCell\s+ref="([A-Z]{1,8})([0-9]{1,12}):([A-Z]{1,8})([0-9]{1,12})"')
_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)"
                      rb"(?=[\s/>])([^<>]*+)(>?)")
_ODS_ATTR = re.compile(rb"""table:(name|number-rows-repeated|number-columns-repeated)\s*=\s*"""
                       rb"""(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True, slots=True)
class SheetExtent:
    """The grid a reader would allocate for one sheet: A1 to the farthest cell with a value.

    ``exact`` is False when the extent was counted from every cell reference, valued or not (an
    upper bound); a sheet is only refused on an exact count.
    """

    sheet: str
    part: str
    rows: int
    columns: int
    merged_ranges: int = 0
    merged_cells: int = 0
    exact: bool = True

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def last_cell(self) -> str:
        return f"{column_letter(self.columns)}{self.rows}" if self.cells else "A1"

    def problem(self, limits: Limits) -> tuple[Rule, dict[str, Any]] | None:
        """The CAT6xx rule and params that refuse this sheet under ``limits``, or None."""
        where = {"sheet": self.sheet, "last_cell": self.last_cell}
        if self.rows > limits.max_rows:
            return TOO_MANY_ROWS, {**where, "rows": self.rows, "limit": limits.max_rows}
        if self.columns > limits.max_columns:
            return TOO_MANY_COLUMNS, {**where, "columns": self.columns, "limit": limits.max_columns}
        if self.cells > limits.max_sheet_cells:
            return SHEET_TOO_LARGE, {**where, "rows": self.rows, "columns": self.columns,
                                     "cells": self.cells, "limit": limits.max_sheet_cells}
        if (self.merged_ranges > limits.max_merged_ranges
                or self.merged_cells > limits.max_sheet_cells):
            return TOO_MANY_MERGED_RANGES, {"sheet": self.sheet, "count": self.merged_ranges,
                                            "limit": limits.max_merged_ranges}
        return None

    def within(self, limits: Limits) -> bool:
        return self.problem(limits) is None


class Scanner(Protocol):
    """Reads one sheet part's pieces (whole tags, in order) for a :class:`Watch`."""

    def feed(self, piece: bytes) -> None: ...


class Watch(Protocol):
    """Reads more from the sheet XML in the pass that measures it, instead of inflating it
    again (:class:`catalog.formats.xlsx_parts.PartsWatcher`)."""

    def start(self) -> Scanner:
        """A scanner for the pieces of one part, which follow."""
        ...

    def keep(self, sheet: str, part: str, scanner: Scanner) -> None:
        """``scanner`` has seen every piece of ``part``, the worksheet ``sheet``."""
        ...


class SheetPass:
    """Measures worksheets while the container check inflates them (its ``tap``), so that
    each is inflated and searched once; a :class:`Watch` reads them in the same pass.

    A member is measured when its first chunk holds ``sheetData``; nothing is judged here.
    :func:`sheet_extents` takes a measurement only where the usual cascade would have
    stopped at it (an upper bound within the limits); anything else (unusual XML, a sheet
    over a limit, a part named in no first chunk) is measured again, exactly as before.
    """

    def __init__(self, name: str, watch: Watch | None = None) -> None:
        self.name, self.watch = name, watch
        self.measured: dict[str, tuple[SheetExtent, Scanner | None]] = {}

    def tap(self, info: zipfile.ZipInfo, first: bytes) -> MemberReader | None:
        return _PartPass(self, info.filename) if b"sheetData" in first else None


class _PartPass:
    """One member's chunks, cut into whole tags, measured and scanned as they come."""

    def __init__(self, owner: SheetPass, part: str) -> None:
        self.owner, self.part = owner, part
        self.aligner, self.bounds = _Aligner(owner.name), _Bounds()
        self.scanner = owner.watch.start() if owner.watch is not None else None
        self.failed = False

    def feed(self, chunk: bytes) -> None:
        if self.failed:
            return
        try:
            piece = self.aligner.cut(chunk)
        except InputError:  # measured again, and refused, after the container's checks
            self.failed = True
            return
        if piece:
            self._piece(piece)

    def _piece(self, piece: bytes) -> None:
        if not self.bounds.feed(piece):
            self.failed = True
        elif self.scanner is not None:
            self.scanner.feed(piece)

    def close(self) -> None:
        if not self.failed and self.aligner.tail:
            self._piece(self.aligner.tail)
        extent = self.bounds.extent("", self.part)
        if not self.failed and extent is not None:
            self.owner.measured[self.part] = (extent, self.scanner)


def check_sheet_extent(data: bytes, name: str, limits: Limits,
                       sheets: Iterable[str] | None = None, *,
                       watch: Watch | None = None,
                       container: Container | None = None,
                       measured: SheetPass | None = None) -> dict[str, SheetExtent]:
    """Measure the sheets of an .xlsx or .ods (zip bytes) and raise for the first over a limit.

    ``data`` is the whole file, already passed through ``check_spreadsheet_container``;
    ``sheets`` limits the check to these sheet names (default: every worksheet). Returns the
    extents by sheet name. Raises InputError CAT614 (cells), CAT615 (rows), CAT616 (columns)
    or CAT617 (merged ranges) with params sheet, last_cell, limit and the measured values.
    A reader that would rather skip one sheet with a finding calls :func:`sheet_extents` and
    ``extent.problem(limits)`` instead. ``watch`` lets a reader scan the .xlsx sheet XML in
    this same pass instead of inflating it again; ``container`` (from
    :func:`~catalog.formats.screening.inspect_container`) spares opening the zip again, and
    ``measured`` (the :class:`SheetPass` that was its tap) measuring the sheets again.
    """
    extents = sheet_extents(data, name, limits, sheets, watch=watch, container=container,
                            measured=measured)
    for extent in extents.values():
        problem = extent.problem(limits)
        if problem is not None:
            rule, params = problem
            raise InputError(rule, name, **params)
    return extents


def sheet_extents(data: bytes, name: str, limits: Limits,
                  sheets: Iterable[str] | None = None, *,
                  watch: Watch | None = None,
                  container: Container | None = None,
                  measured: SheetPass | None = None) -> dict[str, SheetExtent]:
    """Measure without judging: extents by sheet name, exact wherever a limit is passed.

    Judges more than the reader will open, never less: every sheet the workbook lists,
    resolved as python-calamine resolves it, and any other part holding ``sheetData`` (keyed
    by its part path), however its name is spelt. An .ods ``content.xml`` is measured too.
    """
    if container is not None and container.infos:
        members = list(container.infos)
    else:
        try:
            members = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except zipfile.BadZipFile as error:
            raise InputError(DAMAGED_WORKBOOK, name, detail=str(error)[:200]) from None
    infos = {info.filename: info for info in members}
    wanted = set(sheets) if sheets is not None else None
    result: dict[str, SheetExtent] = {}
    content = PartLookup(infos).find("content.xml")
    if content is not None:
        chunks = member_chunks(data, infos[content], name, limits.max_uncompressed_bytes)
        try:
            found = _ods_extents(_aligned(chunks, name))
        except ValueError as error:
            raise InputError(DAMAGED_WORKBOOK, name, detail=str(error)[:200]) from None
        result.update((k, v) for k, v in found.items() if wanted is None or k in wanted)
        if "xl/workbook.xml" not in infos:
            return result

    def read(part: str) -> bytes:
        return b"".join(member_chunks(data, infos[part], name, limits.max_uncompressed_bytes))

    listed = resolve_sheets(infos, read, name)
    for sheet, part in listed:
        if part is not None and (wanted is None or sheet in wanted):
            key = part if sheet in result else sheet  # one sheet listed with two ids
            result[key] = _measure(data, infos[part], name, limits, sheet, watch, measured)
    seen = {part for _, part in listed}
    for part, info in infos.items():
        if part in seen:
            continue
        if (part in container.sheet_parts if container is not None and container.infos
                else _holds(data, info, name, limits, b"sheetData")):
            result[part] = _measure(data, info, name, limits, part, None, measured)
    return result


def _measure(data: bytes, info: zipfile.ZipInfo, name: str, limits: Limits, sheet: str,
             watch: Watch | None, measured: SheetPass | None = None) -> SheetExtent:
    done = measured.measured.get(info.filename) if measured is not None else None
    if done is not None and done[0].within(limits) and (watch is None or done[1] is not None):
        if watch is not None and done[1] is not None:
            watch.keep(sheet, info.filename, done[1])
        return replace(done[0], sheet=sheet)
    extent: SheetExtent | None = None
    for measure in (_claimed_extent, _fast_extent, _exact_extent):  # cheapest first
        try:
            extent = measure(sheet, info.filename,
                             _watched(data, info, name, limits, sheet, watch))
        except ValueError as error:  # XML no sheet writer makes: not measurable by bytes
            raise InputError(DAMAGED_WORKBOOK, name, detail=str(error)[:200]) from None
        if extent is not None and (extent.exact or extent.within(limits)):
            break
    assert extent is not None  # the exact count always answers
    return extent


def _holds(data: bytes, info: zipfile.ZipInfo, name: str, limits: Limits, token: bytes) -> bool:
    """Whether a member's inflated bytes contain ``token`` (also across two chunks)."""
    carry = b""
    for chunk in member_chunks(data, info, name, limits.max_uncompressed_bytes):
        if token in carry + chunk[:len(token)] or token in chunk:
            return True
        carry = chunk[-len(token):]
    return False


class PartLookup:
    """Finds zip members as python-calamine does: backslashes read as slashes, ASCII case
    ignored, else the name exactly as written (safety refuses names that collide so)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = set(names)
        self.folded = {normalise_part(part): part for part in self.names}

    def find(self, path: str) -> str | None:
        found = self.folded.get(path.lower())
        return found if found is not None else (path if path in self.names else None)


def normalise_part(part: str) -> str:
    return part.replace("\\", "/").lower()


def _local(name: str) -> str:
    """An element or attribute name without its namespace or prefix."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def resolve_sheets(names: Iterable[str], read: Callable[[str], bytes],
                   file: str) -> list[tuple[str, str | None]]:
    """(sheet name, zip member or None) for every sheet of an .xlsx, as python-calamine reads it.

    The workbook's folder comes from the package relationships (``_rels/.rels``), elements
    and ``id`` attributes match by local name whatever their namespace or prefix, targets are
    joined to that folder as written (no ``./`` or ``//`` clean-up), and members are found
    by :class:`PartLookup`. ``read`` inflates one member (bounded by the caller).
    """
    from defusedxml import ElementTree

    lookup = PartLookup(names)

    def parse(path: str) -> Any:
        part = lookup.find(path)
        if part is None:
            return None
        try:
            return ElementTree.fromstring(read(part))
        except InputError:
            raise
        except Exception as error:  # defusedxml and expat raise several unrelated types
            raise InputError(DAMAGED_WORKBOOK, file, detail=f"{part}: {error}"[:200]) from None

    folder = "xl/"
    package = parse("_rels/.rels")
    for rel in package.iter() if package is not None else ():
        if _local(rel.tag) == "Relationship" and rel.get("Type", "").endswith(
                "/relationships/officeDocument"):
            target = rel.get("Target", "")
            folder = target[:target.rfind("/") + 1].removeprefix("/")
    workbook, rels = parse(f"{folder}workbook.xml"), parse(f"{folder}_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        return []
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter()
               if _local(rel.tag) == "Relationship" and rel.get("Id") is not None}
    found: list[tuple[str, str | None]] = []
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        ids = [value for key, value in element.attrib.items() if _local(key) == "id"]
        for rel_id in ids or [""]:
            target = targets.get(rel_id, "")
            path = target[1:] if target.startswith("/") else f"{folder}{target}"
            found.append((element.get("name", ""), lookup.find(path) if target else None))
    shared: dict[str, str] = {}
    for sheet, part in found:
        if part is not None and shared.setdefault(part, sheet) != sheet:
            raise InputError(DAMAGED_WORKBOOK, file, detail=(
                f"sheets “{shared[part]}” and “{sheet}” share the part {part}")[:200])
    return found


def _pieces(data: bytes, info: zipfile.ZipInfo, name: str, limits: Limits) -> Iterator[bytes]:
    return _aligned(member_chunks(data, info, name, limits.max_uncompressed_bytes), name)


def _watched(data: bytes, info: zipfile.ZipInfo, name: str, limits: Limits, sheet: str,
             watch: Watch | None) -> Iterator[bytes]:
    pieces = _pieces(data, info, name, limits)
    return _scanned(pieces, sheet, info.filename, watch) if watch is not None else pieces


def _scanned(pieces: Iterator[bytes], sheet: str, part: str, watch: Watch) -> Iterator[bytes]:
    """The pieces, shown to the watch; kept only once all have been seen (a measurement
    that stops early and is repeated leaves the later pass's reading)."""
    scanner = watch.start()
    for piece in pieces:
        scanner.feed(piece)
        yield piece
    watch.keep(sheet, part, scanner)


class _Aligner:
    """Re-cuts inflated chunks so that no tag is split between two pieces."""

    def __init__(self, name: str) -> None:
        self.name, self.tail = name, b""

    def cut(self, chunk: bytes) -> bytes:
        """The whole tags this chunk completes (maybe none); the rest waits for the next."""
        buffer = self.tail + chunk
        cut = buffer.rfind(b"<")
        if cut < 0:
            self.tail = b""
            return b""
        piece, self.tail = buffer[:cut], buffer[cut:]
        if len(self.tail) > CHUNK:
            if b">" not in self.tail:
                raise InputError(DAMAGED_WORKBOOK, self.name,
                                 detail="an XML tag longer than 1 MiB")
            piece, self.tail = buffer, b""
        return piece


def _aligned(chunks: Iterator[bytes], name: str) -> Iterator[bytes]:
    aligner = _Aligner(name)
    for chunk in chunks:
        if piece := aligner.cut(chunk):
            yield piece
    if aligner.tail:
        yield aligner.tail


def _claimed_extent(sheet: str, part: str, pieces: Iterator[bytes]) -> SheetExtent | None:
    """Upper bound from the sheet's own ``<dimension>``, verified against every cell.

    The dimension alone proves nothing, so each piece gets one search for a cell outside it
    or in an unusual shape (a pattern built from the claimed last cell) and one for prefixed
    cells: a few scans in C instead of collecting every reference. None when there is no
    dimension before the first cell or any cell lies outside it.
    """
    bounds = _Bounds(collect=False)
    if not all(map(bounds.feed, pieces)):
        return None
    return bounds.extent(sheet, part)


def _fast_extent(sheet: str, part: str, pieces: Iterator[bytes]) -> SheetExtent | None:
    """Upper bound from every ``<c r="…">``; None when the XML is not in the usual shape."""
    bounds = _Bounds(claim=False)
    if not all(map(bounds.feed, pieces)):
        return None
    return bounds.extent(sheet, part)


class _Bounds:
    """An upper bound of a sheet's extent, measured piece by piece.

    First the claimed ``<dimension>``, proven piece by piece (:func:`_claimed_extent`); from
    the first piece that breaks the claim on (when ``collect``), the largest of every cell
    reference (:func:`_fast_extent`), starting from the claim, which the pieces before kept
    to. ``feed`` returns False once the pieces cannot be measured so.
    """

    def __init__(self, claim: bool = True, collect: bool = True) -> None:
        self.claiming, self.collect, self.failed = claim, collect, False
        self.inside: re.Pattern[bytes] | None = None
        self.rows = self.columns = self.merged = self.area = 0

    def feed(self, piece: bytes) -> bool:
        if self.claiming and not self._claimed(piece):
            self.claiming = False
            self.failed = not self.collect
        if not self.failed and not self.claiming:
            self.failed = not self._references(piece)
        if self.failed:
            return False
        count, cells = _merges(piece)
        self.merged, self.area = self.merged + count, self.area + cells
        return True

    def _claimed(self, piece: bytes) -> bool:
        if self.inside is None:
            claimed = _DIMENSION.search(piece)
            if claimed is None:
                return False
            letters = claimed.group(3) or claimed.group(1)
            self.rows = int(claimed.group(4) or claimed.group(2))
            self.columns = _column_number(letters)
            # A cell tag without a leading r inside the claim: outside it, or unusual.
            self.inside = re.compile(b'<c(?:[>/\t\n\r]| (?!r="' + letters_at_most(letters)
                                     + number_at_most(self.rows) + b'"))')
        return not (self.inside.search(piece) or _PREFIXED_CELL.search(piece))

    def _references(self, piece: bytes) -> bool:
        refs = _FAST_REF.findall(piece)
        if len(refs) != piece.count(b"<c ") or _unusual_cells(piece):
            return False
        if refs:
            joined = b" ".join(refs)
            letters = max(set(joined.translate(None, _DIGITS).split()), key=lambda c: (len(c), c))
            self.columns = max(self.columns, _column_number(letters))
            self.rows = max(self.rows, _max_number(joined.translate(None, _LETTERS)))
        return True

    def extent(self, sheet: str, part: str) -> SheetExtent | None:
        if self.failed or (self.claiming and self.inside is None):
            return None  # never claimed: no piece at all
        return SheetExtent(sheet, part, self.rows, self.columns, self.merged, self.area,
                           exact=False)


def number_at_most(limit: int) -> bytes:
    """A regular expression (no groups) matching the decimal numbers 1..``limit`` exactly."""
    digits = str(limit)
    width = len(digits)
    choices = [f"[1-9][0-9]{{0,{width - 2}}}"] if width > 1 else []
    for position, digit in enumerate(digits):
        lowest = 1 if position == 0 else 0
        if int(digit) > lowest:
            rest = width - position - 1
            choices.append(f"{digits[:position]}[{lowest}-{int(digit) - 1}]"
                           + (f"[0-9]{{{rest}}}" if rest else ""))
    choices.append(digits)
    return f"(?:{'|'.join(choices)})".encode()


def letters_at_most(last: bytes) -> bytes:
    """A regular expression (no groups) matching the column letters A..``last`` exactly.

    Column letters count like digits without a zero: fewer letters is always a smaller column,
    and among as many letters the order is alphabetical.
    """
    text = last.decode("ascii")
    width = len(text)
    choices = [f"[A-Z]{{1,{width - 1}}}"] if width > 1 else []
    for position, letter in enumerate(text):
        if letter > "A":
            rest = width - position - 1
            choices.append(f"{text[:position]}[A-{chr(ord(letter) - 1)}]"
                           + (f"[A-Z]{{{rest}}}" if rest else ""))
    choices.append(text)
    return f"(?:{'|'.join(choices)})".encode()


def _unusual_cells(piece: bytes) -> bool:
    """Cells without attributes or with a namespace prefix: only the exact count is sure."""
    return bool(_ODD_CELL.search(piece) or _PREFIXED_CELL.search(piece))


def _exact_extent(sheet: str, part: str, pieces: Iterator[bytes]) -> SheetExtent:
    """Tokenise cells as calamine places them: explicit ``r``, else next row / next column.

    A cell counts once it holds any ``<v>`` or ``<is>``, even an empty one or one holding
    only CDATA or a comment: python-calamine keeps an empty ``t="str"`` value as a cell.
    """
    row = column = cell_row = rows = columns = merged = area = 0
    in_cell = False
    for piece in pieces:
        for match in _TAG.finditer(piece):
            closing, tag, attrs, end = match.groups()
            if not end:
                raise ValueError(f"{part}: a tag without its closing '>'")
            if attrs.count(b'"') % 2 or attrs.count(b"'") % 2:
                # A ">" inside a quoted value cut the tag short: its "r" may lie beyond.
                raise ValueError(f"{part}: '>' inside an attribute value")
            if closing:
                in_cell = in_cell and tag != b"c"
            elif tag == b"row":
                letters, digits = _ref(attrs)
                row, column = (int(digits) if digits else row + 1), 0
            elif tag == b"c":
                letters, digits = _ref(attrs)
                column = _column_number(letters) if letters else column + 1
                cell_row = int(digits) if digits else row
                in_cell = not attrs.endswith(b"/")
            elif in_cell:  # <v> or <is>, even empty: a value for python-calamine
                rows, columns = max(rows, cell_row), max(columns, column)
        count, cells = _merges(piece)
        merged, area = merged + count, area + cells
    return SheetExtent(sheet, part, rows, columns, merged, area, exact=True)


def _ods_extents(pieces: Iterator[bytes]) -> dict[str, SheetExtent]:
    """ODS rows and cells repeat (``number-rows-repeated``); only cells with content count."""
    result: dict[str, SheetExtent] = {}
    sheet, row, column, rows, columns, row_span, row_valued = "", 0, 0, 0, 0, 1, False
    for piece in pieces:
        for match in _ODS_TAG.finditer(piece):
            closing, tag, attrs, end = match.groups()
            if not end:
                raise ValueError("content.xml: a tag without its closing '>'")
            if attrs.count(b'"') % 2 or attrs.count(b"'") % 2:
                raise ValueError("content.xml: '>' inside an attribute value")
            values = {key: double or single for key, double, single in _ODS_ATTR.findall(attrs)}
            if tag == b"table":
                if closing:
                    result[sheet] = SheetExtent(sheet, "content.xml", rows, columns)
                else:
                    sheet = values.get(b"name", b"").decode("utf-8", "replace")
                    row = column = rows = columns = 0
                continue
            if tag == b"table-row" and not closing:
                row_span = _count(values.get(b"number-rows-repeated"))
                row, column, row_valued = row + 1, 0, False
            elif not closing:
                span = _count(values.get(b"number-columns-repeated"))
                if b"value-type" in attrs or not attrs.endswith(b"/"):
                    columns, row_valued = max(columns, column + span), True
                column += span
            if tag == b"table-row" and (closing or attrs.endswith(b"/")):
                rows = max(rows, row + row_span - 1) if row_valued else rows
                row += row_span - 1
    return result


def _ref(attrs: bytes) -> tuple[bytes, bytes]:
    match = _REF.search(attrs)
    return (match.group(1).upper(), match.group(2)) if match else (b"", b"")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _max_number(digits: bytes) -> int:
    """Largest of space-separated decimal numbers without leading zeros, at C speed."""
    numbers = set(digits.split())
    longest = max(map(len, numbers))
    return int(max(n for n in numbers if len(n) == longest))


def _count(value: bytes | None) -> int:
    """A repeat count as python-calamine reads it (leading zeros and all), at least 1."""
    digits = (value or b"1").strip().lstrip(b"0")[:12]
    return int(digits) if digits.isdigit() and int(digits) > 0 else 1


def _merges(piece: bytes) -> tuple[int, int]:
    """Merged ranges in a piece and the cells they cover (most pieces have none)."""
    count = cells = 0
    if b"m" not in piece or b"mergeCell" not in piece:  # memchr first: see _scan_member
        return count, cells
    for first_col, first_row, last_col, last_row in _MERGE.findall(piece):
        count += 1
        height = abs(int(last_row) - int(first_row)) + 1
        if first_col == last_col:  # most merges of a catalogue are one column wide
            cells += height
        else:
            cells += height * (abs(_column_number(last_col) - _column_number(first_col)) + 1)
    return count, cells
