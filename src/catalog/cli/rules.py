"""``catalog rules``: every rule with its code, severity and messages (text, JSON, Markdown)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from catalog.cli.output import EXIT_OK


def add_parser(commands: Any) -> None:
    rules = commands.add_parser("rules", help="规则列表 / list the rules")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rules.add_argument("--lang", choices=("zh", "en"), default="zh")


def run(args: argparse.Namespace) -> int:
    # lazy: loaded when the command runs, not at start-up
    from catalog.rules.docs import rule_dict, rules_markdown, rules_text
    from catalog.rules.registry import default_registry

    registry = default_registry()
    if args.format == "json":
        import json

        text = json.dumps([rule_dict(rule) for rule in registry], ensure_ascii=False, indent=2)
        sys.stdout.write(text + "\n")
    elif args.format == "markdown":
        sys.stdout.write(rules_markdown(registry))
    else:
        sys.stdout.write(rules_text(registry, args.lang))
    return EXIT_OK
