from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.standard.citations import (
    parse_citations,
    standard_document_number,
    unbalanced_title_marks,
)
from catalog.standard.model import CitationKind


def test_kind_title_and_number() -> None:
    citations = parse_citations(
        "【法律】《中华人民共和国预算法》【规范性文件】《国务院办公厅关于全面推进基层政务公开标准化"
        "规范化工作的指导意见》(国办发〔2019〕54号)"
    )
    assert [(c.kind, c.title, c.number) for c in citations] == [
        (CitationKind.LAW, "中华人民共和国预算法", None),
        (
            CitationKind.NORMATIVE_DOCUMENT,
            "国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见",
            "国办发〔2019〕54号",
        ),
    ]


def test_numbered_list_without_kinds() -> None:
    citations = parse_citations("1.《社会救助暂行办法》2.《民政部关于…》(民办函[2019]52号)")
    assert [c.title for c in citations] == ["社会救助暂行办法", "民政部关于…"]
    assert citations[1].number == "民办函[2019]52号"
    assert citations[0].kind is None


@pytest.mark.parametrize(
    "number", ["国人口发(2007)78号", "建房〔2012〕84号", "财办发﹝2019﹞77号", "国办发[2011]5号"]
)
def test_numbers_with_any_bracket(number: str) -> None:
    assert parse_citations(number)[0].number == number


def test_combined_kind_label() -> None:
    citations = parse_citations("【部门规章及规范性文件】《城市管理执法办法》")
    assert citations[0].kind is CitationKind.DEPARTMENTAL_RULE


def test_standard_document_number() -> None:
    assert standard_document_number("国办发[2019]54号") == "国办发〔2019〕54号"
    assert standard_document_number("国人口发（2007）78号") == "国人口发〔2007〕78号"
    assert standard_document_number("国办发〔2019〕54 号") == "国办发〔2019〕54号"


def test_unbalanced_title_marks() -> None:
    assert unbalanced_title_marks("《中华人民共和国预算法")
    assert unbalanced_title_marks("预算法》《")
    assert not unbalanced_title_marks("《预算法》《条例》")


@given(st.text(alphabet=st.sampled_from(list("《》【】〔〕[]()法律号2019国办发54 "))))
def test_never_fails(text: str) -> None:
    for citation in parse_citations(text):
        assert citation.title is not None or citation.number is not None


def _unbalanced_by_counting(text: str) -> bool:
    """The straightforward count the screen in ``unbalanced_title_marks`` stands in for."""
    depth = 0
    for char in text:
        depth += (char == "《") - (char == "》")
        if depth < 0:
            return True
    return depth != 0


@given(st.text(alphabet=list("《》《》条例 a\n"), max_size=30))
def test_title_marks_screen_agrees_with_counting(text: str) -> None:
    assert unbalanced_title_marks(text) == _unbalanced_by_counting(text)


@given(st.text(alphabet=list("国办发〔〕[]［］()（）﹝﹞【】2019 54号\u3000\n"), max_size=30))
def test_standard_number_equals_the_plain_substitutions(number: str) -> None:
    """Precompiled, with a shortcut for numbers already standard: same as the two subs."""
    import re

    compact = re.sub(r"\s+", "", number)
    assert standard_document_number(number) == re.sub(
        r"[\[［(（﹝【](\d{4})[\]］)）﹞〕】]", r"〔\1〕", compact)
