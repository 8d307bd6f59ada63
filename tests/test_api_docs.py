"""The API reference (scripts/build_api_docs.py, pdoc) documents the public API, and fails on
broken docs.

Skipped where pdoc is missing, except under ``CATALOG_REQUIRE_DOCS=1`` (set by ``.ci/run``,
which installs the docs extra), where a missing pdoc fails.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import catalog

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "build_api_docs.py"


def require_pdoc() -> None:
    if importlib.util.find_spec("pdoc") is None:
        reason = 'pdoc is not installed (pip install -e ".[docs]")'
        if os.environ.get("CATALOG_REQUIRE_DOCS") == "1":
            pytest.fail(f"{reason} (CATALOG_REQUIRE_DOCS=1)")
        pytest.skip(reason)


def build(output: Path, *args: str, path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(path), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, str(SCRIPT), "-o", str(output), *args],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300)


def anchors(page: Path) -> set[str]:
    return set(re.findall(r'\bid="([\w.]+)"', page.read_text("utf-8")))


def test_public_api_reference_builds_without_problems(tmp_path: Path) -> None:
    require_pdoc()
    done = build(tmp_path / "api")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    page = tmp_path / "api" / "catalog.html"
    documented = anchors(page)
    # Every lazily exported name of the package is rendered, with its own docstring.
    assert set(catalog.__all__) <= documented, set(catalog.__all__) - documented
    assert {"Finding.code", "Catalogue.items", "Rule.check", "ReadOptions.level"} <= documented
    text = page.read_text("utf-8")
    for name in ("load", "validate", "diff", "Catalogue"):
        first_line = (getattr(catalog, name).__doc__ or "").strip().splitlines()[0]
        assert first_line.split("``")[0][:40] in text, name
    for module in ("api", "core/findings", "standard/model", "checking/checker"):
        assert (tmp_path / "api" / "catalog" / f"{module}.html").is_file(), module


BROKEN = '''\
"""A module with every problem the build must refuse."""

__all__ = ["documented", "lazy", "missing"]


def documented(value: "NoSuchType") -> None:
    """Calls :func:`nowhere` and :class:`catalog.core.findings.NoSuchFinding`, like
    ``catalog.api.no_such_function()``; :func:`lazy` and :class:`catalog.Finding` exist."""


def __getattr__(name):
    if name == "lazy":
        return documented
    raise AttributeError(name)
'''


def test_warnings_and_broken_references_fail_the_build(tmp_path: Path) -> None:
    require_pdoc()
    (tmp_path / "brokenapi.py").write_text(BROKEN, encoding="utf-8")
    done = build(tmp_path / "api", "brokenapi", path=tmp_path)
    assert done.returncode == 1, done.stderr
    problems = done.stderr.splitlines()
    assert any("'missing'" in line and "does not resolve" in line for line in problems)
    assert any(line.startswith("pdoc: ") and "NoSuchType" in line for line in problems)
    for target in ("nowhere", "catalog.core.findings.NoSuchFinding",
                   "catalog.api.no_such_function"):
        assert f"brokenapi.documented: reference `{target}` names nothing" in problems, target
    assert not any("`lazy`" in line or "catalog.Finding`" in line for line in problems)
    count = len(problems) - 1
    assert problems[-1] == f"API reference: {count} problem(s); fix the docstrings above"
    # The lazily exported name is rendered as the module's member all the same.
    assert "lazy" in anchors(tmp_path / "api" / "brokenapi.html")


def test_missing_pdoc_is_an_install_hint_not_a_traceback(tmp_path: Path) -> None:
    code = ("import runpy, sys; sys.modules['pdoc'] = None; "
            f"sys.argv = ['build_api_docs.py', '-o', {str(tmp_path)!r}]; "
            f"runpy.run_path({str(SCRIPT)!r}, run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    assert done.returncode == 2
    assert done.stderr == ('pdoc is missing: install the docs extra with '
                           '`pip install -e ".[docs]"`\n')
