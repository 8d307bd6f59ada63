"""Writing a document to a file in the format its name asks for (JSON, .xlsx or .csv).

Apart from reading (:mod:`catalog.formats.loading`), so checking a workbook loads neither the
writers nor the models they serialise.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from catalog.core.files import atomic_write
from catalog.core.findings import UsageError
from catalog.formats import csv_writer, json_format, xlsx_writer
from catalog.formats.loading import format_for
from catalog.standard.model import Document

WRITE_FORMATS = {".json": "json", ".xlsx": "xlsx", ".csv": "csv"}


def write_document(document: Document, target: str | Path, *, format: str | None = None) -> None:
    """Write a document atomically: JSON, or the official spreadsheet layout (.xlsx, .csv)."""
    chosen = format or format_for(target, WRITE_FORMATS)
    if chosen == "json":
        data = json_format.dump_bytes(document)

        def write(stream: IO[bytes]) -> None:
            stream.write(data)

        atomic_write(Path(target), write)
    elif chosen == "xlsx":
        xlsx_writer.write(document, Path(target))
    elif chosen == "csv":
        csv_writer.write(document, Path(target))
    else:
        raise UsageError(f"cannot write {target}: use .json, .xlsx or .csv")
