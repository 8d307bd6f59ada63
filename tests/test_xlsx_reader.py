"""The spreadsheet importer on the ugly variants of shared vocabulary §1–§7."""

from __future__ import annotations

import datetime
import io
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.core.findings import InputError
from catalog.formats import xlsx_reader
from catalog.formats.options import ResolvedReadOptions
from catalog.formats.screening import Limits
from catalog.standard.model import Audience, Level, Mode
from tests.reading import (
    HEADER,
    codes,
    finding,
    fixture,
    items,
    merges,
    read_xlsx,
)
from tests.workbook_builder import build


def test_official_layout_values() -> None:
    loaded = read_xlsx(fixture("official.txt"))
    catalogue = loaded.document.catalogues[0]
    first, second = catalogue.items
    assert catalogue.title == "江上乡人民政府社会救助领域基层政务公开标准目录"
    assert catalogue.issuer.name == "江上乡人民政府" and catalogue.issuer.level is Level.TOWNSHIP
    assert catalogue.metadata == {"公开渠道和载体": "“■”表示必选项,“□”表示可选项"}
    assert (first.seq, first.category, first.name) == ("1", "最低生活保障", "出生登记")
    assert first.subject == "公安分局" and first.original["subject"] == "公安\n分局"
    assert first.original["name"] == "出生\n登记"
    # 口 starts a box-list entry: an empty box; 发布会 is 发布会/听证会.
    assert first.channels == ("政府网站", "发布会/听证会")
    assert first.original["channels"] == "■政府网站 □政府公报 口两微一端 ■发布会"
    assert first.audience == (Audience.SOCIETY,) and first.mode == (Mode.PROACTIVE,)
    assert first.level == (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)
    assert first.original["level"] == "县级/乡、村级"
    assert first.time_limit.days == 20 and first.basis.citations[0].title == "社会救助暂行办法"
    # 口 inside words is a character: 人口, 户口, 口岸 are kept.
    assert (second.name, second.content) == ("人口与户口", "口岸与人口统计")
    assert second.category == "最低生活保障"  # merged B4:B5
    assert second.basis.text == "《社会救助暂行办法》" and second.original["basis"] == "同上"
    assert second.time_limit.days == 20 and second.original["time_limit"] == "同上"
    assert second.audience == (Audience.SPECIFIC_GROUP,)
    assert second.original["audience"] == "特定群众"
    assert second.mode == (Mode.ON_REQUEST,) and second.original["mode"] == "依申请公开"
    assert second.level == (Level.TOWNSHIP, Level.VILLAGE)
    assert second.channels == ("政府网站", "入户/现场") and "channels" not in second.original


def test_official_layout_source_map() -> None:
    loaded = read_xlsx(fixture("official.txt"))
    source = loaded.sources[0]
    assert (source.sheet, source.item_rows, source.title_row) == ("社会救助", [4, 5], 1)
    assert source.columns == {"seq": 1, "category": 2, "name": 3, "content": 4, "basis": 5,
                              "time_limit": 6, "subject": 7, "channels": 8, "audience": 9,
                              "mode": 11, "level": 13}
    assert source.absent_fields == frozenset()
    assert source.locate(1, "time_limit").cell == "社会救助!F5"
    filled = {f.params["field"]: f for f in loaded.findings if f.code == "CAT510"}
    assert set(filled) == {"category", "basis", "time_limit"}
    assert filled["basis"].location.cell == "社会救助!E5" and filled["basis"].params["count"] == 1


def test_table_away_from_a1_keeps_cell_letters() -> None:
    description = f"""[sheet 表]
[at 3 C]
某某县民政局社会救助领域基层政务公开标准目录
[at 5 C]
{HEADER}
#1 | 低保 | 办事指南 | 条件 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
[hidden-rows 6]
[hidden-cols D]
"""
    loaded = read_xlsx(description)
    source = loaded.sources[0]
    assert source.item_rows == [7] and source.title_row == 3
    assert source.columns["seq"] == 3 and source.columns["level"] == 15
    assert source.locate(0, "subject").cell == "表!I7"
    assert loaded.document.catalogues[0].issuer.name is None  # 县民政局 is not a government
    assert finding(loaded, "CAT507").params == {"sheet": "表", "rows": 1, "columns": 1,
                                                "first": "6"}


