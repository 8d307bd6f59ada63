"""The catalogue data model: what a valid 基层政务公开标准目录 is.

The strict model here is what the published JSON Schema describes. Readers are lenient: they
build models with ``model_construct`` from whatever they can read and report every deviation
as a finding, so a half-filled spreadsheet still becomes a catalogue that rules can inspect.
Values are Chinese terms exactly as the national template writes them; identifiers are English.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from operator import not_
from types import MemberDescriptorType
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from catalog.core.caches import BACKSTOP, per_run, per_run_dict
from catalog.standard.citations import CitationKind, parse_citations
from catalog.standard.fields import ITEM_FIELDS
from catalog.standard.records import (
    BasisView,
    CatalogueView,
    DocumentView,
    ItemRecord,
    ItemView,
    TimeLimitRecord,
    TimeLimitView,
)
from catalog.standard.terms import FORMAT_VERSION, STANDARD_CHANNELS, Audience, Level, Mode
from catalog.standard.time_limits import TimeLimitKind, parse_time_limit

__all__ = ["STANDARD_CHANNELS", "Audience", "Basis", "Catalogue", "Citation", "CitationKind",
           "Document", "Issuer", "Item", "Level", "Mode", "TimeLimit", "TimeLimitKind",
           "catalogue_of", "citations_of", "document_of", "time_limit_of"]


NonBlank = Annotated[str, Field(min_length=1, pattern=r"\S")]


# Field validators of Item that never change what validation accepts or the errors it gives
# (they only share results): catalog.formats.conformance validates fields one at a time.
VERDICT_NEUTRAL_VALIDATORS = frozenset({"_shared"})

_CACHE_LIMIT = BACKSTOP
_TIME_LIMITS: dict[Any, Any] = per_run_dict()
_BASES: dict[Any, Any] = per_run_dict()


def _frozen(value: Any) -> Any:
    """A hashable copy of JSON-like data; leaves keep their type (1, 1.0 and True differ)."""
    if isinstance(value, dict):
        return tuple(sorted((str(key), _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return (list, *(_frozen(item) for item in value))
    return (type(value), value)


def _validated_once(cache: dict[Any, Any], data: Any, handler: Any) -> Any:
    """Validate identical inputs once and share the (immutable) result.

    The result depends only on the input, so sharing is invisible except in memory: a
    100,000-item document repeats a few hundred time limits and legal bases.
    """
    if not isinstance(data, dict):
        return handler(data)
    try:
        key = _frozen(data)
        found = cache.get(key)
    except TypeError:  # an unhashable oddity: validate it the ordinary way
        return handler(data)
    if found is None:
        found = handler(data)
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[key] = found
    return found


class TimeLimit(BaseModel):
    """公开时限: the text as written plus the parsed reading (recomputed from the text)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="公开时限",
        json_schema_extra={"description": "Time limit"},
    )

    text: NonBlank = Field(title="原文", description="The time limit as written.")
    kind: TimeLimitKind = Field(
        default=TimeLimitKind.UNRECOGNISED,
        title="类型",
        description="Parsed kind; derived from text on load, any supplied value is recomputed.",
    )
    days: int | None = Field(
        default=None, ge=0, title="天数", description="Number of days for 工作日/自然日 limits."
    )
    period: str | None = Field(
        default=None, title="周期", description="The period for 定期 limits, e.g. 每年, 每季度."
    )

    @model_validator(mode="after")
    def _derive(self) -> TimeLimit:
        # The reading is derived data: supplied values are type-checked, then recomputed from
        # the text so that text and reading never disagree.
        parsed = parse_time_limit(self.text)
        for name in ("kind", "days", "period"):
            object.__setattr__(self, name, getattr(parsed, name))
        return self


