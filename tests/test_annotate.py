"""Annotated workbooks: findings marked in a copy of the user's own file."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from catalog.core.findings import Finding, Location, Severity, UsageError
from catalog.rules import default_registry
from catalog.workbooks.annotate import FILLS, RESULTS_SHEET, annotate
from tests.layout_check import column_widths, unfit_cells
from tests.workbook_builder import build

TABLE = (Path(__file__).parent / "fixtures" / "annotate.txt").read_text(encoding="utf-8")


def at(column: int, row: int, code: str, severity: Severity, **params: object) -> Finding:
    return Finding(code, severity, Location("in.xlsx", "社会救助", row, column), dict(params))


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "in.xlsx"
    path.write_bytes(build(TABLE))
    book = openpyxl.load_workbook(path)
    cell = book["社会救助"]["C4"]
    cell.value, cell.data_type = "=办事指南", "s"  # text that looks like a formula
    book.save(path)
    return path


def findings() -> list[Finding]:
    return [
        at(4, 5, "CAT101", Severity.ERROR, field="content", item="最低生活保障/审核结果"),
        at(6, 4, "CAT302", Severity.WARNING, item="最低生活保障/=办事指南", days=30, limit=20,
           text="30个工作日内"),
        at(2, 5, "CAT103", Severity.WARNING, item="最低生活保障"),  # inside the B4:B5 merge
        Finding("CAT107", Severity.ERROR, Location("in.xlsx")),  # a file-level finding
    ]


def test_cells_are_filled_and_commented(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    marked = annotate(workbook, findings(), out)
    assert marked == 3
    sheet = openpyxl.load_workbook(out)["社会救助"]
    registry = default_registry()
    red, yellow = sheet["D5"], sheet["F4"]
    assert red.fill.start_color.rgb == FILLS[Severity.ERROR]
    assert yellow.fill.start_color.rgb == FILLS[Severity.WARNING]
    message = registry.get("CAT101").message(findings()[0].params, "zh")
    assert message in red.comment.text and "CAT101" in red.comment.text
    assert "CAT302" in yellow.comment.text
    assert "CAT103" in sheet["B4"].comment.text  # merged cells are marked at their anchor
    assert sheet["C4"].value == "=办事指南" and sheet["C4"].data_type == "s"  # kept as text
    assert "B4:B5" in {str(r) for r in sheet.merged_cells.ranges}


def test_results_sheet_lists_every_finding_with_links(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    annotate(workbook, findings(), out, lang="en")
    workbook_out = openpyxl.load_workbook(out)
    assert workbook_out.sheetnames[0] == RESULTS_SHEET
    sheet = workbook_out[RESULTS_SHEET]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4
    # workbook order: the file-wide finding, then F4, B5 (inside B4:B5), D5
    assert [row[2] for row in rows] == ["CAT107", "CAT302", "CAT103", "CAT101"]
    links = {sheet.cell(r, 4).hyperlink.location or sheet.cell(r, 4).hyperlink.target
             for r in range(2, 6) if sheet.cell(r, 4).hyperlink is not None}
    assert {"'社会救助'!D5", "'社会救助'!B4", "'社会救助'!F4"} <= {
        link.lstrip("#") for link in links}
    english = default_registry().get("CAT101").message(findings()[0].params, "en")
    assert rows[3][1] == "error" and rows[3][4].startswith(f"[CAT101] {english}")


def test_input_is_never_modified(workbook: Path, tmp_path: Path) -> None:
    before, stamp = workbook.read_bytes(), os.stat(workbook).st_mtime_ns
    annotate(workbook, findings(), tmp_path / "out.xlsx")
    assert workbook.read_bytes() == before
    assert os.stat(workbook).st_mtime_ns == stamp


def test_refuses_to_replace_the_input_or_other_formats(workbook: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        annotate(workbook, findings(), workbook)
    with pytest.raises(UsageError):
        annotate(tmp_path / "in.csv", findings(), tmp_path / "out.xlsx")
    with pytest.raises(UsageError, match=r"\.xls cannot be written.*out\.xlsx"):
        annotate(workbook, findings(), tmp_path / "out.xls")


# --------------------------------------------------------------------------- layout (issue 20)


def test_results_sheet_wraps_fits_the_page_and_links_in_workbook_order(
        workbook: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book.create_sheet("附表")  # a second sheet after 社会救助 in tab order
    book.save(workbook)
    out = tmp_path / "out.xlsx"
    late = Finding("CAT302", Severity.WARNING, Location("in.xlsx", "附表", 2, 1), {})
    early = at(5, 9, "CAT101", Severity.ERROR, field="basis", item="x")
    annotate(workbook, [late, *findings(), early], out)
    result = openpyxl.load_workbook(out)
    sheet = result[RESULTS_SHEET]
    places = [sheet.cell(row, 4).value for row in range(2, sheet.max_row + 1)]
    # file-wide first, then 社会救助 row by row, then 附表: the order a clerk scrolls in
    assert places == ["in.xlsx", "社会救助!F4", "社会救助!B5", "社会救助!D5", "社会救助!E9",
                      "附表!A2"]
    for row in range(3, sheet.max_row + 1):  # internal links, not external "#…" targets
        link = sheet.cell(row, 4).hyperlink
        assert link is not None and link.location and not link.target
    assert sheet.cell(7, 4).hyperlink.location == "'附表'!A2"
    assert sheet.cell(2, 5).alignment.wrap_text and sheet.cell(2, 4).alignment.wrap_text
    assert unfit_cells(out.read_bytes(), (RESULTS_SHEET,)) == []
    setup = sheet.page_setup
    assert setup.paperSize == 9 and setup.orientation == "portrait"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1"
    widths = column_widths(sheet)
    assert sum(widths.values()) <= 110  # A4 portrait at full size: no column on a second page


def test_user_sheets_keep_their_own_layout(workbook: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    user = book["社会救助"]
    user.row_dimensions[5].height = 33
    user.column_dimensions["D"].width = 21
    user.page_setup.orientation = "portrait"
    book.save(workbook)
    out = tmp_path / "out.xlsx"
    annotate(workbook, [at(4, 5, "CAT101", Severity.ERROR, field="content", item="x" * 300)],
             out)
    after = openpyxl.load_workbook(out)["社会救助"]
    assert after.row_dimensions[5].height == 33 and after.row_dimensions[4].height is None
    assert column_widths(after)[4] == 21 and after.page_setup.orientation == "portrait"


def test_workbook_hints_name_no_command_line_flags(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    unknown = Finding("CAT206", Severity.INFO, Location("in.xlsx", "社会救助", 1, 1), {})
    for lang, words in (("zh", ("标题", "catalog.toml")), ("en", ("title", "catalog.toml"))):
        annotate(workbook, [unknown], out, lang=lang)
        book = openpyxl.load_workbook(out)
        line = book[RESULTS_SHEET].cell(2, 5).value
        comment = book["社会救助"]["A1"].comment.text
        for text in (line, comment):
            assert "--" not in text and all(word in text for word in words), text


def test_formulas_keep_their_saved_results(tmp_path: Path) -> None:
    from tests.test_fix import FORMULAS, assert_formulas_kept

    source = tmp_path / "in.xlsx"
    source.write_bytes(build(FORMULAS))
    annotate(source, findings(), tmp_path / "out.xlsx")
    assert_formulas_kept(tmp_path / "out.xlsx")


def test_xls_is_annotated_into_an_xlsx(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from catalog.cli.main import main
    from tests.workbook_builder import build_xls

    source = tmp_path / "in.xls"
    source.write_bytes(build_xls(TABLE.replace("=办事指南", "办事指南")))
    out = tmp_path / "out.xlsx"
    assert main(["check", str(source), "--annotate", str(out)]) == 1
    assert f"{source} 是 .xls 格式，副本已保存为 .xlsx" in capsys.readouterr().err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == RESULTS_SHEET
    marked = [cell for row in book["社会救助"].iter_rows() for cell in row if cell.comment]
    assert marked and all("[CAT" in cell.comment.text for cell in marked)
    assert "B4:B5" in {str(merge) for merge in book["社会救助"].merged_cells.ranges}