def test_tick_cells_kou_empty_and_unknown_mark() -> None:
    loaded = read_xlsx(fixture("three_levels.txt"))
    first, second = items(loaded)
    assert second.audience == ()  # 口 alone in a mark cell is an empty box
    assert second.mode == (Mode.ON_REQUEST,)
    assert second.level == (Level.VILLAGE,)  # the cell says 村级 instead of √
    assert first.level == (Level.TOWNSHIP,) and first.original["level"] == "镇级"


def test_four_item_levels_the_leaf_is_the_item() -> None:
    loaded = read_xlsx(fixture("three_levels.txt"))
    first, second = items(loaded)
    assert (first.parents, first.category, first.name) == (
        ("决策", "最低生活保障"), "政策文件", "法规")
    assert (second.parents, second.category, second.name) == (
        ("决策", "最低生活保障"), "审核", "口岸")
    assert first.extra == {}
    assert finding(loaded, "CAT546").params["depth"] == 4
    assert "CAT503" not in codes(loaded)


def test_columns_in_another_order() -> None:
    loaded = read_xlsx(fixture("layouts.txt"))
    first, second = items(loaded)
    assert (first.seq, first.original["seq"]) == ("1", "１")
    assert first.category == "城镇燃气经营许可" and first.name == ""
    assert first.mode == (Mode.PROACTIVE,) and first.original["mode"] == "主动公开"
    assert first.audience == (Audience.SOCIETY,) and first.original["audience"] == "全 社 会"
    assert first.channels == ("政府网站", "政务服务中心")
    assert first.time_limit.days == 20 and first.basis.text == "《城镇燃气管理条例》"
    assert first.extra == {"事项类型": "决策公开", "咨询电话": "0797-1234567"}
    assert second.channels == ("政府网站", "入户/现场", "征地信息公开平台")
    assert second.audience == (Audience.SPECIFIC_GROUP,) and second.mode == (Mode.ON_REQUEST,)
    assert second.subject == "公安分局" and second.content == "人口信息"
    source = loaded.sources[0]
    assert source.columns["subject"] == 5 and source.columns["audience"] == 10
    assert source.absent_fields == frozenset({"name", "level"})
    assert "CAT502" not in codes(loaded)


def test_continuation_rows_are_one_item() -> None:
    description = fixture("continuation.txt").replace("HEADER", f"[merge {merges(1)}]\n{HEADER}")
    loaded = read_xlsx(description)
    first, second = items(loaded)
    assert len(items(loaded)) == 2 and loaded.sources[0].item_rows == [3, 6]
    assert first.content == "1.政策文件\n2.办事指南\n3.咨询电话"
    assert first.basis.text == "《就业促进法》" and first.level == (Level.COUNTY,)
    assert second.channels == ("政府网站", "便民服务站")
    assert finding(loaded, "CAT512").params["count"] == 3


def test_stacked_tables_repeated_header_and_notes() -> None:
    loaded = read_xlsx(fixture("stacked.txt"))
    first, second = loaded.document.catalogues
    assert first.title == "(一)社会救助领域基层政务公开标准目录"
    assert [item.category for item in first.items] == ["低保", "特困"]
    assert second.title == "(二)户籍管理领域基层政务公开标准目录"
    assert second.items[0].level == (Level.COUNTY, Level.TOWNSHIP)
    assert second.metadata == {"注": "注:本目录由县公安局负责解释。"}
    assert [s.item_rows for s in loaded.sources] == [[3, 5], [9]]
    assert [s.title_row for s in loaded.sources] == [1, 7]
    assert finding(loaded, "CAT513").location.row == 4


def test_cover_sheet_skipped_hidden_sheet_read() -> None:
    description = "[sheet 填写说明]\n请按模板填写。\n" + fixture("official.txt").replace(
        "[sheet 社会救助]", "[sheet 社会救助 hidden]")
    loaded = read_xlsx(description)
    assert finding(loaded, "CAT505").params == {"sheet": "填写说明"}
    assert finding(loaded, "CAT506").params == {"sheet": "社会救助"}
    assert len(loaded.document.catalogues) == 1


