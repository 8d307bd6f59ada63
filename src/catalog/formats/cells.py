"""Turning one item's cell texts into model values, each distinct text parsed once.

A 100,000-row workbook holds a few hundred distinct 依据, 时限, 主体 and 渠道 texts, so every
conversion here is cached; the cached results are immutable and shared between items. Each
returns the standard value and, where the wording was standardised, the original to keep.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from catalog.core.caches import per_run
from catalog.formats.headers import Tick
from catalog.standard.records import BasisRecord, TimeLimitRecord, time_limit_record
from catalog.standard.terms import Audience, Level, Mode
from catalog.standard.vocabulary import (
    clean_name,
    clean_seq,
    clean_text,
    read_audience,
    read_channels,
    read_levels,
    read_mark,
    read_mode,
)

# A line that ends a body's name: a line break after it separates two bodies, not a wrap.
_BODY_END = re.compile(
    r"(?:府|局|会|处|门|委|办|所|站|队|院|室|中心|单位|组|校|司|厅|部|社|馆|"
    r"机关|机构|公司|银行|企业|[)）])$"
)
_LIST_SPLIT = re.compile(r"[、,，;；/\s]+")
_NAME_FIELDS = frozenset({"seq", "category", "name"})  # short names: every stray blank goes


class Cleaned(NamedTuple):
    """A text cell read into its standard value, and the original wording when that differs."""

    value: str
    original: str | None


@per_run
def read_seq(text: str) -> Cleaned:
    if text.isascii() and text.isdigit():
        return Cleaned(text, None)
    value = clean_seq(text)
    return Cleaned(value, text if value != text.strip() else None)


@per_run
def read_name(text: str) -> Cleaned:
    """一级/二级事项: ``出生\\n登记`` → ``出生登记``, keeping the original."""
    value = clean_name(text)
    return Cleaned(value, text.strip() if value != text.strip() else None)


# Not cached here: the reader's field caches keep what repeats, and 公开内容 (and often
# 公开依据) rarely does, so a second cache only held every distinct text until the run ended.
def read_content(text: str) -> str:
    return clean_text(text)


def read_basis(text: str) -> BasisRecord:
    return BasisRecord(clean_text(text))


@per_run
def read_time_limit(text: str) -> TimeLimitRecord:
    return time_limit_record(clean_text(text))


@per_run
def read_subject(text: str) -> Cleaned:
    """公开主体: ``公安\\n分局`` is one body; ``乡镇人民政府\\n行政村村民委员会`` are two."""
    lines = [line for line in clean_text(text).split("\n") if line]
    if not lines:
        return Cleaned("", None)
    value = clean_name(lines[0])
    for line in lines[1:]:
        value += ("\n" if _BODY_END.search(value) else "") + clean_name(line)
    original = clean_text(text)
    return Cleaned(value, original if value != original else None)


@per_run
def read_channel_cell(text: str) -> tuple[tuple[str, ...], str | None]:
    reading = read_channels(text)
    return reading.channels, (None if reading.standard else clean_text(text))


@per_run
def read_choice_cell(text: str, field: str) -> tuple[tuple[str, ...], bool]:
    """A 公开对象/方式/层级 cell holding words: the values, and whether all were understood."""
    cleaned = clean_name(text)
    if not cleaned:
        return (), True
    if field == "level":
        levels = read_levels(cleaned)
        return (tuple(levels.levels), True) if levels is not None else ((), False)
    reader = read_audience if field == "audience" else read_mode
    found: list[str] = []
    whole = reader(cleaned)
    parts = (
        [whole]
        if whole is not None
        else [reader(part) for part in _LIST_SPLIT.split(cleaned) if part]
    )
    for part in parts:
        if part is not None and part not in found:
            found.append(part)
    ok = bool(parts) and all(part is not None for part in parts)
    order = list(Audience) if field == "audience" else list(Mode)
    return tuple(value for value in order if value in found), ok


@per_run
def read_tick(text: str, label: str) -> bool | None:
    """Whether a mark cell is ticked; ``None`` for a mark that means nothing (○)."""
    return read_mark(text, label)


# ----------------------------------------------------------------- one cell of a field


class Entry(NamedTuple):
    """A converted cell, cached per distinct text of a field and shared by the rows holding it.

    Texts that differ on every row (序号, often 公开内容) are converted once per row: there an
    Entry is built with ``_new(Entry, (...))``, the tuple constructor without the Python-level
    ``Entry.__new__`` (half the cost)."""

    value: Any  # the model value
    wording: tuple[tuple[str, str], ...]  # original wording to keep: ``((field, text),)`` or ()
    understood: bool  # False: 公开对象/方式/层级 words not all understood (CAT201)
    choice_wording: str | None  # 公开对象/方式/层级 word cells: the wording to keep


_CHOICE_FIELDS = ("audience", "mode", "level")


_new = tuple.__new__


def _kept(name: str, before: str | None) -> tuple[tuple[str, str], ...]:
    return () if before is None else ((name, before),)


def field_converter(name: str) -> Callable[[str], Entry]:
    """The function that turns one cell text of field ``name`` into an :data:`Entry`."""
    pair: Callable[[str], tuple[Any, str | None]] | None = {
        "seq": read_seq, "category": read_name, "name": read_name,
        "subject": read_subject, "channels": read_channel_cell}.get(name)
    plain_readers: dict[str, Callable[[str], Any]] = {
        "content": read_content, "basis": read_basis, "time_limit": read_time_limit}
    plain = plain_readers.get(name)
    if name == "seq":
        def convert(text: str) -> Entry:
            if text.isdigit() and text.isascii():  # read_seq's first case, without its cache
                return _new(Entry, (text, (), True, None))
            value, before = read_seq(text)
            return Entry(value, _kept(name, before), True, None)
    elif pair is not None:
        reader = pair

        def convert(text: str) -> Entry:
            value, before = reader(text)
            return Entry(value, _kept(name, before), True, None)
    elif plain is not None:
        function = plain

        def convert(text: str) -> Entry:
            return _new(Entry, (function(text), (), True, None))
    elif name in _CHOICE_FIELDS:
        def convert(text: str) -> Entry:
            found, ok = read_choice_cell(text, name)
            keep = text.strip() and (not ok or clean_text(text) not in found)
            return Entry(found, (), ok, clean_text(text) if keep else None)
    else:
        def convert(text: str) -> Entry:
            return Entry(text, (), True, None)
    return convert


# ----------------------------------------------------------------- tick (√) columns
_ORDER: dict[str, list[Audience | Mode | Level]] = {
    "audience": list(Audience), "mode": list(Mode), "level": list(Level)}
_ROW_CACHE_LIMIT = 8192


Cells = list[tuple[int, int, str, str]]  # (row, 0-based column, field, text) of tick cells


class Marks(NamedTuple):
    """The tick columns of a row (indexes into the table's ticks) by what their cells hold."""

    ticked: frozenset[int]
    bad: tuple[int, ...]  # a mark that means nothing (○)
    variants: tuple[int, ...]  # ticked with another mark than √


# What an item's tick cells say over its rows (``TickReader.read``), unpacked where it is read
# (a plain tuple): values as (slot in the item's values, value) per field, the original wording
# where the ticked labels are not the standard's, the cells holding a mark that means
# nothing, and the cells ticked with another mark than √.
TickReading = tuple[list[tuple[int, Any]], dict[str, str], Cells, Cells]


def is_mark_variant(text: str) -> bool:
    """A tick written with another mark than √ (✓, 是, ●): ``catalog fix`` writes √ (CAT209)."""
    mark = text.strip()
    return bool(mark) and mark != "√" and read_mark(mark) is True


def trim(field: str, text: str) -> str:
    """A cell as ``catalog fix`` trims it (CAT211): a name (序号, 一级/二级事项) loses every
    stray blank, another text its surrounding blanks and unusual line breaks."""
    return (clean_name if field in _NAME_FIELDS else clean_text)(text)


@per_run
def unreported_whitespace(field: str, text: str) -> bool:
    """Whether a cell has blanks ``catalog fix`` trims that the item no longer shows.

    The reader trims surrounding blanks silently, so the reader reports them (CAT211); a
    name's inner blanks stay visible in ``original`` and the rule reports those itself.
    """
    trimmed = trim(field, text)
    if trimmed == text:
        return False
    if field == "seq":
        return read_seq(text).original is None
    if field in _NAME_FIELDS:
        return trimmed == text.strip()
    return True


class TickReader:
    """Reads the √ columns of a table; each distinct combination of marks is read once."""

    def __init__(self, ticks: Sequence[Tick], slots: dict[str, int]) -> None:
        self.ticks, self.slots = ticks, slots
        self.columns = [tick.column for tick in ticks]
        self.getter: Callable[[list[str]], tuple[str, ...]] = (
            itemgetter(*self.columns) if len(self.columns) >= 2
            else lambda cells: tuple(cells[column] for column in self.columns))
        self._marks: dict[tuple[str, ...], Marks] = {}
        self._values: dict[frozenset[int], tuple[list[tuple[int, Any]], dict[str, str]]] = {}
        self._rows: dict[tuple[str, ...], tuple[list[tuple[int, Any]], dict[str, str],
                                                tuple[int, ...], tuple[int, ...]]] = {}

    def reading(self, key: tuple[str, ...]) -> tuple[list[tuple[int, Any]], dict[str, str],
                                                     tuple[int, ...], tuple[int, ...]]:
        """What one row's tick cells (``key``, from ``getter(cells)``) say: values as (slot,
        value) per field (the same slots, in the same order, for every row), original wording,
        and the positions in ``key`` of cells holding a mark that means nothing and of
        variants of √ (see :meth:`cell`)."""
        found = self._rows.get(key)
        if found is None:
            ticked, bad, variants = self._marks_of(key)
            found = (*self._values_of(ticked), bad, variants)
            if len(self._rows) < _ROW_CACHE_LIMIT:
                self._rows[key] = found
        return found

    def read(self, rows: list[tuple[int, tuple[str, ...]]]) -> TickReading:
        """An item over several rows: a column ticked in any row counts."""
        ticked: frozenset[int] = frozenset()
        bad: Cells = []
        variants: Cells = []
        for row, key in rows:
            marks = self._marks_of(key)
            ticked = ticked | marks.ticked if ticked else marks.ticked
            bad += [self.cell(row, key, index) for index in marks.bad]
            variants += [self.cell(row, key, index) for index in marks.variants]
        return (*self._values_of(ticked), bad, variants)

    def cell(self, row: int, key: tuple[str, ...], index: int) -> tuple[int, int, str, str]:
        """(row, 0-based column, field, text) of the tick cell at ``index`` of ``key``."""
        tick = self.ticks[index]
        return row, tick.column, tick.field, key[index]

    def _marks_of(self, key: tuple[str, ...]) -> Marks:
        """Which tick columns of a row are ticked, hold an unreadable mark, or a variant of √."""
        marks = self._marks.get(key)
        if marks is None:
            ticked, bad, variants = [], [], []
            seen: set[int] = set()  # 乡、村级: one column, two ticks, one cell to report
            for index, (tick, text) in enumerate(zip(self.ticks, key, strict=False)):
                mark = read_tick(text, tick.label)
                if mark is None:
                    bad.append(index)
                elif mark:
                    ticked.append(index)
                    if tick.column not in seen and is_mark_variant(text):
                        variants.append(index)
                seen.add(tick.column)
            marks = self._marks[key] = Marks(frozenset(ticked), tuple(bad), tuple(variants))
        return marks

    def _values_of(self, ticked: frozenset[int]) -> tuple[list[tuple[int, Any]], dict[str, str]]:
        """Field values (in standard order) and original wording for a set of ticked columns."""
        reading = self._values.get(ticked)
        if reading is None:
            values: list[tuple[int, Any]] = []
            original: dict[str, str] = {}
            for name in dict.fromkeys(tick.field for tick in self.ticks):  # stable order
                chosen = [self.ticks[i] for i in sorted(ticked) if self.ticks[i].field == name]
                found = {tick.value for tick in chosen}
                values.append((self.slots[name],
                               tuple(value for value in _ORDER[name] if value in found)))
                if not all(tick.standard for tick in chosen):
                    original[name] = "/".join(dict.fromkeys(tick.label for tick in chosen))
            reading = self._values[ticked] = (values, original)
        return reading
