"""Fill-in templates: national items pre-filled, dropdowns from a hidden sheet, reads back clean."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from catalog.core.findings import Severity, UsageError
from catalog.formats import load_file, xlsx_writer
from catalog.standard import domains
from catalog.standard.model import STANDARD_CHANNELS, Level
from catalog.workbooks.template import INSTRUCTIONS_SHEET, channel_boxes, write_template


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "template.xlsx"
    write_template(path, "social_assistance", "乡级", issuer="江上乡人民政府")
    return path


def national(slug: str, level: Level) -> list[tuple[str, str]]:
    domain = domains.registry().get(slug)
    return [(i.category, i.name) for i in domain.items if i.expected_at(level)]


def test_prefilled_with_the_national_items_for_the_level(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)["社会救助"]
    expected = national("social_assistance", Level.TOWNSHIP)
    assert expected
    rows = [(sheet.cell(r, 2).value, sheet.cell(r, 3).value or "")
            for r in range(4, 4 + len(expected))]
    assert rows == expected
    assert sheet.cell(1, 1).value == "江上乡人民政府社会救助领域基层政务公开标准目录"
    for row in range(4, 4 + len(expected)):
        assert [sheet.cell(row, c).value for c in range(4, 8)] == [None] * 4  # staff fill these
        assert sheet.cell(row, 8).value == channel_boxes()
        assert sheet.cell(row, 14).value == "√"  # 乡级 ticked, other marks blank
        assert [sheet.cell(row, c).value for c in range(9, 14)] == [None] * 5


def test_channel_boxes_list_all_13_channels_unticked() -> None:
    text = channel_boxes()
    assert text.count("□") == 13 and "■" not in text
    assert all(f"□{name}" in text for name in STANDARD_CHANNELS)


def test_every_mark_column_has_a_dropdown_from_a_hidden_sheet(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    sheet = workbook["社会救助"]
    validations = sheet.data_validations.dataValidation
    ranges = {str(rng) for v in validations for rng in v.sqref.ranges}
    last = 3 + len(national("social_assistance", Level.TOWNSHIP)) + 200
    assert ranges == {f"{c}4:{c}{last}" for c in "IJKLMN"}
    for validation in validations:
        assert validation.type == "list"
        assert validation.formula1.startswith(f"'{xlsx_writer.LISTS_SHEET}'!")
    lists = workbook[xlsx_writer.LISTS_SHEET]
    assert lists.sheet_state == "hidden" and lists["A1"].value == "√"


def test_instructions_explain_each_column_with_an_example(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)[INSTRUCTIONS_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    columns = [row[0] for row in rows if row[0]]
    for heading in ("序号", "一级事项", "公开内容(要素)", "公开依据", "公开渠道和载体"):
        assert heading in columns
    assert all(row[2] for row in rows[3:14])  # every column has an example


def test_all_domains_gives_one_sheet_per_domain(tmp_path: Path) -> None:
    path = tmp_path / "all.xlsx"
    write_template(path, None, Level.COUNTY, all_domains=True)
    workbook = openpyxl.load_workbook(path)
    names = [d.name_zh for d in domains.registry()]
    visible = [s.title for s in workbook.worksheets if s.sheet_state == "visible"]
    assert visible == [*names, INSTRUCTIONS_SHEET]


def test_unknown_domain_or_level_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        write_template(tmp_path / "t.xlsx", "no_such_domain", "乡级")
    with pytest.raises(UsageError):
        write_template(tmp_path / "t.xlsx", "social_assistance", "省级")
    with pytest.raises(UsageError):
        write_template(tmp_path / "t.xlsx", None, "乡级")
    assert not (tmp_path / "t.xlsx").exists()


def test_filled_in_template_reads_back_without_layout_warnings(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    sheet = workbook["社会救助"]
    count = len(national("social_assistance", Level.TOWNSHIP))
    for row in range(4, 4 + count):
        sheet.cell(row, 4).value = "办理条件、申请材料"
        sheet.cell(row, 5).value = "《社会救助暂行办法》"
        sheet.cell(row, 6).value = "信息形成或者变更之日起20个工作日内"
        sheet.cell(row, 7).value = "江上乡人民政府"
        sheet.cell(row, 8).value = channel_boxes(("政府网站", "便民服务站"))
        sheet.cell(row, 9).value = "√"
        sheet.cell(row, 11).value = "√"
    workbook.save(template)
    loaded = load_file(template)
    problems = [f for f in loaded.findings if f.code.startswith("CAT5")
                and f.severity is not Severity.INFO]
    assert problems == []
    catalogue = loaded.document.catalogues[0]
    assert catalogue.domain == "social_assistance"
    assert catalogue.issuer.name == "江上乡人民政府" and catalogue.issuer.level is Level.TOWNSHIP
    assert len(catalogue.items) == count
    first = catalogue.items[0]
    assert first.channels == ("政府网站", "便民服务站")
    assert first.audience == ("全社会",) and first.mode == ("主动",) and first.level == ("乡级",)


def test_items_without_a_known_level_are_offered_at_every_level(tmp_path: Path) -> None:
    domain = next(d for d in domains.registry() if any(not item.level for item in d.items))
    unknown = [item for item in domain.items if not item.level]
    path = tmp_path / "township.xlsx"
    write_template(path, domain.slug, Level.TOWNSHIP)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    names = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value}
    assert all(item.name in names or item.category in names for item in unknown)


def _fill_row(sheet: openpyxl.worksheet.worksheet.Worksheet, row: int) -> None:
    sheet.cell(row, 4).value = "办理条件、申请材料"
    sheet.cell(row, 5).value = "《社会救助暂行办法》"
    sheet.cell(row, 6).value = "信息形成或者变更之日起20个工作日内"
    sheet.cell(row, 7).value = "江上乡人民政府"
    sheet.cell(row, 8).value = channel_boxes(("政府网站",))
    sheet.cell(row, 9).value = "√"
    sheet.cell(row, 11).value = "√"


@pytest.mark.parametrize("distinct", [False, True], ids=["as-made", "one-item-groups"])
def test_partly_filled_template_never_reads_blanks_from_above(template: Path,
                                                              distinct: bool) -> None:
    """Rows left blank are missing data (CAT101), and a local item added below the national
    ones keeps its blank 一级事项: a template is filled in row by row, never by groups."""
    from catalog.api import validate

    workbook = openpyxl.load_workbook(template)
    sheet = workbook["社会救助"]
    count = len(national("social_assistance", Level.TOWNSHIP))
    _fill_row(sheet, 4)
    _fill_row(sheet, 5)
    if distinct:  # a domain whose every 一级事项 has one item: only the template's sheets tell
        for row in range(4, 4 + count):
            sheet.cell(row, 2).value = f"事项{row}"
    added = 4 + count
    sheet.cell(added, 1).value = str(count + 1)
    sheet.cell(added, 3).value = "本地新增事项"
    _fill_row(sheet, added)
    workbook.save(template)
    loaded = load_file(template)
    items = loaded.document.catalogues[0].items
    assert items[2].basis.text == "" and items[2].subject == "" and items[2].content == ""
    assert (items[-1].name, items[-1].category) == ("本地新增事项", "")
    assert not {"CAT510", "CAT511"} & {f.code for f in loaded.findings}
    blank = {f.location.cell for f in validate(loaded) if f.code == "CAT101"}
    assert {"社会救助!D6", "社会救助!E6", "社会救助!F6", "社会救助!G6"} <= blank
    assert "社会救助!E5" not in blank
