"""Catalogues against the national standard items, over many files: the tables behind
``catalog domains``, ``catalog domains show SLUG`` and ``catalog coverage PATH...``
(one catalogue's analysis is :mod:`catalog.standard.matching`).

Everything here returns plain data first (dicts ready for JSON) and renders text second, so
the CLI stays thin and a library user gets the same answers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.checking.checker import _with_issuer, read_each
from catalog.checking.reference import load_reference
from catalog.core.findings import Finding
from catalog.i18n import COVERAGE_WORDS as _WORDS
from catalog.rules.engine import message_for
from catalog.rules.registry import default_registry
from catalog.standard.domains import (
    Domain,
    MatchKind,
    registry,
)
from catalog.standard.matching import CatalogueCoverage, analyse_with
from catalog.standard.model import Catalogue, Document
from catalog.standard.terms import Level

if TYPE_CHECKING:
    from catalog.checking.config import Settings
    from catalog.checking.reference import Reference

# --------------------------------------------------------------------------- text tables


def _word(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return en if lang == "en" else zh


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _departments(departments: Sequence[dict[str, Any]]) -> str:
    """Departments for a table cell; ``(?)`` marks one no source confirmed."""
    return "、".join(d["name"] + ("" if d["confirmed"] else "(?)") for d in departments)


def _origin(origin: str, lang: str) -> str:
    return _word("bundled", lang) if origin == "bundled" else origin


def render_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Columns padded by display width, so Chinese and Latin text line up in a terminal."""
    cells = [[str(h) for h in headers], *([str(c) for c in row] for row in rows)]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --------------------------------------------------------------------------- catalog domains


def domains_table() -> list[dict[str, Any]]:
    """One JSON-ready row per pilot domain, in listing order."""
    return [
        {
            "slug": d.slug,
            "name_zh": d.name_zh,
            "name_en": d.name_en,
            "departments": [{"name": x.name, "confirmed": x.confirmed} for x in d.departments],
            "items": len(d.items),
            "complete": d.items_complete,
            "official_counts": {"categories": d.official_counts.categories,
                                "items": d.official_counts.items,
                                "inferred": d.official_counts.inferred},
            "origin": d.origin,
        }
        for d in registry()
    ]


def official_sentence(official: int | None, held: int, lang: str = "zh", *,
                      inferred: bool = False, lower_bound: int | None = None) -> str:
    """国家目录共 18 项，本库收录 6 项: what the bundled list holds against the official count."""
    if official is None and lower_bound is None:
        return (f"国家目录项数未知，本库收录 {held} 项" if lang != "en"
                else f"official item count unknown; {held} bundled")
    if official is None:
        return (f"国家目录至少 {lower_bound} 项，本库收录 {held} 项" if lang != "en"
                else f"national list has at least {lower_bound} items; {held} bundled")
    guess = ("（推算）" if lang != "en" else " (inferred)") if inferred else ""
    return (f"国家目录共 {official} 项{guess}，本库收录 {held} 项" if lang != "en"
            else f"national list has {official} items{guess}; {held} bundled")


def render_domains_table(rows: Sequence[dict[str, Any]] | None = None, lang: str = "zh") -> str:
    rows = domains_table() if rows is None else rows
    headers = [_word(k, lang)
               for k in ("slug", "domain", "department", "items", "official", "list", "origin")]
    body = [
        [
            row["slug"],
            row["name_en"] if lang == "en" else row["name_zh"],
            _departments(row["departments"]),
            row["items"],
            "/".join("?" if row["official_counts"][k] is None else str(row["official_counts"][k])
                     for k in ("categories", "items"))
            + ("*" if row["official_counts"]["inferred"] else ""),
            _word("complete" if row["complete"] else "partial", lang),
            _origin(row["origin"], lang),
        ]
        for row in rows
    ]
    return render_table(headers, body) + "\n" + _word("unconfirmed", lang)


