"""Issue 14 layouts read right: each variant built from real wording, read from xlsx and csv."""

from __future__ import annotations

from typing import Any

import pytest

from catalog.api import validate
from catalog.formats import Loaded
from tests.reading import HEADER, items, merges, read_csv, read_xlsx
from tests.workbook_builder import to_csv

Reader = Any


def both(description: str) -> list[Loaded]:
    """The same sheet read from .xlsx and from a UTF-8 CSV export."""
    return [read_xlsx(description), read_csv(to_csv(description).encode("utf-8"))]


def row(seq: str, name: str, channels: str, category: str = "最低生活保障") -> str:
    channels = channels.replace("\n", "\\n")
    return (f"{seq} | {category} | {name} | 办理条件、申请材料 | 《社会救助暂行办法》 | "
            f"信息形成或变更之日起10个工作日内 | 江上乡人民政府 | {channels} | √ | | √ | | | √")


def table(*rows: str) -> str:
    return "\n".join([f"[merge A1:N1 {merges(2)}]",
                      "江上乡人民政府社会救助领域基层政务公开标准目录", HEADER, *rows])


# --------------------------------------------------------------------------- 2. box lists

BOX_CELLS = [
    ("■政府网站□政府公报■两微一端", ("政府网站", "两微一端")),
    ("■政务服务中心■便民服务站", ("政务服务中心", "便民服务站")),
    ("公开查阅点□行政服务中心", ("公开查阅点", "政务服务中心")),
    ("☑政府网站☐政府公报☑便民服务站", ("政府网站", "便民服务站")),
    ("☐政府网站 ☐政府公报", ("政府网站", "政府公报")),
    ("●政府网站●入户/现场", ("政府网站", "入户/现场")),
    ("■政府网站 ■社区/企事业单位、村公示栏(电子屏)",
     ("政府网站", "社区/企事业单位/村公示栏(电子屏)")),
    ("政府网站、社区/企事业单位、村公示栏(电子屏)",
     ("政府网站", "社区/企事业单位/村公示栏(电子屏)")),
    ("■政府网站口两微一端□广播电视", ("政府网站",)),
]


@pytest.mark.parametrize(("cell", "channels"), BOX_CELLS)
def test_box_lists_run_together(cell: str, channels: tuple[str, ...]) -> None:
    for loaded in both(table(row("1", "办事指南", cell))):
        item = items(loaded)[0]
        assert item.channels == channels
        assert item.original["channels"] == cell  # the cell as written is kept
        found = {f.code for f in validate(loaded)}
        assert "CAT203" not in found  # no box list ever reads as a local channel
        assert "CAT525" not in found


def test_a_box_list_entry_without_a_box_is_a_finding_not_a_channel() -> None:
    cell = "公开查阅点■政府网站□政府公报"
    for loaded in both(table(row("1", "办事指南", cell), row("2", "申请条件", "政府网站"))):
        assert items(loaded)[0].channels == ("政府网站",)
        found = [f for f in validate(loaded) if f.code in ("CAT525", "CAT203")]
        assert [(f.code, f.location.row, f.params["entries"]) for f in found] == [
            ("CAT525", 4, "公开查阅点")]


# --------------------------------------------------------------------------- 8. local names

@pytest.mark.parametrize(("cell", "channels", "pairs"), [
    ("区政府门户网站、微信公众号", ("政府网站", "两微一端"),
     {("区政府门户网站", "政府网站"), ("微信公众号", "两微一端")}),
    ("县政府门户网站\n村务公开栏", ("政府网站", "社区/企事业单位/村公示栏(电子屏)"),
     {("县政府门户网站", "政府网站"), ("村务公开栏", "社区/企事业单位/村公示栏(电子屏)")}),
    ("■政府门户网站 □政府公报 ■东阳市人民政府网站", ("政府网站",),
     {("政府门户网站", "政府网站"), ("东阳市人民政府网站", "政府网站")}),
])
def test_local_names_of_standard_channels(cell: str, channels: tuple[str, ...],
                                          pairs: set[tuple[str, str]]) -> None:
    for loaded in both(table(row("1", "办事指南", cell))):
        item = items(loaded)[0]
        assert item.channels == channels
        assert item.original["channels"] == cell
        found = validate(loaded)
        assert {(f.params["written"], f.params["standard"])
                for f in found if f.code == "CAT202"} == pairs
        assert not [f for f in found if f.code == "CAT203"]


