"""CAT4xx rules: unknown or undetermined domain, missing national items, local items, near miss."""

from __future__ import annotations

import dataclasses
import re
import string

import pytest

import catalog.standard.matching as coverage_module
from catalog.core.findings import CatalogueSource, Finding, Severity
from catalog.rules import RuleContext
from catalog.rules.national_items import (
    DOMAIN_AMBIGUOUS,
    DOMAIN_UNDETERMINED,
    LOCAL_ADDITION,
    MISSING_COMPLETE,
    MISSING_PARTIAL,
    NEAR_MISS,
    RULES,
    UNKNOWN_DOMAIN,
)
from catalog.standard.domains import DomainRegistry, registry
from catalog.standard.model import Catalogue, Issuer, Item, Level


def context(
    rows: list[tuple[str, str]],
    *,
    domain: str | None = None,
    title: str | None = None,
    level: Level | None = Level.COUNTY,
) -> RuleContext:
    items = tuple(Item.model_construct(category=c, name=n) for c, n in rows)
    cat = Catalogue.model_construct(
        domain=domain, title=title, items=items, issuer=Issuer(level=level), metadata={}
    )
    source = CatalogueSource("c.json", pointer="/catalogues/0")
    return RuleContext(cat, source, issuer_level=level)


def run(rule, ctx: RuleContext) -> list[Finding]:  # type: ignore[no-untyped-def]
    return list(rule.run(ctx))


SOCIAL = [
    ("综合业务", "政策法规文件"),
    ("最低生活保障", "办事指南"),
    ("最低生活保障", "审核信息公示"),
    ("最低生活保障", "低保边缘家庭认定"),
]


# --------------------------------------------------------------------------- documentation


def test_rules_are_documented_with_unique_cat4_codes() -> None:
    codes = [r.code for r in RULES]
    assert len(set(codes)) == len(codes) and all(re.fullmatch(r"CAT4\d\d", c) for c in codes)
    for rule in RULES:
        assert rule.message_zh and rule.message_en and rule.rationale and rule.example
        assert rule.check is not None
        zh = {f for _, f, _, _ in string.Formatter().parse(rule.message_zh) if f}
        en = {f for _, f, _, _ in string.Formatter().parse(rule.message_en) if f}
        assert zh <= en | {"domain"} and en <= zh | {"domain_en", "domain"}


def test_every_finding_renders_in_both_languages() -> None:
    contexts = [
        context(SOCIAL, domain="social_assistance"),
        context([], domain="bogus"),
        context([("本地", "本地事项")], title="目录"),
        context([("本地", "本地事项")], title="自然资源领域基层政务公开标准目录"),
    ]
    for ctx in contexts:
        for rule in RULES:
            for finding in run(rule, ctx):
                assert finding.code == rule.code
                rule.message_zh.format(**finding.params)
                rule.message_en.format(**finding.params)


# --------------------------------------------------------------------------- domain


def test_unknown_slug_is_an_error_located_at_the_catalogue() -> None:
    (finding,) = run(UNKNOWN_DOMAIN, context([], domain="social_asistance"))
    assert finding.severity is Severity.ERROR and finding.params["domain"] == "social_asistance"
    assert finding.location.pointer == "/catalogues/0"
    assert run(UNKNOWN_DOMAIN, context([], domain="social_assistance")) == []
    assert run(DOMAIN_UNDETERMINED, context([], domain="social_asistance")) == []


def test_undetermined_domain_is_a_warning() -> None:
    ctx = context([("本地", "本地事项")], title="目录")
    (finding,) = run(DOMAIN_UNDETERMINED, ctx)
    assert finding.severity is Severity.WARNING
    assert run(DOMAIN_AMBIGUOUS, ctx) == []
    assert run(DOMAIN_UNDETERMINED, context(SOCIAL)) == []  # detected from the items


