"""Canonical JSON: the catalogue's interchange format.

Reading takes a fast path (one pydantic validation of the whole document) and, only when that
fails, a lenient path that builds what it can and turns each problem into a finding with its
JSON pointer and line. Writing is canonical: UTF-8, Chinese unescaped, model key order,
2-space indent, trailing newline, so dump is byte-stable.
"""

from __future__ import annotations

import json
import re
from codecs import BOM_UTF8
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from pydantic import TypeAdapter, ValidationError

from catalog.core.findings import CatalogueSource, Finding, InputError, Location
from catalog.core.heap import release_freed_memory
from catalog.formats.json_positions import LineIndex
from catalog.formats.loaded import Loaded
from catalog.formats.options import DEFAULT_READ, ResolvedReadOptions
from catalog.formats.screening import check_json_depth, read_bounded
from catalog.rules.engine import Rule
from catalog.rules.limits import CELL_TOO_LONG
from catalog.rules.structure import (
    DUPLICATE_KEY,
    INVALID_VALUE,
    JSON_SYNTAX,
    UNKNOWN_KEY,
    WRONG_DOCUMENT_SHAPE,
)
from catalog.rules.text import INVALID_TEXT
from catalog.standard.model import (
    Basis,
    Catalogue,
    Document,
    Issuer,
    Item,
    TimeLimit,
    build_basis,
    time_limit_of,
)

# Half of a UTF-16 surrogate pair written as an escape. Python's decoder keeps it as a lone
# surrogate, which no UTF encoding can write (reports and converted files would fail on it).
# A search of the bytes (C speed) decides whether the tree needs a walk at all.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_REPLACEMENT = "\ufffd"
_BLANK_ERRORS = frozenset({"too_short", "string_too_short", "string_pattern_mismatch", "missing"})
_BLANK: dict[str, Any] = {"content": "", "subject": "", "channels": (), "audience": (), "mode": ()}
_EXPECTED_TEXT_BLOCK = '应为 {"text": …} 对象 / expected {"text": …}'
_TYPE_NAMES = {
    dict: "object",
    list: "array",
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


class _KeyedDict(dict[str, Any]):
    """A JSON object that had duplicate keys; remembers which."""

    duplicates: list[str]


def _object_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        keyed = _KeyedDict(result)
        seen: set[str] = set()
        keyed.duplicates = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
        return keyed
    return result


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)  # bytes into that line
        raise InputError(
            JSON_SYNTAX, name, line=line, column=column, detail="不是 UTF-8 编码 / not UTF-8"
        ) from None


def _parse(text: str, name: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_object_hook)
    except json.JSONDecodeError as error:
        raise InputError(
            JSON_SYNTAX, name, line=error.lineno, column=error.colno, detail=error.msg
        ) from None
    except RecursionError:
        raise InputError(
            JSON_SYNTAX, name, line="?", column="?", detail="嵌套过深 / nesting too deep"
        ) from None
    except ValueError as error:  # e.g. an integer literal with thousands of digits
        raise InputError(JSON_SYNTAX, name, line="?", column="?", detail=str(error)) from None


# ----------------------------------------------------------------------------- lenient build


