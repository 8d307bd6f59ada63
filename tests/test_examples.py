"""Every example's command, run as documented, still prints its expected output exactly.

An example is a folder under examples/ with ``command.txt`` (one ``catalog ...`` command, paths
relative to the repository root), ``expected-output.txt`` (the exact stdout) and
``expected-exit-code.txt``. When the output changes on purpose, regenerate the expectation by
running the command from the repository root and redirecting its output.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from catalog.cli.main import main

REPO = Path(__file__).resolve().parent.parent
COMMANDS = sorted((REPO / "examples").glob("*/command.txt"))


def test_examples_exist() -> None:
    names = {path.parent.name for path in COMMANDS}
    assert {"township-social-assistance", "typical-mistakes"} <= names
    assert len(names) >= 4  # plus the English and the JSON reports


@pytest.mark.parametrize("command", COMMANDS, ids=lambda path: path.parent.name)
def test_example(
    command: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = command.parent
    lines = command.read_text(encoding="utf-8").strip().splitlines()
    assert len(lines) == 1, f"{command}: one command, one line"
    argv = shlex.split(lines[0])
    assert argv[0] == "catalog"
    assert (folder / "README.md").is_file()
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(argv[1:])
    out = capsys.readouterr().out
    expected = (folder / "expected-output.txt").read_text(encoding="utf-8")
    assert out == expected
    assert code == int((folder / "expected-exit-code.txt").read_text(encoding="utf-8").strip())


def test_township_workbook_matches_its_generator(tmp_path: Path) -> None:
    """The committed example workbook is what make_workbook.py builds (no silent drift)."""
    import importlib.util

    from catalog.api import load

    folder = REPO / "examples" / "township-workbook"
    spec = importlib.util.spec_from_file_location("make_workbook", folder / "make_workbook.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = tmp_path / "fresh.xlsx"
    module.build(fresh)
    committed = load(folder / "jiangshang-social-assistance.xlsx")
    rebuilt = load(fresh)
    assert committed.document == rebuilt.document
    assert [(f.code, f.location.cell) for f in committed.findings] == [
        (f.code, f.location.cell) for f in rebuilt.findings]
