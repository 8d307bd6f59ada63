"""``catalog fix``: the safe automatic fixes, to a copy, as a diff, or in place with a backup."""

from __future__ import annotations

import argparse
from typing import Any

from catalog.cli.options import resolver
from catalog.cli.output import print_lines
from catalog.core.findings import UsageError


def add_parser(commands: Any) -> None:
    fix = commands.add_parser("fix", help="安全自动修复 / apply safe automatic fixes")
    fix.add_argument("input")
    fix.add_argument("-o", "--output")
    fix.add_argument("--diff", action="store_true", help="show the changes, write nothing")
    fix.add_argument("--in-place", action="store_true", help="overwrite the input (keeps a backup)")
    fix.add_argument("--lang", choices=("zh", "en"))


def run(args: argparse.Namespace) -> int:
    # lazy: loaded when the command runs, not at start-up
    from catalog.workbooks.fix import converted_note, fix, render_changes

    if not (args.output or args.diff or args.in_place):
        raise UsageError("catalog fix: give -o OUT, --diff or --in-place")
    lang = resolver(args).for_path(args.input).lang
    changes = fix(args.input, args.output, diff_only=args.diff, in_place=args.in_place)
    print_lines(render_changes(changes, lang))
    note = None if args.diff else converted_note(args.input, args.output, lang)
    if note:
        print_lines(note)
    return 0
