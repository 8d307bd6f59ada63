"""``catalog serve`` in headless Chromium (marked ``browser``, like the publishing tests):
the server is started as a user would, on a free 127.0.0.1 port; the tests upload the bundled
example workbook, compare the counts with ``catalog check``, follow a finding, download the
annotated copy and open it, upload a hostile file, use the page at 360 px and with the
keyboard only, and run axe-core."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests import hostile_files as hf
from tests.browser import (
    axe_source,
    axe_violations,
    screenshot_folder,
    scroll_width,
)
from tests.serving import EXAMPLE, EXAMPLE_ISSUER, EXAMPLE_LEVEL, ROOT, Server, running_server

pytest.importorskip("starlette")
pytest.importorskip("jinja2")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("serve-browser"), "--jobs", "2") as started:
        yield started


@pytest.fixture(scope="module")
def contexts(browser: Any) -> Iterator[dict[tuple[str, bool], Any]]:
    """Browser contexts by locale and CSP bypass, shared by the module's pages: a new context
    costs Chromium twice what a new page does, and the server sets no cookies."""
    shared: dict[tuple[str, bool], Any] = {}
    yield shared
    for context in shared.values():
        context.close()


@pytest.fixture
def open_at(contexts: dict[tuple[str, bool], Any], browser: Any,
            server: Server) -> Iterator[Any]:
    """A page of the server at a width, recording every request and console message."""
    pages: list[Any] = []

    def open_(path: str, width: int, locale: str = "zh-CN", axe: bool = False) -> Any:
        # axe-core is injected as an inline script, which the page's CSP rightly refuses:
        # only the axe runs lift it (bypass_csp), every other test runs under the real policy.
        if (locale, axe) not in contexts:
            context = browser.new_context(device_scale_factor=1, accept_downloads=True,
                                          locale=locale, bypass_csp=axe)
            context.set_default_timeout(120_000)  # a check on a busy 2-core machine is slow
            contexts[locale, axe] = context
        page = contexts[locale, axe].new_page()
        pages.append(page)
        page.set_viewport_size({"width": width, "height": 800})
        page.seen = []  # type: ignore[attr-defined]
        page.console = []  # type: ignore[attr-defined]
        page.on("request", lambda request: page.seen.append(request.url))
        page.on("console", lambda message: page.console.append(message.text))
        page.goto(server.url + path)
        return page

    yield open_
    for page in pages:
        page.close()
    assert server.leftovers() == []  # nothing stays after the browser's requests


def upload_example(page: Any, files: list[Path] | None = None) -> None:
    page.set_input_files("#files", [str(path) for path in (files or [EXAMPLE])])
    page.fill("#issuer", EXAMPLE_ISSUER)
    page.select_option("#level", EXAMPLE_LEVEL)
    page.click("#submit")
    page.wait_for_selector(".check-report")


def shown_counts(page: Any) -> dict[str, int]:
    items = page.locator(".check-report .counts li").all_text_contents()
    words = {"错误": "errors", "警告": "warnings", "提示": "infos"}
    found = {}
    for text in items:
        word, _, number = text.partition("：")
        if word in words:
            found[words[word]] = int(number)
    return found


@cache  # the bundled example's counts: one run of the command serves every test
def cli_counts() -> dict[str, int]:
    done = subprocess.run([sys.executable, "-m", "catalog", "check", str(EXAMPLE), "--format",
                           "json"], cwd=ROOT, capture_output=True, text=True, check=False)
    summary = json.loads(done.stdout)["summary"]
    return {key: summary[key] for key in ("errors", "warnings", "infos")}


def test_the_example_upload_shows_the_counts_of_catalog_check(open_at: Any) -> None:
    page = open_at("/", 1280)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    upload_example(page)
    assert shown_counts(page) == cli_counts()
    assert page.locator(".verdict").text_content() == "结论：未通过"
    assert not [text for text in page.console if "Content Security Policy" in text]
    assert all(url.startswith(("http://127.0.0.1:", "data:")) for url in page.seen)


def test_click_through_to_a_finding(open_at: Any) -> None:
    page = open_at("/", 1280)
    upload_example(page)
    page.click("table.plain a[href='#rule-CAT302']")
    assert page.evaluate("location.hash") == "#rule-CAT302"
    group = page.locator("#rule-CAT302")
    assert group.is_visible() and group.bounding_box()["y"] < 100  # scrolled to it
    assert "F8" in group.text_content()
    group.locator("details summary").first.click()  # the row in context opens
    assert group.locator("tr.offending").first.is_visible()


def test_the_annotated_copy_downloads_with_its_marks(open_at: Any, tmp_path: Path) -> None:
    page = open_at("/", 1280)
    named = tmp_path / "江上乡 社会救助.xlsx"
    named.write_bytes(EXAMPLE.read_bytes())
    upload_example(page, [named])
    with page.expect_download() as waiting:
        page.click("a[data-kind=annotated]")
    download = waiting.value
    assert download.suggested_filename == "江上乡 社会救助-已标注.xlsx"
    saved = tmp_path / "annotated.xlsx"
    download.save_as(saved)
    workbook = load_workbook(saved)
    assert "检查结果" in workbook.sheetnames
    comment = workbook["社会救助"]["G6"].comment
    assert comment is not None and "CAT101" in comment.text
    assert workbook["社会救助"]["F8"].fill.fgColor.rgb.endswith(("FFC7CE", "FFFFC7CE"))
    results = [row for row in workbook["检查结果"].iter_rows(values_only=True) if any(row)]
    assert any("CAT302" in str(cell) for row in results for cell in row)


def test_a_hostile_file_shows_the_chinese_error_and_the_server_goes_on(
        open_at: Any, tmp_path: Path) -> None:
    bomb = tmp_path / "目录.xlsx"
    bomb.write_bytes(hf.xlsx(hf.worksheet(b"", prolog=hf.BILLION_LAUGHS)))
    page = open_at("/", 360)
    page.set_input_files("#files", str(bomb))
    page.click("#submit")
    box = page.locator("#unreadable")
    box.wait_for()
    text = box.text_content()
    assert "以下文件无法读取" in text and "目录.xlsx" in text and "CAT613" in text
    assert "处理办法" in text
    again = open_at("/", 360)  # the server still checks files
    upload_example(again)
    assert shown_counts(again) == cli_counts()


def test_at_360_px_nothing_scrolls_sideways(open_at: Any) -> None:
    folder = screenshot_folder()
    for width in (360, 1280):
        page = open_at("/", width)
        assert scroll_width(page) <= width
        page.screenshot(path=str(folder / f"serve-check-{width}.png"), full_page=True)
        upload_example(page)
        assert scroll_width(page) <= width
        page.screenshot(path=str(folder / f"serve-result-{width}.png"))
        page.locator("#downloads").scroll_into_view_if_needed()
        assert page.locator("a[data-kind=annotated]").is_visible()
        template = open_at("/template", width)
        assert scroll_width(template) <= width
        template.screenshot(path=str(folder / f"serve-template-{width}.png"))
        assert (folder / f"serve-result-{width}.png").stat().st_size > 10_000


def _chooser_from_keyboard(page: Any) -> Any:
    """The focused file field opened with the keyboard (Space, or Enter): headless Chromium
    under load now and then lets one key press go by without opening the chooser, so a few
    tries, each a real key press, before the test fails."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for key in ("Space", "Enter", "Space"):
        try:
            with page.expect_file_chooser(timeout=15_000) as chooser:
                page.keyboard.press(key)
            return chooser.value
        except PlaywrightTimeout:
            assert page.evaluate("document.activeElement.id") == "files"
    raise AssertionError("the file field did not open its chooser from the keyboard")


