"""``catalog serve`` as started from the command line, on a free 127.0.0.1 port: the upload
limit holds while the body streams in, a client that goes away mid-upload leaves nothing on
disk, and the server outlives both."""

from __future__ import annotations

import signal
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from tests.serving import Server, running_server

BOUNDARY = "catalogtestboundary"


def part_header(name: str) -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; "
            f"filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").encode()


def request_head(port: int, extra: str) -> bytes:
    return (f"POST /check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n{extra}\r\n").encode()


def page_ok(server: Server) -> bool:
    with urllib.request.urlopen(server.url + "/", timeout=10) as response:
        return response.status == 200 and "检查" in response.read().decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("server"), "--jobs", "1",
                        "--max-upload-mb", "1") as started:
        yield started


def test_the_limit_holds_while_the_body_streams_in(server: Server) -> None:
    """A chunked body (no Content-Length to judge by) is refused once it passes 1 MB: the
    answer comes while the client is still sending, not after the whole body."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as client:
        client.sendall(request_head(server.port, "Transfer-Encoding: chunked\r\n"))
        chunk = b"x" * 64 * 1024
        first = part_header("big.csv")
        client.sendall(f"{len(first):x}\r\n".encode() + first + b"\r\n")
        sent = 0
        client.settimeout(0.05)
        answer = b""
        while sent < 20 * 1024 * 1024:  # would be 20 MB; the server stops us long before
            try:
                client.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
            try:
                answer += client.recv(65536)
            except TimeoutError:
                continue
            if answer:
                break
        client.settimeout(10)
        while b"</html>" not in answer:
            try:
                more = client.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not more:
                break
            answer += more
    assert sent < 3 * 1024 * 1024, f"the server read {sent} bytes before answering"
    text = answer.decode("utf-8", "replace")
    assert text.startswith("HTTP/1.1 413")
    assert "CAT601 文件过大：" in text and "超过上限 1048576 字节" in text
    assert server.leftovers() == []
    assert page_ok(server)


def test_a_client_that_leaves_mid_upload_leaves_nothing_behind(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as client:
        client.sendall(request_head(server.port, "Content-Length: 900000\r\n"))
        client.sendall(part_header("half.csv") + b"a,b\n" * 50_000)  # 200 kB of 900 kB
        deadline = time.monotonic() + 10
        while not list(server.work().iterdir()):  # the request's folder exists meanwhile
            assert time.monotonic() < deadline, "no request folder was made"
            time.sleep(0.05)
    assert server.leftovers() == []
    assert page_ok(server)


def test_a_client_that_leaves_while_its_file_is_checked_leaves_nothing(server: Server) -> None:
    from tests.serving import EXAMPLE

    data = EXAMPLE.read_bytes()
    body = (part_header("目录.xlsx").replace(b"text/csv", b"application/octet-stream")
            + data + f"\r\n--{BOUNDARY}--\r\n".encode())
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as client:
        client.sendall(request_head(server.port, f"Content-Length: {len(body)}\r\n") + body)
        time.sleep(0.2)  # the check is under way; the client goes
    assert server.leftovers(wait=30) == []
    assert page_ok(server)
    assert server.process.poll() is None


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_or_kill_stops_the_page_cleanly(tmp_path: Path, signum: int, code: int) -> None:
    with running_server(tmp_path, "--jobs", "1") as started:
        assert page_ok(started)
        started.process.send_signal(signum)
        out, err = started.process.communicate(timeout=60)
    assert started.process.returncode == code
    assert out.startswith("检查页面：http://127.0.0.1:")
    assert "检查页面已停止。\nThe check page has stopped.\n" in out
    assert "Traceback" not in err and "已中断" not in out + err
    assert list(tmp_path.glob("catalog-serve-*")) == []  # the work folder went with it
