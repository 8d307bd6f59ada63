"""Turning the data rows of one table into items: continuation rows, 同上 and merged blanks.

Rows arrive one at a time; an item is built as soon as the next item starts, so only one
item's cells are ever held. Values that come from the row above (a merged cell, 同上, or a
blank in a table without merges) are counted per field and reported once per table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from catalog.findings import Finding, Location, Severity, column_letter
from catalog.formats import cells as conv
from catalog.formats.headers import ColumnMap
from catalog.model import Audience, Item, Level, Mode
from catalog.rules import layout
from catalog.vocabulary import clean_text

# Fields whose blank, in a table without merged cells, is read as "same as the row above".
_FILL_BLANK = ("category", "basis", "time_limit", "subject", "channels")
_JOINED = ("content", "basis", "time_limit", "subject", "channels")
_SAMPLE = 5
_MAYBE_SAME = "同"
_ORDER: dict[str, list[Audience | Mode | Level]] = {
    "audience": list(Audience), "mode": list(Mode), "level": list(Level)}


@dataclass
class _Pending:
    row: int
    cells: list[str]
    covered: frozenset[int]
    more: list[tuple[int, list[str], frozenset[int]]] = field(default_factory=list)


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


def _cell(cells: list[str], column: int) -> str:
    return cells[column] if column < len(cells) else ""


def _tuple_getter(columns: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """A fast getter of several cells that always returns a tuple."""
    if len(columns) >= 2:
        return itemgetter(*columns)
    return lambda cells: tuple(cells[column] for column in columns)


class ItemBuilder:
    """Collects a table's rows and builds its items."""

    def __init__(self, file: str, sheet: str | None, columns: ColumnMap, fill_blanks: bool) -> None:
        self.file, self.sheet, self.columns = file, sheet, columns
        self.fill_blanks = fill_blanks
        self.items: list[Item] = []
        self.item_rows: list[int] = []
        self.findings: list[Finding] = []
        self._pending: _Pending | None = None
        self._previous: dict[str, str] = {}
        self._from_above: dict[str, _Tally] = {}
        self._blank_filled: dict[str, _Tally] = {}
        self._continuations = _Tally()
        fields = columns.fields
        self._key_columns = [fields[name] for name in ("seq", "category", "name") if name in fields]
        self._text = [(name, column) for name, column in fields.items()]
        self._tick_columns = [tick.column for tick in columns.ticks]
        self._mark_cache: dict[tuple[str, ...], tuple[frozenset[int], tuple[int, ...]]] = {}
        self._value_cache: dict[frozenset[int], tuple[dict[str, Any], dict[str, str]]] = {}
        self._choice_text = [
            (name, column)
            for name, column in fields.items()
            if name in ("audience", "mode", "level")
        ]
        used = [*fields.values(), *self._tick_columns, *columns.extras]
        self._width = max(used, default=0) + 1
        self._names = tuple(fields)
        self._text_getter = _tuple_getter(list(fields.values()))
        self._tick_getter = _tuple_getter(self._tick_columns)
        self._plan = [(name, column, name in _FILL_BLANK) for name, column in fields.items()]

    # ----------------------------------------------------------------- rows
    def add_row(self, row: int, cells: list[str], covered: frozenset[int]) -> None:
        if len(cells) < self._width:
            cells.extend([""] * (self._width - len(cells)))
        pending = self._pending
        if pending is not None and self._continues(cells, covered):
            pending.more.append((row, cells, covered))
            self._continuations.add(str(row), row)
            return
        if pending is not None:
            self._build(pending)
        self._pending = _Pending(row, cells, covered)

    def _continues(self, cells: list[str], covered: frozenset[int]) -> bool:
        if not self._key_columns:
            return False
        return all(
            column in covered or not _cell(cells, column).strip() for column in self._key_columns
        )

    def finish(self) -> None:
        if self._pending is not None:
            self._build(self._pending)
            self._pending = None
        self._report()

    # ----------------------------------------------------------------- one item
    def _texts(self, pending: _Pending) -> dict[str, str]:
        if not pending.more:
            return dict(zip(self._names, self._text_getter(pending.cells), strict=False))
        texts: dict[str, str] = {}
        for name, column in self._text:
            text = _cell(pending.cells, column)
            if name in _JOINED and pending.more:
                parts = [text] if text.strip() else []
                for _, cells, covered in pending.more:
                    extra = _cell(cells, column)
                    if extra.strip() and column not in covered:
                        parts.append(extra)
                text = "\n".join(parts)
            texts[name] = text
        return texts

    def _resolve(self, pending: _Pending, texts: dict[str, str], original: dict[str, str]) -> None:
        covered = pending.covered
        for name, column, fillable in self._plan:
            text = texts[name]
            if text and text[0] not in _MAYBE_SAME and not text[0].isspace() and (
                    column not in covered):
                continue  # the common case: a plain value
            previous = self._previous.get(name, "")
            if column in covered:
                where = f"{column_letter(column + 1)}{pending.row}"
                self._from_above.setdefault(name, _Tally()).add(where, pending.row, column + 1)
            elif conv.is_same_as_above(text) and previous.strip():
                where = f"{column_letter(column + 1)}{pending.row}"
                original[name] = text.strip()
                texts[name] = previous
                self._from_above.setdefault(name, _Tally()).add(where, pending.row, column + 1)
            elif (
                fillable
                and not text.strip()
                and previous.strip()
                and (self.fill_blanks or name == "category")
            ):
                texts[name] = previous
                where = f"{column_letter(column + 1)}{pending.row}"
                tally = self._from_above if name == "category" else self._blank_filled
                tally.setdefault(name, _Tally()).add(where, pending.row, column + 1)
        self._previous = texts

    def _build(self, pending: _Pending) -> None:
        original: dict[str, str] = {}
        texts = self._texts(pending)
        self._resolve(pending, texts, original)
        values = {name: converter(texts.get(name, ""), original, name)
                  for name, converter in _CONVERTERS.items()}
        for name, column in self._choice_text:
            found, ok = conv.read_choice_cell(texts[name], name)
            values[name] = found
            if texts[name].strip() and (not ok or clean_text(texts[name]) not in found):
                original[name] = clean_text(texts[name])
            if not ok:
                self._unreadable(pending.row, column, name, texts[name])
        self._read_ticks(pending, values, original)
        extra = self._extras(pending)
        values["extra"] = extra
        values["original"] = original
        self.items.append(new_item(values))
        self.item_rows.append(pending.row)

    def _read_ticks(
        self, pending: _Pending, values: dict[str, Any], original: dict[str, str]
    ) -> None:
        if not self.columns.ticks:
            return
        ticked: frozenset[int] = frozenset()
        rows = [(pending.row, pending.cells)] + [(row, cells) for row, cells, _ in pending.more]
        for row, cells in rows:
            key = self._tick_getter(cells)
            marks = self._mark_cache.get(key)
            if marks is None:
                marks = self._mark_cache[key] = self._marks(key)
            ticked = ticked | marks[0] if ticked else marks[0]
            for index in marks[1]:
                tick = self.columns.ticks[index]
                self._unreadable(row, tick.column, tick.field, key[index])
        reading = self._value_cache.get(ticked)
        if reading is None:
            reading = self._value_cache[ticked] = self._tick_values(ticked)
        values.update(reading[0])
        original.update(reading[1])

    def _marks(self, key: tuple[str, ...]) -> tuple[frozenset[int], tuple[int, ...]]:
        """Which tick columns of a row are ticked, and which hold an unreadable mark."""
        ticked, bad = [], []
        for index, (tick, text) in enumerate(zip(self.columns.ticks, key, strict=False)):
            mark = conv.read_tick(text, tick.label)
            if mark is None:
                bad.append(index)
            elif mark:
                ticked.append(index)
        return frozenset(ticked), tuple(bad)

    def _tick_values(self, ticked: frozenset[int]) -> tuple[dict[str, Any], dict[str, str]]:
        """Field values (in standard order) and original wording for a set of ticked columns."""
        values: dict[str, Any] = {}
        original: dict[str, str] = {}
        for name in {tick.field for tick in self.columns.ticks}:
            chosen = [self.columns.ticks[i] for i in sorted(ticked)
                      if self.columns.ticks[i].field == name]
            found = {tick.value for tick in chosen}
            values[name] = tuple(value for value in _ORDER[name] if value in found)
            if not all(tick.standard for tick in chosen):
                original[name] = "/".join(dict.fromkeys(tick.label for tick in chosen))
        return values, original

    def _extras(self, pending: _Pending) -> dict[str, str]:
        extra: dict[str, str] = {}
        for column, header in self.columns.extras.items():
            parts = [_cell(pending.cells, column)]
            parts += [
                _cell(cells, column) for _, cells, covered in pending.more if column not in covered
            ]
            text = "\n".join(clean_text(part) for part in parts if part.strip())
            if text:
                extra[header] = text
        return extra

    def _unreadable(self, row: int, column: int, name: str, value: str) -> None:
        expected = {
            "audience": "√ / 全社会 / 特定群体",
            "mode": "√ / 主动 / 依申请",
            "level": "√ / 县级 / 乡级",
        }[name]
        self.findings.append(
            Finding(
                "CAT201",
                Severity.ERROR,
                Location(self.file, self.sheet, row, column + 1),
                {"field": name, "value": value.strip(), "expected": expected},
            )
        )

    def _report(self) -> None:
        for rule, tallies in (
            (layout.FILLED_FROM_ABOVE, self._from_above),
            (layout.BLANK_FILLED, self._blank_filled),
        ):
            for name, tally in tallies.items():
                self.findings.append(
                    Finding(
                        rule.code,
                        rule.severity,
                        self._where(tally),
                        {"field": name, "count": tally.count, "cells": "、".join(tally.cells)},
                    )
                )
        if self._continuations.count:
            rule = layout.CONTINUATION_ROWS
            self.findings.append(
                Finding(
                    rule.code,
                    rule.severity,
                    self._where(self._continuations),
                    {
                        "count": self._continuations.count,
                        "rows": "、".join(self._continuations.cells),
                    },
                )
            )


    def _where(self, tally: _Tally) -> Location:
        row, column = tally.first or (None, None)
        return Location(self.file, self.sheet, row, column or None)


