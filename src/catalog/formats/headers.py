"""Header synonyms, header-row recognition and the column map of a catalogue table.

Real tables write every heading several ways (shared vocabulary §1): ``事项名称`` for 公开事项,
``特定群众`` for 特定群体, ``依申请公开`` for 依申请, ``乡、村级`` for 乡级+村级, spaces and line
breaks inside headings, legends in brackets. Each column is classified by the deepest header
cell that means something, so a mislabelled group heading (公开方式 over 县级 | 乡、村级) is
still read by its sub-headings.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from catalog.core.findings import column_letter
from catalog.standard.fields import ITEM_FIELDS
from catalog.standard.terms import Audience, Level, Mode
from catalog.standard.vocabulary import (
    AUDIENCE_SYNONYMS,
    MODE_SYNONYMS,
    clean_name,
    fold,
    level_place,
    read_audience,
    read_levels,
    read_mode,
)

TEXT_FIELDS = ("seq", "category", "name", "content", "basis", "time_limit", "subject", "channels")
TICK_FIELDS = ("audience", "mode", "level")
REQUIRED_COLUMNS = ("content", "basis", "time_limit", "subject", "channels", "audience", "mode")
EXPECTED_HEADERS = (
    "序号",
    "公开事项",
    "公开内容",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    "公开方式",
    "公开层级",
)

_FIELD_SYNONYMS: dict[str, str] = {
    "序号": "seq",
    "序": "seq",
    "编号": "seq",
    "序列": "seq",
    "公开事项": "item",
    "事项名称": "item",
    "事项": "item",
    "公开事项名称": "item",
    "一级事项": "category",
    "一级": "category",
    "一级事项一级事项": "category",
    "二级事项": "name",
    "二级": "name",
    "二级事项二级事项": "name",
    "级事项": "anonymous_level",
    "一级目录": "level0",
    "三级事项": "level3",
    "三级": "level3",
    "四级事项": "level4",  # `* 级事项` in anonymised copies: first is 一级, then 二级
    "公开内容": "content",
    "公开内容要素": "content",
    "公开内容要素及要求": "content",
    "公开内容及要素": "content",
    "公开内容及要求": "content",
    "内容": "content",
    "公开依据": "basis",
    "依据": "basis",
    "公开时限": "time_limit",
    "时限": "time_limit",
    "公开主体": "subject",
    "公开责任单位": "subject",
    "公开责任主体": "subject",
    "公开单位": "subject",
    "公开渠道和载体": "channels",
    "公开渠道": "channels",
    "公开渠道及载体": "channels",
    "公开载体": "channels",
    "公开渠道载体": "channels",
    "公开对象": "audience",
    "公开方式": "mode",
    "公开属性": "mode_attribute",
    "公开层级": "level",
    "层级": "level",
}
# Department lists' headings (事项类别 | 事项名称 | 条款内容 | 责任单位 | 公开范围 | 公开形式): read
# as the field only when the table has no column with the template's own heading for it;
# beside one they are extra columns (条款内容 next to 公开依据 is the cited clause).
_FALLBACK_SYNONYMS: dict[str, str] = {
    "事项类别": "category",
    "条款内容": "content",
    "具体内容": "content",
    "公开责任": "subject",
    "公开责任人": "subject",
    "责任单位": "subject",
    "责任科室": "subject",
    "责任部门": "subject",
    "公开范围": "audience",
    "公开形式": "channels_or_mode",
}
_MAIN_KEYS = {key: value for key, value in _FIELD_SYNONYMS.items() if len(key) >= 4}
# Sub-headings under 公开对象/公开方式, for reading cut-down ones (社会, 申请, 特定 主体).
_SUB_TERMS: dict[str, dict[str, Audience | Mode]] = {
    "audience": {fold(k): v for k, v in AUDIENCE_SYNONYMS.items()},
    "mode": {fold(k): v for k, v in MODE_SYNONYMS.items()},
}
KNOWN_EXTRAS = frozenset(
    fold(name)
    for name in (
        "事项类型",
        "过程",
        "相应领域",
        "对相应领域",
        "公开类别",
        "咨询电话",
        "监督举报电话",
        "举报电话",
        "责任科室",
        "责任单位",
        "条款内容",
        "依据效力",
        "事项类别",
        "对应职责",
        "备注",
        "五公开",
        "公开",
        "领域",
        "说明",
    )
)
_NOTE = re.compile(r"[(（]([^()（）]*)[)）]")
_LEGEND_MARKS = re.compile(r"[■□口●〇○▄◆]|表示|选择|选址|必选|可选")


@dataclass(frozen=True)
class Token:
    """What one header cell means."""

    field: str  # an item field, "item", "mode_attribute", "anonymous_level" or "extra"
    value: Audience | Mode | tuple[Level, ...] | None = None  # for a tick column
    near: str | None = None  # the standard heading, when read by a close misspelling
    inferred: str | None = None  # the standard sub-heading a cut-down one was read as
    fallback: bool = False  # a department-list heading: the field only if nothing better
    place: str | None = None  # a level heading written with a place name (东阳市级)


def split_note(text: str) -> tuple[str, str]:
    """``公开内容(要素)`` → (``公开内容``, ``要素``): the heading and its bracketed note."""
    notes = _NOTE.findall(text)
    return _NOTE.sub("", text), "；".join(note.strip() for note in notes if note.strip())


def legend_of(text: str) -> str | None:
    """The box legend or instruction in a heading, e.g. ``“■”表示必选项,“□”表示可选项``."""
    _, note = split_note(text)
    return note if note and _LEGEND_MARKS.search(note) else None


@lru_cache(maxsize=4096)
def classify(text: str, parent: str = "") -> Token | None:
    """The meaning of one header cell (``parent`` is the heading above it, if any)."""
    token = classify_exact(text, parent)
    if token is not None:
        return token
    key = fold(split_note(text)[0])
    if len(key) >= 3:
        close = difflib.get_close_matches(key, list(_MAIN_KEYS), n=1, cutoff=0.75)
        if close:
            return Token(_MAIN_KEYS[close[0]], near=close[0])
    return None


@lru_cache(maxsize=4096)
def classify_exact(text: str, parent: str = "") -> Token | None:
    """:func:`classify` without the misspelling search (cheap enough for every row)."""
    base, _ = split_note(text)
    key = fold(base)
    if not key:
        return None
    found = _FIELD_SYNONYMS.get(key)
    if found is not None:
        return Token(found)
    audience = read_audience(base) or (Audience.SPECIFIC_GROUP if key == "特定" else None)
    if audience is not None:
        return Token("audience", audience)
    mode = read_mode(base)
    if mode is not None:
        return Token("mode", mode)
    parent_field = _FIELD_SYNONYMS.get(fold(split_note(parent)[0]))
    if key.endswith("级") or parent_field == "level":
        levels = read_levels(base)
        if levels is not None:
            return Token("level", levels.levels, place=level_place(base))
    fallback = _FALLBACK_SYNONYMS.get(key)
    if fallback is not None:
        return Token(fallback, fallback=True)
    if parent_field in _SUB_TERMS:
        return _cut_down(key, parent_field)
    if key in KNOWN_EXTRAS:
        return Token("extra")
    return None


def _is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(ch in rest for ch in short)


def _cut_down(key: str, parent_field: str) -> Token | None:
    """A truncated or split sub-heading under 公开对象/公开方式 (社会 → 全社会, 申请 → 依申请).

    It is read when it is part of one standard term (in order) or shares its first two
    characters, and all such terms mean the same value.
    """
    if len(key) < 2:
        return None
    values = {value for term, value in _SUB_TERMS[parent_field].items()
              if _is_subsequence(key, term) or key[:2] == term[:2]}
    if len(values) != 1:
        return None
    value = values.pop()
    return Token(parent_field, value, inferred=value.value)


def main_fields(cells: list[str]) -> set[str]:
    """The template fields a row's cells name exactly (to spot header rows)."""
    found: set[str] = set()
    for cell in cells:
        if cell and len(cell) < 80:
            token = classify_exact(cell)
            if token is not None and token.field != "extra":
                found.add(token.field)
    return found


