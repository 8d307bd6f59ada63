"""Pairing the items of two editions: exact keys first, then similarity among the rest.

Thresholds (documented in the README and tested with real renames):

- An item's *name grams* are the character bigrams of 一级事项 + 二级事项 folded; its
  *content grams* those of 公开内容. Similarity is ``0.6 × name Dice + 0.4 × content Dice``.
- Two unmatched items pair one-to-one when similarity ≥ ``PAIR_THRESHOLD`` (0.6), best pairs
  first: 特困人员救助供养审批 → 特困人员救助供养 with the same content scores 0.925; the same
  content under an unrelated name (临时救助/救助对象名单 → 资金发放/发放公示, name Dice 0)
  scores 0.4 and stays removed + added.
- Split (拆分): one old item whose content holds ≥ ``PART_CONTAINMENT`` (0.7) of each of two or
  more new items' content, none of them alone covering ``WHOLE_COVERAGE`` (0.85) of it, all
  of them together covering at least ``UNION_COVERAGE`` (0.7), names related (Dice ≥
  ``PART_NAME`` 0.3). Merge (合并) is the same the other way round. Both are suggestions.

Bounded work: only items left unmatched by key are compared, and each only with the
``CANDIDATES`` (8) items sharing most of its ``PROBE_GRAMS`` (12) rarest grams; grams held by
more than ``POSTING_LIMIT`` (256) items are too common to tell items apart and are skipped.
So two 100,000-row editions with a few thousand changes pair in well under a second, and
two unrelated editions cannot take quadratic time.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from catalog.standard.model import Item
from catalog.versions.normalise import bigrams, containment, dice, item_keys

PAIR_THRESHOLD = 0.6
NAME_WEIGHT = 0.6
PART_CONTAINMENT = 0.7
WHOLE_COVERAGE = 0.85
UNION_COVERAGE = 0.7
PART_NAME = 0.3
CANDIDATES = 8
PROBE_GRAMS = 12
POSTING_LIMIT = 256


@dataclass
class Pairing:
    """Indexes into the old and new item lists."""

    old_keys: list[tuple[str, str]] = field(default_factory=list)
    new_keys: list[tuple[str, str]] = field(default_factory=list)
    exact: list[tuple[int, int]] = field(default_factory=list)
    similar: list[tuple[int, int, float]] = field(default_factory=list)
    splits: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    merges: list[tuple[tuple[int, ...], int]] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Grams:
    name: frozenset[str]
    content: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        return self.name | self.content


def _grams(item: Item) -> _Grams:
    return _Grams(bigrams(item.category + item.name), bigrams(item.content))


def similarity(old: _Grams, new: _Grams) -> float:
    return NAME_WEIGHT * dice(old.name, new.name) + (1 - NAME_WEIGHT) * dice(
        old.content, new.content)


def _values(item: Item) -> tuple[object, ...]:
    return (item.content, item.basis.text, item.time_limit.text, item.subject, item.channels,
            item.audience, item.mode, item.level)


# Passes of exact pairing: equal key and equal values, then equal key and content, then key.
_PASSES: tuple[Callable[[tuple[str, str], Item], object], ...] = (
    lambda key, item: (key, _values(item)),
    lambda key, item: (key, item.content),
    lambda key, item: key,
)


def _exact(old: Sequence[Item], new: Sequence[Item], old_keys: list[tuple[str, str]],
           new_keys: list[tuple[str, str]]) -> tuple[list[tuple[int, int]], list[int],
                                                     list[int]]:
    """Pairs with equal keys; the indexes left on each side.

    A key written twice (two 办事指南 under one 一级事项) pairs the items that are the same
    first, so removing one duplicate does not shift every later one onto a wrong partner.
    """
    left_old, left_new = list(range(len(old))), list(range(len(new)))
    pairs: list[tuple[int, int]] = []
    for key in _PASSES:
        waiting: dict[object, deque[int]] = defaultdict(deque)
        for index in left_old:
            waiting[key(old_keys[index], old[index])].append(index)
        unpaired = []
        for index in left_new:
            queue = waiting.get(key(new_keys[index], new[index]))
            if queue:
                pairs.append((queue.popleft(), index))
            else:
                unpaired.append(index)
        left_new = unpaired
        taken = {old_index for old_index, _ in pairs}
        left_old = [index for index in left_old if index not in taken]
        if not left_old or not left_new:
            break
    return pairs, left_old, left_new


class _Index:
    """An inverted index of grams over one side's unmatched items, for bounded look-ups."""

    def __init__(self, grams: dict[int, _Grams]) -> None:
        self.grams = grams
        self.postings: dict[str, list[int]] = defaultdict(list)
        for index, item_grams in grams.items():
            for gram in item_grams.all:
                self.postings[gram].append(index)

    def candidates(self, probe: _Grams) -> list[int]:
        usable = [gram for gram in probe.all
                  if 0 < len(self.postings.get(gram, ())) <= POSTING_LIMIT]
        # rarest first; among equally rare grams, by the gram itself: a set's order changes
        # with the process's hash seed, and which grams are probed must not
        usable.sort(key=lambda gram: (len(self.postings[gram]), gram))
        counts: Counter[int] = Counter()
        for gram in usable[:PROBE_GRAMS]:
            counts.update(self.postings[gram])
        return [index for index, _ in counts.most_common(CANDIDATES)]


