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
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.worksheet.merge import MergedCellRange


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


def _merge(ws: Any, refs: list[str]) -> None:
    """``ws.merge_cells`` for each range, without its quadratic check where ranges are disjoint.

    openpyxl skips a range contained in an earlier one by comparing it with every range so
    far (3,000 merges: 4.5 million comparisons, 2 s). A range that shares no cell with an
    earlier one cannot be contained in it, so it is added directly; others go the slow way.
    """
    covered: set[tuple[int, int]] = set()
    for ref in refs:
        merged = MergedCellRange(ws, ref)
        cells = set(merged.cells)
        if cells & covered:
            ws.merge_cells(ref)
        else:
            ws.merged_cells.ranges.add(merged)
            ws._clean_merge_range(merged)
        covered |= cells


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
        _merge(ws, sheet.merges)
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


# --------------------------------------------------------------------------- legacy formats
# The same descriptions as OpenDocument (.ods, written by hand: it is a zip of XML) and as
# BIFF8 .xls (written with xlwt), so one fixture proves every format reads alike. Formulas
# are not supported here: the descriptions used for these formats have none.

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
_ODS_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" \
manifest:media-type="{ODS_MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_ODS_STYLES = """<office:automatic-styles>
<style:style style:name="shown" style:family="table">\
<style:table-properties table:display="true"/></style:style>
<style:style style:name="hidden" style:family="table">\
<style:table-properties table:display="false"/></style:style>
</office:automatic-styles>"""


@dataclass(frozen=True)
class _Layout:
    """A sheet's cells by (row, column), 1-based, with its merges resolved to spans."""

    cells: dict[tuple[int, int], Any]
    spans: dict[tuple[int, int], tuple[int, int]]  # anchor -> (rows, columns)
    covered: frozenset[tuple[int, int]]


def _layout(sheet: Sheet) -> _Layout:
    cells: dict[tuple[int, int], Any] = {}
    for row, (column, texts) in sheet.rows.items():
        for offset, text in enumerate(texts):
            if text.startswith("="):
                raise ValueError(f"formulas are not supported in .ods/.xls: {text}")
            value = _value(text)
            if value is not None:
                cells[row, column + offset] = value
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for ref in sheet.merges:
        first_col, first_row, last_col, last_row = range_boundaries(ref)
        spans[first_row, first_col] = (last_row - first_row + 1, last_col - first_col + 1)
        covered.update((r, c) for r in range(first_row, last_row + 1)
                       for c in range(first_col, last_col + 1) if (r, c) != (first_row, first_col))
    for place in covered:  # a merge keeps only its first cell's value, as Excel does
        cells.pop(place, None)
    return _Layout(cells, spans, frozenset(covered))


def _ods_paragraph(line: str) -> str:
    """One line of cell text as ``text:p`` content: ODF collapses white space, so runs of
    spaces, edge spaces and tabs are written as ``text:s`` / ``text:tab`` elements."""
    parts = []
    for piece in re.split(r"( +|\t)", line):
        if piece == "\t":
            parts.append("<text:tab/>")
        elif piece.startswith(" "):
            literal = " " if parts and not parts[-1].startswith("<") else ""
            rest = len(piece) - len(literal)
            extra = (f'<text:s text:c="{rest}"/>' if rest > 1 else "<text:s/>") if rest else ""
            parts.append(literal + extra)
        elif piece:
            parts.append(escape(piece))
    return "".join(parts)


def _ods_cell(value: Any, span: tuple[int, int] | None) -> str:
    attrs = ""
    if span is not None:
        attrs = (f' table:number-rows-spanned="{span[0]}"'
                 f' table:number-columns-spanned="{span[1]}"')
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, int | float):
        return (f'<table:table-cell{attrs} office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    paragraphs = "".join(f"<text:p>{_ods_paragraph(line)}</text:p>" for line in value.split("\n"))
    return f'<table:table-cell{attrs} office:value-type="string">{paragraphs}</table:table-cell>'


def _ods_table(sheet: Sheet) -> str:
    layout = _layout(sheet)
    places = set(layout.cells) | layout.covered | set(layout.spans)
    last_row = max((row for row, _ in places), default=0)
    width = max((column for _, column in places), default=1)
    hidden_cols = {column_index_from_string(letter) for letter in sheet.hidden_cols}
    columns = "".join(
        '<table:table-column table:visibility="collapse"/>' if column in hidden_cols
        else "<table:table-column/>" for column in range(1, width + 1))
    rows = []
    for row in range(1, last_row + 1):
        end = max((c for r, c in places if r == row), default=0)
        cells = "".join(
            "<table:covered-table-cell/>" if (row, column) in layout.covered
            else _ods_cell(layout.cells.get((row, column)), layout.spans.get((row, column)))
            for column in range(1, end + 1)) or "<table:table-cell/>"
        visibility = ' table:visibility="collapse"' if row in sheet.hidden_rows else ""
        rows.append(f"<table:table-row{visibility}>{cells}</table:table-row>")
    style = "hidden" if sheet.hidden else "shown"
    return (f'<table:table table:name="{escape(sheet.name, {chr(34): "&quot;"})}" '
            f'table:style-name="{style}">{columns}{"".join(rows)}</table:table>')


def build_ods(description: str) -> bytes:
    """The .ods bytes of a description: ``mimetype`` first and stored, then the XML parts."""
    tables = "".join(_ods_table(sheet) for sheet in parse(description))
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
               f'{_ODS_NAMESPACES} office:version="1.2">{_ODS_STYLES}'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def build_xls(description: str) -> bytes:
    """The BIFF8 .xls bytes of a description, written with xlwt (a test-only dependency)."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    for sheet in parse(description):
        layout = _layout(sheet)
        ws = workbook.add_sheet(sheet.name)
        for (row, column), value in layout.cells.items():
            if (row, column) not in layout.spans:
                ws.write(row - 1, column - 1, value)
        for (row, column), (height, width) in layout.spans.items():
            ws.write_merge(row - 1, row + height - 2, column - 1, column + width - 2,
                           layout.cells.get((row, column), ""))
        for row in sheet.hidden_rows:
            ws.row(row - 1).hidden = True
        for letter in sheet.hidden_cols:
            ws.col(column_index_from_string(letter) - 1).hidden = True
        if sheet.hidden:
            ws.visibility = 1
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
