"""``catalog domains [list|show SLUG|import ANNEX]``: the 26 pilot domains and their
national items."""

from __future__ import annotations

import argparse
import json
from typing import Any

from catalog.cli.options import resolver
from catalog.cli.output import print_lines
from catalog.core.findings import UsageError


def add_parser(commands: Any) -> None:
    domains = commands.add_parser("domains", help="26 个试点领域 / the 26 pilot domains")
    domains.add_argument("action", nargs="?", choices=("list", "show", "import"), default="list")
    domains.add_argument("slug", nargs="?", help="slug, Chinese name or alias; import: ANNEX.xlsx")
    domains.add_argument("--domain", help="import: the domain the annex belongs to")
    domains.add_argument("-o", "--output", help="import: the domain file to write")
    domains.add_argument("--complete", action="store_true", default=None,
                         help="import: the annex is the whole national list")
    domains.add_argument("--format", choices=("text", "json"), default="text")
    domains.add_argument("--lang", choices=("zh", "en"))


def _lang(args: argparse.Namespace) -> str:
    """--lang, else the settings of the current folder."""
    from pathlib import Path

    return str(resolver(args).for_path(Path.cwd()).lang)


def run(args: argparse.Namespace) -> int:
    # lazy: loaded when the command runs, not at start-up
    from catalog.checking.coverage import (
        domain_detail,
        domains_table,
        render_domain_detail,
        render_domains_table,
    )

    if args.action == "import":
        return _import_domain(args)
    if args.action == "show":
        if not args.slug:
            raise UsageError("catalog domains show SLUG: name a domain (see `catalog domains`)")
        detail = domain_detail(args.slug)
        if args.format == "json":
            print_lines(json.dumps(detail, ensure_ascii=False, indent=2))
        else:
            print_lines(render_domain_detail(detail, _lang(args)))
        return 0
    rows = domains_table()
    if args.format == "json":
        print_lines(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print_lines(render_domains_table(rows, _lang(args)))
    return 0


def _import_domain(args: argparse.Namespace) -> int:
    from pathlib import Path

    # lazy: loaded when the command runs, not at start-up
    from catalog.checking.domain_import import import_annex, write_domain

    if not (args.slug and args.domain and args.output):
        raise UsageError("catalog domains import ANNEX.xlsx --domain SLUG -o domains/SLUG.json")
    from catalog.core.outputs import guard_outputs

    guard_outputs([("-o", args.output)], [Path(args.slug)])
    data = import_annex(args.slug, args.domain, complete=args.complete)
    write_domain(data, args.output)
    print_lines(f"{args.output}: {data['slug']} {len(data['items'])} "
                + ("完整 / complete" if data["items_complete"] else "参考 / reference only"))
    return 0
