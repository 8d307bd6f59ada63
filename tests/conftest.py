"""Shared test helpers: small documents built in code, so each test shows its data."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from catalog.standard.model import Basis, Catalogue, Document, Issuer, Item, TimeLimit
from tests.browser import browser  # noqa: F401 - one Chromium per session for every page test

# Two hypothesis profiles. "quick", the default, keeps `python -m pytest` under a minute on a
# 2-core machine; "thorough" (HYPOTHESIS_PROFILE=thorough, set by .ci/run) runs the full counts.
# No per-example deadline: the suite makes no timing assertions (speed is measured by
# benchmarks/run.py), and a busy CI machine must not turn a slow example into a failure.
THOROUGH_EXAMPLES = 100
settings.register_profile("thorough", deadline=None, max_examples=THOROUGH_EXAMPLES)
settings.register_profile("quick", deadline=None, max_examples=THOROUGH_EXAMPLES // 4)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


def examples(thorough: int) -> int:
    """A test's own example count, given as its thorough count and scaled by the loaded
    profile: all of it under "thorough", a quarter (at least 10) under "quick"."""
    return max(min(thorough, 10), thorough * settings.default.max_examples // THOROUGH_EXAMPLES)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules that drive Chromium or LibreOffice run first: they are the longest, and
    started last they would leave one xdist worker running them alone at the end."""
    def light(item: pytest.Item) -> bool:
        module = item.getparent(pytest.Module)
        return module is None or not any(module.get_closest_marker(name)
                                         for name in ("browser", "office"))

    items.sort(key=light)


def make_item(**overrides: Any) -> Item:
    """A complete, valid item; override any field."""
    values: dict[str, Any] = {
        "seq": "1",
        "category": "最低生活保障",
        "name": "办事指南",
        "content": "办理条件、申请材料、办理流程",
        "basis": Basis(text="《社会救助暂行办法》"),
        "time_limit": TimeLimit(text="制定或获取信息之日起10个工作日内"),
        "subject": "江上乡人民政府",
        "channels": ("政府网站", "便民服务站"),
        "audience": ("全社会",),
        "mode": ("主动",),
        "level": ("乡级",),
    }
    values.update(overrides)
    if isinstance(values["basis"], str):
        values["basis"] = Basis(text=values["basis"])
    if isinstance(values["time_limit"], str):
        values["time_limit"] = TimeLimit(text=values["time_limit"])
    return Item.model_validate(values) if _valid(values) else Item.model_construct(**values)


def _valid(values: dict[str, Any]) -> bool:
    try:
        Item.model_validate(values)
    except Exception:
        return False
    return True


def make_document(*items: Item, level: str | None = "乡级", domain: str | None = None) -> Document:
    issuer = Issuer(name="江上乡人民政府", level=level) if level else Issuer()
    catalogue = Catalogue(domain=domain, issuer=issuer, items=items or (make_item(),))
    return Document(catalogues=(catalogue,))


@pytest.fixture
def item_factory() -> Any:
    return make_item


# The bundled JSON examples, as starting points for tests that write variants of them.
REPO = Path(__file__).resolve().parent.parent
CLEAN = REPO / "examples" / "township-social-assistance" / "catalogue.json"
MISTAKES = REPO / "examples" / "typical-mistakes" / "catalogue.json"


def base_doc() -> dict[str, Any]:
    return copy.deepcopy(json.loads(CLEAN.read_text(encoding="utf-8")))


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
