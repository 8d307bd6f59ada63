"""The grid a table reader sees: rows of cell strings plus merges, hidden rows and formulas.

Spreadsheet backends (python-calamine for speed, openpyxl read-only for low memory) and the
CSV reader all produce this one shape, so the table logic is written and tested once. Rows are
streamed: a backend never has to hold the sheet as Python objects.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from typing import Any, Protocol, TypeVar

# (first_row, first_col, last_row, last_col), 1-based and inclusive, as Excel shows them.
Merge = tuple[int, int, int, int]
# Consecutive rows of a sheet as two lists: their row numbers and their cells.
Chunk = tuple[list[int], list[list[str]]]
_first, _second = itemgetter(0), itemgetter(1)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula cell; ``cached`` says whether the file stores its computed value."""

    row: int
    column: int
    cached: bool


@dataclass
class SheetInfo:
    """What is known about a sheet before its rows are read."""

    name: str
    hidden: bool = False
    merges: list[Merge] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[int] = field(default_factory=list)
    formulas: list[Formula] = field(default_factory=list)
    extent: tuple[int, int] | None = None  # (rows, columns) the data claims, when known
    keeps_merges: bool = True  # False for CSV: a merged cell's value is left in its first cell
    written_by_catalog: bool = False  # the file carries catalog's own sheets (template, convert)


class SheetGrid(Protocol):
    """One sheet: its info and a stream of ``(row number, cells from column A)``.

    Row numbers are 1-based Excel rows; cell ``i`` of a row is column ``i + 1``. Empty rows
    may be skipped. Cells are strings: numbers as written (``1.0`` → ``"1"``), blank as ``""``.
    """

    info: SheetInfo

    def rows(self) -> Iterator[tuple[int, list[str]]]: ...

    def chunks(self, size: int, limit: int | None = None) -> Iterator[Chunk]:
        """The same rows, ``size`` at a time (the table reader's unit of work); with a
        ``limit``, no more than ``limit + 1`` rows are read."""
        ...


def next_chunk(rows: Iterator[T], size: int, limit: int | None, read: int) -> list[T]:
    """The next ``size`` rows once ``read`` have been, never more than ``limit + 1`` in all
    (empty when the rows or the limit are done)."""
    if limit is not None:
        size = max(0, min(size, limit + 1 - read))
    return list(islice(rows, size))


def chunked(rows: Iterator[tuple[int, list[str]]], size: int, limit: int | None
            ) -> Iterator[Chunk]:
    """:meth:`SheetGrid.chunks` from a grid's ``rows``."""
    count = 0
    while rows_read := next_chunk(rows, size, limit, count):
        count += len(rows_read)
        yield list(map(_first, rows_read)), list(map(_second, rows_read))


@dataclass
class ListGrid:
    """A grid held in memory (CSV files, tests)."""

    info: SheetInfo
    data: list[list[str]]
    first_row: int = 1

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        for offset, row in enumerate(self.data):
            yield self.first_row + offset, row

    def chunks(self, size: int, limit: int | None = None) -> Iterator[Chunk]:
        return chunked(self.rows(), size, limit)


def cell_text(value: object) -> str:
    """A cell value as the text a user sees: ``1.0`` → ``"1"``, a date → ``2024-01-31``."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


class ReportingGrid:
    """A grid that tells ``progress`` how many rows have been read, every few thousand rows.

    Used for the progress line of long runs; the wrapped grid is otherwise untouched.
    """

    STEP = 4096

    def __init__(self, grid: Any, progress: Callable[[int], None]) -> None:
        self._grid = grid
        self._progress = progress
        self.info = grid.info

    def __getattr__(self, name: str) -> Any:
        return getattr(self._grid, name)

    def rows(self) -> Iterator[Any]:
        count = 0
        for row in self._grid.rows():
            count += 1
            if count == self.STEP:
                self._progress(count)
                count = 0
            yield row
        if count:
            self._progress(count)

    def chunks(self, size: int, limit: int | None = None) -> Iterator[Chunk]:
        count = 0
        for chunk in self._grid.chunks(size, limit):
            count += len(chunk[0])
            if count >= self.STEP:
                self._progress(count)
                count = 0
            yield chunk
        if count:
            self._progress(count)


def reporting(grids: Iterator[Any], progress: Callable[[int], None] | None) -> Iterator[Any]:
    """The grids, wrapped to report rows read when a progress callback is given."""
    if progress is None:
        yield from grids
        return
    for grid in grids:
        yield ReportingGrid(grid, progress)
