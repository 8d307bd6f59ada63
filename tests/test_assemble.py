"""The item builder's per-field text caches: sized to how often a field's texts repeat."""

from __future__ import annotations

import pytest

from catalog.formats import assemble
from catalog.formats.assemble import ItemBuilder
from catalog.formats.headers import ColumnMap

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
    for number in range(900):
        cells = [str(number + 1), "一级", "事项", f"内容{number}", f"依据{number // 3}",
                 "20个工作日", "乡人民政府", "政府网站"]
        builder.add_row(number + 2, cells, frozenset())
    basis = builder._caches[[n for n in assemble._KEYS if n in FIELDS].index("basis")]
    assert len(basis) >= 299  # the 300 distinct texts (the last row is still pending)
    assert basis.misses == len(basis)


def test_the_caches_are_emptied_when_the_table_is_built(small_cache: int) -> None:
    builder = _built(200, "公开内容{}", "依据{}")
    builder.finish()
    assert len(builder.items) == 200
    assert all(len(cache) == 0 for cache in builder._caches)