def is_header_row(cells: list[str]) -> bool:
    return len(main_fields(cells)) >= 3


def is_subheader_row(cells: list[str], above: list[str]) -> bool:
    """A second or third header row: only sub-headings (一级事项, 全社会, 县级 ...).

    A few short headings nobody recognises, under a heading of the row above, do not make
    it a data row (which would split the table in two): they become reported extra columns.
    """
    children = unknown = 0
    parent = ""
    for index, cell in enumerate(cells):
        # The heading above; a blank one is a flattened merge (CSV): the heading to its left.
        if index < len(above) and above[index].strip():
            parent = above[index]
        if not cell.strip():
            continue
        if index < len(above) and cell == above[index]:
            continue  # a vertically merged heading, repeated by the merge fill
        if len(cell) >= 80:
            return False
        token = classify(cell, parent)
        if token is None and len(cell.strip()) <= 8 and parent.strip():
            unknown += 1
            continue
        if token is None or token.near is not None:
            return False
        if token.field in (
            "category",
            "name",
            "audience",
            "mode",
            "level",
            "extra",
            "anonymous_level",
            "level0",
            "level3",
            "level4",
        ):
            children += 1
        else:
            return False
    return children > 0 and unknown < children


@dataclass(frozen=True)
class Tick:
    """A check-mark column: a tick means the item has ``value`` in ``field``."""

    column: int  # 0-based
    field: str
    value: Audience | Mode | Level
    label: str  # the heading as written
    standard: bool  # the heading is the standard wording
    place: str | None = None  # a level heading naming a place: resolved by the issuer


