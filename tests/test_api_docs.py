"""The API reference (scripts/build_api_docs.py, pdoc) documents the public API, and fails on
broken docs.

Skipped where pdoc is missing, except under ``CATALOG_REQUIRE_DOCS=1`` (set by ``.ci/run``,
which installs the docs extra), where a missing pdoc fails.
"""

from __future__ import annotations

import ast
import importlib
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
    # Each public module has its page, reached from the package's page, with what it exports.
    for name in public_modules()[1:]:
        path = name.removeprefix("catalog.").replace(".", "/")
        assert f'href="catalog/{path}.html"' in text, name
        exported = set(importlib.import_module(name).__all__)
        missing = exported - anchors(tmp_path / "api" / "catalog" / f"{path}.html")
        assert not missing, f"{name}: {missing}"


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


# What other systems may import is marked: the modules the reference documents say what they
# export, and every subpackage's docstring says what in it is public and what is internal.
PACKAGE = REPO / "src" / "catalog"


def public_modules() -> tuple[str, ...]:
    from scripts.build_api_docs import PUBLIC_MODULES

    return PUBLIC_MODULES


@pytest.mark.parametrize("name", public_modules())
def test_public_module_lists_what_it_exports(name: str) -> None:
    module = importlib.import_module(name)
    exported = vars(module).get("__all__")
    assert exported, f"{name} has no __all__"
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"
    for export in exported:
        assert getattr(module, export) is not None, f"{name}.{export}"  # lazy names load too


def test_the_package_exports_only_names_of_public_modules() -> None:
    public = {id(getattr(module, export))
              for module in map(importlib.import_module, public_modules())
              if module is not catalog for export in module.__all__}
    strays = [name for name in catalog.__all__
              if name != "__version__" and id(getattr(catalog, name)) not in public]
    assert strays == [], "exported by catalog but by no public module's __all__"


def test_every_subpackage_says_what_is_internal() -> None:
    root = ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text("utf-8"))) or ""
    for name in public_modules()[1:]:
        assert f"``{name}``" in root, f"catalog's docstring does not list {name}"
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        package = f"catalog.{init.parent.name}"
        doc = ast.get_docstring(ast.parse(init.read_text("utf-8"))) or ""
        assert "internal" in doc.lower(), f"{package}: no word on what is internal"
        for name in public_modules():
            if name == package or name.startswith(f"{package}."):
                assert name in doc, f"{package}'s docstring does not name its public {name}"