def domain_detail(slug: str) -> dict[str, Any]:
    """Everything known about one domain (slug, name or alias), JSON-ready.

    Raises UnknownDomainError naming the closest domains."""
    d = registry().lookup(slug)
    guide = d.guideline
    return {
        "slug": d.slug,
        "name_zh": d.name_zh,
        "name_en": d.name_en,
        "aliases": list(d.aliases),
        "departments": [
            {"name": x.name, "confirmed": x.confirmed, "document": x.document, "source": x.source}
            for x in d.departments
        ],
        "guideline": None
        if guide is None
        else {
            "title": guide.title,
            "number": guide.number,
            "year": guide.year,
            "date": guide.date,
            "sources": list(guide.sources),
        },
        "complete": d.items_complete,
        "origin": d.origin,
        "evidence_status": d.evidence_status,
        "official_counts": {
            "categories": d.official_counts.categories,
            "items": d.official_counts.items,
            "source": d.official_counts.source,
            "quote": d.official_counts.quote,
            "caveat": d.official_counts.caveat,
            "inferred": d.official_counts.inferred,
            "lower_bound_items": d.official_counts.lower_bound_items,
        },
        "notes": d.notes,
        "sources": list(d.sources),
        "items": [
            {
                "category": it.category,
                "name": it.name,
                "name_known": it.name_known,
                "aliases": list(it.aliases),
                "audience": [a.value for a in it.audience],
                "mode": [m.value for m in it.mode],
                "level": [lv.value for lv in it.level],
                "subject": it.subject,
                "time_limit": it.time_limit,
                "content": it.content,
                "note": it.note,
                "basis": it.basis,
                "channels": list(it.channels),
                "evidence": it.evidence,
                "sources": list(it.sources),
            }
            for it in d.items
        ],
    }


def render_domain_detail(detail: dict[str, Any], lang: str = "zh") -> str:
    name = detail["name_en"] if lang == "en" else detail["name_zh"]
    counts = detail["official_counts"]
    official = "/".join(
        "?" if counts[k] is None else str(counts[k]) for k in ("categories", "items")
    )
    guide = detail["guideline"]
    lines = [
        f"{name} ({detail['slug']})",
        f"{_word('aliases', lang)}: {'、'.join(detail['aliases']) or _word('none', lang)}",
        f"{_word('department', lang)}: "
        + _departments(detail["departments"]),
        f"{_word('guideline', lang)}: "
        + (
            " ".join(str(v) for v in (guide["title"], guide["number"]) if v)
            if guide
            else _word("none", lang)
        ),
        f"{_word('items', lang)}: {len(detail['items'])} "
        f"({_word('complete' if detail['complete'] else 'partial', lang)}; "
        f"{_word('official', lang)} {official})",
        official_sentence(counts["items"], len(detail["items"]), lang,
                          inferred=counts["inferred"], lower_bound=counts["lower_bound_items"]),
        f"{_word('origin', lang)}: {_origin(detail['origin'], lang)}",
        "",
    ]
    body = [
        [
            it["category"],
            it["name"] if it["name_known"] else _word("only_category", lang),
            "、".join(it["level"]) or "-",
            it["subject"] or "-",
        ]
        for it in detail["items"]
    ]
    headers = [_word(k, lang) for k in ("category", "name", "level", "subject")]
    return "\n".join(lines) + render_table(headers, body)


# --------------------------------------------------------------------------- catalog coverage


@dataclass(frozen=True)
class DomainCoverage:
    slug: str
    catalogues: int
    expected: int
    covered: int
    missing: tuple[str, ...]  # labels of national items not covered
    local: int
    near: int
    complete: bool  # False: the reference is partial (参考), its gaps are information only
    reference: str = "bundled"  # where the items compared against came from
    official_items: int | None = None
    reference_items: int = 0
    official_inferred: bool = False  # the official count is worked out, not stated
    official_lower_bound: int | None = None  # at least this many items exist

    def summary(self, lang: str) -> str:
        """国家目录共 18 项，本库收录 6 项 (bundled), or the reference and its size."""
        if self.reference == "bundled":
            return official_sentence(self.official_items, self.reference_items, lang,
                                     inferred=self.official_inferred,
                                     lower_bound=self.official_lower_bound)
        files = self.reference.removeprefix("reference: ")
        return (f"{_word('reference', lang)} {files}，共 {self.reference_items} 项" if lang != "en"
                else f"{_word('reference', lang)} {files}: {self.reference_items} items")


