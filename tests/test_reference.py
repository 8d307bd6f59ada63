"""User reference lists (issue 19): any readable catalogue stands in for the national items."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog.api import load
from catalog.checking.config import Overrides, Resolver
from catalog.checking.coverage import coverage_of_paths, render_coverage
from catalog.cli.main import main
from tests.workbook_builder import build, build_ods, build_xls, to_csv

ROW = ("办理条件、所需材料 | 《户口登记条例》 | 形成或者变更之日起20个工作日内 | 公安机关 | "
       "政府网站 | 全社会 | 主动")
HEADER = ("序号 | 一级事项 | 二级事项 | 公开内容 | 公开依据 | 公开时限 | 公开主体 | "
          "公开渠道和载体 | 公开对象 | 公开方式 | 公开层级")
REFERENCE = f"""[sheet 户籍管理]
某省户籍管理领域基层政务公开标准目录
{HEADER}
#1 | 出生登记 | 出生登记 | {ROW} | 县级、乡级
#2 | 户口登记项目变更更正 | 姓名变更、更正 | {ROW} | 县级、乡级
#3 | 户口登记项目变更更正 | 性别变更、更正 | {ROW} | 县级
#4 | 迁移登记 | 迁出、迁入登记 | {ROW} | 县级、乡级
"""
TOWNSHIP = f"""[sheet 户籍管理]
江上乡户籍管理领域基层政务公开标准目录
{HEADER}
#1 | 出生登记 | 出生 | {ROW} | 乡级
#2 | 户口登记项目变更更正 | 性别变更更正 | {ROW} | 乡级
#3 | 迁移登记 | 迁出、迁入登记 | {ROW} | 乡级
#4 | 查询服务 | 户政业务办理进度查询 | {ROW} | 乡级
"""


def write_reference(folder: Path, kind: str) -> Path:
    path = folder / f"reference.{kind}"
    if kind == "json":
        loaded = load(write_reference(folder, "xlsx"))
        path.write_text(loaded.document.model_dump_json(), encoding="utf-8")
    else:
        builders = {"xlsx": build, "ods": build_ods, "xls": build_xls,
                    "csv": lambda text: to_csv(text).encode("utf-8")}
        path.write_bytes(builders[kind](REFERENCE))
    return path


@pytest.fixture
def township(tmp_path: Path) -> Path:
    path = tmp_path / "jiangshang.csv"
    path.write_text(to_csv(TOWNSHIP), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["json", "xlsx", "xls", "ods", "csv"])
def test_reference_in_each_readable_format(kind: str, tmp_path: Path, township: Path) -> None:
    (tmp_path / "ref").mkdir()
    reference = write_reference(tmp_path / "ref", kind)
    resolver = Resolver(Overrides(level="乡级", reference=(str(reference),)))
    report = coverage_of_paths([township], resolver.for_path, resolver.for_run([township]))
    assert not report.unreadable
    [row] = report.issuers[0].domains
    # By hand: the reference expects 出生, 姓名, 迁移 at 乡级 (性别 is 县级 only); 出生 is
    # covered through the bundled alias 出生, 迁出、迁入登记 exactly; 查询服务 is local.
    assert (row.slug, row.expected, row.covered, row.local) == ("household_registration", 3, 2, 1)
    assert row.missing == ("户口登记项目变更更正/姓名变更、更正",)
    assert row.complete is False and row.reference_items == 4
    assert reference.name in row.reference
    data = report.to_dict()["issuers"][0]["domains"][0]
    assert data["label"] == "参考" and data["complete"] is False
    assert report.to_dict("en")["issuers"][0]["domains"][0]["label"] == "reference only"
    text = render_coverage(report)
    assert f"  户籍管理: 参照 {reference.name}，共 4 项（参考）" in text
    assert data["summary"] == f"参照 {reference.name}，共 4 项"


def test_bundled_items_without_a_reference_say_what_the_library_holds(township: Path) -> None:
    resolver = Resolver(Overrides(level="乡级"))
    report = coverage_of_paths([township], resolver.for_path, resolver.for_run([township]))
    [row] = report.issuers[0].domains
    assert row.reference == "bundled" and row.official_items == 18
    assert f"国家目录共 18 项，本库收录 {row.reference_items} 项（参考）" in render_coverage(report)
    english = render_coverage(report, "en")
    assert f"national list has 18 items; {row.reference_items} bundled (reference only)" in english
    assert "Household registration (hukou) Missing:" in english


def test_reference_complete_and_with_national(tmp_path: Path, township: Path) -> None:
    (tmp_path / "ref").mkdir()
    reference = write_reference(tmp_path / "ref", "xlsx")
    resolver = Resolver(Overrides(level="乡级", reference=(str(reference),),
                                  reference_complete=True))
    report = coverage_of_paths([township], resolver.for_path, resolver.for_run([township]))
    row = report.issuers[0].domains[0]
    assert row.complete is True and report.to_dict()["issuers"][0]["domains"][0]["label"] == "完整"
    both = Resolver(Overrides(level="乡级", reference=(str(reference),), with_national=True))
    report = coverage_of_paths([township], both.for_path, both.for_run([township]))
    row = report.issuers[0].domains[0]
    # the bundled 乡级 items plus the reference's 性别变更、更正 (姓名 and the rest are bundled)
    from catalog.standard.domains import registry

    bundled = registry().get("household_registration").items
    assert row.reference_items == len(bundled) + 1
    assert row.reference.endswith("+ bundled")


def test_cli_reference_and_settings(tmp_path: Path, township: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ref").mkdir()
    reference = write_reference(tmp_path / "ref", "csv")
    code = main(["coverage", str(township), "--level", "乡级", "--reference", str(reference),
                 "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["reference_files"] == [str(reference)]
    assert out["issuers"][0]["domains"][0]["missing"] == ["户口登记项目变更更正/姓名变更、更正"]
    (tmp_path / "catalog.toml").write_text(
        'level = "乡级"\n[reference]\npaths = ["ref/reference.csv"]\n', encoding="utf-8")
    code = main(["coverage", str(township)])
    text = capsys.readouterr().out
    assert code == 0 and "参照" in text and "reference.csv" in text and "参考" in text
    (tmp_path / "catalog.toml").write_text('[reference]\npaths = ["../elsewhere.csv"]\n',
                                           encoding="utf-8")
    assert main(["coverage", str(township)]) == 2
    assert "设置文件所在文件夹之外" in capsys.readouterr().err


def test_unreadable_reference_is_reported_not_a_traceback(
        tmp_path: Path, township: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    code = main(["coverage", str(township), "--reference", str(broken), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2 and out["unreadable"][0]["file"].endswith("broken.xlsx")
