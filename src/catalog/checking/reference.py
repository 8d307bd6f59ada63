"""Reference lists users bring: any catalogue catalog can read stands in for the national items.

A province's 县级/乡级 reference catalogue, a guideline annex a county holds as xlsx, or last
year's county catalogue: each is read like any catalogue, its catalogues are assigned to their
domains the usual way, and each domain it covers gets a reference :class:`Domain` whose items
are the reference rows. Matching then uses the same normalisation, aliases and near-name rules
as the bundled national items (the bundled aliases carry over to rows that match them).

A reference is complete for a domain only when the user says so (``[reference] complete``) or
when it holds at least the official number of items; otherwise it is 参考 (reference only):
its gaps are reported as information, never as errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from catalog.checking.checker import read_each
from catalog.core.findings import Finding
from catalog.standard.domains import Domain, MatchKind, NationalItem, match_item, name_key, registry
from catalog.standard.matching import resolve_domain
from catalog.standard.model import Catalogue, Item
from catalog.standard.terms import Level

if TYPE_CHECKING:
    from catalog.checking.config import Settings


@dataclass(frozen=True)
class Reference:
    """Reference domains by slug, and what could not be used."""

    domains: Mapping[str, Domain] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    unreadable: tuple[Finding, ...] = ()
    undetermined: tuple[str, ...] = ()  # reference catalogues whose domain is unknown

    def get(self, slug: str) -> Domain | None:
        return self.domains.get(slug)


def _levels(item: Item, catalogue: Catalogue) -> tuple[Level, ...]:
    """The row's 公开层级, else its catalogue's level; both levels when neither is known
    (a list without levels means every item is expected)."""
    if item.level:
        return item.level
    level = catalogue.issuer.level
    if level in (Level.COUNTY, Level.CITY):
        return (Level.COUNTY,)
    if level in (Level.TOWNSHIP, Level.VILLAGE):
        return (Level.TOWNSHIP,)
    return (Level.COUNTY, Level.TOWNSHIP)


def _reference_item(item: Item, catalogue: Catalogue, national: Domain | None,
                    source: str) -> NationalItem:
    aliases: tuple[str, ...] = ()
    if national is not None and (item.name or item.category):
        match = match_item(national, item.category, item.name)
        if match.kind in (MatchKind.EXACT, MatchKind.ALIAS) and match.index is not None:
            known = national.items[match.index]
            own = name_key(item.name)
            aliases = tuple(dict.fromkeys(
                a for a in (known.name, *known.aliases) if a and name_key(a) != own))
    return NationalItem(
        category=item.category or item.name,
        name=item.name if item.category else "",
        aliases=aliases,
        audience=item.audience,
        mode=item.mode,
        level=_levels(item, catalogue),
        subject=item.subject,
        time_limit=item.time_limit.text,
        content=item.content,
        note=f"参照 / reference: {source}",
        evidence="reference",
    )


def reference_domain(base: Domain, rows: Sequence[tuple[Item, Catalogue, str]],
                     *, with_national: bool = False, complete: bool = False) -> Domain:
    """The domain ``base`` with the reference rows as its items (deduplicated by name)."""
    items: list[NationalItem] = list(base.items) if with_national else []
    seen = {(name_key(i.category), name_key(i.name)) for i in items}
    for item, catalogue, source in rows:
        key = (name_key(item.category), name_key(item.name))
        if key in seen or key == ("", ""):
            continue
        if with_national and match_item(base, item.category, item.name).kind in (
                MatchKind.EXACT, MatchKind.ALIAS):
            continue  # the national item already stands for it
        seen.add(key)
        items.append(_reference_item(item, catalogue, base, source))
    official = base.official_counts.items
    sources = tuple(dict.fromkeys(source for _, _, source in rows))
    is_complete = (complete or (with_national and base.items_complete)
                   or (official is not None and len(items) >= official))
    return Domain(
        slug=base.slug, order=base.order, name_zh=base.name_zh, name_en=base.name_en,
        aliases=base.aliases, departments=base.departments, guideline=base.guideline,
        items_complete=is_complete, official_counts=base.official_counts,
        notes=f"reference: {', '.join(sources)}", sources=(), items=tuple(items),
        category_aliases=base.category_aliases, evidence_status=None,
        origin="reference: " + ", ".join(sources) + (" + bundled" if with_national else ""),
    )


def build_reference(catalogues: Sequence[tuple[Catalogue, str]], *, with_national: bool = False,
                    complete: bool = False) -> Reference:
    """Reference domains from already-read catalogues, each with the file it came from."""
    rows: dict[str, list[tuple[Item, Catalogue, str]]] = {}
    undetermined: list[str] = []
    for catalogue, source in catalogues:
        domain, _ = resolve_domain(catalogue)
        if domain is None:
            undetermined.append(f"{source}: {catalogue.title or '?'}")
            continue
        rows.setdefault(domain.slug, []).extend((item, catalogue, source)
                                               for item in catalogue.items)
    reg = registry()
    domains = {slug: reference_domain(reg.get(slug), found, with_national=with_national,
                                      complete=complete) for slug, found in rows.items()}
    files = tuple(dict.fromkeys(source for _, source in catalogues))
    return Reference(domains, files, (), tuple(undetermined))


def load_reference(paths: Sequence[str | Path], settings_for: Callable[[Path], Settings], *,
                   with_national: bool = False, complete: bool = False) -> Reference:
    """Read every reference file (any format catalog reads) with its own settings."""
    read, unreadable = read_each(paths, settings_for)
    found = [(c, entry.name) for entry, loaded in read for c in loaded.document.catalogues]
    built = build_reference(found, with_national=with_national, complete=complete)
    files = tuple(dict.fromkeys(str(p) for p in paths))
    return replace(built, files=files, unreadable=tuple(unreadable))
