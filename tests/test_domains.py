"""Domain registry: loading, lookup by name and title, detection and item matching."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.core.findings import UsageError
from catalog.standard.domains import (
    DetectionMethod,
    Domain,
    DomainRegistry,
    MatchKind,
    UnknownDomainError,
    load_domains,
    match_item,
    name_key,
    registry,
    strip_title,
)
from catalog.standard.model import Level

HALF_TO_FULL = {ord(c): ord(c) + 0xFEE0 for c in "()0123456789.,:;/"}


# --------------------------------------------------------------------------- loading


def test_loads_26_domains_in_listing_order() -> None:
    domains = load_domains()
    assert len(domains) == 26
    assert [d.order for d in domains] == list(range(1, 27))
    assert domains[0].slug == "major_construction"


def test_registry_is_built_once() -> None:
    assert registry() is registry()
    assert len(registry()) == 26
    assert "social_assistance" in registry()


def test_get_unknown_slug_is_a_usage_error() -> None:
    with pytest.raises(UnknownDomainError):
        registry().get("social_asistance")
    assert issubclass(UnknownDomainError, UsageError)


def test_domain_fields_are_typed() -> None:
    domain = registry().get("household_registration")
    assert domain.name_zh == "户籍管理"
    assert domain.official_counts.categories == 7
    assert domain.departments[0].name == "公安部" and domain.departments[0].confirmed
    birth = domain.items[0]
    assert birth.level == (Level.COUNTY, Level.TOWNSHIP)
    with pytest.raises(AttributeError):  # immutable (a NamedTuple since issue 15)
        birth.name = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------- names and titles


@given(
    st.sampled_from(["办事指南", "迁出、迁入登记", "国(境)外人员入境就业", "A级纳税人名单"]),
    st.lists(st.sampled_from([" ", "\n", "\u3000"]), max_size=3),
)
def test_name_key_ignores_width_space_and_punctuation(name: str, noise: list[str]) -> None:
    noisy = name[:1] + "".join(noise) + name[1:].translate(HALF_TO_FULL)
    assert name_key(noisy) == name_key(name)


@pytest.mark.parametrize(
    "text",
    [
        "1.1就业政策法规咨询",
        "(一)就业政策法规咨询",
        "0101就业政策法规咨询",
        "一、就业政策法规咨询",
        "12 就业政策法规咨询",
    ],
)
def test_name_key_drops_item_codes(text: str) -> None:
    assert name_key(text) == name_key("就业政策法规咨询")


def test_name_key_keeps_digits_that_are_part_of_a_name() -> None:
    assert name_key("12345热线") == "12345热线"
    assert name_key("3D打印") != name_key("打印")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("(七)社会保险领域基层政务公开标准目录", "社会保险"),
        ("卫生健康领域基层政务公开标准目录(试行)", "卫生健康"),
        ("附件5:公共文化服务领域基层政务公开标准目录.docx", "公共文化服务"),
        ("2022年广西涉农补贴领域基层政务公开标准目录", "广西涉农补贴"),
        ("义务教育领域政务公开清单目录", "义务教育"),
        ("救灾生产领域", "救灾生产"),
    ],
)
def test_strip_title(title: str, expected: str) -> None:
    assert strip_title(title) == expected


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("社会保险", "social_insurance"),
        ("(七)社会保险领域基层政务公开标准目录", "social_insurance"),
        ("重庆市长寿区救灾领域政务公开标准目录(2024年版)", "disaster_relief"),
        ("2022年广西涉农补贴领域基层政务公开标准目录", "agricultural_subsidies"),
        (
            "济宁市兖州区教育和体育局义务教育领域基层政务公开标准目录(2021年度)",
            "compulsory_education",
        ),
        ("(二十二)沙湾区安全生产领域基层政务公开标准目录", "work_safety"),
        ("救灾生产领域", "disaster_relief"),
        ("财政预算决算", "fiscal_budget"),
        ("医疗卫生领域", "health"),
        ("规划和自然资源领域基层政务公开标准目录", "urban_rural_planning"),
        ("保障性住房领域政务公开标准目录", "affordable_housing"),
    ],
)
def test_find_by_title_or_alias(title: str, slug: str) -> None:
    found = registry().find(title)
    assert found is not None and found.slug == slug


@pytest.mark.parametrize(
    "title",
    [
        "自然资源领域基层政务公开标准目录",
        "就业和社会保险领域基层政务公开标准指引",
        "社会救助、养老服务领域标准目录",
    ],
)
def test_title_naming_two_domains_is_ambiguous(title: str) -> None:
    detection = registry().detect_title(title)
    assert detection.slug is None and detection.ambiguous
    assert registry().find(title) is None


def test_title_without_a_domain() -> None:
    detection = registry().detect_title("某某县人民政府工作报告")
    assert detection.slug is None and detection.method is DetectionMethod.NONE
    assert not detection.ambiguous


def test_domain_name_outside_the_title_pattern_is_weak() -> None:
    detection = registry().detect_title("民政局社会救助工作通知")
    assert detection.slug == "social_assistance" and detection.confidence < 0.9


# --------------------------------------------------------------------------- detection


def test_detect_by_items_when_title_is_silent() -> None:
    names = ["最低生活保障", "办事指南", "审核信息", "特困人员救助供养", "政策法规文件"]
    detection = registry().detect("目录", names)
    assert detection.slug == "social_assistance"
    assert detection.method is DetectionMethod.ITEMS
    assert 0 < detection.confidence <= 1


def test_detect_prefers_title_over_items() -> None:
    names = ["最低生活保障", "办事指南", "审核信息"]
    assert (
        registry().detect("户籍管理领域基层政务公开标准目录", names).slug
        == "household_registration"
    )


def test_items_settle_an_ambiguous_title_among_its_candidates() -> None:
    detection = registry().detect(
        "自然资源领域基层政务公开标准目录", ["拟征收土地告知", "征地批准文件"]
    )
    assert detection.slug == "land_expropriation_compensation"
    unsettled = registry().detect("自然资源领域基层政务公开标准目录", ["本地事项"])
    assert unsettled.slug is None and unsettled.ambiguous


def test_generic_item_names_do_not_decide_a_domain() -> None:
    detection = registry().detect(None, ["法律法规", "政策文件"])
    assert detection.slug is None


def test_close_scores_are_ambiguous_not_guessed() -> None:
    # One specific item from each of two domains: no guess.
    detection = registry().detect(None, ["出生登记", "农机购置补贴"])
    assert detection.slug is None and detection.ambiguous
    assert {c.slug for c in detection.candidates} == {
        "household_registration",
        "agricultural_subsidies",
    }


# --------------------------------------------------------------------------- matching


def _label(slug: str, category: str, name: str) -> tuple[MatchKind, str | None]:
    domain = registry().get(slug)
    match = match_item(domain, category, name)
    return match.kind, None if match.index is None else domain.items[match.index].label


def test_exact_match_chooses_the_national_category() -> None:
    assert _label("social_assistance", "特困人员救助供养", "办事指南") == (
        MatchKind.EXACT,
        "特困人员救助供养/办事指南",
    )
    assert _label("social_assistance", "低保", "办事指南")[1] == "最低生活保障/办事指南"


def test_match_ignores_codes_spaces_and_widths() -> None:
    assert _label("employment", "1.就业信息服务", "1.1就业政策 法规咨询")[0] is MatchKind.EXACT
    assert _label("household_registration", "迁移登记", "迁出,迁入登记")[0] is MatchKind.EXACT


def test_alias_match() -> None:
    assert _label("social_assistance", "综合业务", "监督") == (MatchKind.ALIAS, "综合业务/监督检查")
    assert _label("household_registration", "出生", "") == (MatchKind.ALIAS, "出生登记/出生登记")


def test_one_level_rows_and_category_only_items() -> None:
    assert _label("land_expropriation_compensation", "征地管理政策", "") == (
        MatchKind.EXACT,
        "征地管理政策",
    )
    assert _label("disaster_relief", "灾后救助", "过渡期生活救助") == (
        MatchKind.CATEGORY,
        "灾后救助",
    )
    # the evidence named the item the bundled list knew only by its 一级 (issue 19)
    assert _label("household_registration", "户口登记项目变更更正", "姓名变更") == (
        MatchKind.NEAR,
        "户口登记项目变更更正/姓名变更、更正",
    )


def test_an_item_known_only_by_its_category_wins_over_a_same_name_elsewhere() -> None:
    from catalog.standard.domains import Domain, NationalItem, match_item

    base = registry().get("social_assistance")
    items = (NationalItem("最低生活保障", "审批信息", audience=(), mode=(), level=()),
             NationalItem("特困人员救助供养", "", name_known=False))
    domain = Domain(base.slug, 1, base.name_zh, base.name_en, (), base.departments, None,
                    False, base.official_counts, "", (), items)
    assert match_item(domain, "特困人员救助供养", "审批信息").index == 1
    assert match_item(domain, "最低生活保障", "审批信息").index == 0


def test_near_miss_returns_the_national_wording() -> None:
    kind, label = _label("social_assistance", "最低生活保障", "审核信息公示")
    assert kind is MatchKind.NEAR and label == "最低生活保障/审核信息"


def test_local_addition_is_no_match() -> None:
    domain = registry().get("social_assistance")
    match = match_item(domain, "最低生活保障", "低保边缘家庭认定")
    assert match.kind is MatchKind.NONE and not match.covered and match.index is None


def test_short_names_are_not_fuzzy_matched() -> None:
    # 行政许 vs 行政许可 scores 0.86, but three characters are too few to call it a typo.
    assert _label("work_safety", "依法行政", "行政许")[0] is MatchKind.NONE


# --------------------------------------------------------------------------- levels


def test_expected_levels() -> None:
    domain = registry().get("household_registration")
    both = domain.items[0]
    assert both.expected_at(Level.COUNTY) and both.expected_at(Level.TOWNSHIP)
    assert both.expected_at(Level.VILLAGE) and both.expected_at(Level.CITY)
    county_only = registry().get("municipal_services").items[0]
    assert county_only.level == (Level.COUNTY,)
    assert not county_only.expected_at(Level.TOWNSHIP)
    unknown = registry().get("tax_administration").items[0]
    assert unknown.level == () and unknown.expected_at(Level.COUNTY)
    assert not unknown.expected_at(Level.TOWNSHIP)


def test_a_registry_of_other_domains() -> None:
    base = registry().get("tax_administration")
    renamed = dataclasses.replace(base, slug="tax_copy", aliases=("税务",))
    other = DomainRegistry([renamed])
    assert other.find("税务领域基层政务公开标准目录") is renamed
    assert match_item(renamed, "纳税服务", "纳税人权利").kind is MatchKind.EXACT


# ------------------------------------------------------------- names a person types (issue 11)


@pytest.mark.parametrize("domain", list(registry()), ids=lambda d: d.slug)
def test_lookup_by_slug_name_and_every_alias(domain: Domain) -> None:
    for spelling in (domain.slug, *domain.names, domain.name_en, f" {domain.name_zh} "):
        sharing = [d.slug for d in registry() if spelling.strip() in d.names]
        if len(sharing) > 1:  # an alias two domains share: ask which one
            with pytest.raises(UsageError, match=" and ".join(sharing).replace(" and ", ".*")):
                registry().lookup(spelling)
        else:
            assert registry().lookup(spelling) is domain


@pytest.mark.parametrize(("typed", "suggested"), [
    ("社会求助", "social_assistance"), ("social_assistence", "social_assistance"),
    ("健康", "health"),
])
def test_unknown_domain_suggests_the_closest(typed: str, suggested: str) -> None:
    with pytest.raises(UsageError, match=suggested) as raised:
        registry().lookup(typed)
    assert "catalog domains" in str(raised.value)


def test_domain_arguments_accept_chinese_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from catalog.cli.main import main

    assert main(["domains", "show", "社会救助"]) == 0
    assert capsys.readouterr().out.startswith("社会救助 (social_assistance)")
    out = tmp_path / "t.xlsx"
    assert main(["template", "--domain", "社会救助", "--level", "乡级", "-o", str(out)]) == 0
    assert out.is_file()
    assert main(["domains", "show", "社会求助"]) == 2
    assert "social_assistance" in capsys.readouterr().err
    assert main(["template", "--domain", "社会求助", "--level", "乡级", "-o", str(out)]) == 2