@dataclass(frozen=True)
class IssuerCoverage:
    issuer: str | None
    level: Level | None
    domains: tuple[DomainCoverage, ...]
    absent: tuple[str, ...]  # slugs of pilot domains with no catalogue from this issuer
    undetermined: int = 0  # catalogues whose domain could not be determined


@dataclass(frozen=True)
class CoverageReport:
    issuers: tuple[IssuerCoverage, ...] = field(default=())
    unreadable: tuple[Finding, ...] = ()  # one per file that could not be read (exit 2)
    reference_files: tuple[str, ...] = ()  # --reference / [reference] paths
    reference_undetermined: tuple[str, ...] = ()  # reference catalogues of no known domain

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        registry = default_registry()
        return {
            "unreadable": [
                {"file": f.location.file, "code": f.code,
                 "message": message_for(f, registry, lang)}
                for f in self.unreadable
            ],
            "reference_files": list(self.reference_files),
            "reference_undetermined": list(self.reference_undetermined),
            "issuers": [
                {
                    "issuer": i.issuer,
                    "level": i.level.value if i.level else None,
                    "domains": [
                        {
                            "slug": d.slug,
                            "catalogues": d.catalogues,
                            "expected": d.expected,
                            "covered": d.covered,
                            "missing": list(d.missing),
                            "local": d.local,
                            "near": d.near,
                            "complete": d.complete,
                            "label": _word("complete" if d.complete else "partial", lang),
                            "reference": d.reference,
                            "official_items": d.official_items,
                            "reference_items": d.reference_items,
                            "official_inferred": d.official_inferred,
                            "official_lower_bound": d.official_lower_bound,
                            "summary": d.summary(lang),
                        }
                        for d in i.domains
                    ],
                    "absent": list(i.absent),
                    "undetermined": i.undetermined,
                }
                for i in self.issuers
            ]
        }


def _domain_row(
    domain: Domain, level: Level | None, analyses: Sequence[CatalogueCoverage]
) -> DomainCoverage:
    covered = frozenset().union(*(a.covered for a in analyses))
    expected = analyses[0].expected(level)
    return DomainCoverage(
        slug=domain.slug,
        catalogues=len(analyses),
        expected=len(expected),
        covered=sum(1 for i in expected if i in covered),
        missing=tuple(domain.items[i].label for i in expected if i not in covered),
        local=sum(len(a.of_kind(MatchKind.NONE)) for a in analyses),
        near=sum(len(a.of_kind(MatchKind.NEAR)) for a in analyses),
        complete=domain.items_complete,
        reference=domain.origin,
        official_items=domain.official_counts.items,
        reference_items=len(domain.items),
        official_inferred=domain.official_counts.inferred,
        official_lower_bound=domain.official_counts.lower_bound_items,
    )


def coverage(documents: Iterable[Document], reference: Reference | None = None) -> CoverageReport:
    """Per issuer, domain by domain: national (or reference) items covered, missing and local
    additions."""
    groups: dict[tuple[str | None, Level | None], list[Catalogue]] = {}
    for document in documents:
        for catalogue in document.catalogues:
            key = (catalogue.issuer.name, catalogue.issuer.level)
            groups.setdefault(key, []).append(catalogue)
    issuers = []
    for (name, level), catalogues in groups.items():
        by_domain: dict[str, list[CatalogueCoverage]] = {}
        undetermined = 0
        for catalogue in catalogues:
            result = analyse_with(catalogue, reference)
            if result.domain is None:
                undetermined += 1
            else:
                by_domain.setdefault(result.domain.slug, []).append(result)
        rows = tuple(
            _domain_row(by_domain[d.slug][0].domain or d, level, by_domain[d.slug])
            for d in registry() if d.slug in by_domain
        )
        absent = tuple(d.slug for d in registry() if d.slug not in by_domain)
        issuers.append(IssuerCoverage(name, level, rows, absent, undetermined))
    return CoverageReport(tuple(issuers))


