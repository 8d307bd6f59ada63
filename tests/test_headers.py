"""Header synonyms (shared vocabulary §1.2) and the column map."""

from __future__ import annotations

import pytest

from catalog.formats.headers import classify, legend_of, map_columns
from catalog.standard.model import Audience, Level, Mode


@pytest.mark.parametrize(("text", "field"), [
    ("序 号", "seq"), ("事项名称", "item"), ("一级 事项", "category"), ("二级", "name"),
    ("一级事项 一级事项", "category"), ("公开内容 (要素)", "content"),
    ("公开内容(要素)及要求", "content"), ("公开\n时限", "time_limit"),
    ("公开责任单位", "subject"), ("公开渠道 和载体", "channels"),
    ("公开渠道和载体(“■”表示必选项,“口”表示可选项)", "channels"), ("公开属性", "mode_attribute"),
    ("三级事项", "level3"), ("一级目录", "level0"), ("咨询电话", "extra"),
    ("事项类别", "category"), ("公开范围", "audience"), ("公开形式", "channels_or_mode"),
])
def test_heading_variants(text: str, field: str) -> None:
    token = classify(text)
    assert token is not None and token.field == field and token.near is None


@pytest.mark.parametrize(("text", "value"), [
    ("特定群众", Audience.SPECIFIC_GROUP), ("特定群体(请写明)", Audience.SPECIFIC_GROUP),
    ("特定对象", Audience.SPECIFIC_GROUP), ("全 社 会", Audience.SOCIETY),
    ("依申请公开", Mode.ON_REQUEST), ("申请公开", Mode.ON_REQUEST), ("主动\n公开", Mode.PROACTIVE),
])
def test_tick_headings(text: str, value: object) -> None:
    token = classify(text)
    assert token is not None and token.value == value


def test_level_headings_need_a_level_word_or_parent() -> None:
    assert classify("乡、村级").value == (Level.TOWNSHIP, Level.VILLAGE)  # type: ignore[union-attr]
    assert classify("村", "公开层级").value == (Level.VILLAGE,)  # type: ignore[union-attr]
    assert classify("村") is None


def test_misspelling_is_near_and_unrelated_is_none() -> None:
    token = classify("公开时线")
    assert token is not None and token.field == "time_limit" and token.near == "公开时限"
    assert classify("负责人") is None


def test_legend_kept() -> None:
    assert legend_of("公开渠道和载体(“■”表示必选项,“□”表示可选项)") == "“■”表示必选项,“□”表示可选项"
    assert legend_of("公开内容(要素)") is None


def test_anonymised_levels_and_single_item_column() -> None:
    columns = map_columns([["序号", "* 级事项", "* 级事项", "公开内容"]])
    assert columns.fields == {"seq": 0, "category": 1, "name": 2, "content": 3}
    single = map_columns([["公开事项", "公开内容", "公开方式", "公开属性"]])
    assert single.fields == {"category": 0, "content": 1, "mode": 3}
    assert single.extras == {2: "公开方式"}  # pingwu: 公开方式 holds 全文发布
