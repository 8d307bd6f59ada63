"""Lazy patterns (catalog.core.patterns): compiled on first use, then the compiled pattern."""

from __future__ import annotations

import copy
import re

from hypothesis import given
from hypothesis import strategies as st

from catalog.core.patterns import _LazyPattern, lazy_compile

CJK_SPACES = r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])"


def test_nothing_is_compiled_before_first_use() -> None:
    pattern = lazy_compile(CJK_SPACES)
    assert isinstance(pattern, _LazyPattern) and vars(pattern) == {
        "_source": (CJK_SPACES, 0)}
    assert pattern.sub("", "出生 登记") == "出生登记"
    assert set(vars(pattern)) == {"_source", "sub"}  # the method is kept: the next use is direct


@given(st.text(alphabet="出生 登记\nab、,", max_size=30))
def test_every_method_answers_as_the_compiled_pattern(text: str) -> None:
    compiled = re.compile(r"(\s+)|、", re.MULTILINE)
    lazy = lazy_compile(r"(\s+)|、", re.MULTILINE)
    assert lazy.sub("-", text) == compiled.sub("-", text)
    assert lazy.split(text) == compiled.split(text)
    assert lazy.findall(text) == compiled.findall(text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert bool(lazy.search(text)) == bool(compiled.search(text))
    assert bool(lazy.match(text)) == bool(compiled.match(text))
    assert bool(lazy.fullmatch(text)) == bool(compiled.fullmatch(text))
    assert (lazy.pattern, lazy.flags, lazy.groups) == (
        compiled.pattern, compiled.flags, compiled.groups)


def test_repr_and_copy() -> None:
    lazy = lazy_compile(r"\d+", re.ASCII)
    assert repr(lazy) == repr(re.compile(r"\d+", re.ASCII))
    assert copy.copy(lazy).findall("a1b22") == ["1", "22"]
