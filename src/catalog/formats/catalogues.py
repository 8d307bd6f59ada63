"""From tables read out of a grid to catalogues: title, issuer, domain, metadata, source map.

Shared by the xlsx and csv readers, so both give one catalogue per recognised table with the
same issuer and domain logic. The issuer comes from the caller when given; otherwise from the
title or a 公开主体 that names one government body (江上乡人民政府 → 乡级); otherwise it stays
unknown, and the rule engine says so instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from catalog.core.findings import CatalogueSource, Finding, Location
from catalog.formats.table import Table
from catalog.rules import inference, layout
from catalog.standard.domains import detect, registry
from catalog.standard.fields import ITEM_FIELDS
from catalog.standard.records import CatalogueRecord, IssuerRecord, ItemRecord
from catalog.standard.terms import Audience, Level, Mode
from catalog.standard.vocabulary import level_of_body, require_level

_BODY = re.compile(r"([\u4e00-\u9fff]{1,20}?(?:人民政府|街道办事处|街道办|管理委员会|管委会))")
_DOMAIN_SAMPLE = 300
# A place named at the start of a title without 人民政府: 江上乡社会救助领域…, 2024年转塘街道….
# 市 is left out on purpose: a 县级市 and a 地级市 are written alike.
_PLACE_LEVELS = (("街道", Level.TOWNSHIP, "办事处"), ("乡", Level.TOWNSHIP, "人民政府"),
                 ("镇", Level.TOWNSHIP, "人民政府"), ("县", Level.COUNTY, "人民政府"),
                 ("区", Level.COUNTY, "人民政府"), ("旗", Level.COUNTY, "人民政府"))
_NOT_PLACES = ("社区", "小区", "园区", "景区", "城区", "辖区", "市区", "城乡")
_YEAR = re.compile(r"^\s*(?:\d{4}\s*年度?)?\s*")
_TITLE_WORDS = ("领域", "基层政务公开", "政务公开", "标准目录", "公开目录", "公开标准")


def issuer_in_text(text: str) -> tuple[str, Level | None] | None:
    """A government body named in a title or cell, with its level when the name shows it."""
    match = _BODY.search(text)
    if match is None:
        return None
    name = match.group(1)
    return name, level_of_body(name)


def _title_anchors() -> tuple[str, ...]:
    """Words that may follow the place in a title: a domain name or alias, or 领域/政务公开."""
    return (*_TITLE_WORDS, *(name for domain in registry() for name in domain.names))


def issuer_in_title(title: str) -> tuple[str, Level] | None:
    """The township, town, street office, county or district a title starts with.

    ``江上乡社会救助领域基层政务公开标准目录`` → (江上乡人民政府, 乡级). The place must be followed
    by a domain name or a catalogue word, so 城乡规划领域… names no place; the shortest such
    place is taken (浙江省杭州市西湖区转塘街道 ends at 街道, not at 区).
    """
    text = title[_YEAR.match(title).end():]  # type: ignore[union-attr]  # always matches
    anchors: tuple[str, ...] | None = None
    for end in range(2, min(len(text), 40) + 1):
        place = text[:end]
        if not "\u4e00" <= place[-1] <= "\u9fff" or not "\u4e00" <= place[0] <= "\u9fff":
            return None  # a place name is written in Chinese characters only
        if place.endswith(_NOT_PLACES):
            continue
        for suffix, level, body in _PLACE_LEVELS:
            if place.endswith(suffix) and len(place) > len(suffix):
                anchors = anchors if anchors is not None else _title_anchors()
                if text[end:].startswith(anchors):
                    return place + body, level
                break
    return None


def _issuer(table: Table, given: str | None, level: Level | None,
            findings: list[Finding], where: Location) -> IssuerRecord:
    if given is not None or level is not None:
        return IssuerRecord(name=given, level=level, division_code=None)
    found: tuple[str, Level | None] | None = None
    source = ""
    if table.title:
        found, source = issuer_in_text(table.title) or issuer_in_title(table.title), "标题"
    if found is None:
        subjects = {item.subject for item in table.builder.items if item.subject}
        if len(subjects) == 1:
            subject = subjects.pop()
            body = issuer_in_text(subject)
            if body is not None and body[0] == subject:
                found, source = body, "公开主体"
    if found is None:
        return IssuerRecord(name=None, level=None, division_code=None)
    rule = layout.ISSUER_FROM_TEXT
    findings.append(rule.at(where, source=source, issuer=found[0],
                            level=found[1].value if found[1] else "?"))
    return IssuerRecord(name=found[0], level=found[1], division_code=None)


def _domain(title: str | None, table: Table) -> str | None:
    names: list[str] = []
    seen: set[str] = set()
    for item in table.builder.items:
        for name in (item.category, item.name):
            if name and name not in seen:
                seen.add(name)
                names.append(name)
        if len(names) >= _DOMAIN_SAMPLE:
            break
    return detect(title, names).slug


def _place_levels(table: Table, issuer: IssuerRecord, items: tuple[ItemRecord, ...],
                  findings: list[Finding], file: str, sheet: str | None
                  ) -> tuple[ItemRecord, ...]:
    """Level headings that name a place (东阳市级): the issuer's own level when the issuer is
    that place, else the level the place word shows, reported (CAT528 / CAT529)."""
    for tick in table.columns.ticks:
        if tick.place is None or tick.field != "level":
            continue
        where = Location(file, sheet, table.header_row, tick.column + 1)
        own = (require_level(issuer.level) if issuer.level
               else level_of_body(issuer.name) if issuer.name else None)
        if issuer.name and tick.place in issuer.name and own is not None:
            rule = inference.LEVEL_PLACE_RESOLVED
            findings.append(rule.at(where, header=tick.label, issuer=issuer.name, level=own.value))
            if own != tick.value:
                items = tuple(_relevel(item, tick.value, own) for item in items)
        else:
            rule = inference.LEVEL_PLACE_UNRESOLVED
            findings.append(rule.at(where, header=tick.label, level=str(tick.value)))
    return items


def _relevel(item: ItemRecord, written: Audience | Mode | Level, own: Level) -> ItemRecord:
    if written not in item.level:
        return item
    levels = {own if level == written else level for level in item.level}
    return item._replace(level=tuple(lv for lv in Level if lv in levels))


def build(file: str, sheet: str | None, tables: Iterable[Table], issuer: str | None,
          level: Level | None
          ) -> tuple[list[CatalogueRecord], list[CatalogueSource], list[Finding]]:
    """One catalogue and one source map per table."""
    catalogues: list[CatalogueRecord] = []
    sources: list[CatalogueSource] = []
    findings: list[Finding] = []
    for table in tables:
        builder, columns = table.builder, table.columns
        metadata = dict(columns.legends)
        if table.notes:
            metadata["注"] = "\n".join(table.notes)
        where = Location(file, sheet, table.title_row or table.header_row)
        found = _issuer(table, issuer, level, findings, where)
        items = tuple(builder.items)
        if any(tick.place for tick in columns.ticks):
            items = _place_levels(table, found, items, findings, file, sheet)
        catalogue = CatalogueRecord(
            domain=_domain(table.title, table),
            issuer=found,
            title=table.title,
            updated=None,
            metadata=metadata,
            items=items,
        )
        fields = {name: column + 1 for name, column in columns.fields.items()}
        for tick in columns.ticks:
            fields.setdefault(tick.field, tick.column + 1)
        sources.append(CatalogueSource(
            file=file, sheet=sheet, item_rows=builder.item_rows, columns=fields,
            title_row=table.title_row or table.header_row,
            absent_fields=frozenset(name for name in ITEM_FIELDS if name not in fields)))
        catalogues.append(catalogue)
    return catalogues, sources, findings