def test_formulas_cached_and_uncached() -> None:
    description = f"""[sheet 表]
[merge {merges(1)}]
{HEADER}
=1=>1 | 低保 | 办事指南 | 条件 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
=A3+1 | 低保 | 审核 | =D3=>条件 | 《办法》 | 实时公开 | =G3 | 政府网站 | √ | | √ | | √ |
[merge B3:B4]
"""
    loaded = read_xlsx(description)
    first, second = items(loaded)
    assert first.seq == "1" and second.seq == "" and second.subject == ""
    assert second.content == "条件"
    # A numbering formula with its saved value is harmless: information, not a warning.
    numbering = finding(loaded, "CAT520")
    assert numbering.severity.value == "info"
    assert numbering.params == {"sheet": "表", "count": 1, "cells": "A3"}
    cached = finding(loaded, "CAT508")
    assert cached.severity.value == "warning"
    assert cached.params["count"] == 1 and cached.location.cell == "表!D4"
    missing = finding(loaded, "CAT509")
    assert missing.params == {"sheet": "表", "count": 2, "cells": "A4、G4"}


def test_same_as_above_in_first_row_left_for_cat105() -> None:
    description = f"""[merge {merges(1)}]
{HEADER}
#1 | 低保 | 办事指南 | 条件 | 同上 | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
"""
    assert items(read_xlsx(description))[0].basis.text == "同上"


def test_blank_required_cells_stay_blank_and_are_cat101() -> None:
    """A blank that is no merge and no 同上 is missing data, not the row above's value."""
    from catalog.api import validate

    description = f"""{HEADER}
#1 | 低保 | 办事指南 | 条件 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
#2 | 低保 | 审核 | | | | | | √ | | √ | | √ |
"""
    loaded = read_xlsx(description)
    second = items(loaded)[1]
    assert (second.content, second.basis.text, second.time_limit.text, second.subject,
            second.channels) == ("", "", "", "", ())
    assert second.original == {}
    assert not {"CAT510", "CAT511"} & set(codes(loaded))
    blank = {f.location.cell for f in validate(loaded) if f.code == "CAT101"}
    assert blank == {"Sheet1!D4", "Sheet1!E4", "Sheet1!F4", "Sheet1!G4", "Sheet1!H4"}


GROUPED = f"""{HEADER}
#1 | 低保 | 办事指南 | 条件 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
#2 | | 审核 | 名单 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
#3 | | 公示 | 名单 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
#4 | 特困 | 认定 | 名单 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
#5 | | 审核 | 名单 | | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
"""


def test_group_column_blanks_read_as_their_group_and_say_so() -> None:
    loaded = read_xlsx(GROUPED)
    read = items(loaded)
    assert [item.category for item in read] == ["低保", "低保", "低保", "特困", "特困"]
    assert [item.original.get("category") for item in read] == [None, "", "", None, ""]
    group = finding(loaded, "CAT511")
    assert group.severity.value == "info" and group.location.cell == "Sheet1!B4"
    assert group.params == {"field": "category", "count": 3, "cells": "B4、B5、B7"}
    assert read[4].basis.text == ""  # only the group column is inferred


def test_column_written_row_by_row_is_no_group_column() -> None:
    """Repeated written values show a column filled per row: a blank there is a gap."""
    description = GROUPED.replace("#2 | |", "#2 | 低保 |")
    loaded = read_xlsx(description)
    assert [item.category for item in items(loaded)] == ["低保", "低保", "", "特困", ""]
    assert "CAT511" not in codes(loaded)


def test_blanks_stay_blank_when_the_table_uses_merges() -> None:
    description = f"""[merge {merges(1)} B3:B4]
{HEADER}
#1 | 低保 | 办事指南 | 条件 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
#2 | | 审核 | 名单 | | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
"""
    second = items(read_xlsx(description))[1]
    assert second.category == "低保" and second.basis.text == ""


def test_missing_column_reported_once() -> None:
    description = """序号 | 公开事项 | 公开内容 | 公开依据 | 公开时限 \
| 公开渠道 | 公开对象 | 公开方式
#1 | 低保 | 条件 | 《办法》 | 实时公开 | 政府网站 | 全社会 | 主动
#2 | 特困 | 条件 | 《办法》 | 实时公开 | 政府网站 | 全社会 | 主动
"""
    loaded = read_xlsx(description)
    assert finding(loaded, "CAT502").params == {"field": "subject"}
    assert "subject" in loaded.sources[0].absent_fields


