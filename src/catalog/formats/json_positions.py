"""Line numbers for JSON pointers, computed only when a finding needs one.

Reports point at ``file.json:123 /catalogues/0/items/41/subject``. Tokenising a 100 MB file in
Python to map every pointer costs tens of seconds, so this index works in two steps: one pass
with the C decoder records where each item starts and ends; a field is then found with one
``str.find`` of its quoted key inside its item (the first occurrence: item fields come before
the nested ``original``/``extra`` maps in canonical JSON, so in other key orders a line may
point a few lines off, never outside the item). Newlines are counted in fixed blocks, so a
line costs one short ``str.count`` rather than a scan from the start of the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_BLOCK = 256


class _Scan:
    """The decoder of one walk: skips values without keeping them (objects become None) and
    notices a key repeated in any object it passes, so one pass also answers "duplicates?";
    it keeps the length of the longest text value it met (a member, or in a list member), so
    the same pass tells an overlong value (CAT618) before the document is built."""

    def __init__(self) -> None:
        self.duplicate_keys = False
        self.longest_text = 0
        self.decoder = json.JSONDecoder(object_pairs_hook=self._pairs)

    def skip(self, text: str, index: int) -> int:
        """Decode the value at ``index`` only to pass it: its end (and its length, if text)."""
        value, end = self.decoder.raw_decode(text, index)
        self._pairs([("", value)])
        return int(end)

    def _pairs(self, pairs: list[tuple[str, object]]) -> None:
        if not self.duplicate_keys and len(pairs) > 1 and len(dict(pairs)) != len(pairs):
            self.duplicate_keys = True
        longest = self.longest_text
        for _, value in pairs:
            if type(value) is str:
                if len(value) > longest:
                    longest = len(value)
            elif type(value) is list and value:
                longest = max(longest, max((len(v) for v in value if type(v) is str),
                                           default=0))
        self.longest_text = longest


def _skip(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return match.end() if match else index


def _object(text: str, start: int, visit: Callable[[str, int], int | None], scan: _Scan) -> int:
    """Walk the object at ``start``: ``visit(key, value offset)`` returns the value's end when
    it entered the value itself, or ``None`` to have it skipped. Returns the object's end."""
    index = _skip(text, start + 1)
    if text.startswith("}", index):
        return index + 1
    seen: set[str] = set()
    while True:
        key, index = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]
        if key in seen:
            scan.duplicate_keys = True
        seen.add(key)
        index = _skip(text, _skip(text, index) + 1)  # past the colon
        end = visit(key, index)
        if end is None:
            end = scan.skip(text, index)
        index = _skip(text, end)
        if text.startswith("}", index):
            return index + 1
        index = _skip(text, index + 1)  # past the comma


def _array(text: str, start: int, visit: Callable[[int, int], int | None], scan: _Scan) -> int:
    """Walk the array at ``start`` the same way; ``visit(position, element offset)``."""
    index = _skip(text, start + 1)
    if text.startswith("]", index):
        return index + 1
    position = 0
    while True:
        end = visit(position, index)
        if end is None:
            end = scan.skip(text, index)
        index = _skip(text, end)
        if text.startswith("]", index):
            return index + 1
        index = _skip(text, index + 1)
        position += 1


def _members(text: str, start: int) -> list[tuple[str, int]]:
    """(key, value offset) of the object that starts at ``start``; values are skipped in C."""
    members: list[tuple[str, int]] = []
    _object(text, start, lambda key, at: members.append((key, at)), _Scan())  # None: skip
    return members


def _elements(text: str, start: int) -> list[int]:
    """Offsets of the elements of the array that starts at ``start``."""
    offsets: list[int] = []
    _array(text, start, lambda _position, at: offsets.append(at), _Scan())
    return offsets


