"""``catalog convert INPUT OUTPUT``: between JSON, xlsx and CSV; the reading's problems
listed."""

from __future__ import annotations

import argparse
from typing import Any

from catalog.cli.options import add_limit_flags, resolver
from catalog.cli.output import EXIT_FINDINGS, EXIT_OK, print_error
from catalog.i18n import status


def add_parser(commands: Any) -> None:
    convert = commands.add_parser("convert", help="转换格式 / convert between JSON, xlsx, csv")
    convert.add_argument("input")
    convert.add_argument("output")
    convert.add_argument("--issuer")
    convert.add_argument("--level")
    convert.add_argument("--streaming", action="store_true", help="low-memory workbook reading")
    convert.add_argument("--lang", choices=("zh", "en"))
    add_limit_flags(convert)


_LISTED_PROBLEMS = 20  # a draft of 100,000 rows with a blank column: the first few say enough


def run(args: argparse.Namespace) -> int:
    # lazy: loaded when the command runs, not at start-up
    from functools import partial

    from catalog.api import render_message
    from catalog.checking.checker import read_isolated, use_isolated
    from catalog.core.files import atomic_path
    from catalog.core.outputs import guard_outputs
    from catalog.formats.conversion import write_converted, write_json
    from catalog.formats.loading import format_for
    from catalog.formats.writing import WRITE_FORMATS

    settings = resolver(args).for_path(args.input)
    args.lang = settings.lang  # for the messages of errors raised below
    guard_outputs([("", args.output)],
                  [args.input, *([settings.source] if settings.source is not None else [])])
    if format_for(args.output, WRITE_FORMATS) == "json":
        # written where the file is read: a workbook's worker sends back only the findings
        with atomic_path(args.output) as temporary:
            problems = use_isolated(args.input, partial(write_json, temporary=temporary,
                                                        name=args.output),
                                    settings.reader_options())
    else:
        problems = write_converted(read_isolated(args.input, settings.reader_options()),
                                   args.output)
    lang = settings.lang
    for finding in problems[:_LISTED_PROBLEMS]:
        print_error(status("finding_line", lang, where=finding.location.describe(),
                            code=finding.code,
                            message=render_message(finding, lang, debug=args.debug)))
    if len(problems) > _LISTED_PROBLEMS:
        print_error(status("more_problems", lang, count=len(problems) - _LISTED_PROBLEMS))
    if problems:
        print_error(status("converted_with_problems", lang, path=args.output,
                            count=len(problems)))
        return EXIT_FINDINGS
    return EXIT_OK
