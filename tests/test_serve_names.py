"""Download names and the page language (catalog.serve.downloads, catalog.serve.words)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from catalog.serve.downloads import content_disposition, derived_name, display_name, suffix_of
from catalog.serve.words import WORDS, choose_lang


def test_display_name_keeps_the_last_part_of_a_client_path() -> None:
    assert display_name("C:\\Users\\张三\\江上乡 目录.xlsx") == "江上乡 目录.xlsx"
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name('a<b>:"c"|?*.csv') == "a_b___c____.csv"
    assert display_name("", "file-1") == "file-1" and display_name("..", "x") == "x"
    long = display_name("长" * 300 + ".xlsx")
    assert len(long) == 120 and long.endswith(".xlsx")


@given(st.text(max_size=300))
def test_display_name_never_names_a_path_or_breaks_a_header(text: str) -> None:
    name = display_name(text)
    assert name and len(name) <= 120
    assert not re.search(r'[\\/\x00-\x1f\x7f"<>|:*?;]', name)
    assert name not in (".", "..")
    header = content_disposition(text)
    assert header.isascii() and "\r" not in header and "\n" not in header
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == display_name(text, "download")


def test_suffix_is_the_only_part_of_the_name_that_reaches_the_disk() -> None:
    assert suffix_of("目录.XLSX") == ".xlsx" and suffix_of("a.tar.gz") == ".gz"
    assert suffix_of("no suffix") == "" and suffix_of("a.x/../y") == ""
    assert suffix_of("a.verylongsuffix") == ""


def test_derived_names_and_content_disposition() -> None:
    assert derived_name("江上乡.xlsx", "已标注", ".xlsx") == "江上乡-已标注.xlsx"
    assert derived_name("data.csv", "已修正", ".csv") == "data-已修正.csv"
    header = content_disposition("江上乡-已标注.xlsx")
    assert header == ("attachment; filename=\"___-___.xlsx\"; filename*=UTF-8''"
                      "%E6%B1%9F%E4%B8%8A%E4%B9%A1-%E5%B7%B2%E6%A0%87%E6%B3%A8.xlsx")


def test_language_from_the_query_then_the_browser() -> None:
    assert choose_lang(None, None) == "zh"
    assert choose_lang("en", "zh-CN") == "en" and choose_lang("zh", "en-US") == "zh"
    assert choose_lang("fr", "en-GB,en;q=0.9") == "en"
    assert choose_lang(None, "zh-TW,zh;q=0.9,en;q=0.8") == "zh"
    assert choose_lang(None, "fr-FR,en;q=0.5,zh;q=0.7") == "zh"
    assert choose_lang(None, "en;q=0, de") == "zh"  # q=0 means "not English"
    assert choose_lang(None, "en;q=abc") == "zh"


def test_both_languages_have_every_text_and_chinese_uses_full_width_punctuation() -> None:
    assert WORDS["zh"].keys() == WORDS["en"].keys()
    for key, text in WORDS["zh"].items():
        assert not re.search(r"[\u4e00-\u9fff][,:;?!()]", text), key
        assert not re.search(r"[,:;?!(][\u4e00-\u9fff]", text), key
