"""Machine-readable reports: JSON (against its published schema), JUnit, SARIF, GitHub."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest

from catalog.checking.checker import FileResult, check_file
from catalog.cli.main import main
from catalog.core.findings import Finding, Location, Severity
from catalog.reports.github import render_github
from catalog.reports.json_report import render_json
from catalog.reports.sarif import render_sarif
from catalog.rules import default_registry
from catalog.standard.schema import report_schema

REPO = Path(__file__).resolve().parent.parent
CLEAN = REPO / "examples" / "township-social-assistance" / "catalogue.json"
MISTAKES = REPO / "examples" / "typical-mistakes" / "catalogue.json"
REPORT_SCHEMA = json.loads((REPO / "schemas" / "report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    bad = tmp_path / "bad.json"
    bad.write_text('{"catalogues": [1, 2', encoding="utf-8")
    return bad


def results(*paths: Path) -> list[FileResult]:
    return [check_file(path) for path in paths]


def cli(capsys: pytest.CaptureFixture[str], *argv: Any) -> tuple[int, str]:
    code = main([str(arg) for arg in argv])
    return code, capsys.readouterr().out


def validate_report(text: str) -> dict[str, Any]:
    report = json.loads(text)
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    return report


# ------------------------------------------------------------------------------------ JSON


def test_checked_in_report_schema_is_generated() -> None:
    assert report_schema() == REPORT_SCHEMA
    jsonschema.Draft202012Validator.check_schema(REPORT_SCHEMA)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_report_valid_and_complete(
    lang: str, bad_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = cli(capsys, "check", MISTAKES, bad_file, CLEAN, "--format", "json", "--lang", lang)
    assert code == 2
    report = validate_report(out)
    assert report["language"] == lang
    assert [entry["file"] for entry in report["files"]] == [
        str(MISTAKES),
        str(bad_file),
        str(CLEAN),
    ]
    expected = results(MISTAKES, bad_file, CLEAN)
    for entry, result in zip(report["files"], expected, strict=True):
        assert entry["readable"] is result.readable
        assert [f["code"] for f in entry["findings"]] == [f.code for f in result.findings]
        assert [f["params"] for f in entry["findings"]] == [f.params for f in result.findings]
        for finding in entry["findings"]:
            assert set(finding) == {"code", "severity", "message", "hint", "location", "params"}
            assert finding["message"] and finding["location"]["file"] == entry["file"]
    unreadable = report["files"][1]
    assert unreadable["readable"] is False
    assert [f["code"] for f in unreadable["findings"]] == ["CAT100"]
    summary = report["summary"]
    assert summary["files"] == 3 and summary["unreadable"] == 1
    all_findings = [f for entry in report["files"] for f in entry["findings"]]
    assert summary["errors"] == sum(f["severity"] == "error" for f in all_findings)
    assert sum(c["count"] for c in summary["by_code"]) == len(all_findings)


def test_json_findings_in_position_order(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = cli(capsys, "check", MISTAKES, "--format", "json")
    findings = validate_report(out)["files"][0]["findings"]
    assert len(findings) > 5
    lines = [f["location"]["line"] for f in findings]
    assert all(isinstance(line, int) for line in lines)
    assert lines == sorted(lines)


@pytest.mark.parametrize("format", ["json", "sarif"])
def test_long_lists_one_entry_per_line_and_written_in_pieces(
    format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from catalog.reports import render, render_chunks

    checked = results(MISTAKES, CLEAN)
    pieces = list(render_chunks(checked, format))
    assert len(pieces) > 10  # written as made, not built whole
    text = "".join(pieces)
    assert text == render(checked, format)
    data = json.loads(text)
    entries = (data["files"][0]["findings"] if format == "json"
               else data["runs"][0]["results"])
    lines = [line.strip().rstrip(",") for line in text.splitlines()]
    assert all(json.dumps(entry, ensure_ascii=False, separators=(", ", ": ")) in lines
               for entry in entries)
    output = tmp_path / f"report.{format}"
    assert cli(capsys, "check", MISTAKES, CLEAN, "--format", format, "-o", output)[0] == 1
    assert output.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("format", ["junit", "github"])
def test_finding_per_finding_formats_written_in_pieces(format: str) -> None:
    from catalog.reports import render, render_chunks

    checked = results(MISTAKES, CLEAN)
    pieces = list(render_chunks(checked, format, strict=True))
    assert len(pieces) >= sum(len(result.findings) for result in checked) > 5
    assert "".join(pieces) == render(checked, format, strict=True)


def test_json_report_locations_for_json_input(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = cli(capsys, "check", MISTAKES, "--format", "json", "--select", "CAT302")
    finding = validate_report(out)["files"][0]["findings"][0]
    text = MISTAKES.read_text(encoding="utf-8").splitlines()
    assert finding["location"]["pointer"].endswith("/time_limit")
    assert '"time_limit"' in text[finding["location"]["line"] - 1]


def test_json_report_message_language() -> None:
    finding = Finding(
        "CAT101", Severity.ERROR, Location("a.json"), {"item": "甲/乙", "field": "subject"}
    )
    result = [FileResult("a.json", [finding])]
    zh = json.loads(render_json(result, "zh", default_registry()))
    en = json.loads(render_json(result, "en", default_registry()))
    message_zh = zh["files"][0]["findings"][0]["message"]
    message_en = en["files"][0]["findings"][0]["message"]
    assert "公开主体" in message_zh and message_zh != message_en
    assert zh["files"][0]["findings"][0]["params"] == {"item": "甲/乙", "field": "subject"}


def test_json_params_made_jsonable() -> None:
    finding = Finding(
        "CAT403", Severity.WARNING, Location("a.json"), {"candidates": ("甲", "乙"), "n": Path("x")}
    )
    report = validate_report(
        render_json([FileResult("a.json", [finding])], "zh", default_registry())
    )
    assert report["files"][0]["findings"][0]["params"] == {"candidates": ["甲", "乙"], "n": "x"}


def test_spreadsheet_location_in_json_report() -> None:
    location = Location("目录.xlsx", sheet="社会救助", row=12, column=3)
    finding = Finding("CAT101", Severity.ERROR, location, {"item": "甲", "field": "subject"})
    report = validate_report(
        render_json([FileResult("目录.xlsx", [finding])], "zh", default_registry())
    )
    assert report["files"][0]["findings"][0]["location"] == {
        "file": "目录.xlsx",
        "sheet": "社会救助",
        "cell": "社会救助!C12",
        "row": 12,
        "column": "C",
        "pointer": None,
        "line": None,
    }


# ----------------------------------------------------------------------------------- JUnit


def _severities(*paths: Path) -> list[str]:
    return [f.severity.value for result in results(*paths) for f in result.findings]


@pytest.mark.parametrize("strict", [False, True])
def test_junit_failures_only_for_failing_severities(
    strict: bool, bad_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["check", MISTAKES, bad_file, CLEAN, "--format", "junit"] + (
        ["--strict"] if strict else []
    )
    _, out = cli(capsys, *argv)
    root = ElementTree.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == [str(MISTAKES), str(bad_file), str(CLEAN)]
    severities = _severities(MISTAKES, bad_file, CLEAN)
    failing = {"error", "warning"} if strict else {"error"}
    expected = sum(severity in failing for severity in severities)
    assert len(root.findall(".//failure")) == expected
    assert root.get("failures") == str(expected)
    assert sum(int(suite.get("failures", "-1")) for suite in suites) == expected
    failure_types = {f.get("type") for f in root.findall(".//failure")}
    assert "CAT100" in failure_types
    clean_suite = suites[2]
    assert clean_suite.findall(".//failure") == []
    assert int(clean_suite.get("tests", "0")) >= 1


# ----------------------------------------------------------------------------------- SARIF


def test_sarif_report(bad_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = cli(capsys, "check", MISTAKES, bad_file, "--format", "sarif")
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    assert "sarif" in sarif["$schema"]
    run = sarif["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "catalog"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert rule_ids == [rule.code for rule in default_registry()]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    expected = [f for result in results(MISTAKES, bad_file) for f in result.findings]
    assert [r["ruleId"] for r in run["results"]] == [f.code for f in expected]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for sarif_result, finding in zip(run["results"], expected, strict=True):
        assert sarif_result["ruleId"] in rule_ids
        assert sarif_result["level"] == levels[finding.severity.value]
        assert sarif_result["message"]["text"]
        physical = sarif_result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == Path(finding.location.file).as_uri()
        if finding.location.line:
            assert physical["region"]["startLine"] == finding.location.line
    with_region = [r for r in run["results"] if r["ruleId"] != "CAT100"]
    assert with_region and all(
        r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in with_region
    )


def test_sarif_spreadsheet_region_and_logical_location() -> None:
    finding = Finding(
        "CAT101", Severity.ERROR, Location("a.xlsx", sheet="表1", row=7, column=2), {"item": "甲"}
    )
    sarif = json.loads(render_sarif([FileResult("a.xlsx", [finding])], "en", default_registry()))
    location = sarif["runs"][0]["results"][0]["locations"][0]
    assert "region" not in location["physicalLocation"]  # a spreadsheet row is not a line
    assert location["logicalLocations"] == [{"fullyQualifiedName": "表1!B7"}]


# ---------------------------------------------------------------------------------- GitHub

_ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=([^,:]+)(,line=\d+)?,title=([^,:]+)::(.+)$"
)


def test_github_annotations(bad_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = cli(capsys, "check", MISTAKES, bad_file, "--format", "github")
    lines = out.splitlines()
    expected = [f for result in results(MISTAKES, bad_file) for f in result.findings]
    assert len(lines) == len(expected)
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    for line, finding in zip(lines, expected, strict=True):
        match = _ANNOTATION.match(line)
        assert match, line
        assert match.group(1) == commands[finding.severity.value]
        assert match.group(4).startswith(finding.code)
        if finding.location.line:
            assert match.group(3) == f",line={finding.location.line}"
    assert lines[-1].startswith("::error file=") and "CAT100" in lines[-1]


def test_github_escaping() -> None:
    finding = Finding(
        "CAT301",
        Severity.WARNING,
        Location("dir,a:b%.json", pointer="/catalogues/0/items/1/time_limit", line=9),
        {"text": "50%\n第二行,甲:乙\r"},
    )
    line = render_github([FileResult("dir,a:b%.json", [finding])], "zh", default_registry())
    assert line.endswith("\n") and line.count("\n") == 1
    head, message = line.rstrip("\n").split("::", 2)[1:]
    assert head == (
        "warning file=dir%2Ca%3Ab%25.json,line=9,title=CAT301 /catalogues/0/items/1/time_limit"
    )
    assert "50%25%0A第二行,甲:乙%0D" in message


def test_github_title_escapes_cell_colon_and_comma() -> None:
    finding = Finding(
        "CAT101", Severity.ERROR, Location("a.xlsx", sheet="甲,乙:丙", row=3, column=1)
    )
    line = render_github([FileResult("a.xlsx", [finding])], "en", default_registry())
    assert "title=CAT101 甲%2C乙%3A丙!A3::" in line
    assert ",line=3," in line
