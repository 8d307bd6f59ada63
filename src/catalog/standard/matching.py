"""One catalogue against its domain's national items: which it holds, which it lacks, which of
its own are local additions. Shared by the CAT4xx rules, coverage reports, publishing and the
scorecard; a reference list a user brings (a province's catalogue) replaces the bundled items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from catalog.standard.domains import (
    Candidate,
    Detection,
    DetectionMethod,
    Domain,
    ItemMatch,
    MatchKind,
    match_item,
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

    @property
    def covered(self) -> frozenset[int]:
        """Indexes (in ``domain.items``) of national items some catalogue item matches."""
        return frozenset(m.index for m in self.matches if m.covered and m.index is not None)

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
        return tuple(i for i, m in enumerate(self.matches) if m.kind is kind)


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
    names: dict[str, None] = {}
    for item in catalogue.items:
        names.update({item.category: None, item.name: None})
    detection = reg.detect(catalogue.title, [n for n in names if n])
    return (reg.get(detection.slug) if detection.slug else None), detection


_CACHE: list[tuple[CatalogueView, CatalogueCoverage]] = []


def analyse_with(catalogue: CatalogueView, reference: ReferenceItems | None) -> CatalogueCoverage:
    """:func:`analyse`, against the reference's items where it covers the catalogue's domain."""
    result = analyse(catalogue)
    domain = reference.get(result.domain.slug) if reference and result.domain else None
    if domain is None:
        return result
    return CatalogueCoverage(domain, result.detection, _matches(domain, catalogue))


def _matches(domain: Domain, catalogue: CatalogueView) -> tuple[ItemMatch, ...]:
    """Each item's match against ``domain``; rows repeat names, so each pair is matched once."""
    seen: dict[tuple[str, str], ItemMatch] = {}
    found: list[ItemMatch] = []
    for it in catalogue.items:
        pair = (it.category, it.name)
        match = seen.get(pair)
        if match is None:
            match = seen[pair] = match_item(domain, it.category, it.name)
        found.append(match)
    return tuple(found)


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
