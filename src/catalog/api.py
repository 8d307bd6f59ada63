"""The functions behind ``import catalog``: load, validate, dump, check."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from catalog.checker import CheckOptions, FileResult, check_loaded, check_paths
from catalog.findings import Finding, UsageError
from catalog.formats import WRITE_FORMATS, Loaded, format_for, load_file, load_stream
from catalog.model import Document
from catalog.reports.messages import message_for
from catalog.rules import default_registry
from catalog.vocabulary import require_level


def load(source: str | Path | IO[bytes], *, format: str | None = None, **options: Any) -> Loaded:
    """Read a catalogue file (format from the extension) or a binary stream (format required).

    Options: ``issuer`` and ``level`` for spreadsheets that do not say who issued them.
    Raises :class:`~catalog.findings.InputError` when no catalogue can be built at all.
    """
    if options.get("level") is not None:
        options["level"] = require_level(options["level"])
    if isinstance(source, str | Path):
        return load_file(source, format=format, **options)
    if format is None:
        raise UsageError("load(stream) needs format='json', 'xlsx' or 'csv'")
    return load_stream(source, format=format, name=getattr(source, "name", "<stream>"), **options)


def validate(data: Loaded | Document, options: CheckOptions | None = None) -> list[Finding]:
    """Every finding for a loaded file or a document built in code, in file order."""
    if isinstance(data, Document):
        from catalog.findings import CatalogueSource

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
    from catalog.formats.json_format import dumps as json_dumps

    return json_dumps(document)


def dump(document: Document, target: str | Path, *, format: str | None = None) -> None:
    """Write a document atomically: JSON, or the official spreadsheet layout (.xlsx, .csv)."""
    chosen = format or format_for(target, WRITE_FORMATS)
    from catalog.files import atomic_write

    if chosen == "json":
        data = dumps(document).encode("utf-8")

        def write(stream: IO[bytes]) -> None:
            stream.write(data)

        atomic_write(Path(target), write)
    elif chosen == "xlsx":
        from catalog.formats import xlsx_writer

        xlsx_writer.write(document, Path(target))
    elif chosen == "csv":
        from catalog.formats import csv_writer

        csv_writer.write(document, Path(target))
    else:
        raise UsageError(f"cannot write {target}: use .json, .xlsx or .csv")


def check(
    paths: Sequence[str | Path], options: CheckOptions | None = None, jobs: int | None = 1
) -> list[FileResult]:
    """Check files and folders as ``catalog check`` does; results in input order."""
    return list(check_paths(paths, options, jobs))


def render_message(finding: Finding, lang: str = "zh") -> str:
    """A finding's message in Chinese (zh) or English (en)."""
    return message_for(finding, default_registry(), lang)
