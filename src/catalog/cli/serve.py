"""``catalog serve``: its arguments and its run; wiring only (the page is in ``app``)."""

from __future__ import annotations

import argparse
import errno
import socket
import sys
from pathlib import Path
from typing import Any

from catalog.cli.options import parse_limit  # the check command's parsing of a limit
from catalog.core.findings import UsageError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def add_parser(commands: Any) -> None:
    serve = commands.add_parser(
        "serve", help="网页检查 / a web page for checking files in a browser")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this computer only; "
                       "0.0.0.0 serves the intranet, without login)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--jobs", type=int,
                       help="checks running at once, each in a worker process "
                       "(default: number of cores)")
    serve.add_argument("--keep", metavar="DIR",
                       help="keep every upload and its outputs in DIR (default: keep nothing)")
    serve.add_argument("--max-upload-mb", type=float, default=50.0,
                       help="largest upload per check, in MB (default 50)")
    serve.add_argument("--limit", action="append", type=parse_limit, metavar="NAME=N",
                       help="a security limit for every upload, as for catalog check "
                       "(see SECURITY.md), e.g. --limit max_seconds_per_file=60")


def banner(host: str, port: int) -> str:
    """What the command prints on start: where the page is, and who can reach it."""
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    if host in LOCAL_HOSTS:
        return (f"检查页面：{url}（仅本机可以访问）\n"
                f"Check page: {url} (this computer only)\n")
    return (f"检查页面：{url}（监听 {host}，局域网内的计算机都可以访问）\n"
            f"Check page: {url} (listening on {host}: reachable from the network)\n"
            "警告：此页面没有登录功能，能访问该地址的任何人都可以上传文件。\n"
            "Warning: the page has no login; anyone who can reach this address can upload "
            "files.\n")


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything is printed, so a port in use or a wrong
    address is a clear usage error (exit 2) rather than a server that never started."""
    where = f"{host}:{port}"
    if not 1 <= port <= 65535:
        raise UsageError(f"--port {port}：端口应为 1 到 65535。 (--port must be 1 to 65535.)")
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        return socket.create_server((host, port), family=family)
    except OSError as error:
        reason = _REASONS.get(getattr(error, "errno", None) or 0,
                              ("无法监听该地址", "cannot listen there"))
        if isinstance(error, socket.gaierror):
            reason = ("找不到该地址", "no such address")
        raise UsageError(f"无法在 {where} 上提供网页：{reason[0]}。 "
                         f"(cannot serve on {where}: {reason[1]}.)") from None


_REASONS = {
    errno.EADDRINUSE: ("端口已被占用，请换一个端口（--port）", "the port is in use; choose another "
                       "with --port"),
    errno.EACCES: ("没有权限（1024 以下的端口需要管理员权限）", "permission denied (ports below "
                   "1024 need administrator rights)"),
    errno.EADDRNOTAVAIL: ("本机没有这个地址", "this computer has no such address"),
}


def run(args: argparse.Namespace) -> int:
    # lazy: loaded when the command runs, not at start-up
    from catalog.core.findings import UsageError
    from catalog.serve import require_web

    require_web()
    from catalog.serve.app import MiB, ServeConfig, create_app, default_jobs

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs：至少为 1。 (--jobs must be at least 1.)")
    if not 0 < args.max_upload_mb <= 2048:
        raise UsageError("--max-upload-mb：应大于 0、不超过 2048。 "
                         "(--max-upload-mb must be over 0 and at most 2048.)")
    keep = Path(args.keep) if args.keep else None
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    from catalog.formats.screening import Limits

    limits = Limits.from_mapping(dict(args.limit)) if args.limit else None
    config = ServeConfig(jobs=args.jobs or default_jobs(),
                         max_upload_bytes=int(args.max_upload_mb * MiB), keep=keep, limits=limits)
    listening = listen(args.host, args.port)
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(config), log_level="warning",
                                           timeout_graceful_shutdown=10))
    sys.stdout.write(banner(args.host, args.port))
    sys.stdout.flush()
    try:
        server.run(sockets=[listening])
    except KeyboardInterrupt as stop:  # Ctrl-C or kill: uvicorn has shut down cleanly first
        from catalog.core.interrupts import exit_code

        sys.stdout.write("检查页面已停止。\nThe check page has stopped.\n")
        return exit_code(stop)
    return 0
