"""``catalog schema``: the published JSON Schema of catalogues (or of reports)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from catalog.cli.output import EXIT_OK


def add_parser(commands: Any) -> None:
    schema = commands.add_parser("schema", help="打印 JSON Schema / print the JSON Schema")
    schema.add_argument("--report", action="store_true", help="the report schema instead")


def run(args: argparse.Namespace) -> int:
    # lazy: loaded when the command runs, not at start-up
    from catalog.standard.schema import catalogue_schema, report_schema, schema_text

    sys.stdout.write(schema_text(report_schema() if args.report else catalogue_schema()))
    return EXIT_OK