class _Builder:
    """Builds a document from well-formed JSON of the wrong shape, collecting findings."""

    def __init__(self, name: str, line_of: Callable[[str], int | None]) -> None:
        self.name = name
        self.line_of = line_of
        self.findings: list[Finding] = []

    def report(self, rule: Rule, pointer: str, **params: Any) -> None:
        location = Location(self.name, pointer=pointer or "/", line=self.line_of(pointer))
        self.findings.append(rule.at(location, pointer=pointer or "/", **params))

    def duplicates(self, value: Any, pointer: str) -> None:
        if isinstance(value, _KeyedDict):
            for key in value.duplicates:
                self.report(DUPLICATE_KEY, f"{pointer}/{key}", key=key)
        if isinstance(value, dict):
            for key, child in value.items():
                self.duplicates(child, f"{pointer}/{key}")
        elif isinstance(value, list):
            for index, child in enumerate(value):
                self.duplicates(child, f"{pointer}/{index}")

    def valid_text(self, value: Any, pointer: str) -> Any:
        """``value`` with each lone surrogate in its strings (and keys) replaced by U+FFFD,
        one CAT593 per string."""
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found is None:
                return value
            self.report(INVALID_TEXT, pointer, char=f"U+{ord(found.group()):04X}")
            return _SURROGATE.sub(_REPLACEMENT, value)
        if isinstance(value, dict):
            cleaned: dict[str, Any] = {}
            for key, child in value.items():
                replaced = _SURROGATE.sub(_REPLACEMENT, key)
                valid_key = self.valid_text(key, f"{pointer}/{replaced}")  # reported once
                cleaned[valid_key] = self.valid_text(child, f"{pointer}/{valid_key}")
            return cleaned
        if isinstance(value, list):
            return [self.valid_text(child, f"{pointer}/{index}")
                    for index, child in enumerate(value)]
        return value

    def invalid(self, pointer: str, error: ValidationError) -> None:
        for detail in error.errors(include_url=False):
            if detail["type"] in _BLANK_ERRORS:
                continue  # blank required values are the rules' business (CAT101)
            where = "/".join([pointer, *(str(part) for part in detail["loc"])])
            self.report(INVALID_VALUE, where, detail=detail["msg"])

    def unknown_keys(
        self, data: dict[str, Any], known: dict[str, Any], pointer: str, kept: bool
    ) -> dict[str, str]:
        extra: dict[str, str] = {}
        for key, value in data.items():
            if key in known:
                continue
            self.report(UNKNOWN_KEY, f"{pointer}/{key}", key=key)
            if kept:
                extra[key] = (
                    value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                )
        return extra

    def field(self, adapter: TypeAdapter[Any], value: Any, pointer: str, default: Any) -> Any:
        try:
            return adapter.validate_python(value)
        except ValidationError as error:
            self.invalid(pointer, error)
            return default

    def item(self, data: Any, pointer: str) -> Item:
        if not isinstance(data, dict):
            self.report(
                INVALID_VALUE,
                pointer,
                detail=f"应为对象 / expected an object, got {_TYPE_NAMES.get(type(data), 'value')}",
            )
            data = {}
        values: dict[str, Any] = {}
        extra = self.unknown_keys(data, Item.model_fields, pointer, kept=True)
        for key, info in Item.model_fields.items():
            blank = (
                _BLANK.get(key)
                if info.is_required()
                else info.get_default(call_default_factory=True)
            )
            if key in ("basis", "time_limit"):
                values[key] = self.text_block(key, data.get(key), f"{pointer}/{key}")
            elif key in data:
                values[key] = self.field(
                    _lenient_adapter(key), data[key], f"{pointer}/{key}", blank
                )
            else:
                values[key] = blank
        values["extra"] = {**values["extra"], **extra}
        return Item.model_construct(**values)

    def text_block(self, key: str, raw: Any, pointer: str) -> Basis | TimeLimit:
        text = ""
        if isinstance(raw, dict):
            text_value = raw.get("text", "")
            if isinstance(text_value, str):
                text = text_value
            else:
                self.report(INVALID_VALUE, f"{pointer}/text",
                            detail="应为字符串 / expected a string")
        elif isinstance(raw, str):
            self.report(INVALID_VALUE, pointer, detail=_EXPECTED_TEXT_BLOCK)
            text = raw
        elif raw is not None:
            self.report(INVALID_VALUE, pointer, detail=_EXPECTED_TEXT_BLOCK)
        if key == "time_limit":
            return time_limit_of(text)
        return build_basis(text)

    def catalogue(self, data: Any, pointer: str) -> Catalogue:
        if not isinstance(data, dict):
            self.report(INVALID_VALUE, pointer, detail="应为对象 / expected an object")
            data = {}
        self.unknown_keys(data, Catalogue.model_fields, pointer, kept=False)
        values: dict[str, Any] = {}
        for key in ("domain", "title", "updated", "metadata", "issuer"):
            info = Catalogue.model_fields[key]
            default = info.get_default(call_default_factory=True)
            if key in data:
                values[key] = self.field(
                    _lenient_adapter(key, Catalogue), data[key], f"{pointer}/{key}", default
                )
            else:
                values[key] = default
        items = data.get("items", [])
        if not isinstance(items, list):
            self.report(INVALID_VALUE, f"{pointer}/items", detail="应为数组 / expected an array")
            items = []
        values["items"] = tuple(
            self.item(entry, f"{pointer}/items/{index}") for index, entry in enumerate(items)
        )
        return Catalogue.model_construct(**values)


@lru_cache(maxsize=64)
def _lenient_adapter(key: str, model: type[Any] = Item) -> TypeAdapter[Any]:
    """Validates one field's type and vocabulary, but not its completeness."""
    annotation = model.model_fields[key].annotation
    if model is Catalogue and key == "issuer":
        return TypeAdapter(Issuer)
    return TypeAdapter(annotation)


# ----------------------------------------------------------------------------- public


