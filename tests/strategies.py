"""Hypothesis strategies for catalogue documents, shared by round-trip and schema tests."""

from __future__ import annotations

from hypothesis import strategies as st

from catalog.standard.model import (
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
def _document_strategy(raw_text: st.SearchStrategy[str]) -> st.SearchStrategy[Document]:
    """Documents whose free text is drawn from ``raw_text`` mixed with awkward samples."""
    text = st.one_of(raw_text, AWKWARD, st.lists(AWKWARD, max_size=3).map("".join))
    non_blank = text.filter(lambda value: bool(value.strip()))
    items = st.builds(
        Item,
        seq=st.one_of(st.just(""), st.integers(1, 999).map(str)),
        category=text,
        name=text,
        content=non_blank,
        basis=st.builds(Basis, text=non_blank),
        time_limit=st.builds(TimeLimit, text=non_blank),
        subject=non_blank,
        channels=st.one_of(
            _subset(list(STANDARD_CHANNELS)),
            st.tuples(non_blank).map(lambda t: tuple(dict.fromkeys(t))),
        ),
        audience=_subset(list(Audience)),
        mode=_subset(list(Mode)),
        level=_subset(list(Level), min_size=0),
        extra=st.dictionaries(st.sampled_from(["三级事项", "咨询电话"]), text, max_size=2),
        original=st.dictionaries(st.sampled_from(["channels", "level"]), non_blank, max_size=1),
        parents=st.lists(non_blank, max_size=2).map(tuple),
    )
    catalogues = st.builds(
        Catalogue,
        domain=st.one_of(st.none(), st.sampled_from(["fiscal_budget", "social_assistance"])),
        issuer=st.builds(
            Issuer,
            name=st.one_of(st.none(), non_blank),
            level=st.one_of(st.none(), st.sampled_from(list(Level))),
        ),
        title=st.one_of(st.none(), text),
        items=st.lists(items, max_size=4).map(tuple),
    )
    return st.builds(Document, catalogues=st.lists(catalogues, min_size=1, max_size=2).map(tuple))


def _subset(values: list[str] | list[object], min_size: int = 1) -> st.SearchStrategy[tuple]:  # type: ignore[type-arg]
    return st.lists(st.sampled_from(values), min_size=min_size, unique=True).map(tuple)


# Any text at all (JSON stores everything, control characters included).
documents = _document_strategy(st.text(min_size=0, max_size=20))

# Text a spreadsheet can store: no control characters but tab and line breaks, no surrogates.
_STORABLE = st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n")
storable_documents = _document_strategy(st.text(alphabet=_STORABLE, min_size=0, max_size=20))
