"""Turning the data rows of one table into items: continuation rows, 同上 and merged blanks.

Rows arrive in order; an item is complete when the next item starts, and complete items are
built a batch (``_BATCH``) at a time, so a few thousand rows' cells are held at most. A value
comes from the row above only where the file says so: a merged cell, 同上, a continuation row
of the same item, or a blank 一级事项 in a column laid out as groups (each 一级事项 written
once above its rows; see :class:`_Groups`). Such values are counted per field and reported
once per table. Any other blank stays blank: a blank required cell is missing data, which the
rules report (CAT101).

Speed: a batch is built a field at a time. 依据, 时限, 主体, 渠道 and the marks repeat
massively, so each table keeps one dict per field from cell text to its converted value, and a
column's texts are looked up in one C-level pass; 序号 and texts that rarely repeat are
converted in C where they are plain. Only the cells that need 同上, a merge or a blank
resolved are visited one by one, and values and records are assembled per column."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, compress, islice, repeat
from operator import and_, attrgetter, contains, eq, getitem, gt, is_, itemgetter, not_
from typing import Any, NamedTuple

from catalog.core.caches import BACKSTOP
from catalog.core.findings import Finding, Location, column_letter
from catalog.formats import cells as conv
from catalog.formats.headers import ColumnMap
from catalog.rules import layout
from catalog.rules import values as values_rules
from catalog.standard.records import BasisRecord, ItemRecord, build_records
from catalog.standard.vocabulary import SAME_AS_ABOVE, clean_text, clean_texts, is_same_as_above

# Fields joined over continuation rows; also the required texts whose blank under a written
# cell looks like a merge that CSV flattened (CAT519).
_JOINED = ("content", "basis", "time_limit", "subject", "channels")
# Fields whose cells ``catalog fix`` trims: their silently trimmed blanks are reported (CAT211).
_TRIMMED = frozenset({"seq", "category", "name", *_JOINED})
_SAMPLE = 5
# Item fields in model order: the converted fields, then extra and original.
_KEYS = ("seq", "category", "name", "content", "basis", "time_limit", "subject", "channels",
         "audience", "mode", "level")
_CHOICES = ("audience", "mode", "level")
# Fields whose original wording replaces a 同上 kept by the resolving step.
_OVERRIDE = frozenset({"seq", *_CHOICES})
_CHOICE_SLOTS = {name: _KEYS.index(name) for name in _CHOICES}
# Distinct texts kept per field and table: all of them while the field's texts repeat (a
# province's compilation has 45,000 distinct 依据 in 100,000 rows: a fixed 8,192 made most of
# them convert twice), only the first _CACHE_SMALL of a field whose texts rarely repeat (its
# 89,000 distinct 公开内容 would hold 28 MiB for almost no hits). Freed when the table is built;
# the bound is the per-run caches' backstop.
_CACHE_SMALL = 8192
_CACHE_LIMIT = BACKSTOP
# One shared empty mapping for items without extra columns or original wording: nothing
# mutates an item's dicts (items are frozen), and 100,000 empty dicts cost 6 MiB.
_NONE: dict[str, str] = {}
_value = attrgetter("value")  # of an Entry
_wording = attrgetter("wording")
_understood = attrgetter("understood")
_choice_wording = attrgetter("choice_wording")
_is_none = partial(is_, None)
_UNKNOWN = object()  # not in a field cache (None is: 同上)
_cells_of = attrgetter("cells")  # of a _Pending
_covered_of = attrgetter("covered")
_row_of = attrgetter("row")
_more_of = attrgetter("more")
# Items built together a field at a time (see ItemBuilder._build_batch): large enough that a
# column's C-level passes dominate, small enough that the rows held stay a few MiB.
_BATCH = 2048


@dataclass
class _Tally:
    count: int = 0
    cells: list[str] = field(default_factory=list)
    first: tuple[int, int] | None = None  # (row, 1-based column) of the first cell

    def add(self, cell: str, row: int = 0, column: int | None = None) -> None:
        self.count += 1
        if self.first is None and row:
            self.first = (row, column or 0)
        if len(self.cells) < _SAMPLE:
            self.cells.append(cell)

    def add_cells(self, rows: list[int], column: int) -> None:
        """``add_cell`` for cells of one column in ascending rows."""
        if not rows:
            return
        self.count += len(rows)
        if self.first is None:
            self.first = (rows[0], column)
        room = _SAMPLE - len(self.cells)
        if room > 0:
            letter = column_letter(column)
            self.cells += [f"{letter}{row}" for row in rows[:room]]

    def add_cell(self, row: int, column: int) -> None:
        """``add`` for a cell at a 1-based column; the name is only formatted for a sample."""
        self.count += 1
        if self.first is None:
            self.first = (row, column)
        if len(self.cells) < _SAMPLE:
            self.cells.append(f"{column_letter(column)}{row}")


def _cell(cells: list[str], column: int) -> str:
    return cells[column] if column < len(cells) else ""


def _tuple_getter(columns: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """A fast getter of several cells that always returns a tuple."""
    if len(columns) >= 2:
        return itemgetter(*columns)
    return lambda cells: tuple(cells[column] for column in columns)


_ABSENT = conv.Entry((), (), True, None)  # 公开对象/方式/层级 without a word column


_new_entry = partial(tuple.__new__, conv.Entry)


def _as_entries(values: Iterable[Any]) -> list[conv.Entry | None]:
    """The entries of values that keep no wording (what converting a plain text gives), in C."""
    return list(map(_new_entry, zip(values, repeat(()), repeat(True), repeat(None))))


def _blank_covered(values: list[Any], covers: list[frozenset[int]], column: int,
                   blank: Any) -> list[Any]:
    """A column's values with those of cells a merge covers from above as ``blank``: each is
    ``(value, blank)[covered]``, in C."""
    return list(map(getitem, zip(values, repeat(blank)), map(contains, covers, repeat(column))))
# Fields whose one-line, trimmed texts are their values as they stand (read_content,
# read_basis): the values of such texts, from a column of them.
_PLAIN: dict[str, Callable[[list[str]], Iterable[Any]]] = {
    "content": lambda texts: texts,
    "basis": lambda texts: map(partial(tuple.__new__, BasisRecord), zip(texts)),
}


def _plain_seq_entries(texts: list[str]) -> list[Any] | None:
    """序号 differs on every row: a column of plain numbers (what the field cache would give
    each of them, one miss at a time) is converted in C; None if any is not one."""
    if all(map(str.isdigit, texts)) and all(map(str.isascii, texts)):
        return _as_entries(texts)
    return None


class _FieldCache(dict[str, conv.Entry | None]):
    """Cell text → converted entry for one field; a text that may need resolving gives None.

    Looked up with ``dict.__getitem__`` over a whole row at once: hits never leave C, misses
    convert here (and stay cached while there is room). A text with blanks the reader trims
    silently gives None too, so the slow path reports its cell (CAT211).
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.convert = conv.field_converter(name)
        self.grouping = name == "category"  # a blank 一级事项 may be its group's (_Groups)
        self.name, self.trims = name, name in _TRIMMED
        self.rows = 0  # the rows looked up so far: how often this field's texts repeat
        self.misses = 0

    def lookup(self, texts: list[str]) -> list[Any]:
        """Each text's entry, looked up in C. A field whose texts rarely repeat (once the cache
        keeps no more of them) takes its plain texts (one line, no blanks around, not 同上)
        as they are, in C too: what converting them one by one would give."""
        if self.name == "seq":
            found = _plain_seq_entries(texts)
            if found is not None:
                return found
        plain = _PLAIN.get(self.name)
        if plain is None:
            return list(map(self.__getitem__, texts))
        entries: list[Any]  # an entry, None (同上), or _UNKNOWN until converted
        if not self.settled():
            entries = list(map(self.get, texts, repeat(_UNKNOWN)))
            unknown = list(compress(range(len(texts)), map(is_, entries, repeat(_UNKNOWN))))
        else:
            entries = _as_entries(plain(texts))
            kept = map(and_, map(str.isprintable, texts), map(eq, map(str.strip, texts), texts))
            unknown = list(compress(range(len(texts)), map(not_, kept)))
            if not SAME_AS_ABOVE.isdisjoint(texts):
                unknown = sorted({*unknown, *(index for index, text in enumerate(texts)
                                              if text in SAME_AS_ABOVE)})
        if unknown:
            wanted = list(map(texts.__getitem__, unknown))
            converted = self._convert_plain(list(dict.fromkeys(wanted)), plain)
            for index, entry in zip(unknown, map(converted.__getitem__, wanted), strict=True):
                entries[index] = entry
        return entries

    def _convert_plain(self, texts: list[str], plain: Callable[[list[str]], Iterable[Any]]
                       ) -> dict[str, conv.Entry | None]:
        """Entries of texts not in the cache, of a field whose value is its cleaned text:
        cleaned together in C (``clean_texts``); a text that cleaning changes, or 同上, takes
        the one-by-one path (``__missing__``), which tells silently trimmed blanks."""
        copies = clean_texts(texts)
        unchanged = list(map(eq, copies, texts))
        # a text cleaning leaves as it is keeps its own object: (copy, text)[unchanged]
        cleaned: list[str] = list(map(getitem, zip(copies, texts, strict=True), unchanged))
        entries: dict[str, conv.Entry | None] = dict(zip(texts, _as_entries(plain(cleaned)),
                                                         strict=True))
        odd = list(compress(texts, map(not_, unchanged)))
        odd += SAME_AS_ABOVE.intersection(texts)
        for text in odd:
            del entries[text]
        self.misses += len(entries)
        room = self._room()
        if room > 0:
            self.update(islice(entries.items(), room))
        for text in odd:
            entries[text] = self[text]
        return entries

    def settled(self) -> bool:
        """Whether new texts are no longer kept: the field's texts rarely repeat."""
        return len(self) >= _CACHE_SMALL and 2 * self.misses > self.rows

    def _room(self) -> int:
        """How many more texts are kept: any while the texts repeat (at most half the rows so
        far missed the cache), else up to the small size."""
        return (_CACHE_LIMIT if 2 * self.misses <= self.rows else _CACHE_SMALL) - len(self)

    def __missing__(self, text: str) -> conv.Entry | None:
        # 同上 (or a group's blank 一级事项) is resolved from the row above: not cached as a value
        stripped = text.strip()
        if stripped in SAME_AS_ABOVE or (self.grouping and not stripped):
            entry = None
        else:
            entry = self.convert(text)
            value = entry.value
            if self.trims and not (value == text if type(value) is str
                                   else getattr(value, "text", None) == text) and (
                    conv.unreported_whitespace(self.name, text)):
                entry = None  # blanks trimmed silently: the slow path reports the cell
        self.misses += 1
        if self._room() > 0:
            self[text] = entry  # None too: 同上 and merged blanks recur on most rows
        return entry


