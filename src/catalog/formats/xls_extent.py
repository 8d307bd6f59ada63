"""Each sheet's extent in a legacy .xls, measured on its BIFF records before a reader runs.

python-calamine reserves room for the rectangle a sheet's DIMENSIONS record claims (rows are
32-bit there) and then allocates the rectangle from A1 to the farthest cell record; either can
ask for hundreds of gigabytes and abort the process. So the Workbook stream is reassembled from
the compound file, and every record run the reader could parse (the stream from its start, and
from each sheet offset the BOUNDSHEET records give) is walked: the DIMENSIONS claims and the
farthest cell of each sheet are judged against the same limits as .xlsx sheets.
"""

from __future__ import annotations

import struct

from catalog.core.findings import InputError
from catalog.formats.screening import Limits
from catalog.formats.sheet_extent import SheetExtent
from catalog.rules.limits import DAMAGED_XLS

_END = 0xFFFFFFFA  # sector numbers from here up mark the end of a chain, free or special
_BOF, _EOF, _BOUNDSHEET, _DIMENSIONS, _MULRK = 0x0809, 0x000A, 0x0085, 0x0200, 0x00BD
# Records holding one cell: row and column are the first two 16-bit fields.
_CELLS = frozenset({0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006, 0x0207})


class _Compound:
    """Just enough of an OLE compound file to reassemble one stream, loops refused."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise ValueError(f"bad sector shift {shift}")
        self.size: int = 1 << int(shift)
        self.directory, = struct.unpack_from("<I", data, 48)
        self.mini_cutoff, self.mini_fat_start = struct.unpack_from("<II", data, 56)
        difat_start, difat_count = struct.unpack_from("<II", data, 68)
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < _END]
        per_sector = self.size // 4
        sector, seen = difat_start, set[int]()
        while sector < _END and len(seen) <= difat_count:
            if sector in seen:
                raise ValueError("DIFAT loop")
            seen.add(sector)
            entries = struct.unpack_from(f"<{per_sector}I", data, self._offset(sector))
            fat_sectors += [s for s in entries[:-1] if s < _END]
            sector = entries[-1]
        self.fat: list[int] = []
        for sector in fat_sectors:
            self.fat.extend(struct.unpack_from(f"<{per_sector}I", data, self._offset(sector)))

    def _offset(self, sector: int) -> int:
        offset = (sector + 1) * self.size
        if offset + self.size > len(self.data):
            raise ValueError(f"sector {sector} beyond the end of the file")
        return offset

    def _chain(self, start: int, table: list[int]) -> list[int]:
        chain, seen, sector = [], set(), start
        while sector < _END:
            if sector in seen or sector >= len(table):
                raise ValueError("broken sector chain")
            seen.add(sector)
            chain.append(sector)
            sector = table[sector]
        return chain

    def _read(self, start: int, size: int) -> bytes:
        pieces = [self.data[self._offset(s):self._offset(s) + self.size]
                  for s in self._chain(start, self.fat)]
        return b"".join(pieces)[:size]

    def entries(self) -> dict[str, tuple[int, int]]:
        """Stream name → (start sector, size); "Root Entry" holds the mini stream."""
        found: dict[str, tuple[int, int]] = {}
        for sector in self._chain(self.directory, self.fat):
            base = self._offset(sector)
            for entry in range(base, base + self.size, 128):
                length = min(struct.unpack_from("<H", self.data, entry + 64)[0], 64)
                if length >= 2 and self.data[entry + 66] in (1, 2, 5):
                    label = self.data[entry:entry + length - 2].decode("utf-16-le", "replace")
                    start, size = struct.unpack_from("<II", self.data, entry + 116)
                    found.setdefault(label, (start, size))
        return found

    def stream(self, name: str) -> bytes:
        entries = self.entries()
        start, size = entries[name]
        if size >= self.mini_cutoff:
            return self._read(start, size)
        root_start, root_size = entries["Root Entry"]
        container = self._read(root_start, root_size)
        mini_fat = struct.unpack(f"<{len(raw) // 4}I", raw) if (
            raw := self._read(self.mini_fat_start, 1 << 30)) else ()
        return b"".join(container[s * 64:s * 64 + 64]
                        for s in self._chain(start, list(mini_fat)))[:size]


def workbook_stream(data: bytes, name: str) -> bytes:
    """The BIFF ``Workbook`` (or BIFF5 ``Book``) stream of an .xls; CAT609 when unreadable."""
    try:
        compound = _Compound(data)
        entries = compound.entries()
        stream = next(label for label in ("Workbook", "Book") if label in entries)
        return compound.stream(stream)
    except (ValueError, struct.error, IndexError, StopIteration, KeyError) as error:
        raise InputError(DAMAGED_XLS, name, detail=f"{type(error).__name__}: {error}"[:200]
                         ) from None


def _walk(stream: bytes, start: int) -> list[tuple[int, int, int, int]]:
    """For each substream in the records from ``start``: (rows, columns) of its farthest
    cell and of its largest DIMENSIONS claim. From a sheet's offset the walk ends at that
    substream's EOF; from 0 it goes through the whole stream."""
    found: list[list[int]] = [[0, 0, 0, 0]]
    depth, position = 0, start
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4:position + 4 + length]
        position += 4 + length
        current = found[-1]
        if kind == _BOF:
            depth += 1
            if depth == 1 and any(current):
                found.append([0, 0, 0, 0])
        elif kind == _EOF:
            depth -= 1
            if depth <= 0 and start:
                break
        elif kind in _CELLS and len(body) >= 4:
            row, column = struct.unpack_from("<HH", body)
            current[0], current[1] = max(current[0], row + 1), max(current[1], column + 1)
        elif kind == _MULRK and len(body) >= 6:
            row, = struct.unpack_from("<H", body)
            last, = struct.unpack_from("<H", body, len(body) - 2)
            current[0], current[1] = max(current[0], row + 1), max(current[1], last + 1)
        elif kind == _DIMENSIONS and len(body) in (10, 14):
            rows, columns = _claim(body)
            if rows * columns > current[2] * current[3]:
                current[2], current[3] = rows, columns
    return [(rows, columns, claimed_rows, claimed_columns)
            for rows, columns, claimed_rows, claimed_columns in found]


