"""What the templates show: catalogues cut into pages, items into 一级事项 groups and rows.

Kept apart from the templates so the decisions are plain Python and tested: stable anchors
derived from the item (a portal links to ``#item-…`` and the link must survive a rebuild that
adds rows above it), row groups that never say 同上, and pages split before they grow past a
few MB (a phone on a township's mobile network).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from catalog.publish.collect import Entry
from catalog.standard.model import Item
from catalog.standard.terms import STANDARD_CHANNELS, Audience, Mode
from catalog.standard.vocabulary import DITTO_LIKE

# Spellings of "same as above" that a merged-cell export leaves in the 一级事项 column.


def digest(*parts: str, size: int = 5) -> str:
    """A short, stable hex name for text (blake2b; ``size`` bytes)."""
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=size).hexdigest()


@dataclass(frozen=True)
class Row:
    item: Item
    index: int  # in the catalogue, to locate the item in its source file
    anchor: str
    category: str  # the effective 一级事项: never blank or 同上 when an earlier row named it
    url: str | None


@dataclass(frozen=True)
class Group:
    category: str
    anchor: str
    rows: tuple[Row, ...]
    continued: bool = False  # the group began on the previous part of a split page


@dataclass
class Page:
    """One catalogue (or one part of a long one): what ``publish/catalogue.html`` shows."""

    entry: Entry
    slug: str
    part: int = 1
    parts: int = 1
    groups: list[Group] = field(default_factory=list)

    @property
    def href(self) -> str:
        return f"c/{self.slug}.html" if self.part == 1 else f"c/{self.slug}-{self.part}.html"

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    def part_href(self, part: int) -> str:
        return f"{self.slug}.html" if part == 1 else f"{self.slug}-{part}.html"


def page_slug(entry: Entry, taken: set[str]) -> str:
    """``<domain>-<issuer digest>``: readable, stable, unique among the site's pages."""
    base = f"{entry.domain.slug if entry.domain else 'catalogue'}-{digest(*entry.issuer, size=4)}"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def rows_of(entry: Entry, url: Callable[[Entry, int, str], str | None]) -> list[Row]:
    """Every item as a row with its anchor and effective 一级事项."""
    rows: list[Row] = []
    used: set[str] = set()
    category = ""
    for index, item in enumerate(entry.catalogue.items):
        written = item.category.strip()
        if (written and written not in DITTO_LIKE) or not category:
            category = written
        anchor = base = f"item-{digest(category, item.name.strip())}"
        number = 2
        while anchor in used:  # the same item listed twice: numbered in table order
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        rows.append(Row(item, index, anchor, category, url(entry, index, category)))
    return rows


def groups_of(rows: Sequence[Row], continued_first: bool = False) -> list[Group]:
    """Runs of rows with the same 一级事项, in table order."""
    groups: list[Group] = []
    start = 0
    for position in range(1, len(rows) + 1):
        if position == len(rows) or rows[position].category != rows[start].category:
            category = rows[start].category
            groups.append(Group(category, f"group-{digest(category)}-{len(groups) + 1}",
                                tuple(rows[start:position]), continued_first and start == 0))
            start = position
    return groups


def split(entry: Entry, slug: str, rows: Sequence[Row], parts: int) -> list[Page]:
    """The catalogue's rows cut into ``parts`` pages of nearly equal length."""
    size = -(-len(rows) // parts) if rows else 0
    pages = []
    for part in range(parts):
        chunk = rows[part * size:(part + 1) * size]
        continued = part > 0 and bool(chunk) and chunk[0].category == rows[part * size - 1].category
        pages.append(Page(entry, slug, part + 1, parts, groups_of(chunk, continued)))
    return pages


@dataclass(frozen=True)
class Choices:
    """The values the filter menus offer for one page."""

    categories: tuple[str, ...]
    modes: tuple[str, ...]
    audiences: tuple[str, ...]
    channels: tuple[str, ...]


def choices(rows: Sequence[Row]) -> Choices:
    channels: dict[str, None] = {}
    for row in rows:
        channels.update(dict.fromkeys(row.item.channels))
    order = {name: position for position, name in enumerate(STANDARD_CHANNELS)}
    return Choices(
        categories=tuple(dict.fromkeys(row.category for row in rows if row.category)),
        modes=tuple(mode.value for mode in Mode),
        audiences=tuple(audience.value for audience in Audience),
        channels=tuple(sorted(channels, key=lambda name: (order.get(name, len(order)), name))),
    )
