"""Hypothesis strategies for catalogue documents, shared by round-trip and schema tests."""

from __future__ import annotations

from hypothesis import strategies as st

from catalog.model import (
    STANDARD_CHANNELS,
    Audience,
    Basis,
    Catalogue,
    Document,
    Issuer,
    Item,
    Level,
    Mode,
    TimeLimit,
)

# Awkward but storable text: Chinese, full-width, line breaks, emoji, formula-like prefixes.
AWKWARD = st.sampled_from(
    [
        "财政预算",
        "部门\n预算",
        "２０个工作日",
        "😀",
        "=SUM(A1)",
        "+86",
        "-",
        "@x",
        "《预算法》(国办发〔2019〕54号)",
        "全 社 会",
        "'quoted",
        "口岸",
        "人口",
    ]
)
TEXT = st.one_of(
    st.text(min_size=0, max_size=20), AWKWARD, st.lists(AWKWARD, max_size=3).map("".join)
)
NON_BLANK = TEXT.filter(lambda text: bool(text.strip()))


def _subset(values: list[str] | list[object], min_size: int = 1) -> st.SearchStrategy[tuple]:  # type: ignore[type-arg]
    return st.lists(st.sampled_from(values), min_size=min_size, unique=True).map(tuple)


items = st.builds(
    Item,
    seq=st.one_of(st.just(""), st.integers(1, 999).map(str)),
    category=TEXT,
    name=TEXT,
    content=NON_BLANK,
    basis=st.builds(Basis, text=NON_BLANK),
    time_limit=st.builds(TimeLimit, text=NON_BLANK),
    subject=NON_BLANK,
    channels=st.one_of(
        _subset(list(STANDARD_CHANNELS)),
        st.tuples(NON_BLANK).map(lambda t: tuple(dict.fromkeys(t))),
    ),
    audience=_subset(list(Audience)),
    mode=_subset(list(Mode)),
    level=_subset(list(Level), min_size=0),
    extra=st.dictionaries(st.sampled_from(["三级事项", "咨询电话"]), TEXT, max_size=2),
    original=st.dictionaries(st.sampled_from(["channels", "level"]), NON_BLANK, max_size=1),
)

catalogues = st.builds(
    Catalogue,
    domain=st.one_of(st.none(), st.sampled_from(["fiscal_budget", "social_assistance"])),
    issuer=st.builds(
        Issuer,
        name=st.one_of(st.none(), NON_BLANK),
        level=st.one_of(st.none(), st.sampled_from(list(Level))),
    ),
    title=st.one_of(st.none(), TEXT),
    items=st.lists(items, max_size=4).map(tuple),
)

documents = st.builds(Document, catalogues=st.lists(catalogues, min_size=1, max_size=2).map(tuple))
