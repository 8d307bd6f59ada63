"""Caches of per-distinct-value work, sized to the data and emptied after each run.

Reading and checking convert each distinct cell text once (公开依据, 时限, 渠道, names) and
share the result between identical rows. A fixed-size LRU cache smaller than a file's distinct
values misses almost always (a province's compilation holds ~46,000 distinct 依据 in 100,000
rows), so these caches grow with the file instead, and are emptied when the outermost
:func:`run` ends (reading a file, checking it), so a long-lived process (``catalog serve``, a
library user checking many files) does not keep them. The bound is a backstop: above the
distinct values of any field of the real and benchmark files we know (a 100,000-row file has at
most 100,000), and what a caller outside any run (a library user validating models directly)
may keep for the life of the process. A file with more distinct values than that only makes
the cache miss, as no cache would. (Choosing between a run's cache and a smaller one on each
call cost 0.3 s at 100,000 rows: one more Python call per lookup.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import _lru_cache_wrapper, lru_cache
from typing import Any, TypeVar

R = TypeVar("R")

BACKSTOP = 1 << 18  # entries per cache
_caches: list[Callable[[], None]] = []  # how to empty each cache
_lock = threading.Lock()
_depth = 0


def per_run(function: Callable[..., R]) -> _lru_cache_wrapper[R]:
    """Cache ``function`` (hashable arguments, immutable result) until the current run ends."""
    cached = lru_cache(maxsize=BACKSTOP)(function)
    _caches.append(cached.cache_clear)
    return cached


def per_run_dict() -> dict[object, object]:
    """A plain dict emptied with the per-run caches (its owner bounds it by BACKSTOP)."""
    table: dict[object, object] = {}
    _caches.append(table.clear)
    return table


def per_run_list() -> list[Any]:
    """A plain list emptied with the per-run caches (its owner bounds it)."""
    table: list[Any] = []
    _caches.append(table.clear)
    return table


@contextmanager
def run() -> Iterator[None]:
    """A run of work on one input; the per-run caches are emptied when the outermost ends."""
    global _depth
    with _lock:
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                clear()


def clear() -> None:
    """Empty every per-run cache (a run's end does this; tests may too)."""
    for empty in _caches:
        empty()
