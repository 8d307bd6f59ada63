"""catalog scorecard (issue 19): every indicator on fixtures whose answers are worked out here
by hand, the scheme from catalog.toml, and the four output forms."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.checking.config import Overrides, Resolver
from catalog.cli.main import main
from catalog.core.findings import CatalogueSource, Finding, Location, Severity, UsageError
from catalog.scorecard import indicators
from catalog.scorecard.build import Context, Rating, rate, read_units, score, scorecard
from catalog.scorecard.config import DEFAULTS, ScorecardConfig, scorecard_config
from catalog.scorecard.indicators import Unit
from catalog.standard.model import Catalogue, Issuer, Item
from tests.conftest import examples

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 3, 1)
OLD_BASIS = "《中华人民共和国政府信息公开条例》(国务院令第492号)"


def item(category: str, name: str, time_limit: str = "信息形成之日起20个工作日内", *,
         content: str = "办理条件、流程", basis: str = "《社会救助暂行办法》",
         channels: tuple[str, ...] = ("政府网站",), mode: tuple[str, ...] = ("主动",)
         ) -> dict[str, Any]:
    return {"category": category, "name": name, "content": content, "basis": {"text": basis},
            "time_limit": {"text": time_limit}, "subject": "乡人民政府",
            "channels": list(channels), "audience": ["全社会"], "mode": list(mode),
            "level": ["乡级"]}


def catalogue(issuer: str, domain: str, updated: str, items: list[dict[str, Any]]
              ) -> dict[str, Any]:
    return {"domain": domain, "issuer": {"name": issuer, "level": "乡级"},
            "title": f"{issuer}目录", "updated": updated, "metadata": {}, "items": items}


# 江上乡: six items, worked out by hand below.
JIANGSHANG = [
    item("综合业务", "政策法规文件"),  # complete; 20 working days: within
    item("综合业务", "监督检查", "实时"),  # complete; real time: within
    item("最低生活保障", "办事指南", "30个工作日内", content=""),  # no 公开内容; 30 > 20
    item("最低生活保障", "审核信息", "每季度", basis=OLD_BASIS),  # periodic: within; 492号
    item("最低生活保障", "审批信息", "另行通知"),  # time limit not understood: listed apart
    item("临时救助", "低保边缘家庭认定", "及时公开", channels=()),  # no channels; 及时: no deadline
]
# 江下镇: two complete items in two domains, last updated 2024-02-01: 29 days to 2024-03-01
# (a leap February), then 365 + 365: 759 days before TODAY.
JIANGXIA_SOCIAL = [item("综合业务", "政策法规文件")]
JIANGXIA_HUKOU = [item("出生登记", "出生登记", "15日内", mode=("依申请",))]


def write(path: Path, *catalogues: dict[str, Any]) -> Path:
    path.write_text(json.dumps({"format_version": "1.0", "catalogues": list(catalogues)},
                               ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def county(tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    folder.mkdir()
    write(folder / "jiangshang.json",
          catalogue("江上乡人民政府", "social_assistance", "2025-03-01", JIANGSHANG))
    write(folder / "jiangxia.json",
          catalogue("江下镇人民政府", "social_assistance", "2024-02-01", JIANGXIA_SOCIAL),
          catalogue("江下镇人民政府", "household_registration", "2024-02-01", JIANGXIA_HUKOU))
    return folder


def fake_superseded(text: str) -> tuple[str, ...]:
    return ("国务院令第492号",) if "492号" in text else ()


def units_of(folder: Path) -> list[Unit]:
    resolver = Resolver(Overrides())
    units, unreadable = read_units([folder], resolver.for_path)
    assert not unreadable
    return units


def issuer_units(folder: Path, name: str) -> list[Unit]:
    return [u for u in units_of(folder) if u.catalogue.issuer.name == name]


def domain_file(slug: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (ROOT / "domains" / f"{slug}.json").read_text(encoding="utf-8"))
    return data


# --------------------------------------------------------------------------- indicators


def test_elements_known_answer(county: Path) -> None:
    measure = indicators.elements(issuer_units(county, "江上乡人民政府"))
    assert measure.value == pytest.approx(4 / 6)  # items 3 (公开内容) and 6 (渠道) lack one
    assert len(measure.cases) == 2
    assert "缺公开内容" in measure.cases[0] and "缺公开渠道和载体" in measure.cases[1]


def test_time_limits_known_answer(county: Path) -> None:
    measure = indicators.time_limits(issuer_units(county, "江上乡人民政府"))
    # judged: 1 ok, 2 ok, 3 no (30 days), 4 ok (periodic), 6 no (及时); 5 unreadable
    assert measure.value == pytest.approx(3 / 5)
    assert [c.split("：")[-1] for c in measure.cases] == ["30个工作日内", "及时公开"]
    assert [n.split("：")[-1] for n in measure.notes] == ["另行通知"]


def test_time_limit_rules_by_kind() -> None:
    from catalog.standard.model import TimeLimitKind as K

    assert indicators.time_limit_compliant(K.WORKING_DAYS, 20, "20个工作日内") is True
    assert indicators.time_limit_compliant(K.WORKING_DAYS, 21, "21个工作日内") is False
    assert indicators.time_limit_compliant(
        K.WORKING_DAYS, 30, "30个工作日内，法律另有规定的从其规定") is True
    assert indicators.time_limit_compliant(K.NATURAL_DAYS, 30, "30天内") is False
    assert indicators.time_limit_compliant(K.AS_PRESCRIBED, None, "从其规定") is True
    assert indicators.time_limit_compliant(K.UNRECOGNISED, None, "另行通知") is None


def test_basis_currency_known_answer(county: Path) -> None:
    measure = indicators.basis_currency(issuer_units(county, "江上乡人民政府"), fake_superseded)
    assert measure.value == pytest.approx(1 / 6)
    assert len(measure.cases) == 1 and "审核信息" in measure.cases[0]
    missing = indicators.basis_currency(issuer_units(county, "江上乡人民政府"), None)
    assert missing.value is None and missing.notes


def test_freshness_known_answer(county: Path) -> None:
    shang = indicators.freshness(issuer_units(county, "江上乡人民政府"), TODAY, 365)
    assert shang.value == 365 and shang.cases == ()  # 2025-03-01 → 2026-03-01
    xia = indicators.freshness(issuer_units(county, "江下镇人民政府"), TODAY, 365)
    assert xia.value == 759 and len(xia.cases) == 2


def test_national_items_known_answer(county: Path) -> None:
    data = domain_file("social_assistance")
    township_items = [i for i in data["items"] if "乡级" in i["level"]]
    measure = indicators.national_items(issuer_units(county, "江上乡人民政府"), level("乡级"))
    # 政策法规文件, 监督检查, 低保 办事指南/审核信息/审批信息: national; 低保边缘家庭认定: local
    assert measure.value == pytest.approx(5 / len(township_items))
    assert len(measure.cases) == len(township_items) - 5
    assert measure.reference_only and measure.display.endswith("参考")  # the list is partial


def test_domains_known_answer(county: Path) -> None:
    expected = [p.stem for p in (ROOT / "domains").glob("*.json")
                if any("乡级" in i["level"] for i in domain_file(p.stem)["items"])]
    shang = indicators.domains(issuer_units(county, "江上乡人民政府"), level("乡级"))
    assert shang.value == pytest.approx(1 / len(expected))
    xia = indicators.domains(issuer_units(county, "江下镇人民政府"), level("乡级"))
    assert xia.value == pytest.approx(2 / len(expected)) and len(xia.cases) == len(expected) - 2


def test_conformity_known_answer() -> None:
    source = CatalogueSource("a.json", pointer="/catalogues/0")
    items = tuple(Item.model_construct(category="c", name=str(n)) for n in range(200))
    cat = Catalogue.model_construct(items=items, issuer=Issuer(), metadata={})
    where = Location("a.json")
    found = ([Finding("CAT302", Severity.ERROR, where, {})] * 2
             + [Finding("CAT101", Severity.ERROR, where, {})]
             + [Finding("CAT301", Severity.WARNING, where, {})] * 4
             + [Finding("CAT406", Severity.INFO, where, {})])
    measure = indicators.conformity([Unit(cat, source, tuple(found))])
    assert measure.value == pytest.approx(1.5)  # 3 errors in 200 items
    assert measure.details["per_100"] == {"error": 1.5, "warning": 2.0, "info": 0.5}
    assert measure.details["top_rules"] == [["CAT301", 4], ["CAT302", 2], ["CAT101", 1],
                                            ["CAT406", 1]]
    assert len(measure.cases) == 3


def test_links_known_answer(county: Path) -> None:
    units = issuer_units(county, "江上乡人民政府")
    # 主动 items on 政府网站: 1-5 (item 6 has no channel); links for items 1 and 4
    measure = indicators.links(units, lambda unit, index: index in (0, 3))
    assert measure.value == pytest.approx(2 / 5) and len(measure.cases) == 3
    assert indicators.links(units, None).value is None


def level(text: str) -> Any:
    from catalog.standard.model import Level

    return Level(text)


# --------------------------------------------------------------------------- scheme


def test_rating_and_scores_by_hand() -> None:
    elements = next(s for s in DEFAULTS if s.key == "elements")  # weight 20, 0.98 / 0.9
    assert rate(elements, 0.99) is Rating.GREEN and rate(elements, 0.9) is Rating.AMBER
    assert rate(elements, 0.5) is Rating.RED and rate(elements, None) is Rating.NONE
    measure = indicators.Measure(4 / 6, "", ("a", "b"))
    assert score(elements, measure) == pytest.approx(13.33)
    conformity = next(s for s in DEFAULTS if s.key == "conformity")  # 每例扣 0.5 分，上限 15 分
    assert score(conformity, indicators.Measure(1.0, "", ("x",) * 4)) == 13.0
    assert score(conformity, indicators.Measure(9.0, "", ("x",) * 100)) == 0.0
    assert rate(conformity, 0.0) is Rating.GREEN and rate(conformity, 6) is Rating.RED


def test_scheme_from_settings_and_its_errors() -> None:
    config = scorecard_config({"conformity": {"per_case": 1, "cap": 5, "weight": 10}})
    spec = config.spec("conformity")
    assert (spec.per_case, spec.cap, spec.weight) == (1.0, 5.0, 10.0)
    assert score(spec, indicators.Measure(1.0, "", ("x",) * 3)) == 7.0
    with pytest.raises(UsageError, match="unknown indicator 'elemnts'"):
        scorecard_config({"elemnts": {"weight": 1}}, Path("catalog.toml"))
    with pytest.raises(UsageError, match="unknown setting 'wieght'"):
        scorecard_config({"elements": {"wieght": 1}})
    with pytest.raises(UsageError, match="must be a number"):
        scorecard_config({"elements": {"weight": -1}})
    with pytest.raises(UsageError, match="green must be the better"):
        scorecard_config({"elements": {"green": 0.5, "amber": 0.9}})


# --------------------------------------------------------------------------- whole card


def test_county_folder_one_row_per_township_and_a_total(county: Path) -> None:
    card = scorecard(units_of(county), ScorecardConfig(),
                     Context(TODAY, superseded_in=fake_superseded))
    assert [r.issuer for r in card.rows] == ["江上乡人民政府", "江下镇人民政府"]
    assert card.total is not None and card.total.items == 8
    shang = {i.key: i for i in card.rows[0].indicators}
    assert shang["elements"].rating is Rating.RED and shang["elements"].score == 13.33
    assert shang["freshness"].rating is Rating.GREEN and shang["freshness"].score == 5.0
    assert shang["links"].rating is Rating.NONE and shang["links"].score is None
    xia = {i.key: i for i in card.rows[1].indicators}
    assert xia["freshness"].rating is Rating.RED and xia["freshness"].score == 0.0
    assert xia["elements"].measure.value == 1.0 and xia["time_limits"].measure.value == 1.0
    assert card.rows[0].out_of == 95  # links (5 points) not scored without --links


def test_cli_formats(county: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["scorecard", str(county), "--date", "2026-03-01"]
    assert main([*args]) == 0
    text = capsys.readouterr().out
    assert "江上乡人民政府" in text and "要素完整率" in text and "红：不达标" in text
    assert "另行通知" in text and "全部（合计）" in text
    assert main([*args, "--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = {i["key"]: i for i in data["rows"][0]["indicators"]}
    assert first["elements"]["value"] == pytest.approx(4 / 6)
    assert first["national_items"]["reference_only"] is True
    assert first["time_limits"]["method"].startswith("items whose time limit")
    assert first["conformity"]["display"].startswith("errors ")  # no Chinese words in English
    assert first["elements"]["cases"][0].endswith(": no content")
    assert first["freshness"]["display"] == "365 days"
    page = tmp_path / "card.html"
    assert main([*args, "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in html
    assert 'scope="col"' in html and 'scope="row"' in html and "<caption>" in html
    assert "红：不达标" in html and 'class="skip-link"' in html  # words, not colour alone
    assert "<script" not in html and "<link" not in html and 'src="' not in html
    assert "built-in method" not in html
    assert '<th scope="col" role="columnheader">事项数</th>' in html
    assert main([*args, "--lang", "en", "-o", str(page)]) == 0
    english = page.read_text(encoding="utf-8")
    assert 'lang="en"' in english and "Skip to the main content" in english
    assert "Made by catalog" in english and "red: off target" in english
    book = tmp_path / "card.xlsx"
    assert main([*args, "-o", str(book)]) == 0
    import openpyxl

    sheets = openpyxl.load_workbook(book)
    assert sheets.sheetnames == ["评分", "明细", "方法"]
    assert sheets["评分"]["A2"].value == "江上乡人民政府"
    assert any("另行通知" in str(c.value) for c in sheets["明细"]["C"])


def test_cli_scheme_from_catalog_toml(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (county / "catalog.toml").write_text("[scorecard.elements]\nweight = 40\n",
                                         encoding="utf-8")
    assert main(["scorecard", str(county), "--format", "json", "--date", "2026-03-01"]) == 0
    first = json.loads(capsys.readouterr().out)["rows"][0]["indicators"]
    elements = next(i for i in first if i["key"] == "elements")
    assert elements["weight"] == 40 and elements["score"] == pytest.approx(26.67)
    (county / "catalog.toml").write_text("[scorecard.elements]\nweight = 'x'\n",
                                         encoding="utf-8")
    assert main(["scorecard", str(county)]) == 2
    assert "must be a number" in capsys.readouterr().err


def test_cli_never_writes_over_an_input(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = county / "jiangshang.json"
    before = target.read_bytes()
    assert main(["scorecard", str(county), "-o", str(target)]) == 2
    assert target.read_bytes() == before and "不会覆盖" in capsys.readouterr().err
    assert main(["scorecard", str(county), "--format", "xlsx"]) == 2


def test_cli_links_file_in_catalog_publish_format(county: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    links = tmp_path / "links.csv"
    links.write_text("领域,一级事项,二级事项,链接,发布主体\n"
                     "社会救助,综合业务,政策法规文件,https://example.gov.cn/a,江上乡人民政府\n"
                     "social_assistance,最低生活保障,审核信息,https://example.gov.cn/b,\n",
                     encoding="utf-8")
    assert main(["scorecard", str(county), "--links", str(links), "--format", "json",
                 "--date", "2026-03-01"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    shang = next(i for i in rows[0]["indicators"] if i["key"] == "links")
    # 江上乡: items 1-5 are 主动 on 政府网站 (6 has no channel); 1 and 4 have links
    assert shang["value"] == pytest.approx(2 / 5) and len(shang["cases"]) == 3
    xia = next(i for i in rows[1]["indicators"] if i["key"] == "links")
    # 江下镇: 政策法规文件 is 主动 on 政府网站 but the first row is 江上乡's; 出生登记 is 依申请
    assert xia["value"] == 0.0 and len(xia["cases"]) == 1
    assert main(["scorecard", str(county), "--format", "json"]) == 0
    without = json.loads(capsys.readouterr().out)["rows"]
    assert rows[0]["out_of"] == without[0]["out_of"] + 5  # the links indicator now counts


def test_cli_previous_lists_the_changes_from_catalog_diff(
        county: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path / "old.json", catalogue("江上乡人民政府", "social_assistance",
                                                 "2024-03-01", JIANGSHANG[:4]))
    code = main(["scorecard", str(county / "jiangshang.json"), "--previous", str(old),
                 "--format", "json", "--date", "2026-03-01"])
    assert code == 0
    fresh = next(i for i in json.loads(capsys.readouterr().out)["rows"][0]["indicators"]
                 if i["key"] == "freshness")
    assert fresh["notes"][0] == "自上一版 / since --previous: 新增 2"  # items 5 and 6 are new
    assert fresh["notes"][1:] == ["新增 最低生活保障/审批信息", "新增 临时救助/低保边缘家庭认定"]


def test_publish_includes_the_scorecard(county: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    assert main(["publish", str(county), "-o", str(site), "--scorecard"]) == 0
    page = (site / "scorecard.html").read_text(encoding="utf-8")
    assert "要素完整率" in page and "江上乡人民政府" in page and "<script" not in page
    assert '<a href="scorecard.html">评估记分卡</a>' in (site / "index.html").read_text("utf-8")


def test_reference_list_stands_in_for_the_national_items(
        county: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reference = write(tmp_path / "province.json", catalogue(
        "某省民政厅", "social_assistance", "2025-01-01",
        [item("综合业务", "政策法规文件"), item("最低生活保障", "办事指南"),
         item("特困人员救助供养", "办事指南")]))
    assert main(["scorecard", str(county / "jiangshang.json"), "--reference", str(reference),
                 "--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    national = next(i for i in data["rows"][0]["indicators"] if i["key"] == "national_items")
    # the province's three items (乡级): 江上乡 has the first two, not 特困人员救助供养/办事指南
    assert national["value"] == pytest.approx(2 / 3)
    assert national["cases"] == ["社会救助: 特困人员救助供养/办事指南"]
    assert national["reference_only"] is True  # 3 < the 13 the national list is thought to have
    assert data["reference_files"] == [str(reference)]
    assert main(["scorecard", str(county), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "Required elements complete" in text and "red: off target" in text


def test_basis_currency_with_catalog_diffs_table(county: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The shared supersession table: 国务院令第492号 (the 2007 条例) is superseded."""
    assert main(["scorecard", str(county), "--format", "json", "--date", "2026-03-01"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    shang = next(i for i in rows[0]["indicators"] if i["key"] == "basis_currency")
    assert shang["value"] == pytest.approx(1 / 6) and shang["rating"] == "red"  # 16.7 % > 5 %
    assert len(shang["cases"]) == 1 and "国务院令第492号" in shang["cases"][0]
    assert shang["score"] == 8.0  # 每例扣 2 分
    xia = next(i for i in rows[1]["indicators"] if i["key"] == "basis_currency")
    assert xia["value"] == 0.0 and xia["rating"] == "green" and xia["score"] == 10.0


_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 50), st.floats(allow_nan=True),
                    st.text(max_size=5))
_TABLES = st.dictionaries(
    st.sampled_from([s.key for s in DEFAULTS] + ["x", "elemnts"]),
    st.one_of(_VALUES, st.dictionaries(
        st.sampled_from(["weight", "green", "amber", "per_case", "cap", "colour"]), _VALUES,
        max_size=4)),
    max_size=4)


@given(_TABLES)
@settings(max_examples=examples(150))
def test_any_scorecard_table_is_read_or_refused_as_a_usage_error(table: dict[str, Any]) -> None:
    try:
        config = scorecard_config(table, Path("catalog.toml"))
    except UsageError as error:
        assert str(error)
        return
    for spec in config.indicators:
        numbers = [spec.weight, spec.green, spec.amber, spec.per_case or 0, spec.cap or 0]
        assert all(math.isfinite(n) and n >= 0 for n in numbers)
        points = score(spec, indicators.Measure(0.5, "", ("x",)))
        assert points is not None and 0 <= points <= spec.weight
