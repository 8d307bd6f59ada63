"""``catalog template``: a blank or pre-filled fill-in workbook with dropdowns."""

from __future__ import annotations

import argparse
from typing import Any

from catalog.cli.options import resolver
from catalog.core.findings import UsageError


def add_parser(commands: Any) -> None:
    template = commands.add_parser("template", help="生成填报模板 / write a fill-in template")
    template.add_argument("--domain", help="domain: slug, Chinese name or alias (see `catalog "
                          "domains`)")
    template.add_argument("--level", help="issuer level (default: from --issuer or catalog.toml)")
    template.add_argument("--issuer")
    template.add_argument("--all-domains", action="store_true")
    template.add_argument("-o", "--output", required=True)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    # lazy: loaded when the command runs, not at start-up
    from catalog.core.outputs import guard_outputs
    from catalog.workbooks.template import write_template

    if not args.all_domains and not args.domain:
        raise UsageError("catalog template: give --domain SLUG or --all-domains")
    settings = resolver(args).for_path(Path(args.output).absolute().parent)
    if settings.level is None:
        raise UsageError("catalog template: 请给出 --level（或可推断层级的 --issuer）/ "
                         "give --level (or an --issuer whose name shows the level)")
    args.lang = settings.lang  # for the messages of errors raised below
    # Reads only its settings file; also refuses a folder as -o, a missing folder.
    guard_outputs([("-o", args.output)], [settings.source] if settings.source else [])
    write_template(args.output, args.domain, settings.level, issuer=settings.issuer,
                   all_domains=args.all_domains)
    return 0
