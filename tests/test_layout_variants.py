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
