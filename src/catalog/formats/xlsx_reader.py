"""Reading catalogue workbooks (.xlsx, .xlsm, .xls, .ods) into catalogues.

python-calamine reads the cells (fast, and it reads .xls and .ods too); for .xlsx a light
streaming look at the sheet XML adds hidden rows and columns and formula cells. Above a size
threshold, or with ``streaming=True``, rows come from openpyxl's read-only mode instead, which
holds one row at a time. Both backends feed the same grid protocol, so they read alike.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from itertools import repeat
from operator import itemgetter, setitem
from typing import IO, Any

from catalog.core.findings import InputError, column_letter
from catalog.core.heap import gc_paused, release_freed_memory
from catalog.formats import screening as safety
from catalog.formats import sheet_extent, sheet_metadata
from catalog.formats.grid import (
    Chunk,
    SheetGrid,
    SheetInfo,
    cell_text,
    chunked,
    next_chunk,
    reporting,
)
from catalog.formats.loaded import Loaded
from catalog.formats.options import DEFAULT_READ, ResolvedReadOptions
from catalog.formats.screening import Container, Limits, ensure_defused_xml
from catalog.formats.sheet_extent import SheetPass, Watch
from catalog.formats.sheets import read_grids
from catalog.formats.xls_extent import check_xls_extent
from catalog.formats.xlsx_parts import (
    PartsWatcher,
    SheetParts,
    ods_parts,
    scan_sheet,
    sheet_paths,
)
from catalog.rules import layout
from catalog.rules.limits import CELL_TOO_LONG

# Worksheet XML beyond this (uncompressed) is read with the low-memory streaming backend.
STREAMING_THRESHOLD = 256 * 1024 * 1024


def _fail(name: str, reason: str) -> InputError:
    return InputError(layout.UNREADABLE_SPREADSHEET, name, detail=reason)


def screen(data: bytes, name: str, limits: Limits | None = None, *, watch: Watch | None = None,
           container: Container | None = None, measured: SheetPass | None = None) -> str:
    """The safety checks every command runs on a workbook's bytes before any parser: size,
    zip bombs and package damage, DTDs, sheet extents. Returns the kind ("xlsx", "xls",
    "ods"); raises the same InputError ``check`` reports. ``container`` is the result of
    :func:`catalog.formats.screening.inspect_container` when the caller already has it, and
    ``measured`` the :class:`~catalog.formats.sheet_extent.SheetPass` that was its tap."""
    limits = limits if limits is not None else Limits.default()
    if container is None:
        container = safety.inspect_container(data, name, limits)
    if container.kind in ("xlsx", "ods"):
        sheet_extent.check_sheet_extent(data, name, limits, watch=watch, container=container,
                                        measured=measured)
    else:
        check_xls_extent(data, name, limits)
    return container.kind


def _open(stream: IO[bytes], name: str, limits: Limits, streaming: bool | None
          ) -> tuple[bytes, str, bool, dict[str, SheetParts] | None]:
    """The file's bytes and kind after the safety checks (size, zip bombs, sheet extents),
    whether to stream it, and what its sheet XML says.

    Each worksheet is inflated once, by the container check's bounded reader: its tap
    measures the sheet and scans it for the reader in that pass (a
    :class:`~catalog.formats.sheet_extent.SheetPass`); nothing is judged, and no parser
    runs, before the container check is done.
    """
    data = safety.read_bounded(stream, name, limits)
    auto = streaming is None
    if streaming is None:  # the scan reads merges for the streaming backend: decide first
        streaming = _sheet_bytes(data, name, limits) > STREAMING_THRESHOLD
    # The watcher scans every worksheet the pass shows it; the extent check, resolving the
    # sheets as the reader does, keeps what it read under each listed sheet's name.
    watcher = PartsWatcher(None, streaming)
    measured = SheetPass(name, watcher)
    container = safety.inspect_container(data, name, limits, tap=measured.tap)
    kind = container.kind
    streaming = streaming and (kind == "xlsx" or not auto)
    screen(data, name, limits, watch=watcher if kind == "xlsx" else None, container=container,
           measured=measured)
    return data, kind, streaming, (watcher.found if kind == "xlsx" else None)


def _sheet_bytes(data: bytes, name: str, limits: Limits) -> int:
    """Declared size of the worksheets, from the zip's directory as the container check
    judges it (which refuses the file, in its own order, when this cannot tell)."""
    if not data.startswith(safety.ZIP_MAGIC) or len(data) > limits.max_file_bytes:
        return 0
    try:
        infos = safety.zip_directory(data, name, limits)
    except InputError:
        return 0
    return sum(info.file_size for info in infos if info.filename.startswith("xl/worksheets/"))


# --------------------------------------------------------------------------- backends


def _too_long(name: str, info: SheetInfo, row: int, cells: list[str], limit: int
              ) -> InputError:
    """CAT618 for the longest cell of a row. The backends test a row's joined text first (one
    copy in C, 2.5 times cheaper than measuring each cell): no cell is longer than the row."""
    chars = max(map(len, cells))
    column = next(index for index, cell in enumerate(cells, start=1) if len(cell) == chars)
    return InputError(CELL_TOO_LONG, name, chars=chars, limit=limit,
                      cell=f"{info.name}!{column_letter(column)}{row}")


class CalamineGrid:
    """Rows of one sheet from python-calamine; a cell over ``max_chars`` refuses the file."""

    def __init__(self, sheet: Any, info: SheetInfo, name: str = "",
                 max_chars: int = 32_767) -> None:
        self.sheet, self.info, self.name, self.max_chars = sheet, info, name, max_chars

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        for numbers, cells in self.chunks(512):
            yield from zip(numbers, cells, strict=True)

    def chunks(self, size: int, limit: int | None = None) -> Iterator[Chunk]:
        """Rows a chunk at a time, each step a pass in C over the chunk where it can be."""
        start = self.sheet.start
        if start is None:
            return
        pad = [""] * start[1]
        hot: list[int] = []  # columns that have held a number or a date (序号): checked first
        rows, number = self.sheet.iter_rows(), 1
        join, longest_allowed = "".join, self.max_chars
        while chunk := next_chunk(rows, size, limit, number - 1):
            for column in hot:
                _numbers_as_text(chunk, column)
            try:  # joining tells in C whether every cell is text, and each row's length
                longest = max(map(len, map(join, chunk)))
            except TypeError:
                others = {column for row in chunk for column in _not_text(row)}
                for row in chunk:
                    for column in _not_text(row):
                        row[column] = cell_text(row[column])
                hot = sorted({*hot, *others})
                longest = max(map(len, map(join, chunk)))
            if longest > longest_allowed:  # see _too_long
                for offset, row in enumerate(chunk):
                    if max(map(len, row)) > longest_allowed:
                        raise _too_long(self.name, self.info, number + offset, pad + row,
                                        longest_allowed)
            numbers = list(range(number, number + len(chunk)))
            number += len(chunk)
            yield numbers, ([pad + row for row in chunk] if pad else chunk)


def _not_text(row: list[Any]) -> list[int]:
    return [column for column, value in enumerate(row) if type(value) is not str]


def _numbers_as_text(chunk: list[list[Any]], column: int) -> None:
    """A column's numbers as text (cell_text's first case, 序号), in C when the whole chunk
    holds whole numbers there."""
    try:
        values = list(map(itemgetter(column), chunk))
        if all(map(float.is_integer, values)) and min(values) > -1e15 and max(values) < 1e15:
            list(map(setitem, chunk, repeat(column), map(str, map(int, values))))
            return
    except (TypeError, IndexError):  # not all floats, or a short row
        pass
    for row in chunk:
        if column < len(row) and type(row[column]) is not str:
            row[column] = cell_text(row[column])


class OpenpyxlGrid:
    """Rows of one sheet from openpyxl's read-only mode: one row in memory at a time."""

    def __init__(self, sheet: Any, info: SheetInfo, name: str = "",
                 max_chars: int = 32_767) -> None:
        self.sheet, self.info, self.name, self.max_chars = sheet, info, name, max_chars

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        self.sheet.reset_dimensions()
        join, limit = "".join, self.max_chars
        for index, row in enumerate(self.sheet.iter_rows(values_only=True)):
            cells = [cell_text(value) for value in row]
            if len(join(cells)) > limit and max(map(len, cells)) > limit:  # see _too_long
                raise _too_long(self.name, self.info, index + 1, cells, limit)
            yield index + 1, cells

    def chunks(self, size: int, limit: int | None = None) -> Iterator[Chunk]:
        return chunked(self.rows(), size, limit)


