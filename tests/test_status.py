"""Everything a township clerk reads is in their language (issue 11, "Township staff"): status
lines, rule titles, no parser English inside Chinese messages, one punctuation style."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from catalog.checking.checker import FileResult, check_file
from catalog.cli.lang import ZH, ZH_PLURAL
from catalog.cli.main import main
from catalog.core.findings import Finding, Location, Severity
from catalog.i18n import MESSAGES, TECHNICAL_PARAMS, status
from catalog.reports import render
from catalog.rules import default_registry
from catalog.rules.engine import message_for
from catalog.rules.titles import TITLES
from tests.conftest import MISTAKES, base_doc, write

# placeholders, and URL schemes, are no prose
_PLACEHOLDERS = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sr]|%[sr]|https?://")
_HALF_WIDTH = re.compile(r"[,;:()!?]")


def _zh_texts() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for rule in default_registry():
        for attr in ("message_zh", "hint_zh", "fix_zh", "workbook_hint_zh"):
            text = getattr(rule, attr, None)
            if text:
                texts.append((f"{rule.code}.{attr}", text))
    texts += [(f"status.{key}", zh) for key, (zh, _) in MESSAGES.items()]
    texts += [(f"argparse.{key!r}", zh) for key, zh in {**ZH, **ZH_PLURAL}.items()]
    texts += [(f"title.{code}", zh) for code, (zh, _) in TITLES.items()]
    return texts


def test_every_chinese_text_uses_full_width_punctuation() -> None:
    """，；：（）！？ in Chinese, never , ; : ( ) ! ? (placeholders aside)."""
    half_width = [(where, text) for where, text in _zh_texts()
                  if _HALF_WIDTH.search(_PLACEHOLDERS.sub("", text))]
    assert half_width == []


def test_the_punctuation_check_can_fail() -> None:
    assert _HALF_WIDTH.search(_PLACEHOLDERS.sub("", "“{item}”的{field}为空;请填写"))
    assert not _HALF_WIDTH.search(_PLACEHOLDERS.sub("", "“{item}”的{field}为空；请填写 {x:>3}"))


def test_text_report_in_chinese_uses_full_width_punctuation(tmp_path: Path) -> None:
    doc = base_doc()
    for item in doc["catalogues"][0]["items"]:
        item["subject"] = ""
    results = [check_file(MISTAKES), check_file(write(tmp_path / "blank.json", doc))]
    lines = render(results, "text", "zh").splitlines()
    assert not _HALF_WIDTH.search(lines[0])
    ours = [line for line in lines if line.lstrip().startswith(("处理办法", "同类问题"))]
    assert any("同类问题另有" in line for line in ours)
    for line in ours:  # the report's own words; the places are the data's
        assert re.match(r"\s+(处理办法：|同类问题另有 \d+ [处项]：)", line), line


def test_every_rule_has_titles_in_both_languages() -> None:
    registry = default_registry()
    assert sorted(TITLES) == [rule.code for rule in registry]
    for zh, en in TITLES.values():
        assert re.search(r"[\u4e00-\u9fff]", zh) and re.search(r"[A-Za-z]", en)


def test_summary_names_rules_by_title_in_the_readers_language() -> None:
    results = [check_file(MISTAKES)]
    zh = render(results, "text", "zh").splitlines()
    en = render(results, "text", "en").splitlines()
    assert any(line.strip().startswith("CAT101") and line.endswith("必填项为空") for line in zh)
    assert any(line.strip().startswith("CAT101") and line.endswith("Required field blank")
               for line in en)
    assert not any("required-field-blank" in line for line in zh + en)


def test_no_template_shows_a_technical_detail() -> None:
    for rule in default_registry():
        for template in (rule.message_zh, rule.message_en):
            assert not any(f"{{{key}}}" in template for key in TECHNICAL_PARAMS), rule.code


def test_parser_english_stays_out_of_chinese_messages(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"catalogues": [1, 2', encoding="utf-8")
    finding = check_file(bad).findings[0]
    assert finding.code == "CAT100" and finding.params["detail"]  # kept as data
    registry = default_registry()
    zh = message_for(finding, registry, "zh")
    assert not re.search(r"[A-Za-z]{3,}", zh.replace("JSON", "")), zh
    assert finding.params["detail"] in message_for(finding, registry, "zh", debug=True)
    assert finding.params["detail"] in message_for(finding, registry, "en")


def test_debug_shows_the_detail_in_the_text_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"catalogues": [1, 2', encoding="utf-8")
    main(["check", str(bad)])
    plain = capsys.readouterr().out
    main(["check", str(bad), "--debug"])
    debug = capsys.readouterr().out
    assert "Expecting" not in plain and "（详情：Expecting" in debug
    main(["check", str(bad), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["files"][0]["findings"][0]["params"]["detail"].startswith("Expecting")


def test_damaged_workbook_message_is_chinese_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    main(["check", str(broken)])
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "CAT60" in line)
    assert not re.search(r"[A-Za-z]{4,}", line.split("CAT60")[1]), line


def test_status_lines_follow_the_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "a.json", base_doc())
    baseline = tmp_path / "baseline.json"
    main(["check", str(path), "--baseline", str(baseline)])
    assert status("baseline_written", "zh", path=baseline) in capsys.readouterr().err
    baseline.unlink()
    main(["check", str(path), "--baseline", str(baseline), "--lang", "en"])
    err = capsys.readouterr().err
    assert f"baseline written: {baseline}" in err and "基线" not in err


def test_unreadable_file_error_in_one_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.json"
    main(["convert", str(missing), str(tmp_path / "x.json")])
    zh = capsys.readouterr().err
    main(["convert", str(missing), str(tmp_path / "x.json"), "--lang", "en"])
    en = capsys.readouterr().err
    assert "CAT622" in zh and "no such file" not in zh and "不存在" in zh
    assert "no such file" in en and "不存在" not in en


def test_interrupted_line_in_both_languages() -> None:
    assert status("interrupted", "zh") == "已中断，没有写出不完整的文件"
    assert status("interrupted", "en").startswith("interrupted")


def test_status_values_are_shown_safely() -> None:
    assert status("baseline_written", "en", path="::error::x\x1b") == (
        "baseline written: ::error::x\\x1b")
    assert status("baseline_written", "en", path="\n::error::x").startswith("baseline written: \\n")


def test_summary_of_an_unknown_plugin_rule_shows_its_code_only() -> None:
    finding = Finding("ZZZ999", Severity.ERROR, Location("a.json"), {})
    text = render([FileResult("a.json", [finding])], "text", "zh")
    assert "ZZZ999" in text


@pytest.mark.parametrize(("argv", "zh", "en"), [
    (["--select", "CAT9"], "没有以 CAT9 开头的规则代码", "no rule code starts with CAT9"),
    (["--level", "火星级"], "无法识别的层级：'火星级'（应为市级、县级、乡级或村级）",
     "unknown level: '火星级'"),
])
def test_usage_errors_of_the_library_in_the_clerks_language(
        argv: list[str], zh: str, en: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(MISTAKES), *argv]) == 2
    err = capsys.readouterr().err
    assert zh in err and en not in err and not _HALF_WIDTH.search(err.split("'")[0])
    assert main(["check", str(MISTAKES), *argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert en in err and zh not in err


def test_annotate_needs_one_workbook_in_chinese(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["check", str(MISTAKES), "--annotate", str(tmp_path / "x.xlsx")]) == 2
    assert "--annotate 只能用于一个 .xlsx 或 .xls 文件" in capsys.readouterr().err