def test_misspelt_and_unknown_headers() -> None:
    description = """序号 | 公开事项 | 公开内容 | 公开依据 | 公开时线 | 公开主体 | 公开渠道 \
| 公开对象 | 公开方式 | 负责人
#1 | 低保 | 条件 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | 全社会 | 主动 | 张三
"""
    loaded = read_xlsx(description)
    item = items(loaded)[0]
    assert item.time_limit.text == "实时公开" and item.extra == {"负责人": "张三"}
    assert finding(loaded, "CAT504").params == {"header": "公开时线", "expected": "公开时限"}
    assert finding(loaded, "CAT503").params == {"column": "J", "header": "负责人"}
    assert "CAT502" not in codes(loaded)


def test_unknown_tick_mark_reported() -> None:
    description = f"""{HEADER}
#1 | 低保 | 办事指南 | 条件 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | ○ | | √ | | √ |
"""
    loaded = read_xlsx(description)
    found = finding(loaded, "CAT201")
    assert found.location.cell == "Sheet1!I3" and found.params["value"] == "○"


@pytest.mark.parametrize(("top", "labels", "expected"), [
    ("公开层级", ("县级", "乡、村级"), (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)),
    ("公开方式", ("县级", "乡、村级"), (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)),
    ("公开层级", ("市级", "县(区)级"), (Level.CITY, Level.COUNTY)),
    ("公开层级", ("区县级", "乡镇级"), (Level.COUNTY, Level.TOWNSHIP)),
    ("公开层级", ("乡镇级", "嘎查(社区)级"), (Level.TOWNSHIP, Level.VILLAGE)),
    ("公开层级", ("东阳市级", "镇街乡"), (Level.CITY, Level.TOWNSHIP)),
])
def test_level_header_variants(top: str, labels: tuple[str, str], expected: tuple[Level, ...]
                               ) -> None:
    description = f"""[merge {merges(1)}]
序号 | 公开事项 | | 公开内容 | 公开依据 | 公开时限 | 公开主体 | 公开渠道 \
| 公开对象 | | 公开方式 | | {top} |
| 一级 | 二级 | | | | | | 全社会 | 特定对象 | 主动 | 申请公开 | {labels[0]} | {labels[1]}
#1 | 低保 | 办事指南 | 条件 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | | ✓ | | 是 | √ | √
"""
    item = items(read_xlsx(description))[0]
    assert item.level == expected
    assert item.audience == (Audience.SPECIFIC_GROUP,) and item.mode == (Mode.ON_REQUEST,)


def test_unrecognised_sheet_beside_a_catalogue() -> None:
    description = "[sheet 名单]\n名称 | 说明 | 公开主体\n甲 | 乙 | 丙\n" + fixture("official.txt")
    loaded = read_xlsx(description)
    found = finding(loaded, "CAT501")
    assert found.params["sheet"] == "名单" and "公开内容" in found.params["missing"]
    assert "A:名称" in found.params["found"]


def test_no_catalogue_in_file_is_an_input_error() -> None:
    with pytest.raises(InputError) as raised:
        read_xlsx("名称 | 说明 | 公开主体\n甲 | 乙 | 丙\n")
    assert raised.value.code == "CAT501" and "公开依据" in raised.value.params["missing"]


@pytest.mark.parametrize(
    "data", [b"", b"hello", b"PK\x03\x04broken", b"\xd0\xcf\x11\xe0" + b"0" * 600])
def test_not_a_spreadsheet_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError):
        xlsx_reader.read(io.BytesIO(data), name="bad.xlsx")


def test_sheet_over_the_row_limit_is_refused_before_reading() -> None:
    limits = replace(Limits.default(), max_rows=3)
    with pytest.raises(InputError) as raised:
        xlsx_reader.read(io.BytesIO(build(fixture("official.txt"))), name="t.xlsx",
                         options=ResolvedReadOptions(limits=limits))
    assert raised.value.code == "CAT615"


@pytest.mark.parametrize("name", ["official.txt", "three_levels.txt", "layouts.txt",
                                  "stacked.txt", "continuation.txt"])