# ------------------------------------------------------------------ 3. cut-down sub-headers

def cut_down_table(audience: tuple[str, str], mode: tuple[str, str]) -> str:
    return "\n".join([
        f"[merge A1:N1 {merges(2)}]",
        "某某镇人民政府社会救助领域基层政务公开标准目录",
        "序号 | 公开事项 | | 公开内容 | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 | "
        "公开对象 | | 公开方式 | | 公开层级 |",
        f" | 一级事项 | 二级事项 | | | | | | {audience[0]} | {audience[1]} | {mode[0]} | "
        f"{mode[1]} | 县级 | 乡级",
        "1 | 特困人员救助供养 | 办事指南 | 申请条件、办理流程 | 《社会救助暂行办法》 | "
        "信息形成或变更之日起20个工作日内 | 某某镇人民政府 | 政府网站 | √ | | √ | | | √",
        "2 | 特困人员救助供养 | 审批结果 | 救助对象名单 | 《社会救助暂行办法》 | "
        "信息形成或变更之日起20个工作日内 | 某某镇人民政府 | 公示栏 | | √ | | √ | | √",
    ])


@pytest.mark.parametrize(("audience", "mode", "inferred"), [
    (("社会", "特定 主体"), ("主 动", "依申 请"),
     [("I", "社会", "全社会"), ("J", "特定主体", "特定群体")]),
    (("全社", "特定"), ("主动", "申请"), [("I", "全社", "全社会"), ("L", "申请", "依申请")]),
])
def test_cut_down_sub_headers_are_read_by_their_parent(
        audience: tuple[str, str], mode: tuple[str, str],
        inferred: list[tuple[str, str, str]]) -> None:
    for loaded in both(cut_down_table(audience, mode)):
        assert len(loaded.document.catalogues) == 1  # never split in two
        title = loaded.document.catalogues[0].title
        assert title == "某某镇人民政府社会救助领域基层政务公开标准目录"
        first, second = items(loaded)
        assert (first.audience, first.mode) == (("全社会",), ("主动",))
        assert (second.audience, second.mode) == (("特定群体",), ("依申请",))
        found = [(f.params["column"], f.params["header"], f.params["standard"])
                 for f in loaded.findings if f.code == "CAT526"]
        assert {f.location.row for f in loaded.findings if f.code == "CAT526"} == {3}
        assert found == inferred
        assert {f.params["parent"] for f in loaded.findings if f.code == "CAT526"} <= {
            "公开对象", "公开方式"}
        assert not [f for f in loaded.findings if f.code in ("CAT501", "CAT502", "CAT503")]


def test_one_unknown_sub_header_does_not_split_the_table() -> None:
    description = cut_down_table(("全社会", "特定群体"), ("主动", "依申请")).replace(
        "| 依申请 | 县级", "| 其他方式 | 县级")
    for loaded in both(description):
        assert len(loaded.document.catalogues) == 1
        catalogue = loaded.document.catalogues[0]
        assert catalogue.title == "某某镇人民政府社会救助领域基层政务公开标准目录"
        assert [item.name for item in catalogue.items] == ["办事指南", "审批结果"]
        assert [f.params["header"] for f in loaded.findings if f.code == "CAT503"] == [
            "公开方式/其他方式"]


# --------------------------------------------------------------------------- 4. department lists

DEPARTMENT = """\
[merge A1:J1]
某县民政局政务公开事项清单
序号 | 事项类别 | 事项名称 | 条款内容 | 公开依据 | 公开时限 | 责任单位 | 公开形式 | 公开范围 \
| 咨询电话
1 | 最低生活保障 | 低保政策 | 最低生活保障政策文件 | 《社会救助暂行办法》 | \
信息形成之日起20个工作日内 | 县民政局社会救助股 | 政府网站、村务公开栏 | 全社会 | 0579-86612345
2 | 最低生活保障 | 低保对象名单 | 保障对象姓名、保障金额 | 《社会救助暂行办法》 | \
每季度公开 | 县民政局社会救助股 | 公示栏 | 特定群体 | 0579-86612345
"""


