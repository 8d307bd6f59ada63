"""``catalog coverage PATH...``: which national (or reference) items the catalogues hold."""

from __future__ import annotations

import argparse
import json
from typing import Any

from catalog.cli.options import add_limit_flags, resolver
from catalog.cli.output import print_lines


def add_parser(commands: Any) -> None:
    coverage = commands.add_parser("coverage", help="覆盖情况 / coverage of the national items")
    coverage.add_argument("paths", nargs="+", metavar="PATH")
    coverage.add_argument("--format", choices=("text", "json"), default="text")
    coverage.add_argument("--lang", choices=("zh", "en"))
    coverage.add_argument("--issuer")
    coverage.add_argument("--level")
    coverage.add_argument("--reference", nargs="+", action="extend", metavar="REF",
                          help="参照目录（省级清单、附件、上年目录）/ reference catalogues "
                          "instead of the bundled national items ([reference] paths)")
    coverage.add_argument("--with-national", action="store_true", default=None,
                          help="参照目录之外也计入内置国家事项 / count the bundled items too")
    coverage.add_argument("--reference-complete", action="store_true", default=None,
                          help="参照目录是完整清单 / the reference lists are complete")
    add_limit_flags(coverage)


def run(args: argparse.Namespace) -> int:
    # lazy: loaded when the command runs, not at start-up
    from catalog.checking.coverage import coverage_of_paths, render_coverage

    settings = resolver(args)
    run = settings.for_run(args.paths)
    report = coverage_of_paths(args.paths, settings.for_path, run)
    lang = run.lang
    if args.format == "json":
        print_lines(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2))
    else:
        print_lines(render_coverage(report, lang))
    return 2 if report.unreadable else 0