def test_both_backends_read_alike(name: str) -> None:
    description = fixture(name).replace("HEADER", f"[merge {merges(1)}]\n{HEADER}")
    fast, lean = read_xlsx(description), read_xlsx(description, streaming=True)
    assert fast.document == lean.document and fast.sources == lean.sources
    assert fast.findings == lean.findings
    assert lean.info["backend"] == "openpyxl-read-only"


def test_sheet_xml_scanned_in_the_extent_pass_as_in_a_pass_of_its_own() -> None:
    import zipfile

    from catalog.formats.sheet_extent import check_sheet_extent
    from catalog.formats.xlsx_parts import PartsWatcher, scan_sheet, sheet_paths

    data = build(f"""[sheet 表]
[merge {merges(1)}]
[hidden-rows 4]
[hidden-cols D]
{HEADER}
=1=>1 | 低保 | 办事指南 | 条件 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
=A3+1 | 低保 | 审核 | 名单 | 《办法》 | 实时公开 | =G3 | 政府网站 | √ | | √ | | √ |
""")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        paths = sheet_paths(archive)
        alone = {sheet: scan_sheet(archive.open(path)) for sheet, path in paths.items()}
    watcher = PartsWatcher(paths, merges=True)
    check_sheet_extent(data, "t.xlsx", Limits.default(), watch=watcher)
    assert watcher.found == alone
    assert alone["表"].hidden_rows == [4] and alone["表"].hidden_columns == [4]
    assert len(alone["表"].formulas) == 3 and alone["表"].merges


@pytest.mark.parametrize("streaming", [False, True])
def test_each_part_is_inflated_once_before_the_reader_runs(monkeypatch: pytest.MonkeyPatch,
                                                          streaming: bool) -> None:
    """The container check's bounded reader inflates every part; the sheet's extent, hidden
    rows, formulas (and merges, for the streaming backend) are read in that same pass."""
    import zipfile
    from collections.abc import Iterator

    from catalog.formats import screening

    data = build(f"""[sheet 表]
[merge {merges(1)}]
[hidden-rows 4]
{HEADER}
=1=>1 | 低保 | 办事指南 | 条件 | 《办法》 | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |
""")
    inflated: list[str] = []
    inflate = screening._inflate

    def counted(raw: memoryview, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
        inflated.append(info.filename)
        return inflate(raw, info, name)

    monkeypatch.setattr(screening, "_inflate", counted)
    _, kind, streamed, parts = xlsx_reader._open(io.BytesIO(data), "t.xlsx", Limits(), streaming)
    assert (kind, streamed) == ("xlsx", streaming)
    sheets = [part for part in inflated if part.startswith("xl/worksheets/")]
    assert sheets == ["xl/worksheets/sheet1.xml"]
    small = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels",
             "[Content_Types].xml")  # inflated again to be parsed, a few hundred bytes
    assert len(inflated) == len(set(inflated)) + sum(inflated.count(part) - 1 for part in small)
    assert parts is not None and parts["表"].hidden_rows == [4]
    assert len(parts["表"].formulas) == 1 and bool(parts["表"].merges) is streaming


def test_calamine_rows_give_every_cell_as_text_wherever_numbers_first_appear() -> None:
    """Numbers, dates, booleans and blanks first met in later rows and other columns: each
    cell reads as ``cell_text`` of its value, as the streaming backend reads it."""
    import datetime

    import python_calamine
    import xlsxwriter

    from catalog.formats.grid import SheetInfo, cell_text

    values: list[list[object]] = [
        ["序号", "事项", "日期"],
        [1, "低保", "文本"],
        ["2", 3.5, datetime.datetime(2024, 1, 31)],
        [4, True, datetime.datetime(2024, 2, 1, 8, 30)],
        ["五", "", 7],
        [None, "只有文字", "也是文字"],
        [1e20, -0.25, False],
    ]
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as book:
        sheet = book.add_worksheet("表")
        dates = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                if isinstance(value, datetime.datetime):
                    sheet.write_datetime(r, c, value, dates)
                elif value is not None:
                    sheet.write(r, c, value)
    data = buffer.getvalue()
    raw = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    expected = [[cell_text(value) for value in row] for row in raw.to_python()]
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    read = [cells for _, cells in xlsx_reader.CalamineGrid(sheet, SheetInfo(name="表")).rows()]
    assert read == expected
    assert read[2] == ["2", "3.5", "2024-01-31"] and read[3][1:] == ["TRUE", "2024-02-01 08:30:00"]
    assert read[6] == ["1e+20", "-0.25", "FALSE"]
    assert all(type(cell) is str for row in read for cell in row)


