"""``catalog serve`` over HTTP (Starlette's TestClient; the streaming and disconnect cases use a
real uvicorn in tests/test_serve_server.py): status codes, headers, the page texts, downloads
made from the same run, limits, and that nothing stays on disk."""

from __future__ import annotations

import base64
import io
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

import warnings

from openpyxl import load_workbook

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2; httpx is what is installed
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from catalog.api import check, render_message
from catalog.checking.checker import CheckOptions
from catalog.serve.app import CSP, ServeConfig, create_app
from catalog.standard.model import Level
from tests import hostile_files as hf
from tests.serving import EXAMPLE, EXAMPLE_ISSUER, EXAMPLE_LEVEL, ROOT
from tests.test_hostile_input import HEADER, ROW
from tests.workbook_builder import build

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXAMPLE_FORM = {"issuer": EXAMPLE_ISSUER, "level": EXAMPLE_LEVEL}


@pytest.fixture(scope="module")
def app_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, TestClient]]:
    root = tmp_path_factory.mktemp("serve")
    app = create_app(ServeConfig(jobs=1, max_upload_bytes=400_000, max_files=3,
                                 work_root=root))
    with TestClient(app) as client:
        yield app, client


@pytest.fixture
def client(app_client: tuple[Any, TestClient]) -> Iterator[TestClient]:
    app, made = app_client
    yield made
    # Whatever the test did, no request leaves anything behind in the work folder.
    assert list(app.state.paths["work"].iterdir()) == []


def post_files(client: TestClient, files: list[tuple[str, bytes]], lang: str = "zh",
               **form: str) -> Any:
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
    return client.post(f"/check?lang={lang}", files=parts, data=form)


def counts(page: str, lang: str = "zh") -> dict[str, int]:
    words = {"zh": ("错误", "警告", "提示", "："), "en": ("errors", "warnings", "info", ": ")}
    error, warning, info, colon = words[lang]
    found = {}
    for key, word in (("errors", error), ("warnings", warning), ("infos", info)):
        match = re.search(rf"<li>{word}{colon}(\d+)</li>", page)
        assert match, f"no count for {word}"
        found[key] = int(match.group(1))
    return found


def downloads(page: str) -> dict[str, tuple[str, bytes]]:
    """kind → (offered name, bytes) of every data: download link on a result page."""
    found = {}
    for href, name, kind in re.findall(
            r'<a href="data:[^;"]+;base64,([^"]+)" download="([^"]+)" data-kind="([^"]+)">',
            page):
        found[kind] = (name, base64.b64decode(href))
    return found


