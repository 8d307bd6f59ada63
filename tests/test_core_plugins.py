"""Entry points found as installed (catalog.core.plugins): the quick screen of
``entry_points.txt`` files never hides a plugin that importlib.metadata would find."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from catalog.core import plugins
from catalog.standard.data import data_folder
from tests.test_plugins import DOC

REPO = Path(__file__).resolve().parent.parent
WORKBOOK = REPO / "examples/township-workbook/jiangshang-social-assistance.xlsx"


def _documented_rules_source() -> str:
    text = DOC.read_text(encoding="utf-8")
    after = text.split("`src/catalog_zhejiang/rules.py`:", 1)[1]
    return after.split("```python\n", 1)[1].split("```", 1)[0]


def _install(site: Path, name: str, entry_points: str, suffix: str = ".dist-info") -> None:
    """A distribution as pip leaves it: a metadata folder with its entry_points.txt."""
    info = site / f"{name}-1.0{suffix}"
    info.mkdir(parents=True)
    (info / ("METADATA" if suffix == ".dist-info" else "PKG-INFO")).write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def _site_with_plugins(tmp_path: Path, suffix: str = ".dist-info") -> Path:
    """A folder holding a real rules plugin (docs/plugins.md's example) and a domain pack."""
    site = tmp_path / "site"
    package = site / "catalog_zhejiang"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "rules.py").write_text(_documented_rules_source(), encoding="utf-8")
    extra = {**json.loads(data_folder("domains").joinpath("health.json").read_text(
        encoding="utf-8")), "slug": "provincial_extra", "order": 99, "name_zh": "省级增加领域",
        "name_en": "Provincial extra", "aliases": []}
    (site / "catalog_fujian.py").write_text(f"DOMAINS = {extra!r}\n", encoding="utf-8")
    _install(site, "catalog_zhejiang", "[catalog.rules]\nzhejiang = catalog_zhejiang.rules:RULES\n",
             suffix)
    _install(site, "catalog_fujian", "[console_scripts]\nfj = catalog_fujian:main\n\n"
             "[catalog.domains]\nfujian = catalog_fujian:DOMAINS\n", suffix)
    return site


def _catalog(site: Path, *args: str) -> str:
    path = os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-m", "catalog", *args], capture_output=True,
                          text=True, check=True, env={**os.environ, "PYTHONPATH": path})
    return done.stdout


@pytest.mark.parametrize("suffix", [".dist-info", ".egg-info"])
def test_installed_plugins_are_found(tmp_path: Path, suffix: str) -> None:
    """End to end, as a user installs them: the rule is listed, the domain is there."""
    site = _site_with_plugins(tmp_path, suffix)
    rules = {rule["code"] for rule in json.loads(_catalog(site, "rules", "--format", "json"))}
    assert "ZJ101" in rules
    domains = json.loads(_catalog(site, "domains", "--format", "json"))
    assert {d["slug"]: d["origin"] for d in domains}["provincial_extra"] == (
        "catalog.domains:fujian")
    # and without them installed, neither is
    assert "ZJ101" not in _catalog(tmp_path, "rules", "--format", "json")


def test_the_screen_reads_every_group_declared(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site_with_plugins(tmp_path)
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    declared = plugins._declared_groups()
    assert declared is not None
    assert {"catalog.rules", "catalog.domains", "console_scripts"} <= declared
    assert [point.name for point in plugins.entry_points("catalog.rules")] == ["zhejiang"]
    assert plugins.entry_points("catalog.nothing") == ()


def test_a_distribution_installed_later_is_seen(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    assert "catalog.later" not in (plugins._declared_groups() or set())
    os.utime(site, (1, 1))  # an install changes the folder (made certain here: same second)
    _install(site, "later", "[ catalog.later ]\nx = os:getcwd\n")
    assert "catalog.later" in (plugins._declared_groups() or set())


def test_where_the_screen_cannot_look_the_full_lookup_decides(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped-1.0.dist-info/METADATA", "Name: zipped\nVersion: 1.0\n")
        zipped.writestr("zipped-1.0.dist-info/entry_points.txt", "[catalog.zipped]\nz = os:sep\n")
    monkeypatch.setattr(sys, "path", [str(archive), *sys.path])
    assert plugins._declared_groups() is None
    assert [point.name for point in plugins.entry_points("catalog.zipped")] == ["z"]

    class Finder:  # a finder of its own that lists distributions
        @staticmethod
        def find_distributions(*args: object, **kwargs: object) -> list[object]:
            return []

    monkeypatch.setattr(sys, "path", sys.path[1:])
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder])
    assert plugins._declared_groups() is None
