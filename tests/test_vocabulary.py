from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.standard import vocabulary
from catalog.standard.model import STANDARD_CHANNELS, Audience, Level, Mode
from catalog.standard.vocabulary import (
    clean_name,
    clean_seq,
    clean_text,
    clean_texts,
    fold,
    invisible_characters,
    parse_level,
    read_audience,
    read_channels,
    read_levels,
    read_mark,
    read_mode,
)
from tests.conftest import examples


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("出生\n登记", "出生登记"),
        ("办事 指南", "办事指南"),
        ("全 社 会", "全社会"),
        ("公安\r\n分局", "公安分局"),
        ("PM2.5 monitoring", "PM2.5 monitoring"),
        ("  部门预算 ", "部门预算"),
    ],
)
def test_clean_name(raw: str, expected: str) -> None:
    assert clean_name(raw) == expected


@given(st.text())
def test_clean_name_is_idempotent(text: str) -> None:
    assert clean_name(clean_name(text)) == clean_name(text)


_CLEANED_TEXTS = st.text(alphabet=st.sampled_from(
    list("ab 同上\n\r\t\u3000\x85\u2028\x1c\x00")) | st.characters(), max_size=14)


@settings(max_examples=500)
@given(st.lists(_CLEANED_TEXTS, max_size=8))
def test_texts_cleaned_together_are_each_cleaned(texts: list[str]) -> None:
    """clean_texts joins the texts with a NUL line between them: line breaks, full-width
    spaces, blank lines at either end and the separator itself inside a text."""
    assert clean_texts(texts) == [clean_text(text) for text in texts]


def test_texts_cleaned_together_examples() -> None:
    texts = [" 一\r\n 二 \n\n", "\u3000甲", "", "乙\r", "\n\x00\n", "丙\n"]
    assert clean_texts(texts) == ["一\n二", "甲", "", "乙", "\x00", "丙"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1.0", "1"), ("１２", "12"), ("0505", "0505"), ("1.1", "1.1"), (" 3 ", "3")],
)
def test_clean_seq(raw: str, expected: str) -> None:
    assert clean_seq(raw) == expected


@pytest.mark.parametrize("mark", ["√", "✓", "✔", "●", "■", "是", "Y", "▄", "◆"])
def test_tick_marks(mark: str) -> None:
    assert read_mark(mark) is True


@pytest.mark.parametrize("mark", ["", " ", "口", "□", "×", "否"])
def test_empty_marks(mark: str) -> None:
    assert read_mark(mark) is False


def test_mark_equal_to_column_label_counts_as_ticked() -> None:
    assert read_mark("县级", label="县级") is True
    assert read_mark("县级", label="乡级") is None


@pytest.mark.parametrize("text", ["人口", "○", "待定"])
def test_unrecognised_marks(text: str) -> None:
    assert read_mark(text) is None


@pytest.mark.parametrize(
    ("text", "levels", "standard"),
    [
        ("县级", [Level.COUNTY], True),
        ("乡级", [Level.TOWNSHIP], True),
        ("乡、村级", [Level.TOWNSHIP, Level.VILLAGE], False),
        ("乡镇级", [Level.TOWNSHIP], False),
        ("镇级", [Level.TOWNSHIP], False),
        ("区县级", [Level.COUNTY], False),
        ("县(区)级", [Level.COUNTY], False),
        ("市级", [Level.CITY], True),
        ("镇、村级", [Level.TOWNSHIP, Level.VILLAGE], False),
        ("嘎查(社区)级", [Level.VILLAGE], False),
        ("州级县级", [Level.CITY, Level.COUNTY], False),
        ("镇(街)级", [Level.TOWNSHIP], False),
        ("东阳市级", [Level.CITY], False),
        ("村", [Level.VILLAGE], False),
    ],
)
def test_level_synonyms(text: str, levels: list[Level], standard: bool) -> None:
    reading = read_levels(text)
    assert reading is not None
    assert list(reading.levels) == levels
    assert reading.standard is standard


def test_unrecognised_level() -> None:
    assert read_levels("全社会") is None
    assert parse_level("乡、村级") is None  # two levels are not one issuer level
    assert parse_level("township") is Level.TOWNSHIP
    assert parse_level("乡镇") is Level.TOWNSHIP


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("全社会", Audience.SOCIETY),
        ("特定群众", Audience.SPECIFIC_GROUP),
        ("特定对象", Audience.SPECIFIC_GROUP),
        ("特定群体(请写明)", Audience.SPECIFIC_GROUP),
        ("全 社 会", Audience.SOCIETY),
    ],
)
def test_audience_synonyms(text: str, value: Audience) -> None:
    assert read_audience(text) is value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("主动", Mode.PROACTIVE),
        ("主动公开", Mode.PROACTIVE),
        ("依申请公开", Mode.ON_REQUEST),
        ("申请公开", Mode.ON_REQUEST),
    ],
)
def test_mode_synonyms(text: str, value: Mode) -> None:
    assert read_mode(text) is value


