"""Domain packs: the catalog.domains entry-point group adds or replaces domain data."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import catalog.standard.domains
from catalog.cli.main import main
from catalog.core import plugins
from catalog.core.findings import UsageError
from catalog.standard.data import data_folder
from catalog.standard.domains import DOMAIN_ENTRY_POINT_GROUP, registry, reload_registry
from tests.conftest import examples


class FakeEntryPoint:
    def __init__(self, name: str, value: Any) -> None:
        self.name, self.value = name, value

    def load(self) -> Any:
        return self.value


@pytest.fixture
def install(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Pretend that packages declaring these catalog.domains entry points are installed."""
    original = registry()  # put back afterwards: other tests hold its Domain objects

    def installer(**loaded: Any) -> None:
        points = [FakeEntryPoint(name, value) for name, value in loaded.items()]

        def entry_points(group: str) -> list[FakeEntryPoint]:
            return points if group == DOMAIN_ENTRY_POINT_GROUP else []

        monkeypatch.setattr(plugins, "entry_points", entry_points)
        catalog.standard.domains._REGISTRY.clear()
        catalog.standard.domains._match_cached.cache_clear()

    yield installer
    reload_registry(original)


def bundled(slug: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        data_folder("domains").joinpath(f"{slug}.json").read_text(encoding="utf-8"))
    return data


def test_pack_replaces_a_domain_and_adds_one(install: Callable[..., None], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    fujian = bundled("household_registration")
    fujian["items"] = [*fujian["items"], {**fujian["items"][0], "name": "补录户口"}]
    extra = {**bundled("health"), "slug": "provincial_extra", "order": 99,
             "name_zh": "省级增加领域", "name_en": "Provincial extra", "aliases": []}
    (tmp_path / "household_registration.json").write_text(json.dumps(fujian), encoding="utf-8")
    install(fujian_folder=tmp_path, fujian_extra=lambda: [extra])
    reg = registry()
    hukou = reg.get("household_registration")
    assert hukou.origin == "catalog.domains:fujian_folder"
    assert len(hukou.items) == len(bundled("household_registration")["items"]) + 1
    assert reg.get("provincial_extra").origin == "catalog.domains:fujian_extra"
    assert reg.get("health").origin == "bundled" and len(reg) == 27
    assert main(["domains"]) == 0
    out = capsys.readouterr().out
    assert "catalog.domains:fujian_folder" in out and "省级增加领域" in out and "内置" in out
    assert main(["domains", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["slug"]: r["origin"] for r in rows}["provincial_extra"] == (
        "catalog.domains:fujian_extra")


def test_invalid_pack_is_a_clear_error(install: Callable[..., None]) -> None:
    broken = {**bundled("health"), "items": [{"category": "x"}]}
    install(broken=broken)
    with pytest.raises(UsageError, match=r"domain pack catalog\.domains:broken #1 is not a valid"):
        registry()
    install(wrong=42)
    with pytest.raises(UsageError, match="must give a folder"):
        registry()


def test_unreadable_file_in_a_pack_folder_is_a_usage_error(install: Callable[..., None],
                                                           tmp_path: Path) -> None:
    (tmp_path / "health.json").write_bytes(b"{not json")
    install(folder=tmp_path)
    with pytest.raises(UsageError, match=r"health\.json cannot be read"):
        registry()


_JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=4)),
                     lambda inner: st.one_of(st.lists(inner, max_size=3),
                                             st.dictionaries(st.text(max_size=6), inner,
                                                             max_size=3)), max_leaves=8)


@given(st.one_of(_JSON, st.builds(lambda extra: {**bundled("health"), **extra},
                                  st.dictionaries(st.sampled_from(
                                      ["items", "slug", "order", "official_counts"]), _JSON,
                                      max_size=2))))
@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_pack_value_is_loaded_or_refused_as_a_usage_error(
        install: Callable[..., None], value: Any) -> None:
    install(anything=value)
    try:
        reg = registry()
    except UsageError as error:
        assert "domain pack catalog.domains:anything" in str(error)
        return
    assert len(reg) >= 26
