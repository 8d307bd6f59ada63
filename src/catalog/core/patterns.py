"""Regular expressions compiled when first used, not when their module is imported.

Python's regex compiler walks a character class code point by code point: a class of the CJK
ranges (~30,000 code points) costs 1–4 ms, and the modules every command imports held dozens
of patterns that a run mostly never uses (the check of a 50-row file compiled ~110 patterns,
~35 ms of its start-up). A lazy pattern compiles on its first use and then answers exactly as
the compiled pattern does; call its methods (``PATTERN.search(text)``), do not hand it to
``re.sub`` and friends, which accept only strings and compiled patterns.
"""

from __future__ import annotations

import re
from typing import Any, cast


class _LazyPattern:
    """Stands for ``re.compile(pattern, flags)``; compiled on the first attribute asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes not stored yet: store each, so that the next lookup of
        # ``PATTERN.search`` is a plain dictionary hit (hot paths call them per value).
        if name.startswith("__") or name == "_source":  # copy, pickle: no pattern yet
            raise AttributeError(name)
        value = getattr(re.compile(*self._source), name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return repr(re.compile(*self._source))


def lazy_compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled on first use (see the module's docstring)."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, int(flags)))
