"""Turning the data rows of one table into items: continuation rows, 同上 and merged blanks.

Rows arrive one at a time; an item is built as soon as the next item starts, so only one
item's cells are ever held. Values that come from the row above (a merged cell, 同上, or a
blank in a table without merges) are counted per field and reported once per table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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
        self._choice_text = [
            (name, column)
            for name, column in fields.items()
            if name in ("audience", "mode", "level")
        ]

    # ----------------------------------------------------------------- rows
    def add_row(self, row: int, cells: list[str], covered: frozenset[int]) -> None:
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
        for name, text in texts.items():
            column = self.columns.fields[name]
            previous = self._previous.get(name, "")
            where = f"{column_letter(column + 1)}{pending.row}"
            if column in pending.covered:
                self._from_above.setdefault(name, _Tally()).add(where, pending.row, column + 1)
            elif conv.is_same_as_above(text) and previous.strip():
                original[name] = text.strip()
                texts[name] = previous
                self._from_above.setdefault(name, _Tally()).add(where, pending.row, column + 1)
            elif (
                not text.strip()
                and name in _FILL_BLANK
                and previous.strip()
                and (self.fill_blanks or name == "category")
            ):
                texts[name] = previous
                tally = self._from_above if name == "category" else self._blank_filled
                tally.setdefault(name, _Tally()).add(where, pending.row, column + 1)
        self._previous = texts

    def _build(self, pending: _Pending) -> None:
        original: dict[str, str] = {}
        texts = self._texts(pending)
        self._resolve(pending, texts, original)
        values: dict[str, Any] = {}
        for name, converter in _CONVERTERS.items():
            values[name] = converter(texts.get(name, ""), original, name)
        for name, column in self._choice_text:
            found, ok = conv.read_choice_cell(texts[name], name)
            values[name] = found
            if texts[name].strip() and (not ok or clean_text(texts[name]) not in found):
                original[name] = clean_text(texts[name])
            if not ok:
                self._unreadable(pending.row, column, name, texts[name])
        self._read_ticks(pending, values, original)
        extra = self._extras(pending)
        self.items.append(Item.model_construct(**values, extra=extra, original=original))
        self.item_rows.append(pending.row)

    def _read_ticks(
        self, pending: _Pending, values: dict[str, Any], original: dict[str, str]
    ) -> None:
        if not self.columns.ticks:
            return
        ticked: dict[str, list[Audience | Mode | Level]] = {}
        labels: dict[str, list[str]] = {}
        standard: dict[str, bool] = {}
        rows = [(pending.cells, pending.row)] + [(cells, row) for row, cells, _ in pending.more]
        for tick in self.columns.ticks:
            ticked.setdefault(tick.field, [])
            for cells, row in rows:
                text = _cell(cells, tick.column)
                mark = conv.read_tick(text, tick.label)
                if mark is None:
                    self._unreadable(row, tick.column, tick.field, text)
                elif mark and tick.value not in ticked[tick.field]:
                    ticked[tick.field].append(tick.value)
                    if tick.label not in labels.setdefault(tick.field, []):
                        labels[tick.field].append(tick.label)
                    standard[tick.field] = standard.get(tick.field, True) and tick.standard
        for name, found in ticked.items():
            order = _ORDER[name]
            previous = values.get(name) or ()
            values[name] = tuple(v for v in order if v in found or v in previous)
            if not standard.get(name, True):
                original[name] = "/".join(labels[name])

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
