"""Reports that cannot be turned against their reader (issue 12 §5): control characters, bidi
overrides, workflow commands and lone surrogates from the data, in every report format."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from catalog.checking.checker import FileResult, check_file
from catalog.cli.main import main
from catalog.core.findings import Finding, Location, Severity
from catalog.core.safe_text import inert_line, terminal_line, visible
from catalog.reports import FORMATS, render
from tests.conftest import base_doc

HOSTILE = "a\x1b[31mred\x07\u202eevil\x85\n::error file=x.json::pwned ##[error]old\ud800"
HOSTILE_FILE = "::error file=y::f\x1b\ud800.json"


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def hostile_results() -> list[FileResult]:
    findings = [
        Finding("CAT203", Severity.INFO, Location(HOSTILE_FILE, sheet="S\x1b", row=3, column=2),
                {"channel": HOSTILE}),
        Finding("CAT204", Severity.WARNING, Location(HOSTILE_FILE, pointer="/x\n::warning::y"),
                {"written": HOSTILE, "standard": "政府网站"}),
        Finding("CAT101", Severity.ERROR, Location(HOSTILE_FILE, row=4, column=3),
                {"item": HOSTILE, "field": "subject"}),
    ]
    return [FileResult(HOSTILE_FILE, findings, readable=True, catalogues=1, items=3)]


_RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def test_visible_shows_controls_as_escapes() -> None:
    assert visible("a\x1bb\x07c\u202ed\ud800\t\n") == "a\\x1bb\\x07c\\u202ed\ufffd\\t\\n"
    assert visible("江上乡人民政府（乡级）") == "江上乡人民政府（乡级）"


def test_inert_line_neutralises_workflow_commands() -> None:
    assert inert_line("::error file=a::b") == "\\::error file=a::b"
    assert inert_line("   ::set-output name=x::1") == "   \\::set-output name=x::1"
    assert inert_line("x ##[error]y") == "x #\\#[error]y"
    assert inert_line("a::b") == "a::b"  # only at the start of a line
    assert terminal_line("x\n::error::y") == "x\\n::error::y"


@pytest.mark.parametrize("report_format", FORMATS)
def test_every_format_encodes_hostile_values(report_format: str) -> None:
    text = render(hostile_results(), report_format, "zh")
    text.encode("utf-8")  # no lone surrogate left
    assert "\ufffd" in text
    if report_format in ("json", "sarif"):
        json.loads(text)


def test_text_report_shows_controls_and_starts_no_workflow_command() -> None:
    text = render(hostile_results(), "text", "en")
    lines = text.splitlines()
    assert not [line for line in lines if _RAW_CONTROL.search(line)]
    assert not [line for line in lines if line.lstrip().startswith("::")]
    assert "##[" not in text
    assert "\\x1b[31mred\\x07\\u202eevil\\x85\\n::error" in text  # visible, not dropped


def test_junit_is_well_formed_with_control_characters() -> None:
    text = render(hostile_results(), "junit", "zh")
    root = ElementTree.fromstring(text.encode("utf-8"))
    failures = [element.get("message") or "" for element in root.iter("failure")]
    assert any("\\x1b[31mred\\x07" in message for message in failures)


def test_github_commands_one_per_finding_with_escaped_properties() -> None:
    text = render(hostile_results(), "github", "en")
    lines = text.splitlines()
    assert len(lines) == 3  # a newline in a value cannot start another command
    for line in lines:
        command, properties, message = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line).groups()
        assert command in ("error", "warning", "notice")
        assert properties.startswith("file=%3A%3Aerror file=y%3A%3Af\\x1b\ufffd.json,")
        assert "\x1b" not in message and "%0A::error file=x.json::pwned" in message


def test_lone_surrogate_in_json_is_a_finding_and_replaced(tmp_path: Path) -> None:
    doc = base_doc()
    doc["catalogues"][0]["items"][0]["channels"] = ["政府网站\ud800"]
    doc["catalogues"][0]["items"][1]["name"] = "办事\udfff指南"
    doc["catalogues"][0]["items"][2]["name"] = "笑脸\U0001F600"  # a valid pair stays
    path = tmp_path / "sur.json"
    path.write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")
    assert "\\ud800" in path.read_text(encoding="utf-8")
    result = check_file(path)
    invalid = [f for f in result.findings if f.code == "CAT593"]
    assert [(f.location.pointer, f.params["char"]) for f in invalid] == [
        ("/catalogues/0/items/0/channels/0", "U+D800"),
        ("/catalogues/0/items/1/name", "U+DFFF"),
    ]
    assert all(f.severity is Severity.ERROR for f in invalid)
    assert not [f for f in result.findings if f.code == "CAT102"]


@pytest.mark.parametrize("report_format", FORMATS)
def test_check_writes_every_report_of_a_surrogate_file(
        tmp_path: Path, report_format: str, capsys: pytest.CaptureFixture[str]) -> None:
    doc = base_doc()
    doc["catalogues"][0]["items"][0]["name"] = "::error::x\ud800\x1b"
    path = tmp_path / "sur.json"
    path.write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")
    out = tmp_path / f"report.{report_format}"
    code = main(["check", str(path), "--format", report_format, "-o", str(out)])
    assert code == 1, capsys.readouterr().err
    assert "CAT593" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".json", ".csv", ".xlsx"])
def test_convert_replaces_lone_surrogates(tmp_path: Path, suffix: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from catalog.api import load

    doc = base_doc()
    doc["catalogues"][0]["items"][0]["content"] = "内容\ud800"
    path = tmp_path / "sur.json"
    path.write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    assert main(["convert", str(path), str(out)]) == 1  # written, but not claimed a success
    assert "CAT593" in capsys.readouterr().err  # convert says what it replaced
    assert load(out).document.catalogues[0].items[0].content == "内容\ufffd"


def test_surrogate_in_a_file_name_is_reported_not_a_crash(tmp_path: Path) -> None:
    name = b"bad\xc4\xbf.json"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(name)).write_text(
        json.dumps(base_doc(), ensure_ascii=False), encoding="utf-8")
    for report_format in FORMATS:
        out = tmp_path / f"r.{report_format}"
        assert main(["check", str(folder), "--format", report_format, "-o", str(out)]) in (0, 1)
        out.read_text(encoding="utf-8")


def test_fix_listing_shows_controls_and_starts_no_workflow_command() -> None:
    from catalog.workbooks.fix import Change, render_changes

    text = render_changes([Change("::error file=a::b", " x\x1b[2J\x07", "x\x1b[2J", "CAT211")],
                          "en")
    assert "\x1b" not in text and "\x07" not in text and "\\x1b[2J" in text
    assert not [line for line in text.splitlines() if line.lstrip().startswith("::")]


def test_lone_surrogate_in_a_key_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    path.write_text('{"format_version": "1.0", "catalogues": [{"items": [{"\\ud800x": "1", '
                    '"content": "\\udc80\\ud800"}]}]}', encoding="utf-8")
    invalid = [f for f in check_file(path).findings if f.code == "CAT593"]
    assert sorted(f.location.pointer for f in invalid) == [
        "/catalogues/0/items/0/content", "/catalogues/0/items/0/\ufffdx"]


def test_annotated_copy_shows_control_characters_from_cells(tmp_path: Path) -> None:
    import openpyxl

    from tests.workbook_builder import build

    table = (Path(__file__).parent / "fixtures" / "annotate.txt").read_text(encoding="utf-8")
    source = tmp_path / "esc.xlsx"
    source.write_bytes(build(table.replace("政府网站 |", "政府网站_x001B_[31m新闻 |", 1)))
    target = tmp_path / "marked.xlsx"
    assert main(["check", str(source), "--annotate", str(target)]) == 1
    sheet = openpyxl.load_workbook(target)["检查结果"]
    messages = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any("政府网站\\x1b[31m新闻" in str(message) for message in messages)


def test_coverage_text_quotes_the_issuer_safely(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = base_doc()
    doc["catalogues"][0]["issuer"]["name"] = "江上乡\x1b[2J人民政府\n::error file=x::y"
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    main(["coverage", str(path)])
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert not [line for line in out.splitlines() if line.lstrip().startswith("::")]