class Citation(BaseModel):
    """One document cited in 公开依据."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="引用文件")

    kind: CitationKind | None = Field(
        default=None, title="效力类别", description="Kind given in 【】 before the title, if any."
    )
    title: str | None = Field(default=None, title="文件名称", description="Title inside 《》.")
    number: str | None = Field(
        default=None, title="文号", description="Document number such as 国办发〔2019〕54号."
    )


class Basis(BaseModel):
    """公开依据: the text as written plus the citations found in it (recomputed from the text)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="公开依据")

    text: NonBlank = Field(title="原文", description="The legal basis as written.")
    citations: tuple[Citation, ...] = Field(
        default=(),
        title="引用文件",
        description="Citations found in text; derived on load, any supplied value is recomputed.",
    )

    @model_validator(mode="after")
    def _derive(self) -> Basis:
        object.__setattr__(self, "citations", citations_of(self.text))
        return self


def _title(key: str) -> str:
    return ITEM_FIELDS[key][0]


def _desc(key: str) -> str:
    return ITEM_FIELDS[key][1]


class Item(BaseModel):
    """One row of a catalogue table."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="公开事项")

    seq: str = Field(default="", title=_title("seq"), description=_desc("seq"))
    category: str = Field(default="", title=_title("category"), description=_desc("category"))
    name: str = Field(default="", title=_title("name"), description=_desc("name"))
    content: NonBlank = Field(title=_title("content"), description=_desc("content"))
    basis: Basis = Field(title=_title("basis"), description=_desc("basis"))
    time_limit: TimeLimit = Field(title=_title("time_limit"), description=_desc("time_limit"))
    subject: NonBlank = Field(title=_title("subject"), description=_desc("subject"))
    channels: tuple[NonBlank, ...] = Field(
        min_length=1,
        title=_title("channels"),
        description="Standard channel names as in the template, then any other channel as written.",
    )
    audience: tuple[Audience, ...] = Field(
        min_length=1, title=_title("audience"), description=_desc("audience")
    )
    mode: tuple[Mode, ...] = Field(min_length=1, title=_title("mode"), description=_desc("mode"))
    level: tuple[Level, ...] = Field(default=(), title=_title("level"), description=_desc("level"))
    extra: dict[str, str] = Field(
        default_factory=dict,
        # canonical JSON leaves empty maps out; ``not_`` is called from Rust for every item
        # written, a C function where a lambda would be Python (300,000 calls at 100,000 items)
        exclude_if=not_,
        title="其他栏目",
        description="Columns beyond the template (三级事项, 咨询电话, ...), by header as written.",
    )
    original: dict[str, str] = Field(
        default_factory=dict,
        exclude_if=not_,
        title="原始写法",
        description="Original wording of any field whose stored value was standardised.",
    )
    parents: tuple[str, ...] = Field(
        default=(),
        exclude_if=not_,
        title="上级事项",
        description="Item levels above 一级事项, outermost first. In a table with more than two "
        "item levels (一级目录, 三级事项) the deepest level is the item (name), the one above it "
        "category, and the higher ones are kept here.",
    )

    @field_validator("basis", "time_limit", mode="wrap")
    @classmethod
    def _shared(cls, value: Any, handler: ValidatorFunctionWrapHandler,
                info: ValidationInfo) -> Any:
        # 公开依据 and 公开时限 texts repeat on thousands of rows: identical input is validated
        # once and the (immutable) result shared between items.
        return _validated_once(_BASES if info.field_name == "basis" else _TIME_LIMITS,
                               value, handler)

    @property
    def label(self) -> str:
        """The item's name for messages: 一级事项/二级事项, whichever are present."""
        category, name = self.category, self.name
        return f"{category}/{name}" if category and name else category or name


