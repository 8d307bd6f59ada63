"""The hidden metadata sheet: what the official table has no column for.

The visible sheet keeps the official layout, so a catalogue's domain, issuer, title, notes and
each item's extra fields, original wordings, 市级/村级 levels and any value the visible cells
cannot reproduce exactly (awkward whitespace, 同上 as a literal value, ...) travel here as JSON,
one record per catalogue and one per item that needs it. Readers overlay the records on what
they read from the visible cells.

An item record carries a fingerprint of the item's visible values. When staff have edited the
row since it was written, the fingerprint no longer matches and the record is ignored: the
visible sheet always wins over stale hidden data. The fields the record holds exactly (whose
cells read back differently, e.g. trimmed) cannot be checked through what the reader makes of
them, so the record also keeps a short hash of each such cell's text as written: a cell that
``catalog fix`` (or a person) rewrote no longer matches and its visible text wins.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from catalog.core.caches import per_run
from catalog.core.findings import CatalogueSource, Finding
from catalog.formats import cells
from catalog.formats.loaded import Loaded
from catalog.standard.terms import Audience, Level, Mode
from catalog.standard.vocabulary import DITTO_LIKE, clean_name, is_same_as_above, read_channels

if TYPE_CHECKING:
    from catalog.standard.model import Catalogue, Item

SHEET = "_catalog_metadata"
LISTS_SHEET = "_lists"  # dropdown sources of written workbooks and templates
RESERVED_SHEETS = frozenset({SHEET, LISTS_SHEET})  # readers skip these: not catalogues
MARKER = "catalog-metadata 1"
HEADER = ("工作表", "行", "键", "值")
CELL_LIMIT = 32767
CSV_MARKER = "#catalog-metadata"

VISIBLE_LEVELS = (Level.COUNTY, Level.TOWNSHIP)
ITEM_KEYS = (
    "seq",
    "category",
    "name",
    "content",
    "basis",
    "time_limit",
    "subject",
    "channels",
    "audience",
    "mode",
    "level",
)
# Fields written as the text of one cell: an exact value of these is checked against its cell.
CELL_KEYS = ITEM_KEYS[:8]
# (sheet name, wanted row numbers) → those rows' raw cell texts by 1-based number.
SheetRows = Callable[[str, set[int]], Mapping[int, Sequence[str]]]
_ENUMS: dict[str, type[Audience] | type[Mode] | type[Level]] = {
    "audience": Audience,
    "mode": Mode,
    "level": Level,
}


# --------------------------------------------------------------------------- values


def field_value(item: Item, key: str) -> str | list[str]:
    """An item field as plain JSON data (texts for basis and time limit)."""
    value = getattr(item, key)
    if key == "basis" or key == "time_limit":
        return str(value.text)
    if isinstance(value, tuple):
        return [str(part.value if hasattr(part, "value") else part) for part in value]
    return str(value)


@per_run
def _text_reads_back(key: str, text: str) -> bool:
    """Whether the reader's conversion of this cell text gives back the text itself."""
    if not text.strip() or is_same_as_above(text) or "".join(text.split()) in DITTO_LIKE:
        return False
    readers: dict[str, Callable[[str], str]] = {
        "seq": lambda t: cells.read_seq(t).value,
        "category": lambda t: cells.read_name(t).value,
        "name": lambda t: cells.read_name(t).value,
        "content": cells.read_content,
        "basis": lambda t: cells.read_basis(t).text,
        "time_limit": lambda t: cells.read_time_limit(t).text,
        "subject": lambda t: cells.read_subject(t).value,
        "channels": lambda t: clean_name(t).strip("_"),
    }
    return readers[key](text) == text


_ORDERS: dict[str, tuple[Audience | Mode | Level, ...]] = {
    "audience": tuple(Audience), "mode": tuple(Mode), "level": VISIBLE_LEVELS}


@per_run
def _channels_read_back(channels: tuple[str, ...]) -> bool:
    if not channels or any(not _text_reads_back("channels", name) for name in channels):
        return False
    reading = read_channels("、".join(channels))
    return reading.standard and reading.channels == channels


