"""Per-item links from the catalogue to the 栏目 where the information itself is published.

Two sources, the sidecar file winning over the column:

* ``--links links.csv``: UTF-8 (with or without BOM) or GB18030 CSV whose first row is
  ``领域,一级事项,二级事项,链接`` (or ``domain,category,name,url``), optionally with
  ``发布主体`` (``issuer``) to give one issuer's link; a blank 发布主体 applies to every issuer,
  a blank 二级事项 to an item that has only one level. 领域 is a slug or a Chinese name.
* a column the importer kept in ``Item.extra`` (``链接``, ``网址``, ``公开网址``, ``栏目链接``,
  ``URL``, or the name given with ``--link-column``).

Only http(s) and relative URLs are published (:func:`catalog.pages.safe_url`); anything else
is refused with CAT700. A row matching no item is CAT701; a file without the columns, CAT702.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from catalog.core.findings import Finding, InputError, Location, UsageError
from catalog.formats.inputs import open_input
from catalog.pages import safe_url
from catalog.publish.collect import Entry
from catalog.rules.limits import UNREADABLE_PATH
from catalog.rules.publish import LINK_MATCHES_NO_ITEM, LINKS_FILE_COLUMNS, UNSAFE_LINK
from catalog.standard.domains import registry

EXTRA_COLUMNS = ("链接", "网址", "公开网址", "栏目链接", "URL", "url", "link")
_HEADERS = {
    "domain": ("领域", "domain", "试点领域"),
    "category": ("一级事项", "category"),
    "name": ("二级事项", "name"),
    "url": ("链接", "url", "网址", "link"),
    "issuer": ("发布主体", "issuer"),
}
_REQUIRED = ("domain", "category", "name", "url")

Key = tuple[str, str, str]  # (domain slug, 一级事项, 二级事项)


@dataclass
class LinkRow:
    key: Key
    issuer: str
    url: str
    location: Location
    used: bool = False


@dataclass
class Links:
    """The links to publish, found while building: ``url`` per item, findings for the rest."""

    rows: dict[Key, list[LinkRow]] = field(default_factory=dict)
    columns: tuple[str, ...] = EXTRA_COLUMNS
    findings: list[Finding] = field(default_factory=list)
    _refused: set[Location] = field(default_factory=set)

    def url(self, entry: Entry, index: int, category: str | None = None) -> str | None:
        """The safe URL for item ``index`` of ``entry``, or None (CAT700 noted if refused).

        ``category`` is the item's effective 一级事项 where the file wrote 同上.
        """
        item = entry.catalogue.items[index]
        slug = entry.domain.slug if entry.domain else ""
        issuer = entry.catalogue.issuer.name or ""
        chosen: tuple[str, Location] | None = None
        key = (slug, (category or item.category).strip(), item.name.strip())
        for row in self.rows.get(key, ()):
            if row.issuer in ("", issuer):
                row.used = True
                if chosen is None or row.issuer:  # an issuer's own row wins over a shared one
                    chosen = (row.url, row.location)
        if chosen is None:
            for column in self.columns:
                text = item.extra.get(column, "").strip()
                if text:
                    chosen = (text, entry.source.locate(index))
                    break
        if chosen is None:
            return None
        url = safe_url(chosen[0])
        if url is None and chosen[1] not in self._refused:  # one finding per row or cell
            self._refused.add(chosen[1])
            self.findings.append(UNSAFE_LINK.at(chosen[1], url=chosen[0][:200], item=item.label))
        return url

    def unmatched(self) -> list[Finding]:
        """CAT701 for every links-file row no item used (call after every page is built)."""
        return [
            LINK_MATCHES_NO_ITEM.at(row.location,
                                    item="/".join(part for part in row.key[1:] if part))
            for rows in self.rows.values() for row in rows if not row.used
        ]


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(UNREADABLE_PATH, name,
                     reason="既不是 UTF-8 也不是 GB18030 / neither UTF-8 nor GB18030")


def _columns(header: Sequence[str], name: str) -> dict[str, int]:
    cleaned = [cell.strip().lower() for cell in header]
    found: dict[str, int] = {}
    for key, names in _HEADERS.items():
        for index, cell in enumerate(cleaned):
            if cell in {n.lower() for n in names}:
                found[key] = index
                break
    missing = [_HEADERS[key][0] for key in _REQUIRED if key not in found]
    if missing:
        raise InputError(LINKS_FILE_COLUMNS, name, columns=missing)
    return found


def read_links(path: str | Path, extra_columns: Iterable[str] = EXTRA_COLUMNS) -> Links:
    """Read a links file (see the module docstring)."""
    name = str(path)

    with open_input(path) as stream:  # a regular file only: a FIFO must not hang the build
        data = stream.read()
    rows = list(csv.reader(io.StringIO(_decode(data, name))))
    if not rows:
        raise InputError(LINKS_FILE_COLUMNS, name, columns=[_HEADERS[key][0] for key in _REQUIRED])
    columns = _columns(rows[0], name)
    links = Links(columns=tuple(extra_columns))
    domains = registry()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {key: (row[index].strip() if index < len(row) else "")
                 for key, index in columns.items()}
        domain = domains.find(cells["domain"]) if cells["domain"] else None
        slug = domain.slug if domain else cells["domain"]
        key = (slug, cells["category"], cells["name"])
        where = Location(name, row=number, column=columns["url"] + 1)
        links.rows.setdefault(key, []).append(
            LinkRow(key, cells.get("issuer", ""), cells["url"], where))
    return links


def links_for(path: str | Path | None, column: str | None) -> Links:
    """The links of a build: the sidecar file if given, and the ``extra`` column(s)."""
    columns = (column,) if column else EXTRA_COLUMNS
    if column is not None and not column.strip():
        raise UsageError("--link-column: 请给出列名 / give a column name")
    return read_links(path, columns) if path else Links(columns=columns)