def test_ambiguous_domain_lists_candidates() -> None:
    ctx = context([("本地", "本地事项")], title="自然资源领域基层政务公开标准目录")
    (finding,) = run(DOMAIN_AMBIGUOUS, ctx)
    assert finding.params["candidates"] == "land_expropriation_compensation, urban_rural_planning"
    assert run(DOMAIN_UNDETERMINED, ctx) == []
    assert run(LOCAL_ADDITION, ctx) == []  # no domain, no guess


# --------------------------------------------------------------------------- missing items


def test_missing_items_from_a_partial_list_are_info_and_say_so() -> None:
    findings = run(MISSING_PARTIAL, context(SOCIAL, domain="social_assistance"))
    missing = {f.params["national"] for f in findings}
    assert "临时救助/办事指南" in missing and "最低生活保障/办事指南" not in missing
    assert "最低生活保障/审核信息" not in missing  # covered by the near miss
    assert all(
        f.severity is Severity.INFO and f.location.pointer == "/catalogues/0" for f in findings
    )
    assert "不完整" in MISSING_PARTIAL.message_zh and "partial" in MISSING_PARTIAL.message_en
    assert run(MISSING_COMPLETE, context(SOCIAL, domain="social_assistance")) == []


def test_missing_items_follow_the_issuer_level() -> None:
    rows = [("城镇燃气管理", "燃气经营许可证核发")]
    county = run(MISSING_PARTIAL, context(rows, domain="municipal_services"))
    assert county and all(f.params["level"] == "县级" for f in county)
    assert (
        run(MISSING_PARTIAL, context(rows, domain="municipal_services", level=Level.TOWNSHIP)) == []
    )


def test_missing_items_are_skipped_without_issuer_level() -> None:
    ctx = context(SOCIAL, domain="social_assistance", level=None)
    assert run(MISSING_PARTIAL, ctx) == [] and run(MISSING_COMPLETE, ctx) == []
    assert run(LOCAL_ADDITION, ctx)  # level-independent checks still run


def test_missing_items_from_a_complete_list_are_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    complete = dataclasses.replace(registry().get("household_registration"), items_complete=True)
    others = [d for d in registry() if d.slug != complete.slug]
    monkeypatch.setattr(coverage_module, "registry", lambda: DomainRegistry([*others, complete]))
    ctx = context([("出生登记", "出生登记")], domain="household_registration")
    findings = run(MISSING_COMPLETE, ctx)
    assert findings and all(f.severity is Severity.WARNING for f in findings)
    assert "收养、入籍等登记/收养登记" in {f.params["national"] for f in findings}
    assert run(MISSING_PARTIAL, ctx) == []


# --------------------------------------------------------------------------- item names


def test_local_additions_are_info_at_the_item() -> None:
    (finding,) = run(LOCAL_ADDITION, context(SOCIAL, domain="social_assistance"))
    assert finding.severity is Severity.INFO
    assert finding.params["item"] == "最低生活保障/低保边缘家庭认定"
    assert finding.location.pointer == "/catalogues/0/items/3"


def test_near_miss_suggests_the_national_wording() -> None:
    (finding,) = run(NEAR_MISS, context(SOCIAL, domain="social_assistance"))
    assert finding.severity is Severity.WARNING
    assert finding.params["written"] == "审核信息公示"
    assert finding.params["national"] == "审核信息"
    assert finding.params["national_item"] == "最低生活保障/审核信息"
    assert finding.location.pointer == "/catalogues/0/items/2/name"


def test_near_miss_on_a_one_level_row_points_at_the_category() -> None:
    (finding,) = run(
        NEAR_MISS, context([("征地管理政策文件", "")], domain="land_expropriation_compensation")
    )
    assert finding.params["field"] == "category" and finding.params["national"] == "征地管理政策"


def test_rules_are_in_the_default_registry() -> None:
    from catalog.rules import default_registry

    reg = default_registry()
    assert all(rule.code in reg for rule in RULES)