@dataclass
class ColumnMap:
    """Where each field of the table is; 0-based column indexes."""

    fields: dict[str, int] = field(default_factory=dict)
    ticks: list[Tick] = field(default_factory=list)
    extras: dict[int, str] = field(default_factory=dict)  # column → header as written
    unknown: list[int] = field(default_factory=list)  # extras not in the template: reported
    near_misses: list[tuple[int, str, str]] = field(default_factory=list)
    legends: dict[str, str] = field(default_factory=dict)  # canonical heading → legend
    labels: list[str] = field(default_factory=list)  # the heading of every column
    # Sub-headings read by their parent: (column, heading as written, parent, standard).
    inferred: list[tuple[int, str, str, str]] = field(default_factory=list)
    # A 公开形式 column whose values decide between channels and mode (see ``decide``).
    undecided: int | None = None
    # Item levels above the item's 一级事项 (一级目录, ...), outermost first: ``Item.parents``.
    parents: list[int] = field(default_factory=list)
    hierarchy: list[int] = field(default_factory=list)  # every item-level column, when > 2
    # A column with no heading left of the item columns, in a table without 序号: read as
    # 序号 when the first data row holds a code there (see ``code_column``).
    unlabelled: int | None = None

    @property
    def missing(self) -> list[str]:
        have = set(self.fields) | {tick.field for tick in self.ticks}
        return [name for name in REQUIRED_COLUMNS if name not in have]


_CANONICAL = {key: title for key, (title, _) in ITEM_FIELDS.items()}  # the template's words
_STANDARD_TICK_LABELS = {"全社会", "特定群体", "主动", "依申请", "市级", "县级", "乡级", "村级"}


def _column_path(header_rows: list[list[str]], column: int) -> list[str]:
    path: list[str] = []
    for row in header_rows:
        text = clean_name(row[column]) if column < len(row) else ""
        if text and (not path or path[-1] != text):
            path.append(text)
    return path


def _resolve(path: list[str]) -> Token | None:
    for depth in range(len(path) - 1, -1, -1):
        token = classify(path[depth], path[depth - 1] if depth else "")
        if token is not None:
            return token
    return None


def map_columns(header_rows: list[list[str]]) -> ColumnMap:
    """Classify every column under the header rows (already filled across merges)."""
    width = max(len(row) for row in header_rows)
    result = ColumnMap()
    text_columns: dict[str, list[int]] = {}
    fallbacks: dict[str, list[int]] = {}
    for column in range(width):
        path = _column_path(header_rows, column)
        label = "/".join(path)
        result.labels.append(label)
        if not path:
            continue
        token = _resolve(path)
        for text in path:
            legend = legend_of(text)
            if legend and token is not None and token.field in _CANONICAL:
                result.legends.setdefault(_CANONICAL[token.field], legend)
        if token is None:
            result.extras[column] = label
            result.unknown.append(column)
            continue
        if token.near is not None:
            result.near_misses.append((column, label, token.near))
        if token.inferred is not None:
            parent = path[-2] if len(path) > 1 else ""
            result.inferred.append((column, path[-1], parent, token.inferred))
        if token.value is not None:
            values = token.value if isinstance(token.value, tuple) else (token.value,)
            for value in values:
                result.ticks.append(
                    Tick(
                        column,
                        token.field,
                        value,
                        path[-1],
                        fold(path[-1]) in _STANDARD_TICK_LABELS,
                        token.place,
                    )
                )
        elif token.field == "extra":
            result.extras[column] = label
        elif token.fallback:
            fallbacks.setdefault(token.field, []).append(column)
        else:
            text_columns.setdefault(token.field, []).append(column)
    _assign_fallbacks(result, text_columns, fallbacks)
    _assign_text_columns(result, text_columns)
    _note_unlabelled(result, width)
    return result


def _note_unlabelled(result: ColumnMap, width: int) -> None:
    items = [result.fields[name] for name in ("category", "name") if name in result.fields]
    if "seq" in result.fields or not items:
        return
    blank = [column for column in range(min(min(items), width)) if not result.labels[column]]
    if blank:
        result.unlabelled = blank[-1]  # the one next to the item columns


_CODE = re.compile(r"\d{1,8}(?:[.．-]\d{1,4})*")


