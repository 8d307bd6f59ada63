"""Load figures for ``catalog serve`` (issue 18), against 127.0.0.1 only, bounded in count and time.

Starts ``python -m catalog serve`` on a free local port (as a user would), then:

1. **burst**: ``--burst`` uploads (default 20) of a ``--burst-rows``-row workbook (default 1,000)
   sent at the same moment; every one must come back 200 with a report. Reports the wall time,
   the slowest response, and the server's peak RSS (the server process and all its worker
   processes together, sampled every 20 ms from /proc).
2. **small**: ``--requests`` uploads (default 200) of a 50-row workbook by ``--concurrency``
   clients (default 8); reports requests per second and latency percentiles (p50, p90, p99,
   max).

Every request has a timeout (``--timeout``, default 300 s) and the whole run a deadline
(``--deadline``, default 900 s). The workbooks are the synthetic ones of benchmarks/synth.py.

    python benchmarks/serve_load.py                     # the issue's figures
    python benchmarks/serve_load.py --burst 5 --requests 40   # a quick look
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_rows, write_workbook

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else: load tests stay on this machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def multipart(name: str, data: bytes, fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n"
                     f"{value}\r\n".encode())
    parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
                 f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                 .encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post(url: str, body: bytes, content_type: str, timeout: float) -> tuple[int, float, int]:
    started = time.perf_counter()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            page = response.read()
            status = response.status if b"check-report" in page else -1
    except urllib.error.HTTPError as error:
        status, page = error.code, b""
    except (TimeoutError, urllib.error.URLError):
        status, page = 0, b""
    return status, time.perf_counter() - started, len(page)


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (Linux /proc)."""
    return _tree(pid)[0]


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of ``pid``, its live descendants and its reaped children:
    a figure that does not depend on how busy the rest of the machine is."""
    return _tree(pid)[1]


def _tree(pid: int) -> tuple[int, float]:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent, pages = int(fields[1]), int(fields[21])
        children.setdefault(parent, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
        cpu[int(entry)] = sum(int(value) for value in fields[11:15]) / ticks
    total, seconds, stack = 0, 0.0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        seconds += cpu.get(current, 0.0)
        stack.extend(children.get(current, []))
    return total, seconds


class PeakRss:
    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(0.02)

    def __enter__(self) -> PeakRss:
        self.peak = tree_rss(self.pid)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--burst", type=int, default=20)
    parser.add_argument("--burst-rows", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=None, help="catalog serve --jobs")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--deadline", type=float, default=900.0)
    args = parser.parse_args()
    if not (1 <= args.burst <= 100 and 1 <= args.requests <= 2000
            and 1 <= args.concurrency <= 32):
        parser.error("bounded load only: --burst 1..100, --requests 1..2000, "
                     "--concurrency 1..32")
    deadline = time.monotonic() + args.deadline

    def left() -> float:
        """A request's timeout: its own bound, within what is left of the run's deadline."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise SystemExit(f"deadline of {args.deadline:.0f} s reached")
        return min(args.timeout, remaining)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        big, small = folder / "big.xlsx", folder / "small.xlsx"
        write_workbook(make_rows(args.burst_rows), big)
        write_workbook(make_rows(50), small)
        port = free_port()
        command = [sys.executable, "-m", "catalog", "serve", "--host", HOST, "--port", str(port)]
        if args.jobs:
            command += ["--jobs", str(args.jobs)]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TMPDIR": temp}
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        try:
            while True:
                try:
                    socket.create_connection((HOST, port), timeout=0.5).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("catalog serve did not start") from None
                    time.sleep(0.1)
            url = f"http://{HOST}:{port}/check"
            fields = {"issuer": "江上乡人民政府", "level": "乡级"}
            idle = tree_rss(server.pid)
            print(f"catalog serve on {HOST}:{port} (jobs={args.jobs or os.cpu_count()}), "
                  f"{os.cpu_count()} cores; idle RSS {idle / 2**20:.0f} MiB")

            body, kind = multipart("big.xlsx", big.read_bytes(), fields)
            cpu = tree_cpu(server.pid)
            with PeakRss(server.pid) as peak, ThreadPoolExecutor(args.burst) as pool:
                started = time.perf_counter()
                burst = list(pool.map(lambda _: post(url, body, kind, left()), range(args.burst)))
                wall = time.perf_counter() - started
            ok = sum(1 for status, _, _ in burst if status == 200)
            print(f"burst: {args.burst} uploads of {args.burst_rows} rows "
                  f"({len(body) / 1024:.0f} KiB each) at once: {ok}/{args.burst} OK in "
                  f"{wall:.1f} s; slowest {max(t for _, t, _ in burst):.1f} s; "
                  f"page {burst[0][2] / 1024:.0f} KiB; peak RSS (server + workers) "
                  f"{peak.peak / 2**20:.0f} MiB; server CPU {tree_cpu(server.pid) - cpu:.1f} s")

            body, kind = multipart("small.xlsx", small.read_bytes(), fields)
            cpu = tree_cpu(server.pid)
            with PeakRss(server.pid) as peak, ThreadPoolExecutor(args.concurrency) as pool:
                started = time.perf_counter()
                runs = list(pool.map(lambda _: post(url, body, kind, left()),
                                     range(args.requests)))
                wall = time.perf_counter() - started
            times = [seconds for _, seconds, _ in runs]
            ok_small = sum(1 for status, _, _ in runs if status == 200)
            print(f"small: {args.requests} uploads of 50 rows, {args.concurrency} clients: "
                  f"{ok_small}/{args.requests} OK, {args.requests / wall:.1f} requests/s; "
                  f"latency p50 {percentile(times, 0.5) * 1000:.0f} ms, "
                  f"p90 {percentile(times, 0.9) * 1000:.0f} ms, "
                  f"p99 {percentile(times, 0.99) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
                  f"(mean {statistics.mean(times) * 1000:.0f} ms); "
                  f"peak RSS {peak.peak / 2**20:.0f} MiB; server CPU "
                  f"{(tree_cpu(server.pid) - cpu) / args.requests * 1000:.0f} ms per request")
            load = os.getloadavg()[0]
            print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores "
                  "(other processes share the machine: wall times scale with it)")
            left = [p for p in folder.glob("catalog-serve-*/*")]
            print(f"left in the server's work folder: {len(left)}")
            return 0 if ok == args.burst and ok_small == args.requests and not left else 1
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