class LineIndex:
    """Maps JSON pointers of a catalogue document to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._block_lines: list[int] | None = None
        self._items: dict[str, int] | None = None
        self._item_ends: dict[str, int] = {}
        self._scan = _Scan()
        self._complete = False  # the walk reached the end of a well-formed document

    def line_at(self, offset: int) -> int:
        if self._block_lines is None:
            counts = [0]
            for block in range(0, len(self.text), _BLOCK):
                counts.append(counts[-1] + self.text.count("\n", block, block + _BLOCK))
            self._block_lines = counts
        block = offset // _BLOCK
        return self._block_lines[block] + self.text.count("\n", block * _BLOCK, offset) + 1

    def scan(self) -> bool | None:
        """Walk the document once: whether any object repeats a key, or ``None`` when the text
        is not a well-formed JSON object (the caller then parses it for a precise error)."""
        self._item_offsets()
        return self._scan.duplicate_keys if self._complete else None

    @property
    def longest_text(self) -> int:
        """Characters in the longest text value the walk met (after :meth:`scan`)."""
        return self._scan.longest_text

    def _item_offsets(self) -> dict[str, int]:
        """Offsets of the document, each catalogue and its members, and each item.

        One pass: values on the way to the items are entered, never decoded; each item is
        skipped by the C decoder once.
        """
        if self._items is None:
            found: dict[str, int] = {}
            try:
                root = _skip(self.text, 0)
                found[""] = root
                if self.text.startswith("{", root):
                    end = _object(self.text, root,
                                  lambda key, at: self._root_member(key, at, found), self._scan)
                    self._complete = _skip(self.text, end) == len(self.text)
            except (ValueError, IndexError, RecursionError):
                pass  # malformed: keep what was found; the full parse reports the error
            self._items = found
        return self._items

    def _root_member(self, key: str, at: int, found: dict[str, int]) -> int | None:
        found[f"/{_escape(key)}"] = at
        if key != "catalogues" or not self.text.startswith("[", at):
            return None
        return _array(self.text, at, lambda number, offset: self._catalogue(number, offset, found),
                      self._scan)

    def _catalogue(self, number: int, at: int, found: dict[str, int]) -> int | None:
        pointer = f"/catalogues/{number}"
        found[pointer] = at
        if not self.text.startswith("{", at):
            return None

        def member(key: str, value: int) -> int | None:
            found[f"{pointer}/{_escape(key)}"] = value
            if key != "items" or not self.text.startswith("[", value):
                return None
            return _array(self.text, value, lambda index, item: self._item(
                f"{pointer}/items/{index}", item, found), self._scan)

        return _object(self.text, at, member, self._scan)

    def _item(self, pointer: str, at: int, found: dict[str, int]) -> int:
        found[pointer] = at
        end = self._scan.skip(self.text, at)
        self._item_ends[pointer] = end
        return int(end)

    def _field_offset(self, item_pointer: str, key: str) -> int | None:
        start = self._item_offsets().get(item_pointer)
        if start is None:
            return None
        end = self._item_ends.get(item_pointer, len(self.text))
        found = self.text.find(_quoted(key), start, end)
        if found < 0:
            return None
        colon = self.text.find(":", found, end)
        return _skip(self.text, colon + 1) if colon >= 0 else found

    def _descend(self, offset: int, parts: list[str]) -> int:
        """Follow the rest of a pointer inside one (small) value; stop where it cannot."""
        for part in parts:
            try:
                if self.text.startswith("{", offset):
                    members = dict(_members(self.text, offset))
                    key = part.replace("~1", "/").replace("~0", "~")
                    if key not in members:
                        break
                    offset = members[key]
                elif self.text.startswith("[", offset) and part.isdigit():
                    elements = _elements(self.text, offset)
                    if int(part) >= len(elements):
                        break
                    offset = elements[int(part)]
                else:
                    break
            except (ValueError, IndexError):
                break
        return offset

    def line_of(self, pointer: str) -> int | None:
        """The line where the value at ``pointer`` (or its nearest located parent) starts."""
        items = self._item_offsets()
        item_pointer, _, key = pointer.rpartition("/")
        if item_pointer in self._item_ends and "~" not in key:  # an item's field: most findings
            offset = self._field_offset(item_pointer, key)
            return self.line_at(offset if offset is not None else items[item_pointer])
        parts = pointer.split("/")
        if len(parts) >= 6 and parts[3] == "items":
            item_pointer = "/".join(parts[:5])
            key = parts[5].replace("~1", "/").replace("~0", "~")
            offset = self._field_offset(item_pointer, key)
            if offset is not None:
                return self.line_at(self._descend(offset, parts[6:]))
            if item_pointer in items:
                return self.line_at(items[item_pointer])
        while pointer not in items and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        found = items.get(pointer)
        return self.line_at(found) if found is not None else None


@lru_cache(maxsize=256)
def _quoted(key: str) -> str:
    """A member name as it appears in the text (the same few field names, looked up often)."""
    return json.dumps(key, ensure_ascii=False)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")
