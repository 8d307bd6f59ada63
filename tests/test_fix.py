"""Safe fixes: only meaning-preserving rewrites, each tied to a rule, input never overwritten."""

from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl
import pytest

from catalog.core.findings import UsageError
from catalog.formats.options import ReadOptions
from catalog.rules import default_registry
from catalog.workbooks.fix import Change, backup_path, fix, fix_text
from tests.workbook_builder import build, to_csv

TABLE = (Path(__file__).parent / "fixtures" / "fixable.txt").read_text(encoding="utf-8")


def by_code(changes: list[Change]) -> dict[str, list[Change]]:
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.code, []).append(change)
    return grouped


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "in.xlsx"
    path.write_bytes(build(TABLE))
    return path


def test_every_fix_code_is_a_defined_rule() -> None:
    registry = default_registry()
    for code in ("CAT202", "CAT208", "CAT209", "CAT210", "CAT211", "CAT304", "CAT510"):
        assert code in registry, code


@pytest.mark.parametrize(("field", "before", "after"), [
    ("channels", "■政府网站 口两微一端", "■政府网站 □两微一端"),
    ("channels", "口政府网站\n口政府公报", "□政府网站\n□政府公报"),
    ("channels", "■口岸信息平台", "■口岸信息平台"),
    ("content", "人口、户口、口岸统计", "人口、户口、口岸统计"),
    ("channels", "发布会、政府网站", "发布会/听证会、政府网站"),
    ("channels", "■新闻发布会 ■其它", "■发布会/听证会 ■其他"),
    ("channels", "入户、现场", "入户/现场"),
    ("channels", "新闻发布会议室", "新闻发布会议室"),
    ("time_limit", "２０个工作日内", "20个工作日内"),
    ("basis", "《条例》(国办发[2019]54号)", "《条例》(国办发〔2019〕54号)"),
    ("basis", "国人口发（2007）78号", "国人口发〔2007〕78号"),
    ("name", "办事 指南", "办事指南"),
    ("category", " 出生\n登记 ", "出生登记"),
    ("subject", "乡镇人民政府\n行政村村民委员会", "乡镇人民政府\n行政村村民委员会"),
    ("tick", "✓", "√"),
    ("tick", "是", "√"),
    ("tick", "×", "×"),
    ("tick", "○", "○"),
])
def test_text_fixes(field: str, before: str, after: str) -> None:
    steps = fix_text(field, before)
    result = steps[-1][2] if steps else before
    assert result == after


def test_xlsx_fixes_are_reported_per_cell_and_written_to_a_copy(workbook: Path,
                                                                 tmp_path: Path) -> None:
    before = workbook.read_bytes()
    out = tmp_path / "out.xlsx"
    changes = fix(workbook, out)
    assert workbook.read_bytes() == before
    codes = by_code(changes)
    assert {c.where for c in codes["CAT210"]} == {"社会救助!A4", "社会救助!F4"}
    assert [c.after for c in codes["CAT208"]] == ["■政府网站 □两微一端 □发布会"]
    assert [(c.where, c.after) for c in codes["CAT202"]] == [
        ("社会救助!H4", "■政府网站 □两微一端 □发布会/听证会"),
        ("社会救助!H5", "政府网站、纸质媒体")]
    assert {c.where for c in codes["CAT209"]} == {"社会救助!I4", "社会救助!K4"}
    assert [c.after for c in codes["CAT304"]] == ["《办法》(民发〔2021〕57号)"]
    assert [(c.where, c.after) for c in codes["CAT510"]] == [
        ("社会救助!E5", "《办法》(民发〔2021〕57号)"), ("社会救助!F5", "20个工作日内")]
    assert [c.after for c in codes["CAT211"]] == ["出生登记"]
    sheet = openpyxl.load_workbook(out)["社会救助"]
    assert sheet["C4"].value == "出生登记"
    assert sheet["D4"].value == "人口与户口统计" and sheet["C5"].value == "口岸通关"
    assert sheet["E5"].value == "《办法》(民发〔2021〕57号)"
    assert sheet["I4"].value == "√" and sheet["K4"].value == "√"
    assert "B4:B5" in {str(r) for r in sheet.merged_cells.ranges}  # layout kept
    assert fix(out, tmp_path / "again.xlsx") == []  # fixes are idempotent


