"""What every reader returns: the document, where each catalogue came from, and the findings
made while reading. A module of its own so readers and the loader both depend on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from catalog.core.findings import CatalogueSource, Finding
from catalog.standard.records import DocumentView

if TYPE_CHECKING:
    from catalog.standard.model import Document


class Loaded:
    """A file read into a document, with a source for each catalogue and the reading findings.

    ``records`` is the document as the reader built it: plain records for spreadsheets (see
    :mod:`catalog.standard.records`), the validated model for JSON. ``document`` is always the
    model, built from the records on first use: checking never asks for it, so a check does
    not load pydantic or build 100,000 models.
    """

    def __init__(self, file: str, document: DocumentView, sources: list[CatalogueSource],
                 findings: list[Finding] | None = None, info: dict[str, Any] | None = None
                 ) -> None:
        self.file = file
        self.records = document
        self.sources = sources
        self.findings: list[Finding] = findings if findings is not None else []
        self.info: dict[str, Any] = info if info is not None else {}  # {"encoding": "gb18030"}

    @property
    def document(self) -> Document:
        """The document as models (:class:`catalog.standard.model.Document`)."""
        # lazy: pydantic is loaded when a caller asks for the models, not to check a file
        from catalog.standard.model import document_of

        document = document_of(self.records)
        self.records = document  # built once; the records are let go
        return document

    @document.setter
    def document(self, value: DocumentView) -> None:
        self.records = value

    def __eq__(self, other: object) -> bool:
        """Equal when they hold the same document (as models), sources, findings and info."""
        if not isinstance(other, Loaded):
            return NotImplemented
        return (self.file, self.sources, self.findings, self.info) == (
            other.file, other.sources, other.findings, other.info) and (
            self.records == other.records or self.document == other.document)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was

    def __repr__(self) -> str:
        return (f"Loaded(file={self.file!r}, catalogues={len(self.records.catalogues)}, "
                f"findings={len(self.findings)})")
