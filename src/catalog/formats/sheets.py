"""Sheet grids into catalogues, for every spreadsheet format: each sheet's tables read by the
:class:`~catalog.formats.table.SheetReader`, sheets that are no catalogue skipped, hidden rows
and formulas reported, the metadata sheet a written workbook carries applied. The .xlsx/.xls/.ods
reader and the CSV reader (one sheet) both hand their grids here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from catalog.core.findings import Finding, InputError, Location, column_letter
from catalog.formats import sheet_metadata
from catalog.formats.catalogues import build
from catalog.formats.grid import Formula, SheetGrid, SheetInfo
from catalog.formats.loaded import Loaded
from catalog.formats.table import SheetReader, SheetResult, Table, unrecognised
from catalog.rules import layout
from catalog.standard.records import DocumentRecord
from catalog.standard.terms import Level

_SAMPLE = 5  # cells named in a finding about many (hidden rows, formulas)

# Sheets that hold a cover or instructions, never a table.
# Sheets that hold a cover or instructions, never a table.
NON_CATALOGUE_SHEETS = ("封面", "说明", "填写说明", "填表说明", "目录说明", "使用说明", "备注")


def _cells(refs: list[tuple[int, int]]) -> str:
    return "、".join(f"{column_letter(col)}{row}" for row, col in refs[:_SAMPLE])


def _numbering(tables: list[Table]) -> Callable[[Formula], bool]:
    """Whether a formula sits in the 序号 column of a table, below its header (harmless)."""
    spans = [(table.header_row, table.columns.fields["seq"] + 1) for table in tables
             if "seq" in table.columns.fields]

    def test(formula: Formula) -> bool:
        return any(formula.column == column and formula.row > header for header, column in spans)
    return test


def _sheet_findings(name: str, info: SheetInfo, tables: list[Table]) -> list[Finding]:
    findings: list[Finding] = []
    sheet = info.name
    if info.hidden:
        findings.append(layout.HIDDEN_SHEET.at(Location(name, sheet), sheet=sheet))
    if info.hidden_rows or info.hidden_columns:
        first = (f"{info.hidden_rows[0]}" if info.hidden_rows
                 else column_letter(info.hidden_columns[0]))
        findings.append(layout.HIDDEN_ROWS.at(
            Location(name, sheet), sheet=sheet, rows=len(info.hidden_rows),
            columns=len(info.hidden_columns), first=first))
    numbering = _numbering(tables) if info.formulas else None
    for rule, cached, harmless in ((layout.FORMULA_NUMBERING, True, True),
                                   (layout.FORMULA_CACHED, True, False),
                                   (layout.FORMULA_NO_VALUE, False, None)):
        refs = [(f.row, f.column) for f in info.formulas if f.cached is cached and (
            harmless is None or numbering is None or numbering(f) is harmless)]
        if refs:
            findings.append(rule.at(Location(name, sheet, refs[0][0], refs[0][1]),
                                    sheet=sheet, count=len(refs), cells=_cells(refs)))
    return findings


class _Header(NamedTuple):
    """The most header-like row of the sheets without a table (for the message when none has)."""

    score: int  # cells filled
    sheet: str
    cells: list[str]


def read_grids(grids: Iterator[SheetGrid], *, name: str, issuer: str | None = None,
               level: Level | None = None, max_rows: int | None = None,
               sheet_rows: sheet_metadata.SheetRows | None = None) -> Loaded:
    """Read every sheet grid of a file into catalogues; shared with the CSV reader.

    ``sheet_rows`` re-reads a few raw rows for the metadata's cell checks (see
    :func:`catalog.formats.sheet_metadata.apply`)."""
    loaded = Loaded(file=name, document=DocumentRecord(), sources=[])
    catalogues = []
    unreadable: list[Finding] = []
    best: _Header | None = None
    metadata_rows: list[list[str]] | None = None
    sheets: list[str] = []  # workbook order, for reports (sheet names sort differently)
    for grid in grids:
        sheets.append(grid.info.name)
        if grid.info.name in sheet_metadata.RESERVED_SHEETS:  # written by catalog: not tables
            if grid.info.name == sheet_metadata.SHEET:
                metadata_rows = [cells for _, cells in grid.rows()]
            continue
        result: SheetResult = SheetReader(grid, name, max_rows).read()
        sheet = grid.info.name
        if not result.tables:
            label = sheet.strip()
            if any(word in label for word in NON_CATALOGUE_SHEETS) or not any(
                    cell.strip() for cell in result.best_header):
                loaded.findings.append(layout.SHEET_SKIPPED.at(Location(name, sheet),
                                                               sheet=sheet))
            else:
                unreadable.append(unrecognised(name, sheet, result.best_header))
            score = sum(1 for cell in result.best_header if cell.strip())
            if best is None or score > best.score:
                best = _Header(score, sheet, result.best_header)
            loaded.findings.extend(result.findings)
            continue
        loaded.findings.extend(_sheet_findings(name, grid.info, result.tables))
        loaded.findings.extend(result.findings)
        found, sources, findings = build(name, sheet, result.tables, issuer, level)
        catalogues.extend(found)
        loaded.sources.extend(sources)
        loaded.findings.extend(findings)
    if not catalogues:
        if unreadable:
            raise InputError(layout.UNRECOGNISED_LAYOUT, name, **unreadable[0].params)
        finding = unrecognised(name, best.sheet if best else "", best.cells if best else [])
        raise InputError(layout.UNRECOGNISED_LAYOUT, name, **finding.params)
    loaded.findings.extend(unreadable)
    loaded.info["sheets"] = sheets
    loaded.records = DocumentRecord(tuple(catalogues))
    return sheet_metadata.apply_rows(loaded, metadata_rows, sheet_rows)
