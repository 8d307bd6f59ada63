"""The options for reading a catalogue file, typed and frozen: a misspelt option is a
:class:`~catalog.core.findings.UsageError` at the door, not silently ignored four layers down.

:class:`ReadOptions` is what callers give (a level may be written 乡级, limits may be a
mapping); :class:`ResolvedReadOptions` is what the readers take, every value of its final type.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from catalog.core.findings import UsageError
from catalog.formats.screening import Limits
from catalog.standard.terms import Level
from catalog.standard.vocabulary import issuer_level

# What ``format=`` accepts: the reader names, and the file extensions each reader reads.
FORMATS = {"json": "json", "xlsx": "xlsx", "xlsm": "xlsx", "xls": "xlsx", "ods": "xlsx",
           "csv": "csv", "tsv": "csv", "txt": "csv"}


@dataclass(frozen=True)
class ReadOptions:
    """The options :func:`catalog.load` accepts, and nothing else (a typo is a :class:`UsageError`).

    - ``issuer``: who issued a spreadsheet that does not say (某某镇人民政府); a level its
      name shows (镇 → 乡级) is used when ``level`` is not given.
    - ``level``: the issuer's level (``Level`` or 市级/县级/乡级/村级 and common spellings).
    - ``limits``: security limits (:class:`~catalog.formats.screening.Limits` or a mapping).
    - ``streaming``: low-memory workbook reading (chosen automatically for large files).
    - ``progress``: called with the number of rows read so far, for progress displays.
    """

    issuer: str | None = None
    level: Level | str | None = None
    limits: Limits | Mapping[str, int] | None = None
    streaming: bool | None = None
    progress: Callable[[int], None] | None = None
    # Set, not given: whether ``level`` was read from the issuer's name (CAT530 says so).
    level_implied: bool = field(default=False, init=False, compare=False)

    def __post_init__(self) -> None:
        if self.issuer is not None and not isinstance(self.issuer, str):
            raise UsageError(f"issuer must be a name (str), got {self.issuer!r}")
        level, implied = issuer_level(self.issuer, self.level)
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "level_implied", implied)
        if self.limits is not None and not isinstance(self.limits, Limits):
            if not isinstance(self.limits, Mapping):
                raise UsageError(f"limits must be a Limits or a mapping, got {self.limits!r}")
            object.__setattr__(self, "limits", Limits.from_mapping(self.limits))
        if self.streaming is not None and not isinstance(self.streaming, bool):
            raise UsageError(f"streaming must be True or False, got {self.streaming!r}")
        if self.progress is not None and not callable(self.progress):
            raise UsageError("progress must be a function taking the number of rows read")

    @classmethod
    def from_keywords(cls, options: Mapping[str, Any]) -> ReadOptions:
        """Options given as keywords; an unknown name is a usage error naming the closest."""
        known = [f.name for f in fields(cls) if f.init]
        for name in options:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
                raise UsageError(
                    f"unknown read option {name!r}"
                    + (f" (did you mean {close[0]!r}?)" if close else "")
                    + f"; known: {', '.join(known)}")
        return cls(**options)

    def resolved(self) -> ResolvedReadOptions:
        """The options as the readers take them (checked and converted already)."""
        level, _ = issuer_level(self.issuer, self.level)
        limits = self.limits if isinstance(self.limits, Limits) else Limits.default()
        return ResolvedReadOptions(self.issuer, level, limits, self.streaming, self.progress)


@dataclass(frozen=True, slots=True)
class ResolvedReadOptions:
    """:class:`ReadOptions` as every reader takes them: one typed object from :func:`load`
    down to the cells, so a reader reads ``options.limits.max_rows``, never a keyword that a
    typo would leave unset. Made by :meth:`ReadOptions.resolved`."""

    issuer: str | None = None
    level: Level | None = None
    limits: Limits = field(default_factory=Limits.default)
    streaming: bool | None = None  # None: chosen from the file's size
    progress: Callable[[int], None] | None = None


DEFAULT_READ = ResolvedReadOptions()
