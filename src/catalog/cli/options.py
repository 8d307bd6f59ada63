"""Options several commands share, parsed one way: ``--jobs``, ``--limit``, rule codes, and
the one call that merges a command's settings (command line over catalog.toml)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog.checking.config import Resolver


def positive_int(text: str) -> int:
    """``--jobs``: a whole number of at least 1 (0 and negatives are usage errors, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"须为正整数 / must be a positive integer: {text!r}")
    return value


def parse_limit(text: str) -> tuple[str, int | float]:
    """``--limit max_rows=1000000``: one limit, checked by the same code as [limits]."""
    # lazy: the settings and the model load only when a command runs (start-up time)
    from catalog.core.findings import UsageError
    from catalog.formats.screening import Limits

    key, _, value = text.partition("=")
    try:
        number: int | float = float(value) if "." in value else int(value)
        Limits.from_mapping({key.strip(): number})
    except (ValueError, UsageError) as error:
        raise argparse.ArgumentTypeError(
            f"应为 名称=正整数 / expected NAME=POSITIVE_INTEGER, got {text!r} ({error})"
        ) from None
    return key.strip(), number


def add_limit_flags(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--limit", action="append", type=parse_limit, metavar="NAME=N",
        help="set a security limit (see SECURITY.md), e.g. --limit max_rows=1000000; may be "
        "repeated; may exceed the built-in ceiling, unlike [limits] in a settings file")
    command.add_argument(
        "--trust-settings", action="store_true", default=None,
        help="trust catalog.toml files: their [limits] may exceed the built-in ceiling and "
        "their paths may point anywhere")


def _codes(given: list[str] | None) -> tuple[str, ...] | None:
    """Codes from every use of the option (``--ignore CAT103 --ignore CAT2``)."""
    if given is None:
        return None
    return tuple(code.strip().upper() for text in given for code in text.split(",")
                 if code.strip())


def resolver(args: argparse.Namespace) -> Resolver:
    """The settings of this run: every command merges them through this one call."""
    from catalog.checking.config import Resolver, overrides_from  # lazy: start-up time

    values = dict(vars(args))
    values["select"] = _codes(getattr(args, "select", None))
    values["ignore"] = _codes(getattr(args, "ignore", None))
    values["limits"] = tuple(getattr(args, "limit", None) or ())
    values["streaming"] = bool(getattr(args, "streaming", False))
    values["trust_settings"] = bool(getattr(args, "trust_settings", False))
    if getattr(args, "reference", None) is not None:
        values["reference"] = tuple(args.reference)
    return Resolver(overrides_from(values))
