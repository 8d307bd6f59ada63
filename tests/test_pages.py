"""The HTML foundation: autoescaping, the URL allow-list, the base layout and its assets."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.core.findings import UsageError
from catalog.pages import ASSETS, MISSING_JINJA2, asset_text, environment, safe_url, write_assets

jinja2 = pytest.importorskip("jinja2")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.gov.cn/zwgk/index.html",
        "http://10.1.2.3:8080/a?b=1#c",
        "HTTPS://EXAMPLE.GOV.CN/",
        "zwgk/shbz/index.html",
        "../栏目/最低生活保障.html",
        "/zwgk/",
        "?page=2",
        "#item-x",
    ],
)
def test_safe_url_accepts_http_and_relative(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "file:///etc/passwd",
        "mailto:a@example.com",
        "//evil.example.com/x",
        "\\\\evil.example.com\\x",
        "/\\evil.example.com",
        "http:evil",
        "https:///path",
        "",
        "   ",
        None,
    ],
)
def test_safe_url_refuses_everything_else(url: str | None) -> None:
    assert safe_url(url) is None


@given(st.text())
def test_safe_url_never_passes_a_script_scheme(text: str) -> None:
    result = safe_url(text)
    if result is not None:
        # What a browser would see once it drops tabs/newlines and leading controls.
        seen = re.sub(r"[\t\n\r]", "", result).lstrip("".join(map(chr, range(33)))).lower()
        scheme = re.match(r"^([a-z][a-z0-9+.\-]*):", seen)
        assert scheme is None or scheme.group(1) in ("http", "https")
        assert not seen.startswith("//") and "\\" not in seen


def test_templates_escape_everything() -> None:
    env = environment()
    page = env.from_string("<p title=\"{{ v }}\">{{ v }}</p>").render(v='<script>"&\'')
    assert "<script>" not in page
    assert "&lt;script&gt;&#34;&amp;&#39;" in page


def test_url_filter_blanks_unsafe_urls() -> None:
    env = environment()
    template = env.from_string('<a href="{{ u | url }}">x</a>')
    assert template.render(u="javascript:alert(1)") == '<a href="">x</a>'
    assert template.render(u='https://a.gov.cn/?q="x"') == (
        '<a href="https://a.gov.cn/?q=&#34;x&#34;">x</a>')


def test_base_layout_has_language_skip_link_and_inline_css() -> None:
    env = environment()
    page = env.from_string(
        '{% extends "pages/base.html" %}{% block content %}<p>正文</p>{% endblock %}'
    ).render(title="标题 <b>")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page
    assert '<a class="skip-link" href="#main">跳到主要内容</a>' in page
    assert '<main id="main" tabindex="-1">' in page
    assert "<title>标题 &lt;b&gt;</title>" in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert ".catalog .catalog-table" in page and "@media print" in page


def test_undefined_names_are_errors_not_blanks() -> None:
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string("{{ missing.attribute }}").render()


def test_assets_make_no_request_and_cannot_end_their_tag() -> None:
    for name in ASSETS:
        text = asset_text(name)
        assert "</" not in text, name  # inlined inside <style>/<script>
        assert not re.search(r"https?:|@import|url\(|//[a-z]", text.replace("://", "")), name
        assert "fetch(" not in text and "XMLHttpRequest" not in text, name


def test_table_css_is_scoped_under_one_class() -> None:
    css = re.sub(r"/\*.*?\*/", "", asset_text("catalog.css"), flags=re.S)
    selectors = []
    for block in re.finditer(r"([^{}]+)\{", css):
        head = block.group(1).strip()
        if head.startswith("@media"):
            continue
        selectors += [part.strip() for part in head.split(",")]
    assert selectors
    assert all(s.startswith(".catalog") for s in selectors), [
        s for s in selectors if not s.startswith(".catalog")]


def test_sizes_are_rem_not_px() -> None:
    for name in ("base.css", "catalog.css"):
        text = asset_text(name)
        # 1px is only used for the visually-hidden clip (a size no reader sees).
        assert re.findall(r"(?<![\d.])(\d+(?:\.\d+)?)px", text.replace("1px", "")) == [], name


def test_print_stylesheet_repeats_the_header_row_in_landscape() -> None:
    assert "size: landscape" in asset_text("base.css")
    assert "thead { display: table-header-group; }" in asset_text("catalog.css")


def test_write_assets_copies_every_asset(tmp_path) -> None:  # type: ignore[no-untyped-def]
    names = write_assets(tmp_path / "assets")
    assert sorted(names) == sorted(ASSETS)
    for name in ASSETS:
        assert (tmp_path / "assets" / name).read_text("utf-8") == asset_text(name)


def test_missing_jinja2_gives_a_clear_message() -> None:
    code = (
        "import sys; sys.modules['jinja2'] = None\n"
        "from catalog.pages import environment\n"
        "from catalog.core.findings import UsageError\n"
        "try:\n    environment()\nexcept UsageError as e:\n    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == MISSING_JINJA2
    assert "pip install 'catalog[publish]'" in MISSING_JINJA2
    assert isinstance(UsageError(MISSING_JINJA2), Exception)
