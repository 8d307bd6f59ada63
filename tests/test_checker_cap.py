"""The per-rule cap of the checker (``max_findings_per_rule``) over finding groups.

Rules yield :class:`FindingGroup` s (``ctx.findings``) and plain findings; the checker counts
groups with ``len`` and builds only the findings it keeps. What it returns must be exactly what
building every finding, sorting them in file order and capping them gives (the path before
groups), in content and in order, under the cap and over it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.checking import checker
from catalog.checking.capping import ordered_capped, positions
from catalog.checking.checker import CheckOptions
from catalog.core.findings import CatalogueSource, Finding, InputError, Location, Severity
from catalog.formats.loading import load_file
from catalog.formats.screening import Limits
from catalog.rules.engine import FindingGroup, Rule, RuleContext
from catalog.rules.limits import FINDINGS_CAPPED
from catalog.standard.model import Catalogue, Item
from tests.conftest import examples
from tests.test_reports_golden import cases

FILE = "目录.xlsx"
SHEETS = ["表1", "表2", "表10"]  # 表10 after 表2: workbook order, not text order
RULES = [Rule(code=f"ZZ10{number}", name=f"rule-{number}", severity=severity,
              message_zh="“{item}”", message_en="“{item}”", rationale="r", example="e")
         for number, severity in enumerate((Severity.ERROR, Severity.WARNING, Severity.INFO))]
FIELDS = [None, "name", "basis", "channels", "no_column"]


def cap_findings(findings: list[Finding], file: str, limit: int) -> list[Finding]:
    """The cap before groups: the first ``limit`` findings of each rule in the order given,
    after one CAT625 per capped rule."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
    if all(count <= limit for count in counts.values()):
        return findings
    kept: list[Finding] = []
    shown: dict[str, int] = {}
    for finding in findings:
        seen = shown.get(finding.code, 0)
        if seen < limit:
            kept.append(finding)
        shown[finding.code] = seen + 1
    summaries = [FINDINGS_CAPPED.at(Location(file), rule=code, more=count - limit, limit=limit)
                 for code, count in counts.items() if count > limit]
    return summaries + kept


def straightforward(found: list[Finding | FindingGroup], sheets: list[str], file: str,
                    limit: int) -> list[Finding]:
    """The checker before groups: every finding built, sorted (stable) in file order, capped."""
    findings = [finding for entry in found
                for finding in (entry if isinstance(entry, FindingGroup) else (entry,))]
    findings.sort(key=positions(sheets))
    return cap_findings(findings, file, limit)


def _catalogue(count: int) -> Catalogue:
    items = [Item.model_construct(category=f"类{index % 3}", name=f"项{index}")
             for index in range(count)]
    return Catalogue.model_construct(items=items)


def _line_of(pointer: str) -> int | None:
    """Few lines, many ties and some pointers without a line (as a minified JSON file)."""
    return zlib.crc32(pointer.encode()) % 4 or None


@st.composite
def sources(draw: st.DrawFn) -> tuple[CatalogueSource, int]:
    """A catalogue's source and its item count."""
    count = draw(st.integers(1, 12))
    if draw(st.booleans()):  # a JSON catalogue, with or without line numbers
        return CatalogueSource(FILE, pointer=f"/catalogues/{draw(st.integers(0, 2))}",
                               line_of=draw(st.sampled_from([None, _line_of]))), count
    if draw(st.booleans()):  # rows ascending (as a reader leaves them), maybe too few
        rows = sorted(draw(st.sets(st.integers(2, 60), min_size=max(0, count - 2),
                                   max_size=count)))
    else:  # any rows, some shared, maybe fewer than items (then the title row)
        rows = draw(st.lists(st.integers(1, 9), min_size=max(0, count - 2), max_size=count))
    return CatalogueSource(
        FILE, sheet=draw(st.sampled_from([*SHEETS, "附表", None])), item_rows=rows,
        columns={"name": 3, "basis": 5, "channels": draw(st.sampled_from([3, 8]))},
        title_row=draw(st.sampled_from([None, 1]))), count


