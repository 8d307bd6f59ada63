"""The front page's data: the 26-domain grid per issuer (from coverage) and the search index.

A domain is 已编制 when the issuer has a catalogue for it, 不适用 when no national item of the
domain is expected at the issuer's level (the guidelines leave it to another level), and
未编制 otherwise: the distinction a county needs when it checks its townships' 专栏.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from catalog.checking.coverage import DomainCoverage, coverage
from catalog.publish.views import Page
from catalog.standard.domains import Domain, registry
from catalog.standard.model import Catalogue, Document
from catalog.standard.terms import Level


@dataclass(frozen=True)
class Download:
    href: str
    name: str  # the file name offered to the browser
    label: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Cell:
    name: str
    status: str
    status_class: str
    href: str | None = None
    items: int | None = None
    updated: str | None = None
    covered: int = 0
    expected: int = 0


@dataclass
class IssuerView:
    name: str
    level: str
    cells: list[Cell] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for cell in self.cells if cell.status_class == "done")

    @property
    def missing(self) -> int:
        return sum(1 for cell in self.cells if cell.status_class == "missing")

    @property
    def not_applicable(self) -> int:
        return sum(1 for cell in self.cells if cell.status_class == "na")


def _applies(domain: Domain, level: Level | None) -> bool:
    if level is None or not domain.items:
        return True
    return any(item.expected_at(level) for item in domain.items)


def issuer_views(pages: Sequence[Page]) -> list[IssuerView]:
    """One view per issuer, in page order, with a cell for each of the 26 domains."""
    firsts = [page for page in pages if page.part == 1]
    by_issuer: dict[tuple[str, str], list[Page]] = {}
    for page in firsts:
        by_issuer.setdefault(page.entry.issuer, []).append(page)
    catalogues: list[Catalogue] = [page.entry.catalogue for page in firsts]
    report = coverage([Document.model_construct(catalogues=tuple(catalogues))])
    rows: dict[tuple[str, str, str], DomainCoverage] = {
        (i.issuer or "", i.level.value if i.level else "", d.slug): d
        for i in report.issuers for d in i.domains
    }
    views = []
    for (name, level), issuer_pages in by_issuer.items():
        view = IssuerView(name, level)
        for domain in registry():
            mine = [p for p in issuer_pages if p.entry.domain is domain]
            if mine:
                found = rows.get((name, level, domain.slug))
                dates = [str(p.entry.catalogue.updated) for p in mine if p.entry.catalogue.updated]
                view.cells.append(Cell(
                    domain.name_zh, "已编制", "done", mine[0].href,
                    sum(len(p.entry.catalogue.items) for p in mine), max(dates, default=None),
                    found.covered if found else 0, found.expected if found else 0))
            elif _applies(domain, Level(level) if level else None):
                view.cells.append(Cell(domain.name_zh, "未编制", "missing"))
            else:
                view.cells.append(Cell(domain.name_zh, "不适用", "na"))
        for page in issuer_pages:
            if page.entry.domain is None:  # a catalogue of no pilot domain still gets its cell
                catalogue = page.entry.catalogue
                view.cells.append(Cell(catalogue.title or "其他目录", "已编制", "done", page.href,
                                       len(catalogue.items),
                                       str(catalogue.updated) if catalogue.updated else None))
        views.append(view)
    return views


SNIPPET = 30  # characters of 公开内容 searched besides the item's name (index size: ~150 B/item)


def search_index(pages: Sequence[Page]) -> str:
    """``assets/search-index.js``: pages once, then per item its page, anchor, name, text."""
    listed: list[list[str]] = []
    entries: list[list[object]] = []
    for page in pages:
        domain = page.entry.domain.name_zh if page.entry.domain else (
            page.entry.catalogue.title or "")
        listed.append([page.href, domain, page.entry.catalogue.issuer.name or ""])
        for row in page.rows:
            label = "/".join(part for part in (row.category, row.item.name) if part)
            entries.append([len(listed) - 1, row.anchor, label, row.item.content[:SNIPPET]])
    text = json.dumps({"pages": listed, "items": entries}, ensure_ascii=False,
                      separators=(",", ":"))
    # "<" escaped so the text can never close a script element, inline or not.
    return "window.CATALOG_INDEX=" + text.replace("<", "\\u003c") + ";\n"