def test_department_headers() -> None:
    for loaded in both(DEPARTMENT):
        first, second = items(loaded)
        assert (first.category, first.name, first.content) == (
            "最低生活保障", "低保政策", "最低生活保障政策文件")
        assert first.subject == "县民政局社会救助股"
        assert first.channels == ("政府网站", "社区/企事业单位/村公示栏(电子屏)")
        assert first.audience == ("全社会",) and second.audience == ("特定群体",)
        assert first.extra == {"咨询电话": "0579-86612345"}
        assert [(f.params["column"], f.params["standard"], f.params["value"])
                for f in loaded.findings if f.code == "CAT527"] == [
            ("H", "公开渠道和载体", "政府网站、村务公开栏")]
        assert [f.params["field"] for f in loaded.findings if f.code == "CAT502"] == ["mode"]
        assert not [f for f in loaded.findings if f.code in ("CAT503", "CAT504")]


def test_department_form_column_holding_the_mode() -> None:
    description = DEPARTMENT.replace("公开形式 | 公开范围", "公开形式 | 公开渠道").replace(
        "| 政府网站、村务公开栏 | 全社会 |", "| 主动公开 | 政府网站 |").replace(
        "| 公示栏 | 特定群体 |", "| 依申请公开 | 公示栏 |")
    for loaded in both(description):
        first, second = items(loaded)
        assert (first.mode, second.mode) == (("主动",), ("依申请",))
        assert (first.channels, second.channels) == (
            ("政府网站",), ("社区/企事业单位/村公示栏(电子屏)",))
        assert not [f for f in loaded.findings if f.code == "CAT527"]  # 公开渠道 decided it


def test_department_form_column_decided_by_values() -> None:
    description = DEPARTMENT.replace("| 政府网站、村务公开栏 |", "| 主动公开 |").replace(
        "| 公示栏 |", "| 依申请公开 |")
    for loaded in both(description):
        first, second = items(loaded)
        assert (first.mode, second.mode) == (("主动",), ("依申请",))
        assert first.channels == ()
        assert [(f.params["column"], f.params["standard"]) for f in loaded.findings
                if f.code == "CAT527"] == [("H", "公开方式")]
        assert [f.params["field"] for f in loaded.findings if f.code == "CAT502"] == [
            "channels"]


def test_clause_text_beside_the_content_column_stays_extra() -> None:
    description = DEPARTMENT.replace("| 条款内容 |", "| 公开内容 |").replace(
        "| 公开依据 |", "| 条款内容 |")
    for loaded in both(description):
        first = items(loaded)[0]
        assert first.content == "最低生活保障政策文件"
        assert first.extra["条款内容"] == "《社会救助暂行办法》"
        assert not [f for f in loaded.findings if f.code == "CAT503"]


def test_level_one_and_two_alone() -> None:
    description = DEPARTMENT.replace("事项类别 | 事项名称", "一级 | 二级")
    for loaded in both(description):
        assert [(i.category, i.name) for i in items(loaded)] == [
            ("最低生活保障", "低保政策"), ("最低生活保障", "低保对象名单")]


# --------------------------------------------------------------------------- 9. levels

def level_table(levels: list[str], marks: list[str], title: str) -> str:
    head = "序号 | 一级事项 | 二级事项 | 公开内容 | 公开依据 | 公开时限 | 公开主体 | " \
        "公开渠道和载体 | 全社会 | 特定群体 | 主动 | 依申请 | " + " | ".join(levels)
    data = "1 | 城乡居民基本医疗保险 | 参保登记 | 办理条件、办理流程 | 《社会保险法》 | " \
        "信息形成之日起20个工作日内 | 某某人民政府 | 政府网站 | √ | | √ | | " + " | ".join(marks)
    return "\n".join([title, head, data])


