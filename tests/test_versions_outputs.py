"""catalog diff outputs and command line: text, JSON (against the published schema), xlsx,
HTML, exit codes, and the refusal to write over an input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import openpyxl
import pytest

import catalog
from catalog.cli.main import main
from catalog.versions import diff
from catalog.versions.page import render_html
from catalog.versions.records import diff_schema
from catalog.versions.table import COLUMNS_ZH
from catalog.versions.text import render_json, render_text
from tests.test_versions import BASE, document, item, replaced

SCHEMA = Path(__file__).parent.parent / "schemas" / "diff.schema.json"
SHORTER = "制定或获取信息之日起10个工作日内"


@pytest.fixture
def editions(tmp_path: Path) -> tuple[Path, Path]:
    """A 2020 workbook and a 2024 JSON edition: a rename, a shorter 时限, an addition, a split,
    a superseded regulation still cited."""
    old = tmp_path / "江上乡社会救助目录(2020年版).xlsx"
    new = tmp_path / "江上乡社会救助目录(2024年版).json"
    catalog.dump(document(*BASE), old)
    edition = replaced(replaced(BASE, 3, category="特困人员救助供养"), 1, time_limit=SHORTER)
    edition = replaced(edition, 0, basis="《中华人民共和国政府信息公开条例》(国务院令第492号)",
                       content="社会救助相关法律、法规、规章和<规范性文件>")
    parts = (item("最低生活保障", "审核信息", "初审对象名单及相关信息(户口所在地、家庭人口数)"),
             item("最低生活保障", "审批信息", "低保对象名单、保障金额、审批结果"))
    catalog.dump(document(*edition[:2], *parts, *edition[3:],
                          item("医疗救助", "办事指南", "医疗救助对象、救助范围、救助标准")), new)
    return old, new


def test_checked_in_schema_is_generated_and_valid() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == json.dumps(
        diff_schema(), ensure_ascii=False, indent=2) + "\n"
    jsonschema.Draft202012Validator.check_schema(diff_schema())


def test_json_output_validates_against_the_published_schema(editions: tuple[Path, Path]) -> None:
    data = json.loads(render_json(diff(*editions, cosmetic=True)))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    kinds = [change["kind"] for change in data["changes"]]
    assert sorted(kinds) == ["added", "changed", "changed", "renamed", "split"]
    assert data["summary"][0]["counts"] == {"added": 1, "changed": 2, "renamed": 1, "split": 1}
    assert data["notes"][0]["cited"] == "《中华人民共和国政府信息公开条例》(国务院令第492号)"


def test_text_output_in_chinese_and_english(editions: tuple[Path, Path]) -> None:
    result = diff(*editions)
    text = render_text(result)
    assert "变更汇总" in text and "修订说明" in text
    assert "[更名] 社会救助 · 特困人员救助供养审批 → 特困人员救助供养" in text
    assert "公开时限:制定或获取信息之日起20个工作日内 → 制定或获取信息之日起10个工作日内" \
           "(20 → 10 个工作日,缩短)" in text
    assert "[拆分(建议)]" in text and "〔请核实〕" in text
    assert ("1 个事项仍引用已被取代的《中华人民共和国政府信息公开条例》(国务院令第492号),"
            "2019年起") in text
    english = render_text(result, "en")
    assert "[renamed] 社会救助 · 特困人员救助供养审批 → 特困人员救助供养" in english
    assert "(20 → 10 working days, shorter)" in english
    assert "[split (suggestion)]" in english and "[please confirm]" in english
    assert "1 items still cite" in english


def test_no_differences_text() -> None:
    assert "两版没有差异。" in render_text(diff(document(*BASE), document(*BASE)))
    assert "No differences." in render_text(diff(document(*BASE), document(*BASE)), "en")


def test_xlsx_output_is_the_revision_table(editions: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / "修订说明.xlsx"
    assert main(["diff", *map(str, editions), "-o", str(target)]) == 1
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["修订说明", "变更汇总", "提示"]
    sheet = book["修订说明"]
    assert sheet["A1"].value == "社会救助基层政务公开标准目录修订说明"
    assert tuple(cell.value for cell in sheet[2]) == COLUMNS_ZH
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows(min_row=3)]
    limit = next(row for row in rows if row[3] == "公开时限")
    assert limit[:3] == ("修改", "社会救助", "最低生活保障/办事指南")
    assert limit[5] == f"{SHORTER}\n〔20 → 10 个工作日,缩短〕" and limit[6] is None
    assert ("拆分(建议)", "社会救助", "最低生活保障/审核信息、最低生活保障/审批信息", None,
            "最低生活保障/审核审批信息", "最低生活保障/审核信息\n最低生活保障/审批信息",
            None) in rows
    assert book["变更汇总"]["A3"].value == "社会救助"
    assert sheet["A3"].font.name == "宋体" and sheet["A1"].font.name == "黑体"


def test_xlsx_keeps_characters_a_workbook_cannot_hold_visible(tmp_path: Path) -> None:
    from catalog.versions.workbook import write

    new = replaced(BASE, 0, content="政策\x01文件")
    target = tmp_path / "out.xlsx"
    write(diff(document(*BASE), document(*new)), target)
    values = [c.value for row in openpyxl.load_workbook(target)["修订说明"] for c in row]
    assert "政策⟨U+0001⟩文件" in values


def test_html_page_marks_changes_with_words_and_escapes_text(editions: tuple[Path, Path]) -> None:
    page = render_html(diff(*editions))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert '<ins><span class="mark">新增</span>' in page  # 规范性文件 gained <>
    assert "&lt;规范性文件&gt;" in page and "<规范性文件>" not in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert 'data-label="变更类型"' in page and "拆分(建议)" in page
    assert "拆分、合并为根据名称和内容推测的建议" in page
    english = render_html(diff(*editions), "en")
    assert '<html lang="en">' in english and "Skip to main content" in english


def test_exit_codes(editions: tuple[Path, Path], tmp_path: Path,
                    capsys: pytest.CaptureFixture[str]) -> None:
    old, new = map(str, editions)
    assert main(["diff", old, old]) == 0
    assert "两版没有差异" in capsys.readouterr().out
    assert main(["diff", old, new]) == 1
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    assert main(["diff", str(broken), new]) == 2
    assert main(["diff", old, str(tmp_path / "missing.json")]) == 2
    err = capsys.readouterr().err
    assert "CAT622" in err and "Traceback" not in err


def test_output_format_follows_the_extension_and_json_to_stdout(
        editions: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "changes.html"
    assert main(["diff", *map(str, editions), "-o", str(target)]) == 1
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["diff", *map(str, editions), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["format_version"] == "1.0"


def test_all_shows_cosmetic_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    catalog.dump(document(*BASE), old)
    catalog.dump(document(*replaced(BASE, 1, time_limit="制定或获取信息之日起２０个工作日内")), new)
    assert main(["diff", str(old), str(new)]) == 0
    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--all"]) == 1
    assert "仅格式差异" in capsys.readouterr().out


def test_refuses_to_write_over_an_input(editions: tuple[Path, Path], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    old, new = editions
    before = new.read_bytes()
    assert main(["diff", str(old), str(new), "-o", str(new)]) == 2
    monkeypatch.chdir(tmp_path)
    link = tmp_path / "link.json"
    link.symlink_to(new)
    assert main(["diff", str(old), new.name, "-o", "./link.json"]) == 2
    assert new.read_bytes() == before
    assert "不会覆盖输入文件" in capsys.readouterr().err  # the shared guard, catalog.core.outputs
    assert main(["diff", str(old), new.name, "-o", new.name, "--lang", "en"]) == 2
    assert "never overwrites its inputs" in capsys.readouterr().err


def test_xlsx_needs_an_output_file(editions: tuple[Path, Path],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", *map(str, editions), "--format", "xlsx"]) == 2
    assert "--format xlsx 需要用 -o 指定输出文件（.xlsx）" in capsys.readouterr().err
    assert main(["diff", *map(str, editions), "--format", "xlsx", "--lang", "en"]) == 2
    assert "--format xlsx needs -o" in capsys.readouterr().err


def test_example_editions_match_their_generator(tmp_path: Path) -> None:
    """The committed example files are what make_editions.py builds (no silent drift)."""
    import importlib.util

    folder = Path(__file__).parent.parent / "examples" / "yearly-edition-change"
    spec = importlib.util.spec_from_file_location("make_editions", folder / "make_editions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    old, new = tmp_path / "old.xlsx", tmp_path / "new.json"
    module.build(old, new)
    assert catalog.load(folder / "2020年版.xlsx").document == catalog.load(old).document
    assert (folder / "2024年版.json").read_text("utf-8") == new.read_text("utf-8")


def test_limits_apply_to_both_editions(editions: tuple[Path, Path],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    old, new = map(str, editions)
    assert main(["diff", old, new, "--limit", "max_file_bytes=64"]) == 2
    err = capsys.readouterr().err
    assert "CAT601" in err and "Traceback" not in err


def test_publish_previous_writes_the_changes_page(editions: tuple[Path, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """catalog publish NEW --previous OLD: the site links a changes.html of that diff."""
    pytest.importorskip("jinja2")
    old, new = editions
    site = tmp_path / "site"
    assert main(["publish", str(new), "--previous", str(old), "-o", str(site)]) == 0
    page = (site / "changes.html").read_text("utf-8")
    assert "社会救助基层政务公开标准目录修订说明" in page
    assert "特困人员救助供养审批" in page and "20 → 10 个工作日,缩短" in page
    assert 'href="changes.html"' in (site / "index.html").read_text("utf-8")
    assert main(["publish", str(new), "--previous", str(old), "--changes", str(old),
                 "-o", str(site)]) == 2  # one change log or the other
    assert main(["publish", str(new), "--previous", str(tmp_path), "-o", str(site)]) == 2
    assert old.exists() and new.exists()


def test_language_from_the_settings_file(editions: tuple[Path, Path],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    old, new = editions
    (new.parent / "catalog.toml").write_text('lang = "en"\n', encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 1
    assert "Catalogue editions compared" in capsys.readouterr().out
    assert main(["diff", str(old), str(new), "--lang", "zh"]) == 1
    assert "目录版本比较" in capsys.readouterr().out