class Issuer(BaseModel):
    """The body that issues the catalogue (e.g. 某某镇人民政府)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="发布主体")

    name: str | None = Field(default=None, title="名称", description="Name of the issuing body.")
    level: Level | None = Field(default=None, title="层级", description="Level of the issuer.")
    division_code: str | None = Field(
        default=None,
        pattern=r"^\d{12}$",
        title="行政区划代码",
        description="12-digit administrative division code.",
    )


class Catalogue(BaseModel):
    """One domain's catalogue of one issuing body."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="标准目录")

    domain: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9_]*$",
        title="试点领域",
        description="Slug of the pilot domain (see `catalog domains`); null when not known.",
    )
    issuer: Issuer = Field(default_factory=Issuer, title="发布主体", description="Issuing body.")
    title: str | None = Field(default=None, title="标题", description="Title as written.")
    updated: date | None = Field(default=None, title="更新日期", description="Date of last update.")
    metadata: dict[str, str] = Field(
        default_factory=dict,
        title="附注",
        description="Notes read with the table, such as a box legend (■表示必选项).",
    )
    items: tuple[Item, ...] = Field(default=(), title="事项", description="Items in table order.")


class Document(BaseModel):
    """What every catalogue JSON file holds: one or more catalogues."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="基层政务公开标准目录",
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "urn:catalog:schema:catalogue:1.0",
        },
    )

    format_version: Literal["1.0"] = Field(
        default=FORMAT_VERSION, title="格式版本", description="Version of this JSON format."
    )
    catalogues: tuple[Catalogue, ...] = Field(
        default=(), title="目录", description="The catalogues, one per domain and issuer."
    )


# ------------------------------------------------------------------ built from text, shared
# Readers build the parsed 时限 and 依据 of each distinct text once and share the object
# between identical rows (the rules group values by identity). ``model_construct`` skips
# validation: the values come straight from the parsers, so they are valid by construction.


@per_run
def time_limit_of(text: str) -> TimeLimit:
    """The :class:`TimeLimit` of one 公开时限 text; identical texts share one object."""
    kind, days, period = parse_time_limit(text)
    return TimeLimit.model_construct(text=text, kind=kind, days=days, period=period)


@per_run
def citations_of(text: str) -> tuple[Citation, ...]:
    """The :class:`Citation` objects of one 公开依据 text; identical texts share one tuple."""
    return tuple(Citation.model_construct(kind=kind, title=title, number=number)
                 for kind, title, number in parse_citations(text))


# ----------------------------------------------------------------------------- fast building
#
# The pydantic bypass for the readers' hot paths, in one place. Readers build one Item per row
# (500,000 in a large workbook) from values they have already converted and checked, and
# report every deviation as a finding; validating again, or even ``model_construct`` (which
# walks the fields and their defaults on every call), costs more than the reading does. These
# functions build the very instances ``model_construct`` builds, without either; a test
# (tests/test_model.py) checks that they stay equal.

ITEM_KEYS: tuple[str, ...] = tuple(Item.model_fields)  # the order build_item takes values in
_ITEM_FIELDS_SET = set(ITEM_KEYS)  # shared by every item built here: nothing mutates it
# A model with aliases or a post-init hook needs pydantic's own construction.
_PLAIN_ITEM = not Item.__pydantic_post_init__ and all(
    info.alias is None and info.validation_alias is None for info in Item.model_fields.values())


def _slot_setter(name: str) -> Callable[[Any, Any], None]:
    """Sets one of the instance slots model_construct sets, through its descriptor where
    BaseModel has one: no lookup by name per item (a third of building one)."""
    slot = BaseModel.__dict__.get(name)
    if isinstance(slot, MemberDescriptorType):
        return slot.__set__
    return lambda item, value: object.__setattr__(item, name, value)


_SET_FIELDS_SET, _SET_EXTRA, _SET_PRIVATE = map(_slot_setter, (
    "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"))


def build_item(values: Sequence[Any]) -> Item:
    """``Item.model_construct(**dict(zip(ITEM_KEYS, values)))``, several times faster.

    ``values`` holds every field, in :data:`ITEM_KEYS` order, already of the field's type:
    nothing is validated. The values go into the instance's own ``__dict__`` in one fixed
    order, so CPython keeps them as a key-sharing dict (about 300 bytes instead of 460 per
    item), and all items share one fields-set.
    """
    if not _PLAIN_ITEM:
        return Item.model_construct(**dict(zip(ITEM_KEYS, values, strict=True)))
    item = Item.__new__(Item)
    item.__dict__.update(zip(ITEM_KEYS, values, strict=False))
    _SET_FIELDS_SET(item, _ITEM_FIELDS_SET)
    _SET_EXTRA(item, None)
    _SET_PRIVATE(item, None)
    return item


def build_basis(text: str) -> Basis:
    """The :class:`Basis` validation would give for ``text`` (its citations parsed from the
    text), without validating: a blank text is the rules' to report, not the reader's."""
    return Basis.model_construct(text=text, citations=citations_of(text))


# ------------------------------------------------------------------------ from the records
# Spreadsheet readers build plain records (catalog.standard.records); the models are built from
# them when a caller asks for the document, equal to what validating the same values gives.


def document_of(view: DocumentView) -> Document:
    """The model of a document read as records (a model is returned as it is)."""
    if isinstance(view, Document):
        return view
    convert = _FromRecords()
    return Document.model_construct(format_version=view.format_version,
                                    catalogues=tuple(map(convert.catalogue, view.catalogues)))


def catalogue_of(view: CatalogueView) -> Catalogue:
    """The model of one catalogue read as records (a model's issuer and items too)."""
    return _FromRecords().catalogue(view)


class _FromRecords:
    """Records to models; identical 依据 and 时限 records share one model, as readers share
    them (the rules group values by identity)."""

    def __init__(self) -> None:
        self.bases: dict[str, Basis] = {}
        self.time_limits: dict[TimeLimitRecord, TimeLimit] = {}
        # by identity first: readers share one record between identical rows, and looking it
        # up costs less than reading its text or hashing a new time-limit record (with its
        # enum) for each of 100,000 items; the record is kept, so its id stays its own
        self.shared: dict[int, tuple[object, Basis | TimeLimit]] = {}

    def catalogue(self, view: CatalogueView) -> Catalogue:
        issuer = view.issuer
        if not isinstance(issuer, Issuer):
            issuer = Issuer.model_construct(name=issuer.name, level=issuer.level,
                                            division_code=issuer.division_code)
        items = view.items
        if not (isinstance(view, Catalogue) and all(isinstance(item, Item) for item in items)):
            items = tuple(map(self.item, items))
        elif issuer is view.issuer:
            return view
        return Catalogue.model_construct(domain=view.domain, issuer=issuer, title=view.title,
                                         updated=view.updated, metadata=view.metadata,
                                         items=items)

    def item(self, view: ItemView) -> Item:
        if isinstance(view, Item):
            return view
        values: list[Any] = list(view) if isinstance(view, ItemRecord) else [
            getattr(view, key) for key in ITEM_KEYS]
        shared = self.shared
        basis, time_limit = values[_BASIS], values[_TIME_LIMIT]
        if not isinstance(basis, Basis):
            known = shared.get(id(basis))
            if known is None:
                known = shared[id(basis)] = (basis, self.basis(basis))
            values[_BASIS] = known[1]
        if not isinstance(time_limit, TimeLimit):
            known = shared.get(id(time_limit))
            if known is None:
                known = shared[id(time_limit)] = (time_limit, self.time_limit(time_limit))
            values[_TIME_LIMIT] = known[1]
        return build_item(values)

    def basis(self, view: BasisView) -> Basis:
        found = self.bases.get(view.text)
        if found is None:
            found = self.bases[view.text] = build_basis(view.text)
        return found

    def time_limit(self, view: TimeLimitView) -> TimeLimit:
        record = TimeLimitRecord(view.text, view.kind, view.days, view.period)
        limit = self.time_limits.get(record)
        if limit is None:
            limit = self.time_limits[record] = TimeLimit.model_construct(
                text=record.text, kind=record.kind, days=record.days, period=record.period)
        return limit


_BASIS, _TIME_LIMIT = ITEM_KEYS.index("basis"), ITEM_KEYS.index("time_limit")
