"""The pre-commit hook checks catalogue files only (issue 11): spreadsheets including .xls and
.ods, CSV, and JSON that is a catalogue document; other JSON is skipped, never an error."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from catalog.cli.main import main
from catalog.formats.json_format import is_catalogue_json
from tests.conftest import CLEAN, base_doc, write

REPO = Path(__file__).resolve().parent.parent
HOOKS = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")


def hook_value(key: str) -> str:
    found = re.search(rf"^\s+{key}: (.+)$", HOOKS, re.MULTILINE)
    assert found is not None, key
    return found.group(1).strip()


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.mark.parametrize("name", ["目录.json", "a/b.xlsx", "c.xlsm", "d.xls", "E.ODS", "f.csv",
                                  "g.tsv", "h.XLSX"])
def test_hook_selects_every_catalogue_format(name: str) -> None:
    assert re.search(hook_value("files"), name)  # pre-commit matches with Python's re


@pytest.mark.parametrize("name", ["catalog.toml", "README.md", "notes.txt", "a.docx"])
def test_hook_ignores_other_files(name: str) -> None:
    assert not re.search(hook_value("files"), name)


def run_hook(capsys: pytest.CaptureFixture[str], *files: Path) -> tuple[int, str, str]:
    argv = shlex.split(hook_value("entry"))
    assert argv[:2] == ["catalog", "check"]
    code = main([*argv[1:], *(str(path) for path in files)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_other_json_is_skipped_with_an_info_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = tmp_path / "package.json"
    package.write_text(json.dumps({"name": "site", "version": "1.0.0"}), encoding="utf-8")
    baseline = tmp_path / ".catalog-baseline.json"
    main(["check", str(CLEAN), "--baseline", str(baseline)])
    capsys.readouterr()
    assert baseline.exists()
    draft = base_doc()
    draft["catalogues"][0]["items"][0]["subject"] = ""
    catalogue = write(tmp_path / "目录.json", draft)
    code, out, err = run_hook(capsys, package, baseline, catalogue)
    assert code == 1  # the catalogue's blank 公开主体, and nothing about the other JSON
    assert "CAT101" in out and "CAT109" not in out and "package.json" not in out
    assert f"已跳过 {package}" in err and f"已跳过 {baseline}" in err


def test_a_commit_of_other_json_only_passes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = tmp_path / "package.json"
    package.write_text('{"name": "site"}', encoding="utf-8")
    code, out, err = run_hook(capsys, package)
    assert code == 0 and out == ""
    assert "没有需要检查的目录文件" in err


def test_a_named_json_without_the_option_is_still_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = tmp_path / "package.json"
    package.write_text('{"name": "site"}', encoding="utf-8")
    assert main(["check", str(package)]) == 2
    assert "CAT109" in capsys.readouterr().out


def test_catalogue_json_is_recognised_however_written(tmp_path: Path) -> None:
    doc = base_doc()
    keys_last = {"catalogues": doc["catalogues"], "format_version": "1.0"}
    assert is_catalogue_json(write(tmp_path / "a.json", doc))
    assert is_catalogue_json(write(tmp_path / "b.json", keys_last))
    (tmp_path / "c.json").write_text('{"catalogues" : []}', encoding="utf-8")
    assert is_catalogue_json(tmp_path / "c.json")
    (tmp_path / "d.json").write_text('{"name": "catalogues"}', encoding="utf-8")
    assert not is_catalogue_json(tmp_path / "d.json")  # a value, not a key
    assert is_catalogue_json(tmp_path / "missing.json")  # checking it says why it fails


def test_broken_catalogue_json_is_still_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "目录.json"
    broken.write_text('{"format_version": "1.0", "catalogues": [', encoding="utf-8")
    code, out, _ = run_hook(capsys, broken)
    assert code == 2 and "CAT100" in out
