"""The README's library example runs as written (on a copy of the bundled workbook)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO


def _python_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    blocks = _python_blocks()
    assert blocks, "the README has a library example"
    shutil.copy(REPO / "examples" / "township-workbook" / "jiangshang-social-assistance.xlsx",
                tmp_path / "目录.xlsx")
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "社会救助!G6 CAT101" in printed  # the blank 公开主体, reported at its cell
    assert (tmp_path / "目录.json").read_text(encoding="utf-8").startswith(
        '{\n  "format_version": "1.0"')
