"""Build test workbooks from small readable text descriptions.

A description is lines of cells separated by ``|``; directives in square brackets::

    [sheet 社会救助 hidden]       start a sheet (``hidden`` hides it)
    [merge A1:K1 A2:A3]           merged ranges of the current sheet
    [hidden-rows 5 6]             hidden rows; [hidden-cols C] hidden columns
    [at 3 B]                      the next row is row 3, starting in column B
    a \\ at the end of a line     continues the row on the next line
    ~                             an empty row
    # comment                     ignored (a hash and a space)

Cells are stripped; ``\\n`` is a line break and ``\\s`` a space kept at an edge. ``#12`` and
``#1.0`` are numbers, ``=A1+1`` a formula saved without a value (as programs save them) and
``=A1+1=>5`` a formula saved with the value 5 (as Excel saves them).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter


@dataclass
class Sheet:
    name: str
    hidden: bool = False
    rows: dict[int, tuple[int, list[str]]] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    hidden_cols: list[str] = field(default_factory=list)


def _unescape(text: str) -> str:
    return text.strip().replace("\\n", "\n").replace("\\s", " ").replace("\\t", "\t")


def parse(description: str) -> list[Sheet]:
    sheets: list[Sheet] = []
    row, column = 1, 1
    for raw in description.replace("\\\n", " ").splitlines():
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        directive = re.fullmatch(r"\[(\S+)\s*(.*)\]", line)
        if directive:
            word, rest = directive.group(1), directive.group(2).split()
            if word != "sheet" and not sheets:
                sheets.append(Sheet("Sheet1"))
            if word == "sheet":
                hidden = "hidden" in rest[1:]
                sheets.append(Sheet(rest[0], hidden))
                row, column = 1, 1
            elif word == "merge":
                sheets[-1].merges.extend(rest)
            elif word == "hidden-rows":
                sheets[-1].hidden_rows.extend(int(r) for r in rest)
            elif word == "hidden-cols":
                sheets[-1].hidden_cols.extend(rest)
            elif word == "at":
                row = int(rest[0])
                column = column_index_from_string(rest[1]) if len(rest) > 1 else 1
            else:
                raise ValueError(f"unknown directive {line}")
            continue
        if not sheets:
            sheets.append(Sheet("Sheet1"))
        if line != "~":
            sheets[-1].rows[row] = (column, [_unescape(cell) for cell in line.split("|")])
        row += 1
    return sheets


def _value(text: str) -> Any:
    if re.fullmatch(r"#-?\d+", text):
        return int(text[1:])
    if re.fullmatch(r"#-?\d+\.\d+", text):
        return float(text[1:])
    if text.startswith("="):
        return text.split("=>", 1)[0]
    return text if text else None


def _cached_values(sheets: list[Sheet]) -> dict[str, dict[str, str]]:
    cached: dict[str, dict[str, str]] = {}
    for sheet in sheets:
        for row, (column, cells) in sheet.rows.items():
            for offset, text in enumerate(cells):
                if text.startswith("=") and "=>" in text:
                    ref = f"{get_column_letter(column + offset)}{row}"
                    cached.setdefault(sheet.name, {})[ref] = text.split("=>", 1)[1]
    return cached


def _add_cached(data: bytes, cached: dict[int, dict[str, str]]) -> bytes:
    """openpyxl never stores formula results: write them in as Excel would."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if match and int(match.group(1)) in cached:
                for ref, value in cached[int(match.group(1))].items():
                    content = re.sub(
                        rf'(<c r="{ref}"[^>]*>)(<f>.*?</f>)<v\s*/>'.encode(),
                        lambda m, v=value: m.group(1) + m.group(2) + f"<v>{v}</v>".encode(),
                        content)
            target.writestr(info, content)
    return out.getvalue()


def build(description: str) -> bytes:
    """The .xlsx bytes of a description."""
    sheets = parse(description)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.name)
        for row, (column, cells) in sheet.rows.items():
            for offset, text in enumerate(cells):
                value = _value(text)
                if value is not None:
                    ws.cell(row=row, column=column + offset, value=value)
        for ref in sheet.merges:
            ws.merge_cells(ref)
        for row in sheet.hidden_rows:
            ws.row_dimensions[row].hidden = True
        for letter in sheet.hidden_cols:
            ws.column_dimensions[letter].hidden = True
        if sheet.hidden:
            ws.sheet_state = "hidden"
    stream = io.BytesIO()
    workbook.save(stream)
    cached = _cached_values(sheets)
    by_index = {index + 1: cached[sheet.name] for index, sheet in enumerate(sheets)
                if sheet.name in cached}
    return _add_cached(stream.getvalue(), by_index) if by_index else stream.getvalue()


def to_csv(description: str, delimiter: str = ",") -> str:
    """The first sheet of a description as CSV text (merges flattened to blanks)."""
    sheet = parse(description)[0]
    lines = []
    for row in range(1, max(sheet.rows, default=0) + 1):
        column, cells = sheet.rows.get(row, (1, []))
        values = [""] * (column - 1) + cells
        lines.append(delimiter.join(_quote(value, delimiter) for value in values))
    return "\n".join(lines) + "\n"


def _quote(value: str, delimiter: str) -> str:
    if value.startswith("#") and re.fullmatch(r"#-?\d+(\.\d+)?", value):
        value = value[1:]
    if any(char in value for char in (delimiter, '"', "\n")):
        return '"' + value.replace('"', '""') + '"'
    return value
