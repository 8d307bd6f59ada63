"""Turning one item's cell texts into model values, each distinct text parsed once.

A 100,000-row workbook holds a few hundred distinct 依据, 时限, 主体 and 渠道 texts, so every
conversion here is cached; the cached results are immutable and shared between items. Each
returns the standard value and, where the wording was standardised, the original to keep.
"""

from __future__ import annotations

import re
from functools import lru_cache

from catalog.citations import parse_citations
from catalog.model import Audience, Basis, Level, Mode, TimeLimit
from catalog.time_limits import parse_time_limit
from catalog.vocabulary import (
    clean_name,
    clean_seq,
    clean_text,
    fold,
    read_audience,
    read_channels,
    read_levels,
    read_mark,
    read_mode,
)

SAME_AS_ABOVE = frozenset({"同上", "同上。", "同上.", "同 上", "同上述"})
# A line that ends a body's name: a line break after it separates two bodies, not a wrap.
_BODY_END = re.compile(
    r"(?:府|局|会|处|门|委|办|所|站|队|院|室|中心|单位|组|校|司|厅|部|社|馆|"
    r"机关|机构|公司|银行|企业|[)）])$"
)
_LIST_SPLIT = re.compile(r"[、,，;；/\s]+")


def is_same_as_above(text: str) -> bool:
    return text.strip() in SAME_AS_ABOVE


@lru_cache(maxsize=8192)
def read_seq(text: str) -> tuple[str, str | None]:
    if text.isascii() and text.isdigit():
        return text, None
    value = clean_seq(text)
    return value, (text if value != text.strip() else None)


@lru_cache(maxsize=65536)
def read_name(text: str) -> tuple[str, str | None]:
    """一级/二级事项: ``出生\\n登记`` → ``出生登记``, keeping the original."""
    value = clean_name(text)
    return value, (text.strip() if value != text.strip() else None)


@lru_cache(maxsize=65536)
def read_content(text: str) -> str:
    return clean_text(text)


@lru_cache(maxsize=16384)
def read_basis(text: str) -> Basis:
    cleaned = clean_text(text)
    return Basis.model_construct(text=cleaned, citations=parse_citations(cleaned))


@lru_cache(maxsize=16384)
def read_time_limit(text: str) -> TimeLimit:
    return parse_time_limit(clean_text(text))


@lru_cache(maxsize=16384)
def read_subject(text: str) -> tuple[str, str | None]:
    """公开主体: ``公安\\n分局`` is one body; ``乡镇人民政府\\n行政村村民委员会`` are two."""
    lines = [line for line in clean_text(text).split("\n") if line]
    if not lines:
        return "", None
    value = clean_name(lines[0])
    for line in lines[1:]:
        value += ("\n" if _BODY_END.search(value) else "") + clean_name(line)
    original = clean_text(text)
    return value, (original if value != original else None)


@lru_cache(maxsize=16384)
def read_channel_cell(text: str) -> tuple[tuple[str, ...], str | None]:
    reading = read_channels(text)
    return reading.channels, (None if reading.standard else clean_text(text))


@lru_cache(maxsize=4096)
def read_choice_cell(text: str, field: str) -> tuple[tuple[str, ...], bool]:
    """A 公开对象/方式/层级 cell holding words: the values, and whether all were understood."""
    cleaned = clean_name(text)
    if not cleaned:
        return (), True
    if field == "level":
        levels = read_levels(cleaned)
        return (tuple(levels.levels), True) if levels is not None else ((), False)
    reader = read_audience if field == "audience" else read_mode
    found: list[str] = []
    whole = reader(cleaned)
    parts = (
        [whole]
        if whole is not None
        else [reader(part) for part in _LIST_SPLIT.split(cleaned) if part]
    )
    for part in parts:
        if part is not None and part not in found:
            found.append(part)
    ok = bool(parts) and all(part is not None for part in parts)
    order = list(Audience) if field == "audience" else list(Mode)
    return tuple(value for value in order if value in found), ok


@lru_cache(maxsize=4096)
def read_tick(text: str, label: str) -> bool | None:
    """Whether a mark cell is ticked; ``None`` for a mark that means nothing (○)."""
    return read_mark(text, label)


def choice_values(field: str, values: list[str]) -> tuple[Audience | Mode | Level, ...]:
    kinds: dict[str, type[Audience] | type[Mode] | type[Level]] = {
        "audience": Audience,
        "mode": Mode,
        "level": Level,
    }
    kind = kinds[field]
    return tuple(kind(value) for value in kind if value in values or value.value in values)


def folded(text: str) -> str:
    return fold(text)
