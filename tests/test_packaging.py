"""Packaging: an editable install is a plain path that type checkers follow (issue 11).

setuptools' import-hook editable mode (forced by mapping packages to folders outside src/)
hides the package from mypy; users importing catalog in their own typed code saw
``import-not-found``. This installs the repository in editable mode into a fresh virtual
environment and runs mypy on a user's script against it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

USER_SCRIPT = '''\
import catalog

loaded = catalog.load("目录.xlsx", level="乡级")
text: int = catalog.dumps(loaded.document)
'''


def test_editable_install_is_visible_to_mypy(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "MYPYPATH")}  # only the install may make it visible
    venv.create(tmp_path / "env", with_pip=False)
    python = tmp_path / "env" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--disable-pip-version-check", "--no-deps", "-e", str(REPO)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert install.returncode == 0, install.stderr
    (tmp_path / "user.py").write_text(USER_SCRIPT, encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--python-executable", str(python), "--no-incremental",
         "--strict", "user.py"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert "import-not-found" not in checked.stdout, checked.stdout
    # The types came through: dumps() returns str, so assigning it to an int is an error.
    assert 'expression has type "str", variable has type "int"' in checked.stdout
