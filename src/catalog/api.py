"""The functions behind ``import catalog``: load, validate, dump, check."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from catalog.checking.checker import CheckOptions, FileResult, check_loaded, check_paths
from catalog.core.findings import CatalogueSource, Finding, UsageError
from catalog.formats import json_format
from catalog.formats.loaded import Loaded
from catalog.formats.loading import load_file, load_stream
from catalog.formats.options import FORMATS, ReadOptions
from catalog.formats.screening import Limits
from catalog.formats.writing import write_document
from catalog.rules.engine import message_for
from catalog.rules.registry import default_registry
from catalog.standard.model import Document

__all__ = ["FORMATS", "ReadOptions", "check", "dump", "dumps", "load", "render_message",
           "validate"]

def _reader_format(format: str | None) -> str | None:
    if format is None:
        return None
    chosen = FORMATS.get(str(format).lower().lstrip("."))
    if chosen is None:
        raise UsageError(f"unknown format {format!r}; use json, xlsx or csv")
    return chosen


def _binary(source: Any, format: str) -> IO[bytes]:
    """A binary stream for the readers: text streams of JSON or CSV are encoded as UTF-8."""
    read = getattr(source, "read", None)
    if not callable(read):
        raise UsageError(
            f"load() takes a path or a stream, got {type(source).__name__}"
            + (" (wrap bytes in io.BytesIO)" if isinstance(source, bytes | bytearray) else ""))
    if isinstance(source, io.TextIOBase) or isinstance(read(0), str):
        if format == "xlsx":
            raise UsageError("a workbook needs a binary stream: open the file with 'rb'")
        limit = Limits().max_file_bytes + 1  # the reader refuses what is too large
        return io.BytesIO(read(limit).encode("utf-8", "surrogatepass"))
    return source  # type: ignore[no-any-return]


def load(source: str | Path | IO[bytes] | IO[str], *, format: str | None = None,
         **options: Any) -> Loaded:
    """Read a catalogue file (format from the extension) or a stream (format required).

    Streams may be binary, or text for ``format="json"`` and ``"csv"``. Options are those of
    :class:`ReadOptions` (``issuer``, ``level``, ``limits``, ``streaming``, ``progress``);
    an unknown option or format is a :class:`~catalog.core.findings.UsageError`.
    Raises :class:`~catalog.core.findings.InputError` when no catalogue can be built at all.
    """
    read_options = ReadOptions.from_keywords(options)
    chosen = _reader_format(format)
    if isinstance(source, str | Path):
        return load_file(source, format=chosen, options=read_options)
    if chosen is None:
        raise UsageError("load(stream) needs format='json', 'xlsx' or 'csv'")
    name = getattr(source, "name", None)
    return load_stream(_binary(source, chosen), format=chosen,
                       name=name if isinstance(name, str) else "<stream>", options=read_options)


def validate(data: Loaded | Document, options: CheckOptions | None = None) -> list[Finding]:
    """Every finding for a loaded file or a document built in code, in file order."""
    if not isinstance(data, Loaded | Document):
        raise UsageError(f"validate() takes what load() returns or a Document, got "
                         f"{type(data).__name__}")
    _require_options(options)
    if isinstance(data, Document):
        data = Loaded(
            "<document>",
            data,
            [
                CatalogueSource("<document>", pointer=f"/catalogues/{index}")
                for index in range(len(data.catalogues))
            ],
        )
    return check_loaded(data, options)


def dumps(document: Document) -> str:
    """Canonical JSON text of a document."""
    return json_format.dumps(document)


def dump(document: Document, target: str | Path, *, format: str | None = None) -> None:
    """Write a document atomically: JSON, or the official spreadsheet layout (.xlsx, .csv)."""
    write_document(document, target, format=format)


def check(
    paths: str | Path | Sequence[str | Path], options: CheckOptions | None = None,
    jobs: int | None = 1,
) -> list[FileResult]:
    """Check files and folders as ``catalog check`` does; results in input order.

    ``paths`` is one path (str or Path) or a list of them.
    """
    _require_options(options)
    return list(check_paths([paths] if isinstance(paths, str | Path) else paths, options, jobs))


def _require_options(options: object) -> None:
    if options is not None and not isinstance(options, CheckOptions):
        raise UsageError(f"options must be a catalog.CheckOptions, got {type(options).__name__}")


def render_message(finding: Finding, lang: str = "zh", debug: bool = False) -> str:
    """A finding's message in Chinese (zh) or English (en); ``debug`` adds the parser's own
    words (``detail``) to a Chinese message too."""
    return message_for(finding, default_registry(), lang, debug)