def test_box_list_with_kou_as_empty_box() -> None:
    reading = read_channels(
        "■政府网站 口两微一端 □广播电视\n■发布会 ▄社区/企事业单位、村公示栏(电子屏 )"
    )
    assert reading.channels == ("政府网站", "发布会/听证会", "社区/企事业单位/村公示栏(电子屏)")
    assert reading.box_list
    assert not reading.standard
    assert ("发布会", "发布会/听证会") in reading.synonyms


@pytest.mark.parametrize("word", ["人口", "户口", "口岸"])
def test_kou_inside_a_word_is_a_character(word: str) -> None:
    reading = read_channels(f"■{word}服务站 □政府公报")
    assert reading.channels == (f"{word}服务站",)


def test_plain_lists_with_any_separator() -> None:
    assert read_channels("政府网站、两微一端，政务服务中心;便民服务站\n入户/现场").channels == (
        "政府网站",
        "两微一端",
        "政务服务中心",
        "便民服务站",
        "入户/现场",
    )
    assert read_channels("1.政府网站; 2.其他").channels == ("政府网站", "其他")


def test_standard_plain_list_needs_no_change() -> None:
    assert read_channels("政府网站、政务服务中心").standard
    assert read_channels("政府网站").standard


def test_nonstandard_channels_are_kept_as_written() -> None:
    reading = read_channels("政府网站、投资项目在线审批监管平台")
    assert reading.channels == ("政府网站", "投资项目在线审批监管平台")
    assert reading.nonstandard == ("投资项目在线审批监管平台",)


def test_other_with_text_keeps_the_text() -> None:
    reading = read_channels("■其他:办税服务厅 □政府公报")
    assert reading.channels == ("其他", "办税服务厅")


@pytest.mark.parametrize(
    ("variant", "standard"),
    [
        ("发布会听证会", "发布会/听证会"),
        ("纸质载体", "纸质媒体"),
        ("政府服务中心", "政务服务中心"),
        ("一微一端", "两微一端"),
        ("入户/现场宣传", "入户/现场"),
        ("社区/企事业单位/村公示栏", "社区/企事业单位/村公示栏(电子屏)"),
        ("社区/企事业单位/村公示栏（电子屏）", "社区/企事业单位/村公示栏(电子屏)"),
    ],
)
def test_channel_synonyms(variant: str, standard: str) -> None:
    assert read_channels(variant).channels == (standard,)


def test_near_miss_is_reported_and_kept() -> None:
    reading = read_channels("政务服务中")
    assert reading.near_misses == (("政务服务中", "政务服务中心"),)
    assert reading.channels == ("政务服务中",)


_PIECES = st.sampled_from([*"■□口▄√☐☑● ,、\n政府网站公报人口其他:\x000",
                          "社区/企事业单位、村公示栏(电子屏)", *STANDARD_CHANNELS])


@given(st.lists(_PIECES).map("".join))
def test_read_channels_never_fails_and_has_no_blank_channel(text: str) -> None:
    reading = read_channels(text)
    assert all(channel.strip() for channel in reading.channels)
    assert len(set(reading.channels)) == len(reading.channels)
    # every box mark (口 aside, a character too) starts an entry: none is left inside a name
    assert not any(set(channel) & set("■□▄√☐☑●") for channel in reading.channels)


def test_invisible_characters() -> None:
    assert invisible_characters("部门\u200b预算") == ["U+200B"]
    assert invisible_characters("\u202e部门预算") == ["U+202E"]
    assert invisible_characters("部门预算") == []


def test_fold_ignores_width_spaces_and_punctuation() -> None:
    assert fold("发布会／听证会") == fold("发布会/听证会") == fold("发布会 听证会")


@given(st.text(alphabet=st.sampled_from("ab 公开\n\r\u3000\t\x0b\u2028\x85 "), max_size=30))
@settings(max_examples=examples(400))
def test_clean_text_fast_path_is_the_general_one(text: str) -> None:
    """One-line cells skip the line-by-line path; both must give the same text."""
    general = "\n".join(line.strip() for line in text.replace("\r\n", "\n").replace(
        "\r", "\n").replace("\u3000", " ").strip().split("\n"))
    assert clean_text(text) == general


@given(st.text(alphabet=st.sampled_from("aB 公开\n\r\u3000\t\x0b\u2028\x85 　-"), max_size=30))
@settings(max_examples=examples(400))
def test_clean_name_skips_its_passes_only_when_they_change_nothing(text: str) -> None:
    import re

    from catalog.standard.vocabulary import _SPACE_NEAR_CJK

    general = re.sub(r"\s{2,}", " ", _SPACE_NEAR_CJK.sub("", clean_text(text).replace("\n", " ")))
    assert clean_name(text) == general