def test_keyboard_only_upload_and_download(open_at: Any, tmp_path: Path) -> None:
    page = open_at("/", 360)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    seen = []
    for _ in range(12):  # to the file field, with visible focus on the way
        page.keyboard.press("Tab")
        state = page.evaluate("(() => { const e = document.activeElement;"
                              " const s = getComputedStyle(e);"
                              " return [e.id || e.tagName, s.outlineStyle]; })()")
        seen.append(state[0])
        assert state[1] != "none", state
        if state[0] == "files":
            break
    assert seen[-1] == "files"
    _chooser_from_keyboard(page).set_files(str(EXAMPLE))
    assert "已选择：" in page.locator("#chosen").text_content()  # the script runs under CSP
    page.keyboard.press("Tab")
    page.keyboard.type(EXAMPLE_ISSUER)
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # 市级, 县级, 乡级
    assert page.evaluate("document.getElementById('level').value") == EXAMPLE_LEVEL
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_selector(".check-report")
    assert shown_counts(page) == cli_counts()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.kind || ''") == "annotated":
            break
    with page.expect_download() as waiting:
        page.keyboard.press("Enter")
    assert waiting.value.suggested_filename.endswith("-已标注.xlsx")


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violations(open_at: Any, width: int, tmp_path: Path) -> None:
    source = axe_source()
    bomb = tmp_path / "bad.xlsx"
    bomb.write_bytes(hf.xlsx(hf.worksheet(b"", prolog=hf.BILLION_LAUGHS)))
    pages = [open_at(path, width, axe=True) for path in ("/", "/template", "/?lang=en",
                                                         "/nowhere")]
    result = open_at("/", width, axe=True)
    upload_example(result, [EXAMPLE, bomb])
    result.locator("details").first.evaluate("element => element.open = true")
    pages.append(result)
    for page in pages:
        assert axe_violations(page, source) == [], page.url



def test_the_template_downloads_under_its_chinese_name(open_at: Any, tmp_path: Path) -> None:
    page = open_at("/template", 360)
    page.select_option("#template-domain", "social_assistance")
    page.select_option("#template-level", "村级")
    with page.expect_download() as waiting:
        page.click("button[type=submit]")
    download = waiting.value
    assert download.suggested_filename == "社会救助-村级-公开标准目录模板.xlsx"  # RFC 5987
    download.save_as(tmp_path / "template.xlsx")
    assert "社会救助" in load_workbook(tmp_path / "template.xlsx").sheetnames[0]


def test_files_dropped_on_the_zone_are_chosen(open_at: Any) -> None:
    page = open_at("/", 360)
    transfer = page.evaluate_handle(
        "() => { const t = new DataTransfer();"
        " t.items.add(new File(['a,b'], '江上乡.csv', {type: 'text/csv'}));"
        " t.items.add(new File(['{}'], 'b.json', {type: 'application/json'}));"
        " return t; }")
    page.dispatch_event("#drop-zone", "dragover", {"dataTransfer": transfer})
    assert "dragging" in page.get_attribute("#drop-zone", "class")
    page.dispatch_event("#drop-zone", "drop", {"dataTransfer": transfer})
    assert page.evaluate("document.getElementById('files').files.length") == 2
    assert page.locator("#chosen").text_content() == "已选择：江上乡.csv、b.json"
    assert "dragging" not in page.get_attribute("#drop-zone", "class")
