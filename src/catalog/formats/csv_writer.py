"""Writing a catalogue as CSV: UTF-8 with BOM (so Excel opens it correctly), official columns.

Cells that a spreadsheet would run as formulas are escaped with a quote
(:mod:`catalog.formats.csv_cells`, OWASP's CSV-injection guidance); the reader removes it.

CSV has no hidden sheet: the metadata records follow the table after a ``#catalog-metadata``
row (see :func:`catalog.formats.sheet_metadata.split_csv`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO, TYPE_CHECKING

from catalog.core.findings import InputError, UsageError
from catalog.formats import sheet_metadata, xlsx_writer
from catalog.formats.csv_cells import FORMULA_STARTS, escape_cell, unescape_cell
from catalog.rules.layout import UNWRITABLE_CONTROL

if TYPE_CHECKING:
    from catalog.standard.model import Catalogue, Document

# The escaping lives in csv_cells (the reader needs it without the writer); named here too.
__all__ = ["FORMULA_STARTS", "dumps", "encode", "escape_cell", "header_rows", "table_rows",
           "unescape_cell", "write"]



def header_rows(columns: tuple[xlsx_writer.Column, ...] = xlsx_writer.COLUMNS
                ) -> list[list[str]]:
    """The two header rows, flat: merged headers written once, in their first column."""
    top: list[str] = []
    sub: list[str] = []
    for index, (_, title, subtitle, _) in enumerate(columns):
        repeated = index > 0 and columns[index - 1][1] == title
        top.append("" if repeated and subtitle is not None else title)
        sub.append(subtitle or "")
    return [top, sub]


def table_rows(catalogue: Catalogue) -> list[list[str]]:
    """Title, header and item rows, followed by the metadata section."""
    columns = xlsx_writer.catalogue_columns(catalogue)  # 村级/市级 columns when used
    rows: list[list[str]] = [[xlsx_writer.catalogue_title(catalogue)], *header_rows(columns)]
    first = len(rows) + 1
    rows.extend(xlsx_writer.render_item(item, columns) for item in catalogue.items)
    item_rows = list(range(first, first + len(catalogue.items)))
    rows.append([])
    rows.append([sheet_metadata.CSV_MARKER, *sheet_metadata.HEADER])
    rows.extend(sheet_metadata.rows_for("", catalogue, item_rows))
    return rows


def dumps(document: Document, name: str = "<csv>") -> str:
    """The CSV text (without BOM) of a one-catalogue document."""
    if len(document.catalogues) != 1:
        raise UsageError(
            f"{name}: CSV holds exactly one catalogue, this document has "
            f"{len(document.catalogues)}; write .xlsx or .json instead",
            zh=f"{name}：CSV 文件只能保存一个目录，此文件有 {len(document.catalogues)} 个；"
            "请改为输出 .xlsx 或 .json",
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in table_rows(document.catalogues[0]):
        text = [escape_cell(cell) for cell in row]
        if any(ch in cell for cell in text for ch in ("\x00",)):
            raise InputError(UNWRITABLE_CONTROL, name, reason="control", char="U+0000",
                             cell=name, count=1)
        writer.writerow(text)
    return buffer.getvalue()


def encode(document: Document, name: str = "<csv>") -> bytes:
    """The file's bytes: UTF-8 with BOM; text UTF-8 cannot hold (lone surrogates) is refused."""
    text = dumps(document, name)
    try:
        return text.encode("utf-8-sig")
    except UnicodeEncodeError as error:
        char = f"U+{ord(text[error.start]):04X}"
        raise InputError(UNWRITABLE_CONTROL, name, reason="control", char=char, cell=name,
                         count=1) from None


def write(document: Document, path: str | Path) -> None:
    """Write ``document`` as UTF-8-with-BOM CSV, atomically."""
    data = encode(document, str(path))

    def write_to(stream: IO[bytes]) -> None:
        stream.write(data)

    xlsx_writer.save(path, write_to)
