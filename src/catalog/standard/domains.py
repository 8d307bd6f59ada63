"""The 26 pilot domains: their national standard items, lookup by name, detection and matching.

The data lives in ``domains/*.json`` and ships inside the wheel (see
:mod:`catalog.standard.data`); it is read once, and the same code works from the source tree
and from an installed wheel.
Every name comparison goes through one key (``name_key``): real catalogues write the same
item with full-width brackets, stray spaces, ``1.1`` codes and line breaks.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from catalog.core import plugins
from catalog.core.caches import per_run
from catalog.core.findings import UsageError
from catalog.standard.data import data_folder
from catalog.standard.names import name_key as name_key  # re-exported
from catalog.standard.names import strip_title as strip_title  # re-exported
from catalog.standard.names import strong_spans, title_spans
from catalog.standard.terms import Audience, Level, Mode
from catalog.standard.vocabulary import fold

DOMAIN_ENTRY_POINT_GROUP = "catalog.domains"
NEAR_CUTOFF = 0.8  # difflib ratio above which a name is a near miss rather than a local item
MIN_NEAR_LENGTH = 4  # shorter names (标准, 政策) are too generic for fuzzy matching


class UnknownDomainError(UsageError):
    """A slug that is not one of the 26 pilot domains."""


# The records of the domain files are NamedTuples: made at import in ~0.1 ms where a frozen
# dataclass takes ~0.5 ms, and built faster (230 national items per load).
class Department(NamedTuple):
    name: str
    confirmed: bool
    document: str | None = None
    source: str | None = None


class Guideline(NamedTuple):
    title: str | None
    number: str | None
    year: int | None
    date: str | None = None
    sources: tuple[str, ...] = ()


class NationalItem(NamedTuple):
    """One item of a domain's national standard list (一级事项 / 二级事项)."""

    category: str
    name: str
    name_known: bool = True
    aliases: tuple[str, ...] = ()
    audience: tuple[Audience, ...] = ()
    mode: tuple[Mode, ...] = ()
    level: tuple[Level, ...] = ()
    subject: str | None = None
    time_limit: str | None = None
    content: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    basis: str | None = None
    channels: tuple[str, ...] = ()
    evidence: str | None = None  # agreed, single, township, bundled, annex (see the schema)

    @property
    def label(self) -> str:
        return "/".join(part for part in (self.category, self.name) if part)

    def expected_at(self, level: Level) -> bool:
        """Whether an issuer at ``level`` should list this item.

        The national template has 县级 and 乡、村级 columns: a village follows 乡级, a city
        issuing a county-type catalogue follows 县级. Where the sources give no 公开层级 the
        item is expected at county level only, since the guidelines are written for county
        departments and townships publish a subset.
        """
        effective = {Level.CITY: Level.COUNTY, Level.VILLAGE: Level.TOWNSHIP}.get(level, level)
        if self.level:
            return effective in self.level
        return effective is Level.COUNTY


