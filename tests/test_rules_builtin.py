"""Each built-in CAT1xx-CAT3xx rule fires on the mistake it names and not on a clean item."""

from __future__ import annotations

from typing import Any

import pytest

from catalog.api import validate
from catalog.checking.checker import CheckOptions
from catalog.core.findings import Finding
from catalog.rules import default_registry
from catalog.standard.model import Basis, Item, TimeLimit
from tests.conftest import make_document, make_item

# Coverage rules (CAT4xx) have their own tests; these documents name no domain.
OPTIONS = CheckOptions(select=("CAT1", "CAT2", "CAT3"))


def codes(*items: Item, **kwargs: Any) -> list[str]:
    return [f.code for f in findings(*items, **kwargs)]


def findings(*items: Item, **kwargs: Any) -> list[Finding]:
    return validate(make_document(*items, **kwargs), OPTIONS)


def test_clean_item_has_no_findings() -> None:
    assert codes(make_item()) == []


@pytest.mark.parametrize("field", ["content", "subject"])
def test_cat101_blank_text(field: str) -> None:
    found = [f for f in findings(make_item(**{field: " "})) if f.code == "CAT101"]
    assert [f.params["field"] for f in found] == [field]
    assert found[0].location.pointer == f"/catalogues/0/items/0/{field}"


@pytest.mark.parametrize("field", ["channels", "audience", "mode"])
def test_cat101_empty_set(field: str) -> None:
    found = [f for f in findings(make_item(**{field: ()})) if f.code == "CAT101"]
    assert [f.params["field"] for f in found] == [field]


def test_cat101_blank_basis_and_time_limit() -> None:
    item = make_item(
        basis=Basis.model_construct(text="", citations=()),
        time_limit=TimeLimit.model_construct(text="", kind="未识别"),
    )
    found = {f.params["field"] for f in findings(item) if f.code == "CAT101"}
    assert found == {"basis", "time_limit"}


def test_cat101_item_without_any_name() -> None:
    found = [f for f in findings(make_item(category="", name="")) if f.code == "CAT101"]
    assert found[0].params["field"] == "item_name"
    assert "公开事项名称" in default_registry().get("CAT101").message(found[0].params)


def test_cat101_skips_fields_whose_column_is_absent() -> None:
    from catalog.checking.checker import check_loaded
    from catalog.core.findings import CatalogueSource
    from catalog.formats import Loaded

    document = make_document(make_item(subject=""))
    source = CatalogueSource(
        "x.xlsx",
        sheet="S",
        item_rows=[3],
        columns={"subject": 6},
        absent_fields=frozenset({"subject"}),
    )
    assert not [
        f for f in check_loaded(Loaded("x.xlsx", document, [source]), OPTIONS) if f.code == "CAT101"
    ]


def test_cat103_duplicate_items_ignore_width_and_spaces() -> None:
    found = [
        f for f in findings(make_item(), make_item(seq="2", name="办事 指南")) if f.code == "CAT103"
    ]
    assert len(found) == 1
    assert found[0].params["first"] == "/catalogues/0/items/0"


def test_cat103_first_is_the_earliest_of_several_wordings() -> None:
    rows = [make_item(seq="1", name="办事 指南"), make_item(seq="2", name="政策文件"),
            make_item(seq="3", name="办事指南"), make_item(seq="4", name="办事指南")]
    found = [f for f in findings(*rows) if f.code == "CAT103"]
    assert [f.location.pointer for f in found] == ["/catalogues/0/items/2/name",
                                                   "/catalogues/0/items/3/name"]
    assert {f.params["first"] for f in found} == {"/catalogues/0/items/0"}


def test_rules_judging_each_value_once_report_every_item_holding_it() -> None:
    """Rules evaluate a repeated 依据/时限/渠道 once; every row holding it still gets its finding,
    whether the rows share one parsed object or hold equal copies."""
    shared = Basis(text="国办发[2019]54号")
    rows = [make_item(seq="1", basis=shared), make_item(seq="2"),
            make_item(seq="3", basis=shared), make_item(seq="4", basis="国办发[2019]54号"),
            make_item(seq="5", time_limit="30个工作日内", channels=("政务服务中",)),
            make_item(seq="6", time_limit="30个工作日内", channels=("政务服务中",))]
    found = findings(*rows)

    def items(code: str) -> list[str]:
        return [f.location.pointer or "" for f in found if f.code == code]

    assert items("CAT304") == [f"/catalogues/0/items/{i}/basis" for i in (0, 2, 3)]
    assert items("CAT302") == [f"/catalogues/0/items/{i}/time_limit" for i in (4, 5)]
    assert items("CAT204") == [f"/catalogues/0/items/{i}/channels" for i in (4, 5)]


