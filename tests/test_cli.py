"""The ``catalog`` command: exit codes, options, and the rules/schema/version commands.

Every test runs :func:`catalog.cli.main.main` in-process on small catalogues written to tmp_path,
built from the clean township example so each test changes only what it is about.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from catalog import __version__
from catalog.cli.main import BUG_HINT, main
from catalog.rules import RuleRegistry, default_registry
from tests.conftest import CLEAN, MISTAKES, REPO, base_doc, write


def with_error(tmp_path: Path, name: str = "errors.json") -> Path:
    doc = base_doc()
    doc["catalogues"][0]["items"][1]["subject"] = ""  # CAT101, an error
    return write(tmp_path / name, doc)


def with_warning_only(tmp_path: Path) -> Path:
    doc = base_doc()
    item = doc["catalogues"][0]["items"][0]
    item["basis"]["text"] += "【规范性文件】《国务院办公厅关于某事的通知》(国办发[2019]54号)"
    return write(tmp_path / "warning.json", doc)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def json_codes(out: str) -> list[str]:
    report = json.loads(out)
    return [f["code"] for file in report["files"] for f in file["findings"]]


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


# ------------------------------------------------------------------------------ exit codes


def test_clean_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", CLEAN, "--format", "json")
    assert code == 0
    assert not [c for c in json.loads(out)["files"][0]["findings"] if c["severity"] == "error"]


def test_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", with_error(tmp_path), "--format", "json")
    assert code == 1
    assert "CAT101" in json_codes(out)


def test_warnings_fail_only_with_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = with_warning_only(tmp_path)
    code, out, _ = run(capsys, "check", path, "--format", "json")
    report = json.loads(out)
    assert report["summary"]["errors"] == 0 and report["summary"]["warnings"] >= 1
    assert code == 0
    assert run(capsys, "check", path, "--strict")[0] == 1


def test_invalid_json_exits_2_and_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"catalogues": [', encoding="utf-8")
    code, out, _ = run(capsys, "check", bad)
    assert code == 2
    assert "CAT100" in out and "bad.json" in out


def test_unknown_extension_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "catalogue.docx"
    odd.write_bytes(b"not a catalogue")
    code, out, _ = run(capsys, "check", odd, "--format", "json")
    assert code == 2
    report = json.loads(out)
    assert report["files"][0]["readable"] is False
    assert report["files"][0]["findings"][0]["code"].startswith("CAT6")


@pytest.mark.parametrize(
    "argv",
    [
        ["check", str(CLEAN), "--select", "CAT999"],
        ["check", str(CLEAN), "--ignore", "XYZ"],
        ["check", str(CLEAN), "--no-such-option"],
        ["check"],
        ["no-such-command"],
        ["check", str(CLEAN), "--format", "pdf"],
        ["check", str(CLEAN), "--level", "火星级"],
        [],
    ],
)
def test_bad_command_line_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.strip()
    assert "Traceback" not in err


def test_unknown_level_message_names_the_level(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "check", CLEAN, "--level", "火星级")
    assert "火星级" in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--help")
    assert code == 0
    assert "--baseline" in out


def test_highest_exit_code_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    errors = with_error(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert run(capsys, "check", CLEAN, errors)[0] == 1
    assert run(capsys, "check", errors, CLEAN)[0] == 1
    assert run(capsys, "check", bad, errors, CLEAN)[0] == 2
    assert run(capsys, "check", errors, bad)[0] == 2


@pytest.mark.parametrize("report_format", ["text", "json", "junit", "sarif", "github"])
def test_unreadable_file_appears_in_every_format(
    report_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"format_version": "1.0", "catalogues": [}', encoding="utf-8")
    code, out, _ = run(capsys, "check", CLEAN, bad, "--format", report_format)
    assert code == 2
    assert "CAT100" in out
    assert "broken.json" in out


# ------------------------------------------------------------------------ internal errors


@pytest.fixture
def broken_rule(monkeypatch: pytest.MonkeyPatch) -> str:
    """Make one built-in rule raise, as a bug in the library would."""
    import dataclasses

    import catalog.checking.checker

    registry = default_registry()
    victim = next(rule for rule in registry if rule.check is not None)

    def boom(context: Any) -> Any:
        raise ZeroDivisionError("deliberate bug in a rule")

    patched = RuleRegistry(
        dataclasses.replace(rule, check=boom) if rule is victim else rule for rule in registry
    )
    monkeypatch.setattr(catalog.checking.checker, "default_registry", lambda: patched)
    return victim.code


def test_internal_error_exits_3_without_traceback(
    broken_rule: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", CLEAN, "--format", "json")
    assert code == 3
    assert "Traceback" not in err
    assert "deliberate bug in a rule" in err
    assert BUG_HINT in err
    assert out == ""  # not reported as a finding about the data


def test_internal_error_with_debug_shows_traceback(
    broken_rule: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--debug", "check", CLEAN)
    assert code == 3
    assert "Traceback" in err and "ZeroDivisionError" in err
    assert BUG_HINT in err
    assert out == ""


def test_internal_error_beats_unreadable_file(
    broken_rule: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[", encoding="utf-8")
    assert run(capsys, "check", bad, CLEAN)[0] == 3


# ---------------------------------------------------------------------- select and ignore


def test_select_exact_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", MISTAKES, "--format", "json", "--select", "CAT101")
    assert set(json_codes(out)) == {"CAT101"}
    assert code == 1


def test_select_prefix_and_lowercase(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", MISTAKES, "--format", "json", "--select", "cat3,CAT204")
    codes = set(json_codes(out))
    assert codes and all(c.startswith("CAT3") or c == "CAT204" for c in codes)
    assert "CAT302" in codes and "CAT204" in codes


def test_ignore_prefix_changes_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", MISTAKES, "--format", "json", "--ignore", "CAT1,CAT3")
    codes = set(json_codes(out))
    assert codes and not any(c.startswith(("CAT1", "CAT3")) for c in codes)
    assert code == 0  # the only errors were CAT101, CAT105 and CAT302


def test_repeated_options_add_up(capsys: pytest.CaptureFixture[str]) -> None:
    """``--ignore A --ignore B`` ignores both (argparse would silently keep only B)."""
    _, repeated, _ = run(capsys, "check", MISTAKES, "--format", "json",
                         "--ignore", "CAT1", "--ignore", "CAT3")
    _, joined, _ = run(capsys, "check", MISTAKES, "--format", "json", "--ignore", "CAT1,CAT3")
    assert repeated == joined
    codes = {f["code"] for f in json.loads(repeated)["files"][0]["findings"]}
    assert codes and not any(code.startswith(("CAT1", "CAT3")) for code in codes)
    _, selected, _ = run(capsys, "check", MISTAKES, "--format", "json",
                         "--select", "CAT101", "--select", "CAT302")
    assert {f["code"] for f in json.loads(selected)["files"][0]["findings"]} == {
        "CAT101", "CAT302"}


def test_select_and_ignore_together(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "check", MISTAKES, "--format", "json", "--select", "CAT1", "--ignore", "CAT101"
    )
    codes = set(json_codes(out))
    assert codes == {"CAT103", "CAT105"}


def test_select_filters_reading_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = base_doc()
    doc["catalogues"][0]["items"][0]["colour"] = "red"  # an unknown key: found while reading
    path = write(tmp_path / "extra.json", doc)
    _, out, _ = run(capsys, "check", path, "--format", "json")
    reading_codes = set(json_codes(out)) - {"CAT405"}
    assert reading_codes, "the unknown key should be reported"
    code = sorted(reading_codes)[0]
    _, out, _ = run(capsys, "check", path, "--format", "json", "--ignore", code)
    assert code not in json_codes(out)


# ------------------------------------------------------------------------ issuer and level


def _without_issuer(tmp_path: Path) -> Path:
    doc = base_doc()
    doc["catalogues"][0]["issuer"] = {"name": None, "level": None, "division_code": None}
    doc["catalogues"][0]["items"][0]["level"] = ["县级"]
    doc["catalogues"][0]["items"][1]["level"] = ["乡级"]
    return write(tmp_path / "no-issuer.json", doc)


def _level_findings(out: str) -> list[dict[str, Any]]:
    report = json.loads(out)
    return [f for f in report["files"][0]["findings"] if f["code"] in ("CAT205", "CAT206")]


def test_missing_issuer_level_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "check", _without_issuer(tmp_path), "--format", "json")
    assert [f["code"] for f in _level_findings(out)] == ["CAT206"]


@pytest.mark.parametrize(
    ("spelling", "flagged_item"),
    [("乡镇", 0), ("镇级", 0), ("乡级", 0), ("township", 0), ("县(区)级", 1), ("区县级", 1)],
)
def test_level_option_applies_when_catalogue_lacks_it(
    spelling: str, flagged_item: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _without_issuer(tmp_path)
    code, out, _ = run(capsys, "check", path, "--format", "json", "--level", spelling)
    findings = _level_findings(out)
    assert [f["code"] for f in findings] == ["CAT205"]
    assert findings[0]["location"]["pointer"] == f"/catalogues/0/items/{flagged_item}/level"
    assert code == 0


def test_level_option_does_not_override_catalogue(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The example says 乡级 and every item includes 乡级: --level 村级 must not change that.
    _, out, _ = run(capsys, "check", CLEAN, "--format", "json", "--level", "村级")
    assert _level_findings(out) == []


def test_issuer_option_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _without_issuer(tmp_path)
    code, _, err = run(capsys, "check", path, "--issuer", "某某镇人民政府", "--level", "乡级")
    assert code == 0, err


# --------------------------------------------------------------------- formats and output


def test_github_format_chosen_in_github_actions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(capsys, "check", MISTAKES)
    lines = out.splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    _, out, _ = run(capsys, "check", MISTAKES, "--format", "text")
    assert not out.startswith("::")


def test_output_file_written_instead_of_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    code, out, _ = run(capsys, "check", MISTAKES, "--format", "json", "-o", target)
    assert code == 1
    assert out == ""
    _, expected, _ = run(capsys, "check", MISTAKES, "--format", "json")
    assert target.read_text(encoding="utf-8") == expected
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]  # no temporary left


def test_output_file_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old report that is much longer than the new one " * 100, "utf-8")
    run(capsys, "check", CLEAN, "--output", target)
    assert target.read_text(encoding="utf-8").startswith("检查了 1 个文件")


def test_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", MISTAKES, "--lang", "en")
    assert out.startswith("Checked 1 file(s)")
    assert "错误" not in out


# -------------------------------------------------------------- rules, schema and version


def test_rules_text_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    for rule in default_registry():
        assert rule.code in out and rule.name in out and rule.message_zh in out


def test_rules_text_english(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "rules", "--lang", "en")
    for rule in default_registry():
        assert rule.message_en in out


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    registry = default_registry()
    assert [entry["code"] for entry in listed] == [rule.code for rule in registry]
    for entry in listed:
        rule = registry.get(entry["code"])
        assert entry["severity"] == rule.severity.value
        assert entry["message_zh"] == rule.message_zh
        assert entry["message_en"] == rule.message_en
        assert entry["rationale"] == rule.rationale and entry["rationale"]
        assert entry["example"] == rule.example and entry["example"]


def test_rules_markdown_equals_docs(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "rules", "--format", "markdown")
    assert out == (REPO / "docs" / "rules.md").read_text(encoding="utf-8")


def test_schema_prints_catalogue_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert out == (REPO / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8")


def test_schema_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "--report")
    assert code == 0
    assert out == (REPO / "schemas" / "report.schema.json").read_text(encoding="utf-8")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"catalog {__version__}"


def test_python_dash_m() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "catalog", "--version"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == f"catalog {__version__}"


def test_the_command_exits_fast_with_its_whole_output(tmp_path: Path) -> None:
    """``run`` ends the process with os._exit: every byte must be out first, code intact."""
    in_process = subprocess.run(
        [sys.executable, "-c", "from catalog.cli.main import main; import sys; "
         f"sys.exit(main(['check', {str(MISTAKES)!r}, '--format', 'json']))"],
        capture_output=True, encoding="utf-8", check=False)
    command = [sys.executable, "-m", "catalog", "check", str(MISTAKES), "--format", "json"]
    piped = subprocess.run(command, capture_output=True, encoding="utf-8", check=False)
    assert (piped.returncode, piped.stdout) == (in_process.returncode, in_process.stdout) == (
        1, in_process.stdout)
    assert json.loads(piped.stdout)["summary"]["errors"] > 0
    report = tmp_path / "report.json"
    written = subprocess.run([*command, "-o", str(report)], capture_output=True, check=False)
    assert written.returncode == 1
    assert report.read_text(encoding="utf-8") == in_process.stdout


def test_a_closed_pipe_ends_quietly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    class ClosedPipe(io.TextIOWrapper):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    stdout = ClosedPipe(open(tmp_path / "out", "wb"), encoding="utf-8")  # noqa: SIM115
    errors = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", errors)
    monkeypatch.setattr(os, "dup2", lambda fd, fd2: None)  # keep pytest's own descriptors
    assert main(["check", str(MISTAKES)]) == 141
    assert errors.getvalue() == ""
    assert gc.isenabled()  # the abandoned report's pause of the collector has ended


def test_streaming_flag_gives_the_same_report(capsys: pytest.CaptureFixture[str]) -> None:
    workbook = str(REPO / "examples" / "township-workbook" / "jiangshang-social-assistance.xlsx")
    assert run(capsys, "check", workbook, "--streaming") == run(capsys, "check", workbook)


def test_convert_uses_catalog_toml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_bytes((REPO / "examples" / "township-social-assistance" /
                        "catalogue.json").read_bytes())
    code, _, _ = run(capsys, "convert", str(source), str(tmp_path / "out.xlsx"))
    assert code == 0
    (tmp_path / "catalog.toml").write_text("[limits]\nmax_file_bytes = 100\n", encoding="utf-8")
    code, _, err = run(capsys, "convert", str(source), str(tmp_path / "again.xlsx"))
    assert code == 2 and "CAT601" in err
    assert not (tmp_path / "again.xlsx").exists()


def test_folder_without_catalogues_is_reported(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    """Exit 2 like an unreadable file, and said in the report (CAT640), never "0 errors"."""
    (tmp_path / "README.txt").write_text("notes", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert code == 2
    assert (f"{tmp_path}\n  CAT640 [错误] 没有找到目录文件"
            "（.json .xlsx .xlsm .xls .ods .csv .tsv）") in out
    code, out, _ = run(capsys, "check", str(tmp_path), "--lang", "en", "--format", "json")
    finding = json.loads(out)["files"][0]["findings"][0]
    assert (code, finding["code"]) == (2, "CAT640")
    assert finding["message"] == "no catalogue files found (.json .xlsx .xlsm .xls .ods .csv .tsv)"


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_positive(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", CLEAN, "--jobs", jobs)
    assert code == 2 and "--jobs" in err and "须为正整数" in err and "positive integer" in err


@pytest.mark.parametrize("jobs", [0, -2, 1.5, True])
def test_library_jobs_must_be_positive(jobs: Any) -> None:
    import catalog

    with pytest.raises(catalog.UsageError, match="jobs"):
        catalog.check([CLEAN], jobs=jobs)


def test_selected_rules_do_not_hide_the_message_of_an_unreadable_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--select CAT1 picks the rules that run; a missing file's CAT622 still reads as a
    sentence, not as "CAT622 {}"."""
    missing = str(tmp_path / "nonexistent.xlsx")
    assert main(["check", missing, "--select", "CAT1"]) == 2
    out = capsys.readouterr().out
    assert "CAT622 {}" not in out and "不存在" in out
    assert main(["check", missing, "--select", "CAT1", "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["files"][0]["findings"][0]["message"] != "CAT622 {}"


@pytest.mark.parametrize(("argv", "command"), [
    (["check", "a.xlsx"], "check"),
    (["--debug", "convert", "a.xlsx", "b.json"], "convert"),
    (["--help"], None),
    (["chekc", "a.xlsx"], None),
    (["--", "check"], None),
    ([], None),
])
def test_only_the_command_named_has_its_parser_built(argv: list[str], command: str | None
                                                     ) -> None:
    from catalog.cli.main import COMMANDS, _command_named, _parser

    assert _command_named(argv) == command
    commands = next(action for action in _parser(argv)._actions
                    if isinstance(action, argparse._SubParsersAction))
    assert list(commands.choices) == ([command] if command else list(COMMANDS))


def test_a_mistyped_command_still_lists_every_command(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert main(["chekc", "a.xlsx", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'chekc'" in err and "'scorecard'" in err and "'diff'" in err
