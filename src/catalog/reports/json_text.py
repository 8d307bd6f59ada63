"""JSON text for reports: indented structure, one line per entry of the long lists, streamed.

``json.dumps(..., indent=2)`` runs the standard library's pure-Python encoder (the C encoder
only works without indentation): about 25 µs per finding, so 200,000 findings took six
seconds, and the whole report had to be built in memory first (a gigabyte). Here the outer
structure is indented, each entry of a long list (findings, SARIF results) is encoded by the C
encoder on one line, and lists may be iterators, so a report is written while its entries are
made. Reports stay readable, greppable and diffable line by line.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
_INDENT = "  "


def chunks(value: Any, one_per_line: Collection[str] = ()) -> Iterator[str]:
    """``value`` as JSON text ending in a newline, in pieces.

    Lists under a key in ``one_per_line`` (and a top-level list when ``""`` is in it) put each
    entry on one line. Any iterator counts as a list and is consumed as the text is written.
    Without ``one_per_line`` the text is exactly ``json.dumps(value, ensure_ascii=False,
    indent=2)``.
    """
    yield from _pieces(value, 0, "" in one_per_line, one_per_line)
    yield "\n"


def _pieces(value: Any, depth: int, flat_entries: bool, one_per_line: Collection[str]
            ) -> Iterator[str]:
    inner = _INDENT * (depth + 1)
    if isinstance(value, Mapping):
        opening, closing = "{", "}"
        entries: Iterable[Any] = value.items()
    elif isinstance(value, list | tuple | Iterator):
        opening, closing = "[", "]"
        entries = value
    else:
        yield _ONE_LINE.encode(value)
        return
    encode = _ONE_LINE.encode
    separator = f"{opening}\n"
    for entry in entries:
        yield separator + inner
        separator = ",\n"
        if opening == "{":
            key, item = entry
            yield f"{encode(str(key))}: "
            yield from _pieces(item, depth + 1, key in one_per_line, one_per_line)
        elif flat_entries:
            yield encode(entry)
        else:
            yield from _pieces(entry, depth + 1, False, one_per_line)
    yield f"\n{_INDENT * depth}{closing}" if separator == ",\n" else opening + closing
