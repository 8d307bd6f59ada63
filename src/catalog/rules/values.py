"""CAT2xx: controlled values and vocabulary (channels, levels, marks, names)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import compress, repeat
from operator import attrgetter, methodcaller
from typing import Any

from catalog.core.findings import Finding, Severity
from catalog.rules.engine import ByColumn, FindingGroup, Rule, RuleContext
from catalog.rules.structure import joined_content
from catalog.standard.records import ItemView
from catalog.standard.terms import STANDARD_CHANNELS
from catalog.standard.vocabulary import (
    ChannelReading,
    clean_name,
    clean_text,
    invisible_characters,
    read_channels,
    standard_channel,
)

UNREADABLE_VALUE = Rule(
    code="CAT201",
    name="unreadable-controlled-value",
    severity=Severity.ERROR,
    message_zh="{field}中的“{value}”无法识别；应为 {expected}",
    message_en="“{value}” in {field} is not understood; expected {expected}",
    rationale="公开对象, 公开方式 and 公开层级 take fixed values; anything else cannot be "
    "published or compared.",
    example="○ in the 主动 column, or 所有人 as 公开对象.",
)


def _channels_as_written(items: Sequence[ItemView]) -> list[tuple[str | None, tuple[str, ...]]]:
    """Each item's (channel cell as written or None, channels read), in C."""
    written = map(methodcaller("get", "channels"), map(attrgetter("original"), items))
    return list(zip(written, map(attrgetter("channels"), items), strict=True))


_AS_WRITTEN = "channels as written"
_BY_COLUMN = ByColumn(_channels_as_written)


# A cell that is only ■/□ boxes (or 口 right before a name: a box, CAT208) before standard
# channel names, as the template prints it: reading it finds no synonym, near miss or unmarked
# entry (each name is standard, each has a box), so the rules about those leave it unread.
# tests/test_rules_fast_paths.py checks.
_STANDARD_BOXES = re.compile("[ \n]*+(?:(?:[■□][ \n]*+|口)(?:{})[ \n]*+)++".format("|".join(
    map(re.escape, sorted(STANDARD_CHANNELS, key=len, reverse=True)))))


def _reading(original: str | None) -> ChannelReading:
    """A channel cell's synonyms, near misses, unmarked entries and whether it is a box list
    (the rest of a cell left unread is not filled in)."""
    if not original:
        return _NOTHING_TO_REPORT
    if _STANDARD_BOXES.fullmatch(original):  # every mark a box: ticked and unticked ones?
        return _TICKED_AND_NOT if "■" in original and (
            "□" in original or "口" in original) else _NOTHING_TO_REPORT
    return read_channels(original)


_NOTHING_TO_REPORT = ChannelReading((), True)
_TICKED_AND_NOT = ChannelReading((), True, box_list=True)


def _distinct_channels(ctx: RuleContext) -> list[tuple[str | None, tuple[str, ...]]]:
    """(cell text as written or None, channels read): channel cells repeat a lot."""
    return ctx.distinct(_AS_WRITTEN, _BY_COLUMN)


def _check_channel_synonyms(ctx: RuleContext) -> Iterator[FindingGroup]:
    for written_cell in _distinct_channels(ctx):
        original, channels = written_cell
        if original:
            pairs = _reading(original).synonyms
        else:  # a JSON document may hold a synonym as the value itself
            pairs = tuple(
                (channel, standard)
                for channel in channels
                if channel not in STANDARD_CHANNELS
                and (standard := standard_channel(channel)) is not None
            )
        for written, standard in pairs:  # one cell, several synonyms: in this order
            yield ctx.findings(CHANNEL_SYNONYM, ctx.indexes(_AS_WRITTEN, written_cell),
                               "channels", written=written, standard=standard)


CHANNEL_SYNONYM = Rule(
    code="CAT202",
    name="channel-synonym",
    severity=Severity.INFO,
    message_zh="渠道“{written}”即标准渠道“{standard}”，宜使用标准名称",
    message_en="Channel “{written}” is the standard channel “{standard}”; use the standard name",
    rationale="The national template names 13 channels; one spelling each keeps catalogues "
    "comparable.",
    example="发布会 for 发布会/听证会; 纸质载体 for 纸质媒体.",
    check=_check_channel_synonyms,
    fix_zh="改写为标准渠道名称",
    fix_en="rewrite as the standard channel name",
)


def _check_nonstandard_channels(ctx: RuleContext) -> Iterator[FindingGroup]:
    for channels in ctx.distinct("channels"):
        for channel in channels:
            if channel not in STANDARD_CHANNELS and standard_channel(channel) is None:
                yield ctx.findings(NONSTANDARD_CHANNEL, ctx.indexes("channels", channels),
                                   "channels", channel=channel)