def _parts(whole: _Grams, candidates: list[int], index: _Index) -> tuple[int, ...]:
    """Candidates that look like parts of ``whole`` (see the module docstring)."""
    parts = []
    for candidate in candidates:
        part = index.grams[candidate]
        if (dice(whole.name, part.name) >= PART_NAME
                and containment(part.content, whole.content) >= PART_CONTAINMENT
                and containment(whole.content, part.content) < WHOLE_COVERAGE):
            parts.append(candidate)
    if len(parts) < 2:
        return ()
    union = frozenset().union(*(index.grams[p].content for p in parts))
    return tuple(sorted(parts)) if containment(whole.content, union) >= UNION_COVERAGE else ()


def _split_or_merge(wholes: dict[int, _Grams], index: _Index, used: set[int],
                    ) -> list[tuple[int, tuple[int, ...]]]:
    found = []
    for whole_index, whole in wholes.items():
        candidates = [c for c in index.candidates(whole) if c not in used]
        parts = _parts(whole, candidates, index)
        if parts:
            found.append((whole_index, parts))
            used.update(parts)
    return found


def pair_items(old: Sequence[Item], new: Sequence[Item]) -> Pairing:
    """Exact pairs, similar pairs, split/merge suggestions, and what is left on each side."""
    old_keys, new_keys = item_keys(old), item_keys(new)
    pairs, removed, added = _exact(old, new, old_keys, new_keys)
    result = Pairing(old_keys=old_keys, new_keys=new_keys, exact=pairs)
    if not removed or not added:
        result.removed, result.added = removed, added
        return result
    old_grams = {i: _grams(old[i]) for i in removed}
    new_grams = {i: _grams(new[i]) for i in added}
    new_index = _Index(new_grams)
    used_new: set[int] = set()
    used_old: set[int] = set()
    result.splits = _split_or_merge(old_grams, new_index, used_new)
    used_old.update(whole for whole, _ in result.splits)
    merges = _split_or_merge({i: g for i, g in new_grams.items() if i not in used_new},
                             _Index({i: g for i, g in old_grams.items() if i not in used_old}),
                             used_old)
    result.merges = [(parts, whole) for whole, parts in merges]
    used_new.update(whole for whole, _ in merges)
    scored = []
    for old_number, grams in old_grams.items():
        if old_number in used_old:
            continue
        for candidate in new_index.candidates(grams):
            if candidate in used_new:
                continue
            score = similarity(grams, new_grams[candidate])
            if score >= PAIR_THRESHOLD:
                scored.append((score, old_number, candidate))
    scored.sort(key=lambda entry: (-entry[0], entry[1], entry[2]))
    for score, old_number, new_number in scored:
        if old_number in used_old or new_number in used_new:
            continue
        used_old.add(old_number)
        used_new.add(new_number)
        result.similar.append((old_number, new_number, round(score, 3)))
    result.removed = [i for i in removed if i not in used_old]
    result.added = [i for i in added if i not in used_new]
    return result
