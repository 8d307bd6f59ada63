"""Row heights, column widths and print setup of the workbooks catalog writes (issue 20)."""

from __future__ import annotations

import io
import time
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog import api
from catalog.core.findings import Severity
from catalog.formats import xlsx_writer
from catalog.formats.xlsx_layout import (
    MAX_ROW_HEIGHT,
    RowHeights,
    height_for,
    lines_needed,
    text_units,
)
from catalog.standard import domains
from catalog.standard.model import Catalogue, Document, Issuer, Level
from catalog.workbooks.template import INSTRUCTIONS_SHEET, channel_boxes, write_template_stream
from tests.conftest import make_item
from tests.layout_check import column_widths, unfit_cells
from tests.workbook_fill import fill

EXAMPLES = Path(__file__).parent.parent / "examples"
ISSUERS = {Level.CITY: "临江市人民政府", Level.COUNTY: "青山县人民政府",
           Level.TOWNSHIP: "江上乡人民政府", Level.VILLAGE: "江上乡红星村民委员会"}


def template_bytes(level: Level, domain: str | None = None) -> bytes:
    stream = io.BytesIO()
    write_template_stream(stream, domain, level, ISSUERS[level], all_domains=domain is None)
    return stream.getvalue()


# --------------------------------------------------------------------------- the estimate


def test_cjk_is_two_units_latin_one() -> None:
    assert text_units("政府网站") == 8
    assert text_units("ab 12") == 5
    assert text_units("（〔2019〕）") == 12  # full-width brackets are wide too


def test_lines_follow_width_paragraphs_and_font_size() -> None:
    text = "社会救助" * 10  # 80 units
    assert lines_needed(text, 81) == 1
    assert lines_needed(text, 41) == 2
    assert lines_needed(text, 41, font_size=20) == 4
    assert lines_needed("一\n二\n三", 40) == 3
    assert lines_needed("", 10) == 1


def test_latin_words_are_not_split_unless_longer_than_a_line() -> None:
    assert lines_needed("aaaa bbbb", 6) == 2  # 9 units; "bbbb" moves to line 2 whole
    assert lines_needed("a" * 25, 11) == 3  # a 25-letter word in 10-unit lines


def test_height_is_capped_at_the_excel_maximum() -> None:
    assert height_for(1) < height_for(2) < height_for(7)
    assert height_for(1000) == MAX_ROW_HEIGHT


def test_merged_cells_use_their_full_width_and_all_their_rows() -> None:
    heights = RowHeights({0: 10, 1: 10})
    heights.cell(0, 0, "社" * 9, last_column=1)  # 18 units fit in 20 - padding: one line
    assert heights.heights()[0] == height_for(1)
    heights.cell(1, 0, "社" * 40, last_row=3)  # needs 9 lines over rows 1..3
    result = heights.heights()
    assert sum(result.get(row, 15.0) for row in (1, 2, 3)) >= height_for(9)


@given(st.text(alphabet=st.sampled_from("社会救助ab1 （）\n、"), max_size=200),
       st.floats(min_value=3, max_value=80))
def test_lines_never_fewer_than_width_allows(text: str, width: float) -> None:
    lines = lines_needed(text, width)
    room = width - 1
    assert lines >= text.count("\n") + 1
    assert lines * max(room, 1) >= text_units(text.replace("\n", "")) * 0.99
    assert lines_needed(text, width + 10) <= lines  # wider never needs more lines


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize("level", list(Level))
def test_every_domain_template_fits_its_wrapped_cells(level: Level) -> None:
    """For all 26 domains at every level: every wrapped cell's row is tall enough."""
    data = template_bytes(level)
    assert unfit_cells(data) == []


def test_template_print_setup_and_widths() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes(Level.TOWNSHIP,
                                                                "social_assistance")))
    sheet = workbook["社会救助"]
    assert sheet.page_setup.paperSize == 8 and sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$3"  # title and headings on every page
    guide = workbook[INSTRUCTIONS_SHEET]
    assert guide.page_setup.paperSize == 9 and guide.page_setup.orientation == "portrait"
    for visible in (sheet, guide):
        assert visible.sheet_properties.pageSetUpPr.fitToPage
        # fitToWidth defaults to 1 in the file format (xlsxwriter leaves the default out)
        assert visible.page_setup.fitToWidth in (None, 1)
        assert visible.page_setup.fitToHeight == 0
        assert visible.page_margins.left <= 0.5 and visible.oddFooter.right.text
    widths = column_widths(sheet)
    width = {letter: widths[ord(letter) - 64] for letter in "ABDEH"}
    assert width["D"] > 2 * width["A"] and width["E"] > 2 * width["A"]  # texts wider than codes
    longest_pair = max(text_units(line) for line in channel_boxes().split("\n")
                       if line.count(" ") == 1)
    assert width["H"] > longest_pair  # two entries per line
    assert sum(line.count(" ") == 1 for line in channel_boxes().split("\n")) >= 5
    assert sheet.row_dimensions[4].height >= 7 * 10 * 1.2  # the seven box lines


