"""Build a scorecard: read and check every file, group catalogues by issuer, rate and score."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from catalog.checking.checker import _with_issuer, check_loaded, read_each
from catalog.core.findings import CatalogueSource, Finding
from catalog.scorecard import indicators
from catalog.scorecard.config import IndicatorSpec, ScorecardConfig
from catalog.scorecard.indicators import Measure, Unit
from catalog.standard.matching import analyse_with
from catalog.standard.terms import Level

if TYPE_CHECKING:
    from catalog.checking.config import Settings
    from catalog.checking.reference import Reference


class Rating(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"


RATING_WORDS = {
    Rating.GREEN: ("绿：达标", "green: on target"),
    Rating.AMBER: ("黄：需改进", "amber: needs work"),
    Rating.RED: ("红：不达标", "red: off target"),
    Rating.NONE: ("无数据", "no data"),
}


@dataclass(frozen=True)
class Indicator:
    spec: IndicatorSpec
    measure: Measure
    rating: Rating
    score: float | None  # None: not scored (nothing to measure)

    @property
    def key(self) -> str:
        return self.spec.key


@dataclass(frozen=True)
class Row:
    """One issuer (a township, a county department), or the whole folder."""

    issuer: str | None
    level: Level | None
    files: tuple[str, ...]
    catalogues: int
    items: int
    indicators: tuple[Indicator, ...]

    @property
    def score(self) -> float:
        return round(sum(i.score for i in self.indicators if i.score is not None), 2)

    @property
    def out_of(self) -> float:
        return sum(i.spec.weight for i in self.indicators if i.score is not None)


@dataclass(frozen=True)
class Scorecard:
    rows: tuple[Row, ...]
    total: Row | None  # the whole folder, when there is more than one issuer
    config: ScorecardConfig
    unreadable: tuple[Finding, ...] = ()
    reference_files: tuple[str, ...] = ()
    today: date = field(default_factory=date.today)


def rate(spec: IndicatorSpec, value: float | None) -> Rating:
    if value is None:
        return Rating.NONE
    if spec.higher_is_better:
        return (Rating.GREEN if value >= spec.green
                else Rating.AMBER if value >= spec.amber else Rating.RED)
    return (Rating.GREEN if value <= spec.green
            else Rating.AMBER if value <= spec.amber else Rating.RED)


def score(spec: IndicatorSpec, measure: Measure) -> float | None:
    """每例扣 N 分，上限 M 分 when the scheme says so; else weight × the share."""
    if measure.value is None:
        return None
    if spec.per_case is not None:
        cap = spec.cap if spec.cap is not None else spec.weight
        return round(max(0.0, spec.weight - min(cap, spec.per_case * len(measure.cases))), 2)
    return round(spec.weight * max(0.0, min(1.0, measure.value)), 2)


@dataclass(frozen=True)
class Context:
    """What the indicators need beyond the catalogues themselves."""

    today: date
    reference: Reference | None = None
    superseded_in: Callable[[str], Sequence[object]] | None = None
    linked: Callable[[Unit, int], bool] | None = None
    changes: Callable[[Sequence[Unit]], Sequence[str]] | None = None


def row(units: Sequence[Unit], issuer: str | None, level: Level | None,
        config: ScorecardConfig, context: Context) -> Row:
    freshness_spec = config.spec("freshness")
    measures = {
        "domains": indicators.domains(units, level),
        "national_items": indicators.national_items(units, level, context.reference),
        "elements": indicators.elements(units),
        "conformity": indicators.conformity(units),
        "time_limits": indicators.time_limits(units),
        "basis_currency": indicators.basis_currency(units, context.superseded_in),
        "freshness": indicators.freshness(
            units, context.today, freshness_spec.green,
            context.changes(units) if context.changes else ()),
        "links": indicators.links(units, context.linked),
    }
    built = tuple(Indicator(spec, measures[spec.key], rate(spec, measures[spec.key].value),
                            score(spec, measures[spec.key]))
                  for spec in config.indicators)
    files = tuple(dict.fromkeys(unit.file for unit in units))
    return Row(issuer, level, files, len(units), sum(len(u.catalogue.items) for u in units),
               built)


def scorecard(units: Sequence[Unit], config: ScorecardConfig, context: Context) -> Scorecard:
    """One row per issuer (name and level), and a total row when there are several."""
    from dataclasses import replace


    units = [replace(unit, coverage=analyse_with(unit.catalogue, context.reference))
             for unit in units]  # matched once, shared by the issuer's row and the total
    groups: dict[tuple[str | None, Level | None], list[Unit]] = {}
    for unit in units:
        issuer = unit.catalogue.issuer
        groups.setdefault((issuer.name, issuer.level), []).append(unit)
    rows = tuple(row(found, name, level, config, context)
                 for (name, level), found in groups.items())
    total = None
    if len(rows) > 1:
        levels = {level for _, level in groups}
        total = row(units, None, levels.pop() if len(levels) == 1 else None, config, context)
    return Scorecard(rows, total, config, today=context.today)


def read_units(paths: Sequence[str | Path], settings_for: Callable[[Path], Settings]
               ) -> tuple[list[Unit], list[Finding]]:
    """Read and check every file with its own settings; unreadable files are reported."""
    units: list[Unit] = []
    read, unreadable = read_each(paths, settings_for)
    for entry, loaded in read:
        options = settings_for(entry).check_options
        findings = check_loaded(loaded, options)
        owned = _by_catalogue(findings, loaded.sources)
        for index, (catalogue, source) in enumerate(
                zip(loaded.document.catalogues, loaded.sources, strict=True)):
            units.append(Unit(_with_issuer(catalogue, options), source, tuple(owned[index])))
    return units, unreadable


def _by_catalogue(findings: Sequence[Finding], sources: Sequence[CatalogueSource]
                  ) -> list[list[Finding]]:
    """A file's findings, per catalogue (by JSON pointer or sheet); one about the file as a
    whole is counted once, with its first catalogue."""
    owned: list[list[Finding]] = [[] for _ in sources] or [[]]
    pointers = {source.pointer: index for index, source in enumerate(sources) if source.pointer}
    sheets = {source.sheet: index for index, source in enumerate(sources) if source.sheet}
    for finding in findings:
        where = finding.location
        index = 0
        if len(sources) > 1 and where.pointer is not None:
            prefix = "/".join(where.pointer.split("/")[:3])  # /catalogues/N
            index = pointers.get(prefix, 0)
        elif len(sources) > 1 and where.sheet is not None:
            index = sheets.get(where.sheet, 0)
        owned[index].append(finding)
    return owned
