"""The text report and message rendering: summary first, grouping, Chinese and English."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from catalog.checking.checker import FileResult, check_file
from catalog.core.findings import Finding, Location, Severity, UsageError
from catalog.i18n import field_title
from catalog.reports import Summary, render
from catalog.reports.text import render_text
from catalog.rules import default_registry
from catalog.rules.engine import message_for

REPO = Path(__file__).resolve().parent.parent
CLEAN = REPO / "examples" / "township-social-assistance" / "catalogue.json"
MISTAKES = REPO / "examples" / "typical-mistakes" / "catalogue.json"


def blank_subjects(tmp_path: Path, count: int) -> Path:
    """A catalogue whose 公开主体 is blank on ``count`` distinct items: one systematic mistake."""
    doc = json.loads(CLEAN.read_text(encoding="utf-8"))
    template = doc["catalogues"][0]["items"][0]
    items = []
    for index in range(count):
        item = copy.deepcopy(template)
        item["seq"] = str(index + 1)
        item["name"] = f"测试事项{index + 1}"
        item["subject"] = ""
        items.append(item)
    doc["catalogues"][0]["items"] = items
    path = tmp_path / "blank.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_summary_counts_by_rule_and_severity() -> None:
    result = check_file(MISTAKES)
    summary = Summary.of([result])
    assert summary.files == 1 and summary.unreadable == 0
    assert summary.errors == result.count(Severity.ERROR)
    assert summary.warnings == result.count(Severity.WARNING)
    assert summary.infos == result.count(Severity.INFO)
    assert sum(count for _, _, count in summary.by_code) == len(result.findings)
    assert [code for code, _, _ in summary.by_code] == sorted({f.code for f in result.findings})


def test_text_report_opens_with_summary_zh() -> None:
    result = check_file(MISTAKES)
    text = render_text([result], "zh", default_registry())
    lines = text.splitlines()
    summary = Summary.of([result])
    assert lines[0] == (
        f"检查了 1 个文件：{summary.errors} 个错误，{summary.warnings} 个警告，"
        f"{summary.infos} 条提示"
    )
    # then one line per code with its severity and count, before any file section
    for offset, (code, _, count) in enumerate(summary.by_code, start=1):
        assert lines[offset].split()[0] == code
        assert lines[offset].split()[2] == str(count)
    assert lines[len(summary.by_code) + 1] == ""
    assert lines[len(summary.by_code) + 2] == str(MISTAKES)


def test_text_report_english() -> None:
    result = check_file(MISTAKES)
    text = render_text([result], "en", default_registry())
    assert text.startswith("Checked 1 file(s): ")
    assert "[error]" in text and "[错误]" not in text
    subject = field_title("subject", "en")
    assert subject in text


def test_unreadable_file_in_summary(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    results = [check_file(bad), check_file(CLEAN)]
    assert (
        render_text(results, "zh", default_registry()).splitlines()[0].endswith("1 个文件无法读取")
    )
    assert "1 file(s) could not be read" in render_text(results, "en", default_registry())


def test_repeated_findings_grouped_into_one_paragraph(tmp_path: Path) -> None:
    result = check_file(blank_subjects(tmp_path, 4))
    blanks = [f for f in result.findings if f.code == "CAT101"]
    assert len(blanks) == 4
    text = render_text([result], "zh", default_registry())
    finding_lines = [line for line in text.splitlines() if "CAT101 [" in line]
    assert len(finding_lines) == 1
    paragraph = text.split(finding_lines[0], 1)[1].splitlines()[1]
    assert paragraph.strip().startswith("同类问题另有 3 处")
    for finding in blanks[1:]:
        assert finding.location.pointer is not None
        assert finding.location.pointer in paragraph


def test_long_group_lists_some_places_and_counts_the_rest(tmp_path: Path) -> None:
    result = check_file(blank_subjects(tmp_path, 20))
    zh = render_text([result], "zh", default_registry())
    assert zh.count("CAT101 [") == 1
    assert "同类问题另有 19 处" in zh
    listed = re.search(r"同类问题另有 19 处：(.*)", zh)
    assert listed is not None
    shown = listed.group(1).split(" 等另 ")
    assert len(shown) == 2
    places = shown[0].split("、")
    assert int(shown[1].split()[0]) == 19 - len(places)
    en = render_text([result], "en", default_registry())
    assert "same problem in 19 more place(s)" in en
    assert f"and {19 - len(places)} more" in en


def test_different_problems_are_not_grouped(tmp_path: Path) -> None:
    path = blank_subjects(tmp_path, 2)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["catalogues"][0]["items"][1]["subject"] = "某镇人民政府"
    doc["catalogues"][0]["items"][1]["content"] = ""
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    text = render_text([check_file(path)], "zh", default_registry())
    lines = text.splitlines()
    cat101 = [index for index, line in enumerate(lines) if "CAT101 [" in line]
    assert len(cat101) == 2
    assert not any("同类问题" in lines[index + 1] for index in cat101 if index + 1 < len(lines))


def test_clean_file_has_no_file_section() -> None:
    result = FileResult(str(CLEAN), [], True, 1, 3)
    text = render_text([result], "zh", default_registry())
    assert text == "检查了 1 个文件：0 个错误，0 个警告，0 条提示\n"


# ----------------------------------------------------------------------------- messages


def _finding(code: str, **params: Any) -> Finding:
    return Finding(code, default_registry().get(code).severity, Location("x.json"), params)


def test_field_param_rendered_as_column_title() -> None:
    finding = _finding("CAT101", item="综合业务/监督检查", field="subject")
    zh = message_for(finding, default_registry(), "zh")
    en = message_for(finding, default_registry(), "en")
    assert "综合业务/监督检查" in zh and "公开主体" in zh and "subject" not in zh
    assert field_title("subject", "en") in en


def test_missing_param_shows_question_mark() -> None:
    message = message_for(_finding("CAT301"), default_registry(), "zh")
    assert "?" in message


def test_missing_item_label_is_named() -> None:
    zh = message_for(_finding("CAT101", field="content"), default_registry(), "zh")
    en = message_for(_finding("CAT101", field="content"), default_registry(), "en")
    assert "未命名事项" in zh and "unnamed item" in en


def test_list_params_joined() -> None:
    finding = _finding("CAT403", candidates=["社会救助", "养老服务"])
    assert "社会救助、养老服务" in message_for(finding, default_registry(), "zh")


def test_unknown_code_still_readable() -> None:
    finding = Finding("XYZ999", Severity.ERROR, Location("x.json"), {"a": 1})
    assert message_for(finding, default_registry(), "zh").startswith("XYZ999")


def test_render_rejects_unknown_format() -> None:
    with pytest.raises(UsageError):
        render([], "pdf")


@pytest.mark.parametrize("report_format", ["text", "json", "junit", "sarif", "github"])
def test_every_format_renders_no_results(report_format: str) -> None:
    assert isinstance(render([], report_format), str)


def test_missing_national_items_are_one_paragraph_listing_the_items() -> None:
    """CAT405 findings (one per missing national item, all at the table's corner) are grouped
    like any repeated finding; the paragraph lists the other items, not the same cell again."""
    registry = default_registry()
    findings = [
        Finding("CAT405", Severity.INFO, Location("a.xlsx", "社会救助", 1, 1),
                {"national": name, "domain": "社会救助", "domain_en": "Social assistance",
                 "level": "乡级"})
        for name in ("低保/政策文件", "特困/政策文件", "特困/审核信息")]
    zh = render_text([FileResult("a.xlsx", findings)], "zh", registry)
    assert zh.count("CAT405 [提示]") == 1
    assert "      同类问题另有 2 项：特困/政策文件、特困/审核信息\n" in zh
    en = render_text([FileResult("a.xlsx", findings)], "en", registry)
    assert "      same problem for 2 more: 特困/政策文件; 特困/审核信息\n" in en


def test_grouped_places_follow_workbook_order(tmp_path: Path) -> None:
    """Sheets in workbook order (表2 before 表10, though "表10" < "表2" as text), then rows
    and columns as numbers (B10 after B9)."""
    from tests.workbook_builder import build

    row = "#{n} | 低保 | 事项{n} | | 《办法》 | 实时公开 | 县民政局 | 政府网站 | √ | | √ | | √ |"
    table = "\n".join(row.format(n=n) for n in range(1, 10))
    header = ("序号 | 一级事项 | 二级事项 | 公开内容 | 公开依据 | 公开时限 | 公开主体 | 公开渠道 "
              "| 全社会 | 特定群体 | 主动 | 依申请 | 县级 | 乡级")
    path = tmp_path / "two.xlsx"
    path.write_bytes(build(f"[sheet 表2]\n{header}\n{table}\n[sheet 表10]\n{header}\n{table}\n"))
    lines = render_text([check_file(path)], "zh", default_registry()).splitlines()
    line = next(line for line in lines if "CAT101 [" in line)  # the blank 公开内容 cells
    assert line.startswith("  表2!D2 CAT101")  # not 表10, which sorts first as text
    places = lines[lines.index(line) + 1]
    assert places == ("      同类问题另有 17 处：" + "、".join(f"表2!D{n}" for n in range(3, 11))
                      + " 等另 9 处")
