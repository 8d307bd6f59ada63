"""Annotated copies of a user's workbook: their mistakes marked where they made them.

Staff fix problems fastest in their own file: error cells are filled red, warning cells yellow,
each with a comment carrying the messages, and a 检查结果 sheet lists every finding with a link
to its cell. The copy is made with openpyxl so their layout and formatting stay, and formulas
keep their saved results (:mod:`catalog.formats.workbook_copy`); an .xls workbook becomes an
.xlsx copy. The input file is only ever read.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from catalog.core.findings import Finding, Severity, UsageError
from catalog.core.outputs import guard_outputs
from catalog.core.safe_text import visible
from catalog.formats import xlsx_writer
from catalog.formats.workbook_copy import open_workbook
from catalog.formats.xlsx_layout import A4, RowHeights, print_setup_openpyxl
from catalog.i18n import ANNOTATION_HEADINGS as _HEADINGS
from catalog.i18n import SEVERITY_LABELS
from catalog.rules.engine import RuleRegistry, message_for
from catalog.rules.registry import default_registry

RESULTS_SHEET = "检查结果"
FILLS = {Severity.ERROR: "FFFFC7CE", Severity.WARNING: "FFFFEB9C"}  # light red, yellow
ANNOTATABLE = (".xlsx", ".xlsm", ".xls")
_LABELS = SEVERITY_LABELS
_HINT_LABEL = {"zh": "处理办法：", "en": "How to fix: "}


def _message(finding: Finding, registry: RuleRegistry, lang: str) -> str:
    # a cell's control characters quoted in a message: shown as escapes (a worksheet cannot
    # hold them, and openpyxl refuses them)
    return visible(message_for(finding, registry, lang))


def _set_text(cell: Any, text: str) -> None:
    """Store text as text: openpyxl would turn a value starting with = into a formula."""
    cell.value = text
    cell.data_type = "s"


class _Anchors:
    """The cell that shows a value: the top-left cell when a position is inside a merge.

    Built once per sheet, so marking many cells stays linear in a workbook with many merges.
    """

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.maps: dict[str, dict[tuple[int, int], tuple[int, int]]] = {}

    def __call__(self, sheet_name: str, row: int, column: int) -> Any:
        sheet = self.workbook[sheet_name]
        if sheet_name not in self.maps:
            self.maps[sheet_name] = {
                (r, c): (merged.min_row, merged.min_col)
                for merged in sheet.merged_cells.ranges
                for r in range(merged.min_row, merged.max_row + 1)
                for c in range(merged.min_col, merged.max_col + 1)}
        return sheet.cell(*self.maps[sheet_name].get((row, column), (row, column)))


def _mark_cells(workbook: Any, anchor: _Anchors, findings: list[Finding],
                lines: list[str]) -> int:
    """Fill and comment every cell a finding points at; returns how many cells were marked."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    cells: dict[tuple[str, int, int], list[int]] = {}
    for index, finding in enumerate(findings):
        where = finding.location
        if where.sheet is not None and where.sheet in workbook.sheetnames and where.row:
            cells.setdefault((where.sheet, where.row, where.column or 1), []).append(index)
    for (sheet_name, row, column), indexes in cells.items():
        cell = anchor(sheet_name, row, column)
        worst = min((findings[i].severity for i in indexes), key=lambda s: s.rank)
        if worst in FILLS:
            cell.fill = PatternFill("solid", start_color=FILLS[worst], end_color=FILLS[worst])
        text = "\n".join(lines[i] for i in indexes)
        if cell.comment is not None:
            text = f"{cell.comment.text}\n{text}"
        comment = Comment(text, "catalog")
        comment.width, comment.height = 320, min(60 + 40 * len(indexes), 400)
        cell.comment = comment
    return len(cells)


_RESULT_WIDTHS = (6.0, 7.0, 9.0, 18.0, 60.0)  # fits A4 portrait at full size
_RESULT_SIZE = 10.0  # 宋体 10 as in the catalogue sheets: every program then measures alike


