"""``catalog convert``: write a document in another format, and say what the user must know.

A conversion that replaced text (CAT593) or dropped an invalid value (CAT102) while reading,
or that writes JSON failing the published schema (a blank 公开主体 read from a draft
workbook), still writes its output, since the draft is worth keeping, but returns those
findings, so the command can list them and exit 1 instead of claiming success.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from catalog.core.files import atomic_write
from catalog.core.findings import Finding, Severity
from catalog.formats.conformance import schema_findings
from catalog.formats.json_format import dumps
from catalog.formats.loaded import Loaded
from catalog.formats.loading import format_for
from catalog.formats.writing import WRITE_FORMATS, write_document


def write_converted(loaded: Loaded, target: str | Path) -> list[Finding]:
    """Write ``loaded`` to ``target`` (format from the extension); the error findings of the
    reading and, for JSON, each place the written document fails the published schema."""
    findings = [finding for finding in loaded.findings if finding.severity is Severity.ERROR]
    if format_for(target, WRITE_FORMATS) != "json":
        write_document(loaded.document, target)
        return findings
    text = dumps(loaded.document)
    data = text.encode("utf-8")

    def write(stream: IO[bytes]) -> None:
        stream.write(data)

    atomic_write(Path(target), write)
    return findings + schema_findings(loaded.document, text, str(target))
