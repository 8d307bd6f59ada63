"""CAT1xx: the structure of a catalogue and its required fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import compress, repeat
from operator import attrgetter, concat, contains, itemgetter, not_
from typing import Any

from catalog.core.findings import Finding, Severity
from catalog.rules.engine import FindingGroup, Rule, RuleContext
from catalog.standard.records import ItemView
from catalog.standard.vocabulary import fold, is_same_as_above

# 国办发〔2019〕54号: 目录至少应包括公开事项的名称、内容、依据、时限、主体、方式、渠道、公开对象.
REQUIRED_FIELDS = ("content", "basis", "time_limit", "subject", "channels", "audience", "mode")


# How a value of each required field is blank (scorecard/indicators.py asks value by value).
_BLANK: dict[str, Callable[[Any], bool]] = {
    "content": lambda text: not text.strip(),
    "basis": lambda basis: not basis.text.strip(),
    "time_limit": lambda limit: not limit.text.strip(),
    "subject": lambda text: not text.strip(),
    "channels": lambda channels: not channels,
    "audience": lambda audience: not audience,
    "mode": lambda mode: not mode,
}
# _BLANK of each of a field's distinct values, in C (tests/test_rules_fast_paths.py compares).
_BLANKS: dict[str, Callable[[list[Any]], Iterator[bool]]] = {
    "content": lambda texts: _blank_texts(texts),
    "basis": lambda bases: _blank_texts(map(attrgetter("text"), bases)),
    "time_limit": lambda limits: _blank_texts(map(attrgetter("text"), limits)),
    "subject": lambda texts: _blank_texts(texts),
    "channels": lambda values: map(not_, values),
    "audience": lambda values: map(not_, values),
    "mode": lambda values: map(not_, values),
}
_NAMES = "category and name"


def _category_and_name(item: ItemView) -> tuple[str, str]:
    """The item's names; with more item levels, within its parents (决策/最低生活保障/审核)."""
    if item.parents:
        return "/".join((*item.parents, item.category)), item.name
    return item.category, item.name


_PLAIN_NAMES = attrgetter("category", "name")  # _category_and_name of an item with no parents


def _distinct_names(ctx: RuleContext) -> list[tuple[str, str]]:
    """The distinct (一级, 二级) pairs of :func:`_category_and_name`: read in C (one tuple of
    two attributes per item) when no item has parents, as almost no table has."""
    items = ctx.table.items
    plain = not any(map(attrgetter("parents"), items))
    return ctx.distinct(_NAMES, _PLAIN_NAMES if plain else _category_and_name)


def _blank_texts(texts: Iterable[str]) -> Iterator[bool]:
    """``not text.strip()`` for each text, in C."""
    return map(not_, map(str.strip, texts))


_content_of = attrgetter("content")


def joined_content(ctx: RuleContext) -> str:
    """Every item's 公开内容, NUL between them: one text per row, screened at once (同上,
    full-width digits) by the rules that would otherwise each pass over the column."""
    joined: str = ctx.derived("content joined", lambda context: "\x00".join(
        map(_content_of, context.table.items)))
    return joined


def _check_required(ctx: RuleContext) -> Iterator[FindingGroup]:
    pairs = _distinct_names(ctx)
    # both names blank: their concatenation, stripped, is empty
    both_blank = map(not_, map(concat, map(str.strip, map(itemgetter(0), pairs)),
                               map(str.strip, map(itemgetter(1), pairs))))
    for pair in compress(pairs, both_blank):
        yield ctx.findings(REQUIRED_FIELD, ctx.indexes(_NAMES, pair), "name", field="item_name")
    absent = ctx.source.absent_fields
    for name in REQUIRED_FIELDS:
        if name in absent:
            continue
        if name == "content" and all(map(str.strip, map(_content_of, ctx.table.items))):
            continue  # one text per row: the column screened in C, its distinct values unread
        values = ctx.distinct(name)
        for value in compress(values, _BLANKS[name](values)):
            yield ctx.findings(REQUIRED_FIELD, ctx.indexes(name, value), name)


REQUIRED_FIELD = Rule(
    code="CAT101",
    name="required-field-blank",
    severity=Severity.ERROR,
    message_zh="“{item}”的{field}为空；国办发〔2019〕54号要求目录至少包括事项名称、内容、依据、时限、主体、方式、渠道和公开对象",
    message_en="{field} is blank for “{item}”; Guobanfa [2019] No. 54 requires name, content, "
    "basis, time limit, subject, mode, channels and audience for every item",
    rationale="The State Council's 2019 guidance names the elements every catalogue item must "
    "have.",
    example="A row whose 公开主体 cell is empty.",
    check=_check_required,
)


