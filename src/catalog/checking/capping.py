"""The per-rule cap on findings, in file order, building only the findings it keeps.

A crafted or very dirty file can make a rule report every row (237,000 findings on a dirty
100,000-row workbook); a report keeps the first ``max_findings_per_rule`` of each rule in file
order and says how many more there were (CAT625). Rules hand over findings one by one or as
groups (``ctx.findings``: one value on many items); a group is counted with ``len``, and for a
rule over the cap only its first findings are chosen, by position tuples, and built.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from itertools import chain, islice
from operator import itemgetter, le, lt
from typing import NamedTuple

from catalog.core.findings import CatalogueSource, Finding, Location
from catalog.rules.engine import FindingGroup
from catalog.rules.limits import FINDINGS_CAPPED


def positions(sheets: list[str]) -> Callable[[Finding], tuple[int, str, int, int, str, str]]:
    """File order within one file: sheet (in workbook order), row (or JSON line), column,
    pointer, code; rows and columns as numbers, so B10 comes after B9 and 表10 after 表9."""
    rank = {name: index for index, name in enumerate(sheets)}

    def position(finding: Finding) -> tuple[int, str, int, int, str, str]:
        where = finding.location
        sheet = where.sheet or ""
        return (rank.get(sheet, -1 if not sheet else len(rank)), sheet,
                where.row or where.line or 0, where.column or 0, where.pointer or "", finding.code)
    return position


_Position = tuple[int, str, int, int, str, str]  # what positions gives
_Key = tuple[int, str, int, int, str, str, int, int]  # file order, then generation order


def ordered_capped(found: list[Finding | FindingGroup], sheets: list[str], file: str,
                    limit: int) -> list[Finding]:
    """At most ``limit`` findings per rule, the first in file order, after one CAT625 per
    capped rule saying how many more there were (a crafted file cannot flood a report or its
    reader); the findings built are only those it keeps.

    Groups are counted with ``len``; for a rule over the cap, the first ``limit`` of its
    findings are chosen by position alone (cheap tuples), then built. Findings at one position
    keep the order they were made in (the stable sort did the same): entry number, then place
    in the group, end each key.
    """
    counts: dict[str, int] = {}
    for entry in found:
        counts[entry.code] = counts.get(entry.code, 0) + (
            len(entry) if isinstance(entry, FindingGroup) else 1)
    position = positions(sheets)
    over = {code: count for code, count in counts.items() if count > limit}
    if not over:  # nothing is dropped: build them all
        findings = [finding for entry in found for finding in
                    (entry if isinstance(entry, FindingGroup) else (entry,))]
        findings.sort(key=position)
        return findings
    keyed: list[tuple[_Key, Finding]] = []
    capped: dict[str, list[tuple[int, Finding | FindingGroup]]] = {code: [] for code in over}
    for number, entry in enumerate(found):
        if entry.code in over:
            capped[entry.code].append((number, entry))
        elif isinstance(entry, FindingGroup):
            keyed.extend(((*position(finding), number, place), finding)
                         for place, finding in enumerate(entry))
        else:
            keyed.append(((*position(entry), number, 0), entry))
    order = _Order(sheets, position, limit)
    first: dict[str, _Key] = {}
    for code, entries in capped.items():
        chosen = order.first(entries)
        first[code] = chosen[0]
        for key in chosen[:limit]:
            entry = found[key[6]]
            keyed.append((key, entry.at(key[7]) if isinstance(entry, FindingGroup) else entry))
    keyed.sort(key=itemgetter(0))
    summaries = [FINDINGS_CAPPED.at(Location(file), rule=code, more=over[code] - limit,
                                    limit=limit)
                 for code in sorted(over, key=first.__getitem__)]
    return summaries + [finding for _, finding in keyed]


class _Table(NamedTuple):
    """What the keys of a table's findings need of its source, looked up once."""

    order: int  # the sheet's rank, as _positions gives it
    sheet: str
    rows: list[int]
    ascending: bool  # items in row order (as readers leave them)
    columns: dict[str, int]


class _Order:
    """The sort keys of one rule's findings (``_positions`` then generation order), without
    building the findings, and the first ``limit`` of them."""

    def __init__(self, sheets: list[str], position: Callable[[Finding], _Position],
                 limit: int) -> None:
        self.rank = {name: index for index, name in enumerate(sheets)}
        self.position, self.limit = position, limit
        self.tables: dict[int, _Table] = {}

    def first(self, entries: list[tuple[int, Finding | FindingGroup]]) -> list[_Key]:
        """The keys of the first ``limit`` findings of ``entries`` (numbered), in order (at
        least one, for the summary's place, even at a limit of 0).

        A group on items in row order of a table is a sorted run: its first finding is its
        smallest, and only its first ``limit`` can be chosen. Runs are taken by their first
        key and stop where a run starts after the ``limit`` chosen so far.
        """
        keys: list[_Key] = []
        runs: list[tuple[_Key, int, FindingGroup]] = []
        last: tuple[CatalogueSource | None, _Table | None] = (None, None)  # most share one
        for number, entry in entries:
            if not isinstance(entry, FindingGroup):
                keys.append((*self.position(entry), number, 0))
                continue
            items, source = entry.items, entry.context.source
            if source is last[0]:
                table = last[1]
            else:
                table = self._table(source) if source.pointer is None else None
                last = (source, table)
            if (table is not None and table.ascending and items and items[0] >= 0
                    and items[-1] < len(table.rows)
                    and (len(items) == 1 or all(map(le, items, islice(items, 1, None))))):
                field_name = entry.field_name
                column = (table.columns.get(field_name) if field_name else None) or 0
                runs.append(((table.order, table.sheet, table.rows[items[0]], column, "",
                              entry.code, number, 0), number, entry))
            else:
                keys.extend(self._keys(entry, number, items))
        limit = max(self.limit, 1)
        chosen = heapq.nsmallest(limit, keys)
        pending: list[_Key] = []
        runs.sort(key=itemgetter(0))
        for start, number, group in runs:
            if len(chosen) == limit and start > chosen[-1]:
                break  # this run and every later one start after the first `limit`
            pending.extend(self._keys(group, number, group.items[:limit]))
            if len(pending) >= limit:
                chosen, pending = heapq.nsmallest(limit, chain(chosen, pending)), []
        return heapq.nsmallest(limit, chain(chosen, pending))

    def _table(self, source: CatalogueSource) -> _Table:
        table = self.tables.get(id(source))
        if table is None:
            sheet, rows = source.sheet or "", source.item_rows
            table = self.tables[id(source)] = _Table(
                self.rank.get(sheet, -1 if not sheet else len(self.rank)), sheet, rows,
                all(map(lt, rows, islice(rows, 1, None))), source.columns)
        return table

    def _keys(self, group: FindingGroup, number: int, items: Sequence[int]) -> list[_Key]:
        """The keys of the group's findings on ``items`` (its first ones)."""
        source, field_name, code = group.context.source, group.field_name, group.code
        if source.pointer is None:
            table = self._table(source)
            if min(items, default=0) >= 0 and max(items, default=0) < len(table.rows):
                column = (table.columns.get(field_name) if field_name else None) or 0
                return [(table.order, table.sheet, table.rows[item], column, "", code, number,
                         place) for place, item in enumerate(items)]
            order = table.order
        else:
            order = self.rank.get("", -1)
        return [(order, *source.position(item, field_name), code, number, place)
                for place, item in enumerate(items)]