def code_column(columns: ColumnMap, cells: list[str]) -> bool:
    """Whether the unlabelled column holds a code (0101, 01, 1.2) in this first data row; if
    so it becomes the 序号 column."""
    column = columns.unlabelled
    columns.unlabelled = None
    if column is None or column >= len(cells) or not _CODE.fullmatch(cells[column].strip()):
        return False
    columns.fields["seq"] = column
    return True


def _assign_fallbacks(result: ColumnMap, columns: dict[str, list[int]],
                      fallbacks: dict[str, list[int]]) -> None:
    """Department headings take the fields the template's headings left free; the rest are
    known extra columns."""
    have_ticks = {tick.field for tick in result.ticks}
    either = fallbacks.pop("channels_or_mode", [])
    for name, found in fallbacks.items():
        taken = name in columns or name in have_ticks or (
            name == "category" and "item" in columns and len(columns["item"]) > 1)
        if taken:
            for column in found:
                result.extras[column] = result.labels[column]
        else:
            columns[name] = found
    for column in either:
        has_channels = "channels" in columns
        has_mode = "mode" in columns or "mode" in have_ticks or "mode_attribute" in columns
        if has_channels and has_mode:
            result.extras[column] = result.labels[column]
        elif has_channels or has_mode:
            columns["mode" if has_channels else "channels"] = [column]
        elif result.undecided is None:
            columns["channels"] = [column]  # until the values say otherwise
            result.undecided = column
        else:
            result.extras[column] = result.labels[column]


def decide(columns: ColumnMap, cells: list[str]) -> str | None:
    """Settle an undecided 公开形式 column from a first data row: ``mode`` when it holds
    主动/依申请, else ``channels``; returns the field chosen (``None`` when nothing to do)."""
    column = columns.undecided
    if column is None:
        return None
    text = cells[column] if column < len(cells) else ""
    if not text.strip():
        return None
    columns.undecided = None
    if read_mode(text) is None and not re.search(r"主动|依申请|申请公开", text):
        return "channels"
    del columns.fields["channels"]
    columns.fields["mode"] = column
    return "mode"


def _assign_text_columns(result: ColumnMap, columns: dict[str, list[int]]) -> None:
    anonymous = columns.pop("anonymous_level", [])
    for name, column in zip(("category", "name"), anonymous, strict=False):
        columns.setdefault(name, []).append(column)
    for column in anonymous[2:]:
        result.extras[column] = result.labels[column]
    items = columns.pop("item", [])
    if items and "category" not in columns:
        columns["category"] = items[:1]
        items = items[1:]
    if items and "name" not in columns:
        columns["name"] = items[:1]
        items = items[1:]
    _assign_hierarchy(result, columns)
    attribute = columns.pop("mode_attribute", [])
    if attribute and not any(tick.field == "mode" for tick in result.ticks):
        if "mode" in columns:  # 公开方式 holds 全文发布; 公开属性 holds 主动公开 (pingwu)
            for column in columns.pop("mode"):
                result.extras[column] = result.labels[column]
        columns["mode"] = attribute[:1]
        attribute = attribute[1:]
    for column in items + attribute:
        result.extras[column] = result.labels[column]
    for name, found in columns.items():
        if name in result.fields or (
            name in TICK_FIELDS and any(tick.field == name for tick in result.ticks)
        ):
            for column in found:
                result.extras[column] = result.labels[column]
                result.unknown.append(column)
            continue
        result.fields[name] = found[0]
        for column in found[1:]:  # a second 公开依据 column: kept, and reported
            result.extras[column] = result.labels[column]
            result.unknown.append(column)


_RANKS = ("level0", "category", "name", "level3", "level4")


def _assign_hierarchy(result: ColumnMap, columns: dict[str, list[int]]) -> None:
    """More than two item levels: the deepest is the item (name), the one above it category,
    the higher ones its parents. 一级事项 | 二级事项 | 三级事项 reads 二级 as category and 三级 as
    name, which is how the national catalogue's 一级/二级 line up with such tables."""
    if not any(name in columns for name in ("level0", "level3", "level4")):
        return
    ordered = []
    for name in _RANKS:
        found = columns.pop(name, [])
        ordered += found[:1]
        for column in found[1:]:  # a second column of one level: kept, reported
            result.extras[column] = result.labels[column]
            result.unknown.append(column)
    if len(ordered) >= 2:
        columns["category"] = [ordered[-2]]
    columns["name"] = [ordered[-1]]
    result.parents = ordered[:-2]
    result.hierarchy = ordered


def describe_columns(labels: list[str]) -> list[str]:
    """Non-empty headings with their column letters, for CAT501 messages."""
    return [f"{column_letter(index + 1)}:{label}" for index, label in enumerate(labels) if label]