def _claim(body: bytes) -> tuple[int, int]:
    """Rows and columns python-calamine reserves for a DIMENSIONS record (same fields)."""
    if len(body) == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
    else:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", body)
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    if last_row < 1 or last_col < 1:
        return 1, 1
    return int(max(1, last_row - first_row)), int(max(1, last_col - first_col))


def _sheets(stream: bytes) -> list[tuple[str, int]]:
    """(name, stream offset) of every BOUNDSHEET record in the globals substream."""
    found, position = [], 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4:position + 4 + length]
        position += 4 + length
        if kind == _EOF:
            break
        if kind == _BOUNDSHEET and len(body) >= 8:
            offset, = struct.unpack_from("<I", body)
            count, wide = body[6], body[7] & 1
            raw = body[8:8 + count * (2 if wide else 1)]
            label = raw.decode("utf-16-le" if wide else "latin-1", "replace")
            found.append((label, offset))
    return found


def check_xls_extent(data: bytes, name: str, limits: Limits) -> dict[str, SheetExtent]:
    """Measure every sheet of an .xls and raise CAT614/615/616 for the first over a limit.

    A DIMENSIONS record claiming more than the limits is refused the same way: the reader
    reserves that room before it reads a single cell.
    """
    stream = workbook_stream(data, name)
    starts = [(label, offset) for label, offset in _sheets(stream) if offset < len(stream)]
    extents: dict[str, SheetExtent] = {}
    runs = [(label, offset, found) for label, offset in starts
            for found in _walk(stream, offset)[:1]]
    runs += [("", 0, found) for found in _walk(stream, 0)]  # every record, wherever it is
    for label, offset, (rows, columns, claimed_rows, claimed_columns) in runs:
        key = label if label not in extents else f"{label}@{offset}"
        extents[key] = extent = SheetExtent(label, "Workbook", rows, columns)
        claim = SheetExtent(label, "Workbook", claimed_rows, claimed_columns)
        for judged in (extent, claim):  # the claim is reserved for before any cell is read
            problem = judged.problem(limits)
            if problem is not None:
                rule, params = problem
                raise InputError(rule, name, **params)
    return extents