def test_three_level_columns() -> None:
    description = level_table(["市级", "县级", "乡级"], ["√", "√", "√"], "医疗保险领域标准目录")
    for loaded in both(description):
        item = items(loaded)[0]
        assert item.level == ("市级", "县级", "乡级")
        assert "level" not in item.original


@pytest.mark.parametrize(("levels", "read", "original"), [
    (["区级", "街镇级"], ("县级", "乡级"), "区级/街镇级"),
    (["区级", "街道级"], ("县级", "乡级"), "区级/街道级"),
    (["县级", "镇级"], ("县级", "乡级"), "县级/镇级"),
])
def test_local_level_words(levels: list[str], read: tuple[str, ...], original: str) -> None:
    description = level_table(levels, ["√", "√"], "医疗保险领域标准目录")
    for loaded in both(description):
        item = items(loaded)[0]
        assert item.level == read
        assert item.original["level"] == original
        assert not [f for f in loaded.findings if f.code in ("CAT528", "CAT529", "CAT503")]


def test_place_name_level_resolved_through_the_issuer() -> None:
    description = level_table(["东阳市级", "乡级"], ["√", ""],
                              "东阳市人民政府医疗保险领域基层政务公开标准目录")
    for loaded in both(description):
        item = items(loaded)[0]
        issuer = loaded.document.catalogues[0].issuer
        assert issuer.name == "东阳市人民政府"
        assert item.level == (issuer.level,)
        assert item.original["level"] == "东阳市级"
        found = [f for f in loaded.findings if f.code in ("CAT528", "CAT529")]
        assert [(f.code, f.params["header"], f.params["level"]) for f in found] == [
            ("CAT528", "东阳市级", issuer.level.value)]


def test_place_name_level_given_as_county_by_the_caller() -> None:
    description = level_table(["东阳市级", "某某镇级"], ["√", "√"], "医疗保险领域标准目录")
    loaded = read_xlsx(description, issuer="东阳市人民政府", level="县级")
    assert items(loaded)[0].level == ("县级", "乡级")
    found = sorted((f.code, f.params["header"]) for f in loaded.findings
                   if f.code in ("CAT528", "CAT529"))
    assert found == [("CAT528", "东阳市级"), ("CAT529", "某某镇级")]


def test_place_name_level_without_an_issuer_is_reported() -> None:
    description = level_table(["东阳市级", "某某镇级"], ["√", "√"], "医疗保险领域标准目录")
    for loaded in both(description):
        assert items(loaded)[0].level == ("市级", "乡级")
        found = [(f.code, f.params["header"], f.params["level"]) for f in loaded.findings
                 if f.code in ("CAT528", "CAT529")]
        assert found == [("CAT529", "东阳市级", "市级"), ("CAT529", "某某镇级", "乡级")]


# --------------------------------------------------------------------------- 5. code columns

CODES = """\
某县市场监督管理局行政执法领域政务公开事项目录
 | 一级事项 | 二级事项 | 公开内容 | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 | 全社会 | 主动
0101 | 01行政许可类事项 | 食品经营许可 | 许可事项、办理流程 | 《中华人民共和国食品安全法》 | \
作出决定之日起7个工作日内 | 县市场监督管理局 | 政府网站 | √ | √
0102 | 01行政许可类事项 | 药品零售企业许可 | 许可事项、办理流程 | 《药品管理法》 | \
作出决定之日起7个工作日内 | 县市场监督管理局 | 政府网站 | √ | √
"""


def test_unlabelled_code_column_is_the_seq() -> None:
    for loaded in both(CODES):
        assert [(i.seq, i.category, i.name) for i in items(loaded)] == [
            ("0101", "01行政许可类事项", "食品经营许可"),
            ("0102", "01行政许可类事项", "药品零售企业许可")]
        found = [(f.code, f.params["column"], f.params["value"]) for f in loaded.findings
                 if f.code == "CAT545"]
        assert found == [("CAT545", "A", "0101")]
        assert "seq" not in items(loaded)[0].original  # kept exactly as written