def _parts(data: bytes, kind: str, merges: bool) -> dict[str, SheetParts]:
    if kind not in ("xlsx", "ods"):
        return {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if kind == "ods":  # calamine gives no merges or hidden rows for .ods
                with archive.open("content.xml") as content:
                    return ods_parts(content)
            found: dict[str, SheetParts] = {}
            for sheet, path in sheet_paths(archive, "").items():
                if path in archive.namelist():
                    with archive.open(path) as part:
                        found[sheet] = scan_sheet(part, merges)
            return found
    except (zipfile.BadZipFile, KeyError, OSError, SyntaxError, ValueError):
        return {}  # calamine reports what is wrong with the file


def _reraise_interrupts(error: BaseException) -> None:
    """Let Ctrl-C and exits through; anything else from calamine is the file's fault.

    A Rust panic in python-calamine surfaces as pyo3's PanicException, which derives from
    BaseException and cannot be imported by name, so it is caught here with the rest.
    """
    if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit | MemoryError):
        raise error


def _calamine_grids(data: bytes, name: str, parts: dict[str, SheetParts], max_chars: int
                    ) -> Iterator[SheetGrid]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise _fail(name, "文件有密码保护 (the file is password-protected)") from None
    except BaseException as error:  # several unrelated types, and Rust panics
        _reraise_interrupts(error)
        raise _fail(name, f"文件已损坏或不是电子表格 ({type(error).__name__}: {error})"[:300]
                    ) from None
    ours = not sheet_metadata.RESERVED_SHEETS.isdisjoint(workbook.sheet_names)
    for meta in workbook.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
        except BaseException as error:
            _reraise_interrupts(error)
            raise _fail(name, f"工作表“{meta.name}”无法读取 ({error})"[:300]) from None
        found = parts.get(meta.name, SheetParts())
        merges = [(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1)
                  for a, b in (sheet.merged_cell_ranges or [])] or found.merges
        end = sheet.end
        yield CalamineGrid(sheet, name=name, max_chars=max_chars, info=SheetInfo(
            name=meta.name,
            hidden=meta.visible != python_calamine.SheetVisibleEnum.Visible,
            merges=merges,
            hidden_rows=found.hidden_rows, hidden_columns=found.hidden_columns,
            formulas=found.formulas, extent=(end[0] + 1, end[1] + 1) if end else None,
            written_by_catalog=ours))


