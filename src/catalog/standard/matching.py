"""One catalogue against its domain's national items: which it holds, which it lacks, which of
its own are local additions. Shared by the CAT4xx rules, coverage reports, publishing and the
scorecard; a reference list a user brings (a province's catalogue) replaces the bundled items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, compress, repeat
from operator import attrgetter, is_
from typing import Protocol

from catalog.core.caches import per_run_list
from catalog.standard.domains import (
    Candidate,
    Detection,
    DetectionMethod,
    Domain,
    ItemMatch,
    MatchKind,
    match_category,
    match_item,
    name_matters,
    registry,
)
from catalog.standard.records import CatalogueView
from catalog.standard.terms import Level


class ReferenceItems(Protocol):
    """What the analysis needs of a reference list: its domain for a slug, if it has one."""

    def get(self, slug: str) -> Domain | None: ...


@dataclass(frozen=True)
class CatalogueCoverage:
    """How one catalogue's items line up with its domain's national items."""

    domain: Domain | None
    detection: Detection
    matches: tuple[ItemMatch, ...] = ()  # one per catalogue item; empty without a domain

    @cached_property
    def covered(self) -> frozenset[int]:
        """Indexes (in ``domain.items``) of national items some catalogue item matches."""
        return frozenset(m.index for m in _distinct(self.matches)
                         if m.covered and m.index is not None)

    def expected(self, level: Level | None) -> tuple[int, ...]:
        """National items expected at ``level`` (all of them when the level is unknown)."""
        if self.domain is None:
            return ()
        items = self.domain.items
        return tuple(i for i, item in enumerate(items) if level is None or item.expected_at(level))

    def missing(self, level: Level | None) -> tuple[int, ...]:
        covered = self.covered
        return tuple(i for i in self.expected(level) if i not in covered)

    def of_kind(self, kind: MatchKind) -> tuple[int, ...]:
        """Catalogue item indexes whose match is of this kind (NONE: local additions)."""
        kinds = map(_KIND, self.matches)
        return tuple(compress(range(len(self.matches)), map(is_, kinds, repeat(kind))))


_KIND = attrgetter("kind")
_FIELDS = attrgetter("category", "name")


def _distinct(matches: tuple[ItemMatch, ...]) -> Iterable[ItemMatch]:
    """Each match object once: rows share them (one per distinct text), so by identity."""
    return dict(zip(map(id, matches), matches, strict=True)).values()


def resolve_domain(catalogue: CatalogueView) -> tuple[Domain | None, Detection]:
    """The catalogue's domain: its explicit slug, else detected from its title and items."""
    reg = registry()
    if catalogue.domain:
        if catalogue.domain in reg:
            found = Detection(
                catalogue.domain, 1.0, DetectionMethod.SLUG, (Candidate(catalogue.domain, 1.0),)
            )
            return reg.get(catalogue.domain), found
        return None, Detection(None, 0.0, DetectionMethod.SLUG)
    names = dict.fromkeys(chain.from_iterable(map(_FIELDS, catalogue.items)))
    detection = reg.detect(catalogue.title, [n for n in names if n])
    return (reg.get(detection.slug) if detection.slug else None), detection


# Emptied when a check ends: it holds the catalogue, and with it every item, alive.
_CACHE: list[tuple[CatalogueView, CatalogueCoverage]] = per_run_list()


def analyse_with(catalogue: CatalogueView, reference: ReferenceItems | None) -> CatalogueCoverage:
    """:func:`analyse`, against the reference's items where it covers the catalogue's domain."""
    result = analyse(catalogue)
    domain = reference.get(result.domain.slug) if reference and result.domain else None
    if domain is None:
        return result
    return CatalogueCoverage(domain, result.detection, _matches(domain, catalogue))


def _matches(domain: Domain, catalogue: CatalogueView) -> tuple[ItemMatch, ...]:
    """Each item's match against ``domain``, computed per distinct text, not per row.

    Rows match by their 一级 alone unless their 二级 name matters (see ``name_matters``), so
    each distinct 一级 and 二级 text is judged once and only the pairs whose name matters are
    matched as pairs; the rows then take their match in one pass of C-level lookups.
    """
    items = catalogue.items
    categories = list(map(_CATEGORY, items))
    names = list(map(_NAME, items))
    by_category = {text: match_category(domain, text) for text in dict.fromkeys(categories)}
    matter = {text for text in dict.fromkeys(names) if name_matters(domain, text)}
    pairs = compress(zip(categories, names, strict=True), map(matter.__contains__, names))
    by_pair = {pair: match_item(domain, *pair) for pair in dict.fromkeys(pairs)}
    of_category = map(by_category.__getitem__, categories)
    if not by_pair:
        return tuple(of_category)
    return tuple(map(by_pair.get, zip(categories, names, strict=True), of_category))


_CATEGORY = attrgetter("category")
_NAME = attrgetter("name")


def analyse(catalogue: CatalogueView) -> CatalogueCoverage:
    """Match every item once; the CAT4xx rules share the result for the same catalogue object."""
    for cached, result in _CACHE:
        if cached is catalogue:
            return result
    domain, detection = resolve_domain(catalogue)
    matches: tuple[ItemMatch, ...] = ()
    if domain is not None:
        matches = _matches(domain, catalogue)
    result = CatalogueCoverage(domain, detection, matches)
    _CACHE.insert(0, (catalogue, result))
    del _CACHE[8:]
    return result