def coverage_of_paths(paths: Sequence[str | Path],
                      settings_for: Callable[[Path], Settings],
                      run: Settings | None = None) -> CoverageReport:
    """``catalog coverage``: each file read with its own settings (issuer, level, limits);
    a file that cannot be read is reported and the others still count. ``run`` (the run's
    settings) names the reference lists, if any."""
    reference = None
    if run is not None and run.reference:
        reference = load_reference(run.reference, settings_for,
                                   with_national=run.reference_with_national,
                                   complete=run.reference_complete)

    documents: list[Document] = []
    read, unreadable = read_each(paths, settings_for)
    for entry, loaded in read:
        options = settings_for(entry).check_options
        catalogues = [_with_issuer(c, options) for c in loaded.document.catalogues]
        documents.append(loaded.document.model_copy(update={"catalogues": catalogues}))
    report = coverage(documents, reference)
    if reference is None:
        return replace(report, unreadable=tuple(unreadable))
    return replace(report, unreadable=(*reference.unreadable, *unreadable),
                   reference_files=reference.files,
                   reference_undetermined=reference.undetermined)


def render_coverage(report: CoverageReport, lang: str = "zh") -> str:
    reg = registry()
    parts = []
    if report.unreadable:
        parts.append(f"{_word('unreadable', lang)}:")
        parts.extend(f"  {f.location.file}: {f.code} {message_for(f, default_registry(), lang)}"
                     for f in report.unreadable)
        parts.append("")
    if report.reference_files:
        parts.append(f"{_word('reference', lang)}: " + ", ".join(report.reference_files))
        if report.reference_undetermined:
            parts.append(f"  {_word('undetermined', lang)}: "
                         + "; ".join(report.reference_undetermined))
        parts.append("")
    for issuer in report.issuers:
        level = issuer.level.value if issuer.level else _word("unknown_level", lang)
        parts.append(
            f"{_word('issuer', lang)}: {issuer.issuer or _word('unknown_issuer', lang)} ({level})"
        )
        headers = [
            _word(k, lang)
            for k in (
                "domain",
                "catalogues",
                "expected",
                "covered",
                "missing",
                "local",
                "near",
                "list",
            )
        ]
        body = [
            [
                reg.get(d.slug).name_en if lang == "en" else reg.get(d.slug).name_zh,
                d.catalogues,
                d.expected,
                d.covered,
                len(d.missing),
                d.local,
                d.near,
                _word("complete" if d.complete else "partial", lang),
            ]
            for d in issuer.domains
        ]
        parts.append(render_table(headers, body))
        for d in issuer.domains:
            name = reg.get(d.slug).name_en if lang == "en" else reg.get(d.slug).name_zh
            label = _word("complete" if d.complete else "partial", lang)
            parts.append(f"  {name}: {d.summary(lang)}"
                         + (f" ({label})" if lang == "en" else f"（{label}）"))
            if d.missing:
                parts.append(f"  {name} {_word('missing', lang)}: " + "; ".join(d.missing))
        names = [reg.get(s).name_en if lang == "en" else reg.get(s).name_zh for s in issuer.absent]
        parts.append(
            f"{_word('absent', lang)} ({len(names)}/{len(reg)}): "
            + ("、".join(names) or _word("none", lang))
        )
        if issuer.undetermined:
            parts.append(f"{_word('undetermined', lang)}: {issuer.undetermined}")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
