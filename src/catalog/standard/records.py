"""Catalogues as plain records: what the check path reads and rules judge, without pydantic.

Spreadsheet readers build these; the pydantic models of :mod:`catalog.standard.model` are built
from them only when a caller asks for the document (``Loaded.document``, a plugin reading
``ctx.catalogue``), with :func:`catalog.standard.model.document_of`. Checking a 50-row workbook
then never imports pydantic (a third of its whole run), and a 100,000-row check builds
neither the models nor the citations of 公开依据, which no rule reads.

A record has the attributes of its model, read-only; a record is a tuple, so it is built
and compared in C. The ``*View`` protocols name what both forms offer: rules and readers are
typed against them, so they take a record or a model alike (JSON input is validated by the
model, and stays a model).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from itertools import repeat
from typing import Any, NamedTuple, Protocol, TypeVar

from catalog.core.caches import per_run
from catalog.standard.citations import CitationKind, CitationReading, parse_citations
from catalog.standard.terms import FORMAT_VERSION, Audience, Level, Mode
from catalog.standard.time_limits import TimeLimitKind, parse_time_limit

_V = TypeVar("_V")


class CitationView(Protocol):
    """One document cited in 公开依据."""

    @property
    def kind(self) -> CitationKind | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def number(self) -> str | None: ...


class BasisView(Protocol):
    """公开依据: the text and the documents it cites."""

    @property
    def text(self) -> str: ...
    @property
    def citations(self) -> Sequence[CitationView]: ...


class TimeLimitView(Protocol):
    """公开时限: the text and its reading."""

    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> TimeLimitKind: ...
    @property
    def days(self) -> int | None: ...
    @property
    def period(self) -> str | None: ...


class ItemView(Protocol):
    """One row of a catalogue table (:class:`catalog.standard.model.Item` or a record)."""

    @property
    def seq(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def content(self) -> str: ...
    @property
    def basis(self) -> BasisView: ...
    @property
    def time_limit(self) -> TimeLimitView: ...
    @property
    def subject(self) -> str: ...
    @property
    def channels(self) -> tuple[str, ...]: ...
    @property
    def audience(self) -> tuple[Audience, ...]: ...
    @property
    def mode(self) -> tuple[Mode, ...]: ...
    @property
    def level(self) -> tuple[Level, ...]: ...
    @property
    def extra(self) -> Mapping[str, str]: ...
    @property
    def original(self) -> Mapping[str, str]: ...
    @property
    def parents(self) -> tuple[str, ...]: ...
    @property
    def label(self) -> str: ...


class IssuerView(Protocol):
    """The body that issues a catalogue."""

    @property
    def name(self) -> str | None: ...
    @property
    def level(self) -> Level | None: ...
    @property
    def division_code(self) -> str | None: ...


class CatalogueView(Protocol):
    """One domain's catalogue of one issuing body."""

    @property
    def domain(self) -> str | None: ...
    @property
    def issuer(self) -> IssuerView: ...
    @property
    def title(self) -> str | None: ...
    @property
    def updated(self) -> date | None: ...
    @property
    def metadata(self) -> Mapping[str, str]: ...
    @property
    def items(self) -> Sequence[ItemView]: ...


class DocumentView(Protocol):
    """A document: one or more catalogues."""

    @property
    def format_version(self) -> str: ...
    @property
    def catalogues(self) -> Sequence[CatalogueView]: ...


# ------------------------------------------------------------------------------- records


@per_run
def time_limit_record(text: str) -> TimeLimitRecord:
    """The record of one 公开时限 text; identical texts share one record."""
    kind, days, period = parse_time_limit(text)
    return TimeLimitRecord(text, kind, days, period)


@per_run
def _citations(text: str) -> tuple[CitationReading, ...]:
    return parse_citations(text)


class BasisRecord(NamedTuple):
    """公开依据 as written; its citations are parsed when asked (no rule asks)."""

    text: str

    @property
    def citations(self) -> tuple[CitationReading, ...]:
        return _citations(self.text)


class TimeLimitRecord(NamedTuple):
    """公开时限 as written, with the parser's reading."""

    text: str
    kind: TimeLimitKind
    days: int | None
    period: str | None


class ItemRecord(NamedTuple):
    """One row of a catalogue table; the fields in the model's order."""

    seq: str
    category: str
    name: str
    content: str
    basis: BasisView
    time_limit: TimeLimitView
    subject: str
    channels: tuple[str, ...]
    audience: tuple[Audience, ...]
    mode: tuple[Mode, ...]
    level: tuple[Level, ...]
    extra: Mapping[str, str]
    original: Mapping[str, str]
    parents: tuple[str, ...]

    @property
    def label(self) -> str:
        """The item's name for messages: 一级事项/二级事项, whichever are present."""
        category, name = self.category, self.name
        return f"{category}/{name}" if category and name else category or name


class IssuerRecord(NamedTuple):
    """The body that issues a catalogue."""

    name: str | None = None
    level: Level | None = None
    division_code: str | None = None


class CatalogueRecord(NamedTuple):
    """One table read from a file."""

    domain: str | None
    issuer: IssuerView
    title: str | None
    updated: date | None
    metadata: Mapping[str, str]
    items: Sequence[ItemView]


class DocumentRecord(NamedTuple):
    """The catalogues read from one file."""

    catalogues: Sequence[CatalogueView] = ()
    format_version: str = FORMAT_VERSION


ITEM_KEYS: tuple[str, ...] = ItemRecord._fields  # model order (tests/test_model.py checks it)


def build_record(values: Sequence[Any]) -> ItemRecord:
    """An item record from every field's value in :data:`ITEM_KEYS` order (not validated)."""
    return tuple.__new__(ItemRecord, values)


def build_records(columns: Sequence[Sequence[Any]]) -> list[ItemRecord]:
    """Item records from columns of values, one column per field in :data:`ITEM_KEYS` order
    (not validated): built in C, with no Python call per record."""
    return list(map(tuple.__new__, repeat(ItemRecord), zip(*columns, strict=True)))


def replaced(view: _V, **changes: Any) -> _V:
    """``view`` with some fields changed, of its own kind: a record, or a model (copied as
    pydantic's ``model_copy`` does, unvalidated)."""
    if isinstance(view, tuple):
        return view._replace(**changes)  # type: ignore[attr-defined, no-any-return]
    return view.model_copy(update=changes)  # type: ignore[attr-defined, no-any-return]
