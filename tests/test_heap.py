"""The heap helpers: collector paused and restored, freed memory returned where possible."""

from __future__ import annotations

import ctypes
import sys

import pytest

from catalog.core import heap


def test_release_freed_memory_is_harmless_here() -> None:
    heap.release_freed_memory()  # glibc: trims the heap; elsewhere: nothing


def test_release_freed_memory_does_nothing_off_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(name: str) -> None:
        raise AssertionError(f"loaded {name} off Linux")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "CDLL", refuse)
    heap.release_freed_memory()


def test_release_freed_memory_survives_a_libc_without_malloc_trim(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")

    def missing(name: str) -> None:
        raise OSError(f"{name}: not found (musl)")

    monkeypatch.setattr(ctypes, "CDLL", missing)
    heap.release_freed_memory()


def test_gc_paused_restores_the_collector() -> None:
    import gc

    assert gc.isenabled()
    with heap.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
