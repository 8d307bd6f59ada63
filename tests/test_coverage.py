"""Coverage analysis and the tables behind catalog domains / domains show / coverage."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from catalog.checking.coverage import (
    coverage,
    domain_detail,
    domains_table,
    render_coverage,
    render_domain_detail,
    render_domains_table,
    render_table,
)
from catalog.cli.main import main
from catalog.standard.domains import DetectionMethod, MatchKind, UnknownDomainError, registry
from catalog.standard.matching import analyse, resolve_domain
from catalog.standard.model import Catalogue, Document, Issuer, Item, Level


def catalogue(
    rows: list[tuple[str, str]],
    *,
    domain: str | None = None,
    title: str | None = None,
    issuer: str | None = "某某县人民政府",
    level: Level | None = Level.COUNTY,
) -> Catalogue:
    items = tuple(Item.model_construct(category=c, name=n) for c, n in rows)
    return Catalogue.model_construct(
        domain=domain,
        title=title,
        items=items,
        issuer=Issuer(name=issuer, level=level),
        metadata={},
    )


SOCIAL = [
    ("综合业务", "政策法规文件"),
    ("综合业务", "监督检查"),
    ("最低生活保障", "办事指南"),
    ("最低生活保障", "审核信息公示"),
    ("最低生活保障", "低保边缘家庭认定"),
]


def test_resolve_domain_by_slug_title_and_items() -> None:
    assert resolve_domain(catalogue([], domain="health"))[1].method is DetectionMethod.SLUG
    unknown, detection = resolve_domain(catalogue([], domain="nonsense"))
    assert unknown is None and detection.method is DetectionMethod.SLUG
    by_title, _ = resolve_domain(catalogue([], title="社会救助领域基层政务公开标准目录"))
    assert by_title is not None and by_title.slug == "social_assistance"
    by_items, detection = resolve_domain(catalogue(SOCIAL))
    assert by_items is not None and detection.method is DetectionMethod.ITEMS


def test_analyse_classifies_every_item() -> None:
    result = analyse(catalogue(SOCIAL, domain="social_assistance"))
    kinds = [m.kind for m in result.matches]
    assert kinds == [
        MatchKind.EXACT,
        MatchKind.EXACT,
        MatchKind.EXACT,
        MatchKind.NEAR,
        MatchKind.NONE,
    ]
    assert result.of_kind(MatchKind.NONE) == (4,)
    domain = result.domain
    assert domain is not None
    missing = {domain.items[i].label for i in result.missing(Level.COUNTY)}
    assert "临时救助/办事指南" in missing
    assert "最低生活保障/审核信息" not in missing  # the near miss covers it
    assert "最低生活保障/办事指南" not in missing


def test_analyse_is_shared_for_the_same_catalogue() -> None:
    cat = catalogue(SOCIAL, domain="social_assistance")
    assert analyse(cat) is analyse(cat)
    assert analyse(catalogue(SOCIAL, domain="social_assistance")) is not analyse(cat)


def test_missing_depends_on_level() -> None:
    result = analyse(
        catalogue([("城镇燃气管理", "燃气经营许可证核发")], domain="municipal_services")
    )
    assert result.missing(Level.TOWNSHIP) == ()  # municipal items are county-level only
    assert len(result.missing(Level.COUNTY)) == len(result.expected(Level.COUNTY)) - 1
    assert len(result.missing(None)) == len(registry().get("municipal_services").items) - 1


def test_domains_table_and_rendering() -> None:
    rows = domains_table()
    assert len(rows) == 26 and json.loads(json.dumps(rows, ensure_ascii=False)) == rows
    health = next(r for r in rows if r["slug"] == "health")
    assert health["items"] == len(registry().get("health").items) and health["complete"] is False
    text = render_domains_table(rows)
    assert "卫生健康" in text and "国家卫生健康委" in text and "参考" in text
    assert "自然资源部(?)" in text  # an unconfirmed department is marked
    assert "Health" in render_domains_table(rows, lang="en")


def test_domain_detail() -> None:
    detail = domain_detail("employment")
    counts = detail["official_counts"]
    assert (counts["categories"], counts["items"], counts["inferred"]) == (9, 25, False)
    assert "9类一级事项25类二级事项" in counts["quote"]
    json.dumps(detail, ensure_ascii=False)
    text = render_domain_detail(detail)
    held = len(detail["items"])
    assert f"国家目录共 25 项，本库收录 {held} 项" in text
    assert f"national list has 25 items; {held} bundled" in render_domain_detail(detail, "en")
    assert "就业政策法规咨询" in text and "人社厅函〔2019〕113号" in text
    assert "(仅知一级事项)" in text
    assert "(only the category is known)" in render_domain_detail(detail, lang="en")
    with pytest.raises(UnknownDomainError):
        domain_detail("nope")


def test_render_table_aligns_chinese_by_display_width() -> None:
    def columns(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    lines = render_table(["领域", "n"], [["社会救助", 1], ["health", 22]]).splitlines()
    assert columns(lines[2][: lines[2].index("1")]) == columns(lines[3][: lines[3].index("22")])
    assert columns(lines[2][: lines[2].index("1")]) == 10  # 社会救助 is 8 columns, then 2 spaces


def test_coverage_per_issuer_and_absent_domains() -> None:
    county = [
        catalogue(SOCIAL, domain="social_assistance"),
        catalogue([("临时救助", "办事指南")], title="社会救助领域基层政务公开标准目录"),
        catalogue([("出生登记", "出生登记")], domain="household_registration"),
        catalogue([("本地事项", "本地")], title="目录"),
    ]
    town = [
        catalogue(
            [("最低生活保障", "办事指南")],
            domain="social_assistance",
            issuer="某某镇人民政府",
            level=Level.TOWNSHIP,
        )
    ]
    report = coverage(
        [
            Document.model_construct(catalogues=tuple(county)),
            Document.model_construct(catalogues=tuple(town)),
        ]
    )
    first, second = report.issuers
    assert first.issuer == "某某县人民政府" and first.undetermined == 1
    assert [d.slug for d in first.domains] == ["social_assistance", "household_registration"]
    social = first.domains[0]
    assert social.catalogues == 2 and social.local == 1 and social.near == 1
    assert "临时救助/办事指南" not in social.missing  # covered by the second catalogue
    assert social.covered + len(social.missing) == social.expected
    assert len(first.absent) == 24 and "health" in first.absent
    assert second.level is Level.TOWNSHIP and len(second.absent) == 25
    data = report.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["issuers"][1]["level"] == "乡级"
    text = render_coverage(report)
    assert (
        "某某县人民政府" in text
        and "无目录的领域 (24/26)" in text
        and "未能确定领域的目录: 1" in text
    )
    english = render_coverage(report, lang="en")
    assert "Domains without a catalogue (24/26)" in english and "Social assistance" in english


def test_coverage_without_issuer_level_counts_every_item() -> None:
    report = coverage(
        [
            Document.model_construct(
                catalogues=(
                    catalogue(
                        [("城镇燃气管理", "燃气经营许可证核发")],
                        domain="municipal_services",
                        issuer=None,
                        level=None,
                    ),
                )
            )
        ]
    )
    row = report.issuers[0].domains[0]
    assert row.expected == len(registry().get("municipal_services").items)
    assert "(未注明发布主体) (层级未知)" in render_coverage(report)


# ------------------------------------------------------ catalog coverage: settings, bad files

WORKBOOK = Path(__file__).resolve().parent.parent / "examples" / "township-workbook"


def coverage_cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str]:
    code = main(["coverage", *map(str, argv)])
    return code, capsys.readouterr().out


def test_coverage_uses_catalog_toml(capsys: pytest.CaptureFixture[str]) -> None:
    """The README quick-start workbook: its catalog.toml names 江上乡人民政府, 乡级."""
    code, out = coverage_cli(capsys, WORKBOOK / "jiangshang-social-assistance.xlsx")
    assert code == 0
    assert out.startswith("发布主体: 江上乡人民政府 (乡级)")
    assert "未注明发布主体" not in out and "层级未知" not in out


def test_coverage_uses_lang_and_limits_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(WORKBOOK / "jiangshang-social-assistance.xlsx", tmp_path / "a.xlsx")
    (tmp_path / "catalog.toml").write_text(
        'issuer = "江上乡人民政府"\nlang = "en"\n', encoding="utf-8")
    code, out = coverage_cli(capsys, tmp_path)
    assert code == 0 and out.startswith("Issuer: 江上乡人民政府 (乡级)")
    (tmp_path / "catalog.toml").write_text("[limits]\nmax_file_bytes = 1000\n", encoding="utf-8")
    code, out = coverage_cli(capsys, tmp_path, "--format", "json")
    report = json.loads(out)
    assert code == 2 and [u["code"] for u in report["unreadable"]] == ["CAT601"]


def test_coverage_reports_unreadable_files_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (tmp_path / "b-empty.json").write_bytes(b"")
    shutil.copy(WORKBOOK / "jiangshang-social-assistance.xlsx", tmp_path / "c.xlsx")
    code, out = coverage_cli(capsys, tmp_path, "--issuer", "江上乡人民政府")
    assert code == 2
    assert "无法读取的文件" in out and "a-broken.xlsx" in out and "b-empty.json" in out
    assert "发布主体: 江上乡人民政府 (乡级)" in out and "社会救助" in out
    assert "Traceback" not in out


def test_official_sentence_in_both_languages() -> None:
    from catalog.checking.coverage import official_sentence

    assert official_sentence(18, 6) == "国家目录共 18 项，本库收录 6 项"
    assert official_sentence(13, 12, inferred=True) == "国家目录共 13 项（推算），本库收录 12 项"
    assert official_sentence(None, 11, lower_bound=34) == "国家目录至少 34 项，本库收录 11 项"
    assert official_sentence(None, 5) == "国家目录项数未知，本库收录 5 项"
    assert official_sentence(18, 6, "en") == "national list has 18 items; 6 bundled"
    assert official_sentence(None, 11, "en", lower_bound=34) == (
        "national list has at least 34 items; 11 bundled")
    detail = render_domain_detail(domain_detail("urban_law_enforcement"))
    assert "国家目录至少 34 项" in detail
