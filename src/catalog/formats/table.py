"""Finding the catalogue tables in a sheet's rows: title rows, header rows and data rows.

One pass over the rows, a few hundred at a time: a title row (…标准目录) ends a
table and names the next; a header row starts a table, followed by up to two sub-header rows;
a header repeated at a page break is skipped; everything else is data, handed to
:class:`~catalog.formats.assemble.ItemBuilder`. Merged cells are filled from their anchor cell
as rows pass, and the cells a vertical merge covers are flagged so continuation rows are seen.
A run of plain data rows (most of a table) goes to the builder at once (``_plain_run``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import and_, itemgetter, ne, not_

from catalog.core.findings import Finding, Location, column_letter
from catalog.formats.assemble import ItemBuilder
from catalog.formats.grid import SheetGrid, SheetInfo
from catalog.formats.headers import (
    EXPECTED_HEADERS,
    ColumnMap,
    Token,
    classify_exact,
    code_column,
    decide,
    describe_columns,
    is_header_row,
    is_subheader_row,
    main_fields,
    map_columns,
    split_note,
)
from catalog.rules import inference, layout
from catalog.standard.vocabulary import clean_name

_TITLE = re.compile(r"目录|领域|清单|^[(（][一二三四五六七八九十百]+[)）]|^附件")
_NOTE = re.compile(r"^\s*(?:注|备注|说明|填表说明)\s*[:：]")
_MAX_MERGED_CELLS = 2_000_000
_HEADER_DEPTH = 3
_NOT_COVERED: frozenset[int] = frozenset()
_CHUNK = 512  # rows read at a time: a run of plain data rows is handled per column
_HEADING_CONTENT = ("公开内容", "内容")  # what a repeated header's 公开内容 cell starts with


@dataclass
class Table:
    """One table read from a sheet."""

    title: str | None
    title_row: int | None
    header_row: int
    columns: ColumnMap
    builder: ItemBuilder
    notes: list[str] = field(default_factory=list)


@dataclass
class SheetResult:
    tables: list[Table] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    best_header: list[str] = field(default_factory=list)  # the most header-like row seen


class _Merges:
    """Fills merged cells from their anchors as rows stream past."""

    def __init__(self, info: SheetInfo) -> None:
        self.fill: dict[int, list[tuple[int, int, int]]] = {}
        self.anchors: dict[int, list[int]] = {}
        self.values: dict[tuple[int, int], str] = {}
        self._covered: dict[tuple[int, ...], frozenset[int]] = {}  # one set per pattern
        rows, columns = info.extent or (1 << 20, 1 << 14)
        budget, fill = _MAX_MERGED_CELLS, self.fill
        for first_row, first_col, last_row, last_col in info.merges:
            last_row, last_col = min(last_row, rows), min(last_col, columns)
            size = (last_row - first_row + 1) * (last_col - first_col + 1)
            if size <= 1 or size > budget:
                continue
            budget -= size
            self.anchors.setdefault(first_row, []).append(first_col - 1)
            # every cell but the anchor, row by row and left to right: one shared target
            # tuple per column, most merges being one column over a few rows
            below = [(col - 1, first_row, first_col - 1) for col in range(first_col, last_col + 1)]
            if len(below) > 1:
                fill.setdefault(first_row, []).extend(below[1:])
            for row in range(first_row + 1, last_row + 1):
                fill.setdefault(row, []).extend(below)

    def apply(self, numbers: list[int], cells: list[list[str]]) -> list[frozenset[int]]:
        """Fill the merged cells of rows read in order; return each row's columns covered
        from a row above. Anchors are read before any cell is filled: a merge's cells lie in
        its anchor's row or below, and a row's own cells change only when it is filled."""
        count, values = len(numbers), self.values
        anchors = list(map(self.anchors.pop, numbers, repeat(None)))
        # rows arrive once, in order: their targets are freed as they pass
        targets = list(map(self.fill.pop, numbers, repeat(None)))
        for index, row_anchors in zip(compress(range(count), anchors), filter(None, anchors),
                                      strict=True):
            row, row_cells = numbers[index], cells[index]
            for column in row_anchors:
                values[(row, column)] = row_cells[column] if column < len(row_cells) else ""
        covers = [_NOT_COVERED] * count
        for index, row_targets in zip(compress(range(count), targets), filter(None, targets),
                                      strict=True):
            row, row_cells = numbers[index], cells[index]
            covered = []
            for column, anchor_row, anchor_col in row_targets:
                if column >= len(row_cells):
                    row_cells.extend([""] * (column + 1 - len(row_cells)))
                row_cells[column] = values.get((anchor_row, anchor_col), "")
                if anchor_row < row:
                    covered.append(column)
            key = tuple(covered)
            found = self._covered.get(key)
            if found is None:
                found = self._covered[key] = frozenset(covered)
            covers[index] = found
        return covers


def _distinct(cells: list[str]) -> list[str]:
    """The first two different non-blank texts of a row (enough to tell a data row)."""
    first = ""
    for cell in cells:
        if cell:
            text = cell.strip()
            if text and text != first:
                if first:
                    return [first, text]
                first = text
    return [first] if first else []


def _fill_header_gaps(rows: list[list[str]]) -> list[list[str]]:
    """Flattened header merges (CSV): a blank top heading above a sub-heading is its left one."""
    if len(rows) < 2:
        return rows
    top = list(rows[0])
    for index in range(1, len(top)):
        below = any(index < len(row) and row[index].strip() for row in rows[1:])
        if not top[index].strip() and below and top[index - 1].strip():
            top[index] = top[index - 1]
    return [top, *rows[1:]]


class SheetReader:
    """Reads the tables of one sheet from a grid."""

    def __init__(self, grid: SheetGrid, file: str, max_rows: int | None = None) -> None:
        self.grid, self.file, self.max_rows = grid, file, max_rows
        self.info = grid.info
        self.result = SheetResult()
        self._merges = _Merges(grid.info)
        self._title: tuple[int, str] | None = None
        self._header: list[list[str]] = []
        self._header_row = 0
        self._table: Table | None = None
        self._skip_above: list[str] | None = None
        self._header_fields: set[str] = set()

    def read(self) -> SheetResult:
        limit, count = self.max_rows, 0
        # never more than one row past the limit: a row is read to be reported there
        for numbers, cells in self.grid.chunks(_CHUNK, limit):
            if limit is not None and count + len(numbers) > limit:
                self._rows(numbers[:-1], cells[:-1])
                self._stop(numbers[-1])
                break
            count += len(numbers)
            self._rows(numbers, cells)
        self._end_header()
        self._close()
        return self.result

    def _rows(self, numbers: list[int], cells: list[list[str]]) -> None:
        """Rows in order: a run of plain data rows goes to the table's builder at once."""
        covers = self._merges.apply(numbers, cells)
        start, end = 0, len(numbers)
        while start < end:
            stop = self._plain_run(cells, start)
            if stop > start:
                assert self._table is not None
                self._table.builder.add_rows(numbers[start:stop], cells[start:stop],
                                             covers[start:stop])
                start = stop
                continue
            self._row(numbers[start], cells[start], covers[start])
            start += 1

    def _plain_run(self, cells: list[list[str]], start: int) -> int:
        """Where the run of plain data rows from ``start`` ends: rows that ``_row`` would hand
        to the builder as they are, told a column at a time. A row with fewer than two
        different texts, or whose 公开内容 could be a heading, is left to ``_row``; so is
        every row of a table that maps fewer than two fields."""
        table = self._table
        if (table is None or self._header or self._skip_above is not None
                or table.columns.undecided is not None or table.columns.unlabelled is not None):
            return start
        fields = table.columns.fields
        content = fields.get("content")
        other = next((column for name, column in fields.items() if name != "content"), None)
        rows = cells[start:]
        if content is None or other is None or min(map(len, rows)) <= max(content, other):
            return start
        # two different texts (公开内容 and another field's), and a 公开内容 no heading has
        texts = list(map(str.strip, map(itemgetter(content), rows)))
        others = list(map(str.strip, map(itemgetter(other), rows)))
        plain = list(map(and_, map(and_, map(bool, texts), map(bool, others)),
                         map(and_, map(ne, texts, others),
                             map(not_, map(str.startswith, texts, repeat(_HEADING_CONTENT))))))
        try:
            return start + plain.index(False)
        except ValueError:
            return start + len(rows)

    def _stop(self, row: int) -> None:
        rule = layout.ROW_LIMIT
        self.result.findings.append(
            rule.at(Location(self.file, self.info.name, row), sheet=self.info.name,
                    limit=self.max_rows, row=row)
        )

    # ----------------------------------------------------------------- per row
    def _row(self, row: int, cells: list[str], covered: frozenset[int]) -> None:
        if self._header:
            if len(self._header) < _HEADER_DEPTH and is_subheader_row(cells, self._header[-1]):
                self._header.append(cells)
                return
            self._end_header()
        distinct = _distinct(cells)
        if not distinct:
            return
        if self._table is None:
            self._seek(row, cells, distinct)
            return
        if self._skip_above is not None:
            if is_subheader_row(cells, self._skip_above):
                self._skip_above = cells
                return
            self._skip_above = None
        if len(distinct) == 1 and _NOTE.match(distinct[0]) and self._spans_table(cells):
            self._table.notes.append(distinct[0].strip())
            return
        if len(distinct) == 1 and self._is_title(cells, distinct[0]):
            self._close()
            self._title = (row, clean_name(distinct[0]))
            return
        if self._looks_like_header(cells):
            if main_fields(cells) == self._header_fields:
                rule = layout.REPEATED_HEADER
                self.result.findings.append(
                    rule.at(Location(self.file, self.info.name, row), row=row)
                )
                self._skip_above = cells
                return
            self._close()
            self._start_header(row, cells)
            return
        columns = self._table.columns
        if columns.undecided is not None or columns.unlabelled is not None:
            self._settle(row, cells)
        self._table.builder.add_row(row, cells, covered)

    def _settle(self, row: int, cells: list[str]) -> None:
        """Before the first item: columns whose meaning the values decide."""
        table = self._table
        assert table is not None
        columns = table.columns
        changed = False
        if columns.undecided is not None:
            changed = self._decide(row, cells)
        if columns.unlabelled is not None:
            column = columns.unlabelled
            if code_column(columns, cells):
                changed = True
                rule = inference.CODE_COLUMN
                self.result.findings.append(rule.at(
                    Location(self.file, self.info.name, row, column + 1),
                    column=column_letter(column + 1), value=cells[column].strip()))
        if changed:
            table.builder = ItemBuilder(self.file, self.info.name, columns,
                                        flattened=table.builder.flattened,
                                        infer_groups=table.builder.infer_groups)

    def _decide(self, row: int, cells: list[str]) -> bool:
        """公开形式: channels or mode, by the first data row's value; whether it became mode."""
        table = self._table
        assert table is not None
        columns = table.columns
        column = columns.undecided
        assert column is not None
        chosen = decide(columns, cells) or "channels"
        columns.undecided = None
        rule = inference.COLUMN_BY_VALUES
        self.result.findings.append(rule.at(
            Location(self.file, self.info.name, row, column + 1),
            column=column_letter(column + 1), header=columns.labels[column],
            value=(cells[column] if column < len(cells) else "").strip(),
            standard="公开方式" if chosen == "mode" else "公开渠道和载体"))
        self._missing_findings(columns, table.header_row)
        return chosen == "mode"

    def _seek(self, row: int, cells: list[str], distinct: list[str]) -> None:
        if is_header_row(cells):
            self._start_header(row, cells)
            return
        if len(distinct) == 1:
            self._title = (row, clean_name(distinct[0]))
            return
        if len(main_fields(cells)) > len(main_fields(self.result.best_header)):
            self.result.best_header = list(cells)

    def _start_header(self, row: int, cells: list[str]) -> None:
        self._header = [cells]
        self._header_row = row

    def _end_header(self) -> None:
        if not self._header:
            return
        header, self._header = self._header, []
        self._header_fields = main_fields(header[0])
        columns = map_columns(_fill_header_gaps(header) if not self.info.merges else header)
        title_row, title = self._title if self._title else (None, None)
        self._title = None
        builder = ItemBuilder(self.file, self.info.name, columns,
                              flattened=not self.info.keeps_merges,
                              infer_groups=not self.info.written_by_catalog)
        self._table = Table(title, title_row, self._header_row, columns, builder)
        self._header_findings(columns, len(header))

    def _close(self) -> None:
        if self._table is not None and self._table.columns.undecided is not None:
            self._table.columns.undecided = None  # no data row: stays channels
            self._missing_findings(self._table.columns, self._table.header_row)
        if self._table is not None:
            self._table.builder.finish()
            self.result.tables.append(self._table)
            self.result.findings.extend(self._table.builder.findings)
            if self.info.merges and self._table.builder.item_rows:
                self._merged_blocks(self._table)
            self._table = None

    def _merged_blocks(self, table: Table) -> None:
        """One finding per merged cell that spans several items in a value column (公开依据,
        时限, 主体, 渠道, √ ...): every item took its value. Group columns (序号, 一级/二级事项)
        are merged by design and not reported here."""
        rows = table.builder.item_rows
        first_item, last_item = rows[0], rows[-1]
        columns = {column: name for name, column in table.columns.fields.items()
                   if name not in ("seq", "category", "name")}
        for tick in table.columns.ticks:
            columns.setdefault(tick.column, tick.field)
        for top, left, bottom, right in sorted(self.info.merges):
            if bottom <= top or top < first_item or top > last_item:
                continue
            names = [columns[c] for c in range(left - 1, right) if c in columns]
            if not names:
                continue
            count = bisect.bisect_right(rows, bottom) - bisect.bisect_left(rows, top)
            if count < 2:
                continue  # one item's continuation rows
            rule = inference.MERGED_BLOCK
            cells = f"{column_letter(left)}{top}:{column_letter(right)}{bottom}"
            self.result.findings.append(rule.at(Location(self.file, self.info.name, top, left),
                                                cells=cells, field="、".join(dict.fromkeys(names)),
                                                count=count))

    # ----------------------------------------------------------------- tests
    def _is_title(self, cells: list[str], text: str) -> bool:
        if not _TITLE.search(text) or len(text) > 120:
            return False
        return self._spans_table(cells)

    def _spans_table(self, cells: list[str]) -> bool:
        """Whether a one-text row stands at the left of the table or across it."""
        filled = [index for index, cell in enumerate(cells) if cell.strip()]
        if len(filled) >= 3:
            return True
        assert self._table is not None
        mapped = [
            *self._table.columns.fields.values(),
            *(tick.column for tick in self._table.columns.ticks),
        ]
        return bool(filled) and filled[0] <= min(mapped, default=0)

    def _looks_like_header(self, cells: list[str]) -> bool:
        assert self._table is not None
        content = self._table.columns.fields.get("content")
        if content is not None and content < len(cells):
            text = cells[content].strip()
            if len(text) > 40 or not text.startswith(_HEADING_CONTENT):
                return False
            if len(split_note(text)[0]) > 12 or classify_exact(text) != Token("content"):
                return False
        return is_header_row(cells)

    def _header_findings(self, columns: ColumnMap, depth: int = 1) -> None:
        sheet, row = self.info.name, self._header_row
        last = row + depth - 1  # the row of the sub-headings
        for column in columns.unknown:
            rule = layout.EXTRA_COLUMN
            self.result.findings.append(
                rule.at(Location(self.file, sheet, row, column + 1),
                        column=column_letter(column + 1), header=columns.labels[column])
            )
        for column, header, expected in columns.near_misses:
            rule = layout.HEADER_NEAR_MISS
            self.result.findings.append(
                rule.at(Location(self.file, sheet, row, column + 1), header=header,
                        expected=expected)
            )
        if columns.hierarchy:
            rule = inference.HIERARCHY
            labels = [f"{column_letter(c + 1)}:{columns.labels[c]}" for c in columns.hierarchy]
            self.result.findings.append(rule.at(
                Location(self.file, sheet, row, columns.hierarchy[-1] + 1),
                depth=len(columns.hierarchy), columns="、".join(labels),
                leaf=columns.labels[columns.hierarchy[-1]]))
        for column, header, parent, standard in columns.inferred:
            rule = inference.HEADER_INFERRED
            self.result.findings.append(rule.at(Location(self.file, sheet, last, column + 1),
                                                column=column_letter(column + 1), header=header,
                                                parent=parent, standard=standard))
        if columns.undecided is None:  # else once the values have decided (``_decide``)
            self._missing_findings(columns, row)

    def _missing_findings(self, columns: ColumnMap, row: int) -> None:
        for name in columns.missing:
            rule = layout.MISSING_COLUMN
            self.result.findings.append(rule.at(Location(self.file, self.info.name, row),
                                                field=name))


def unrecognised(file: str, sheet: str, header: list[str]) -> Finding:
    """CAT501 for a sheet with no recognisable table: what was found, expected, missing."""
    labels = [clean_name(cell) for cell in header]
    columns = map_columns([labels]) if any(labels) else ColumnMap()
    found = describe_columns(labels)
    named = {label for label in labels if label}
    rule = layout.UNRECOGNISED_LAYOUT
    extra = sorted(named & {columns.labels[c] for c in columns.unknown})
    return rule.at(Location(file, sheet), sheet=sheet, found="、".join(found) or "（无）",
                   expected="、".join(EXPECTED_HEADERS),
                   missing="、".join(_missing_headings(columns)) or "（无）",
                   extra="、".join(extra) or "（无）")


def _missing_headings(columns: ColumnMap) -> list[str]:
    have = set(columns.fields) | {tick.field for tick in columns.ticks}
    names = {
        "seq": "序号",
        "category": "公开事项",
        "content": "公开内容",
        "basis": "公开依据",
        "time_limit": "公开时限",
        "subject": "公开主体",
        "channels": "公开渠道和载体",
        "audience": "公开对象",
        "mode": "公开方式",
        "level": "公开层级",
    }
    return [heading for key, heading in names.items() if key not in have]
