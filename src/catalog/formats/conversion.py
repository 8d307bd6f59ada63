"""``catalog convert``: write a document in another format, and say what the user must know.

A conversion that replaced text (CAT593) or dropped an invalid value (CAT102) while reading,
or that writes JSON failing the published schema (a blank 公开主体 read from a draft
workbook), still writes its output, since the draft is worth keeping, but returns those
findings, so the command can list them and exit 1 instead of claiming success.
"""

from __future__ import annotations

from pathlib import Path

from catalog.core.files import atomic_path, write_new
from catalog.core.findings import Finding, Severity
from catalog.core.heap import gc_paused
from catalog.formats.conformance import schema_findings
from catalog.formats.json_format import dump_chunks
from catalog.formats.loaded import Loaded
from catalog.formats.loading import format_for
from catalog.formats.writing import WRITE_FORMATS, write_document


def write_converted(loaded: Loaded, target: str | Path) -> list[Finding]:
    """Write ``loaded`` to ``target`` (format from the extension); the error findings of the
    reading and, for JSON, each place the written document fails the published schema."""
    if format_for(target, WRITE_FORMATS) != "json":
        write_document(loaded.document, target)
        return _reading_errors(loaded)
    with atomic_path(target) as temporary:
        return write_json(loaded, temporary, str(target))


def write_json(loaded: Loaded, temporary: Path, name: str) -> list[Finding]:
    """:func:`write_converted` to JSON, into the file ``temporary`` (from
    :func:`~catalog.core.files.atomic_path`), whose problems are reported at ``name``.

    Apart, so that it can run in the worker that read the workbook (see
    :func:`catalog.checking.checker.use_isolated`) and only the findings come back.
    """
    # the models, the text and the schema check make millions of objects and no cycles
    with gc_paused():
        document = loaded.document
        value, newline = dump_chunks(document)
        write_new(temporary, value, newline)
        return _reading_errors(loaded) + schema_findings(document, value, name)


def _reading_errors(loaded: Loaded) -> list[Finding]:
    return [finding for finding in loaded.findings if finding.severity is Severity.ERROR]