def test_village_and_city_templates_have_their_level_column() -> None:
    for level in (Level.VILLAGE, Level.CITY):
        workbook = openpyxl.load_workbook(io.BytesIO(template_bytes(level, "social_assistance")))
        sheet = workbook["社会救助"]
        headings = [sheet.cell(3, column).value for column in range(13, sheet.max_column + 1)]
        assert level.value in headings
        column = 13 + headings.index(level.value)
        assert sheet.cell(4, column).value == "√"


def _filled(level: Level) -> bytes:
    """Every prefilled row (or, on a sheet without national rows, one row of the clerk's own)
    completed with valid data, typed into the template's own cells."""
    data = template_bytes(level)
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    cells: dict[int, dict[str, str]] = {}
    for number, sheet in enumerate(workbook.worksheets, start=1):
        if sheet.sheet_state != "visible" or sheet.title == INSTRUCTIONS_SHEET:
            continue
        rows = sum(1 for (seq,) in sheet.iter_rows(min_row=4, max_col=1, values_only=True)
                   if seq)
        typed: dict[str, str] = {}
        for row in range(4, 4 + max(rows, 1)):
            typed |= {f"D{row}": "办理条件、申请材料、办理流程",
                      f"E{row}": "《中华人民共和国政府信息公开条例》",
                      f"F{row}": "信息形成或者变更之日起20个工作日内",
                      f"G{row}": ISSUERS[level],
                      f"H{row}": channel_boxes(("政府网站", "便民服务站")),
                      f"I{row}": "√", f"K{row}": "√"}
            if not rows:  # the clerk's own item, with its level ticked
                heading = [c.value for c in next(sheet.iter_rows(min_row=3, max_row=3))]
                level_column = heading.index(level.value)
                typed |= {f"A{row}": "1", f"B{row}": "本地事项", f"C{row}": "办事指南",
                          f"{xlsx_writer.column_letter(level_column + 1)}{row}": "√"}
        cells[number] = typed
    workbook.close()
    return fill(data, cells)


def test_every_level_template_filled_in_correctly_checks_clean() -> None:
    """26 domains x 4 levels: no error, no warning, no CAT108 (the level column exists)."""
    start = time.perf_counter()
    for level in Level:
        loaded = api.load(io.BytesIO(_filled(level)), format="xlsx")
        findings = api.validate(loaded)
        loud = Counter(f.code for f in findings if f.severity is not Severity.INFO)
        assert not loud, (level, loud)
        codes = {f.code for f in findings}
        # 填写说明 skipped, issuer read from the title, the clerk's own item listed
        assert codes <= {"CAT505", "CAT518", "CAT406"}, (level, codes)
        assert {c.issuer.level for c in loaded.document.catalogues} == {level}
        assert len(loaded.document.catalogues) == len(domains.registry())
    assert time.perf_counter() - start < 30  # aim: < 10 s on an idle machine


# --------------------------------------------------------------------------- exports


def _export(document: Document) -> bytes:
    stream = io.BytesIO()
    xlsx_writer.write_workbook(document, stream)
    return stream.getvalue()


def test_export_of_the_examples_fits_and_prints_landscape() -> None:
    for path in sorted(EXAMPLES.glob("*/catalogue.json")):
        data = _export(api.load(path).document)
        assert unfit_cells(data) == [], path
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        for sheet in workbook.worksheets:
            if sheet.sheet_state == "visible":
                assert sheet.page_setup.orientation == "landscape"
                assert sheet.sheet_properties.pageSetUpPr.fitToPage
                assert sheet.page_setup.fitToHeight == 0 and sheet.print_title_rows == "$1:$3"


def test_long_texts_and_merged_categories_get_tall_enough_rows() -> None:
    long = "低保对象姓名、所在村(社区)、保障人数、保障金额;" * 8
    items = (make_item(seq="1", content=long), make_item(seq="2", name="审核信息"),
             make_item(seq="3", name="审批信息", category="最低生活保障"))
    data = _export(Document(catalogues=(Catalogue(items=items),)))
    assert unfit_cells(data) == []
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.row_dimensions[4].height > 4 * 10 * 1.2
    assert "B4:B6" in {str(r) for r in sheet.merged_cells.ranges}


def test_village_items_keep_their_level_in_the_export() -> None:
    item = make_item(level=("村级",), subject="红星村民委员会")
    document = Document(catalogues=(Catalogue(issuer=Issuer(name="红星村民委员会",
                                                            level="村级"), items=(item,)),))
    sheet = openpyxl.load_workbook(io.BytesIO(_export(document))).worksheets[0]
    headings = [sheet.cell(3, column).value for column in range(1, sheet.max_column + 1)]
    assert headings[-1] == "村级" and sheet.cell(4, len(headings)).value == "√"
    back = api.load(io.BytesIO(_export(document)), format="xlsx").document
    assert back.catalogues[0].items[0].level == (Level.VILLAGE,)
