"""The item builder's per-field text caches: sized to how often a field's texts repeat."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from catalog.formats import assemble
from catalog.formats.assemble import ItemBuilder
from catalog.formats.headers import ColumnMap, Tick
from catalog.standard.terms import Audience, Level, Mode

FIELDS = {"seq": 0, "category": 1, "name": 2, "content": 3, "basis": 4, "time_limit": 5,
          "subject": 6, "channels": 7}


def _built(rows: int, content: str, basis: str) -> ItemBuilder:
    builder = ItemBuilder("x.xlsx", "表", ColumnMap(fields=dict(FIELDS)))
    for number in range(rows):
        cells = [str(number + 1), "一级", f"事项{number % 7}", content.format(number),
                 basis.format(number), "20个工作日", "乡人民政府", "政府网站"]
        builder.add_row(number + 2, cells, frozenset())
    return builder


@pytest.fixture
def small_cache(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(assemble, "_CACHE_SMALL", 50)
    monkeypatch.setattr(assemble, "_BATCH", 100)  # items are built (and cached) 100 at a time
    return 50


def test_a_field_whose_texts_rarely_repeat_keeps_only_a_small_cache(small_cache: int) -> None:
    """Unique 公开内容 on every row: caching them all would cost memory for no hits."""
    builder = _built(1000, "公开内容{}", "依据{}")
    caches = dict(zip([name for name in assemble._KEYS if name in FIELDS], builder._caches,
                      strict=False))
    assert len(caches["content"]) == small_cache
    assert len(caches["subject"]) == 1  # a repeated text: one entry


def test_a_field_whose_texts_repeat_is_cached_whole(small_cache: int) -> None:
    """Each 依据 on three rows (a third of the rows miss): every distinct text stays cached,
    beyond the small size, so none is converted twice."""
    builder = ItemBuilder("x.xlsx", "表", ColumnMap(fields=dict(FIELDS)))
    for number in range(901):  # the first 900 items are built, in batches of 100
        cells = [str(number + 1), "一级", "事项", f"内容{number}", f"依据{number // 3}",
                 "20个工作日", "乡人民政府", "政府网站"]
        builder.add_row(number + 2, cells, frozenset())
    basis = builder._caches[[n for n in assemble._KEYS if n in FIELDS].index("basis")]
    assert len(basis) == 300  # the 300 distinct texts of the items built
    assert basis.misses == len(basis)


def test_the_caches_are_emptied_when_the_table_is_built(small_cache: int) -> None:
    builder = _built(200, "公开内容{}", "依据{}")
    builder.finish()
    assert len(builder.items) == 200
    assert all(len(cache) == 0 for cache in builder._caches)


_FIELD_TEXTS = st.lists(st.sampled_from(
    ["", " ", "同上", " 同上 ", "同上。", "依据甲", "依据甲", " 依据乙", "内容\n第二行",
     "内容\r\n第二行", "第一行 \n 第二行", "\u3000全角", "末尾\n", "a\x00b", "《条例》第三条",
     "x\ty"]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_FIELD_TEXTS, min_size=1, max_size=4), name=st.sampled_from(
    ["content", "basis"]), settled=st.booleans())
def test_a_column_looked_up_at_once_is_each_text_converted(
        texts: list[list[str]], name: str, settled: bool) -> None:
    """公开内容 and 公开依据 texts not in the cache are cleaned together; each must get what
    converting it alone gives: None for 同上 and for blanks trimmed silently (the slow path
    reports the cell), else its entry."""
    from catalog.formats import cells as conv
    from catalog.standard.vocabulary import SAME_AS_ABOVE

    def alone(text: str) -> Any:
        if text.strip() in SAME_AS_ABOVE:
            return None
        entry = conv.field_converter(name)(text)
        value = entry.value if name == "content" else entry.value.text
        return None if value != text and conv.unreported_whitespace(name, text) else entry

    cache = assemble._FieldCache(name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assemble, "_CACHE_SMALL", 0 if settled else 1000)
        for column in texts:  # one batch's column after another, the cache filling up
            cache.rows += len(column) + 1
            if settled:  # as if most texts so far had missed: plain texts taken as they are
                cache.misses = cache.rows
            assert cache.settled() == settled
            assert cache.lookup(column) == [alone(text) for text in column]


# ----------------------------------------------------------------- batches
# Items are built a batch at a time (``_BATCH``), a field at a time; whatever carries from
# one item to the next (the text above for 同上, the group pattern, the counts of cells
# filled from above, findings in row order) must not depend on where a batch ends.

_TEXTS = ["", " ", "同上", " 同上 ", "同上。", "一级A", "一级A", "一级B", " 一级B", "二级\n事项",
          "内容 ", "内容", "1", "2", "１０", "3.0", "《条例》", "国办发[2019]54号", "20个工作日",
          "乡人民政府", "政府网站", "■政府网站 □政府公报", "全社会", "主动", "乡级", "所有人"]
_MARKS = ["", "√", "✓", "○", "是", " √"]


@st.composite
def _tables(draw: st.DrawFn) -> tuple[ColumnMap, bool, list[tuple[int, list[str],
                                                                  frozenset[int]]]]:
    ticks = draw(st.booleans())
    fields = dict(FIELDS)
    tick_columns: list[Tick] = []
    if ticks:
        tick_columns = [Tick(8, "audience", Audience.SOCIETY, "全社会", True),
                        Tick(9, "mode", Mode.PROACTIVE, "主动", True),
                        Tick(10, "level", Level.TOWNSHIP, "乡、村级", False)]
    else:
        fields.update({"audience": 8, "mode": 9, "level": 10})
    columns = ColumnMap(fields=fields, ticks=tick_columns,
                        extras={11: "备注"} if draw(st.booleans()) else {},
                        parents=[12] if draw(st.booleans()) else [])
    rows = []
    for number in range(draw(st.integers(1, 40))):
        cells = [draw(st.sampled_from(_TEXTS)) for _ in range(8)]
        cells += [draw(st.sampled_from(_MARKS if ticks else _TEXTS)) for _ in range(3)]
        cells += [draw(st.sampled_from(_TEXTS)) for _ in range(2)]
        covered = frozenset(draw(st.lists(st.integers(0, 12), max_size=3))) if number else (
            frozenset())
        rows.append((number + 3, cells, covered))
    return columns, draw(st.booleans()), rows


def _build(columns: ColumnMap, flattened: bool,
           rows: list[tuple[int, list[str], frozenset[int]]]) -> ItemBuilder:
    builder = ItemBuilder("x.xlsx", "表", columns, flattened=flattened)
    for row, cells, covered in rows:
        builder.add_row(row, list(cells), covered)
    builder.finish()
    return builder


@given(_tables(), st.sampled_from([1, 2, 3, 7]))
@settings(max_examples=300, deadline=None)
def test_items_do_not_depend_on_where_a_batch_ends(table: Any, size: int) -> None:
    columns, flattened, rows = table
    whole = _build(columns, flattened, rows)
    original = assemble._BATCH
    assemble._BATCH = size
    try:
        batched = _build(columns, flattened, rows)
    finally:
        assemble._BATCH = original
    assert batched.items == whole.items
    assert [item.original for item in batched.items] == [item.original for item in whole.items]
    assert batched.item_rows == whole.item_rows
    assert batched.findings == whole.findings


_JOINED_SAME = (ColumnMap(fields=dict(FIELDS)), False, [
    (2, ["1", "一级", "事项", "内容", "《条例》", "20个工作日", "乡政府", "政府网站"], frozenset()),
    (3, ["2", "一级", "事项二", "内容二", " ", "同上", "乡政府", "政府网站"], frozenset()),
    (4, ["", "", "", "", "同上", "", "", ""], frozenset())])  # joined: the first cell is blank


@given(_tables(), st.sampled_from([2, 7, 2048]))
@example(_JOINED_SAME, 2048)
@settings(max_examples=300, deadline=None)
def test_plain_same_as_above_columns_resolve_as_cell_by_cell(table: Any, size: int) -> None:
    """A column whose unresolved cells are all plain 同上 takes a shorter loop
    (``_take_above``); it must give what the general loop gives."""
    columns, flattened, rows = table
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assemble, "_BATCH", size)
        fast = _build(columns, flattened, rows)
        patch.setattr(ItemBuilder, "_only_same_as_above", lambda *_: False)
        general = _build(columns, flattened, rows)
    assert fast.items == general.items
    assert [item.original for item in fast.items] == [item.original for item in general.items]
    assert fast.findings == general.findings
    assert fast._from_above == general._from_above


def test_plain_same_as_above_takes_the_shorter_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[list[int]] = []
    take_above = ItemBuilder._take_above

    def spy(self: ItemBuilder, *args: Any) -> None:
        taken.append(list(args[4]))  # the unresolved rows
        take_above(self, *args)

    monkeypatch.setattr(ItemBuilder, "_take_above", spy)
    rows = [["1", "一级", "事项", "内容", "《条例》", "20个工作日", "乡政府", "政府网站"],
            ["2", "一级", "事项二", "内容二", "同上", "同上", "乡政府", "政府网站"],
            ["3", "一级", "事项三", "内容三", "同上", "10个工作日", "乡政府", "政府网站"]]
    builder = _build(ColumnMap(fields=dict(FIELDS)), False,
                     [(number + 2, cells, frozenset()) for number, cells in enumerate(rows)])
    assert taken == [[1, 2], [1]]
    assert [item.basis.text for item in builder.items] == ["《条例》"] * 3
    assert builder.items[2].original == {"basis": "同上"}


def test_a_merged_group_cell_is_written_once_not_repeated() -> None:
    """一级事项 merged down two items and left blank on the third: the merge is one written
    value (not a value repeated row by row), so the column is a group column and the blank
    reads as its group's (CAT511)."""
    def row(number: int, category: str, name: str) -> list[str]:
        return [str(number), category, name, "内容", "《条例》", "20个工作日", "乡政府", "政府网站"]

    rows = [(2, row(1, "低保", "办事指南"), frozenset()),
            (3, row(2, "低保", "审核"), frozenset({1})),  # covered by the merge B2:B3
            (4, row(3, "", "名单"), frozenset()),
            (5, row(4, "特困", "条件"), frozenset())]
    builder = _build(ColumnMap(fields=dict(FIELDS)), False, rows)
    assert [item.category for item in builder.items] == ["低保", "低保", "低保", "特困"]
    assert [finding.code for finding in builder.findings].count("CAT511") == 1