def reads_back(item: Item, key: str) -> bool:
    """Whether a reader gives back exactly this field from the visible cells (conservative)."""
    if key in _ORDERS:
        value = getattr(item, key)
        return bool(value) and value == tuple(v for v in _ORDERS[key] if v in value)
    if key == "channels":
        return _channels_read_back(tuple(item.channels))
    if key == "basis" or key == "time_limit":
        return _text_reads_back(key, getattr(item, key).text)
    return _text_reads_back(key, getattr(item, key))


def fingerprint(item: Item, keys: Iterable[str]) -> str:
    """A short hash of the given fields' values, to notice rows edited after writing."""
    import hashlib  # lazy: only a workbook catalog wrote needs it (OpenSSL: ~2.5 ms to import)

    data = json.dumps([field_value(item, key) for key in keys], ensure_ascii=False)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:12]


def cell_text(item: Item, key: str) -> str:
    """The text the writers put in the cell of a one-cell field (see ``render_item``)."""
    value = field_value(item, key)
    return "、".join(value) if isinstance(value, list) else value


def cell_check(text: str) -> str:
    import hashlib  # lazy: see fingerprint

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def keyless(item: Item) -> bool:
    """No 序号, 一级事项 or 二级事项: readers take such a row as a continuation of the one above."""
    return not any(text.strip() for text in (item.seq, item.category, item.name))


def item_record(item: Item, whole: bool = False) -> dict[str, Any] | None:
    """What the hidden sheet must carry for this item, or ``None`` when nothing.

    ``whole`` records every field: for a keyless item (which readers fold into the item
    above) and for the item above it, whose cells then absorb the keyless row's.
    """
    exact = [key for key in ITEM_KEYS if whole or not reads_back(item, key)]
    if not exact and not item.original and not item.extra and not item.parents:
        return None
    checked = [key for key in ITEM_KEYS if key not in exact]
    record: dict[str, Any] = {"check": fingerprint(item, checked)}
    if exact:
        record["fields"] = {key: field_value(item, key) for key in exact}
        checks = {key: cell_check(cell_text(item, key)) for key in exact if key in CELL_KEYS}
        if checks:
            record["cells"] = checks
    if whole and keyless(item):
        record["standalone"] = True
    if item.original:
        record["original"] = dict(item.original)
    if item.extra:
        record["extra"] = dict(item.extra)
    if item.parents:
        record["parents"] = list(item.parents)
    return record


def catalogue_record(catalogue: Catalogue) -> dict[str, Any]:
    return catalogue.model_dump(mode="json", exclude={"items"})


# --------------------------------------------------------------------------- rows


def chunks(text: str) -> list[str]:
    """A value split into cell-sized parts (a cell holds at most 32,767 characters)."""
    return [text[i : i + CELL_LIMIT] for i in range(0, len(text), CELL_LIMIT)] or [""]


def rows_for(sheet: str, catalogue: Catalogue, item_rows: Sequence[int]) -> Iterator[list[str]]:
    """The metadata rows for one catalogue written on ``sheet`` with items at ``item_rows``."""
    record = json.dumps(catalogue_record(catalogue), ensure_ascii=False)
    for part in chunks(record):
        yield [sheet, "", "catalogue", part]
    items = catalogue.items
    for index, (item, row) in enumerate(zip(items, item_rows, strict=True)):
        whole = keyless(item) or (index + 1 < len(items) and keyless(items[index + 1]))
        item_data = item_record(item, whole)
        if item_data is not None:
            for part in chunks(json.dumps(item_data, ensure_ascii=False)):
                yield [sheet, str(row), "item", part]


@dataclass
class Metadata:
    """Records read back: per sheet, the catalogue record and item records by row."""

    catalogues: dict[str, dict[str, Any]] = field(default_factory=dict)
    items: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)


