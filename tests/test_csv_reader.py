"""CSV: the fixed encoding policy, delimiters, and the same column mapping as xlsx."""

from __future__ import annotations

import codecs

import pytest

from catalog.core.findings import InputError
from catalog.standard.model import Audience, Level, Mode
from tests.reading import codes, finding, fixture, items, read_csv
from tests.workbook_builder import to_csv


def official(delimiter: str = ",") -> str:
    return to_csv(fixture("official.txt"), delimiter)


def assert_official(loaded: object) -> None:
    first, second = items(loaded)  # type: ignore[arg-type]
    assert (first.seq, first.name, first.subject) == ("1", "出生登记", "公安分局")
    assert first.channels == ("政府网站", "发布会/听证会")
    assert second.level == (Level.TOWNSHIP, Level.VILLAGE)
    assert second.audience == (Audience.SPECIFIC_GROUP,) and second.mode == (Mode.ON_REQUEST,)
    assert second.category == "最低生活保障"  # flattened merge: blank read as above
    assert (second.name, second.content) == ("人口与户口", "口岸与人口统计")


@pytest.mark.parametrize(("data", "encoding", "delimiter"), [
    (official().encode("utf-8"), "utf-8", ","),
    (codecs.BOM_UTF8 + official().encode("utf-8"), "utf-8-sig", ","),
    (official().encode("gb18030"), "gb18030", ","),
    (codecs.BOM_UTF16_LE + official("\t").encode("utf-16-le"), "utf-16-le", "\t"),
    (codecs.BOM_UTF16_BE + official("\t").encode("utf-16-be"), "utf-16-be", "\t"),
    (official(";").encode("utf-8"), "utf-8", ";"),
])
def test_encodings_and_delimiters(data: bytes, encoding: str, delimiter: str) -> None:
    loaded = read_csv(data)
    assert loaded.info["encoding"] == encoding and loaded.info["delimiter"] == delimiter
    assert finding(loaded, "CAT514").params == {"encoding": encoding}
    assert_official(loaded)


def test_csv_locations_have_no_sheet() -> None:
    loaded = read_csv(official().encode("utf-8"))
    assert loaded.sources[0].sheet is None and loaded.sources[0].item_rows == [4, 5]
    assert loaded.sources[0].locate(1, "basis").cell == "E5"
    assert all(f.location.sheet is None for f in loaded.findings)


def test_undecodable_bytes_are_refused() -> None:
    with pytest.raises(InputError) as raised:
        read_csv(b"\xff\xfe\xfd" * 3 + "序号,公开事项".encode("big5", errors="ignore") + b"\x80")
    assert raised.value.code == "CAT515"


def test_gb18030_without_a_catalogue_header_is_refused() -> None:
    # Big5 bytes often decode as GB18030 into nonsense: accepted only with a known header.
    with pytest.raises(InputError) as raised:
        read_csv("名稱,說明\n甲,乙\n".encode("big5"))
    assert raised.value.code == "CAT515"


def test_row_limit_stops_reading_clearly() -> None:
    from dataclasses import replace

    from catalog.formats.screening import Limits

    loaded = read_csv(official().encode("utf-8"), limits=replace(Limits.default(), max_rows=3))
    assert finding(loaded, "CAT516").params == {"sheet": "t.csv", "limit": 3, "row": 4}
    assert items(loaded) == ()


def test_nul_bytes_and_text_without_table() -> None:
    with pytest.raises(InputError) as raised:
        read_csv(b"hello\x00world\n")
    assert raised.value.code == "CAT501"
    assert "CAT514" not in codes(read_csv(official().encode("utf-8")))[1:]


def test_blank_under_a_value_is_missing_with_a_merge_hint() -> None:
    """CSV keeps no merges: a blank required cell is CAT101 like anywhere, plus a hint (CAT519)
    that a workbook saved as CSV loses its merged values, naming the cells."""
    from catalog.api import validate

    text = official() + (
        "3,临时救助,审核,名单,,,江上乡人民政府,政府网站,√,,√,,,√\n")
    loaded = read_csv(text.encode("utf-8"))
    third = items(loaded)[2]
    assert (third.basis.text, third.time_limit.text) == ("", "")
    hint = finding(loaded, "CAT519")
    assert hint.params == {"count": 2, "cells": "E6、F6"} and hint.location.cell == "E6"
    blank = {f.location.cell for f in validate(loaded) if f.code == "CAT101"}
    assert blank == {"E6", "F6"}
    from catalog.api import render_message

    assert render_message(hint, "zh") == (
        "2 个必填单元格为空（如 E6、F6），其上方一行有内容；CSV 不保留合并单元格，"
        "表格另存为 CSV 时合并区域只在第一个单元格保留内容，请检查原 .xlsx 文件")
    assert render_message(hint, "en").endswith("check the .xlsx instead")
