"""Comparing two editions: catalogues matched, items paired, changes and notes collected.

Catalogues are matched by (domain, issuer); when an edition does not say who issued it (a
county template read from a workbook), by domain alone; a catalogue whose domain is not
known is compared with the next unmatched catalogue of the other edition. Everything here
runs per item or per
distinct value: two 100,000-row editions compare in about the time it takes to read them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from catalog.core.findings import CatalogueSource
from catalog.formats.loaded import Loaded
from catalog.formats.xlsx_writer import domain_name
from catalog.standard.model import Catalogue, Item
from catalog.standard.vocabulary import fold
from catalog.versions.fields import field_changes
from catalog.versions.normalise import resolved_items
from catalog.versions.pairing import pair_items
from catalog.versions.records import (
    Change,
    ChangeKind,
    Diff,
    EditionInfo,
    FieldChange,
    ItemRef,
    Note,
    summarise,
)
from catalog.versions.superseded import Supersession, superseded_in

NOTE_EXAMPLES = 5


@dataclass
class _Side:
    """One catalogue of one edition, with its items resolved and where they are."""

    catalogue: Catalogue
    items: list[Item]
    source: CatalogueSource | None
    number: int

    def ref(self, index: int, whole: bool = False) -> ItemRef:
        item = self.items[index]
        where = ""
        if self.source is not None and (self.source.pointer is not None
                                        or index < len(self.source.item_rows)):
            where = self.source.reference(index)
        return ItemRef(category=item.category, name=item.name, seq=item.seq, where=where,
                       catalogue=self.number, index=index, item=item if whole else None)


def _sides(loaded: Loaded) -> list[_Side]:
    sources: Sequence[CatalogueSource | None] = loaded.sources
    if len(sources) != len(loaded.document.catalogues):
        sources = [None] * len(loaded.document.catalogues)
    return [_Side(catalogue, resolved_items(catalogue.items), source, number)
            for number, (catalogue, source) in enumerate(
                zip(loaded.document.catalogues, sources, strict=True))]


def _issuer_key(catalogue: Catalogue) -> str | None:
    return fold(catalogue.issuer.name) if catalogue.issuer.name else None


def match_catalogues(old: list[_Side], new: list[_Side]) -> tuple[
        list[tuple[_Side, _Side]], list[_Side], list[_Side]]:
    """Pairs by (domain, issuer), then by domain, then catalogues of unknown domain in order.

    Catalogues of two different known domains are never paired: one was removed, one added.
    """
    pairs: list[tuple[_Side, _Side]] = []
    left_old, left_new = list(old), list(new)

    def pair_by(key: object) -> None:
        waiting: dict[object, list[_Side]] = defaultdict(list)
        for side in left_old:
            if (k := key(side)) is not None:  # type: ignore[operator]
                waiting[k].append(side)
        for side in list(left_new):
            k = key(side)  # type: ignore[operator]
            if k is not None and waiting.get(k):
                match = waiting[k].pop(0)
                pairs.append((match, side))
                left_old.remove(match)
                left_new.remove(side)

    pair_by(lambda s: (s.catalogue.domain, _issuer_key(s.catalogue))
            if _issuer_key(s.catalogue) else None)
    pair_by(lambda s: s.catalogue.domain)
    for old_side in list(left_old):
        partner = next((side for side in left_new if old_side.catalogue.domain is None
                        or side.catalogue.domain is None), None)
        if partner is not None:
            pairs.append((old_side, partner))
            left_old.remove(old_side)
            left_new.remove(partner)
    return pairs, left_old, left_new


def _domain_name(catalogue: Catalogue) -> str:
    name = domain_name(catalogue.domain) if catalogue.domain else None
    return name or catalogue.title or catalogue.domain or "(未知领域)"


def _pair_kind(old: tuple[str, str], new: tuple[str, str], old_categories: set[str],
               new_categories: set[str]) -> ChangeKind:
    """更名 when the name changed in place or the whole 一级事项 was renamed; 移动 otherwise."""
    old_category, old_name = old
    new_category, new_name = new
    if old_category == new_category or not (old_name or new_name):
        return ChangeKind.RENAMED
    if old_category not in new_categories and new_category not in old_categories:
        return ChangeKind.RENAMED  # the 一级事项 itself has a new name
    return ChangeKind.MOVED


@dataclass(frozen=True)
class _Catalogue:
    """What every change of one catalogue says about where it belongs."""

    domain: str | None
    domain_name: str
    issuer: str | None

    def change(self, kind: ChangeKind, old: tuple[ItemRef, ...] = (),
               new: tuple[ItemRef, ...] = (), fields: tuple[FieldChange, ...] = (),
               similarity: float | None = None) -> Change:
        return Change(kind=kind, domain=self.domain, domain_name=self.domain_name,
                      issuer=self.issuer, old=old, new=new, fields=fields,
                      suggestion=kind.suggestion, similarity=similarity)


class _Collector:
    """Changes of every catalogue pair, keyed for the new edition's order, and the notes."""

    def __init__(self, cosmetic: bool) -> None:
        self.cosmetic = cosmetic
        self.changes: list[tuple[tuple[int, int, float], Change]] = []
        self.notes: list[Note] = []
        self.catalogue_number = 0

    def visible(self, fields: list[FieldChange]) -> tuple[FieldChange, ...]:
        return tuple(f for f in fields if self.cosmetic or not f.cosmetic)

    def add(self, position: float, change: Change) -> None:
        self.changes.append(((self.catalogue_number, 0, position), change))

    def compare(self, old: _Side | None, new: _Side | None) -> None:
        self.catalogue_number += 1
        shown = new or old
        assert shown is not None
        base = _Catalogue(shown.catalogue.domain, _domain_name(shown.catalogue),
                          shown.catalogue.issuer.name)
        if new is not None:
            self._notes(new, base)
        if old is None or new is None:
            for index in range(len(shown.items)):
                self.add(index, base.change(ChangeKind.REMOVED, old=(shown.ref(index),))
                         if new is None else
                         base.change(ChangeKind.ADDED, new=(shown.ref(index, whole=True),)))
            return
        pairing = pair_items(old.items, new.items)
        position_of = {o: n for o, n in pairing.exact}
        position_of.update({o: n for o, n, _ in pairing.similar})
        for o, n in pairing.exact:
            fields = self.visible(field_changes(old.items[o], new.items[n]))
            if fields:
                self.add(n, base.change(ChangeKind.CHANGED, (old.ref(o),), (new.ref(n),),
                                        fields))
        old_categories = {category for category, _ in pairing.old_keys}
        new_categories = {category for category, _ in pairing.new_keys}
        for o, n, score in pairing.similar:
            kind = _pair_kind(pairing.old_keys[o], pairing.new_keys[n], old_categories,
                              new_categories)
            fields = self.visible(field_changes(old.items[o], new.items[n]))
            self.add(n, base.change(kind, (old.ref(o),), (new.ref(n),), fields, score))
        for whole, parts in pairing.splits:
            self.add(parts[0], base.change(ChangeKind.SPLIT, (old.ref(whole),),
                                           tuple(new.ref(p, whole=True) for p in parts)))
        for parts, whole in pairing.merges:
            self.add(whole, base.change(ChangeKind.MERGED, tuple(old.ref(p) for p in parts),
                                        (new.ref(whole, whole=True),)))
        for n in pairing.added:
            self.add(n, base.change(ChangeKind.ADDED, new=(new.ref(n, whole=True),)))
        self._removed(old, pairing.removed, position_of, base)

    def _removed(self, old: _Side, removed: list[int], position_of: dict[int, int],
                 base: _Catalogue) -> None:
        """Removals sit after the new item that follows their old predecessor."""
        gone = set(removed)
        last = -0.5
        for index in range(len(old.items)):
            if index in position_of:
                last = position_of[index] + 0.5
            elif index in gone:
                self.add(last, base.change(ChangeKind.REMOVED, old=(old.ref(index),)))

    def _notes(self, new: _Side, base: _Catalogue) -> None:
        found: dict[Supersession, list[int]] = defaultdict(list)
        for index, item in enumerate(new.items):
            for entry in superseded_in(item.basis.text):
                found[entry].append(index)
        for entry, indexes in found.items():
            self.notes.append(Note(
                domain=base.domain, domain_name=base.domain_name, cited=entry.cited,
                replaced_by=entry.replaced_by, since=entry.since, count=len(indexes),
                examples=tuple(new.ref(i) for i in indexes[:NOTE_EXAMPLES])))


def _info(loaded: Loaded) -> EditionInfo:
    return EditionInfo(file=loaded.file, catalogues=len(loaded.document.catalogues),
                       items=sum(len(c.items) for c in loaded.document.catalogues))


def compare(old: Loaded, new: Loaded, *, cosmetic: bool = False) -> Diff:
    """Every change from ``old`` to ``new``, in the new edition's order."""
    pairs, removed, added = match_catalogues(_sides(old), _sides(new))
    collector = _Collector(cosmetic)
    for old_side, new_side in pairs:
        collector.compare(old_side, new_side)
    for side in added:
        collector.compare(None, side)
    for side in removed:
        collector.compare(side, None)
    collector.changes.sort(key=lambda entry: entry[0])
    changes = tuple(change for _, change in collector.changes)
    return Diff(old=_info(old), new=_info(new), cosmetic_included=cosmetic,
                summary=summarise(changes), changes=changes, notes=tuple(collector.notes))
