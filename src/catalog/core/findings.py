"""Findings (problems in the data) and errors (a file that cannot be read, or a library bug).

Findings are plain data: a code, a severity, where, and the parameters of the message. The
message itself is rendered in the reader's language only when a report is written, so other
systems can translate, group or count findings without parsing text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any, Protocol

__all__ = ["CatalogError", "CatalogueSource", "Finding", "InputError", "InternalError",
           "Location", "RuleLike", "Severity", "UsageError"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 1-based index (1 → A, 28 → AB)."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: a file, and inside it a cell or a JSON pointer.

    One shape for every format; fields that do not apply are ``None``. Rows and columns are
    1-based as the user sees them in Excel; ``line`` is the 1-based line of a JSON file.
    """

    file: str
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    pointer: str | None = None
    line: int | None = None

    @property
    def cell(self) -> str | None:
        """``Sheet!C12`` (``Sheet!A12`` for a whole row); ``None`` outside spreadsheets."""
        if self.row is None:
            return None
        ref = f"{column_letter(self.column or 1)}{self.row}"
        return f"{self.sheet}!{ref}" if self.sheet else ref

    def describe(self) -> str:
        """Compact text for reports: ``file.xlsx:Sheet!C12`` or ``file.json:12 /catalogues/0``."""
        where = self.file
        if self.cell:
            where += f":{self.cell}"
        elif self.sheet:
            where += f":{self.sheet}"
        if self.line is not None:
            where += f":{self.line}"
        if self.pointer:
            where += f" {self.pointer}"
        return where

    def sort_key(self) -> tuple[str, str, int, int, str]:
        return (
            self.file,
            self.sheet or "",
            self.row or self.line or 0,
            self.column or 0,
            self.pointer or "",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # a worker sends thousands back: a tuple each, not the dataclass's per-field state
        return (Location, (self.file, self.sheet, self.row, self.column, self.pointer,
                           self.line))

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "row": self.row,
            "column": column_letter(self.column) if self.column else None,
            "pointer": self.pointer,
            "line": self.line,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the data; rendered into a message at the edge."""

    code: str
    severity: Severity
    location: Location
    params: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[tuple[str, str, int, int, str], str]:
        return (self.location.sort_key(), self.code)

    def __reduce__(self) -> tuple[Any, ...]:  # see Location.__reduce__
        return (Finding, (self.code, self.severity, self.location, self.params))


class CatalogError(Exception):
    """Base of the library's own exceptions."""


class RuleLike(Protocol):
    """What an :class:`InputError` needs of its rule (:class:`catalog.rules.engine.Rule`).

    A protocol, so this bottom layer names no rule module and the rules stay above it.
    """

    @property
    def code(self) -> str: ...

    @property
    def severity(self) -> Severity: ...

    def message(self, params: dict[str, Any], lang: str = "zh") -> str: ...

    def at(self, location: Location, /, **params: Any) -> Finding: ...


class InputError(CatalogError):
    """A file from which no catalogue can be built at all (exit code 2).

    Carries its rule and the message's parameters, so the problem is reported like any other,
    in Chinese or English, and appears in every report format.
    """

    def __init__(self, rule: RuleLike, file: str, **params: Any) -> None:
        if isinstance(rule, str):  # the signature before 0.2 took a code
            raise TypeError(f"InputError takes the rule object (e.g. rules.limits.FILE_TOO_LARGE),"
                            f" not its code {rule!r}")
        self.rule = rule
        self.code = rule.code
        self.file = file
        self.params = params
        super().__init__(file, rule.code, params)

    def __reduce__(self) -> tuple[Any, ...]:  # picklable, for worker processes
        return (_input_error, (self.rule, self.file, self.params))

    def __str__(self) -> str:
        """The rendered message, in Chinese then English, as the command line prints it."""
        try:
            zh, en = self.rule.message(self.params, "zh"), self.rule.message(self.params, "en")
        except Exception:  # a missing or malformed parameter: still say something
            return f"{self.file}: {self.code} {self.params}"
        return f"{self.file}: {self.code} {zh} / {en}"

    def to_finding(self) -> Finding:
        return self.rule.at(Location(self.file), **self.params)


def _input_error(rule: RuleLike, file: str, params: dict[str, Any]) -> InputError:
    return InputError(rule, file, **params)


class InternalError(CatalogError):
    """A bug in this library, not a problem in the user's data (exit code 3)."""

    def __init__(self, file: str, detail: str, trace: str = "") -> None:
        self.file, self.detail, self.trace = file, detail, trace
        super().__init__(f"{file}: {detail}")


class UsageError(CatalogError):
    """The caller asked for something impossible (an unknown format or rule code).

    ``str()`` is the English text (for library users); ``zh`` is the same in Chinese, which
    the command line shows unless ``--lang en`` is given.
    """

    def __init__(self, message: str, *, zh: str | None = None) -> None:
        super().__init__(message)
        self.zh = zh

    def text(self, lang: str = "zh") -> str:
        """The message in ``lang``; English where no Chinese was given."""
        return self.zh if lang == "zh" and self.zh else str(self)


@dataclass(slots=True)
class CatalogueSource:
    """Where one catalogue came from: enough to locate any item field without per-cell objects.

    A spreadsheet catalogue keeps the row of each item and one map from field to column; a
    JSON catalogue keeps its pointer and, once a finding needs it, a pointer → line lookup.
    """

    file: str
    sheet: str | None = None
    pointer: str | None = None
    item_rows: list[int] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)
    title_row: int | None = None
    # Fields whose column the table lacks: reported once by the reader, not on every row.
    absent_fields: frozenset[str] = frozenset()
    line_of: Any = None  # Callable[[str], int | None] for JSON files

    def reference(self, item: int) -> str:
        """Where an item is, as text (``Sheet!A12`` or its pointer), without computing lines."""
        if self.pointer is not None:
            return f"{self.pointer}/items/{item}"
        cell = f"A{self.item_rows[item]}"  # what Location.cell gives for a whole row
        return f"{self.sheet}!{cell}" if self.sheet else cell

    def locate(self, item: int | None = None, field_name: str | None = None) -> Location:
        if self.pointer is not None:
            pointer = self.pointer
            if item is not None:
                pointer += f"/items/{item}"
                if field_name is not None:
                    pointer += f"/{field_name}"
            line = self.line_of(pointer) if self.line_of is not None else None
            return Location(self.file, pointer=pointer, line=line)
        if item is None or item >= len(self.item_rows):
            return Location(self.file, sheet=self.sheet, row=self.title_row)
        column = self.columns.get(field_name) if field_name else None
        return Location(self.file, sheet=self.sheet, row=self.item_rows[item], column=column)

    def position(self, item: int | None = None, field_name: str | None = None
                 ) -> tuple[str, int, int, str]:
        """Where :meth:`locate` points, as sheet, row (or line), column and pointer (``""``
        or 0 for what does not apply): a sort key without a :class:`Location`."""
        if self.pointer is not None:
            where = self.locate(item, field_name)
            return "", where.line or 0, 0, where.pointer or ""
        sheet = self.sheet or ""
        if item is None or item >= len(self.item_rows):
            return sheet, self.title_row or 0, 0, ""
        column = self.columns.get(field_name) if field_name else None
        return sheet, self.item_rows[item], column or 0, ""
