"""``catalog serve``: its arguments and its run; wiring only (the page is in ``app``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

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


def run(args: argparse.Namespace) -> int:
    from catalog.findings import UsageError
    from catalog.serve import require_web

    require_web()
    from catalog.serve.app import MiB, ServeConfig, create_app, default_jobs

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs: 至少 1 / at least 1")
    if not 0 < args.max_upload_mb <= 2048:
        raise UsageError("--max-upload-mb: 0 到 2048 之间 / between 0 and 2048")
    keep = Path(args.keep) if args.keep else None
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    config = ServeConfig(jobs=args.jobs or default_jobs(),
                         max_upload_bytes=int(args.max_upload_mb * MiB), keep=keep)
    import uvicorn

    sys.stdout.write(banner(args.host, args.port))
    sys.stdout.flush()
    uvicorn.run(create_app(config), host=args.host, port=args.port, log_level="warning",
                timeout_graceful_shutdown=10)
    return 0
