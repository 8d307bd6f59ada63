"""What every reader returns: the document, where each catalogue came from, and the findings
made while reading. A module of its own so readers and the loader both depend on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catalog.core.findings import CatalogueSource, Finding
from catalog.standard.model import Document


@dataclass
class Loaded:
    """A file read into a document, with a source for each catalogue and the reading findings."""

    file: str
    document: Document
    sources: list[CatalogueSource]
    findings: list[Finding] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)  # e.g. {"encoding": "gb18030"}