def parse_rows(rows: Iterable[Sequence[str]]) -> Metadata:
    """Parse the metadata sheet's rows (header rows are skipped; parts are joined)."""
    parts: dict[tuple[str, str, str], list[str]] = {}
    for row in rows:
        cells = [str(cell) if cell is not None else "" for cell in row] + ["", "", "", ""]
        sheet, row_text, key, value = cells[:4]
        if key not in ("catalogue", "item"):
            continue
        parts.setdefault((sheet, row_text, key), []).append(value)
    metadata = Metadata()
    for (sheet, row_text, key), values in parts.items():
        try:
            data = json.loads("".join(values))
        except ValueError:
            continue  # a damaged record is ignored: the visible sheet still reads
        if not isinstance(data, dict):
            continue
        if key == "catalogue":
            metadata.catalogues[sheet] = data
        elif row_text.strip().isdigit():
            metadata.items.setdefault(sheet, {})[int(row_text)] = data
    return metadata


# --------------------------------------------------------------------------- overlay


def _typed(key: str, value: Any) -> Any:
    # lazy: the models are loaded only for a workbook that carries catalog's metadata sheet
    from catalog.standard.model import build_basis, time_limit_of

    if key == "basis":
        return build_basis(value)
    if key == "time_limit":
        return time_limit_of(value)
    if key in _ENUMS:
        enum = _ENUMS[key]
        return tuple(enum(part) for part in value)
    if key == "channels":
        return tuple(value)
    return value


def edited_cells(record: dict[str, Any], cells: Sequence[str] | None,
                 columns: Mapping[str, int]) -> set[str]:
    """The exact fields whose cell no longer holds the text written (1-based ``columns``).

    A blank cell is not an edit: it is a merged cell's lower part (一级事项 runs) and fixes
    never blank a cell. Records from before the cell checks existed check nothing.
    """
    checks = record.get("cells")
    if not isinstance(checks, dict) or cells is None:
        return set()
    edited = set()
    for key, check in checks.items():
        column = columns.get(key)
        if column is None or column > len(cells):
            continue
        text = cells[column - 1]
        if text and cell_check(text) != check:
            edited.add(key)
    return edited


def apply_item(item: Item, record: dict[str, Any], edited: set[str] | None = None
               ) -> Item | None:
    """The item with the record overlaid, or ``None`` when the row was edited since writing.

    ``edited`` fields (their cell was rewritten) keep the value read from the visible cell.
    """
    fields = record.get("fields") or {}
    checked = [key for key in ITEM_KEYS if key not in fields]
    if record.get("check") != fingerprint(item, checked):
        return None
    update: dict[str, Any] = {
        key: _typed(key, value) for key, value in fields.items()
        if key in ITEM_KEYS and key not in (edited or ())
    }
    for key in ("original", "extra"):  # the record is the whole truth for these three
        recorded = record.get(key)
        update[key] = ({str(k): str(v) for k, v in recorded.items()}
                       if isinstance(recorded, dict) else {})
    update["parents"] = _parents(record)
    return item.model_copy(update=update)


def _parents(record: dict[str, Any]) -> tuple[str, ...]:
    recorded = record.get("parents")
    return tuple(str(part) for part in recorded) if isinstance(recorded, list) else ()


def apply_catalogue(catalogue: Catalogue, record: dict[str, Any]) -> Catalogue:
    """The catalogue with its recorded domain, issuer, title, date and notes."""
    # lazy: the models are loaded only for a workbook that carries catalog's metadata sheet
    from catalog.standard.model import Catalogue

    try:
        header = Catalogue.model_validate({**record, "items": []})
    except ValueError:
        return catalogue  # a record that no longer validates is ignored
    return catalogue.model_copy(
        update={
            "domain": header.domain,
            "issuer": header.issuer,
            "title": header.title,
            "updated": header.updated,
            "metadata": dict(header.metadata),
        }
    )


def _source_columns(source: CatalogueSource, keys: Iterable[str]) -> set[int]:
    return {source.columns[key] for key in keys if key in source.columns}