# Each field's texts as a tuple of its value's texts (several channels in one cell).
_TEXTS: dict[str, Callable[[Any], tuple[str, ...]]] = {
    "category": lambda text: (text,),
    "name": lambda text: (text,),
    "content": lambda text: (text,),
    "basis": lambda basis: (basis.text,),
    "time_limit": lambda limit: (limit.text,),
    "subject": lambda text: (text,),
    "channels": lambda channels: channels,
}


# Each value's texts as one string, for the screen (joining adds no 同).
_JOINED: dict[str, Callable[[list[Any]], Iterable[str]]] = {
    "basis": lambda values: map(attrgetter("text"), values),
    "time_limit": lambda values: map(attrgetter("text"), values),
    "channels": lambda values: map("\x00".join, values),
}


def _check_same_as_above(ctx: RuleContext) -> Iterator[FindingGroup]:
    for name, texts_of in _TEXTS.items():
        if name == "content":  # one text per row: screen the column, its distinct values unread
            joined = joined_content(ctx)
            if "同上" not in joined and "同 上" not in joined:  # what is_same_as_above holds
                continue
        values = ctx.distinct(name)
        joined = _JOINED.get(name, iter)(values)
        # Cheap screen first, in C: almost no value mentions 同 at all.
        for value in compress(values, map(contains, joined, repeat("同"))):
            for text in texts_of(value):
                if "同" in text and is_same_as_above(text):
                    yield ctx.findings(UNRESOLVED_SAME_AS_ABOVE, ctx.indexes(name, value), name)


UNRESOLVED_SAME_AS_ABOVE = Rule(
    code="CAT105",
    name="unresolved-same-as-above",
    severity=Severity.ERROR,
    message_zh="“{item}”的{field}写作“同上”，但上方没有可沿用的内容；请写出完整内容",
    message_en="{field} of “{item}” says 同上 (same as above) but there is nothing above to "
    "repeat; write the value out",
    rationale="同上 only means something in a printed table; a published item must stand alone.",
    example="The first data row has 同上 in 公开时限.",
    check=_check_same_as_above,
)


def _check_duplicates(ctx: RuleContext) -> Iterator[FindingGroup]:
    pairs = _distinct_names(ctx)
    # folded keys, in C (fold is cached: a table has few distinct 一级 and 二级 names)
    keys = list(zip(map(fold, map(itemgetter(0), pairs)), map(fold, map(itemgetter(1), pairs)),
                    strict=True))
    if len(set(keys)) == len(keys):  # no two wordings fold together: each pair on its own
        if len(pairs) == len(ctx.table.items):
            return  # every row has its own wording
        for key, indexes in zip(keys, ctx.groups(_NAMES), strict=True):
            if len(indexes) > 1 and any(key):
                yield ctx.findings(DUPLICATE_ITEM, indexes[1:], "name",
                                   first=ctx.source.reference(indexes[0]))
        return
    wordings: dict[tuple[str, str], list[tuple[str, str]]] = {}  # folded key → as written
    for key, pair in zip(keys, pairs, strict=True):
        if any(key):
            wordings.setdefault(key, []).append(pair)
    for written in wordings.values():
        indexes = sorted(index for pair in written for index in ctx.indexes(_NAMES, pair))
        if len(indexes) > 1:
            yield ctx.findings(DUPLICATE_ITEM, indexes[1:], "name",
                               first=ctx.source.reference(indexes[0]))


DUPLICATE_ITEM = Rule(
    code="CAT103",
    name="duplicate-item",
    severity=Severity.WARNING,
    message_zh="事项“{item}”重复出现（首次出现在 {first}）；请合并或区分两行",
    message_en="Item “{item}” appears twice (first at {first}); merge the rows or tell them apart",
    rationale="Two rows with the same 一级事项 and 二级事项 confuse readers and coverage counts.",
    example="Two rows 财政预算/部门预算.",
    check=_check_duplicates,
)


def _check_duplicate_seq(ctx: RuleContext) -> Iterator[FindingGroup]:
    """Every use of a 序号 after its first (a compilation may restart numbering per table)."""
    seqs = ctx.distinct("seq")  # read in C; numbers equal once stripped are merged below
    stripped = list(map(str.strip, seqs))
    if len(seqs) == len(ctx.table.items) and len(set(stripped)) == len(seqs):
        return  # every row has its own number
    by_number: dict[str, list[str]] = {}  # stripped → the numbers as stored
    for seq, number in zip(seqs, stripped, strict=True):
        by_number.setdefault(number, []).append(seq)
    for number, written in by_number.items():
        if number:
            indexes = (ctx.indexes("seq", written[0]) if len(written) == 1 else
                       sorted(index for seq in written for index in ctx.indexes("seq", seq)))
            if len(indexes) > 1:
                yield ctx.findings(DUPLICATE_SEQ, indexes[1:], "seq", seq=number)