@given(st.text(alphabet="东阳市县区乡镇街道村级、 （）A1\n", max_size=12))
def test_level_place_screen_answers_as_the_pattern_alone(text: str) -> None:
    """level_place tells plain headings without compiling its pattern, with the same answer."""
    from catalog.standard.vocabulary import _LEVEL_WORDS, _PLACE_LEVEL, level_place

    match = _PLACE_LEVEL.match(clean_name(text))
    expected = None if match is None or set(match.group(1)) <= _LEVEL_WORDS else match.group(1)
    assert level_place(text) == expected


def test_level_place() -> None:
    from catalog.standard.vocabulary import level_place

    assert level_place("东阳市级") == "东阳市"
    assert level_place(" 转塘街道级 ") == "转塘街道"
    assert [level_place(t) for t in ("县级", "乡、村级", "街镇级", "级", "东阳市")] == [None] * 5


# A box list is split at its marks in one regex pass, and each entry is read once per run
# (``_channel_entry``): the reading must be what reading the cell mark by mark and entry by
# entry gives (the loop below is the reader before that change).
_OLD_BOX_START = re.compile(
    rf"([{vocabulary._MARKS}])|(?:^|(?<=[{vocabulary._SEPARATORS}]))(口)"
    rf"|(口)(?=(?:{vocabulary._STANDARD_SPELLINGS}))")


def _channels_one_by_one(text: str) -> vocabulary.ChannelReading:
    v = vocabulary
    cleaned = v._squeeze_brackets(v._normalise_brackets(clean_text(text)))
    marks = list(_OLD_BOX_START.finditer(cleaned))
    box_list, unmarked, names = False, list[str](), list[str]()
    if marks:
        entries: list[tuple[str | None, str]] = []
        lead = cleaned[: marks[0].start()].strip(" \n,，、;；。")
        if lead:
            entries.append((None, lead))
        for index, match in enumerate(marks):
            end = marks[index + 1].start() if index + 1 < len(marks) else len(cleaned)
            name = cleaned[match.end() : end].strip(" \n,，、;；。")
            if name:
                entries.append((match.group(match.lastindex or 1), name))
        marked = {mark for mark, _ in entries if mark is not None}
        box_list = any(m in v.SELECTED_BOXES for m in marked) and any(
            m in v.EMPTY_BOXES for m in marked)
        names = [name for mark, name in entries
                 if not box_list or (mark is not None and mark in v.SELECTED_BOXES)]
        unmarked = [name for mark, name in entries if box_list and mark is None]
    else:
        names = v._plain_entries(cleaned)
    found, nonstandard = list[str](), list[str]()
    near, synonyms = list[tuple[str, str]](), list[tuple[str, str]]()
    for name in names:
        other = v._OTHER_WITH_TEXT.match(name)
        if other and fold(other.group(1)):
            found.append("其他")
            name = other.group(1).strip()
        standard = v.standard_channel(name)
        if standard is not None:
            found.append(standard)
            if fold(name) != fold(standard):
                synonyms.append((name, standard))
            continue
        name = clean_name(name).strip("_")
        if not name:
            continue
        guess = v.near_standard_channel(name)
        if guess is not None:
            near.append((name, guess))
        nonstandard.append(name)
    ordered = [name for name in STANDARD_CHANNELS if name in found]
    channels = tuple(ordered) + tuple(dict.fromkeys(n for n in nonstandard if n not in ordered))
    is_standard = (not marks and cleaned in {"、".join(channels), *channels} and not near)
    return v.ChannelReading(channels, is_standard, tuple(nonstandard), tuple(near),
                            tuple(synonyms), box_list, tuple(unmarked))


_CHANNEL_WORDS = [*STANDARD_CHANNELS, "其他:微信群", "其它", "政府网 站", "人口", "户口本", "口岸",
                  "区政府门户网站", "政务微博", "公告栏", "电子屏", "(电 子屏 )", "1.", "（2）",
                  "_", ""]


@settings(max_examples=400)
@given(st.lists(st.tuples(st.sampled_from(["■", "□", "口", "√", "☐", "●", ""]),
                          st.sampled_from(_CHANNEL_WORDS),
                          st.sampled_from([" ", "、", "，", "\n", ";", "", "。"])), max_size=8))
def test_channel_cells_read_as_mark_by_mark(entries: list[tuple[str, str, str]]) -> None:
    text = "".join(mark + word + separator for mark, word, separator in entries)
    assert vocabulary.read_channels.__wrapped__(text) == _channels_one_by_one(text)
