"""The rules' column screens (issue 15) find what the straightforward loops found.

The rules judge each distinct value once and screen whole columns in C before any Python
loop. Each property here runs a rule and a copy of its loop as it was before the screens
(value by value, with no shortcut) on generated catalogues, and compares the findings. The
texts come from small alphabets, so values repeat, fold together, hold 同上, full-width
digits, blanks and document numbers; rows hold shared records, equal but distinct records
and, for names, more item levels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from catalog.core import caches
from catalog.core.findings import CatalogueSource, Finding
from catalog.rules import legal, structure, values
from catalog.rules.engine import FindingGroup, Rule, RuleContext
from catalog.standard.citations import DOCUMENT_NUMBER, standard_document_number
from catalog.standard.records import (
    BasisRecord,
    CatalogueRecord,
    IssuerRecord,
    build_record,
    time_limit_record,
)
from catalog.standard.terms import STANDARD_CHANNELS
from catalog.standard.vocabulary import clean_name, fold, is_same_as_above, read_channels

NAMES = st.text(alphabet=list("低保办事指南ＡａA 　\n"), max_size=4)
TEXTS = st.text(alphabet=list("同上内容２0１ 　\n\x00"), max_size=6)
BASES = st.text(alphabet=list("《》国发〔〕()2019 54号同上２"), max_size=16)
LIMITS = st.sampled_from(["", " ", "同上", "20个工作日内", "２０个工作日内", "30日内", "提前"])
SEQS = st.sampled_from(["", "1", " 1", "1 ", "２", "3"])
CELLS = st.sampled_from(["政府网站、发布会", "■政府网站 口政府公报", "公开查阅点■政府网站□政府公报",
                         "政府网站", "纸质载体", "口政府网站 口其他", "■政府网站\n口其他"])


@st.composite
def tables(draw: st.DrawFn) -> tuple[CatalogueRecord, CatalogueSource]:
    rows = draw(st.integers(min_value=0, max_value=12))
    bases: dict[str, BasisRecord] = {}
    items = []
    for _ in range(rows):
        text = draw(BASES)
        shared = draw(st.booleans())  # a reader shares one record per text; a caller may not
        basis = bases.setdefault(text, BasisRecord(text)) if shared else BasisRecord(text)
        seq = draw(SEQS)
        original = {"seq": draw(SEQS)} if draw(st.booleans()) else {}
        if draw(st.booleans()):
            original["name"] = draw(NAMES)
        if draw(st.booleans()):
            original["channels"] = draw(CELLS)
        items.append(build_record((
            seq, draw(NAMES), draw(NAMES), draw(TEXTS), basis, time_limit_record(draw(LIMITS)),
            draw(TEXTS), tuple(draw(st.lists(TEXTS, max_size=2))), (), (), (), {}, original,
            tuple(draw(st.lists(NAMES, max_size=1))) if draw(st.booleans()) else (),
        )))
    catalogue = CatalogueRecord(None, IssuerRecord(), None, None, {}, tuple(items))
    source = CatalogueSource("x.xlsx", "表1", item_rows=list(range(4, 4 + rows)),
                             columns={"seq": 1, "name": 3, "content": 4, "basis": 5})
    return catalogue, source


def one_item(**values: Any) -> Any:
    """A complete item record (fields as in the model's order), some replaced."""
    fields = {"seq": "1", "category": "低保", "name": "办事指南", "content": "内容",
              "basis": BasisRecord("《条例》"), "time_limit": time_limit_record("20个工作日内"),
              "subject": "乡政府", "channels": ("政府网站",), "audience": (), "mode": (),
              "level": (), "extra": {}, "original": {}, "parents": ()}
    return build_record(tuple((fields | values).values()))


def _same(rule: Rule, reference: Callable[[RuleContext], Iterator[Finding | FindingGroup]],
          table: tuple[CatalogueRecord, CatalogueSource]) -> None:
    with caches.run():
        found = list(rule.run(RuleContext(*table)))
    with caches.run():
        twin = Rule(rule.code, rule.name, rule.severity, rule.message_zh, rule.message_en,
                    rule.rationale, rule.example, check=reference)
        expected = list(twin.run(RuleContext(*table)))
    assert found == expected


# ------------------------------------------------ the loops as they were, value by value

def _required(ctx: RuleContext) -> Iterator[FindingGroup]:
    names = "names"
    for pair in ctx.distinct(names, structure._category_and_name):
        if not pair[0].strip() and not pair[1].strip():
            yield ctx.findings(structure.REQUIRED_FIELD, ctx.indexes(names, pair), "name",
                               field="item_name")
    for name in structure.REQUIRED_FIELDS:
        for value in ctx.distinct(name):
            if structure._BLANK[name](value):
                yield ctx.findings(structure.REQUIRED_FIELD, ctx.indexes(name, value), name)


def _duplicates(ctx: RuleContext) -> Iterator[FindingGroup]:
    names = "names"
    wordings: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for pair in ctx.distinct(names, structure._category_and_name):
        key = (fold(pair[0]), fold(pair[1]))
        if any(key):
            wordings.setdefault(key, []).append(pair)
    for written in wordings.values():
        indexes = sorted(index for pair in written for index in ctx.indexes(names, pair))
        if len(indexes) > 1:
            yield ctx.findings(structure.DUPLICATE_ITEM, indexes[1:], "name",
                               first=ctx.source.reference(indexes[0]))


def _same_as_above(ctx: RuleContext) -> Iterator[FindingGroup]:
    for name, texts_of in structure._TEXTS.items():
        for value in ctx.distinct(name):
            for text in texts_of(value):
                if is_same_as_above(text):
                    yield ctx.findings(structure.UNRESOLVED_SAME_AS_ABOVE,
                                       ctx.indexes(name, value), name)


def _fullwidth(ctx: RuleContext) -> Iterator[Finding | FindingGroup]:
    digits = re.compile("[０-９]+")
    for index, item in enumerate(ctx.table.items):
        match = digits.search(item.original.get("seq") or item.seq)
        if match:
            yield ctx.finding(values.FULLWIDTH_DIGITS, index, "seq", text=match.group(0))
    for index, item in enumerate(ctx.table.items):
        match = digits.search(item.content)
        if match:
            yield ctx.finding(values.FULLWIDTH_DIGITS, index, "content", text=match.group(0))
    for name in ("time_limit", "basis"):
        for parsed in ctx.distinct(name):
            match = digits.search(parsed.text)
            if match:
                yield ctx.findings(values.FULLWIDTH_DIGITS, ctx.indexes(name, parsed), name,
                                   text=match.group(0))


def _title_marks(ctx: RuleContext) -> Iterator[FindingGroup]:
    for basis in ctx.distinct("basis"):
        depth, cut = 0, False
        for char in basis.text:
            depth += (char == "《") - (char == "》")
            cut = cut or depth < 0
        if cut or depth:
            yield ctx.findings(legal.UNBALANCED_TITLE_MARKS, ctx.indexes("basis", basis), "basis")


def _numbers(text: str) -> list[tuple[str, bool]]:
    found = []
    for match in legal._LOOSE_NUMBER.finditer(text):
        compact = re.sub(r"\s+", "", match.group(0))
        year = int(re.sub(r"\s+", "", match.group(1)) or 0)
        found.append((match.group(0), bool(DOCUMENT_NUMBER.fullmatch(compact))
                      and 1949 <= year <= legal._latest_year()))
    return found


def _brackets(ctx: RuleContext) -> Iterator[FindingGroup]:
    for basis in ctx.distinct("basis"):
        for written, well_formed in _numbers(basis.text):
            standard = standard_document_number(written)
            if well_formed and standard != written:
                yield ctx.findings(legal.DOCUMENT_NUMBER_BRACKETS, ctx.indexes("basis", basis),
                                   "basis", number=written, standard=standard)


def _malformed(ctx: RuleContext) -> Iterator[FindingGroup]:
    for basis in ctx.distinct("basis"):
        for written, well_formed in _numbers(basis.text):
            if not well_formed:
                yield ctx.findings(legal.MALFORMED_DOCUMENT_NUMBER,
                                   ctx.indexes("basis", basis), "basis", number=written)


def _duplicate_seq(ctx: RuleContext) -> Iterator[FindingGroup]:
    seqs = ctx.distinct("stripped", lambda item: item.seq.strip())
    for seq in seqs:
        if seq:
            indexes = ctx.indexes("stripped", seq)
            if len(indexes) > 1:
                yield ctx.findings(structure.DUPLICATE_SEQ, indexes[1:], "seq", seq=seq)


def _written(item: Any) -> tuple[str | None, tuple[str, ...]]:
    return item.original.get("channels"), item.channels


def _synonyms(ctx: RuleContext) -> Iterator[FindingGroup]:
    for cell in ctx.distinct("written", _written):
        pairs = read_channels(cell[0]).synonyms if cell[0] else ()
        for written, standard in pairs:
            yield ctx.findings(values.CHANNEL_SYNONYM, ctx.indexes("written", cell),
                               "channels", written=written, standard=standard)


def _unmarked(ctx: RuleContext) -> Iterator[FindingGroup]:
    for cell in ctx.distinct("written", _written):
        unmarked = read_channels(cell[0]).unmarked if cell[0] else ()
        if unmarked:
            yield ctx.findings(values.UNMARKED_BOX_ENTRY, ctx.indexes("written", cell),
                               "channels", entries="、".join(unmarked))


def _kou_box(ctx: RuleContext) -> Iterator[FindingGroup]:
    for cell in ctx.distinct("written", _written):
        if cell[0] and values._BOX_KOU.search(cell[0]) and read_channels(cell[0]).box_list:
            yield ctx.findings(values.KOU_AS_BOX, ctx.indexes("written", cell), "channels")


def _whitespace(ctx: RuleContext) -> Iterator[Finding | FindingGroup]:
    """The names' part of CAT211 item by item (a table: the reader reported its cells)."""
    for index, item in enumerate(ctx.table.items):
        for name in ("category", "name", "seq"):
            value, original = getattr(item, name), item.original.get(name)
            if original is not None and original != value and clean_name(original) == value:
                yield ctx.finding(values.STRAY_WHITESPACE, index, name)


REFERENCES = [
    (values.STRAY_WHITESPACE, _whitespace),
    (values.KOU_AS_BOX, _kou_box),
    (structure.DUPLICATE_SEQ, _duplicate_seq),
    (values.CHANNEL_SYNONYM, _synonyms),
    (values.UNMARKED_BOX_ENTRY, _unmarked),
    (structure.REQUIRED_FIELD, _required),
    (structure.DUPLICATE_ITEM, _duplicates),
    (structure.UNRESOLVED_SAME_AS_ABOVE, _same_as_above),
    (values.FULLWIDTH_DIGITS, _fullwidth),
    (legal.UNBALANCED_TITLE_MARKS, _title_marks),
    (legal.DOCUMENT_NUMBER_BRACKETS, _brackets),
    (legal.MALFORMED_DOCUMENT_NUMBER, _malformed),
]


@settings(max_examples=300)
@given(tables())
def test_rules_find_what_their_plain_loops_find(
        table: tuple[CatalogueRecord, CatalogueSource]) -> None:
    for rule, reference in REFERENCES:
        _same(rule, reference, table)


def test_the_properties_see_findings_of_every_rule() -> None:
    """The generated tables are not all clean: a fixed one trips each rule compared."""
    one = (
        "２", "低保", "办事", "同上", BasisRecord("《条例》《办法 国发(2019)54号、国发〔19〕5号"),
        time_limit_record("２０个工作日内"), "", (), (), (), (), {},
        {"channels": "纸质载体、发布会", "name": "办 事"}, (),
    )
    boxes = {"channels": "公开查阅点■政府网站 口政府公报"}
    items = (build_record(one), build_record(one),
             build_record(("1", " ", " ", *one[3:12], boxes, ())))
    table = (CatalogueRecord(None, IssuerRecord(), None, None, {}, items),
             CatalogueSource("x.xlsx", "表1", item_rows=[4, 5, 6]))
    for rule, reference in REFERENCES:
        with caches.run():
            assert list(reference(RuleContext(*table))), rule.code
        _same(rule, reference, table)


@given(tables())
def test_groups_are_each_distinct_values_items(
        table: tuple[CatalogueRecord, CatalogueSource]) -> None:
    """``ctx.groups`` lines up with ``ctx.distinct``: each value's items in file order, equal
    records (shared or not) together, as ``ctx.indexes`` gives them one by one."""
    items = table[0].items
    for name in ("basis", "content", "channels", "time_limit"):
        context = RuleContext(*table)
        found = context.distinct(name)
        assert context.groups(name) == [
            [index for index, item in enumerate(items) if getattr(item, name) == value]
            for value in found]
        assert context.groups(name) == [context.indexes(name, value) for value in found]


CELL_PARTS = st.sampled_from([*STANDARD_CHANNELS, "■", "□", "■", "□", " ", "\n", "、", "口",
                              "纸质载体", "发布会", "政务服务中", "其他:办税服务厅", "(电子屏)",
                              "社区/企事业单位/村公示栏（电子屏）", "\u3000", "☑"])


@settings(max_examples=300)
@example("■政府网站口 政府公报")  # 口 no box here: one entry, 政府网站口 政府公报
@example("■政府网站 口政府公报\n口其他")
@example("口政府网站 口其他")
@given(st.lists(CELL_PARTS, max_size=12).map("".join))
def test_cells_left_unread_hold_nothing_the_channel_rules_report(cell: str) -> None:
    """The channel rules skip reading a cell of standard names in ■/□ boxes: reading it
    would find no synonym, near miss or unmarked entry, and a box list where both ticked
    and unticked boxes stand (CAT208)."""
    reading = values._reading(cell)
    full = read_channels(cell)
    assert (reading.synonyms, reading.near_misses, reading.unmarked, reading.box_list) == (
        full.synonyms, full.near_misses, full.unmarked, full.box_list)


def test_a_template_box_list_is_left_unread() -> None:
    cell = "■政府网站 □政府公报\n■社区/企事业单位/村公示栏(电子屏) ■其他"
    assert values._STANDARD_BOXES.fullmatch(cell)
    assert not values._STANDARD_BOXES.fullmatch("■政府网站 □纸质载体")
    assert values._STANDARD_BOXES.fullmatch("■政府网站 口政府公报\n口其他")
