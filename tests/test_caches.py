"""Per-run caches (issue 15): as large as a file's distinct values, emptied when the run ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.api import load
from catalog.core import caches
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


def test_reading_a_file_is_one_run_and_empties_its_caches_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    example = Path(__file__).parent.parent / "examples" / "typical-mistakes" / "catalogue.json"
    path = tmp_path / "c.json"
    path.write_text(example.read_text("utf-8"), "utf-8")
    held: list[int] = []
    empty = caches.clear
    monkeypatch.setattr(caches, "clear", lambda: (held.append(
        citations_of.cache_info().currsize), empty()))
    assert load(path).document.catalogues
    assert len(held) == 1 and held[0] > 0  # the 依据 texts were cached during the read
    assert citations_of.cache_info().currsize == 0


def test_outside_a_run_values_stay_cached_up_to_the_backstop() -> None:
    calls: list[str] = []

    @caches.per_run
    def lower(text: str) -> str:
        calls.append(text)
        return text.lower()

    assert lower("A") == lower("A") == "a"
    assert calls == ["A"] and lower.cache_info().maxsize == caches.BACKSTOP
