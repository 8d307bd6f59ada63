"""The ``catalog`` sub-commands beyond check/convert/rules/schema: wiring only."""

from __future__ import annotations

import argparse
import json
import sys

from catalog.cli import level_option
from catalog.findings import UsageError


def _print(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def run_domains(args: argparse.Namespace) -> int:
    from catalog.coverage import (
        domain_detail,
        domains_table,
        render_domain_detail,
        render_domains_table,
    )

    if args.action == "show":
        if not args.slug:
            raise UsageError("catalog domains show SLUG: name a domain (see `catalog domains`)")
        detail = domain_detail(args.slug)
        if args.format == "json":
            _print(json.dumps(detail, ensure_ascii=False, indent=2))
        else:
            _print(render_domain_detail(detail, args.lang))
        return 0
    rows = domains_table()
    if args.format == "json":
        _print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _print(render_domains_table(rows, args.lang))
    return 0


def run_coverage(args: argparse.Namespace) -> int:
    from catalog.api import load
    from catalog.checker import expand_paths
    from catalog.coverage import coverage, render_coverage
    from catalog.findings import InputError

    level = level_option(args.level)
    documents = []
    for entry in expand_paths(args.paths):
        if isinstance(entry, InputError):
            raise entry
        documents.append(load(entry, issuer=args.issuer, level=level).document)
    report = coverage(documents)
    if args.format == "json":
        _print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print(render_coverage(report, args.lang))
    return 0


def run_template(args: argparse.Namespace) -> int:
    from catalog.template import write_template

    if not args.all_domains and not args.domain:
        raise UsageError("catalog template: give --domain SLUG or --all-domains")
    write_template(args.output, args.domain, level_option(args.level), issuer=args.issuer,
                   all_domains=args.all_domains)
    return 0


def run_fix(args: argparse.Namespace) -> int:
    from catalog.fix import fix, render_changes

    if not (args.output or args.diff or args.in_place):
        raise UsageError("catalog fix: give -o OUT, --diff or --in-place")
    changes = fix(args.input, args.output, diff_only=args.diff, in_place=args.in_place)
    _print(render_changes(changes, args.lang))
    return 0

