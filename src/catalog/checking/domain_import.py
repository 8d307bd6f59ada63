"""``catalog domains import``: a guideline annex spreadsheet becomes a domain file.

Whoever holds a full national annex (every county received them as .doc/.xlsx) can complete
the bundled data: the annex is read like any catalogue, its rows become the domain's items,
what the bundled file knows (names, departments, guideline, counts, item aliases and sources)
is kept, and the result is validated against ``schemas/domain.schema.json`` before it is
written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from catalog.checking.checker import read_isolated as load
from catalog.core.files import atomic_write
from catalog.core.findings import UsageError
from catalog.standard.data import data_folder
from catalog.standard.domains import (
    MatchKind,
    _validate_pack_domain,
    match_item,
    name_key,
    registry,
)
from catalog.standard.model import Item


def _bundled_file(slug: str) -> dict[str, Any]:
    entry = data_folder("domains").joinpath(f"{slug}.json")
    data: dict[str, Any] = json.loads(entry.read_text(encoding="utf-8"))
    return data


def _item(row: Item, known: dict[str, Any] | None, source_name: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "category": row.category or row.name,
        "name": row.name if row.category else "",
        "audience": [a.value for a in row.audience],
        "mode": [m.value for m in row.mode],
        "level": [lv.value for lv in row.level],
        "sources": list(known["sources"]) if known else [],
    }
    if known and known.get("aliases"):
        item["aliases"] = [a for a in known["aliases"] if name_key(a) != name_key(row.name)]
    for key, value in (("subject", row.subject), ("time_limit", row.time_limit.text),
                       ("content", row.content), ("basis", row.basis.text)):
        if value:
            item[key] = value
    if row.channels:
        item["channels"] = list(row.channels)
    item["evidence"] = {"grade": "annex", "copies": 1, "note": f"imported from {source_name}"}
    return item


def import_annex(path: str | Path, slug: str, *, complete: bool | None = None) -> dict[str, Any]:
    """The domain file for ``slug`` with the annex's rows as its items (validated).

    ``complete`` says whether the annex is the whole national list; by default it is when it
    holds at least the official number of items."""
    domain = registry().lookup(slug)
    loaded = load(path)
    rows = [item for catalogue in loaded.document.catalogues for item in catalogue.items]
    if not rows:
        raise UsageError(f"{path}: 附件中没有事项 / the annex holds no items")
    data = _bundled_file(domain.slug) if domain.origin == "bundled" else {}
    if not data:
        raise UsageError(f"{domain.slug}: 只能导入内置领域 / only bundled domains can be imported")
    known_items: list[dict[str, Any]] = data["items"]
    items = []
    for row in rows:
        match = match_item(domain, row.category, row.name)
        known = (known_items[match.index]
                 if match.kind in (MatchKind.EXACT, MatchKind.ALIAS) and match.index is not None
                 and match.index < len(known_items) else None)
        items.append(_item(row, known, Path(path).name))
    data["items"] = items
    official = data["official_counts"].get("items")
    data["items_complete"] = (complete if complete is not None
                              else official is not None and len(items) >= official)
    validate_domain(data)
    return data


def validate_domain(data: dict[str, Any]) -> None:
    """Raise a UsageError naming the first place ``data`` breaks the domain schema."""
    _validate_pack_domain(data, str(data.get("slug", "?")))


def write_domain(data: dict[str, Any], output: str | Path) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def write(stream: IO[bytes]) -> None:
        stream.write(text.encode("utf-8"))

    atomic_write(output, write)
