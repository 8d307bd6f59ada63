"""Text keys for domain and item names, and reading the domain out of a sheet or file title.

Pure functions on strings, kept apart from the domain data so each module stays small. Real
titles wrap the domain name in decorations (vocabulary.md §1.4): numbered sections, years,
county names, 领域基层政务公开标准目录, (试行), (2024年版), file extensions.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from catalog.core.caches import per_run
from catalog.core.patterns import lazy_compile
from catalog.standard.vocabulary import clean_name, fold

_CODE_PREFIX = lazy_compile(
    r"^(?:[(（][一二三四五六七八九十百\d]+[)）]|[一二三四五六七八九十百]+[、.．]"
    r"|\d{1,4}(?:[.．]\d{1,3})*[.．、)）]?(?![0-9A-Za-z]))\s*"
)


@per_run
def name_key(text: str) -> str:
    """Comparison key for item and domain names: no codes, widths, spaces or punctuation."""
    return fold(_CODE_PREFIX.sub("", clean_name(text)))


# Decorations around a domain name in sheet and file titles (vocabulary.md §1.4).
# Linear time (issue 12): the bracket must close (checked once, possessively) before the
# keyword is looked for, and the text after the keyword is taken without giving any back.
_TITLE_TAIL = lazy_compile(
    r"(?:\.(?:xlsx|xlsm|xls|docx|doc|pdf|csv|json|ods|wps|et)"
    r"|[(（](?=[^()（）]*+[)）])[^()（）]*?(?:试行|年|版|修订|征求意见)[^()（）]*+[)）])\s*$",
    re.IGNORECASE,
)
_TITLE_HEAD = lazy_compile(
    r"^(?:附件\s*\d*\s*[:：]?|[(（][一二三四五六七八九十百\d]+[)）]|[一二三四五六七八九十百]+、"
    r"|\d{1,2}[.．、]|\d{4}年(?:度)?)\s*"
)
_SUFFIX_KEYS = tuple(
    fold(s)
    for s in (
        "领域基层政务公开事项标准目录",
        "领域基层政务公开标准目录",
        "领域政务公开标准目录",
        "领域政务公开清单目录",
        "领域政府信息公开标准目录",
        "领域基层政务公开标准指引",
        "基层政务公开标准目录",
        "政务公开标准目录",
        "标准目录",
        "领域",
    )
)
# What may follow a domain name for the title to be *about* that domain.
_MARKERS = tuple(fold(s) for s in ("领域", "基层政务公开", "政务公开", "政府信息公开", "标准目录"))
_CONNECTORS = ("和", "及", "与")


def strip_title(title: str) -> str:
    """The domain part of a title: ``(七)社会保险领域基层政务公开标准目录(试行)`` → ``社会保险``."""
    text = clean_name(title)
    previous = None
    while previous != text:
        previous = text
        text = _TITLE_TAIL.sub("", text).strip()
        text = _TITLE_HEAD.sub("", text).strip()
    key = fold(text)
    for suffix in _SUFFIX_KEYS:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


class Span(NamedTuple):  # not a frozen dataclass: ~0.5 ms less of every command's start-up
    start: int
    end: int
    slugs: tuple[str, ...]


def title_spans(key: str, index: dict[str, tuple[str, ...]]) -> list[Span]:
    """Known names in a folded title, longest first, never overlapping."""
    found: list[Span] = []
    for name in sorted(index, key=len, reverse=True):
        start = key.find(name)
        while start >= 0:
            end = start + len(name)
            if all(end <= s.start or start >= s.end for s in found):
                found.append(Span(start, end, index[name]))
            start = key.find(name, start + 1)
    return sorted(found, key=lambda s: s.start)


def strong_spans(key: str, spans: list[Span]) -> list[Span]:
    """Spans followed by 领域/政务公开…, the end of the title, or (via 和/及) another strong one."""
    strong: list[Span] = []
    for position in range(len(spans) - 1, -1, -1):
        span = spans[position]
        rest = key[span.end :]
        linked = rest.lstrip("".join(_CONNECTORS))
        if (
            not rest
            or rest.startswith(_MARKERS)
            or any(s.start == span.end + len(rest) - len(linked) for s in strong)
        ):
            strong.append(span)
    return strong
