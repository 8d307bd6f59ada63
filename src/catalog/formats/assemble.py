"""Turning the data rows of one table into items: continuation rows, 同上 and merged blanks.

Rows arrive one at a time; an item is built as soon as the next item starts, so only one
item's cells are ever held. A value comes from the row above only where the file says so: a
merged cell, 同上, a continuation row of the same item, or a blank 一级事项 in a column laid
out as groups (each 一级事项 written once above its rows; see :class:`_Groups`). Such values
are counted per field and reported once per table. Any other blank stays blank: a blank
required cell is missing data, which the rules report (CAT101).

Speed: 依据, 时限, 主体, 渠道 and the marks repeat massively, so each table keeps one dict per
field from cell text to its converted value (bounded); a row whose cells are all such plain,
known texts is built from a few C-level lookups, and the slow per-field path runs only for
cells that need 同上, a merge or a blank resolved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Sized
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any

from catalog.core.caches import BACKSTOP
from catalog.core.findings import Finding, Location, column_letter
from catalog.formats import cells as conv
from catalog.formats.headers import ColumnMap
from catalog.rules import layout
from catalog.rules import values as values_rules
from catalog.standard.records import ItemRecord, build_record
from catalog.standard.vocabulary import SAME_AS_ABOVE, clean_text, is_same_as_above

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


class _FieldCache(dict[str, conv.Entry | None]):
    """Cell text → converted entry for one field; a text that may need resolving gives None.

    Looked up with ``dict.__getitem__`` over a whole row at once: hits never leave C, misses
    convert here (and stay cached while there is room). A text with blanks the reader trims
    silently gives None too, so the slow path reports its cell (CAT211).
    """

    def __init__(self, name: str, rows: Sized) -> None:
        super().__init__()
        self.convert = conv.field_converter(name)
        self.grouping = name == "category"  # a blank 一级事项 may be its group's (_Groups)
        self.name, self.trims = name, name in _TRIMMED
        self.rows = rows  # the items built so far: how often this field's texts repeat
        self.misses = 0

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
        kept = len(self)
        # the texts repeat while at most half the rows so far missed the cache
        if kept < _CACHE_SMALL or (kept < _CACHE_LIMIT and 2 * self.misses <= len(self.rows)):
            self[text] = entry  # None too: 同上 and merged blanks recur on most rows
        return entry


_lookup = dict.__getitem__


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
        self.last_written = None

    def is_group_column(self) -> bool:
        return bool(self.candidates) and not self.repeats


@dataclass(slots=True)
class _Pending:
    row: int
    cells: list[str]
    covered: frozenset[int]
    more: list[tuple[int, list[str], frozenset[int]]] | None = None


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
        self._from_above: dict[str, _Tally] = {}
        self._groups = _Groups()
        self._flattened_blanks = _Tally()
        self._continuations = _Tally()
        fields = columns.fields
        self._key_columns = [fields[name] for name in ("seq", "category", "name") if name in fields]
        self._field_columns = frozenset(fields.values())
        # Each field has a slot: the item fields in model order, then any others.
        names = [name for name in _KEYS if name in fields]
        names += [name for name in fields if name not in _KEYS]
        slot = {name: index for index, name in enumerate(names)}
        self._text = [(name, fields[name]) for name in names]
        self._text_getter = _tuple_getter([fields[name] for name in names])
        self._plan = [(slot[name], name, column) for name, column in fields.items()]
        self._category = slot.get("category")
        self._category_column = fields.get("category", -1)
        self._required = [(slot[name], fields[name]) for name in _JOINED if name in fields]
        self._choices = [(slot[name], name, column) for name, column in fields.items()
                         if name in _CHOICES]
        self._previous: Sequence[str] = [""] * len(names)
        # Per slot: text → converted entry, for texts that never need resolving.
        self._caches = [_FieldCache(name, self.items) for name in names]
        self._covered_plans: dict[frozenset[int], list[tuple[str, int]]] = {}
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
        if len(cells) < self._width:
            cells.extend([""] * (self._width - len(cells)))
        pending = self._pending
        if pending is not None:
            if self._continues(cells, covered):
                if pending.more is None:
                    pending.more = []
                pending.more.append((row, cells, covered))
                self._continuations.add(str(row), row)
                return
            self._build(pending)
        self._pending = _Pending(row, cells, covered)

    def _continues(self, cells: list[str], covered: frozenset[int]) -> bool:
        if not self._key_columns:
            return False
        for column in self._key_columns:
            if column not in covered and cells[column].strip():
                return False
        return True

    def finish(self) -> None:
        if self._pending is not None:
            self._build(self._pending)
            self._pending = None
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
    def _texts(self, pending: _Pending) -> Sequence[str]:
        if not pending.more:
            return self._text_getter(pending.cells)
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

    def _resolve(self, pending: _Pending, texts: list[str], entries: list[conv.Entry | None],
                 original: dict[str, str]) -> None:
        """同上 and merged cells take the row above's text; a blank 一级事项 may be a group's."""
        covered, row = pending.covered, pending.row
        previous = self._previous
        for index, name, column in self._plan:
            if entries[index] is not None and column not in covered:
                continue  # the common case: a plain value
            text = texts[index]
            before = previous[index]
            if column not in covered and self._caches[index].trims:
                written = _cell(pending.cells, column)
                if conv.unreported_whitespace(name, written):
                    self._stray_whitespace(row, column, name)
            if column in covered:
                self._from_above.setdefault(name, _Tally()).add_cell(row, column + 1)
            elif is_same_as_above(text) and before.strip():
                original[name] = text.strip()
                texts[index] = before
                self._from_above.setdefault(name, _Tally()).add_cell(row, column + 1)
            elif index == self._category and not text.strip() and before.strip():
                entries[index] = self._caches[index].convert(text)  # blank until decided
                if self._has_name(pending):
                    self._groups.blank(len(self.items), row, column, before)
                    texts[index] = before  # the next row's "above"
        for index, entry in enumerate(entries):
            if entry is None:
                cache = self._caches[index]
                entries[index] = cache[texts[index]] or cache.convert(texts[index])

    def _has_name(self, pending: _Pending) -> bool:
        column = self.columns.fields.get("name")
        return column is not None and bool(_cell(pending.cells, column).strip())

    def _flattened_blank(self, pending: _Pending, texts: Sequence[str]) -> None:
        """CSV: a blank required cell under a written one, as a flattened merge leaves it."""
        previous = self._previous
        for index, column in self._required:
            if not texts[index].strip() and previous[index].strip():
                self._flattened_blanks.add_cell(pending.row, column + 1)

    def _tally_covered(self, pending: _Pending) -> None:
        """Merged cells over plain texts: nothing to replace, only to count."""
        plan = self._covered_plans.get(pending.covered)
        if plan is None:
            plan = [(name, column) for _, name, column in self._plan
                    if column in pending.covered]
            if len(self._covered_plans) < _CACHE_LIMIT:
                self._covered_plans[pending.covered] = plan
        for name, column in plan:
            self._from_above.setdefault(name, _Tally()).add_cell(pending.row, column + 1)

    def _build(self, pending: _Pending) -> None:
        texts = self._texts(pending)
        if self._category is not None:  # feed the group-column pattern (see _Groups)
            column, groups = self._category_column, self._groups
            written = "" if column in pending.covered else pending.cells[column].strip()
            if written and written not in SAME_AS_ABOVE:
                if written == groups.last_written:
                    groups.repeats += 1
                groups.last_written = written
            else:
                groups.last_written = None
        if self.flattened:
            self._flattened_blank(pending, texts)
        entries: list[Any] = list(map(_lookup, self._caches, texts))
        original: dict[str, str] = {}
        if None in entries:
            texts = list(texts)
            self._resolve(pending, texts, entries, original)
        elif pending.covered and not pending.covered.isdisjoint(self._field_columns):
            self._tally_covered(pending)
        self._previous = texts
        entries += self._absent
        ordered = entries if self._in_order else self._value_slots(entries)
        values = list(map(_value, ordered))
        if original:
            self._keep_originals(ordered, original)
        else:
            original = dict(chain.from_iterable(map(_wording, ordered)))
        for index, name, column in self._choices:
            entry = entries[index]
            if entry.choice_wording is not None:
                original[name] = entry.choice_wording
            if not entry.understood:
                self._unreadable(pending.row, column, name, texts[index])
        if self._ticks.columns:
            self._read_ticks(pending, values, original)
        values.append(self._extras(pending) if self.columns.extras else _NONE)
        values.append(original or _NONE)
        values.append(self._parents(pending.cells) if self._parent_columns else ())
        self.items.append(build_record(values))
        self.item_rows.append(pending.row)

    @staticmethod
    def _keep_originals(ordered: Sequence[conv.Entry], original: dict[str, str]) -> None:
        """Original wording where a cell was standardised; a 同上 kept so far may give way."""
        for entry in ordered:
            for name, before in entry.wording:
                if name in _OVERRIDE or name not in original:
                    original[name] = before

    def _read_ticks(self, pending: _Pending, values: list[Any], original: dict[str, str]) -> None:
        ticks = self._ticks
        if pending.more:
            rows = [(pending.row, pending.cells)] + [(row, cells) for row, cells, _ in pending.more]
            reading = ticks.read([(row, ticks.getter(cells)) for row, cells in rows])
        else:
            reading = ticks.read_one(pending.row, ticks.getter(pending.cells))
        slots, wording, bad, variants = reading
        for row, column, name, text in bad:
            self._unreadable(row, column, name, text)
        if variants:
            rule = values_rules.MARK_VARIANT
            for row, column, _, text in variants:
                self.findings.append(rule.at(Location(self.file, self.sheet, row, column + 1),
                                             mark=text.strip()))
        for slot, value in slots:
            values[slot] = value
        if wording:
            original.update(wording)

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

    def _stray_whitespace(self, row: int, column: int, name: str) -> None:
        rule = values_rules.STRAY_WHITESPACE
        self.findings.append(rule.at(Location(self.file, self.sheet, row, column + 1), field=name))

    def _unreadable(self, row: int, column: int, name: str, value: str) -> None:
        expected = {
            "audience": "√ / 全社会 / 特定群体",
            "mode": "√ / 主动 / 依申请",
            "level": "√ / 县级 / 乡级",
        }[name]
        self.findings.append(values_rules.UNREADABLE_VALUE.at(
            Location(self.file, self.sheet, row, column + 1),
            field=name, value=value.strip(), expected=expected))

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
