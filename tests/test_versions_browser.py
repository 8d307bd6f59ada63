"""The 修订说明 page in headless Chromium: axe-core at phone and desktop widths, no horizontal
scroll, no request, cards labelled on phones, changes marked with words.

Marked ``browser`` (see tests/browser.py for how a missing browser is reported).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from catalog.versions import diff
from catalog.versions.page import render_html
from tests.browser import (
    WIDTHS,
    Requests,
    axe_source,
    axe_violations,
    open_page,
    screenshot_folder,
    scroll_width,
)
from tests.test_versions import BASE, document, item, replaced

pytestmark = pytest.mark.browser
pytest.importorskip("jinja2")


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    edition = replaced(replaced(BASE, 3, category="特困人员救助供养"), 1,
                       time_limit="制定或获取信息之日起10个工作日内",
                       content="办理事项、办理条件、最低生活保障标准、申请材料、办理流程、"
                               "监督电话<script>alert(1)</script>")
    parts = (item("最低生活保障", "审核信息", "初审对象名单及相关信息(户口所在地、家庭人口数)"),
             item("最低生活保障", "审批信息", "低保对象名单、保障金额、审批结果"))
    new = document(*edition[:2], *parts, *edition[3:])
    path = tmp_path_factory.mktemp("diff") / "changes.html"
    path.write_text(render_html(diff(document(*BASE), new)), "utf-8")
    return path


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violations_no_scroll_no_requests(page_file: Path, browser: Any,
                                                 width: int) -> None:
    requests = Requests()
    page = open_page(browser, page_file, width, requests)
    try:
        assert axe_violations(page, axe_source()) == []
        assert scroll_width(page) <= width
        assert requests.external == []
        assert page.evaluate("window.__xss === undefined")
    finally:
        page.close()


def test_cards_on_phones_label_every_cell_and_words_mark_changes(page_file: Path,
                                                                  browser: Any) -> None:
    page = open_page(browser, page_file, 360, Requests())
    try:
        labels = page.evaluate(
            "[...document.querySelectorAll('tr.item > [data-label]')].slice(0, 7).map("
            "c => getComputedStyle(c, '::before').content)")
        assert labels[:4] == ['"变更类型："', '"领域："', '"事项："', '"字段："']
        marks = page.evaluate("[...document.querySelectorAll('ins .mark, del .mark')]"
                              ".map(m => m.innerText)")
        assert "新增" in marks
        page.screenshot(path=str(screenshot_folder() / "diff-360.png"),
                        full_page=True)
    finally:
        page.close()
