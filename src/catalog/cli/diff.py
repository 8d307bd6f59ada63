"""``catalog diff OLD NEW``: argument parsing and wiring only (the work is in the library)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import IO, Any

from catalog.cli.options import add_limit_flags

FORMATS = ("text", "json", "html", "xlsx")
_SUFFIXES = {".txt": "text", ".json": "json", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "diff", help="比较两版目录 / compare two editions of a catalogue")
    parser.add_argument("old", metavar="OLD", help="the earlier edition (any readable format)")
    parser.add_argument("new", metavar="NEW", help="the later edition")
    parser.add_argument("--format", choices=FORMATS,
                        help="output format (default: from -o's extension, else text)")
    parser.add_argument("-o", "--output", help="write the output to this file")
    parser.add_argument("--all", action="store_true",
                        help="also list cosmetic changes (width, spacing, boxes, marks)")
    parser.add_argument("--lang", choices=("zh", "en"))
    parser.add_argument("--issuer", help="issuing body, for files that do not name it")
    parser.add_argument("--level", help="issuer level, for files that do not name it")
    add_limit_flags(parser)  # --limit and --trust-settings, as check has them


def chosen_format(args: argparse.Namespace) -> str:
    # lazy: loaded when the command runs, not at start-up
    from catalog.core.findings import UsageError

    chosen = args.format or (
        _SUFFIXES.get(Path(args.output).suffix.lower()) if args.output else None) or "text"
    if chosen == "xlsx" and not args.output:
        raise UsageError("--format xlsx needs -o FILE.xlsx",
                         zh="--format xlsx 需要用 -o 指定输出文件（.xlsx）")
    return chosen


def run(args: argparse.Namespace) -> int:
    """Exit 0 when the editions do not differ, 1 when they do (2 for unreadable input)."""
    # lazy: loaded when the command runs, not at start-up
    from catalog.checking.checker import read_isolated as load
    from catalog.cli.options import resolver
    from catalog.versions import diff

    chosen = chosen_format(args)
    from catalog.core.outputs import guard_outputs

    guard_outputs([("-o", args.output)], [args.old, args.new])  # never over an edition
    settings = resolver(args)  # --issuer/--level, then each edition's catalog.toml

    def read(path: str) -> Any:
        found = settings.for_path(path)
        return load(path, found.reader_options())

    result = diff(read(args.old), read(args.new), cosmetic=args.all)
    lang = args.lang or settings.for_path(args.new).lang
    if chosen == "xlsx":
        from catalog.versions import workbook

        workbook.write(result, args.output)
    else:
        text = render(result, chosen, lang)
        if args.output:
            from catalog.core.files import atomic_write

            data = text.encode("utf-8")

            def write(stream: IO[bytes]) -> None:
                stream.write(data)

            atomic_write(Path(args.output), write)
        else:
            sys.stdout.write(text)
    return 1 if result.changes else 0


def render(result: Any, chosen: str, lang: str) -> str:
    if chosen == "json":
        # lazy: loaded when the command runs, not at start-up
        from catalog.versions.text import render_json

        return render_json(result)
    if chosen == "html":
        from catalog.versions.page import render_html

        return render_html(result, lang)
    from catalog.versions.text import render_text

    return render_text(result, lang)
