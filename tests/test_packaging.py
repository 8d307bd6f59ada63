"""Packaging: an editable install is a plain path that type checkers follow (issue 11).

setuptools' import-hook editable mode (forced by mapping packages to folders outside src/)
hides the package from mypy; users importing catalog in their own typed code saw
``import-not-found``. This installs the repository in editable mode into a fresh virtual
environment and runs mypy on a user's script against it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
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


# What .gitignore keeps out of the repository stays out of the copy the sdist is built from.
IGNORED = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".venv",
                                 "venv", ".*_cache", ".hypothesis", "test-artifacts", "data")


def test_sdist_carries_license_and_changelog(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=IGNORED)
    shutil.copytree(REPO / "src" / "catalog" / "standard", source / "src" / "catalog" / "standard",
                    dirs_exist_ok=True)  # standard/data.py is a module, not a data folder
    built = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "deprecated" not in built.stdout + built.stderr  # the license is an SPDX expression
    (sdist,) = (tmp_path / "dist").glob("catalog-*.tar.gz")
    with tarfile.open(sdist) as archive:
        root = archive.getnames()[0].split("/")[0]
        names = set(archive.getnames())
        for name in ("LICENSE", "CHANGELOG.md", "README.md"):
            assert f"{root}/{name}" in names, name
            member = archive.extractfile(f"{root}/{name}")
            assert member is not None
            assert member.read() == (REPO / name).read_bytes()
        info = archive.extractfile(f"{root}/PKG-INFO")
        assert info is not None
        metadata = info.read().decode("utf-8")
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
    assert "## [Unreleased]" in (REPO / "CHANGELOG.md").read_text("utf-8")
    assert (REPO / "LICENSE").read_text("utf-8").startswith("MIT License")