def _openpyxl_grids(data: bytes, name: str, parts: dict[str, SheetParts], max_chars: int
                    ) -> Iterator[SheetGrid]:
    import openpyxl


    ensure_defused_xml()
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for broken files
        raise _fail(name, f"文件已损坏或不是 .xlsx ({type(error).__name__})") from None
    ours = not sheet_metadata.RESERVED_SHEETS.isdisjoint(workbook.sheetnames)
    try:
        for sheet in workbook.worksheets:
            found = parts.get(sheet.title, SheetParts())
            yield OpenpyxlGrid(sheet, name=name, max_chars=max_chars, info=SheetInfo(
                name=sheet.title, hidden=sheet.sheet_state != "visible", merges=found.merges,
                hidden_rows=found.hidden_rows, hidden_columns=found.hidden_columns,
                formulas=found.formulas, written_by_catalog=ours))
    finally:
        workbook.close()


# --------------------------------------------------------------------------- findings












def _raw_rows(data: bytes, name: str, streaming: bool, max_chars: int
              ) -> sheet_metadata.SheetRows:
    """A second look at some rows of one sheet, as the same backend reads them."""
    def sheet_rows(sheet: str, wanted: set[int]) -> dict[int, list[str]]:
        grids = (_openpyxl_grids if streaming else _calamine_grids)(data, name, {}, max_chars)
        last = max(wanted)
        for grid in grids:
            if grid.info.name == sheet:
                found = {}
                for number, cells in grid.rows():
                    if number in wanted:
                        found[number] = cells
                    if number >= last:
                        break
                return found
        return {}
    return sheet_rows


def read(stream: IO[bytes], *, name: str, options: ResolvedReadOptions = DEFAULT_READ
         ) -> Loaded:
    """Read a workbook; one catalogue per recognised table (sheet, or stacked table)."""
    limits = options.limits
    with gc_paused():
        data, kind, streaming, parts = _open(stream, name, limits, options.streaming)
        if parts is None:
            parts = _parts(data, kind, merges=streaming)
        grids = (_openpyxl_grids if streaming and kind == "xlsx" else _calamine_grids)(
            data, name, parts, limits.max_cell_chars)
        grids = reporting(grids, options.progress)
        loaded = read_grids(grids, name=name, issuer=options.issuer, level=options.level,
                            max_rows=limits.max_rows,
                            sheet_rows=_raw_rows(data, name, streaming and kind == "xlsx",
                                                 limits.max_cell_chars))
    del grids, data
    release_freed_memory()  # the engine's grid is gone: let the rules reuse that memory
    loaded.info["backend"] = "openpyxl-read-only" if streaming and kind == "xlsx" else "calamine"
    loaded.info["kind"] = kind
    return loaded
