"""The issuer read from a table's title or 公开主体 (catalog.formats.catalogues)."""

from __future__ import annotations

import io

import pytest

from catalog import api
from catalog.formats.catalogues import issuer_in_text, issuer_in_title
from catalog.standard.model import Level
from tests.workbook_builder import build

TABLE = """[sheet 目录]
[merge A1:N1 A2:A3 B2:C2 D2:D3 E2:E3 F2:F3 G2:G3 H2:H3 I2:J2 K2:L2 M2:N2]
{title}
序号 | 公开事项 | | 公开内容(要素) | 公开依据 | 公开时限 | 公开主体 | \\
公开渠道和载体 | 公开对象 | | 公开方式 | | 公开层级 |
| 一级事项 | 二级事项 | | | | | | 全社会 | 特定群体 | 主动 | 依申请 | 县级 | 乡级
#1 | 最低生活保障 | 办事指南 | 办理条件 | 《社会救助暂行办法》 | 20个工作日内 | 民政办 | \\
政府网站 | √ | | √ | | | √
"""


@pytest.mark.parametrize(("title", "issuer", "level"), [
    ("江上乡社会救助领域基层政务公开标准目录", "江上乡人民政府", Level.TOWNSHIP),
    ("青山镇基层政务公开标准目录", "青山镇人民政府", Level.TOWNSHIP),
    ("2024年浙江省杭州市西湖区转塘街道养老服务领域基层政务公开标准目录",
     "浙江省杭州市西湖区转塘街道办事处", Level.TOWNSHIP),
    ("某某县城乡规划领域基层政务公开标准目录", "某某县人民政府", Level.COUNTY),
    ("南湖区财政预决算领域基层政务公开标准目录", "南湖区人民政府", Level.COUNTY),
    ("达拉特旗户籍管理领域基层政务公开标准目录", "达拉特旗人民政府", Level.COUNTY),
])
def test_a_title_naming_a_place_gives_the_issuer_and_level(title: str, issuer: str,
                                                           level: Level) -> None:
    assert issuer_in_title(title) == (issuer, level)


@pytest.mark.parametrize("title", [
    "社会救助领域基层政务公开标准目录",  # names no issuer
    "城乡规划领域基层政务公开标准目录",  # 城乡 is part of the domain, not a township
    "和平社区社会救助领域基层政务公开标准目录",  # a 社区 is no township
    "义乌市社会救助领域基层政务公开标准目录",  # 县级市 and 地级市 look alike: no guess
    "Jiangshang 社会救助目录",
    "",
])
def test_a_title_naming_no_township_or_county_gives_nothing(title: str) -> None:
    assert issuer_in_title(title) is None


def test_a_named_government_body_still_wins() -> None:
    assert issuer_in_text("江上乡人民政府社会救助领域基层政务公开标准目录") == (
        "江上乡人民政府", Level.TOWNSHIP)


def test_reading_a_workbook_takes_the_level_from_its_title() -> None:
    data = build(TABLE.format(title="江上乡社会救助领域基层政务公开标准目录"))
    loaded = api.load(io.BytesIO(data), format="xlsx")
    issuer = loaded.document.catalogues[0].issuer
    assert (issuer.name, issuer.level) == ("江上乡人民政府", Level.TOWNSHIP)
    codes = [f.code for f in api.validate(loaded)]
    assert "CAT518" in codes and "CAT206" not in codes


def test_a_title_without_issuer_leaves_the_level_unknown() -> None:
    data = build(TABLE.format(title="社会救助领域基层政务公开标准目录"))
    loaded = api.load(io.BytesIO(data), format="xlsx")
    assert loaded.document.catalogues[0].issuer.level is None
    assert "CAT206" in [f.code for f in api.validate(loaded)]
