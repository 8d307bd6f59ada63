"""SARIF logs that validate against the official 2.1.0 schema and point where they should
(issue 11): encoded URIs, no lines for spreadsheet cells, plain rule descriptions, help links."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from catalog.checking.checker import FileResult
from catalog.cli.main import main
from catalog.core.findings import Finding, Location, Severity
from catalog.reports import sarif as sarif_module
from catalog.reports.sarif import artifact_location, render_sarif
from catalog.rules import default_registry
from tests.conftest import CLEAN, base_doc, write
from tests.workbook_builder import build, to_csv

REPO = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads(
    (REPO / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
RULES_MD = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
_WORKBOOK = (REPO / "tests" / "fixtures" / "annotate.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def validate(text: str) -> dict[str, Any]:
    """The log, after checking it against the official schema, URI formats included."""
    log = json.loads(text)
    checker = jsonschema.FormatChecker()
    assert "uri-reference" in checker.checkers, "install the test extra (rfc3986-validator)"
    jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=checker).validate(log)
    return log


def locations(log: dict[str, Any]) -> list[dict[str, Any]]:
    return [result["locations"][0] for result in log["runs"][0]["results"]]


def test_schema_check_catches_an_unencoded_uri() -> None:
    """The validation below can fail: a raw space or Chinese name is not a URI reference."""
    log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": "目录 一.json"}}}]}]}]}
    with pytest.raises(jsonschema.ValidationError):
        validate(json.dumps(log))


def test_uris_are_percent_encoded_relative_to_srcroot(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    doc = base_doc()
    doc["catalogues"][0]["items"][0]["subject"] = ""
    folder = tmp_path / "乡镇 资料"
    folder.mkdir()
    write(folder / "江上乡 目录#1.json", doc)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "乡镇 资料", "--format", "sarif"]) == 1
    log = validate(capsys.readouterr().out)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for loc in locations(log)}
    assert uris == {"%E4%B9%A1%E9%95%87%20%E8%B5%84%E6%96%99/"
                    "%E6%B1%9F%E4%B8%8A%E4%B9%A1%20%E7%9B%AE%E5%BD%95%231.json"}
    assert {loc["physicalLocation"]["artifactLocation"]["uriBaseId"]
            for loc in locations(log)} == {"SRCROOT"}
    base = log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"]
    assert base == tmp_path.as_uri() + "/"


def test_absolute_paths_are_file_uris() -> None:
    assert artifact_location("/data/乡 镇/a.json") == {
        "uri": "file:///data/%E4%B9%A1%20%E9%95%87/a.json"}
    assert artifact_location("a:b.json")["uri"] == "a%3Ab.json"  # not a scheme
    assert artifact_location("./bad\udcc4.json")["uri"] == "bad%C4.json"  # the name's bytes
    assert artifact_location("/x/bad\udcc4.json")["uri"] == "file:///x/bad%C4.json"


def test_spreadsheet_cells_have_no_line_but_a_logical_location(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = tmp_path / "目录 表.xlsx"
    workbook.write_bytes(build(_WORKBOOK))
    main(["check", str(workbook), "--format", "sarif"])
    log = validate(capsys.readouterr().out)
    cells = [loc for loc in locations(log) if "logicalLocations" in loc]
    assert cells
    for loc in locations(log):
        assert "region" not in loc["physicalLocation"]
    assert all(re.fullmatch(r".+![A-Z]+\d+", loc["logicalLocations"][0]["fullyQualifiedName"])
               for loc in cells if "!" in loc["logicalLocations"][0]["fullyQualifiedName"])


def test_text_formats_keep_their_lines(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    doc = base_doc()
    doc["catalogues"][0]["items"][1]["subject"] = ""
    json_file = write(tmp_path / "a.json", doc)
    csv_file = tmp_path / "b.csv"
    csv_file.write_text(to_csv(_WORKBOOK), encoding="utf-8")
    main(["check", str(json_file), str(csv_file), "--format", "sarif"])
    log = validate(capsys.readouterr().out)
    regions = {(Path(loc["physicalLocation"]["artifactLocation"]["uri"]).suffix,
                loc["physicalLocation"].get("region", {}).get("startLine"))
               for loc in locations(log) if "logicalLocations" in loc}
    assert (".json", None) not in regions and any(s == ".csv" and n for s, n in regions)
    assert not any("startColumn" in loc["physicalLocation"].get("region", {})
                   for loc in locations(log))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rule_descriptions_have_no_placeholders_and_link_the_docs(
        lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif_module, "rules_doc_base",
                        lambda: "https://example.invalid/catalog/blob/main/")
    finding = Finding("CAT101", Severity.ERROR, Location("a.json", pointer="/x", line=3),
                      {"item": "甲", "field": "subject"})
    log = validate(render_sarif([FileResult("a.json", [finding])], lang, default_registry()))
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        for key in ("shortDescription", "fullDescription"):
            assert not re.search(r"\{\w+\}", rule[key]["text"]), (rule["id"], rule[key])
        anchor = rule["id"].lower()
        assert rule["helpUri"] == f"https://example.invalid/catalog/blob/main/docs/rules.md#{anchor}"
        assert f'<a id="{anchor}"></a>' in RULES_MD  # the anchor exists
        assert f"docs/rules.md#{anchor}" in rule["help"]["markdown"]
    titles = {rule["id"]: rule["shortDescription"]["text"]
              for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert titles["CAT101"] == ("必填项为空" if lang == "zh" else "Required field blank")


def test_without_a_published_address_there_is_no_help_uri(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif_module, "rules_doc_base", lambda: None)
    log = validate(render_sarif([], "zh", default_registry()))
    assert not [rule for rule in log["runs"][0]["tool"]["driver"]["rules"] if "helpUri" in rule]


def test_clean_and_unreadable_files_validate(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "坏 文件.json"
    bad.write_text('{"catalogues": [', encoding="utf-8")
    main(["check", str(CLEAN), str(bad), "--format", "sarif"])
    log = validate(capsys.readouterr().out)
    results = log["runs"][0]["results"]
    assert any(r["ruleId"] == "CAT100" and r["properties"]["detail"] for r in results)
