"""Writing a catalogue as CSV: UTF-8 with BOM (so Excel opens it correctly), official columns.

A CSV cell is typed by whoever opens it, so text starting with = + - @, tab or CR could run as
a formula. Following the OWASP CSV-injection guidance such cells are prefixed with a single
quote. To keep round trips exact, a cell that itself starts with a quote is prefixed too, and
:func:`unescape_cell` (used by the CSV reader) removes exactly one quote in both cases.

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
from catalog.rules.layout import UNWRITABLE_CONTROL

if TYPE_CHECKING:
    from catalog.standard.model import Catalogue, Document

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED_STARTS = (*FORMULA_STARTS, "'")


def escape_cell(text: str) -> str:
    """Text that no spreadsheet will run as a formula; undone exactly by ``unescape_cell``."""
    return "'" + text if text.startswith(_ESCAPED_STARTS) else text


def unescape_cell(text: str) -> str:
    """Undo ``escape_cell``: drop one leading quote when it protects a formula start or quote."""
    if len(text) >= 2 and text[0] == "'" and text[1:].startswith(_ESCAPED_STARTS):
        return text[1:]
    return text


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