class _Sheet:
    """What CalamineGrid reads of a python-calamine sheet: where the data starts, and rows."""

    def __init__(self, rows: list[list[object]], start: tuple[int, int] = (0, 0)) -> None:
        self.start, self._rows = start, rows

    def iter_rows(self) -> Any:
        return iter([list(row) for row in self._rows])


_CELL_VALUES = st.one_of(
    st.sampled_from(["", "同上", "文本", "12"]), st.integers(-3, 3), st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1.0, 2.0, 1e15, -1e15, 3.5]),
    st.just(datetime.datetime(2024, 1, 31)))


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(_CELL_VALUES, min_size=0, max_size=4), max_size=12),
       size=st.integers(1, 5), limit=st.none() | st.integers(0, 12), pad=st.integers(0, 2))
def test_calamine_chunks_read_as_each_cell_alone(rows: list[list[object]], size: int,
                                                 limit: int | None, pad: int) -> None:
    """Chunks convert a column of whole numbers in C and fall back row by row on anything
    else: every cell must read as ``cell_text`` of its value, rows numbered in order, and no
    more than ``limit + 1`` rows read."""
    from catalog.formats.grid import SheetInfo, cell_text

    grid = xlsx_reader.CalamineGrid(_Sheet(rows, (0, pad)), SheetInfo(name="表"))
    read = [(number, cells) for numbers, chunk in grid.chunks(size, limit)
            for number, cells in zip(numbers, chunk, strict=True)]
    wanted = len(rows) if limit is None else min(len(rows), limit + 1)
    assert read == [(number, [""] * pad + [cell_text(value) for value in row])
                    for number, row in enumerate(rows[:wanted], start=1)]
    assert list(grid.rows()) == [(number, [""] * pad + [cell_text(value) for value in row])
                                 for number, row in enumerate(rows, start=1)]


def test_a_cell_over_the_limit_in_a_chunk_is_refused_at_its_cell() -> None:
    from catalog.formats.grid import SheetInfo

    rows: list[list[object]] = [["序号", "事项"], [1.0, "短"], [2.0, "长" * 40], [3.0, "短"]]
    grid = xlsx_reader.CalamineGrid(_Sheet(rows, (0, 1)), SheetInfo(name="表"), "f.xlsx",
                                    max_chars=30)
    with pytest.raises(InputError) as caught:
        list(grid.chunks(512))
    assert caught.value.code == "CAT618"
    assert caught.value.params["cell"] == "表!C3" and caught.value.params["chars"] == 40


def test_reading_messages_render_in_both_languages() -> None:
    """CAT511 (group column), CAT520 (numbering formula), CAT209 and CAT211 (cells the reader
    tidies) as a clerk reads them."""
    from catalog.api import render_message

    loaded = read_xlsx(GROUPED.replace("#1 |", "=ROW()-2=>1 |").replace(
        "| 县民政局 |", "| 县民政局\\s |", 1).replace("| √ | | √ | | √ |", "| ✓ | | √ | | √ |", 1))
    messages = {f.code: (render_message(f, "zh"), render_message(f, "en"))
                for f in loaded.findings}
    assert messages["CAT511"] == (
        "一级事项按分组列读取：3 个空白单元格（如 B4、B5、B7）沿用上方同组的一级事项",
        "The first-level item (一级事项) column is written once per group: 3 blank cells "
        "(e.g. B4、B5、B7) were read as their group's value above")
    assert messages["CAT520"][0] == (
        "工作表“Sheet1”的序号列有 1 个公式单元格（如 A3），已读取保存的计算结果；"
        "序号公式不影响目录内容")
    assert messages["CAT520"][1].startswith("Sheet “Sheet1” has 1 formula cells in the 序号 column")
    assert messages["CAT209"] == ("勾选标记“✓”已按“√”读取", "Check mark “✓” was read as √")
    assert messages["CAT211"][0] == "公开主体中有多余的空格或换行"
