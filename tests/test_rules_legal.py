"""The bracket-first search for document numbers (CAT304/CAT305) finds what the pattern finds.

``loose_numbers`` starts the pattern only where a number could start (before an opening
bracket) instead of at every character; these properties compare it with a plain
``finditer`` over texts made of the characters the pattern cares about.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from catalog.rules.legal import _LOOSE_NUMBER, _document_numbers, loose_numbers
from tests.test_rules_fast_paths import one_item

# CJK (including the range's edges), spaces of several kinds, every bracket, digits, 号, and
# characters outside all of these.
ALPHABET = [*"国办发民函文号〔〕[]［］()（）﹝﹞【】0123456789 \u3000\t\n《》a,、",
            "\u4e00", "\u9fff", "\u4dff", "\ua000"]
TEXTS = st.text(alphabet=ALPHABET, max_size=60)


def _spans(matches: object) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(1)) for m in matches]  # type: ignore[attr-defined]


@given(TEXTS)
def test_bracket_first_search_equals_finditer(text: str) -> None:
    assert _spans(loose_numbers(text)) == _spans(_LOOSE_NUMBER.finditer(text))


SPACES = st.text(alphabet=[" ", "\u3000", "\t", "\n"], max_size=2)
NUMBER_LIKE = st.tuples(
    st.text(alphabet=list("《》、,a发"), max_size=2),  # what comes before
    st.text(alphabet=list("国办发民函文一二三四五六七八九十甲乙丙丁\u4e00\u9fff"), max_size=15),
    SPACES,
    st.sampled_from(list("〔[［(（﹝【")),
    st.text(alphabet=list("2019 "), max_size=7),
    st.sampled_from(list("〕]］)）﹞】")),
    st.text(alphabet=list("54 "), max_size=3),
    st.sampled_from(["号", "", "号号"]),
).map("".join)


@given(st.lists(NUMBER_LIKE, max_size=4).map("".join))
def test_bracket_first_search_equals_finditer_on_number_like_text(text: str) -> None:
    assert _spans(loose_numbers(text)) == _spans(_LOOSE_NUMBER.finditer(text))


def test_numbers_as_the_rules_read_them() -> None:
    text = "《办法》(国办发〔2019〕54号)、省民政厅 [2020] 3号、《条例》(民发(19)2号)"
    assert _document_numbers(text) == (
        ("国办发〔2019〕54号", True), ("省民政厅 [2020] 3号", True), ("民发(19)2号", False))
    long_issuer = "一二三四五六七八九十甲乙丙丁〔2019〕5号"  # 14 CJK: the number keeps the last 12
    assert _document_numbers(long_issuer) == (("三四五六七八九十甲乙丙丁〔2019〕5号", True),)


def _numbers_judged_each_time(text: str) -> tuple[tuple[str, bool], ...]:
    """``_document_numbers`` as it was before numbers were judged once a run: every number
    judged where it stands, from its match."""
    import re
    from datetime import date

    from catalog.standard.citations import DOCUMENT_NUMBER

    found = []
    for match in _LOOSE_NUMBER.finditer(text):
        compact = re.sub(r"\s+", "", match.group(0))
        year = int(re.sub(r"\s+", "", match.group(1)) or 0)
        found.append((match.group(0), bool(DOCUMENT_NUMBER.fullmatch(compact))
                      and 1949 <= year <= date.today().year + 1))
    return tuple(found)


@given(st.lists(st.lists(NUMBER_LIKE, max_size=3).map("".join), max_size=6))
def test_numbers_judged_once_a_run_are_judged_as_where_they_stand(texts: list[str]) -> None:
    """The same number in several texts (and a text asked twice) is judged once: the run's
    answers equal those of judging every number afresh, and the standard form CAT304 shows
    is the one of the number as written."""
    from catalog.core import caches
    from catalog.rules.legal import _JUDGED
    from catalog.standard.citations import standard_document_number

    with caches.run():
        for text in [*texts, *texts]:
            assert _document_numbers(text) == _numbers_judged_each_time(text)
        for written, (well_formed, standard) in _JUDGED.items():
            assert standard == (standard_document_number(written) if well_formed else None)
    assert not _JUDGED  # emptied with the run


YEARS = st.sampled_from(["2019", "2019", "1949", "2027", "1948", "2028", "2099", "19", "2 019"])
# Mostly clean numbers (国办发〔2019〕54号), each part now and then broken.
CLEAN_OR_NOT = st.tuples(
    st.sampled_from(["", "", "、", "a", " ", "号"]),
    st.text(alphabet=list("国办发民函文一二三四五六七八九十甲乙丙丁"), min_size=1, max_size=14),
    st.sampled_from(["", "", "", " ", "\u3000"]),
    st.sampled_from(list("〔〔〔〔[（【")),
    YEARS,
    st.sampled_from(list("〕〕〕〕]）】")),
    st.sampled_from(["54", "54", "5", "", " 5", "5 4"]),
    st.sampled_from(["号", "号", "号", "", "号号"]),
).map("".join)


@settings(max_examples=500)
@example("国〔2028〕5号")  # the edges, which generated texts hit only now and then
@example("国〔1948〕5号")
@example("国 〔2019〕5号")
@example("国〔2019〕号")
@example("国〔2019〕5号〔2019〕5号")
@given(st.lists(st.one_of(CLEAN_OR_NOT, NUMBER_LIKE), max_size=4).map("".join))
def test_texts_the_screen_drops_hold_nothing_to_report(text: str) -> None:
    """CAT304/CAT305 read only the 依据 the screen keeps: a text it drops has only numbers
    that are well formed and written as the standard writes them."""
    from catalog.core import caches
    from catalog.core.findings import CatalogueSource
    from catalog.rules.engine import RuleContext
    from catalog.rules.legal import _may_be_reported
    from catalog.standard.citations import standard_document_number
    from catalog.standard.records import BasisRecord, CatalogueRecord, IssuerRecord

    table = CatalogueRecord(None, IssuerRecord(), None, None, {},
                            (one_item(basis=BasisRecord(text)),))
    with caches.run():
        kept = _may_be_reported(RuleContext(table, CatalogueSource("x.xlsx")))
        if not kept:
            assert all(well_formed and standard_document_number(written) == written
                       for written, well_formed in _document_numbers(text))
