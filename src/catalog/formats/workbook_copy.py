"""Editable copies of a user's workbook (for ``fix`` and ``--annotate``) that lose nothing.

openpyxl edits a workbook keeping its layout and formatting, but it writes every formula
without the result Excel saved with it: a 序号 column of ``=ROW()-3`` would then read as blank
(CAT509) and show nothing in viewers that do not recalculate. The saved results are read once
and written back beside their formulas. An ``.xls`` workbook (BIFF, which openpyxl cannot
open) is copied value by value, with its merged cells, into a new ``.xlsx``: that is the only
way to give it back edited, and its formatting does not carry over.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from catalog.core.findings import InputError, UsageError
from catalog.formats.inputs import open_input
from catalog.formats.screening import Limits, ensure_defused_xml, read_bounded
from catalog.formats.xlsx_parts import sheet_paths
from catalog.formats.xlsx_reader import _fail, screen
from catalog.rules.limits import DAMAGED_WORKBOOK

EDITABLE = (".xlsx", ".xlsm", ".xls")
CONVERTED = (".xls",)  # read into a new workbook: the copy is an .xlsx
# A formula cell as openpyxl writes it: <c r="A4" s="1"><f>ROW()-3</f><v /></c>.
_FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]+)"([^>]*)>(<f\b[^>]*/>|<f\b[^>]*>.*?</f>)(?:<v\s*/>|<v></v>)?</c>',
    re.S)


@dataclass
class EditableWorkbook:
    """An openpyxl workbook plus the formula results its cells must keep."""

    workbook: Any
    cached: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    converted: bool = False  # read from .xls: saving makes a new .xlsx

    def save(self, stream: IO[bytes]) -> None:
        """Write the workbook, with the saved formula results put back."""
        if not self.cached:
            self.workbook.save(stream)
            return
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        stream.write(_with_results(buffer.getvalue(), self.cached))


def screened_bytes(source: Path, limits: Limits | None = None) -> bytes:
    """The bytes of a workbook after the same screening as ``check`` (size, bombs, damage,
    sheet extents): refused with the same InputError."""
    limits = limits if limits is not None else Limits.default()
    with open_input(source) as stream:
        data = read_bounded(stream, str(source), limits)
    screen(data, str(source), limits)
    return data


def load_screened(data: bytes, source: Path, **options: Any) -> Any:
    """An openpyxl workbook of screened bytes; what openpyxl still rejects is an InputError."""
    from openpyxl import load_workbook


    ensure_defused_xml()
    try:
        return load_workbook(io.BytesIO(data), **options)
    except Exception as error:  # openpyxl raises many types for what screening let through
        raise InputError(DAMAGED_WORKBOOK, str(source),
                         detail=f"{type(error).__name__}: {error}"[:200]) from None


def open_workbook(path: Path) -> EditableWorkbook:
    """The workbook at ``path`` ready to edit; ``.xls`` is converted (see module doc)."""
    suffix = path.suffix.lower()
    if suffix not in EDITABLE:
        raise UsageError(f"{path}: only .xlsx, .xlsm and .xls workbooks can be edited")
    data = screened_bytes(path)
    if suffix in CONVERTED:
        return EditableWorkbook(_from_values(data, str(path)), converted=True)
    workbook = load_screened(data, path, keep_vba=suffix == ".xlsm")
    formulas = {sheet.title: list(_formula_cells(sheet)) for sheet in workbook.worksheets}
    if not any(formulas.values()):
        return EditableWorkbook(workbook)
    values = load_screened(data, path, data_only=True)
    cached: dict[str, dict[str, tuple[str, str]]] = {}
    for name, coordinates in formulas.items():
        sheet = values[name]
        for coordinate in coordinates:
            result = _result(sheet[coordinate])
            if result is not None:
                cached.setdefault(name, {})[coordinate] = result
    return EditableWorkbook(workbook, cached)


def _formula_cells(sheet: Any) -> Iterator[str]:
    cells = getattr(sheet, "_cells", None)  # openpyxl's own cell map: no empty cells created
    found = cells.values() if isinstance(cells, dict) else (c for r in sheet.iter_rows() for c in r)
    for cell in found:
        if cell.data_type == "f":
            yield cell.coordinate


def _result(cell: Any) -> tuple[str, str] | None:
    """A saved result as (cell type attribute, <v> text); None when there is none to keep."""
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, int | float):
        return "n", repr(int(value)) if float(value).is_integer() else repr(value)
    if isinstance(value, str):
        return ("e" if cell.data_type == "e" else "str"), value
    return None  # a date result: Excel recalculates it on opening


def _with_results(data: bytes, cached: dict[str, dict[str, tuple[str, str]]]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {path: cached[name] for name, path in sheet_paths(source).items() if name in cached}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            results = parts.get(info.filename)
            if results:
                content = _FORMULA_CELL.sub(functools.partial(_cell_xml, results=results),
                                            content)
            target.writestr(info, content)
    return out.getvalue()


def _cell_xml(match: re.Match[bytes], results: dict[str, tuple[str, str]]) -> bytes:
    result = results.get(match.group(1).decode())
    if result is None:
        return match.group(0)
    kind, text = result
    attributes = match.group(2) + (b"" if kind == "n" else f' t="{kind}"'.encode())
    value = escape(text).encode()
    return b'<c r="' + match.group(1) + b'"' + attributes + b">" + match.group(3) + \
        b"<v>" + value + b"</v></c>"


def _from_values(data: bytes, name: str) -> Any:
    """A new openpyxl workbook with the cell values and merges of a legacy workbook."""
    import python_calamine
    from openpyxl import Workbook


    try:
        source = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # calamine raises several unrelated types
        raise _fail(name, f"文件已损坏或不是电子表格 ({type(error).__name__})") from None
    workbook = Workbook()
    workbook.remove(workbook.active)
    for meta in source.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue  # a chart sheet has no cells to copy
        sheet = source.get_sheet_by_name(meta.name)
        target = workbook.create_sheet(meta.name[:31])
        if meta.visible != python_calamine.SheetVisibleEnum.Visible:
            target.sheet_state = "hidden"
        start = sheet.start
        if start is not None:
            for row_number, row in enumerate(sheet.iter_rows(), start=1):
                for column, value in enumerate(row, start=start[1] + 1):
                    if value != "" and value is not None:
                        cell = target.cell(row_number, column)
                        cell.value = value
                        if isinstance(value, str):
                            cell.data_type = "s"  # text stays text, even when it starts with =
        for first, last in sheet.merged_cell_ranges or []:
            target.merge_cells(start_row=first[0] + 1, start_column=first[1] + 1,
                               end_row=last[0] + 1, end_column=last[1] + 1)
    return workbook
