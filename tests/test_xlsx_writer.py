"""The xlsx writer: the official layout, text that never runs, and refusal before writing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from catalog.core.findings import InputError
from catalog.formats import sheet_metadata, xlsx_writer
from catalog.standard.model import Catalogue, Document, Issuer
from tests.conftest import make_item


def two_domains() -> Document:
    issuer = Issuer(name="江上乡人民政府")
    assistance = Catalogue(domain="social_assistance", issuer=issuer, items=(
        make_item(seq="1", category="最低生活保障", name="办事指南"),
        make_item(seq="2", category="最低生活保障", name="审核结果", audience=("特定群体",)),
        make_item(seq="3", category="特困人员救助供养", name="办事指南", level=("县级", "乡级")),
    ))
    budget = Catalogue(domain="fiscal_budget", items=(make_item(),))
    return Document(catalogues=(assistance, budget))


@pytest.fixture
def written(tmp_path: Path) -> Path:
    path = tmp_path / "out.xlsx"
    xlsx_writer.write(two_domains(), path)
    return path


def test_official_layout(written: Path) -> None:
    workbook = openpyxl.load_workbook(written)
    visible = [s.title for s in workbook.worksheets if s.sheet_state == "visible"]
    assert visible == ["社会救助", "财政预决算"]
    sheet = workbook["社会救助"]
    merges = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:N1", "A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2",
            "K2:L2", "M2:N2", "B4:B5"} == merges  # 一级事项 merged down its run only
    assert sheet["A1"].value == "江上乡人民政府社会救助领域基层政务公开标准目录"
    top = [sheet.cell(2, c).value for c in range(1, 15)]
    sub = [sheet.cell(3, c).value for c in range(1, 15)]
    assert [t for t in top if t] == [
        "序号", "公开事项", "公开内容(要素)", "公开依据", "公开时限", "公开主体",
        "公开渠道和载体", "公开对象", "公开方式", "公开层级"]
    assert [s for s in sub if s] == [
        "一级事项", "二级事项", "全社会", "特定群体", "主动", "依申请", "县级", "乡级"]
    row4 = [sheet.cell(4, c).value for c in range(1, 15)]
    assert row4[:3] == ["1", "最低生活保障", "办事指南"]
    assert row4[7] == "政府网站、便民服务站"
    assert row4[8:] == ["√", None, "√", None, None, "√"]
    assert [sheet.cell(5, c).value for c in range(9, 11)] == [None, "√"]
    assert sheet["D4"].alignment.wrap_text
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["A"].width
    assert sheet.freeze_panes == "A4"
    assert sheet.page_setup.paperSize == 8 and sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$3"
    ranges = {str(r) for v in sheet.data_validations.dataValidation for r in v.sqref.ranges}
    assert ranges == {f"{c}4:{c}6" for c in "IJKLMN"}
    for name in (sheet_metadata.SHEET, xlsx_writer.LISTS_SHEET):
        assert workbook[name].sheet_state == "hidden"


FORMULA_LIKE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "=HYPERLINK(\"http://evil\",\"x\")"]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_is_written_as_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "out.xlsx"
    item = make_item(content=text, subject=text, name=text)
    xlsx_writer.write(Document(catalogues=(Catalogue(items=(item,)),)), path)
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all(b"<f>" not in archive.read(n) for n in sheets)
    cell = openpyxl.load_workbook(path).worksheets[0]["D4"]
    assert cell.value == text and cell.data_type == "s"


@pytest.mark.parametrize(("text", "reason", "code"), [
    ("bell\x07", "control", "CAT590"), ("nul\x00", "control", "CAT590"),
    ("x" * 32768, "length", "CAT591")])
def test_unstorable_text_is_refused_before_writing(tmp_path: Path, text: str,
                                                   reason: str, code: str) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"previous")
    document = Document(catalogues=(Catalogue(items=(make_item(), make_item(content=text))),))
    with pytest.raises(InputError) as refused:
        xlsx_writer.write(document, path)
    assert refused.value.code == code
    assert refused.value.params["reason"] == reason
    assert refused.value.params["cell"] == "目录1!D5"
    assert refused.value.params["pointer"] == "/catalogues/0/items/1/content"
    assert path.read_bytes() == b"previous"  # nothing written, nothing cut


def test_longest_storable_cell_is_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    text = "长" * 32767
    xlsx_writer.write(Document(catalogues=(Catalogue(items=(make_item(content=text),)),)), path)
    assert openpyxl.load_workbook(path).worksheets[0]["D4"].value == text


def test_sheet_names_are_unique_and_valid() -> None:
    catalogues = (Catalogue(domain="social_assistance"), Catalogue(domain="social_assistance"),
                  Catalogue(), Catalogue())
    names = xlsx_writer.sheet_names(catalogues)
    assert names == ["社会救助", "社会救助(2)", "目录3", "目录4"]