def _results_sheet(workbook: Any, anchor: _Anchors, findings: list[Finding], lines: list[str],
                   lang: str) -> None:
    """The 检查结果 sheet: one wrapped row per finding, its location a link to the cell.

    Laid out and set up for printing by catalog (the user's own sheets keep their layout):
    the message column wraps, each row is as tall as its message, A4 portrait fitted to the
    page width, the heading row repeated on every page.
    """
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.hyperlink import Hyperlink


    if RESULTS_SHEET in workbook.sheetnames:
        del workbook[RESULTS_SHEET]
    sheet = workbook.create_sheet(RESULTS_SHEET, 0)
    heights = RowHeights(dict(enumerate(_RESULT_WIDTHS)))
    top = Alignment(vertical="top")
    centred = Alignment(vertical="top", horizontal="center")
    wrapped = Alignment(vertical="top", wrap_text=True)
    heading_fill = PatternFill("solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
    rule = Border(bottom=Side(style="thin", color="FFBFBFBF"))
    plain = Font(name="宋体", size=_RESULT_SIZE)
    link_font = Font(name="宋体", size=_RESULT_SIZE, color="FF0563C1", underline="single")
    for column, title in enumerate(_HEADINGS.get(lang, _HEADINGS["zh"]), start=1):
        _set_text(sheet.cell(1, column), title)
        sheet.cell(1, column).font = Font(name="宋体", size=_RESULT_SIZE, bold=True)
        sheet.cell(1, column).fill = heading_fill
        sheet.cell(1, column).alignment = centred
    labels = _LABELS.get(lang, _LABELS["zh"])
    for number, (finding, line) in enumerate(zip(findings, lines, strict=True), start=1):
        row = number + 1
        where = finding.location
        sheet.cell(row, 1).value = number
        _set_text(sheet.cell(row, 2), labels[finding.severity])
        _set_text(sheet.cell(row, 3), finding.code)
        place = where.cell or where.sheet or where.describe()
        _set_text(sheet.cell(row, 4), place)
        _set_text(sheet.cell(row, 5), line)
        for column in range(1, 6):
            sheet.cell(row, column).alignment = (centred if column < 3 else top if column < 4
                                                 else wrapped)
            sheet.cell(row, column).border = rule
            sheet.cell(row, column).font = plain
        heights.cell(row - 1, 3, place, _RESULT_SIZE)
        heights.cell(row - 1, 4, line, _RESULT_SIZE)
        if where.sheet is not None and where.sheet in workbook.sheetnames:
            target = anchor(where.sheet, where.row or 1, where.column or 1)
            quoted = where.sheet.replace("'", "''")
            link = sheet.cell(row, 4)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!"
                                       f"{target.coordinate}", display=place)
            link.font = link_font  # not the named Hyperlink style: it resets the alignment
    for column, width in enumerate(_RESULT_WIDTHS):
        sheet.column_dimensions[chr(65 + column)].width = width
    heights.apply_openpyxl(sheet)
    sheet.freeze_panes = "A2"
    print_setup_openpyxl(sheet, A4, landscape=False, repeat_rows=1)
    workbook.active = 0


def workbook_order(workbook: Any, findings: Iterable[Finding]) -> list[Finding]:
    """Findings as a reader meets them in the workbook: file-wide first, then sheet by sheet in
    tab order, row by row, column by column; errors before warnings in the same cell."""
    position = {name: index for index, name in enumerate(workbook.sheetnames)}

    def key(finding: Finding) -> tuple[int, int, int, int, tuple[Any, ...]]:
        where = finding.location
        sheet = -1 if where.sheet is None else position.get(where.sheet, len(position))
        return (sheet, where.row or 0, where.column or 0, finding.severity.rank,
                finding.sort_key())

    return sorted(findings, key=key)


def workbook_line(finding: Finding, registry: RuleRegistry, lang: str) -> str:
    """A finding as a clerk reads it inside the workbook: code, message and the rule's hint
    for the workbook (what to change in the file, never a command-line flag)."""
    line = f"[{finding.code}] {_message(finding, registry, lang)}"
    rule = registry.get(finding.code) if finding.code in registry else None
    hint = rule.hint(lang, medium="workbook") if rule is not None else None
    if hint:
        line += f"\n{_HINT_LABEL.get(lang, _HINT_LABEL['zh'])}{hint}"
    return line


def annotate(input_path: str | Path, findings: Iterable[Finding], output_path: str | Path,
             lang: str = "zh", registry: RuleRegistry | None = None) -> int:
    """Write an annotated copy of ``input_path`` to ``output_path``; returns cells marked.

    ``findings`` are those of a check of ``input_path``. The input is read once into memory
    and never written; the output is written atomically.
    """
    source, target = Path(input_path), Path(output_path)
    if source.suffix.lower() not in ANNOTATABLE:
        raise UsageError(f"{source}: annotated copies are made of .xlsx and .xls workbooks only")
    if target.suffix.lower() != ".xlsx":
        raise UsageError(
            f"{target}: the annotated copy is an .xlsx file (.xls cannot be written); use "
            f"{target.stem}.xlsx",
            zh=f"{target}：批注副本为 .xlsx 文件（无法写入 .xls）；请使用 {target.stem}.xlsx")

    guard_outputs([("--annotate", target)], [source])

    editable = open_workbook(source)
    workbook = editable.workbook
    chosen = registry or default_registry()
    ordered = workbook_order(workbook, findings)
    lines = [workbook_line(f, chosen, lang) for f in ordered]
    anchor = _Anchors(workbook)
    marked = _mark_cells(workbook, anchor, ordered, lines)
    _results_sheet(workbook, anchor, ordered, lines, lang)
    xlsx_writer.save(target, editable.save)
    return marked