def test_unlabelled_column_of_text_is_not_a_seq() -> None:
    description = CODES.replace("0101 |", "食品 |").replace("0102 |", "药品 |")
    for loaded in both(description):
        assert [i.seq for i in items(loaded)] == ["", ""]
        assert not [f for f in loaded.findings if f.code == "CAT545"]


# --------------------------------------------------------------------------- 7. sheet per domain

PER_DOMAIN = """\
[sheet 社会救助]
(一)社会救助领域
序 号 | 一级事项 | 二级事项 | 公开内容 | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 \
| 全社会 | 特定群体 | 主 动 | 依申请 | 乡级
1 | 最低生活保障 | 办事指南 | 申请条件、办理流程 | 《社会救助暂行办法》 | \
信息形成或变更之日起20个工作日内 | 某某镇人民政府 | 政府网站 | √ | | √ | | √
[sheet 养老服务]
二、养老服务领域
序 号 | 一级事项 | 二级事项 | 公开内容 | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 \
| 全社会 | 特定群体 | 主 动 | 依申请 | 乡级
1 | 高龄津贴 | 申领条件 | 申领条件、申请材料 | 《老年人权益保障法》 | \
信息形成之日起20个工作日内 | 某某镇人民政府 | 便民服务站 | | √ | √ | |
[sheet 未涉及领域事项说明]
未涉及领域事项说明
我镇不涉及以下领域：城市综合执法、重大建设项目、公共资源交易。
上述领域的相关事项由县级有关部门负责公开，本镇不再单独编制目录。
"""


@pytest.mark.parametrize("name", ["未涉及领域事项说明", "Sheet3"])
def test_one_sheet_per_domain_and_a_free_text_sheet(name: str) -> None:
    loaded = read_xlsx(PER_DOMAIN.replace("[sheet 未涉及领域事项说明]", f"[sheet {name}]"))
    catalogues = loaded.document.catalogues
    assert [c.title for c in catalogues] == ["(一)社会救助领域", "二、养老服务领域"]
    assert [c.domain for c in catalogues] == ["social_assistance", "elderly_care"]
    assert [(i.seq, i.name, i.mode, i.level) for c in catalogues for i in c.items] == [
        ("1", "办事指南", ("主动",), ("乡级",)), ("1", "申领条件", ("主动",), ())]
    skipped = [f.params["sheet"] for f in loaded.findings if f.code == "CAT505"]
    assert skipped == [name]
    assert not [f for f in loaded.findings if f.severity.value == "error"]


# --------------------------------------------------------------------------- 1. item levels

LEAVES = [("最低生活保障", "政策法规文件"), ("最低生活保障", "办事指南"),
          ("最低生活保障", "审核信息"), ("最低生活保障", "审批信息"),
          ("特困人员救助供养", "办事指南"), ("特困人员救助供养", "审核信息")]


def three_levels(header: str, sub: str | None = None, merge: str = "") -> str:
    rows = [f"[merge A1:N1 {merge}]" if merge else "[merge A1:N1]",
            "某某县社会救助领域基层政务公开标准目录", header]
    if sub is not None:
        rows.append(sub)
    for number, (group, leaf) in enumerate(LEAVES, start=1):
        rows.append(f"{number} | 社会救助 | {group} | {leaf} | 办理条件、申请材料 | "
                    "《社会救助暂行办法》 | 制定或获取信息之日起10个工作日内 | "
                    "县级人民政府民政部门、乡镇人民政府(街道办事处) | 政府网站 | √ | √ | √ | √")
    return "\n".join(rows)


ONE_ROW = ("序号 | 一级事项 | 二级事项 | 三级事项 | 公开内容 | 公开依据 | 公开时限 | 公开主体 | "
           "公开渠道和载体 | 全社会 | 主动 | 县级 | 乡级")
SPANNING = ("序号 | 一级事项 | 公开事项 | | 公开内容 | 公开依据 | 公开时限 | 公开主体 | "
            "公开渠道和载体 | 全社会 | 主动 | 县级 | 乡级",
            " | | 二级 | 三级 | | | | | | | | |")


