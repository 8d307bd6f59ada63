"""The scorecard page in headless Chromium: axe-core at phone and desktop widths, no
horizontal scroll, no request, every indicator cell labelled on phones.

Marked ``browser`` (see tests/browser.py for how a missing browser is reported).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from catalog.checking.config import Overrides, Resolver
from catalog.cli.scorecard import scorecard_of_paths
from catalog.scorecard.render import render_html
from tests.browser import (
    WIDTHS,
    Requests,
    axe_source,
    axe_violations,
    open_page,
    screenshot_folder,
    scroll_width,
)
from tests.test_scorecard import JIANGSHANG, JIANGXIA_SOCIAL, TODAY, catalogue, write

pytestmark = pytest.mark.browser
pytest.importorskip("jinja2")


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("county")
    hostile = [{**JIANGSHANG[0], "name": "政策法规文件<script>window.__xss=1</script>"},
               *JIANGSHANG[1:]]
    write(folder / "a.json", catalogue("江上乡人民政府", "social_assistance", "2025-03-01",
                                       hostile))
    write(folder / "b.json", catalogue("江下镇人民政府", "social_assistance", "2024-02-01",
                                       JIANGXIA_SOCIAL))
    card = scorecard_of_paths([folder], Resolver(Overrides()), today=TODAY)
    path = folder.parent / "scorecard.html"
    path.write_text(render_html(card), "utf-8")
    return path


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violations(page_file: Path, browser: Any, width: int) -> None:
    page = open_page(browser, page_file, width, Requests())
    try:
        assert axe_violations(page, axe_source()) == []
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_scroll_no_requests_no_script(page_file: Path, browser: Any, width: int) -> None:
    requests = Requests()
    page = open_page(browser, page_file, width, requests)
    try:
        assert scroll_width(page) <= width
        assert requests.external == []
        assert page.evaluate("window.__xss === undefined")
        if width == 360:  # phone cards: each cell says which indicator it is
            labels = page.evaluate(
                "[...document.querySelectorAll('tr.item > [data-label]')].slice(0, 4)"
                ".map(c => getComputedStyle(c, '::before').content)")
            assert labels == ['"发布主体："', '"层级："', '"事项数："', '"领域覆盖："']
            page.screenshot(path=str(screenshot_folder() / "scorecard-360.png"), full_page=True)
    finally:
        page.close()