_ITEM_FIELDS_SET = set(Item.model_fields)
_PLAIN_MODEL = not Item.__pydantic_post_init__ and all(
    info.alias is None and info.validation_alias is None for info in Item.model_fields.values())


def new_item(values: dict[str, Any]) -> Item:
    """``Item.model_construct(**values)`` for a complete set of fields, several times faster.

    It sets what ``model_construct`` sets, sharing one fields-set between items; a test checks
    the two stay equal, and models with aliases or post-init hooks take the slow path.
    """
    if not _PLAIN_MODEL or len(values) != len(_ITEM_FIELDS_SET):
        return Item.model_construct(**values)
    item = Item.__new__(Item)
    object.__setattr__(item, "__dict__", values)
    object.__setattr__(item, "__pydantic_fields_set__", _ITEM_FIELDS_SET)
    object.__setattr__(item, "__pydantic_extra__", None)
    object.__setattr__(item, "__pydantic_private__", None)
    return item


def _seq(text: str, original: dict[str, str], name: str) -> str:
    value, before = conv.read_seq(text)
    if before is not None:
        original[name] = before
    return value


def _name(text: str, original: dict[str, str], name: str) -> str:
    value, before = conv.read_name(text)
    if before is not None and name not in original:
        original[name] = before
    return value


def _subject(text: str, original: dict[str, str], name: str) -> str:
    value, before = conv.read_subject(text)
    if before is not None and name not in original:
        original[name] = before
    return value


def _channels(text: str, original: dict[str, str], name: str) -> tuple[str, ...]:
    value, before = conv.read_channel_cell(text)
    if before is not None and name not in original:
        original[name] = before
    return value


_CONVERTERS: dict[str, Callable[[str, dict[str, str], str], Any]] = {
    "seq": _seq,
    "category": _name,
    "name": _name,
    "content": lambda text, original, name: conv.read_content(text),
    "basis": lambda text, original, name: conv.read_basis(text),
    "time_limit": lambda text, original, name: conv.read_time_limit(text),
    "subject": _subject,
    "channels": _channels,
    "audience": lambda text, original, name: (),
    "mode": lambda text, original, name: (),
    "level": lambda text, original, name: (),
}