@dataclass
class _Groups:
    """Whether a table writes 一级事项 once per group, decided from the whole column.

    A blank 一级事项 on a row with its own 二级事项, under a written (or group-read) one, is a
    candidate. The column is a group column when its written values never repeat on adjacent
    items: a column filled in row by row repeats them (templates made by ``catalog template``
    do, and workbooks catalog writes are never inferred at all), so there a blank is a gap.
    Only in a group column do the candidates take the value above.
    """

    candidates: list[tuple[int, int, int, str]] = field(default_factory=list)  # item, row, col
    repeats: int = 0
    last_written: str | None = None

    def blank(self, item: int, row: int, column: int, above: str) -> None:
        self.candidates.append((item, row, column, above))

    def is_group_column(self) -> bool:
        return bool(self.candidates) and not self.repeats


class _Pending(NamedTuple):
    """An item's rows while it is read: its first row, and the rows continuing it."""

    row: int
    cells: list[str]
    covered: frozenset[int]
    more: list[tuple[int, list[str], frozenset[int]]] | None = None


_new_pending = partial(tuple.__new__, _Pending)  # from (row, cells, covered, None), in C


class ItemBuilder:
    """Collects a table's rows and builds its items."""

    def __init__(self, file: str, sheet: str | None, columns: ColumnMap, *,
                 flattened: bool = False, infer_groups: bool = True) -> None:
        """``flattened``: the file cannot keep merged cells (CSV); ``infer_groups``: a blank
        一级事项 may be read as its group's (not in workbooks written by catalog itself)."""
        self.file, self.sheet, self.columns = file, sheet, columns
        self.flattened, self.infer_groups = flattened, infer_groups
        self.items: list[ItemRecord] = []
        self.item_rows: list[int] = []
        self.findings: list[Finding] = []
        self._pending: _Pending | None = None
        self._batch: list[_Pending] = []  # items whose rows are all read, not yet built
        self._from_above: dict[str, _Tally] = {}
        self._groups = _Groups()
        self._flattened_blanks = _Tally()
        self._continuations = _Tally()
        fields = columns.fields
        self._key_columns = [fields[name] for name in ("seq", "category", "name") if name in fields]
        # Each field has a slot: the item fields in model order, then any others.
        names = [name for name in _KEYS if name in fields]
        names += [name for name in fields if name not in _KEYS]
        slot = {name: index for index, name in enumerate(names)}
        self._text = [(name, fields[name]) for name in names]
        self._plan = [(slot[name], name, column) for name, column in fields.items()]
        self._category = slot.get("category")
        self._category_column = fields.get("category", -1)
        self._required = [(slot[name], fields[name]) for name in _JOINED if name in fields]
        self._choices = [(slot[name], name, column) for name, column in fields.items()
                         if name in _CHOICES]
        self._previous: Sequence[str] = [""] * len(names)
        # Per slot: text → converted entry, for texts that never need resolving.
        self._caches = [_FieldCache(name) for name in names]
        # The fields the table lacks read as blank cells.
        absent = [name for name in _KEYS if name not in fields]
        self._absent = [_ABSENT if name in _CHOICES else conv.field_converter(name)("")
                        for name in absent]
        slot.update({name: len(names) + index for index, name in enumerate(absent)})
        self._in_order = names == list(_KEYS[:len(names)])
        self._value_slots = _tuple_getter([slot[name] for name in _KEYS])
        self._ticks = conv.TickReader(columns.ticks, _CHOICE_SLOTS)
        self._parent_columns = columns.parents
        self._parents_above: tuple[str, ...] = ()
        used = [*fields.values(), *self._ticks.columns, *columns.extras, *columns.parents]
        self._width = max(used, default=0) + 1

    # ----------------------------------------------------------------- rows
    def add_row(self, row: int, cells: list[str], covered: frozenset[int]) -> None:
        self.add_rows([row], [cells], [covered])

    def add_rows(self, rows: list[int], cells: list[list[str]],
                 covers: list[frozenset[int]]) -> None:
        """Data rows in order; whether each starts an item is told a column at a time."""
        width = self._width
        for index in compress(range(len(cells)), map(gt, repeat(width), map(len, cells))):
            cells[index].extend([""] * (width - len(cells[index])))
        starts = self._starts(cells, covers)
        if all(starts):  # one-row items (most tables): no row continues another
            pendings = list(map(_new_pending, zip(rows, cells, covers, repeat(None))))
            if self._pending is not None:
                self._batch.append(self._pending)
            self._pending = pendings.pop()
            self._batch += pendings
            if len(self._batch) >= _BATCH:
                self._build_batch()
            return
        for row, row_cells, covered, starts_item in zip(rows, cells, covers, starts,
                                                        strict=True):
            pending = self._pending
            if pending is not None:
                if not starts_item:
                    if pending.more is None:
                        self._pending = pending = pending._replace(more=[])
                    assert pending.more is not None
                    pending.more.append((row, row_cells, covered))
                    self._continuations.add(str(row), row)
                    continue
                self._batch.append(pending)
                if len(self._batch) >= _BATCH:
                    self._build_batch()
            self._pending = _Pending(row, row_cells, covered)

    def _starts(self, cells: list[list[str]], covers: list[frozenset[int]]) -> list[bool]:
        """Whether each row starts an item: a key cell (序号, 一级/二级事项) is written there,
        not covered by a merge from above. Otherwise the row continues the item above."""
        if not self._key_columns:
            return [True] * len(cells)
        merged = any(covers)
        written = []
        for column in self._key_columns:
            here = list(map(bool, map(str.strip, map(itemgetter(column), cells))))
            written.append(_blank_covered(here, covers, column, False) if merged else here)
        return list(map(any, zip(*written, strict=True)))

    def finish(self) -> None:
        if self._pending is not None:
            self._batch.append(self._pending)
            self._pending = None
        self._build_batch()
        self._fill_groups()
        self._report()
        for cache in self._caches:  # every item is built: let the distinct texts go
            cache.clear()

    def _fill_groups(self) -> None:
        """Blank 一级事项 in a group column take their group's value, and say so (CAT511)."""
        groups, slot = self._groups, self._category
        if slot is None or not self.infer_groups or not groups.is_group_column():
            return
        rule, tally = layout.GROUP_COLUMN_FILLED, _Tally()
        convert = self._caches[slot].convert
        for index, row, column, above in groups.candidates:
            item = self.items[index]
            value, wording, _, _ = convert(above)
            # "" as the original wording: the cell was blank, the value is the group's.
            self.items[index] = item._replace(
                category=value, original={**item.original, **dict(wording), "category": ""})
            tally.add_cell(row, column + 1)
        self.findings.append(rule.at(self._where(tally), field="category", count=tally.count,
                                     cells="、".join(tally.cells)))

    # ----------------------------------------------------------------- one item
    def _texts(self, pending: _Pending) -> list[str]:
        """The texts of an item over several rows: the joined fields' written cells joined
        line by line, the others as its first row has them."""
        assert pending.more is not None
        texts: list[str] = []
        for name, column in self._text:
            text = _cell(pending.cells, column)
            if name in _JOINED:
                parts = [text] if text.strip() else []
                for _, cells, covered in pending.more:
                    extra = _cell(cells, column)
                    if extra.strip() and column not in covered:
                        parts.append(extra)
                text = "\n".join(parts)
            texts.append(text)
        return texts

    def _build_batch(self) -> None:
        """The batch's items a field at a time.

        Each column's texts are looked up in its field cache in one C-level pass. Only the
        cells that need more (同上, a merged or grouped blank, blanks trimmed silently) are
        visited one by one, in row order, each taking the text above as resolved; values,
        original wording and records are then assembled per column. Findings come out in the
        order the rows give them.
        """
        batch, self._batch = self._batch, []
        if not batch:
            return
        count = len(batch)
        numbers = range(count)
        cells = list(map(_cells_of, batch))
        covers = list(map(_covered_of, batch))
        text_columns = [list(map(itemgetter(column), cells)) for _, column in self._text]
        joined = list(compress(numbers, map(_more_of, batch)))
        for index in joined:  # an item over several rows: its texts joined
            for column_texts, text in zip(text_columns, self._texts(batch[index]), strict=True):
                column_texts[index] = text
        self._track_groups(cells, covers)
        raw = ({slot: list(text_columns[slot]) for slot, _ in self._required}
               if self.flattened else {})
        caches = self._caches
        for cache in caches:
            cache.rows += count
        columns = [cache.lookup(column) for cache, column in zip(caches, text_columns, strict=True)]
        found: dict[int, list[Finding]] = {}  # item → its findings, in the order rows give them
        same: dict[int, list[tuple[str, str]]] = {}  # item → the 同上 it kept, in plan order
        from_above: dict[str, list[int]] = {}
        self._resolve(batch, covers, text_columns, columns, found, same, from_above)
        if raw:
            self._flattened_blanks_of(batch, raw, text_columns)
        columns += [[entry] * count for entry in self._absent]
        ordered = columns if self._in_order else list(self._value_slots(columns))
        values = [list(map(_value, column)) for column in ordered]
        # What each item keeps of its original wording, as parts: the 同上 it resolved, each
        # field's entry, each choice's word cell, its ticks. Built once per distinct
        # combination of parts (joined in C where plain joining gives the right dict) and
        # shared by the items that have it (items are frozen).
        kept_same = {index: tuple(pairs) for index, pairs in same.items()}
        parts: list[list[Any]] = [list(map(kept_same.get, numbers, repeat(())))] if same else []
        kinds: list[str | None] = [None] if same else []  # what each part is
        worded = set()
        for name, column in zip(_KEYS, ordered, strict=True):
            wordings = list(map(_wording, column))
            if any(wordings):
                parts.append(wordings)
                kinds.append("")
                worded.add(name)
        for slot, name, column_number in self._choices:
            column = columns[slot]
            wordings = list(map(_choice_wording, column))
            if wordings.count(None) < count:
                parts.append(wordings)
                kinds.append(name)
            for index in compress(numbers, map(not_, map(_understood, column))):
                found.setdefault(index, []).append(self._unreadable_finding(
                    batch[index].row, column_number, name, text_columns[slot][index]))
        if self._ticks.columns:
            parts.append(self._tick_columns(batch, cells, joined, values, found))
            kinds.append("ticks")
        kept: list[dict[str, str]] = [_NONE] * count
        if parts:  # one dict per distinct combination of parts, shared by its items
            signatures = list(zip(*parts, strict=True))
            distinct = list(dict.fromkeys(signatures))
            if set(kinds) <= {None, "", "ticks"} and not (
                    {name for pairs in same.values() for name, _ in pairs} & worded) - _OVERRIDE:
                # every part is pairs and no kept 同上 gives way: joined in order, in C
                made = [wording or _NONE
                        for wording in map(dict, map(chain.from_iterable, distinct))]
            else:
                made = list(map(partial(self._original, kinds), distinct))
            kept = list(map(dict(zip(distinct, made, strict=True)).__getitem__, signatures))
        extras = list(map(self._extras, batch)) if self.columns.extras else [_NONE] * count
        parents = list(map(self._parents, cells)) if self._parent_columns else [()] * count
        self.items += build_records([*values, extras, kept, parents])
        self.item_rows += map(_row_of, batch)
        for index in sorted(found):
            self.findings += found[index]
        self._tally_from_above(batch, from_above)
        self._previous = [column[-1] for column in text_columns]

    def _original(self, kinds: list[str | None], signature: tuple[Any, ...]
                  ) -> dict[str, str]:
        """The original wording an item keeps, from its parts (see ``_build_batch``): the 同上
        it resolved (kind None), its fields' wording (""), a choice's word cell (its name),
        its ticks' wording ("ticks"), in that order."""
        original: dict[str, str] = {}
        for kind, part in zip(kinds, signature, strict=True):
            if kind is None:
                original.update(part)
            elif not kind:
                for name, before in part:  # a 同上 kept gives way to 序号 and the choices
                    if name in _OVERRIDE or name not in original:
                        original[name] = before
            elif kind == "ticks":
                original.update(part)
            elif part is not None:
                original[kind] = part
        return original or _NONE

    def _resolve(self, batch: list[_Pending], covers: list[frozenset[int]],
                 texts: list[list[str]], entries: list[list[Any]], found: dict[int, list[Finding]],
                 same_kept: dict[int, list[tuple[str, str]]], from_above: dict[str, list[int]]
                 ) -> None:
        """Per field: merged cells are counted, 同上 takes the text above, a blank 一级事项 may
        be its group's, and what is still unresolved is converted as written."""
        numbers = range(len(batch))
        merged = frozenset().union(*set(covers))  # the columns any merge covers (few patterns)
        base, previous = len(self.items), self._previous
        name_column = self.columns.fields.get("name")
        for slot, name, column in self._plan:
            column_texts, column_entries = texts[slot], entries[slot]
            covered = (list(compress(numbers, map(contains, covers, repeat(column))))
                       if column in merged else [])
            if covered:
                from_above[name] = covered
            if None not in column_entries:
                continue
            cache, same = self._caches[slot], list[int]()
            unresolved = list(compress(numbers, map(_is_none, column_entries)))
            if self._only_same_as_above(batch, covered, name, column_texts, unresolved):
                self._take_above(slot, name, column_texts, column_entries, unresolved, same_kept,
                                 same)
                unresolved = []
            skip = set(covered)
            for index in unresolved:
                if index not in skip:
                    text = column_texts[index]
                    before = column_texts[index - 1] if index else previous[slot]
                    pending = batch[index]
                    if cache.trims and conv.unreported_whitespace(name, pending.cells[column]):
                        found.setdefault(index, []).append(
                            self._stray_whitespace(pending.row, column, name))
                    if is_same_as_above(text) and before.strip():
                        same_kept.setdefault(index, []).append((name, text.strip()))
                        column_texts[index] = before
                        same.append(index)
                    elif slot == self._category and not text.strip() and before.strip():
                        column_entries[index] = cache.convert(text)  # blank until decided
                        if name_column is not None and pending.cells[name_column].strip():
                            self._groups.blank(base + index, pending.row, column, before)
                            column_texts[index] = before  # the next row's "above"
                        continue
                text = column_texts[index]
                column_entries[index] = cache[text] or cache.convert(text)
            if same:
                from_above[name] = sorted([*covered, *same])

    def _only_same_as_above(self, batch: list[_Pending], covered: list[int], name: str,
                            texts: list[str], unresolved: list[int]) -> bool:
        """Whether a column's unresolved cells are all a plain 同上 (most are): written as
        such, on an item's only row, not merged, and with no blanks to report."""
        written = set(map(texts.__getitem__, unresolved))
        return (written <= SAME_AS_ABOVE and set(covered).isdisjoint(unresolved)
                and not any(map(_more_of, map(batch.__getitem__, unresolved)))
                and not any(map(conv.unreported_whitespace, repeat(name), written)))

    def _take_above(self, slot: int, name: str, texts: list[str], entries: list[Any],
                    unresolved: list[int], same_kept: dict[int, list[tuple[str, str]]],
                    same: list[int]) -> None:
        """What ``_resolve`` does with plain 同上 cells, in row order: each takes the text
        above as resolved, unless that is blank, and is converted as what it then says."""
        cache, above = self._caches[slot], self._previous[slot]
        for index in unresolved:
            text = texts[index]
            before = texts[index - 1] if index else above
            if before.strip():
                same_kept.setdefault(index, []).append((name, text))
                texts[index] = before
                same.append(index)
                text = before
            entries[index] = cache[text] or cache.convert(text)

    def _tally_from_above(self, batch: list[_Pending], from_above: dict[str, list[int]]) -> None:
        """Count the cells that took the value above, each field's first appearing first."""
        tallies = self._from_above
        columns = self.columns.fields
        plan = {name: position for position, (_, name, _) in enumerate(self._plan)}
        for name in sorted(from_above, key=lambda name: (from_above[name][0], plan[name])):
            tallies.setdefault(name, _Tally()).add_cells(
                [batch[index].row for index in from_above[name]], columns[name] + 1)

    def _flattened_blanks_of(self, batch: list[_Pending], raw: dict[int, list[str]],
                             texts: list[list[str]]) -> None:
        """CSV: a blank required cell under a written one, as a flattened merge leaves it."""
        previous = self._previous
        blanks = []
        for position, (slot, column) in enumerate(self._required):
            above = texts[slot]
            for index, text in enumerate(raw[slot]):
                if not text.strip() and (above[index - 1] if index else previous[slot]).strip():
                    blanks.append((index, position, column))
        for index, _, column in sorted(blanks):
            self._flattened_blanks.add_cell(batch[index].row, column + 1)

    def _track_groups(self, cells: list[list[str]], covers: list[frozenset[int]]) -> None:
        """Feed the group-column pattern (see _Groups): written 一级事项 repeated on adjacent
        items."""
        if self._category is None:
            return
        column, groups = self._category_column, self._groups
        written = list(map(str.strip, map(itemgetter(column), cells)))
        if any(covers):
            written = _blank_covered(written, covers, column, "")
        for text in compress(written, map(eq, written, [groups.last_written, *written[:-1]])):
            if text and text not in SAME_AS_ABOVE:
                groups.repeats += 1
        last = written[-1]
        groups.last_written = last if last and last not in SAME_AS_ABOVE else None

    def _tick_columns(self, batch: list[_Pending], cells: list[list[str]], joined: list[int],
                      values: list[list[Any]], found: dict[int, list[Finding]]
                      ) -> list[tuple[tuple[str, str], ...]]:
        """The √ columns: each distinct combination of marks is read once; an item over
        several rows counts a column ticked in any of them. Returns each item's wording."""
        ticks = self._ticks
        keys = list(map(ticks.getter, cells))
        distinct = {key: number for number, key in enumerate(dict.fromkeys(keys))}
        readings = [ticks.reading(key) for key in distinct]
        ids = list(map(distinct.__getitem__, keys))  # a tuple is hashed twice, not per use
        for position, (slot, _) in enumerate(readings[0][0]):
            by_id = [reading[0][position][1] for reading in readings]
            values[slot] = list(map(by_id.__getitem__, ids))
        wordings = list(map([tuple(reading[1].items()) for reading in readings].__getitem__,
                            ids))
        marked = [bool(reading[2] or reading[3]) for reading in readings]
        for index in sorted({*compress(range(len(ids)), map(marked.__getitem__, ids)),
                             *joined}):
            pending, key = batch[index], keys[index]
            if pending.more:
                rows = [(pending.row, key)] + [(row, ticks.getter(more))
                                               for row, more, _ in pending.more]
                slots, wording, bad, variants = ticks.read(rows)
                for slot, value in slots:
                    values[slot][index] = value
                wordings[index] = tuple(wording.items())
            else:
                _, _, bad_at, variants_at = readings[ids[index]]
                bad = [ticks.cell(pending.row, key, position) for position in bad_at]
                variants = [ticks.cell(pending.row, key, position) for position in variants_at]
            if bad or variants:
                here = found.setdefault(index, [])
                here += [self._unreadable_finding(row, column, name, text)
                         for row, column, name, text in bad]
                here += [values_rules.MARK_VARIANT.at(
                    Location(self.file, self.sheet, row, column + 1), mark=text.strip())
                    for row, column, _, text in variants]
        return wordings

    def _parents(self, cells: list[str]) -> tuple[str, ...]:
        """The item levels above 一级事项; a blank one (a flattened merge) is the row above's."""
        above = self._parents_above
        parents = []
        for index, column in enumerate(self._parent_columns):
            text = conv.read_name(_cell(cells, column)).value
            if not text and index < len(above):
                text = above[index]
            parents.append(text)
        while parents and not parents[-1]:
            parents.pop()
        found = self._parents_above = tuple(parents)
        return found

    def _extras(self, pending: _Pending) -> dict[str, str]:
        extra: dict[str, str] = {}
        for column, header in self.columns.extras.items():
            parts = [_cell(pending.cells, column)]
            parts += [
                _cell(cells, column) for _, cells, covered in pending.more or ()
                if column not in covered
            ]
            text = "\n".join(clean_text(part) for part in parts if part.strip())
            if text:
                extra[header] = text
        return extra or _NONE

    def _stray_whitespace(self, row: int, column: int, name: str) -> Finding:
        rule = values_rules.STRAY_WHITESPACE
        return rule.at(Location(self.file, self.sheet, row, column + 1), field=name)

    def _unreadable_finding(self, row: int, column: int, name: str, value: str) -> Finding:
        expected = {
            "audience": "√ / 全社会 / 特定群体",
            "mode": "√ / 主动 / 依申请",
            "level": "√ / 县级 / 乡级",
        }[name]
        return values_rules.UNREADABLE_VALUE.at(Location(self.file, self.sheet, row, column + 1),
                                                field=name, value=value.strip(),
                                                expected=expected)

    def _report(self) -> None:
        rule = layout.FILLED_FROM_ABOVE
        for name, tally in self._from_above.items():
            self.findings.append(
                rule.at(self._where(tally), field=name, count=tally.count,
                        cells="、".join(tally.cells))
            )
        if self._flattened_blanks.count:
            rule = layout.CSV_BLANK_UNDER_VALUE
            tally = self._flattened_blanks
            self.findings.append(rule.at(self._where(tally), count=tally.count,
                                         cells="、".join(tally.cells)))
        if self._continuations.count:
            rule = layout.CONTINUATION_ROWS
            self.findings.append(
                rule.at(self._where(self._continuations), count=self._continuations.count,
                        rows="、".join(self._continuations.cells))
            )

    def _where(self, tally: _Tally) -> Location:
        row, column = tally.first or (None, None)
        return Location(self.file, self.sheet, row, column or None)