@cache  # the bundled example is asked for by three tests: one run of the command each way
def cli_summary(path: Path, *args: str) -> dict[str, int]:
    done = subprocess.run([sys.executable, "-m", "catalog", "check", str(path), "--format",
                           "json", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    summary: dict[str, int] = json.loads(done.stdout)["summary"]
    return {key: summary[key] for key in ("errors", "warnings", "infos")}


# --------------------------------------------------------------------------- pages


def test_the_page_is_chinese_by_default_english_on_request(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text
    assert '<button type="submit" id="submit">检查</button>' in page.text
    assert "检查目录文件" in page.text and "仅" not in page.text.split("<main")[0]
    english = client.get("/?lang=en").text
    assert '<html lang="en">' in english and ">Check</button>" in english
    assert '<a href="/?lang=en" lang="en" hreflang="en">English</a>' in page.text
    assert '<a href="/template?lang=zh" lang="zh-CN" hreflang="zh-CN">中文</a>' in client.get(
        "/template?lang=en").text
    result = post_files(client, [("a.csv", b"a")], "zh").text  # a POST page switches to /
    assert '<a href="/?lang=en" lang="en" hreflang="en">English</a>' in result
    assert '<html lang="en">' in client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).text
    assert '<html lang="zh-CN">' in client.get(
        "/", headers={"accept-language": "zh-CN,zh;q=0.9,en;q=0.8"}).text


def test_the_dropdowns_use_the_cli_vocabulary(client: TestClient) -> None:
    from catalog.standard.domains import registry

    page = client.get("/").text
    for level in Level:
        assert f'<option value="{level.value}">{level.value}</option>' in page
    for domain in registry():
        assert f'<option value="{domain.slug}">{domain.name_zh}</option>' in page
    english = client.get("/?lang=en").text
    assert '<option value="social_assistance">Social assistance</option>' in english


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    responses = [client.get("/"), client.get("/template"), client.get("/static/serve.css"),
                 client.get("/static/serve.js"), client.get("/nowhere"),
                 post_files(client, [("a.csv", b"")]), client.get("/check")]
    for response in responses:
        headers = response.headers
        assert headers["content-security-policy"] == CSP, response.url
        assert "frame-ancestors 'none'" in CSP and "script-src 'self'" in CSP
        assert "unsafe-inline" not in CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    page = post_files(client, [(EXAMPLE.name, EXAMPLE.read_bytes())], **EXAMPLE_FORM).text
    for text in (client.get("/").text, client.get("/template").text, page):
        assert not re.search(r"<script(?![^>]*\bsrc=)", text)  # every script is a file
        assert "<style" not in text and " style=" not in text
        assert not re.search(r"<[^>]+\son[a-z]+=", text)  # no event-handler attributes


def test_unknown_pages_and_methods(client: TestClient) -> None:
    missing = client.get("/nowhere")
    assert missing.status_code == 404 and "没有这个页面。" in missing.text
    assert client.get("/nowhere?lang=en").text.count("No such page.") == 1
    assert client.get("/check").status_code == 405
    assert client.get("/static/base.css").status_code == 404  # only our two files
    assert client.get("/static/..%2F..%2Fpyproject.toml").status_code == 404
    assert client.get("/favicon.ico").status_code == 204


# --------------------------------------------------------------------------- checking


def test_the_example_gives_the_counts_catalog_check_gives(client: TestClient) -> None:
    response = post_files(client, [(EXAMPLE.name, EXAMPLE.read_bytes())], **EXAMPLE_FORM)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    # The example folder's catalog.toml names the same issuer and level the form gives.
    expected = cli_summary(EXAMPLE)
    assert counts(response.text) == expected and expected["errors"] == 3
    assert "CAT302" in response.text and "处理办法" in response.text  # the HTML report
    assert (f"1 个文件：{expected['errors']} 个错误，{expected['warnings']} 个警告，"
            f"{expected['infos']} 条提示。") in response.text
    english = post_files(client, [(EXAMPLE.name, EXAMPLE.read_bytes())], "en", **EXAMPLE_FORM)
    assert counts(english.text, "en") == cli_summary(EXAMPLE, "--lang", "en")


def test_the_result_page_is_the_check_report_of_the_html_format(client: TestClient) -> None:
    """Shared code: the page embeds what ``check --format html`` renders for the same run."""
    from catalog.reports.html import html_chunks
    from catalog.rules import default_registry
    from catalog.serve.jobs import relabel

    page = post_files(client, [(EXAMPLE.name, EXAMPLE.read_bytes())], **EXAMPLE_FORM).text
    options = CheckOptions(issuer=EXAMPLE_ISSUER, level=Level.TOWNSHIP)
    results = [relabel(result, EXAMPLE.name) for result in check([EXAMPLE], options)]
    body = "".join(html_chunks(results, "zh", default_registry(), standalone=False))
    summary = body[body.index('<div class="check-report">'):body.index('<section class="rule')]
    assert summary in page


def test_downloads_come_from_the_same_run(client: TestClient) -> None:
    name = "江上乡 社会救助.xlsx"
    page = post_files(client, [(name, EXAMPLE.read_bytes())], **EXAMPLE_FORM).text
    found = downloads(page)
    assert set(found) == {"annotated", "fixed", "findings-xlsx", "findings-json"}
    assert found["annotated"][0] == "江上乡 社会救助-已标注.xlsx"
    assert found["fixed"][0] == "江上乡 社会救助-已修正.xlsx"
    annotated = load_workbook(io.BytesIO(found["annotated"][1]))
    assert "检查结果" in annotated.sheetnames
    assert annotated["社会救助"]["G6"].comment is not None  # CAT101: 公开主体 left blank
    assert "CAT101" in annotated["社会救助"]["G6"].comment.text
    fixed = load_workbook(io.BytesIO(found["fixed"][1]))
    assert "口" not in str(fixed["社会救助"]["H4"].value)  # CAT208 fixed
    assert "共 14 处修改" in page  # the list of changes, one entry per cell rewritten
    assert re.search(r"<li><strong>社会救助!H4</strong> CAT208 kou-as-box<br>原内容：<span "
                     r'class="cell-value">■政府网站 □政府公报\n口两微一端', page)
    report = json.loads(found["findings-json"][1])
    total = sum(report["summary"][key] for key in ("errors", "warnings", "infos"))
    assert total == sum(cli_summary(EXAMPLE).values())
    rows = list(load_workbook(io.BytesIO(found["findings-xlsx"][1])).active.iter_rows(
        min_row=2, values_only=True))
    assert len(rows) == total and {row[1] for row in rows} == {name}
    assert any(row[5] == "CAT302" and row[3] == "F8" for row in rows)


def test_coverage_against_the_national_items(client: TestClient) -> None:
    page = post_files(client, [(EXAMPLE.name, EXAMPLE.read_bytes())], **EXAMPLE_FORM).text
    section = page[page.index('<section id="coverage"'):]
    assert "江上乡人民政府" in section and "社会救助" in section
    assert re.search(r'<td class="nowrap">8/12</td>', section)
    assert "临时救助/政策法规文件" in section  # a national item the example lacks


def test_several_files_at_once_keep_their_names(client: TestClient) -> None:
    data = EXAMPLE.read_bytes()
    page = post_files(client, [("目录.xlsx", data), ("目录.xlsx", data),
                               ("c.json", b'{"catalogues": []}')], **EXAMPLE_FORM).text
    assert "目录.xlsx" in page and "目录 (2).xlsx" in page and "c.json" in page
    assert "<li>文件：3</li>" in page
    assert "upload-" not in page and "req-" not in page  # no server path is shown
    assert set(downloads(page)) >= {"findings-xlsx", "findings-json"}
    assert downloads(page)["findings-xlsx"][0] == "检查结果.xlsx"  # one file for the whole run


def test_every_format_the_page_offers_is_checked(client: TestClient, tmp_path: Path) -> None:
    from tests.workbook_builder import build_ods, build_xls, to_csv

    description = HEADER + ROW.format(content="办理条件") + "\n"
    files = {"a.ods": build_ods(description), "b.xls": build_xls(description),  # 3 per check here
             "d.json": (ROOT / "examples" / "typical-mistakes" / "catalogue.json").read_bytes()}
    page = post_files(client, list(files.items())).text
    assert "以下文件无法读取" not in page
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
    cli = cli_summary(tmp_path)
    assert counts(page) == cli  # the same counts as catalog check on the same three files
    csv = post_files(client, [("c.csv", to_csv(description).encode("utf-8"))]).text
    (tmp_path / "c.csv").write_text(to_csv(description), "utf-8")
    assert counts(csv) == cli_summary(tmp_path / "c.csv")
    names = re.findall(r'download="([^"]+)"', page)
    assert "d-已修正.json" in names  # a fixed copy keeps its format
    assert "b-已标注.xlsx" in names  # an .xls is annotated (and fixed) into an .xlsx


def test_a_hostile_file_gets_the_message_catalog_check_gives(client: TestClient,
                                                             tmp_path: Path) -> None:
    bomb = hf.xlsx(hf.worksheet(b"", prolog=hf.BILLION_LAUGHS))
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(bomb)
    [result] = check([path])
    [finding] = result.findings
    cli = subprocess.run([sys.executable, "-m", "catalog", "check", str(path)], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    message = render_message(finding, "zh")
    assert finding.code.startswith("CAT6") and message in cli.stdout + cli.stderr
    response = post_files(client, [("laughs.xlsx", bomb)])
    assert response.status_code == 200
    assert "以下文件无法读取" in response.text
    assert f"{finding.code} {message}" in response.text
    # the server goes on: the next upload is checked
    assert counts(post_files(client, [(EXAMPLE.name, EXAMPLE.read_bytes())],
                             **EXAMPLE_FORM).text)["errors"] == 3


def test_the_supervised_reader_limits_apply_to_uploads(tmp_path: Path) -> None:
    """Checked in a supervised worker with catalog check's memory cap: a file past it ends
    as CAT623 on the page (here the cap is set absurdly low), and the server goes on."""
    from catalog.formats.screening import Limits

    limits = Limits.from_mapping({"max_memory_bytes": 1024 * 1024})
    app = create_app(ServeConfig(jobs=1, limits=limits, work_root=tmp_path))
    with TestClient(app) as client:
        page = post_files(client, [(EXAMPLE.name, EXAMPLE.read_bytes())], **EXAMPLE_FORM).text
        assert "以下文件无法读取" in page and "CAT623" in page and "内存不足" in page
        pool = app.state.checker.pool()
        # Under so small a cap even importing a reader's extension can fail: that is an
        # internal error page at worst, never a broken worker pool.
        again = post_files(client, [("a.csv", b"a")])
        assert again.status_code == 200 or "服务器内部错误" in again.text
        assert app.state.checker.pool() is pool


def test_unknown_and_empty_files_are_findings_not_errors(client: TestClient) -> None:
    response = post_files(client, [("notes.docx", b"PK\x03\x04"), ("empty.xlsx", b""),
                                   ("headless.csv", b"a,b\n1,2\n")])
    assert response.status_code == 200, response.text
    page = response.text
    assert "CAT602" in page and "CAT603" in page
    assert "notes.docx" in page and "empty.xlsx" in page
    assert "“headless.csv”" in page and "upload-" not in page  # the user's name, not ours


def test_values_from_files_and_names_are_escaped(client: TestClient) -> None:
    row = ROW.format(content='<script>alert("x")</script>&amp;').replace("江上乡人民政府", "")
    hostile = build(HEADER + row + "\n")  # 公开主体 blank: CAT101 shows the row in context
    page = post_files(client, [("A&B 'x' <img src=x onerror=alert(1)>.xlsx", hostile)]).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;amp;" in page  # cell in context
    assert "A&amp;B &#39;x&#39; _img src=x onerror=alert(1)_.xlsx" in page


# --------------------------------------------------------------------------- limits


def test_a_body_over_the_limit_is_refused_with_cat601(client: TestClient) -> None:
    response = post_files(client, [("big.csv", b"x" * 500_000)])
    assert response.status_code == 413
    assert "CAT601 文件过大：" in response.text and "超过上限 400000 字节" in response.text
    assert response.headers["connection"] == "close"
    english = post_files(client, [("big.csv", b"x" * 500_000)], "en")
    assert "CAT601 file too large: " in english.text


def test_form_mistakes_get_a_clear_400(client: TestClient) -> None:
    nothing = client.post("/check", files=[("other", ("a.txt", b"", "text/plain"))])
    assert nothing.status_code == 400 and "没有收到文件" in nothing.text
    four = post_files(client, [(f"{n}.csv", b"a") for n in range(4)])
    assert four.status_code == 400 and "一次最多检查 3 个文件" in four.text
    level = post_files(client, [("a.csv", b"a")], level="省级")
    assert level.status_code == 400 and "无法识别的层级“省级”" in level.text
    domain = post_files(client, [("a.csv", b"a")], domain="../etc")
    assert domain.status_code == 400 and "无法识别的试点领域“../etc”" in domain.text
    broken = client.post("/check", content=b"--x\r\nnonsense",
                         headers={"content-type": "multipart/form-data; boundary=x"})
    assert broken.status_code == 400


def test_a_server_fault_is_a_page_not_a_traceback(client: TestClient,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import catalog.serve.app as app_module

    def full_disk(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(app_module, "_save", full_disk)
    response = post_files(client, [("a.csv", b"a")])
    assert response.status_code == 500
    assert "服务器内部错误，不是您文件的问题。" in response.text
    assert "Traceback" not in response.text and "No space" not in response.text


def test_a_full_queue_answers_503(app_client: tuple[Any, TestClient]) -> None:
    app, client = app_client
    checker = app.state.checker
    checker.active = checker.jobs + checker.max_waiting
    try:
        busy = post_files(client, [("a.csv", b"a")])
    finally:
        checker.active = 0
    assert busy.status_code == 503 and busy.headers["retry-after"] == "10"
    assert "服务器正忙" in busy.text


def test_worker_pools_are_replaced_and_stopped(tmp_path: Path) -> None:
    """Fresh pools after a few runs (memory goes back), every worker gone at shutdown."""
    app = create_app(ServeConfig(jobs=2, recycle=2, work_root=tmp_path))
    seen: list[Any] = []
    with TestClient(app) as client:
        for number in range(5):
            response = post_files(client, [(f"{number}.csv", b"a,b\n")])
            assert response.status_code == 200
            seen.extend(app.state.checker.pool()._processes.values())
        assert len(app.state.checker._retired) >= 1
    deadline = time.monotonic() + 10
    while any(process.is_alive() for process in seen) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert seen and not any(process.is_alive() for process in seen)


def test_downloads_past_the_page_budget_are_named_not_embedded(tmp_path: Path) -> None:
    app = create_app(ServeConfig(jobs=1, max_page_downloads=20_000, work_root=tmp_path))
    with TestClient(app) as client:
        page = post_files(client, [(EXAMPLE.name, EXAMPLE.read_bytes())], **EXAMPLE_FORM).text
    assert set(downloads(page)) == {"annotated"}  # 13 kB fits; the next ones do not
    assert page.count("太大，无法放入网页。请拆分文件，或在命令行运行 catalog check。") == 3


# --------------------------------------------------------------------------- template, keep


def test_the_template_download_has_an_rfc5987_name(client: TestClient) -> None:
    page = client.get("/template")
    assert page.status_code == 200 and 'action="/template.xlsx"' in page.text
    response = client.get("/template.xlsx", params={"domain": "social_assistance",
                                                    "level": "乡镇"})
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="')
    encoded = quote("社会救助-乡级-")
    assert encoded == "%E7%A4%BE%E4%BC%9A%E6%95%91%E5%8A%A9-%E4%B9%A1%E7%BA%A7-"
    assert f"filename*=UTF-8''{encoded}" in disposition
    assert disposition.isascii()
    workbook = load_workbook(io.BytesIO(response.content))
    assert "社会救助" in workbook.sheetnames[0]
    unknown = client.get("/template.xlsx", params={"domain": "nope", "level": "乡级"})
    assert unknown.status_code == 400 and "无法识别的试点领域“nope”" in unknown.text


def test_keep_folder_holds_the_run_when_asked(tmp_path: Path) -> None:
    keep = tmp_path / "keep"
    keep.mkdir()
    app = create_app(ServeConfig(jobs=1, keep=keep, work_root=tmp_path))
    with TestClient(app) as client:
        post_files(client, [(EXAMPLE.name, EXAMPLE.read_bytes())], **EXAMPLE_FORM)
        work = app.state.paths["work"]
        assert list(work.iterdir()) == []
    [run] = list(keep.iterdir())
    assert {path.name for path in run.iterdir()} >= {"upload-0.xlsx", "annotated-0.xlsx",
                                                     "fixed-0.xlsx"}
    assert not work.exists()  # the work folder goes with the server


# --------------------------------------------------------------------------- command line


def test_serve_without_the_web_extra_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from catalog.cli.main import main

    monkeypatch.setitem(sys.modules, "starlette", None)  # import starlette fails
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'catalog[web]'" in err and "网页检查需要可选组件" in err


def test_the_banner_says_who_can_reach_the_page() -> None:
    from catalog.cli.serve import banner

    local = banner("127.0.0.1", 8000)
    assert "http://127.0.0.1:8000/" in local and "仅本机可以访问" in local
    assert "this computer only" in local and "警告" not in local
    shared = banner("0.0.0.0", 8080)
    assert "没有登录功能" in shared and "no login" in shared


def test_serve_options_are_checked(capsys: pytest.CaptureFixture[str]) -> None:
    from catalog.cli.main import main

    assert main(["serve", "--jobs", "0"]) == 2
    assert "--jobs：至少为 1。 (--jobs must be at least 1.)" in capsys.readouterr().err
    assert main(["serve", "--max-upload-mb", "0"]) == 2
    assert "--max-upload-mb：应大于 0、不超过 2048。" in capsys.readouterr().err
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port 70000：端口应为 1 到 65535。" in capsys.readouterr().err
    assert main(["serve", "--limit", "max_nothing=1"]) == 2  # as catalog check's --limit
    assert "max_nothing" in capsys.readouterr().err


def test_a_port_in_use_is_a_usage_error_before_the_banner() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "catalog", "serve", "--port", str(port)],
                              cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert f"无法在 127.0.0.1:{port} 上提供网页：端口已被占用" in done.stderr
    assert "the port is in use" in done.stderr and "Traceback" not in done.stderr
    nowhere = subprocess.run([sys.executable, "-m", "catalog", "serve", "--host", "192.0.2.1"],
                             cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert nowhere.returncode == 2 and "本机没有这个地址" in nowhere.stderr