NONSTANDARD_CHANNEL = Rule(
    code="CAT203",
    name="nonstandard-channel",
    severity=Severity.INFO,
    message_zh="渠道“{channel}”不在 13 个标准渠道之列，已按原文保留（地方补充渠道是允许的）",
    message_en="Channel “{channel}” is not one of the 13 standard channels; kept as written "
    "(local channels are allowed)",
    rationale="Local platforms are legitimate, but a reader should see that they are local.",
    example="投资项目在线审批监管平台",
    check=_check_nonstandard_channels,
)


def _check_channel_near_miss(ctx: RuleContext) -> Iterator[FindingGroup]:
    for written_cell in _distinct_channels(ctx):
        original, channels = written_cell
        near_misses = (_reading(original) if original
                       else read_channels("、".join(channels))).near_misses
        for written, standard in near_misses:
            yield ctx.findings(CHANNEL_NEAR_MISS, ctx.indexes(_AS_WRITTEN, written_cell),
                               "channels", written=written, standard=standard)


CHANNEL_NEAR_MISS = Rule(
    code="CAT204",
    name="channel-near-miss",
    severity=Severity.WARNING,
    message_zh="渠道“{written}”疑似标准渠道“{standard}”的误写",
    message_en="Channel “{written}” looks like a misspelling of the standard channel “{standard}”",
    rationale="A typo turns a standard channel into an unknown local one.",
    example="政务服务中 for 政务服务中心",
    check=_check_channel_near_miss,
)


def _check_level_matches_issuer(ctx: RuleContext) -> Iterator[FindingGroup]:
    level = ctx.issuer_level
    if level is None:
        return
    for levels in ctx.distinct("level"):
        if levels and level not in levels:
            written = "、".join(str(lv) for lv in levels)
            yield ctx.findings(LEVEL_EXCLUDES_ISSUER, ctx.indexes("level", levels), "level",
                               issuer_level=str(level), levels=written)


LEVEL_EXCLUDES_ISSUER = Rule(
    code="CAT205",
    name="level-excludes-issuer",
    severity=Severity.WARNING,
    message_zh="“{item}”的公开层级为{levels}，不含本目录发布主体的层级{issuer_level}",
    message_en="“{item}” is marked for {levels}, which does not include the issuer's level "
    "{issuer_level}",
    rationale="A 乡级 catalogue should list the items that the township itself discloses.",
    example="A township catalogue row ticked only 县级.",
    check=_check_level_matches_issuer,
)


