"""Reading and writing catalogue files; one module per format.

Every reader returns a :class:`Loaded`: the document, where each catalogue came from, and the
findings made while reading. A reader raises :class:`~catalog.core.findings.InputError` only when no
catalogue can be built at all. Formats depend on the model, never the reverse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from catalog.core.findings import CatalogueSource, Finding, InputError
from catalog.standard.model import Document

READ_FORMATS = {
    ".json": "json",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xlsx",
    ".ods": "xlsx",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
}
WRITE_FORMATS = {".json": "json", ".xlsx": "xlsx", ".csv": "csv"}


@dataclass
class Loaded:
    """A file read into a document, with a source for each catalogue and the reading findings."""

    file: str
    document: Document
    sources: list[CatalogueSource]
    findings: list[Finding] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)  # e.g. {"encoding": "gb18030"}


def format_for(path: str | Path, known: dict[str, str] = READ_FORMATS) -> str | None:
    return known.get(Path(path).suffix.lower())


def load_file(path: str | Path, *, format: str | None = None, **options: Any) -> Loaded:
    """Read a file, choosing the reader from ``format`` or the extension."""
    name = str(path)
    chosen = format or format_for(path)
    if chosen is None and Path(path).suffix.lower() in (".et", ".ett"):
        raise InputError("CAT608", name)  # WPS's own format: say so, with the fix
    if chosen is None:
        raise InputError("CAT602", name, suffix=Path(path).suffix or "（无）")
    from catalog.core.files import open_input

    with open_input(path) as stream:  # regular files only, never blocking on a FIFO
        return load_stream(stream, format=chosen, name=name, **options)


def load_stream(
    stream: IO[bytes], *, format: str, name: str = "<stream>", **options: Any
) -> Loaded:
    """Read from a binary stream (an upload) with an explicit format: json, xlsx or csv.

    Running out of memory while reading is the file's cost, not a bug: CAT623 (exit 2).
    """
    if format == "json":
        from catalog.formats import json_format as reader
    elif format == "xlsx":
        from catalog.formats import xlsx_reader as reader  # type: ignore[no-redef]
    elif format == "csv":
        from catalog.formats import csv_reader as reader  # type: ignore[no-redef]
    else:
        raise InputError("CAT602", name, suffix=format)
    try:
        return reader.read(stream, name=name, **options)
    except MemoryError:
        raise InputError("CAT623", name, reason="内存不足 / out of memory") from None