def test_cat105_unresolved_same_as_above() -> None:
    assert "CAT105" in codes(make_item(subject="同上"))
    assert "CAT105" not in codes(make_item(subject="同上级部门"))
    assert "CAT105" in codes(make_item(subject="同上述"))  # every spelling the reader resolves


def test_cat106_duplicate_seq() -> None:
    assert "CAT106" in codes(make_item(), make_item(name="审核信息"))
    assert "CAT106" not in codes(make_item(), make_item(seq="2", name="审核信息"))


def test_cat107_empty_catalogue() -> None:
    from catalog.standard.model import Catalogue, Document, Issuer

    document = Document(catalogues=(Catalogue(issuer=Issuer(level="乡级")),))
    assert [f.code for f in validate(document, OPTIONS)] == ["CAT107"]


def test_cat108_level_blank_is_info() -> None:
    found = [f for f in findings(make_item(level=())) if f.code == "CAT108"]
    assert found and found[0].severity.value == "info"


def test_cat202_channel_synonym_in_original_or_value() -> None:
    item = make_item(channels=("发布会/听证会",), original={"channels": "■发布会 □政府公报"})
    assert "CAT202" in codes(item)
    assert "CAT202" in codes(make_item(channels=("发布会",)))
    assert "CAT203" not in codes(make_item(channels=("发布会",)))


def test_cat203_nonstandard_channel_is_info() -> None:
    found = [
        f for f in findings(make_item(channels=("投资项目在线审批监管平台",))) if f.code == "CAT203"
    ]
    assert found[0].params["channel"] == "投资项目在线审批监管平台"
    assert found[0].severity.value == "info"


def test_cat204_near_miss_suggests_standard() -> None:
    found = [f for f in findings(make_item(channels=("政务服务中",))) if f.code == "CAT204"]
    assert found[0].params["standard"] == "政务服务中心"


def test_cat205_level_excludes_issuer() -> None:
    assert "CAT205" in codes(make_item(level=("县级",)))
    assert "CAT205" not in codes(make_item(level=("县级", "乡级")))
    assert "CAT205" not in codes(make_item(level=("县级",)), level=None)


def test_cat206_unknown_issuer_level_is_one_info_per_catalogue() -> None:
    assert codes(make_item(), make_item(seq="2", name="审核信息"), level=None) == ["CAT206"]


def test_cat207_invisible_characters() -> None:
    found = [f for f in findings(make_item(name="办事\u200b指南")) if f.code == "CAT207"]
    assert found[0].params["chars"] == "U+200B"


def test_cat208_kou_as_box_but_not_in_words() -> None:
    item = make_item(channels=("政府网站",), original={"channels": "■政府网站 口政府公报"})
    assert "CAT208" in codes(item)
    words = make_item(channels=("人口服务站",), original={"channels": "■人口服务站 □政府公报"})
    assert "CAT208" not in codes(words)


def test_cat210_fullwidth_digits() -> None:
    assert "CAT210" in codes(make_item(time_limit="信息形成之日起２０个工作日内"))


def test_cat211_stray_whitespace_in_names() -> None:
    item = make_item(name="出生登记", original={"name": "出生\n登记"})
    assert "CAT211" in codes(item)


def test_cat301_unrecognised_time_limit() -> None:
    assert "CAT301" in codes(make_item(time_limit="提前一周发通知邀请"))
    assert "CAT301" not in codes(make_item(time_limit="实时公开"))
    assert "CAT301" not in codes(make_item(time_limit="同上"))  # CAT105's business
    blank = make_item(time_limit=TimeLimit.model_construct(text="", kind="未识别"))
    assert "CAT301" not in codes(blank)  # CAT101's business


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("信息形成之日起30个工作日内", True),
        ("信息形成之日起20个工作日内", False),
        ("制定或获取信息之日起10个工作日内", False),
        ("信息形成之日起30个工作日内。法律、法规另有规定的,从其规定", False),
        ("批准后30日内", True),  # 30 calendar days: over 20 working days (issue 11)
        ("批准后20日内", False),  # 预算法's 20 days: within 20 working days
    ],
)
def test_cat302_over_twenty_working_days(text: str, fires: bool) -> None:
    assert ("CAT302" in codes(make_item(time_limit=text))) is fires


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("信息形成之日起30日内", "CAT302"),
        ("自信息形成或者变更之日起30天内予以公开", "CAT302"),
        ("信息形成之日起三十日以内", "CAT302"),
        ("信息形成之日起29个自然日内", "CAT302"),
        ("信息形成之日起28天内", "CAT306"),  # over 20 working days only from a weekend
        ("信息形成之日起27日内", "CAT306"),
        ("信息形成之日起26日内", None),  # never over 20 working days outside holidays
        ("本级人民代表大会或其常务委员会批准后20日内", None),
        ("向社会公开征求意见期限一般不少于30日", None),  # a duration, no deadline
        ("公示30天", None),
        ("每年1月31日前", None),
        ("信息形成之日起30日内;法律、法规另有规定的,从其规定", None),
        ("信息形成之日起10个工作日内,预算批准后30日内", "CAT302"),
        ("信息形成之日起30个工作日内", "CAT302"),
    ],
)
def test_calendar_days_against_twenty_working_days(text: str, expected: str | None) -> None:
    """Over 28 calendar days is over 20 working days whatever the weekday (CAT302); 27 or 28
    only from a weekend (CAT306, a warning); see the rules' documentation."""
    options = CheckOptions(select=("CAT302", "CAT306"))
    found = {f.code for f in validate(make_document(make_item(time_limit=text)), options)}
    assert found == ({expected} if expected else set())


