"""Per-run caches (issue 15): as large as a file's distinct values, emptied when the run ends."""

from __future__ import annotations

from pathlib import Path

from catalog.api import load
from catalog.core import caches
from catalog.formats.cells import read_basis
from catalog.standard.model import citations_of


def test_values_are_computed_once_per_run_and_the_cache_emptied_after_the_outermost() -> None:
    calls: list[str] = []

    @caches.per_run
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    with caches.run():
        with caches.run():
            assert [upper(t) for t in ("a", "b", "a", "a")] == ["A", "B", "A", "A"]
        assert upper.cache_info().currsize == 2  # an inner run leaves them to the outer
    assert calls == ["a", "b"]
    assert upper.cache_info().currsize == 0
    assert upper("a") == "A" and calls == ["a", "b", "a"]


def test_more_distinct_values_than_a_fixed_cache_held_are_each_converted_once() -> None:
    texts = [f"《第{n}号办法》(国办发〔2019〕{n}号)" for n in range(20_000)]
    caches.clear()  # models built outside any run (by other tests) stay until a run ends
    with caches.run():
        first = [citations_of(text) for text in texts]
        assert all(citations_of(text) is shared for text, shared in zip(texts, first, strict=True))
        assert citations_of.cache_info().misses == len(texts)
    assert citations_of.cache_info().currsize == 0


def test_reading_a_file_leaves_no_cached_values(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    example = Path(__file__).parent.parent / "examples" / "typical-mistakes" / "catalogue.json"
    path.write_text(example.read_text("utf-8"), "utf-8")
    read_basis("《社会救助暂行办法》")  # outside any run: kept until a run ends
    assert read_basis.cache_info().currsize >= 1
    assert load(path).document.catalogues
    assert read_basis.cache_info().currsize == 0
    assert citations_of.cache_info().currsize == 0