@pytest.mark.parametrize("layout", ["one header row", "公开事项 over 二级/三级"])
def test_three_item_levels_the_leaf_is_the_item(layout: str) -> None:
    if layout == "one header row":
        description = three_levels(ONE_ROW)
    else:
        description = three_levels(SPANNING[0], SPANNING[1],
                                   "A2:A3 B2:B3 C2:D2 " + " ".join(
                                       f"{c}2:{c}3" for c in "EFGHIJKLM"))
    for loaded in both(description):
        read = items(loaded)
        assert [(i.parents, i.category, i.name) for i in read] == [
            (("社会救助",), group, leaf) for group, leaf in LEAVES]
        assert all(not i.extra for i in read)
        hierarchy = [f for f in loaded.findings if f.code == "CAT546"]
        assert [(f.params["depth"], f.params["leaf"]) for f in hierarchy] == [
            (3, "三级事项" if layout == "one header row" else "公开事项/三级")]
        found = {f.code for f in validate(loaded)}
        assert "CAT103" not in found  # 办事指南 under two groups is not a duplicate
        assert "CAT406" not in found  # every leaf is a national item within its group
        assert "CAT503" not in found


def test_the_hierarchy_round_trips_through_json_xlsx_and_csv(tmp_path: Any) -> None:
    from catalog.formats import csv_writer, json_format, load_file, xlsx_writer

    document = read_xlsx(three_levels(ONE_ROW)).document
    text = json_format.dumps(document)
    assert '"parents": [\n' in text and "社会救助" in text
    assert json_format.loads(text).document == document
    xlsx_writer.write(document, tmp_path / "out.xlsx")
    assert load_file(tmp_path / "out.xlsx").document == document
    csv_writer.write(document, tmp_path / "out.csv")
    assert load_file(tmp_path / "out.csv").document == document


def test_same_leaf_under_the_same_parents_is_still_a_duplicate() -> None:
    description = three_levels(ONE_ROW).replace("| 审核信息 |", "| 办事指南 |", 1)
    loaded = read_xlsx(description)
    duplicates = [f for f in validate(loaded) if f.code == "CAT103"]
    assert [f.location.row for f in duplicates] == [5]


# --------------------------------------------------------------------------- 6. merged blocks

def test_merged_blocks_across_different_items() -> None:
    description = "\n".join([
        f"[merge A1:N1 {merges(2)} E4:E6 F4:F7 G4:G7 H5:H7 I4:I7 K4:K7 N4:N7]",
        "江上乡人民政府社会救助领域基层政务公开标准目录", HEADER,
        "1 | 最低生活保障 | 办事指南 | 申请条件、办理流程 | 《社会救助暂行办法》 | "
        "制定或获取信息之日起10个工作日内 | 江上乡人民政府 | 政府网站 | √ | | √ | | | √",
        "2 | 最低生活保障 | 审批信息 | 低保对象名单 | | | | 公示栏 | | | | | |",
        "3 | 临时救助 | 办事指南 | 申请条件、办理流程 | | | | | | | | | |",
        "4 | 临时救助 | 审核审批信息 | 救助对象名单、救助金额 | 《临时救助办法》 | | | | | | | | |",
    ])
    loaded = read_xlsx(description)
    read = items(loaded)
    assert [i.basis.text for i in read] == ["《社会救助暂行办法》"] * 3 + ["《临时救助办法》"]
    assert {i.time_limit.text for i in read} == {"制定或获取信息之日起10个工作日内"}
    assert {i.subject for i in read} == {"江上乡人民政府"}
    assert [i.channels for i in read] == [("政府网站",)] + [
        ("社区/企事业单位/村公示栏(电子屏)",)] * 3
    assert {(i.audience, i.mode, i.level) for i in read} == {(("全社会",), ("主动",), ("乡级",))}
    blocks = [(f.params["cells"], f.params["field"], f.params["count"])
              for f in loaded.findings if f.code == "CAT547"]
    assert blocks == [("E4:E6", "basis", 3), ("F4:F7", "time_limit", 4),
                      ("G4:G7", "subject", 4), ("I4:I7", "audience", 4), ("K4:K7", "mode", 4),
                      ("N4:N7", "level", 4), ("H5:H7", "channels", 3)]  # in row order
    assert not [f for f in validate(loaded) if f.code == "CAT101"]