def test_calendar_day_messages_name_the_unit() -> None:
    from catalog.rules.engine import message_for

    registry = default_registry()
    over = next(f for f in findings(make_item(time_limit="30日内")) if f.code == "CAT302")
    assert over.params["days"] == 30 and over.severity.value == "error"
    assert message_for(over, registry, "zh").startswith("公开时限为 30 个自然日，超过")
    assert message_for(over, registry, "en").startswith(
        "The time limit of 30 calendar days exceeds")
    working = next(f for f in findings(make_item(time_limit="30个工作日内")) if f.code == "CAT302")
    assert message_for(working, registry, "zh").startswith("公开时限为 30 个工作日，超过")
    weekend = validate(make_document(make_item(time_limit="28天内")),
                       CheckOptions(select=("CAT306",)))
    assert [f.severity.value for f in weekend] == ["warning"]
    assert "信息在周末形成时" in message_for(weekend[0], registry, "zh")
    assert message_for(weekend[0], registry, "en") == (
        "The time limit of 28 calendar days exceeds the 20 working days of art. 26 when the "
        "information is formed on a weekend; write 20个工作日内 or at most 26 days")


def test_cat303_unbalanced_title_marks() -> None:
    assert "CAT303" in codes(make_item(basis="《中华人民共和国预算法"))


def test_cat304_brackets_with_standard_form() -> None:
    found = [
        f for f in findings(make_item(basis="《意见》(国办发[2019]54号)")) if f.code == "CAT304"
    ]
    assert found[0].params == {
        "item": "最低生活保障/办事指南",
        "field": "basis",
        "number": "国办发[2019]54号",
        "standard": "国办发〔2019〕54号",
    }
    assert "CAT304" not in codes(make_item(basis="《意见》(国办发〔2019〕54号)"))


@pytest.mark.parametrize("number", ["国办发〔19〕54号", "国办发〔2019〕号", "国办发〔1850〕3号"])
def test_cat305_malformed_numbers(number: str) -> None:
    assert "CAT305" in codes(make_item(basis=f"《意见》({number})"))


def test_every_rule_message_renders_all_its_parameters() -> None:
    """Messages of findings produced above have no unfilled placeholder, in both languages."""
    samples = [
        make_item(
            subject=" ",
            channels=("发布会", "政务服务中", "投资项目在线审批监管平台"),
            level=("县级",),
            name="办事\u200b指南",
            time_limit="信息形成之日起３０个工作日内",
            basis="《意见》(国办发[2019]54号)(国办发〔19〕5号)《预算法",
            original={"channels": "■发布会 口政府公报", "seq": " 1"},
        ),
        make_item(seq="1", time_limit="提前一周", subject="同上"),
        make_item(seq="1", level=()),
    ]
    registry = default_registry()
    found = findings(*samples)
    assert len({f.code for f in found}) >= 14
    for finding in found:
        for lang in ("zh", "en"):
            message = registry.get(finding.code).message(finding.params, lang)
            assert "?" not in message.replace("?)", ""), (finding.code, lang, message)
            assert "{" not in message


_FLAG = __import__("re").compile(r"(?<![\w-])--[a-z]")


def test_text_read_inside_a_workbook_names_no_command_line_flag() -> None:
    """Messages and workbook hints are shown in annotated copies: a clerk has no CLI there."""
    for rule in default_registry():
        for lang in ("zh", "en"):
            message = rule.message_zh if lang == "zh" else rule.message_en
            hint = rule.hint(lang, medium="workbook") or ""
            assert not _FLAG.search(message + hint), (rule.code, lang)


def test_cat206_terminal_hint_names_the_flags_workbook_hint_the_title() -> None:
    rule = default_registry().get("CAT206")
    assert "--issuer" in (rule.hint("zh") or "") and "--level" in (rule.hint("en") or "")
    zh, en = rule.hint("zh", medium="workbook") or "", rule.hint("en", medium="workbook") or ""
    assert "标题" in zh and "人民政府" in zh and "catalog.toml" in zh
    assert "title" in en and "catalog.toml" in en
    assert "（" in zh and "(" not in zh  # full-width punctuation in Chinese text
    assert rule.hint("zh", medium="workbook") != rule.hint("zh")