def _check_issuer_level_known(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.issuer_level is None:
        yield ctx.finding(ISSUER_LEVEL_UNKNOWN)


ISSUER_LEVEL_UNKNOWN = Rule(
    code="CAT206",
    name="issuer-level-unknown",
    severity=Severity.INFO,
    message_zh="未能确定发布主体的层级，已跳过与层级有关的检查",
    message_en="The issuer's level is unknown, so level checks were skipped",
    rationale="Guessing a level would produce confident but wrong findings.",
    example="A spreadsheet whose title and 公开主体 name no government body.",
    hint_zh="用 --issuer（如 --issuer 某某乡人民政府）或 --level 指定，"
    "或在 catalog.toml 中设置 issuer",
    hint_en="Give --issuer (e.g. --issuer 某某乡人民政府) or --level, or set issuer in "
    "catalog.toml",
    workbook_hint_zh="在标题中写明发布机关（如“某某乡人民政府……领域基层政务公开标准目录”），"
    "或在 catalog.toml 中设置 issuer",
    workbook_hint_en="Write the issuing government in the title (e.g. “某某乡人民政府…领域基层政务"
    "公开标准目录”), or set issuer in catalog.toml",
    check=_check_issuer_level_known,
)


def _check_invisible(ctx: RuleContext) -> Iterator[FindingGroup]:
    for name in ("category", "name", "subject"):
        for text in ctx.distinct(name):
            found = invisible_characters(text)
            if found:
                yield ctx.findings(INVISIBLE_CHARACTERS, ctx.indexes(name, text), name,
                                   chars=" ".join(found))


INVISIBLE_CHARACTERS = Rule(
    code="CAT207",
    name="invisible-characters",
    severity=Severity.WARNING,
    message_zh="“{item}”的{field}含有不可见字符 {chars}，会让两个不同的名称看起来相同",
    message_en="{field} of “{item}” contains invisible characters {chars}, which make different "
    "names look equal",
    rationale="Zero-width and right-to-left marks defeat matching and duplicate detection.",
    example="部门预算\\u200b",
    check=_check_invisible,
)

_BOX_KOU = re.compile(r"(?:^|(?<=[\s,，、;；]))口(?=\S)")


def _check_kou_box(ctx: RuleContext) -> Iterator[FindingGroup]:
    for written_cell in _distinct_channels(ctx):
        original = written_cell[0]
        if original and _BOX_KOU.search(original) and _reading(original).box_list:
            yield ctx.findings(KOU_AS_BOX, ctx.indexes(_AS_WRITTEN, written_cell), "channels")


KOU_AS_BOX = Rule(
    code="CAT208",
    name="kou-as-box",
    severity=Severity.INFO,
    message_zh="渠道清单用汉字“口”表示空框；已按未勾选读取，建议改为“□”",
    message_en="The channel list uses the character 口 as an empty box; read as unticked, "
    "better written □",
    rationale="口 (mouth) looks like □ but is a character: tools that search for □ miss it.",
    example="■政府网站 口政府公报",
    check=_check_kou_box,
    fix_zh="改为 □（只改作方框用的“口”，人口、户口、口岸中的“口”不变）",
    fix_en="replace with □ (only where 口 is a box; never in 人口, 户口, 口岸)",
)

MARK_VARIANT = Rule(
    code="CAT209",
    name="check-mark-variant",
    severity=Severity.INFO,
    message_zh="勾选标记“{mark}”已按“√”读取",
    message_en="Check mark “{mark}” was read as √",
    rationale="√ is the template's mark; one glyph keeps tables uniform and searchable.",
    example="✓, ●, 是 or Y in the 主动 column (reported per cell by the spreadsheet readers).",
    fix_zh="改为 √",
    fix_en="replace with √",
)

_FULLWIDTH_DIGIT = re.compile("[０-９]+")


def _any_fullwidth_digit(text: str) -> bool:
    """Whether ``text`` holds a full-width digit: ten substring searches (memchr-like, ~1 ms
    on a 100,000-row column joined) where the pattern's character class scans at ~25 ms."""
    return any(digit in text for digit in "０１２３４５６７８９")


def _check_fullwidth(ctx: RuleContext) -> Iterator[Finding | FindingGroup]:
    items = ctx.table.items
    for name in ("seq", "content"):  # mostly one text per row: screen the column at once
        joined = (joined_content(ctx) if name == "content"
                  else "\n".join(map(attrgetter(name), items)))
        if name == "seq":  # A 序号 is stored as ASCII digits: the cell as written is in original.
            joined += "\n".join(filter(None, map(methodcaller("get", name),
                                                 map(attrgetter("original"), items))))
        if _any_fullwidth_digit(joined):
            texts = ([item.original.get(name) or item.seq for item in items] if name == "seq"
                     else [getattr(item, name) for item in items])
            for index, text in enumerate(texts):
                match = _FULLWIDTH_DIGIT.search(text)
                if match:
                    yield ctx.finding(FULLWIDTH_DIGITS, index, name, text=match.group(0))
    for name in ("time_limit", "basis"):
        values = ctx.distinct(name)
        if not _any_fullwidth_digit("\n".join(map(attrgetter("text"), values))):
            continue  # one screen over the distinct texts
        for parsed in values:
            match = _FULLWIDTH_DIGIT.search(parsed.text)
            if match:
                yield ctx.findings(FULLWIDTH_DIGITS, ctx.indexes(name, parsed), name,
                                   text=match.group(0))


FULLWIDTH_DIGITS = Rule(
    code="CAT210",
    name="fullwidth-digits",
    severity=Severity.INFO,
    message_zh="{field}中含全角数字“{text}”",
    message_en="{field} contains full-width digits “{text}”",
    rationale="Full-width digits defeat sorting and number parsing (２０个工作日).",
    example="２０个工作日",
    check=_check_fullwidth,
    fix_zh="改为半角数字",
    fix_en="replace with ASCII digits",
)


# Screens that pass over the values clean_name / clean_text leave unchanged (almost all).
_ANY_BLANK = re.compile(r"\s")
_original_of = attrgetter("original")
_TEXT_BLANK = re.compile(r"\A\s|\s\Z|[\r\u3000]|[^\S\n]\n|\n[^\S\n]")


def _check_whitespace(ctx: RuleContext) -> Iterator[Finding | FindingGroup]:
    """Blanks ``catalog fix`` trims: in a name's original wording, or in a stored value of a
    JSON document (which keeps values as written; spreadsheet readers store trimmed values and
    report the cells they trim). Values are judged once each, after one screening search."""
    items = ctx.table.items
    worded = list(compress(range(len(items)), map(_original_of, items)))  # most: none kept
    originals = list(map(_original_of, map(items.__getitem__, worded)))
    trimmed: list[tuple[int, int, str]] = []  # (item, field's place, field), in item order
    for place, name in enumerate(("category", "name", "seq")):
        # an item's original wording of this field, where it has one ("" never differs so)
        for position in compress(range(len(worded)), map(dict.get, originals, repeat(name))):
            index = worded[position]
            value, original = getattr(items[index], name), originals[position][name]
            if original != value and clean_name(original) == value:
                trimmed.append((index, place, name))
    trimmed.sort()
    for index, _, name in trimmed:
        yield ctx.finding(STRAY_WHITESPACE, index, name)
    seen = {(index, name) for index, _, name in trimmed}
    if ctx.source.pointer is None:
        return  # a table: its reader stored trimmed values and reported the cells it trimmed
    checks: tuple[tuple[str, Callable[[Any], bool]], ...] = (
        *((name, _name_has_blanks) for name in ("category", "name", "seq")),
        *((name, _text_has_blanks) for name in ("content", "subject", "basis", "time_limit")),
        ("channels", lambda channels: any(map(_name_has_blanks, channels))),
    )
    for name, has_blanks in checks:
        values = ctx.distinct(name)
        if not _ANY_BLANK.search("\x00".join(map(_as_text, values))):
            continue
        for value in values:
            if has_blanks(value):
                yield ctx.findings(STRAY_WHITESPACE, [
                    index for index in ctx.indexes(name, value) if (index, name) not in seen
                ], name)


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return "\x00".join(value) if isinstance(value, tuple) else str(value.text)


def _name_has_blanks(value: str) -> bool:
    return bool(_ANY_BLANK.search(value)) and clean_name(value) != value


def _text_has_blanks(value: Any) -> bool:
    text = value if isinstance(value, str) else value.text
    return bool(_TEXT_BLANK.search(text)) and clean_text(text) != text


STRAY_WHITESPACE = Rule(
    code="CAT211",
    name="stray-whitespace",
    severity=Severity.INFO,
    message_zh="{field}中有多余的空格或换行",
    message_en="{field} has stray spaces or line breaks",
    rationale="出生\\n登记 and 出生登记 are the same name; stray blanks break matching. Reported "
    "wherever `catalog fix` trims: blanks inside a name, and blanks around any text (which the "
    "spreadsheet readers drop while reading, so they report those cells themselves).",
    example="办事 指南; “ 江上乡人民政府” with a leading space",
    check=_check_whitespace,
    fix_zh="删除多余的空格和换行",
    fix_en="remove the stray spaces and line breaks",
)

def _check_unmarked_entries(ctx: RuleContext) -> Iterator[FindingGroup]:
    for written_cell in _distinct_channels(ctx):
        original = written_cell[0]
        unmarked = _reading(original).unmarked
        if unmarked:
            yield ctx.findings(UNMARKED_BOX_ENTRY, ctx.indexes(_AS_WRITTEN, written_cell),
                               "channels", entries="、".join(unmarked))


UNMARKED_BOX_ENTRY = Rule(
    code="CAT525",
    name="unmarked-box-entry",
    severity=Severity.WARNING,
    message_zh="渠道清单中的“{entries}”前没有方框，无法判断是否勾选，未计入公开渠道",
    message_en="“{entries}” in the channel list has no box before it, so whether it is ticked "
    "cannot be told; not counted as a channel",
    rationale="In a list of ticked (■) and unticked (□) boxes, an entry without a box may be "
    "either; reading it as a local channel would publish a guess.",
    example="公开查阅点■政府网站□政府公报",
    check=_check_unmarked_entries,
    hint_zh="在该渠道前补上 ■（选用）或 □（不选用）",
    hint_en="put ■ (used) or □ (not used) before that channel",
)

RULES = [
    UNREADABLE_VALUE,
    CHANNEL_SYNONYM,
    NONSTANDARD_CHANNEL,
    CHANNEL_NEAR_MISS,
    LEVEL_EXCLUDES_ISSUER,
    ISSUER_LEVEL_UNKNOWN,
    INVISIBLE_CHARACTERS,
    KOU_AS_BOX,
    MARK_VARIANT,
    FULLWIDTH_DIGITS,
    STRAY_WHITESPACE,
    UNMARKED_BOX_ENTRY,
]
