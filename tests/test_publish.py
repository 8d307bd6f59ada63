"""catalog publish: the site, its pages, links, one-file and fragment outputs, and refusals."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.api import load
from catalog.cli.main import main
from catalog.core.findings import UsageError
from catalog.publish import PublishOptions, publish
from tests.conftest import CLEAN, examples
from tests.publishing import FORMULA, HOSTILE, county, hostile

pytest.importorskip("jinja2")
COLUMN_TITLES = ("序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体",
                 "公开渠道和载体", "公开对象", "公开方式", "公开层级")


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


def files(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_example_site_has_front_page_catalogue_page_assets_and_downloads(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = publish([CLEAN], site)
    assert result.catalogues == 1 and result.items == 10 and result.pages == 1
    names = set(files(site))
    assert {"index.html", "assets/base.css", "assets/catalog.css", "assets/filter.js",
            "assets/search.js", "assets/search-index.js"} <= names
    page_name = next(n for n in names if n.startswith("c/"))
    page = (site / page_name).read_text("utf-8")
    assert '<html lang="zh-CN">' in page and '<a class="skip-link" href="#main">' in page
    assert "<caption>江上乡社会救助领域基层政务公开标准目录</caption>" in page
    headers = re.findall(r'<th scope="col" role="columnheader">([^<]+)</th>', page)
    assert tuple(headers) == COLUMN_TITLES
    assert "民办函〔2019〕52号" in page  # the guideline's 文号 from the domain data
    assert "同上" not in page
    groups = re.findall(r'scope="rowgroup"[^>]*>一级事项：([^<（]+)', page)
    assert groups == ["综合业务", "最低生活保障", "特困人员救助供养", "临时救助"][:len(groups)]
    assert len(re.findall(r'<tr class="item"', page)) == 10
    assert 'data-label="公开依据"' in page and 'role="cell"' in page
    downloads = [n for n in names if n.startswith("downloads/")]
    assert sorted(Path(n).suffix for n in downloads) == [".csv", ".json", ".xlsx"]
    for name in downloads:  # made by the project's writers: the project's readers read them
        assert len(load(site / name).document.catalogues[0].items) == 10


def test_front_page_grid_search_downloads_and_about(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish([CLEAN], site, PublishOptions(edition="2025年版"))
    index = (site / "index.html").read_text("utf-8")
    assert index.count('<li>\n<h4 class="cell-title">') == 26
    assert "已编制" in index and "未编制" in index and "不适用" in index
    assert re.search(r'<a href="c/social_assistance-[0-9a-f]{8}\.html">社会救助</a>', index)
    assert "覆盖国家标准事项" in index and "版本：2025年版" in index
    assert 'id="site-search" hidden role="search"' in index
    assert hashlib.sha256(CLEAN.read_bytes()).hexdigest() in index
    assert "catalog 0.1.0" in index or "catalog " in index
    for path in (site / "downloads").iterdir():
        assert hashlib.sha256(path.read_bytes()).hexdigest() in index
    search = (site / "assets/search-index.js").read_text("utf-8")
    data = json.loads(search.removeprefix("window.CATALOG_INDEX=").rstrip(";\n"))
    assert len(data["items"]) == 10 and data["pages"][0][0].startswith("c/social_assistance-")
    assert data["items"][0][1].startswith("item-")
    assert data["items"][0][2] == "综合业务/政策法规文件"
    assert "search-index.js" not in index.split('data-index="assets/search-index.js"')[1]


def test_county_folder_with_several_issuers(tmp_path: Path) -> None:
    folder = county(tmp_path / "county")
    result = publish([folder], tmp_path / "site")
    assert result.catalogues == 4 and result.items == 10
    index = (tmp_path / "site/index.html").read_text("utf-8")
    assert index.count("<h3 id=\"issuer-") == 2
    assert "河口镇人民政府" in index and "江上乡人民政府" in index
    assert "江上乡人民政府.json" in index  # the file as named under the folder, no absolute path
    assert str(tmp_path) not in "".join(pages(tmp_path / "site").values())


def test_anchors_derive_from_the_item_and_survive_rows_added_above(tmp_path: Path) -> None:
    doc = json.loads(CLEAN.read_text("utf-8"))
    first = tmp_path / "a.json"
    first.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    publish([first], tmp_path / "one")
    items = doc["catalogues"][0]["items"]
    added = dict(items[0], category="新增事项", name="新增")
    doc["catalogues"][0]["items"] = [added, *items]
    first.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    publish([first], tmp_path / "two")

    def anchors(site: Path) -> list[str]:
        page = next((site / "c").iterdir()).read_text("utf-8")
        return re.findall(r'<tr class="item" role="row" id="(item-[0-9a-f-]+)"', page)

    before, after = anchors(tmp_path / "one"), anchors(tmp_path / "two")
    assert len(set(before)) == 10
    assert after[1:] == before


def test_same_input_gives_byte_identical_site(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    folder = county(tmp_path / "county")
    publish([folder], tmp_path / "a")
    publish([folder], tmp_path / "b")
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert "2025-01-01 08:00（北京时间）" in (tmp_path / "a/index.html").read_text("utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not-a-number")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        publish([folder], tmp_path / "c")


def test_hostile_item_text_appears_as_text(tmp_path: Path) -> None:
    path = hostile(tmp_path / "in")
    result = publish([path], tmp_path / "site")
    for text in [*pages(tmp_path / "site").values(),
                 (tmp_path / "site/assets/search-index.js").read_text("utf-8")]:
        assert "<script>alert" not in text
        assert 'href="javascript' not in text
        assert "</td></tr><tr><td>注入" not in text
        assert 'onmouseover="x' not in text
    page = next((tmp_path / "site/c").iterdir()).read_text("utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;引号&#34;" in page
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;点我&#34;)" in page  # shown as text
    assert FORMULA.startswith("=") and HOSTILE
    # the javascript: link is refused with CAT700; the quoted https link is escaped, kept
    assert [f.code for f in result.findings] == ["CAT700"]
    assert 'href="https://www.example.gov.cn/zwgk/&#34;onmouseover=&#34;x"' in page


def test_single_file_inlines_everything_and_fragment_has_only_scoped_tables(
        tmp_path: Path) -> None:
    folder = county(tmp_path / "county")
    single = tmp_path / "all.html"
    publish([folder], single, single_file=True)
    text = single.read_text("utf-8")
    assert "<style>" in text and "<script>" in text and "<link" not in text
    assert not re.search(r'\s(src|href)="(?!#)[^"]+"', text)  # nothing loaded, only anchors
    assert text.count('<table class="catalog-table"') == 4
    fragment = tmp_path / "fragment.html"
    publish([folder], fragment, fragment=True)
    part = fragment.read_text("utf-8")
    assert part.startswith('<div class="catalog">') and part.rstrip().endswith("</div>")
    assert "<script" not in part and "<html" not in part and "<body" not in part
    style = part[part.index("<style>") + 7:part.index("</style>")]
    selectors = [s.strip() for block in re.findall(r"([^{}]+)\{", re.sub(
        r"/\*.*?\*/", "", style, flags=re.S)) if not block.strip().startswith("@")
        for s in block.split(",")]
    assert selectors and all(s.startswith(".catalog") for s in selectors)


def test_long_catalogue_is_split_into_parts(tmp_path: Path) -> None:
    doc = json.loads(CLEAN.read_text("utf-8"))
    items = doc["catalogues"][0]["items"]
    doc["catalogues"][0]["items"] = [dict(items[n % 10], name=f"事项{n}") for n in range(300)]
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    result = publish([path], tmp_path / "site", PublishOptions(max_page_bytes=200_000))
    assert result.pages > 1 and result.largest_page <= 200_000
    shown = "".join(pages(tmp_path / "site").values())
    assert len(re.findall(r'<tr class="item"', shown)) == 300
    assert "本目录分为" in shown and 'aria-current="page"' in shown
    search = (tmp_path / "site/assets/search-index.js").read_text("utf-8")
    assert '-2.html",' in search  # items on part 2 are found on part 2


def test_links_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = county(tmp_path / "county")
    links = tmp_path / "links.csv"
    links.write_text(
        "领域,一级事项,二级事项,链接,发布主体\n"
        "社会救助,最低生活保障,办事指南,https://a.gov.cn/dibao,\n"
        "social_assistance,临时救助,审核审批信息,../lsjz/index.html,江上乡人民政府\n"
        "社会救助,最低生活保障,政策法规文件,\"data:text/html;base64,PHNjcmlwdD4=\",\n"
        "社会救助,最低生活保障,办事指引,https://a.gov.cn/typo,\n", "utf-8-sig")
    code = main(["publish", str(folder), "-o", str(tmp_path / "site"), "--links", str(links)])
    out = capsys.readouterr().out
    assert code == 1  # CAT700 is an error; the site is still built without that link
    assert "CAT700" in out and "links.csv:D4: CAT700" in out and "data:text/html" in out
    assert "CAT701" in out and "办事指引" in out
    assert out.count("CAT700") == 1  # one finding for the row, though two issuers use it
    assert "没有链接的事项（7）" in out
    assert "江上乡人民政府·社会救助：特困人员救助供养/办事指南" in out
    site = "".join(pages(tmp_path / "site").values())
    assert site.count('href="https://a.gov.cn/dibao"') == 2  # both issuers
    assert site.count('href="../lsjz/index.html"') == 1  # only 江上乡
    assert "data:text" not in site


def test_links_file_without_the_columns_is_refused(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    links = tmp_path / "links.csv"
    links.write_text("事项,网址\n低保,https://a.gov.cn\n", "utf-8")
    code = main(["publish", str(CLEAN), "-o", str(tmp_path / "site"), "--links", str(links)])
    assert code == 2
    assert "CAT702" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_link_column_kept_in_extra(tmp_path: Path) -> None:
    doc = json.loads(CLEAN.read_text("utf-8"))
    doc["catalogues"][0]["items"][0]["extra"] = {"栏目地址": "https://a.gov.cn/zcfg"}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    publish([path], tmp_path / "site", PublishOptions(link_column="栏目地址"))
    assert 'href="https://a.gov.cn/zcfg"' in "".join(pages(tmp_path / "site").values())


def test_refuses_to_write_over_or_into_inputs(tmp_path: Path) -> None:
    folder = county(tmp_path / "county")
    source = folder / "江上乡人民政府.json"
    before = source.read_bytes()
    with pytest.raises(UsageError, match="输入"):
        publish([source], source, single_file=True)
    with pytest.raises(UsageError, match="输入"):
        publish([folder], folder / "site")
    with pytest.raises(UsageError):
        publish([source], folder)
    assert source.read_bytes() == before
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep", "utf-8")
    with pytest.raises(UsageError, match="不会替换"):
        publish([source], other)
    assert (other / "notes.txt").read_text("utf-8") == "keep"


def test_single_file_refuses_a_hard_link_or_symlink_to_an_input(tmp_path: Path) -> None:
    """The same file under another name is still the input (compared by inode, not by name)."""
    folder = county(tmp_path / "county")
    source = folder / "江上乡人民政府.json"
    before = source.read_bytes()
    hard, soft = tmp_path / "hard.html", tmp_path / "soft.html"
    os.link(source, hard)
    soft.symlink_to(source)
    for alias in (hard, soft):
        with pytest.raises(UsageError, match="输入"):
            publish([source], alias, single_file=True)
    assert source.read_bytes() == before


def test_rebuild_replaces_the_previous_site_whole(tmp_path: Path) -> None:
    folder = county(tmp_path / "county")
    site = tmp_path / "site"
    publish([folder], site)
    stale = site / "c" / "old-page.html"
    stale.write_text("old", "utf-8")
    publish([folder / "江上乡人民政府.json"], site)
    assert not stale.exists()
    assert "河口镇" not in (site / "index.html").read_text("utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_no_page_requests_anything_from_elsewhere(tmp_path: Path) -> None:
    publish([county(tmp_path / "county")], tmp_path / "site")
    for name, text in pages(tmp_path / "site").items():
        loads = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', text)
        assert all(not re.match(r"^[a-z]+:|^//", url) for url in loads), (name, loads)
        assert "@import" not in text and "url(" not in text


def test_cli_summary_and_missing_jinja2_message(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["publish", str(CLEAN), "-o", str(tmp_path / "site")]) == 0
    assert re.match(r"已发布：.*（1 个目录，10 项，1 个页面，\d+ 字节，每项 \d+ 字节，[\d.]+ 秒）",
                    capsys.readouterr().out)
    assert main(["publish", str(CLEAN), "-o", str(tmp_path / "site"), "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert english.startswith("published: ") and "bytes per item" in english
    # Without Jinja2: a process of its own, where the import can be blocked.
    code = ("import sys; sys.modules['jinja2'] = None\n"
            "from catalog.cli.main import main\n"
            f"sys.exit(main(['publish', {str(CLEAN)!r}, '-o', {str(tmp_path / 'x')!r}]))")
    missing = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert missing.returncode == 2
    assert "pip install 'catalog[publish]'" in missing.stderr and "Jinja2" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert not (tmp_path / "x").exists()


def test_change_log_is_copied_and_linked(tmp_path: Path) -> None:
    changes = tmp_path / "changes.html"
    changes.write_text("<!DOCTYPE html><title>变更</title><p>新增 2 项</p>", "utf-8")
    publish([CLEAN], tmp_path / "site", PublishOptions(changes=changes))
    assert (tmp_path / "site/changes.html").read_bytes() == changes.read_bytes()
    assert '<a href="changes.html">变更说明</a>' in (tmp_path / "site/index.html").read_text(
        "utf-8")
    plain = publish([CLEAN], tmp_path / "plain")
    assert plain.pages == 1 and "变更说明" not in (tmp_path / "plain/index.html").read_text(
        "utf-8")


@given(st.lists(st.lists(st.text(max_size=30), min_size=0, max_size=6), max_size=8))
@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_links_file_reader_never_crashes_nor_lets_an_unsafe_url_through(
        tmp_path: Path, rows: list[list[str]]) -> None:
    import csv
    import io

    from catalog.core.findings import InputError
    from catalog.pages import safe_url
    from catalog.publish.links import read_links

    buffer = io.StringIO()
    csv.writer(buffer).writerows([["领域", "一级事项", "二级事项", "链接"], *rows])
    path = tmp_path / "links.csv"
    path.write_text(buffer.getvalue(), "utf-8")
    try:
        links = read_links(path)
    except InputError as error:  # only the file's own fault, reported as a finding code
        assert error.code in ("CAT620", "CAT702")
        return
    for found in links.rows.values():
        for row in found:
            url = safe_url(row.url)
            assert url is None or not url.lower().lstrip().startswith(("javascript:", "data:"))


@pytest.mark.parametrize(("extra", "message"), [
    (["--max-page-bytes", "100"], "--max-page-bytes: 至少 10000 / at least 10000"),
    (["--link-column", " "], "--link-column: 请给出列名 / give a column name"),
])
def test_cli_refuses_bad_options_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                extra: list[str], message: str) -> None:
    assert main(["publish", str(CLEAN), "-o", str(tmp_path / "site"), *extra]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("not a folder", "utf-8")
    with pytest.raises(UsageError, match="是文件，不是文件夹 / is a file, not a folder"):
        publish([CLEAN], target)
    assert target.read_text("utf-8") == "not a folder"


def test_rows_written_same_as_above_join_the_group_above(tmp_path: Path) -> None:
    doc = json.loads(CLEAN.read_text("utf-8"))
    items = doc["catalogues"][0]["items"]
    items[3]["category"] = "同上"  # below a 最低生活保障 row
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    links = tmp_path / "links.csv"
    links.write_text(f"领域,一级事项,二级事项,链接\n社会救助,{items[2]['category']},"
                     f"{items[3]['name']},https://a.gov.cn/x\n", "utf-8")
    result = publish([path], tmp_path / "site", PublishOptions(links=links))
    page = next((tmp_path / "site/c").iterdir()).read_text("utf-8")
    assert "同上" not in page
    assert page.count('data-category="最低生活保障"') == 4  # the 同上 row is in the group
    assert 'href="https://a.gov.cn/x"' in page and result.findings == []


def test_an_unreadable_input_stops_the_build(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder = county(tmp_path / "county")
    (folder / "broken.json").write_text('{"catalogues": [', "utf-8")
    assert main(["publish", str(folder), "-o", str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err
    assert "broken.json" in err and "CAT100" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()  # half a county is never published


def test_single_file_refuses_its_links_file_and_its_settings_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Not only the catalogues: the links file and catalog.toml are inputs of the build too."""
    folder = county(tmp_path / "county")
    links = tmp_path / "links.csv"
    links.write_text("领域,一级事项,二级事项,链接\n", "utf-8")
    settings = folder / "catalog.toml"
    settings.write_text('lang = "zh"\n', "utf-8")
    for target, extra in ((links, ["--links", str(links)]), (settings, [])):
        before = target.read_bytes()
        assert main(["publish", str(folder), "--single-file", "-o", str(target), *extra]) == 2
        assert target.read_bytes() == before
    assert "不会覆盖" in capsys.readouterr().err


def test_source_date_epoch_past_year_9999_is_a_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999")
    folder = county(tmp_path / "county")
    assert main(["publish", str(folder), "-o", str(tmp_path / "site")]) == 2


def test_a_fifo_named_like_a_catalogue_is_a_finding_not_a_hang(tmp_path: Path) -> None:
    """Every input's bytes (for its checksum) are read through inputs.open_input: a FIFO named
    x.json is refused (exit 2) instead of blocking the build forever."""
    folder = county(tmp_path / "county")
    os.mkfifo(folder / "x.json")
    completed = subprocess.run(
        [sys.executable, "-m", "catalog", "publish", str(folder), "-o", str(tmp_path / "site")],
        capture_output=True, encoding="utf-8", timeout=120, check=False)
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