@st.composite
def streams(draw: st.DrawFn) -> list[Finding | FindingGroup]:
    """Reader findings, then per catalogue a rule's groups and findings, mixed."""
    found: list[Finding | FindingGroup] = [
        draw(st.sampled_from(RULES)).at(Location(FILE, sheet=draw(st.sampled_from(
            [*SHEETS, "附表", None])), row=draw(st.sampled_from([None, 1, 5]))), text="读取")
        for _ in range(draw(st.integers(0, 3)))]
    for source, count in draw(st.lists(sources(), min_size=1, max_size=3)):
        context = RuleContext(_catalogue(count), source)
        items = st.integers(0, count - 1)
        for _ in range(draw(st.integers(1, 8))):
            rule, field = draw(st.sampled_from(RULES)), draw(st.sampled_from(FIELDS))
            params: dict[str, Any] = {"n": draw(st.integers(0, 2))}
            if draw(st.integers(0, 3)):
                size = draw(st.integers(0, 20))
                indexes = draw(st.lists(items, min_size=size, max_size=size))
                if draw(st.booleans()):
                    indexes.sort()
                found.append(context.findings(rule, indexes, field, **params))
            else:
                found.append(context.finding(rule, draw(st.none() | items), field, **params))
    return found


@settings(max_examples=examples(300), suppress_health_check=[HealthCheck.too_slow])
@given(streams(), st.integers(1, 7))
def test_cap_keeps_what_building_sorting_and_capping_everything_keeps(
        found: list[Finding | FindingGroup], limit: int) -> None:
    assert ordered_capped(found, SHEETS, FILE, limit) == straightforward(
        found, SHEETS, FILE, limit)


@settings(max_examples=examples(100))
@given(streams())
def test_under_the_cap_everything_in_file_order(found: list[Finding | FindingGroup]) -> None:
    expected = straightforward(found, SHEETS, FILE, 10_000)
    assert ordered_capped(found, SHEETS, FILE, 10_000) == expected
    assert len(expected) == sum(len(e) if isinstance(e, FindingGroup) else 1 for e in found)


def test_two_findings_on_one_cell_keep_the_order_they_were_made_in() -> None:
    """A cell with two mistakes of one rule (two channel synonyms): the rule yields one group
    per mistake, and in each capped or uncapped list the first mistake comes first."""
    source = CatalogueSource(FILE, sheet="表1", item_rows=list(range(3, 13)),
                             columns={"channels": 8})
    context = RuleContext(_catalogue(10), source)
    rule = RULES[0]
    found: list[Finding | FindingGroup] = [
        context.findings(rule, range(10), "channels", written="甲"),
        context.findings(rule, range(10), "channels", written="乙")]
    for limit in (3, 4, 100):
        kept = [(f.location.row, f.params["written"]) for f in
                ordered_capped(found, SHEETS, FILE, limit) if f.code == rule.code]
        assert kept == [(row, written) for row in range(3, 13) for written in "甲乙"][:limit]


def test_findings_past_the_cap_are_never_built(monkeypatch: pytest.MonkeyPatch) -> None:
    source = CatalogueSource(FILE, sheet="表1", item_rows=list(range(3, 20_003)),
                             columns={"name": 3})
    context = RuleContext(_catalogue(20_000), source)
    built: list[int] = []
    original = RuleContext.finding

    def counted(self: RuleContext, rule: Rule, item: int | None = None,
                field_name: str | None = None, **params: Any) -> Finding:
        built.append(0)
        return original(self, rule, item, field_name, **params)

    monkeypatch.setattr(RuleContext, "finding", counted)
    found: list[Finding | FindingGroup] = [
        context.findings(RULES[2], range(20_000)),
        context.findings(RULES[1], range(0, 20_000, 3), "name", first="表1!A3"),
        *(context.findings(RULES[0], [index], "name") for index in range(0, 20_000, 50))]
    capped = ordered_capped(found, SHEETS, FILE, 10)
    assert len(built) == 30  # ten of each rule
    assert [(f.params["rule"], f.params["more"]) for f in capped[:3]] == [
        (RULES[2].code, 19_990), (RULES[0].code, 390), (RULES[1].code, 6_657)]
    assert [f.location.row for f in capped[3:] if f.code == RULES[0].code] == list(
        range(3, 503, 50))


def _cases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("cap")
    for case in cases(folder):
        yield case.cwd, case.path


@pytest.mark.parametrize("limit", [1, 2, 1_000])
def test_check_loaded_equals_the_straightforward_path(
        limit: int, monkeypatch: pytest.MonkeyPatch,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every fixture and example, checked with the checker's cap and with the old path."""
    options = CheckOptions(reader_options={"limits": Limits.from_mapping(
        {"max_findings_per_rule": limit})})
    checked = 0
    for cwd, path in _cases(tmp_path_factory):
        try:
            loaded = load_file(cwd / path)
        except InputError:  # an unreadable fixture: no rules run
            continue
        fast = checker.check_loaded(loaded, options)
        with monkeypatch.context() as patch:
            patch.setattr(checker, "ordered_capped", straightforward)
            slow = checker.check_loaded(loaded, options)
        assert fast == slow, path
        checked += bool(fast)
    assert checked > 10