DUPLICATE_SEQ = Rule(
    code="CAT106",
    name="duplicate-seq",
    severity=Severity.WARNING,
    message_zh="序号“{seq}”在本表中重复",
    message_en="Row number “{seq}” is used twice in this table",
    rationale="No national rule fixes the numbering, but numbers must identify rows in one table.",
    example="Two rows numbered 3.",
    check=_check_duplicate_seq,
)


def _check_empty(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.table.items:
        yield ctx.finding(EMPTY_CATALOGUE)


EMPTY_CATALOGUE = Rule(
    code="CAT107",
    name="empty-catalogue",
    severity=Severity.WARNING,
    message_zh="目录中没有任何事项",
    message_en="The catalogue has no items",
    rationale="An empty table is usually a wrong sheet or a header-only template.",
    example="A sheet with only the header rows.",
    check=_check_empty,
)


def _check_level_present(ctx: RuleContext) -> Iterator[FindingGroup]:
    if "level" in ctx.source.absent_fields:
        return
    for levels in ctx.distinct("level"):
        if not levels:
            yield ctx.findings(LEVEL_BLANK, ctx.indexes("level", levels), "level")


LEVEL_BLANK = Rule(
    code="CAT108",
    name="level-blank",
    severity=Severity.INFO,
    message_zh="“{item}”没有勾选公开层级",
    message_en="No 公开层级 (level) is ticked for “{item}”",
    rationale="The template's 公开层级 columns say which level publishes the item; 54号 does not "
    "require them, so this is only information.",
    example="A row with neither 县级 nor 乡级 ticked.",
    check=_check_level_present,
)

# Findings emitted by the JSON reader: they need messages and documentation like any rule.
JSON_SYNTAX = Rule(
    code="CAT100",
    name="json-syntax-error",
    severity=Severity.ERROR,
    message_zh="不是有效的 JSON：第 {line} 行第 {column} 列有语法错误",
    message_en="Not valid JSON: syntax error at line {line}, column {column}",
    rationale="Nothing can be read from a file that does not parse.",
    example='{"catalogues": [ }',
)

INVALID_VALUE = Rule(
    code="CAT102",
    name="invalid-value",
    severity=Severity.ERROR,
    message_zh="{pointer} 的值无效（类型或取值不符合 JSON Schema）",
    message_en="Invalid value at {pointer} (its type or value does not meet the JSON Schema)",
    rationale="Values must have the types and vocabulary the published schema defines.",
    example='"audience": ["所有人"]',
)

UNKNOWN_KEY = Rule(
    code="CAT104",
    name="unknown-key",
    severity=Severity.WARNING,
    message_zh="未知的键“{key}”（事项中的未知键保留在 extra 中，其他位置的被忽略）",
    message_en="Unknown key “{key}” (kept under extra inside an item, ignored elsewhere)",
    rationale="A misspelt key silently loses data; unknown item keys are kept under extra.",
    example='"contnet": "…"',
)

WRONG_DOCUMENT_SHAPE = Rule(
    code="CAT109",
    name="wrong-document-shape",
    severity=Severity.ERROR,
    message_zh="JSON 文件的顶层应为包含 format_version 和 catalogues 的对象，实际为{found}",
    message_en="The top level of the JSON file must be an object with format_version and "
    "catalogues; found {found}",
    rationale="Every catalogue document has one shape, so all files are read the same way.",
    example="[ {...} ] (a bare array)",
)

RULES = [
    JSON_SYNTAX,
    REQUIRED_FIELD,
    INVALID_VALUE,
    DUPLICATE_ITEM,
    UNKNOWN_KEY,
    UNRESOLVED_SAME_AS_ABOVE,
    DUPLICATE_SEQ,
    EMPTY_CATALOGUE,
    LEVEL_BLANK,
    WRONG_DOCUMENT_SHAPE,
]

DUPLICATE_KEY = Rule(
    code="CAT110",
    name="duplicate-key",
    severity=Severity.WARNING,
    message_zh="键“{key}”在同一对象中出现多次，只保留了最后一个值",
    message_en="Key “{key}” appears more than once in one object; only the last value was kept",
    rationale="JSON parsers disagree on duplicate keys; a duplicate usually hides a copy-paste "
    "slip.",
    example='{"content": "a", "content": "b"}',
)
RULES.append(DUPLICATE_KEY)
