"""The published pages in headless Chromium: axe-core, widths, filters, keyboard, network.

Marked ``browser`` (see tests/browser.py for how a missing browser is reported).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from catalog.checking.checker import check_file
from catalog.publish import publish
from catalog.reports import render
from tests.browser import (
    WIDTHS,
    Requests,
    axe_source,
    axe_violations,
    open_page,
    screenshot_folder,
    scroll_width,
)
from tests.conftest import CLEAN, MISTAKES
from tests.publishing import county, hostile

pytestmark = pytest.mark.browser
pytest.importorskip("jinja2")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("browser")
    folder = county(root / "county")
    hostile(folder)
    site = root / "site"
    publish([folder], site)
    single = root / "single.html"
    publish([CLEAN], single, single_file=True)
    report = root / "report.html"
    report.write_text(render([check_file(MISTAKES)], "html"), "utf-8")
    pages = sorted((site / "c").iterdir())
    social = next(p for p in pages if p.name.startswith("social_assistance-")
                  and "江上乡" in p.read_text("utf-8") and "hostile" not in p.name)
    return {"index": site / "index.html", "catalogue": social, "single": single,
            "report": report, "site": site}


@pytest.fixture
def page_at(browser: Any) -> Iterator[Any]:
    opened: list[Any] = []

    def open_(path: Path, width: int, requests: Requests | None = None,
              javascript: bool = True) -> Any:
        page = open_page(browser, path, width, requests or Requests(), javascript)
        opened.append(page)
        return page

    yield open_
    for page in opened:
        page.close()


@pytest.mark.parametrize("name", ["index", "catalogue", "single", "report"])
def test_no_axe_violations_no_horizontal_scroll_no_requests(
        built: dict[str, Path], page_at: Any, name: str) -> None:
    source = axe_source()
    for width in WIDTHS:
        requests = Requests()
        page = page_at(built[name], width, requests)
        assert scroll_width(page) <= width, (name, width)
        assert axe_violations(page, source) == [], (name, width)
        assert requests.seen and requests.external == [], (name, width)


def test_every_catalogue_page_passes_axe_at_phone_width(built: dict[str, Path],
                                                         page_at: Any) -> None:
    source = axe_source()
    for path in sorted((built["site"] / "c").iterdir()):  # the hostile page among them
        page = page_at(path, 320)
        assert scroll_width(page) <= 320, path.name
        assert axe_violations(page, source) == [], path.name


def test_the_recorder_sees_and_blocks_a_request_from_elsewhere(tmp_path: Path,
                                                                 page_at: Any) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="zh-CN"><title>x</title>'
                   '<img src="http://example.invalid/x.png" alt="x"></html>', "utf-8")
    requests = Requests()
    page_at(bad, 360, requests)
    assert requests.external == ["http://example.invalid/x.png"]


def _visible_rows(page: Any) -> int:
    count: int = page.evaluate(
        "Array.from(document.querySelectorAll('tr.item')).filter(r => r.offsetParent).length")
    return count


def test_keyword_and_filters_narrow_the_rows(built: dict[str, Path], page_at: Any) -> None:
    page = page_at(built["catalogue"], 1280)
    assert _visible_rows(page) == 4
    page.fill("#f-q", "办事指南")
    assert _visible_rows(page) == 2
    assert page.text_content(".filter-status") == "显示 2 项，共 4 项"
    page.fill("#f-q", "")
    page.select_option("#f-category", "最低生活保障")
    assert _visible_rows(page) == 2
    hidden_groups = page.evaluate(
        "Array.from(document.querySelectorAll('tbody.group')).filter(g => g.hidden).length")
    assert hidden_groups == 2
    page.select_option("#f-mode", "依申请")
    assert _visible_rows(page) == 0
    page.click("button[type=reset]")
    page.wait_for_function("document.querySelectorAll('tr.item[hidden]').length === 0")
    assert _visible_rows(page) == 4


def test_front_page_search_finds_items_across_the_site(built: dict[str, Path],
                                                       page_at: Any) -> None:
    requests = Requests()
    page = page_at(built["index"], 360, requests)
    assert not any(url.endswith("search-index.js") for url in requests.seen)  # loaded on use
    page.fill("#site-q", "就业信息服务")
    page.wait_for_function("document.querySelectorAll('#search-results a').length > 0")
    assert page.text_content("#search-status") == "找到 2 项，显示前 2 项"
    links = page.eval_on_selector_all("#search-results a", "as => as.map(a => a.href)")
    assert len(links) == 2 and all("#item-" in link for link in links)
    page.click("#search-results a >> nth=0")
    page.wait_for_load_state("load")
    target = page.evaluate("location.hash.slice(1)")
    assert page.evaluate(f"document.getElementById('{target}').textContent").find("就业") >= 0


def test_without_javascript_the_whole_table_is_there(built: dict[str, Path],
                                                     page_at: Any) -> None:
    page = page_at(built["catalogue"], 1280, javascript=False)
    assert _visible_rows(page) == 4
    assert not page.is_visible("form.filters")


def test_keyboard_skip_link_and_visible_focus(built: dict[str, Path], page_at: Any) -> None:
    page = page_at(built["catalogue"], 360)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.evaluate("JSON.stringify(document.activeElement.getBoundingClientRect())")
    assert '"top":' in box and page.evaluate(
        "document.activeElement.getBoundingClientRect().top >= 0")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.tagName, e.id || e.textContent.trim().slice(0, 12), s.outlineStyle,"
            " s.outlineWidth]; })()")
        if state[0] == "BODY":
            break
        seen.append(state)
        assert state[2] != "none" and state[3] != "0px", state  # focus is always visible
    tags = [state[0] for state in seen]
    assert "SUMMARY" in tags  # the folded filters open from the keyboard
    page.keyboard.press("Shift+Tab")


def test_cards_below_the_breakpoint_label_every_field(built: dict[str, Path],
                                                      page_at: Any) -> None:
    page = page_at(built["catalogue"], 360)
    labels = page.evaluate(
        "Array.from(document.querySelector('tr.item').children).map(c =>"
        " [getComputedStyle(c).display, getComputedStyle(c, '::before').content])")
    assert all(display == "block" for display, _ in labels)
    assert [content.strip('"') for _, content in labels][:4] == [
        "序号：", "一级事项：", "二级事项：", "公开内容："]
    wide = page_at(built["catalogue"], 1280)
    assert wide.evaluate("getComputedStyle(document.querySelector('tr.item td')).display") == (
        "table-cell")


def test_hostile_text_runs_nothing(built: dict[str, Path], page_at: Any,
                                   browser: Any) -> None:
    path = next(p for p in sorted((built["site"] / "c").iterdir())
                if "&lt;script&gt;" in p.read_text("utf-8"))
    dialogs: list[str] = []
    page = page_at(path, 1280)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.reload()
    page.hover("tr.item >> nth=1")
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('script').length") == 1  # filter.js only
    assert '<script>alert("x")</script>' in page.text_content("caption")


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshot_with_the_table_visible(built: dict[str, Path], page_at: Any,
                                           tmp_path: Path, width: int) -> None:
    page = page_at(built["catalogue"], width)
    table = page.locator("table.catalog-table")
    table.scroll_into_view_if_needed()
    assert table.is_visible()
    box = table.bounding_box()
    assert box is not None and box["width"] <= width and box["y"] < 800
    folder = screenshot_folder()
    for name, path in (("catalogue", built["catalogue"]), ("index", built["index"]),
                       ("report", built["report"])):
        shot = page_at(path, width)
        if name == "catalogue":
            shot.locator("table.catalog-table").scroll_into_view_if_needed()
        target = folder / f"{name}-{width}.png"
        shot.screenshot(path=str(target))
        assert target.stat().st_size > 10_000  # a rendered page, not a blank image


def test_print_layout_is_the_table_with_its_header_repeated(built: dict[str, Path],
                                                            page_at: Any) -> None:
    page = page_at(built["catalogue"], 360)  # even from a phone, print gives the table
    page.emulate_media(media="print")
    styles = page.evaluate(
        "[getComputedStyle(document.querySelector('table.catalog-table thead')).display,"
        " getComputedStyle(document.querySelector('tr.item td')).display,"
        " getComputedStyle(document.querySelector('form.filters')).display,"
        " getComputedStyle(document.querySelector('.skip-link')).display]")
    assert styles == ["table-header-group", "table-cell", "none", "none"]
    pdf = page.pdf()  # landscape pages from the stylesheet's @page rule
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert pdf.startswith(b"%PDF") and box is not None
    assert float(box.group(1)) > float(box.group(2))  # landscape


@pytest.mark.parametrize("name", ["catalogue", "index", "report"])
def test_text_zoomed_to_200_percent_still_fits(built: dict[str, Path], page_at: Any,
                                               name: str) -> None:
    for width in (360, 1280):
        page = page_at(built[name], width)
        before = page.evaluate("document.querySelector('h1').getBoundingClientRect().height")
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        after = page.evaluate("document.querySelector('h1').getBoundingClientRect().height")
        assert after > before * 1.5  # the text did grow: sizes are in rem
        assert scroll_width(page) <= width, (name, width)
