"""The scorecard's indicators, each computed from the catalogues of one issuer (or all of them).

Each function returns what an assessor writes in a cell: a value, the cases behind it (the
offending items), and a one-line method in Chinese and English. Ratings and points are applied
afterwards from the scheme (:mod:`catalog.scorecard.config`), so a city's own thresholds and
deduction rules never change what is measured.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from catalog.core.findings import CatalogueSource, Finding, Severity
from catalog.rules.legal import STATUTORY_WORKING_DAYS
from catalog.rules.structure import _BLANK, REQUIRED_FIELDS
from catalog.standard.domains import registry
from catalog.standard.fields import ITEM_FIELDS
from catalog.standard.matching import analyse_with
from catalog.standard.model import Catalogue, Item, TimeLimitKind
from catalog.standard.terms import Level, Mode
from catalog.standard.time_limits import allows_longer_by_law

if TYPE_CHECKING:
    from catalog.checking.reference import Reference
    from catalog.standard.matching import CatalogueCoverage


@dataclass(frozen=True)
class Unit:
    """One catalogue as read from a file, with the findings a check gave it and (once the
    scorecard has matched it) its coverage against the national or reference items."""

    catalogue: Catalogue
    source: CatalogueSource
    findings: tuple[Finding, ...] = ()
    coverage: CatalogueCoverage | None = None

    def analysed(self, reference: Reference | None = None) -> CatalogueCoverage:
        if self.coverage is not None:
            return self.coverage

        return analyse_with(self.catalogue, reference)

    @property
    def file(self) -> str:
        return self.source.file

    def where(self, index: int) -> str:
        return f"{self.file}:{self.source.reference(index)}"


@dataclass(frozen=True)
class Measure:
    """What one indicator found: ``value`` is ``None`` when there is nothing to measure."""

    value: float | None
    display: str
    cases: tuple[str, ...] = ()  # offending items, one line each
    method_zh: str = ""
    method_en: str = ""
    reference_only: bool = False  # 参考: measured against a partial reference list
    notes: tuple[str, ...] = ()  # e.g. unparsed time limits
    details: dict[str, object] = field(default_factory=dict)
    display_en: str | None = None  # where the display has words: the English one
    cases_en: tuple[str, ...] | None = None  # where the cases have words: the English ones

    def shown(self, lang: str) -> str:
        return self.display_en if lang == "en" and self.display_en is not None else self.display

    def listed(self, lang: str) -> tuple[str, ...]:
        return self.cases_en if lang == "en" and self.cases_en is not None else self.cases


def _share(part: int, whole: int) -> tuple[float | None, str]:
    if whole == 0:
        return None, "-"
    return part / whole, f"{part / whole:.1%} ({part}/{whole})"


def _label(item: Item) -> str:
    return "/".join(part for part in (item.category, item.name) if part) or "(未命名)"


# --------------------------------------------------------------------------- 领域覆盖


def domains(units: Sequence[Unit], level: Level | None) -> Measure:
    present = {result.domain.slug for unit in units
               if (result := unit.analysed()).domain is not None}
    expected = [d for d in registry()
                if level is None or any(item.expected_at(level) for item in d.items)]
    found = sum(1 for d in expected if d.slug in present)
    value, display = _share(found, len(expected))
    return Measure(
        value, display, tuple(d.name_zh for d in expected if d.slug not in present),
        "有目录的试点领域数 ÷ 本层级应有目录的领域数（有本层级国家事项的领域）",
        "pilot domains with a catalogue ÷ domains with national items expected at this level")


# --------------------------------------------------------------------------- 国家事项覆盖


def national_items(units: Sequence[Unit], level: Level | None,
                   reference: Reference | None = None) -> Measure:
    by_domain: dict[str, list[CatalogueCoverage]] = {}
    for unit in units:
        result = unit.analysed(reference)
        if result.domain is not None:
            by_domain.setdefault(result.domain.slug, []).append(result)
    expected = covered = 0
    cases: list[str] = []
    partial = False
    for analyses in by_domain.values():
        domain = analyses[0].domain
        assert domain is not None
        partial = partial or not domain.items_complete
        hit = frozenset().union(*(a.covered for a in analyses))
        wanted = analyses[0].expected(level)
        expected += len(wanted)
        covered += sum(1 for i in wanted if i in hit)
        cases.extend(f"{domain.name_zh}: {domain.items[i].label}" for i in wanted if i not in hit)
    value, display = _share(covered, expected)
    display_en = display
    if partial and value is not None:
        display, display_en = display + " 参考", display_en + " (reference only)"
    return Measure(
        value, display, tuple(cases),
        "已覆盖的国家（或参照）事项 ÷ 本层级应有事项，按领域合计；参照清单不完整时标“参考”",
        "national (or reference) items covered ÷ items expected at this level, over the "
        "domains present; 参考 when a reference list is partial",
        reference_only=partial, display_en=display_en)


# --------------------------------------------------------------------------- 要素完整率


def _blank_fields(item: Item, absent: frozenset[str], seen: dict[tuple[str, int], bool]
                  ) -> list[str]:
    """The required elements ``item`` lacks; ``seen`` remembers each value's verdict by
    identity (rows share their time limit, basis and channel objects), so a large catalogue
    judges each distinct value once."""
    missing = [] if (item.category.strip() or item.name.strip()) else ["name"]
    for name in REQUIRED_FIELDS:
        if name in absent:
            missing.append(name)
            continue
        value = getattr(item, name)
        key = (name, id(value))
        blank = seen.get(key)
        if blank is None:
            blank = seen[key] = _BLANK[name](value)
        if blank:
            missing.append(name)
    return missing


def elements(units: Sequence[Unit]) -> Measure:
    total = complete = 0
    cases: list[str] = []
    cases_en: list[str] = []
    for unit in units:
        seen: dict[tuple[str, int], bool] = {}  # per catalogue: its items keep the values alive
        for index, item in enumerate(unit.catalogue.items):
            total += 1
            missing = _blank_fields(item, unit.source.absent_fields, seen)
            if not missing:
                complete += 1
            else:
                names = "、".join(ITEM_FIELDS[m][0] if m in ITEM_FIELDS else "事项名称"
                                  for m in missing)
                cases.append(f"{unit.where(index)} {_label(item)}：缺{names}")
                cases_en.append(f"{unit.where(index)} {_label(item)}: no {', '.join(missing)}")
    value, display = _share(complete, total)
    return Measure(
        value, display, tuple(cases), cases_en=tuple(cases_en), method_zh=
        "公开事项名称、内容、依据、时限、主体、渠道和载体、对象、方式均已填写的事项 ÷ 全部事项"
        "（国办发〔2019〕54号）",
        method_en="items with name, content, basis, time limit, subject, channels, audience and "
        "mode all filled ÷ all items (国办发〔2019〕54号)")


# --------------------------------------------------------------------------- 规范性


def conformity(units: Sequence[Unit], top: int = 5) -> Measure:
    items = sum(len(unit.catalogue.items) for unit in units)
    findings = [f for unit in units for f in unit.findings]
    by_severity = Counter(f.severity for f in findings)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if items == 0:
        return Measure(None, "-", method_zh="每百项错误数", method_en="errors per 100 items")
    per100 = {s: 100 * by_severity.get(s, 0) / items for s in Severity}
    rules = Counter(f.code for f in findings).most_common(top)
    display = (f"错误 {per100[Severity.ERROR]:.1f} / 警告 {per100[Severity.WARNING]:.1f} / "
               f"提示 {per100[Severity.INFO]:.1f} 每百项")
    display_en = (f"errors {per100[Severity.ERROR]:.1f} / warnings "
                  f"{per100[Severity.WARNING]:.1f} / information {per100[Severity.INFO]:.1f} "
                  "per 100 items")
    return Measure(
        per100[Severity.ERROR], display,
        tuple(f"{f.location.describe()} {f.code}" for f in errors),
        "每百项的错误数（另列警告、提示），及最常见的规则",
        "errors per 100 items (warnings and information shown too), and the top rules",
        details={"per_100": {s.value: round(v, 2) for s, v in per100.items()},
                 "top_rules": [[code, count] for code, count in rules]},
        display_en=display_en)


# --------------------------------------------------------------------------- 时限合规

# Kinds that meet 条例 art. 26 without a number: standing or recurring information, real time,
# and deadlines set by another law (从其规定).
_COMPLIANT_KINDS = frozenset({TimeLimitKind.REAL_TIME, TimeLimitKind.AS_PRESCRIBED,
                              TimeLimitKind.PERIODIC, TimeLimitKind.LONG_TERM})


def time_limit_compliant(kind: TimeLimitKind, days: int | None, text: str) -> bool | None:
    """True within 20 working days (20 natural days always are) or 从其规定; ``None``: not read."""
    if kind is TimeLimitKind.UNRECOGNISED:
        return None
    if kind in _COMPLIANT_KINDS or allows_longer_by_law(text):
        return True
    if kind in (TimeLimitKind.WORKING_DAYS, TimeLimitKind.NATURAL_DAYS) and days is not None:
        return days <= STATUTORY_WORKING_DAYS
    return False  # 及时 names no deadline; a day count that could not be read


def time_limits(units: Sequence[Unit]) -> Measure:
    ok = judged = 0
    cases: list[str] = []
    unparsed: list[str] = []
    for unit in units:
        verdicts: dict[int, bool | None] = {}  # by identity: identical limits share one object
        for index, item in enumerate(unit.catalogue.items):
            limit = item.time_limit
            if not limit.text.strip():
                continue  # blank: 要素完整率 counts it
            if id(limit) in verdicts:
                verdict = verdicts[id(limit)]
            else:
                verdict = verdicts[id(limit)] = time_limit_compliant(
                    limit.kind, limit.days, limit.text)
            if verdict is None:
                unparsed.append(f"{unit.where(index)} {_label(item)}：{limit.text}")
                continue
            judged += 1
            if verdict:
                ok += 1
            else:
                cases.append(f"{unit.where(index)} {_label(item)}：{limit.text}")
    value, display = _share(ok, judged)
    return Measure(
        value, display, tuple(cases),
        "公开时限在20个工作日内（20日内、实时、定期、长期）或“从其规定”的事项 ÷ 可识别时限的事项"
        "（条例第二十六条）；无法识别的另列",
        "items whose time limit is within 20 working days (20 days, real time, periodic, "
        "standing) or defers to another law ÷ items with a readable time limit (art. 26); "
        "unreadable ones listed",
        notes=tuple(unparsed))


# --------------------------------------------------------------------------- 依据时效


def basis_currency(units: Sequence[Unit],
                   superseded_in: Callable[[str], Sequence[object]] | None) -> Measure:
    """Share of items citing a superseded document (e.g. 国务院令第492号, the 2007 条例)."""
    method_zh = "引用已废止或已修订文件（如国务院令第492号）的事项 ÷ 全部事项"
    method_en = "items citing a superseded document (e.g. 国务院令第492号) ÷ all items"
    if superseded_in is None:
        return Measure(None, "-", method_zh=method_zh, method_en=method_en,
                       notes=("需要 catalog diff 的废止文件表 / needs the supersession table of "
                              "catalog diff",))
    total = 0
    cases: list[str] = []
    for unit in units:
        for index, item in enumerate(unit.catalogue.items):
            total += 1
            found = superseded_in(item.basis.text)
            if found:
                cited = "、".join(str(getattr(entry, "cited", entry)) for entry in found)
                cases.append(f"{unit.where(index)} {_label(item)}：{cited}")
    value, display = _share(len(cases), total)
    return Measure(value, display, tuple(cases), method_zh, method_en)


# --------------------------------------------------------------------------- 版本时效


def freshness(units: Sequence[Unit], today: date, stale_after: float,
              changes: Sequence[str] = ()) -> Measure:
    days: list[int] = []
    cases: list[str] = []
    cases_en: list[str] = []
    for unit in units:
        catalogue = unit.catalogue
        name = catalogue.title or catalogue.domain or unit.file
        if catalogue.updated is None:
            cases.append(f"{unit.file} {name}：未注明更新日期")
            cases_en.append(f"{unit.file} {name}: no date of update")
            continue
        age = (today - catalogue.updated).days
        days.append(age)
        if age > stale_after:
            when = catalogue.updated.isoformat()
            cases.append(f"{unit.file} {name}：{age} 天未更新（{when}）")
            cases_en.append(f"{unit.file} {name}: not updated for {age} days ({when})")
    method_zh = "距最近一次更新的天数（取最久未更新的目录）；给出 --previous 时列出变化"
    method_en = ("days since the last update (the stalest catalogue); changes since --previous "
                 "listed")
    if not days:
        return Measure(None, "-", tuple(cases), method_zh, method_en, notes=tuple(changes),
                       cases_en=tuple(cases_en))
    return Measure(float(max(days)), f"{max(days)} 天", tuple(cases), method_zh, method_en,
                   notes=tuple(changes), display_en=f"{max(days)} days",
                   cases_en=tuple(cases_en))


# --------------------------------------------------------------------------- 事项链接率


def links(units: Sequence[Unit], linked: Callable[[Unit, int], bool] | None) -> Measure:
    """Share of 主动 items published on 政府网站 that have a link (``--links``)."""
    method_zh = "有链接的“主动公开、政府网站”事项 ÷ 此类事项（需 --links）"
    method_en = "主动 items published on 政府网站 that have a link ÷ such items (needs --links)"
    if linked is None:
        return Measure(None, "-", method_zh=method_zh, method_en=method_en,
                       notes=("未提供 --links / no --links given",))
    total = hit = 0
    cases: list[str] = []
    for unit in units:
        for index, item in enumerate(unit.catalogue.items):
            if Mode.PROACTIVE not in item.mode or not any("政府网站" in c for c in item.channels):
                continue
            total += 1
            if linked(unit, index):
                hit += 1
            else:
                cases.append(f"{unit.where(index)} {_label(item)}")
    value, display = _share(hit, total)
    return Measure(value, display, tuple(cases), method_zh, method_en)
