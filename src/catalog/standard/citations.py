"""Finding the documents cited in a 公开依据 cell.

Cells look like ``【法律】《中华人民共和国预算法》【行政法规】《政府信息公开条例》``, or
``1.《…》(国办发〔2019〕54号)2.《…》``. A citation is a title in 《》 with the kind in 【】 that
precedes it and the document number that follows it, if any. Numbers without a title count too.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple


class CitationKind(StrEnum):
    """The bracketed kind prefix some catalogues put before a cited document."""

    LAW = "法律"
    ADMINISTRATIVE_REGULATION = "行政法规"
    LOCAL_REGULATION = "地方性法规"
    DEPARTMENTAL_RULE = "部门规章"
    LOCAL_RULE = "地方政府规章"
    NORMATIVE_DOCUMENT = "规范性文件"
    OTHER = "其他"


class CitationReading(NamedTuple):
    """One document cited in a 公开依据 text: its kind label, title and document number."""

    kind: CitationKind | None
    title: str | None
    number: str | None

_KINDS = {kind.value: kind for kind in CitationKind}
_KIND_ALIASES = {
    "部门规章及规范性文件": CitationKind.DEPARTMENTAL_RULE,
    "规章": CitationKind.DEPARTMENTAL_RULE,
    "法规": CitationKind.ADMINISTRATIVE_REGULATION,
    "党内法规": CitationKind.OTHER,
    "政策文件": CitationKind.NORMATIVE_DOCUMENT,
}

# 国办发〔2019〕54号, 民办函[2019]52号, 建房(2012)84号, 国人口发（2007）78号, 财办发﹝2019﹞77号
DOCUMENT_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}[〔\[［(（﹝【]\s*\d{4}\s*[〕\]］)）﹞】]\s*\d+\s*号"
)
_TOKEN = re.compile(r"【([^】]{1,20})】|《([^《》]{1,200})》|" + DOCUMENT_NUMBER.pattern)


def _kind(label: str) -> CitationKind | None:
    return _KINDS.get(label) or _KIND_ALIASES.get(label)


def parse_citations(text: str) -> tuple[CitationReading, ...]:
    """The citations in one basis text. Not cached: its callers cache what they build from it
    (``model.citations_of`` per run), and a second cache would only double the memory."""
    found: list[tuple[CitationKind | None, str | None, str | None]] = []
    kind: CitationKind | None = None
    for match in _TOKEN.finditer(text):
        label, title = match.group(1), match.group(2)
        if label is not None:
            kind = _kind(label.strip())
        elif title is not None:
            found.append((kind, title.strip(), None))
        else:
            number = re.sub(r"\s+", "", match.group(0))
            if found and found[-1][2] is None and found[-1][1] is not None:
                found[-1] = (found[-1][0], found[-1][1], number)  # the number of that title
            else:
                found.append((kind, None, number))
    return tuple(CitationReading(k, t, n) for k, t, n in found)


# Titles one after another, none inside another: the common balanced form, matched in C.
_FLAT_TITLES = re.compile(r"[^《》]*+(?:《[^《》]*+》[^《》]*+)*+")


def unbalanced_title_marks(text: str) -> bool:
    """Whether 《 and 》 fail to pair up (a cut or mistyped title)."""
    if _FLAT_TITLES.fullmatch(text):
        return False  # what the count below finds for marks that alternate 《》《》…
    depth = 0
    for char in text:
        if char == "《":
            depth += 1
        elif char == "》":
            depth -= 1
            if depth < 0:
                return True
    return depth != 0


_BLANKS = re.compile(r"\s+")
_YEAR_BRACKETS = re.compile(r"[\[［(（﹝【](\d{4})[\]］)）﹞〕】]")


def standard_document_number(number: str) -> str:
    """A document number with the standard 〔〕 year brackets and no spaces."""
    compact = _BLANKS.sub("", number)
    if _YEAR_BRACKETS.search(compact) is None:  # most are standard: no template to expand
        return compact
    return _YEAR_BRACKETS.sub(r"〔\1〕", compact)