def read(stream: IO[bytes], *, name: str, options: ResolvedReadOptions = DEFAULT_READ
         ) -> Loaded:
    """Read a catalogue document from JSON bytes.

    The fast path validates the text in one pydantic pass (no intermediate tree of dicts,
    which doubles peak memory on large files); the lenient path runs only when that fails or
    the text repeats a key, and then reports each problem with its pointer and line.
    """
    limits = options.limits
    raw = read_bounded(stream, name, limits)
    text = _decode(raw, name)
    index = LineIndex(text)
    line_of = index.line_of
    # One walk of the text finds where items start (for line numbers) and whether any key
    # repeats; well-formed text without repeats takes the fast path. The explicit depth limit
    # guards the lenient path below, which walks the tree in Python.
    repeats = index.scan()
    if index.longest_text > limits.max_cell_chars:  # the same limit as a spreadsheet cell
        raise InputError(CELL_TOO_LONG, name, chars=index.longest_text, limit=limits.max_cell_chars)
    invalid_text = _SURROGATE_ESCAPE.search(raw) is not None
    if repeats is False and not invalid_text:
        try:  # the bytes, not the text: parsing a str makes a UTF-8 copy of it (110 MB)
            document = Document.model_validate_json(raw if not raw.startswith(BOM_UTF8) else text)
        except ValidationError:
            pass
        else:
            del raw
            release_freed_memory()  # the parse's temporary objects: give their heap back
            return _loaded(name, document, [], line_of)
    check_json_depth(raw, name, limits)
    del raw
    data = _parse(text, name)
    if not isinstance(data, dict) or not isinstance(data.get("catalogues"), list):
        found = _TYPE_NAMES.get(type(data), "value")
        if isinstance(data, dict):
            found = "缺少 catalogues 数组的对象 / an object without a catalogues array"
        raise InputError(WRONG_DOCUMENT_SHAPE, name, found=found)
    builder = _Builder(name, line_of)
    builder.duplicates(data, "")
    if invalid_text:
        data = builder.valid_text(data, "")
    try:
        document = Document.model_validate(data)
    except ValidationError:
        builder.unknown_keys(data, Document.model_fields, "", kept=False)
        version = data.get("format_version", "1.0")
        if version != "1.0":
            builder.report(INVALID_VALUE, "/format_version",
                           detail=f"unsupported version {version!r}")
        catalogues = tuple(
            builder.catalogue(entry, f"/catalogues/{index}")
            for index, entry in enumerate(data["catalogues"])
        )
        document = Document.model_construct(format_version="1.0", catalogues=catalogues)
    return _loaded(name, document, builder.findings, line_of)


def _loaded(name: str, document: Document, findings: list[Finding],
            line_of: Callable[[str], int | None]) -> Loaded:
    sources = [
        CatalogueSource(file=name, pointer=f"/catalogues/{index}", line_of=line_of)
        for index in range(len(document.catalogues))
    ]
    return Loaded(name, document, sources, findings, {"encoding": "utf-8"})


# A catalogue document names format_version or catalogues at its top level; catalog writes
# format_version first. Other JSON in a repository (package.json, .catalog-baseline.json,
# tsconfig.json) names neither near its start.
_CATALOGUE_KEY = re.compile(rb'"(?:format_version|catalogues)"\s*:')
_CATALOGUE_SNIFF = 1 << 20


def is_catalogue_json(path: str | Path) -> bool:
    """Whether a .json file looks like a catalogue document: one of its keys in the first
    MiB is ``format_version`` or ``catalogues``. Unreadable files count as catalogues, so
    that checking them reports why."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(_CATALOGUE_SNIFF)
    except OSError:
        return True
    return _CATALOGUE_KEY.search(head) is not None


def loads(text: str | bytes, *, name: str = "<string>") -> Loaded:
    import io

    data = text.encode("utf-8") if isinstance(text, str) else text
    return read(io.BytesIO(data), name=name)


def dumps(document: Document) -> str:
    """Canonical JSON text of a document (byte-stable for equal documents)."""
    return dump_bytes(document).decode("utf-8")


def dump_bytes(document: Document) -> bytes:
    """:func:`dumps` encoded as UTF-8, as files hold it."""
    return b"".join(dump_chunks(document))


def dump_chunks(document: Document) -> tuple[bytes, bytes]:
    """:func:`dump_bytes` in two pieces, the JSON value and the final newline, for a writer
    that need not join them (a copy of 137 MB at 100,000 items)."""
    # pydantic serialises in Rust: several times faster than json.dumps of model_dump, and
    # without building a second copy of the document as dicts. These are the bytes
    # model_dump_json decodes: a file needs no text in between.
    return document.__pydantic_serializer__.to_json(document, indent=2), b"\n"
