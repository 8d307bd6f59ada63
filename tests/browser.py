"""Headless Chromium for the page tests: Debian's ``chromium`` driven by the playwright client.

Browser tests are marked ``browser``. Where chromium or playwright is missing they are skipped
with the reason, except under ``CATALOG_REQUIRE_BROWSER=1`` (set by ``.ci/run``, which installs
both), where a missing browser fails. axe-core comes from its npm package: ``CATALOG_AXE_JS``
names axe.min.js (``.ci/run`` installs it with ``npm install --prefix DIR axe-core@4``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CATALOG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (320, 360, 1280)


def _missing(reason: str) -> None:
    if os.environ.get("CATALOG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (CATALOG_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


def axe_source() -> str:
    path = os.environ.get("CATALOG_AXE_JS", "")
    if not path or not Path(path).is_file():
        _missing("axe-core not found: set CATALOG_AXE_JS to axe.min.js "
                 "(npm install --prefix DIR axe-core@4)")
    return Path(path).read_text("utf-8")


@dataclass
class Requests:
    """Every request a page made; anything not from the local disk was blocked."""

    seen: list[str] = field(default_factory=list)

    @property
    def external(self) -> list[str]:
        return [url for url in self.seen if not url.startswith("file://")]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


# One browser context per JavaScript setting, shared by every page of the session: a new
# context costs Chromium twice what a new page does. The published pages keep no cookies or
# storage, and the width, the recorded requests and the rest are each page's own.
_contexts: dict[tuple[int, bool], Any] = {}


def open_page(browser: Any, path: Path, width: int, requests: Requests,
              javascript: bool = True) -> Any:
    """``path`` opened at ``width`` CSS px with every request recorded and the network blocked.
    Close it with ``page.close()`` (its context is shared)."""
    key = (id(browser), javascript)
    if key not in _contexts:
        _contexts[key] = browser.new_context(java_script_enabled=javascript,
                                             device_scale_factor=1)

    def route(route: Any) -> None:
        requests.seen.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    page = _contexts[key].new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page


def axe_violations(page: Any, source: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=source)
    found: list[dict[str, Any]] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
        "nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary)})))",
        AXE_TAGS)
    return found


def scroll_width(page: Any) -> int:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"


def screenshot_folder() -> Path:
    """Where screenshots are kept for a reviewer: test-artifacts/browser/ (git-ignored)."""
    folder = Path(os.environ.get("CATALOG_SCREENSHOTS", ARTIFACTS))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
