"""Property tests of catalog.diff: an edition equals itself, and a diff is a complete patch.

Applying ``diff(a, b, cosmetic=True)`` to ``a`` (remove, add, change field by field) gives
``b``'s items. Neither order nor 序号 is compared (a 修订说明 does not list renumbering), and
channels, audience, mode and level are sets, so items are compared as a multiset with those
normalised.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.standard.model import Document, Item
from catalog.versions import ChangeKind, Diff, diff
from catalog.versions.fields import EXTRA_PREFIX, SET_FIELDS
from tests.conftest import examples
from tests.strategies import documents

PAIRED = (ChangeKind.CHANGED, ChangeKind.RENAMED, ChangeKind.MOVED)


def _patched(item: Item, change: Any) -> Item:
    data = item.model_dump()
    data.setdefault("extra", {})  # an empty map is left out of the dump
    for field in change.fields:
        if field.field.startswith(EXTRA_PREFIX):
            header = field.field.removeprefix(EXTRA_PREFIX)
            if field.value is None:
                data["extra"].pop(header, None)
            else:
                data["extra"][header] = field.value
        else:
            data[field.field] = field.value
    return Item.model_validate(data)


def apply(document: Document, changes: Diff) -> list[Item]:
    """``document``'s items with the diff applied, using only what the diff records."""
    items = {(c, i): item for c, catalogue in enumerate(document.catalogues)
             for i, item in enumerate(catalogue.items)}
    added: list[Item] = []
    for change in changes.changes:
        olds = [items.pop((ref.catalogue, ref.index)) for ref in change.old]
        if change.kind in PAIRED:
            added.append(_patched(olds[0], change))
        else:
            assert all(ref.item is not None for ref in change.new)
            added.extend(ref.item for ref in change.new if ref.item is not None)
    return [*items.values(), *added]


def _key(item: Item) -> str:
    data = item.model_dump(mode="json", exclude={"seq", "original"})
    for name in SET_FIELDS:
        data[name] = sorted(data[name])
    data["extra"] = sorted(data.get("extra", {}).items())  # a map: its order means nothing
    return repr(sorted(data.items()))


def items_of(document: Document) -> list[Item]:
    return [item for catalogue in document.catalogues for item in catalogue.items]


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_an_edition_has_no_changes_from_itself(document: Document) -> None:
    assert diff(document, document, cosmetic=True).changes == ()


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, documents)
def test_a_diff_applied_to_the_old_edition_gives_the_new_items(old: Document,
                                                               new: Document) -> None:
    changes = diff(old, new, cosmetic=True)
    assert Counter(map(_key, apply(old, changes))) == Counter(map(_key, items_of(new)))


@st.composite
def edited(draw: st.DrawFn) -> tuple[Document, Document]:
    """An edition and a later one made by editing some of its items with another's values."""
    old = draw(documents)
    donor = draw(documents)
    donor_items = items_of(donor)
    catalogues = []
    for catalogue in old.catalogues:
        items = []
        for item in catalogue.items:
            action = draw(st.sampled_from(["keep", "keep", "edit", "drop"]))
            if action == "edit" and donor_items:
                source = draw(st.sampled_from(donor_items))
                fields = draw(st.lists(st.sampled_from(
                    ["category", "name", "content", "basis", "time_limit", "channels",
                     "level"]), unique=True, min_size=1))
                item = item.model_copy(update={name: getattr(source, name) for name in fields})
            if action != "drop":
                items.append(item)
        catalogues.append(catalogue.model_copy(update={"items": tuple(items)}))
    return old, Document(catalogues=tuple(catalogues))


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_a_diff_of_an_edited_edition_is_a_complete_patch(pair: tuple[Document, Document]
                                                         ) -> None:
    old, new = pair
    changes = diff(old, new, cosmetic=True)
    assert Counter(map(_key, apply(old, changes))) == Counter(map(_key, items_of(new)))