class OfficialCounts(NamedTuple):
    """How many 一级/二级 items the national table has, as a source states (or infers) it."""

    categories: int | None = None
    items: int | None = None
    source: str | None = None
    quote: str | None = None
    caveat: str | None = None
    inferred: bool = False
    lower_bound_items: int | None = None


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cheap as a cache key
class Domain:
    """One pilot domain and what is known of its national standard items."""

    slug: str
    order: int
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    departments: tuple[Department, ...]
    guideline: Guideline | None
    items_complete: bool
    official_counts: OfficialCounts
    notes: str
    sources: tuple[str, ...]
    items: tuple[NationalItem, ...]
    category_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    evidence_status: str | None = None
    origin: str = "bundled"  # "bundled", or the domain pack (entry point) it came from
    _names: dict[str, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _categories: dict[str, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        names: dict[str, list[int]] = {}
        categories: dict[str, list[int]] = {}
        extra = dict(self.category_aliases)
        for index, item in enumerate(self.items):
            # A one-level item (no 二级) is named by its 一级事项.
            for text in (item.name or item.category, *item.aliases):
                if text and item.name_known:
                    names.setdefault(name_key(text), []).append(index)
            for text in (item.category, *extra.get(item.category, ())):
                categories.setdefault(name_key(text), []).append(index)
        self._names.update({key: tuple(value) for key, value in names.items()})
        self._categories.update({key: tuple(value) for key, value in categories.items()})

    @property
    def names(self) -> tuple[str, ...]:
        """The official name first, then the aliases seen in real titles."""
        return (self.name_zh, *self.aliases)

    def items_named(self, key: str) -> tuple[int, ...]:
        """Indexes of items whose 二级事项 (or one of its aliases) has this ``name_key``."""
        return self._names.get(key, ())

    def items_in_category(self, key: str) -> tuple[int, ...]:
        return self._categories.get(key, ())

    def name_keys(self) -> tuple[str, ...]:
        return tuple(self._names)


# --------------------------------------------------------------------------- loading


def _item(data: dict[str, Any]) -> NationalItem:
    return NationalItem(
        category=data["category"],
        name=data["name"],
        name_known=data.get("name_known", True),
        aliases=tuple(data.get("aliases", ())),
        audience=tuple(Audience(v) for v in data["audience"]),
        mode=tuple(Mode(v) for v in data["mode"]),
        level=tuple(Level(v) for v in data["level"]),
        subject=data.get("subject"),
        time_limit=data.get("time_limit"),
        content=data.get("content"),
        note=data.get("note"),
        sources=tuple(data["sources"]),
        basis=data.get("basis"),
        channels=tuple(data.get("channels", ())),
        evidence=data["evidence"]["grade"] if "evidence" in data else None,
    )


def domain_from_dict(data: dict[str, Any], origin: str = "bundled") -> Domain:
    """Build a Domain from one parsed ``domains/<slug>.json`` file."""
    guide = data["guideline"]
    counts = data["official_counts"]
    return Domain(
        slug=data["slug"],
        order=data["order"],
        name_zh=data["name_zh"],
        name_en=data["name_en"],
        aliases=tuple(data["aliases"]),
        departments=tuple(Department(**d) for d in data["departments"]),
        guideline=None
        if guide is None
        else Guideline(
            guide["title"],
            guide["number"],
            guide["year"],
            guide.get("date"),
            tuple(guide["sources"]),
        ),
        items_complete=data["items_complete"],
        official_counts=OfficialCounts(
            counts["categories"], counts["items"], counts["source"], counts.get("quote"),
            counts.get("caveat"), counts.get("inferred", False), counts.get("lower_bound_items")),
        notes=data["notes"],
        sources=tuple(data["sources"]),
        items=tuple(_item(item) for item in data["items"]),
        category_aliases=tuple(
            (name, tuple(values)) for name, values in data.get("category_aliases", {}).items()
        ),
        evidence_status=data.get("evidence_status"),
        origin=origin,
    )


def load_domains() -> tuple[Domain, ...]:
    """Every domain: the files shipped with catalog, then those of installed domain packs
    (a pack's domain replaces the bundled one with the same slug), in listing order."""
    found: dict[str, Domain] = {}
    for entry in data_folder("domains").iterdir():
        if entry.name.endswith(".json"):
            domain = domain_from_dict(json.loads(entry.read_text(encoding="utf-8")))
            found[domain.slug] = domain
    for domain in _pack_domains():
        found[domain.slug] = domain
    return tuple(sorted(found.values(), key=lambda d: (d.order, d.slug)))


def _pack_domains() -> list[Domain]:
    """Domains of the ``catalog.domains`` entry points, each validated against the schema.

    An entry point loads a folder (path or importlib resource) of domain JSON files, one domain
    as a dict, a list of dicts, or a function without arguments returning any of these."""
    found: list[Domain] = []
    for entry_point in plugins.entry_points(DOMAIN_ENTRY_POINT_GROUP):
        loaded = entry_point.load()
        value = loaded() if callable(loaded) else loaded
        origin = f"{DOMAIN_ENTRY_POINT_GROUP}:{entry_point.name}"
        for number, data in enumerate(_pack_dicts(value, origin)):
            _validate_pack_domain(data, f"{origin} #{number + 1}")
            found.append(domain_from_dict(data, origin))
    return found


def _pack_dicts(value: Any, origin: str) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "iterdir"):  # pathlib.Path or importlib.resources Traversable
        files = sorted((e for e in value.iterdir() if e.name.endswith(".json")),
                       key=lambda e: e.name)
        found = []
        for entry in files:
            try:
                found.append(json.loads(entry.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, ValueError) as error:
                raise UsageError(f"领域数据包 {origin} 的 {entry.name} 无法读取 / domain pack "
                                 f"{origin}: {entry.name} cannot be read: {error}") from None
        return found
    raise UsageError(f"领域数据包 {origin} 格式不对 / domain pack {origin} must give a folder of "
                     f"domain JSON files, a dict or a list of dicts, not {type(value).__name__}")


def _validate_pack_domain(data: Any, where: str) -> None:
    import jsonschema


    schema = json.loads(
        data_folder("schemas").joinpath("domain.schema.json").read_text(encoding="utf-8"))
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        path = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise UsageError(f"领域数据包 {where} 不符合 schemas/domain.schema.json（{path}）/ "
                         f"domain pack {where} is not a valid domain file at {path}: "
                         f"{error.message}")


# --------------------------------------------------------------------------- detection


class DetectionMethod(StrEnum):
    SLUG = "slug"
    TITLE = "title"
    ITEMS = "items"
    NONE = "none"


class Candidate(NamedTuple):  # see Department
    slug: str
    score: float


class Detection(NamedTuple):  # see Department
    """Which domain a catalogue belongs to, how sure we are, and what else it could be."""

    slug: str | None
    confidence: float
    method: DetectionMethod
    candidates: tuple[Candidate, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.slug is None and len(self.candidates) > 1


# --------------------------------------------------------------------------- matching


class MatchKind(StrEnum):
    EXACT = "exact"  # the national wording (after name_key)
    ALIAS = "alias"  # a wording of the item seen in other catalogues
    CATEGORY = "category"  # the national item is known only by its 一级事项, which matches
    NEAR = "near"  # a close misspelling of the national wording
    NONE = "none"  # not in the national list: a local addition


@dataclass(frozen=True, slots=True)
class ItemMatch:  # not a NamedTuple: its ``index`` would hide tuple.index
    kind: MatchKind
    index: int | None = None  # position of the national item in Domain.items
    score: float = 0.0

    @property
    def covered(self) -> bool:
        return self.kind is not MatchKind.NONE


NO_MATCH = ItemMatch(MatchKind.NONE)  # a local addition; shared by every such row


@per_run
def _best_by_category(domain: Domain, indexes: tuple[int, ...], category: str) -> int:
    """Of several national items with the same 二级 name (办事指南), the one in this 一级.

    Cached: many 二级 wordings lead to the same national items under the same 一级, and the
    difflib fallback is the costly part of matching a dirty compilation's named rows.
    """
    in_category = [i for i in indexes if i in domain.items_in_category(category)]
    if in_category:
        return in_category[0]

    def closeness(index: int) -> float:
        other = name_key(domain.items[index].category)
        return difflib.SequenceMatcher(None, category, other).ratio()

    return max(indexes, key=closeness)


@per_run
def _match(domain: Domain, category: str, name: str) -> ItemMatch:
    hits = domain.items_named(name) if name else ()
    if hits:
        return _named(domain, category, name, hits)
    found = _category_match(domain, category)
    if found is not None:
        return found
    close = _close_name(domain, name or category)
    if close is not None:
        national, score = close
        index = _best_by_category(domain, domain.items_named(national), category)
        return ItemMatch(MatchKind.NEAR, index, score)
    return NO_MATCH


def _named(domain: Domain, category: str, key: str, hits: tuple[int, ...]) -> ItemMatch:
    """The match of a row whose 二级 (or, failing that, 一级) ``key`` names national items."""
    broad = _broad(domain, category)
    if broad and set(domain.items_in_category(category)).isdisjoint(hits):
        # 特困/审批信息: this 一级's own item, known only by its 一级, not 低保/审批信息
        return ItemMatch(MatchKind.CATEGORY, broad[0], 1.0)
    index = _best_by_category(domain, hits, category)
    item = domain.items[index]
    exact = name_key(item.name or item.category) == key
    return ItemMatch(MatchKind.EXACT if exact else MatchKind.ALIAS, index, 1.0)


def _broad(domain: Domain, category: str) -> list[int]:
    """National items of this 一级 known only by their 一级 (no 二级 name is known)."""
    return [i for i in domain.items_in_category(category) if not domain.items[i].name_known]


@per_run
def _category_match(domain: Domain, category: str) -> ItemMatch | None:
    """What the 一级 ``category`` (a ``name_key``) matches by itself, if anything."""
    hits = domain.items_named(category)
    if hits:
        return _named(domain, category, category, hits)
    broad = _broad(domain, category)
    return ItemMatch(MatchKind.CATEGORY, broad[0], 1.0) if broad else None


@per_run
def _close_name(domain: Domain, key: str) -> tuple[str, float] | None:
    """The national name closest to ``key`` and its score, if close enough to be a near miss.

    Cached by name alone: the same 二级 wording recurs under many 一级 headings, and difflib
    is the expensive part of matching.
    """
    if len(key) < MIN_NEAR_LENGTH:
        return None
    characters, shortest = _name_characters(domain)
    # difflib's own screen, for every national name at once: a name matches at most the
    # characters of key found in some national name, so its ratio is at most this (most local
    # names share too few characters with the national ones to get near; no SequenceMatcher).
    if 2.0 * sum(map(characters.__contains__, key)) / (len(key) + shortest) < NEAR_CUTOFF:
        return None
    close = difflib.get_close_matches(key, domain.name_keys(), n=1, cutoff=NEAR_CUTOFF)
    if not close:
        return None
    return close[0], round(difflib.SequenceMatcher(None, key, close[0]).ratio(), 3)


@per_run
def _name_characters(domain: Domain) -> tuple[frozenset[str], int]:
    """The characters of the domain's national name keys, and the shortest key's length."""
    keys = domain.name_keys()
    return frozenset("".join(keys)), min(map(len, keys), default=0)


def match_item(domain: Domain, category: str, name: str) -> ItemMatch:
    """Match a catalogue row (一级事项, 二级事项) to the domain's national item.

    By normalised name first (二级, or 一级 for one-level rows), choosing the national 一级
    when several share a 二级 name; then by category for items known only at 一级; then a
    close match, reported as a near miss with the national wording.
    """
    category_key, name_key_ = name_key(category), name_key(name)
    known = registry()
    if domain.slug in known and known.get(domain.slug) is domain:
        return _match_cached(domain.slug, category_key, name_key_)
    return _match(domain, category_key, name_key_)  # a domain from another registry


def name_matters(domain: Domain, name: str) -> bool:
    """Whether a row's 二级 ``name`` takes part in its :func:`match_item` at all.

    A blank name, a national name or alias, or one close to a national name does; any other
    name leaves the row to its 一级 alone (:func:`match_category`). A 100k-row compilation has
    ~100k distinct (一级, 二级) pairs but a few hundred 一级 and a few thousand 二级 texts, so
    its rows are matched per distinct text, and per distinct pair only where the name matters.
    """
    key = name_key(name)
    return not key or bool(domain.items_named(key)) or _close_name(domain, key) is not None


def match_category(domain: Domain, category: str) -> ItemMatch:
    """:func:`match_item` of any row in ``category`` whose name does not matter."""
    return _category_match(domain, name_key(category)) or NO_MATCH


@per_run
def _match_cached(slug: str, category: str, name: str) -> ItemMatch:
    # Names repeat across rows and files; difflib is the expensive part of a check.
    return _match(registry().get(slug), category, name)


# --------------------------------------------------------------------------- registry


class DomainRegistry:
    """The 26 domains, looked up by slug, by name or alias, by title, or by item names."""

    def __init__(self, domains: Iterable[Domain]) -> None:
        self._domains = {d.slug: d for d in domains}
        names: dict[str, list[str]] = {}
        items: dict[str, set[str]] = {}
        for domain in self._domains.values():
            for name in domain.names:
                names.setdefault(fold(name), []).append(domain.slug)
            for item in domain.items:
                for text in (item.category, item.name, *item.aliases):
                    if text:
                        items.setdefault(name_key(text), set()).add(domain.slug)
        self._names = {key: tuple(slugs) for key, slugs in names.items()}
        self._items = {key: tuple(sorted(slugs)) for key, slugs in items.items()}

    def __iter__(self) -> Iterator[Domain]:
        return iter(self._domains.values())

    def __len__(self) -> int:
        return len(self._domains)

    def __contains__(self, slug: object) -> bool:
        return slug in self._domains

    def get(self, slug: str) -> Domain:
        try:
            return self._domains[slug]
        except KeyError:
            raise UnknownDomainError(f"unknown domain {slug}") from None

    def lookup(self, name: str) -> Domain:
        """The domain a person named: its slug, Chinese name, an alias ``catalog domains``
        lists, or its English name. Unknown names raise a usage error naming the closest."""
        text = name.strip()
        if text in self._domains:
            return self._domains[text]
        slugs = self._names.get(fold(text), ())
        if len(slugs) == 1:
            return self._domains[slugs[0]]
        if slugs:  # an alias two domains share (自然资源)
            named = ", ".join(f"{slug} ({self._domains[slug].name_zh})" for slug in slugs)
            raise UnknownDomainError(f"“{text}”可指多个领域，请写明 / names several domains, "
                                     f"choose one: {named}")
        by_english = {d.name_en.casefold(): d for d in self._domains.values()}
        if text.casefold() in by_english:
            return by_english[text.casefold()]
        raise UnknownDomainError(self._unknown_message(text))

    def _unknown_message(self, text: str) -> str:
        spellings: dict[str, str] = {}
        for domain in self._domains.values():
            for spelling in (domain.slug, *domain.names, domain.name_en.casefold()):
                spellings.setdefault(fold(spelling), domain.slug)
        close = difflib.get_close_matches(fold(text), list(spellings), n=8, cutoff=0.5)
        close += [key for key in spellings if fold(text) and fold(text) in key]
        slugs = list(dict.fromkeys(spellings[key] for key in close))[:3]
        hint = ", ".join(f"{slug} ({self._domains[slug].name_zh})" for slug in slugs)
        return (f"未知的领域 / unknown domain: {text!r}"
                + (f"；是否要找 / did you mean: {hint}?" if hint else "")
                + " 可用的领域见 `catalog domains` / see `catalog domains`")

    def find(self, name: str) -> Domain | None:
        """The domain a name, alias or sheet title stands for; ``None`` if unknown or ambiguous."""
        if name in self._domains:
            return self._domains[name]
        detection = self.detect_title(name)
        return self._domains[detection.slug] if detection.slug else None

    def detect_title(self, title: str) -> Detection:
        exact = self._names.get(strip_title(title), ())
        if len(exact) == 1:
            return Detection(exact[0], 1.0, DetectionMethod.TITLE, (Candidate(exact[0], 1.0),))
        key = fold(title)
        spans = title_spans(key, self._names)
        strong = {slug for span in strong_spans(key, spans) for slug in span.slugs}
        weak = {slug for span in spans for slug in span.slugs}
        chosen, score = (strong, 0.9) if strong else (weak, 0.5)
        candidates = tuple(Candidate(s, score) for s in self._ordered(chosen))
        if len(candidates) == 1:
            return Detection(candidates[0].slug, score, DetectionMethod.TITLE, candidates)
        return Detection(
            None, 0.0, DetectionMethod.TITLE if candidates else DetectionMethod.NONE, candidates
        )

    def detect_items(self, item_names: Iterable[str], among: Iterable[str] = ()) -> Detection:
        """By overlap with the national item names; a name shared by k domains counts 1/k."""
        allowed = set(among)
        keys = {name_key(n) for n in item_names} - {""}
        scores: dict[str, float] = {}
        for key in keys:
            slugs = [s for s in self._items.get(key, ()) if not allowed or s in allowed]
            for slug in slugs:
                scores[slug] = scores.get(slug, 0.0) + 1.0 / len(slugs)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], self._domains[kv[0]].order))
        candidates = tuple(Candidate(s, round(v / len(keys), 3)) for s, v in ranked[:5])
        if not ranked or ranked[0][1] < 1.0:
            return Detection(None, 0.0, DetectionMethod.NONE, candidates)
        if len(ranked) > 1 and ranked[1][1] >= 0.75 * ranked[0][1]:
            return Detection(None, 0.0, DetectionMethod.ITEMS, candidates)
        return Detection(ranked[0][0], candidates[0].score, DetectionMethod.ITEMS, candidates)

    def detect(self, title: str | None, item_names: Sequence[str]) -> Detection:
        """By title first; else, or among the title's candidates, by item names. Never a guess."""
        by_title = self.detect_title(title) if title else None
        if by_title is not None and by_title.slug:
            return by_title
        among = [c.slug for c in by_title.candidates] if by_title else []
        by_items = self.detect_items(item_names, among)
        if by_items.slug or not among:
            return by_items
        return by_title if by_title is not None else by_items

    def _ordered(self, slugs: Iterable[str]) -> list[str]:
        return sorted(slugs, key=lambda s: self._domains[s].order)


_REGISTRY: list[DomainRegistry] = []  # built on first use


def registry() -> DomainRegistry:
    """The registry of the shipped domain files and installed domain packs, built once."""
    if not _REGISTRY:
        _REGISTRY.append(DomainRegistry(load_domains()))
    return _REGISTRY[0]


def reload_registry(keep: DomainRegistry | None = None) -> DomainRegistry:
    """Build the registry again (a domain pack was installed meanwhile), or put ``keep`` back;
    the match cache, keyed by slug, is emptied with it."""
    _REGISTRY[:] = [keep if keep is not None else DomainRegistry(load_domains())]
    _match_cached.cache_clear()
    return _REGISTRY[0]


def detect(title: str | None, item_names: Sequence[str]) -> Detection:
    return registry().detect(title, item_names)