def test_a_merge_over_one_items_continuation_rows_is_not_a_block() -> None:
    description = "\n".join([
        f"[merge A1:N1 {merges(2)} A4:A5 B4:B5 C4:C5 E4:E5]",
        "江上乡人民政府社会救助领域基层政务公开标准目录", HEADER,
        "1 | 最低生活保障 | 办事指南 | 申请条件 | 《社会救助暂行办法》 | 10个工作日内 | "
        "江上乡人民政府 | 政府网站 | √ | | √ | | | √",
        " | | | 办理流程 | | | | | | | | | |",
    ])
    loaded = read_xlsx(description)
    assert len(items(loaded)) == 1
    assert not [f for f in loaded.findings if f.code == "CAT547"]


# --------------------------------------------------------------------------- .xls and .ods

def _variants() -> dict[str, str]:
    blocks = "\n".join([
        f"[merge A1:N1 {merges(2)} E4:E5 N4:N5]",
        "江上乡人民政府社会救助领域基层政务公开标准目录", HEADER,
        row("1", "办事指南", "■政府网站□政府公报■两微一端"),
        row("2", "审批信息", "公开查阅点■政府网站□政府公报")])
    return {
        "boxes and local names": table(*(row(str(n), f"事项{n}", cell) for n, (cell, _) in
                                         enumerate(BOX_CELLS, start=1))),
        "cut-down sub-headers": cut_down_table(("社会", "特定 主体"), ("主 动", "申请")),
        "department": DEPARTMENT,
        "code column": CODES,
        "sheet per domain": PER_DOMAIN,
        "place levels": level_table(["东阳市级", "某某镇级"], ["√", "√"],
                                    "东阳市人民政府医疗保险领域基层政务公开标准目录"),
        "three levels": three_levels(ONE_ROW),
        "merged blocks": blocks,
    }


@pytest.mark.parametrize("kind", ["xls", "ods"])
@pytest.mark.parametrize("variant", sorted(_variants()))
def test_every_variant_reads_the_same_from_xls_and_ods(kind: str, variant: str) -> None:
    from tests.test_legacy_formats import assert_reads_as_xlsx

    assert_reads_as_xlsx(kind, _variants()[variant])


# --------------------------------------------------------------------------- messages

def _messages(loaded: Loaded, code: str) -> tuple[str, str]:
    from catalog.rules import default_registry

    finding = next(f for f in loaded.findings if f.code == code)
    rule = default_registry().get(code)
    return rule.message(finding.params, "zh"), rule.message(finding.params, "en")


def test_inference_messages_in_both_languages() -> None:
    cut = read_xlsx(cut_down_table(("社会", "特定群体"), ("主动", "依申请")))
    assert _messages(cut, "CAT526") == (
        "I列表头“社会”不是标准写法，按上级表头“公开对象”读作“全社会”",
        "Header “社会” in column I is not a standard heading; read as “全社会” from the "
        "heading above it, “公开对象”")
    zh, en = _messages(read_xlsx(DEPARTMENT), "CAT527")
    assert zh.startswith("H列表头“公开形式”既可指公开渠道也可指公开方式，按其内容")
    assert en.endswith("read as “公开渠道和载体” from its values (e.g. “政府网站、村务公开栏”)")
    place = read_xlsx(level_table(["东阳市级", "乡级"], ["√", ""], "医疗保险领域标准目录"))
    assert _messages(place, "CAT529") == (
        "层级“东阳市级”写的是地名，无法确定其层级，已按“市级”读取",
        "Level “东阳市级” names a place whose level is unknown; read as 市级")
    assert _messages(read_xlsx(CODES), "CAT545")[0] == (
        "A列没有表头，其内容为编码（如“0101”），已作为序号读取")
    zh, en = _messages(read_xlsx(three_levels(ONE_ROW)), "CAT546")
    assert zh.startswith("表格有3级事项（B:一级事项、C:二级事项、D:三级事项），"
                         "以最末一级“三级事项”为事项")
    assert "3 item levels" in en