def _stale_finding(
    finding: Finding, sheet: str, row: int, keys: set[str], columns: set[int]
) -> bool:
    where = finding.location
    if (where.sheet or "") != sheet or where.row != row:
        return False
    return where.column in columns or finding.params.get("field") in keys


def _insert_standalone(items: list[Item], rows: list[int],
                       records: dict[int, dict[str, Any]]) -> None:
    """Re-create keyless items that a reader folded into the item above as continuation rows."""
    # lazy: the models are loaded only for a workbook that carries catalog's metadata sheet
    from catalog.standard.model import Item

    known = set(rows)
    for row in sorted(records):
        record = records[row]
        if row in known or not record.get("standalone") or not rows or row < rows[0]:
            continue
        fields = record.get("fields") or {}
        if set(fields) != set(ITEM_KEYS):
            continue
        values = {key: _typed(key, value) for key, value in fields.items()}
        item = Item.model_construct(**values, original=dict(record.get("original") or {}),
                                    extra=dict(record.get("extra") or {}),
                                    parents=_parents(record))
        position = sum(1 for existing in rows if existing < row)
        items.insert(position, item)
        rows.insert(position, row)


def apply(loaded: Loaded, metadata: Metadata, sheet_rows: SheetRows | None = None) -> Loaded:
    """Overlay the records on a loaded workbook; findings on overlaid cells are dropped.

    Readers call this after building their catalogues from the visible sheets; a workbook
    without a metadata sheet is returned unchanged. ``sheet_rows`` gives the raw cells for
    the checks of exact fields; it is called only for a sheet whose records have them.
    """
    if not metadata.catalogues and not metadata.items:
        return loaded
    catalogues = list(loaded.document.catalogues)
    findings = list(loaded.findings)
    for index, source in enumerate(loaded.sources[: len(catalogues)]):
        sheet = source.sheet or ""
        catalogue = catalogues[index]
        record = metadata.catalogues.get(sheet)
        if record is not None:
            catalogue = apply_catalogue(catalogue, record)
        records = metadata.items.get(sheet, {})
        items = list(catalogue.items)
        rows: Mapping[int, Sequence[str]] | None = None
        wanted = {row for row, record in records.items() if "cells" in record}
        if sheet_rows is not None and wanted:
            rows = sheet_rows(sheet, wanted)
        for position, row in enumerate(source.item_rows[: len(items)]):
            item_data = records.get(row)
            if item_data is None:
                continue
            edited = edited_cells(item_data, rows.get(row) if rows is not None else None,
                                  source.columns)
            overlaid = apply_item(items[position], item_data, edited)
            if overlaid is None:
                continue
            items[position] = overlaid
            keys = set(item_data.get("fields") or {}) - edited
            columns = _source_columns(source, keys)
            findings = [f for f in findings
                        if not _stale_finding(f, sheet, row, keys, columns)]
        if len(items) == len(source.item_rows):
            _insert_standalone(items, source.item_rows, records)
        catalogues[index] = catalogue.model_copy(update={"items": tuple(items)})
    document = loaded.document.model_copy(update={"catalogues": tuple(catalogues)})
    return Loaded(loaded.file, document, loaded.sources, findings, loaded.info)


def apply_rows(loaded: Loaded, rows: Iterable[Sequence[str]] | None,
               sheet_rows: SheetRows | None = None) -> Loaded:
    """``apply`` from the raw rows of the metadata sheet (``None`` when there is none)."""
    if rows is None:
        return loaded
    return apply(loaded, parse_rows(rows), sheet_rows)


def split_csv(rows: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """Separate the table rows of a CSV file from its trailing metadata section.

    CSV has no hidden sheet: the writer appends a ``#catalog-metadata`` row followed by the
    records, after the table; readers parse the table rows only.
    """
    for index, row in enumerate(rows):
        if row and row[0] == CSV_MARKER:
            table = rows[:index]
            while table and not any(cell.strip() for cell in table[-1]):
                table.pop()
            return table, rows[index + 1 :]
    return rows, []