def test_diff_only_writes_nothing(workbook: Path, tmp_path: Path) -> None:
    stamp = os.stat(workbook).st_mtime_ns
    changes = fix(workbook, tmp_path / "out.xlsx", diff_only=True)
    assert changes and not (tmp_path / "out.xlsx").exists()
    assert os.stat(workbook).st_mtime_ns == stamp
    assert fix(workbook, diff_only=True) == changes


def test_refuses_to_overwrite_input_without_in_place(workbook: Path) -> None:
    with pytest.raises(UsageError):
        fix(workbook, workbook)
    with pytest.raises(UsageError):
        fix(workbook)


def test_in_place_keeps_a_backup(workbook: Path) -> None:
    original = workbook.read_bytes()
    changes = fix(workbook, in_place=True)
    assert changes
    assert (workbook.parent / "in.xlsx.bak").read_bytes() == original
    assert workbook.read_bytes() != original
    assert backup_path(workbook).name == "in.xlsx.bak.2"  # a second run keeps the first backup


def test_csv_fixes_keep_encoding_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(to_csv(TABLE).encode("utf-8-sig"))
    out = tmp_path / "out.csv"
    changes = fix(path, out)
    codes = {c.code for c in changes}
    assert {"CAT202", "CAT208", "CAT209", "CAT210", "CAT304", "CAT510"} <= codes
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "■政府网站 □两微一端 □发布会/听证会" in text and "民发〔2021〕57号" in text
    assert "人口与户口统计" in text and "口岸通关" in text
    assert any(c.where == "E5" for c in changes)


def test_json_fixes(tmp_path: Path) -> None:
    item = {"seq": "１", "category": "最低 生活保障", "name": "办事指南", "content": "人口统计",
            "basis": {"text": "《办法》(民发[2021]57号)"}, "time_limit": {"text": "２０个工作日"},
            "subject": "江上乡人民政府", "channels": ["政府网站", "纸质载体", "新闻发布会"],
            "audience": ["全社会"], "mode": ["主动"], "level": ["乡级"]}
    second = {**item, "seq": "2", "basis": {"text": "同上"}}
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"format_version": "1.0", "catalogues": [
        {"items": [item, second]}]}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.json"
    changes = fix(path, out)
    fixed = json.loads(out.read_text(encoding="utf-8"))["catalogues"][0]["items"]
    assert fixed[0]["seq"] == "1" and fixed[0]["category"] == "最低生活保障"
    assert fixed[0]["channels"] == ["政府网站", "纸质媒体", "发布会/听证会"]
    assert fixed[0]["basis"]["text"] == "《办法》(民发〔2021〕57号)"
    assert fixed[1]["basis"]["text"] == "《办法》(民发〔2021〕57号)"
    assert fixed[0]["content"] == "人口统计"
    assert "/catalogues/0/items/1/basis/text" in {c.where for c in changes if c.code == "CAT510"}


def test_other_formats_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        fix(tmp_path / "in.ods", tmp_path / "out.ods")
    with pytest.raises(UsageError):
        fix(tmp_path / "in.csv", tmp_path / "out.xlsx")


# 序号 as Excel numbering formulas, saved with their results (as Excel saves them).
FORMULAS = TABLE.replace("１ |", "=ROW()-3=>1 |").replace("#2 |", "=ROW()-3=>2 |")


def assert_formulas_kept(path: Path) -> None:
    from catalog.formats import load_file

    assert openpyxl.load_workbook(path)["社会救助"]["A4"].value == "=ROW()-3"
    saved = openpyxl.load_workbook(path, data_only=True)["社会救助"]
    assert (saved["A4"].value, saved["A5"].value) == (1, 2)
    loaded = load_file(path)
    assert [item.seq for item in loaded.document.catalogues[0].items] == ["1", "2"]
    assert "CAT509" not in {f.code for f in loaded.findings}


def test_formulas_keep_their_saved_results(tmp_path: Path) -> None:
    source = tmp_path / "in.xlsx"
    source.write_bytes(build(FORMULAS))
    changes = fix(source, tmp_path / "out.xlsx")
    assert changes and not any(c.where.endswith(("!A4", "!A5")) for c in changes)
    assert_formulas_kept(tmp_path / "out.xlsx")


