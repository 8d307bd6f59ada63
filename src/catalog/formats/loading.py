"""Choosing a reader or writer for a file or stream, and what every reader returns."""


from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import IO

from catalog.core import caches
from catalog.core.findings import InputError
from catalog.formats import csv_reader, xlsx_reader
from catalog.formats.inputs import open_input
from catalog.formats.loaded import Loaded
from catalog.formats.options import DEFAULT_READ, ReadOptions
from catalog.rules.limits import READER_ABORTED, UNKNOWN_FILE_TYPE, WPS_ET_FILE

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


def format_for(path: str | Path, known: dict[str, str] = READ_FORMATS) -> str | None:
    return known.get(Path(path).suffix.lower())


def load_file(path: str | Path, *, format: str | None = None,
              options: ReadOptions | None = None) -> Loaded:
    """Read a file, choosing the reader from ``format`` or the extension."""
    name = str(path)
    chosen = format or format_for(path)
    if chosen is None and Path(path).suffix.lower() in (".et", ".ett"):
        raise InputError(WPS_ET_FILE, name)  # WPS's own format: say so, with the fix
    if chosen is None:
        raise InputError(UNKNOWN_FILE_TYPE, name, suffix=Path(path).suffix or "（无）")
    with open_input(path) as stream:  # regular files only, never blocking on a FIFO
        return load_stream(stream, format=chosen, name=name, options=options)


def load_stream(stream: IO[bytes], *, format: str, name: str = "<stream>",
                options: ReadOptions | None = None) -> Loaded:
    """Read from a binary stream (an upload) with an explicit format: json, xlsx or csv.

    Running out of memory while reading is the file's cost, not a bug: CAT623 (exit 2).
    """
    reader = _reader(format)
    if reader is None:
        raise InputError(UNKNOWN_FILE_TYPE, name, suffix=format)
    try:
        reading = options.resolved() if options is not None else DEFAULT_READ
        with caches.run():  # each distinct cell text converted once, the caches freed after
            loaded: Loaded = reader.read(stream, name=name, options=reading)
        return loaded
    except MemoryError:
        raise InputError(READER_ABORTED, name, reason="内存不足 / out of memory") from None


def preload_readers(paths: Iterable[str]) -> None:
    """Load the readers these files need now, before worker processes fork: each worker would
    otherwise load the JSON reader (and pydantic, 0.15 s) again for itself."""
    for chosen in {format_for(path) for path in paths}:
        if chosen is not None:
            _reader(chosen)


def _reader(format: str) -> ModuleType | None:
    """The reader module of a format. Modules, not functions: ``read`` is looked up on each
    call (tests replace it)."""
    if format == "json":
        # lazy: the JSON reader validates with the pydantic models; a workbook needs neither
        from catalog.formats import json_format

        return json_format
    return {"xlsx": xlsx_reader, "csv": csv_reader}.get(format)
