"""The ``catalog`` sub-commands beyond check/convert/rules/schema: wiring only."""

from __future__ import annotations

import argparse
import json

from catalog.cli.options import print_lines as _print
from catalog.cli.options import resolver
from catalog.core.findings import UsageError


def _lang(args: argparse.Namespace) -> str:
    """--lang, else the settings of the current folder."""
    from pathlib import Path

    return str(resolver(args).for_path(Path.cwd()).lang)


def run_domains(args: argparse.Namespace) -> int:
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
            _print(json.dumps(detail, ensure_ascii=False, indent=2))
        else:
            _print(render_domain_detail(detail, _lang(args)))
        return 0
    rows = domains_table()
    if args.format == "json":
        _print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _print(render_domains_table(rows, _lang(args)))
    return 0


def _import_domain(args: argparse.Namespace) -> int:
    from pathlib import Path

    from catalog.checking.domain_import import import_annex, write_domain

    if not (args.slug and args.domain and args.output):
        raise UsageError("catalog domains import ANNEX.xlsx --domain SLUG -o domains/SLUG.json")
    from catalog.core.outputs import guard_outputs

    guard_outputs([("-o", args.output)], [Path(args.slug)])
    data = import_annex(args.slug, args.domain, complete=args.complete)
    write_domain(data, args.output)
    _print(f"{args.output}: {data['slug']} {len(data['items'])} "
           + ("完整 / complete" if data["items_complete"] else "参考 / reference only"))
    return 0


def run_coverage(args: argparse.Namespace) -> int:
    from catalog.checking.coverage import coverage_of_paths, render_coverage

    settings = resolver(args)
    run = settings.for_run(args.paths)
    report = coverage_of_paths(args.paths, settings.for_path, run)
    lang = run.lang
    if args.format == "json":
        _print(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2))
    else:
        _print(render_coverage(report, lang))
    return 2 if report.unreadable else 0


def run_template(args: argparse.Namespace) -> int:
    from pathlib import Path

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


def run_fix(args: argparse.Namespace) -> int:
    from catalog.workbooks.fix import converted_note, fix, render_changes

    if not (args.output or args.diff or args.in_place):
        raise UsageError("catalog fix: give -o OUT, --diff or --in-place")
    lang = resolver(args).for_path(args.input).lang
    changes = fix(args.input, args.output, diff_only=args.diff, in_place=args.in_place)
    _print(render_changes(changes, lang))
    note = None if args.diff else converted_note(args.input, args.output, lang)
    if note:
        _print(note)
    return 0