def test_xls_is_fixed_into_an_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from catalog.cli.main import main
    from catalog.formats import load_file
    from tests.workbook_builder import build_xls

    source = tmp_path / "in.xls"
    source.write_bytes(build_xls(TABLE))
    before = source.read_bytes()
    out = tmp_path / "out.xlsx"
    assert main(["fix", str(source), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "社会救助!C4：“出生↵登记” → “出生登记”" in printed
    assert f"{source} 是 .xls 格式，副本已保存为 .xlsx：{out}" in printed
    assert source.read_bytes() == before
    first, second = load_file(out).document.catalogues[0].items
    assert (first.name, first.basis.text) == ("出生登记", "《办法》(民发〔2021〕57号)")
    assert second.category == "最低生活保障"  # the merge B4:B5 came along
    assert second.original.get("basis") is None and second.basis.text == first.basis.text
    with pytest.raises(UsageError, match=r"-o out\.xlsx"):
        fix(source, tmp_path / "out.xls")
    with pytest.raises(UsageError, match=r"in place.*-o in\.xlsx"):
        fix(source, in_place=True)


def test_changes_render_one_line_each_with_a_count(workbook: Path) -> None:
    """One readable line per changed cell (per changed line of a box list), no literal \\n,
    steps on one cell merged, in the user's language."""
    from catalog.workbooks.fix import render_changes

    changes = fix(workbook, diff_only=True)
    text = render_changes(changes, "zh")
    lines = text.splitlines()
    assert "\\n" not in text
    cells = {change.where for change in changes}
    assert len(lines) == len(cells) + 1 and lines[-1] == f"共修改 {len(cells)} 个单元格"
    assert "社会救助!C4：“出生↵登记” → “出生登记”（CAT211：删除多余的空格和换行）" in lines
    # A full-width 序号 is trimmed and made ASCII: one line, both rules named.
    assert [line for line in lines if line.startswith("社会救助!A4")] == [
        "社会救助!A4：“１” → “1”（CAT210：改为半角数字）"]
    assert ("社会救助!H4：“■政府网站 口两微一端 □发布会” → “■政府网站 □两微一端 □发布会/听证会”"
            "（CAT208：改为 □（只改作方框用的“口”，人口、户口、口岸中的“口”不变）；"
            "CAT202：改写为标准渠道名称）") in lines
    english = render_changes(changes, "en").splitlines()
    assert ("社会救助!C4: “出生↵登记” → “出生登记” "
            "(CAT211: remove the stray spaces and line breaks)") in english
    assert english[-1] == f"{len(cells)} cell(s) changed"
    assert render_changes([], "en") == "nothing to fix"
    assert render_changes([], "zh") == "没有可自动修正的内容"


def test_a_box_list_shows_only_its_changed_lines() -> None:
    from catalog.workbooks.fix import render_changes

    before = "■政府网站 □政府公报\n口两微一端 □发布会/听证会\n□广播电视 □纸质媒体"
    after = before.replace("口两微", "□两微")
    text = render_changes([Change("表!H4", before, after, "CAT208")], "zh")
    assert text.splitlines()[0] == (
        "表!H4 第 2 行：“口两微一端 □发布会/听证会” → “□两微一端 □发布会/听证会”"
        "（CAT208：改为 □（只改作方框用的“口”，人口、户口、口岸中的“口”不变））")
    english = render_changes([Change("表!H4", before, after, "CAT208")], "en")
    assert english.startswith("表!H4 line 2: “口两微一端")


def test_every_fix_belongs_to_a_rule_that_documents_it() -> None:
    """`catalog rules` marks exactly the rules whose fixes `catalog fix` applies."""
    from catalog.rules import Rule, default_registry
    from catalog.workbooks import fix as fix_module

    # the rules the module names are the rules whose fixes it applies
    applied = {value.code for value in vars(fix_module).values() if isinstance(value, Rule)}
    assert len(applied) == 7
    documented = {rule.code for rule in default_registry() if rule.fix_zh and rule.fix_en}
    assert documented == applied


# Surrounding blanks in every text column, and a mark variant in a tick column.
MESSY = TABLE + (
    "#3 | \\s临时救助 | 审核\\s | \\s名单\\s | \\s《办法》 | 实时公开\\s | \\s江上乡人民政府\\n "
    "| 政府网站\\s | √\\s | | ● | | | √\n")


@pytest.mark.parametrize("kind", ["xlsx", "csv", "json"])
def test_check_reports_every_cell_fix_changes(tmp_path: Path, kind: str) -> None:
    """What fix changes, check has reported: a finding of a fixable rule at every cell (of the
    very rule for blanks, marks and digits, which the reader used to tidy silently)."""
    from catalog.api import check

    path = tmp_path / f"messy.{kind}"
    if kind == "csv":
        path.write_text(to_csv(MESSY), encoding="utf-8")
    elif kind == "json":
        from catalog.api import dumps, load

        source = tmp_path / "messy.xlsx"
        source.write_bytes(build(MESSY))
        data = json.loads(dumps(load(source).document))
        item = data["catalogues"][0]["items"][2]
        for key in ("category", "name", "content", "subject"):
            item[key] = f" {item[key]} "
        item["basis"]["text"] += "\n"
        item["channels"][0] += " "
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_bytes(build(MESSY))
    changes = fix(path, diff_only=True)
    fixable = {rule.code for rule in default_registry() if rule.fix_zh}
    reported: dict[str, set[str]] = {}
    for finding in check([path])[0].findings:
        where = finding.location.pointer if kind == "json" else finding.location.cell
        if finding.code in fixable and where:
            reported.setdefault(where, set()).add(finding.code)
    trimmed = {c.where for c in changes if c.code == "CAT211"}
    if kind == "json":  # a channel is reported on its list, a text on its field
        changes = [Change(c.where.removesuffix("/text").rsplit("/", 1)[0]
                          if "/channels/" in c.where else c.where.removesuffix("/text"),
                          c.before, c.after, c.code) for c in changes]
        assert len(trimmed) >= 6
    else:
        assert len(trimmed) >= 8
        assert {c.code for c in changes} >= {"CAT209", "CAT210", "CAT211"}
    for change in changes:
        assert change.where in reported, change
        if change.code in ("CAT209", "CAT210", "CAT211"):
            assert change.code in reported[change.where], change


def test_converted_note_only_for_xls_in_both_languages() -> None:
    from catalog.workbooks.fix import converted_note

    assert converted_note("a.xlsx", "b.xlsx") is None
    assert converted_note("a.xls", None) is None  # --diff writes nothing
    assert converted_note("a.xls", "b.xlsx", "en") == (
        "a.xls is an .xls workbook: the copy was written as .xlsx to b.xlsx (cell values and "
        "merged cells are kept, formatting is not)")
    assert converted_note("a.xls", "b.xlsx", "zh") == (
        "a.xls 是 .xls 格式，副本已保存为 .xlsx：b.xlsx"
        "（单元格内容和合并单元格保留，原格式设置不保留）")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize(("field", "written", "fixed"), [
    ("content", " 办理条件 ", "办理条件"),
    ("name", "办事 指南", "办事指南"),
    ("time_limit", "２０个工作日内", "20个工作日内"),
    ("channels", (" 政府网站", "便民服务站"), ("政府网站", "便民服务站")),
])
def test_a_fix_on_a_file_catalog_wrote_stays_fixed(
        tmp_path: Path, suffix: str, field: str, written: object, fixed: object) -> None:
    """The hidden metadata keeps exact values; a fixed cell must win over its stale record."""
    from catalog.formats import csv_writer, load_file, xlsx_writer
    from catalog.standard.model import Catalogue, Document
    from tests.conftest import make_item

    other = make_item(seq="2", content=" 留着的空格 ")
    document = Document(catalogues=(Catalogue(items=(make_item(**{field: written}), other)),))
    path = tmp_path / f"out{suffix}"
    (xlsx_writer if suffix == ".xlsx" else csv_writer).write(document, path)
    before = load_file(path).document.catalogues[0].items
    value = getattr(before[0], field)
    assert (value.text if field == "time_limit" else value) == written  # exact before fixing
    changes = fix(path, in_place=True)
    assert changes
    items = load_file(path).document.catalogues[0].items
    value = getattr(items[0], field)
    assert (value.text if field == "time_limit" else value) == fixed
    assert items[1].content == "留着的空格"  # fixed too: the other row's record is stale as well
    if suffix == ".xlsx":  # the low-memory backend checks the cells alike
        streamed = load_file(path, options=ReadOptions(streaming=True))
        assert streamed.document.catalogues[0].items == items
