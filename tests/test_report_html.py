"""The HTML check report: summary first, findings by rule with the cell and its row, escaping."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from catalog.checking.checker import check_file
from catalog.cli.main import main
from catalog.reports import render, render_chunks
from catalog.reports.html import SHOWN_IN_FULL, file_lookup, html_chunks
from catalog.rules import default_registry
from tests.conftest import CLEAN, MISTAKES

pytest.importorskip("jinja2")


def blank_subjects(tmp_path: Path, count: int, subject: str = "") -> Path:
    doc = json.loads(CLEAN.read_text("utf-8"))
    template = doc["catalogues"][0]["items"][0]
    items = []
    for index in range(count):
        item = copy.deepcopy(template)
        item.update(seq=str(index + 1), name=f"测试事项{index + 1}", subject=subject)
        items.append(item)
    doc["catalogues"][0]["items"] = items
    path = tmp_path / "blank.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    return path


def test_summary_comes_first_and_links_to_each_rule_group(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["check", str(MISTAKES), "--format", "html", "-o", str(out), "--quiet"]) == 1
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert page.index('id="summary"') < page.index('class="rule-group"')
    assert "结论：未通过" in page and "错误：3" in page and "警告：4" in page
    codes = re.findall(r'<a class="code" href="#rule-(CAT\d+)">', page)
    assert codes and all(f'id="rule-{code}"' in page for code in codes)
    assert page.count('<a href="#summary">') == len(codes)
    groups = re.findall(r'<section class="rule-group" id="rule-(CAT\d+)"', page)
    assert groups[:3] == ["CAT101", "CAT105", "CAT302"]  # errors first
    assert "<strong>处理办法：</strong>可运行 catalog fix 自动修复（年份括号改为〔〕" in page
    assert "<link" not in page and "<script" not in page and "<style>" in page  # self-contained


def test_each_finding_shows_the_cell_value_and_its_row(tmp_path: Path) -> None:
    page = render([check_file(MISTAKES)], "html")
    section = page[page.index('id="rule-CAT302"'):]
    section = section[:section.index("</section>")]
    assert "单元格内容（公开时限）：<span class=\"cell-value\">" in section
    assert "30个工作日" in section
    assert '<tr class="offending"><th scope="row">公开时限 ◀</th>' in section
    assert section.count('<th scope="row">') == 11  # the row's 11 official columns


def test_spreadsheet_findings_point_at_the_cell(tmp_path: Path) -> None:
    workbook = REPO_WORKBOOK
    page = render([check_file(workbook)], "html")
    assert "jiangshang-social-assistance.xlsx:社会救助!" in page
    assert "单元格内容（" in page and "所在行" in page


REPO_WORKBOOK = (Path(__file__).resolve().parent.parent / "examples" / "township-workbook"
                 / "jiangshang-social-assistance.xlsx")


def test_first_few_in_full_then_n_more(tmp_path: Path) -> None:
    path = blank_subjects(tmp_path, 12)
    page = render([check_file(path)], "html")
    section = page[page.index('id="rule-CAT101"'):]
    section = section[:section.index("</section>")]
    assert section.count('<p class="message">') == SHOWN_IN_FULL
    assert f"同类问题另有 {12 - SHOWN_IN_FULL} 处" in section
    assert section.count('<li><code>') == 12 - SHOWN_IN_FULL


def test_hostile_cell_text_is_escaped(tmp_path: Path) -> None:
    doc = json.loads(CLEAN.read_text("utf-8"))
    doc["catalogues"][0]["items"][0]["time_limit"] = '<script>alert("x")</script>30个工作日'
    doc["catalogues"][0]["items"][0]["content"] = "=cmd|' /C calc'!A0 & <b>"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    page = render([check_file(path)], "html")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;30个工作日" in page
    assert "=cmd|&#39; /C calc&#39;!A0 &amp; &lt;b&gt;" in page


def test_english_and_embeddable_body(tmp_path: Path) -> None:
    registry = default_registry()
    results = [check_file(MISTAKES)]
    english = "".join(html_chunks(results, "en", registry, lookup=file_lookup()))
    assert '<html lang="en">' in english
    assert "<strong>How to fix: </strong>catalog fix repairs this" in english
    assert "Result: failed" in english and "Cell value" in english
    body = "".join(html_chunks(results, "zh", registry, standalone=False))
    assert body.lstrip().startswith('<div class="check-report">')
    assert "<html" not in body and "<body" not in body


def test_clean_file_passes_and_report_is_written_in_pieces() -> None:
    pieces = list(render_chunks([check_file(CLEAN)], "html"))
    assert len(pieces) > 1
    page = "".join(pieces)
    assert "结论：通过" in page


def test_html_format_without_jinja2_says_how_to_install(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; sys.modules['jinja2'] = None\n"
            "from catalog.cli.main import main\n"
            f"sys.exit(main(['check', {str(CLEAN)!r}, '--format', 'html', '-o', "
            f"{str(tmp_path / 'r.html')!r}]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2 and "catalog[publish]" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "r.html").exists()
