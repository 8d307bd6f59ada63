"""A real ``catalog serve`` on a free 127.0.0.1 port, for the HTTP and browser tests.

The server runs as the user would start it (``python -m catalog serve``) in a child process
whose temporary folder is the test's own, so a test can look at what stays on disk.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "township-workbook" / "jiangshang-social-assistance.xlsx"
EXAMPLE_ISSUER, EXAMPLE_LEVEL = "江上乡人民政府", "乡级"  # its catalog.toml


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen[str]
    temp: Path

    def work(self) -> Path:
        """The server's work folder (requests make their folders inside it)."""
        found = sorted(self.temp.glob("catalog-serve-*"))
        assert len(found) == 1, found
        return found[0]

    def leftovers(self, wait: float = 10.0) -> list[Path]:
        """What is still in the work folder once running requests had ``wait`` s to end."""
        deadline = time.monotonic() + wait
        while True:
            left = sorted(self.work().iterdir())
            if not left or time.monotonic() > deadline:
                return left
            time.sleep(0.05)


@contextmanager
def running_server(temp: Path, *args: str) -> Iterator[Server]:
    """``catalog serve --port P ARGS`` with ``TMPDIR=temp``; stopped (SIGTERM) afterwards."""
    port = free_port()
    temp.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temp)}
    process = subprocess.Popen(
        [sys.executable, "-m", "catalog", "serve", "--port", str(port), *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    out, err = process.communicate(timeout=5)
                    raise RuntimeError(f"catalog serve did not start: {out}{err}") from None
                time.sleep(0.1)
        yield Server(f"http://127.0.0.1:{port}", port, process, temp)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
