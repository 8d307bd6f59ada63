"""The ``catalog`` command: argument parsing and wiring only.

Exit codes: 0 no errors; 1 errors found (or warnings with --strict); 2 an input file could
not be read at all, the command line is wrong, or an output cannot be written (an input named
as output, a missing or read-only folder, a full disk); 3 an internal error (a bug in
catalog); 130 interrupted (Ctrl-C), 143 terminated (SIGTERM); 141 a closed pipe.
Everything a library user would need lives in the library; this module only connects it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from importlib import import_module
from typing import NoReturn

from catalog.cli.lang import language_of, parse_args
from catalog.cli.output import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_UNREADABLE,
    print_error,
    print_quietly,
)
from catalog.i18n import MESSAGES, status

BUG_HINT = MESSAGES["bug_hint"][0]  # in English with --lang en
# One module per command (catalog/cli/NAME.py: add_parser and run), loaded on use.
COMMANDS = ("check", "publish", "serve", "convert", "fix", "template", "domains", "coverage",
            "scorecard", "rules", "schema", "diff")


def _version() -> str:
    # lazy: loaded when the command runs, not at start-up
    from catalog.core.version import __version__

    return __version__


def _parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The command line's parser; with ``argv`` naming a command, only that command's (the
    others' arguments are never looked at: building all twelve cost every run ~5 ms)."""
    parser = argparse.ArgumentParser(
        prog="catalog",
        description="基层政务公开标准目录:检查、转换、发布 / check, convert and publish "
        "basic-level government disclosure catalogues",
    )
    parser.add_argument("--version", action="version", version=f"catalog {_version()}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = _command_named(argv)
    for name in (named,) if named else COMMANDS:  # in the order of `catalog --help`
        import_module(f"catalog.cli.{name}").add_parser(commands)
    return parser


def _command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs: its first word that is no option (the top level's options
    take no value), when that is a command; else None (help, a typo: every command is
    listed)."""
    for arg in argv:
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    run: Callable[[argparse.Namespace], int] = import_module(f"catalog.cli.{name}").run
    return run


def run() -> NoReturn:
    """The ``catalog`` command: :func:`main`, then exit without freeing the heap object by
    object (a 100,000-row check holds millions of objects; tearing them down took 0.3 s).

    mypy exits the same way. Output is flushed first; nothing of ours needs exit handlers
    (outputs are written atomically before this point, worker pools are already joined).
    Ctrl-C and SIGTERM raise from here on (:mod:`catalog.core.interrupts`): cleanup runs, the
    exit code is 130 or 143, and no traceback is printed.
    """
    # lazy: loaded when the command runs, not at start-up
    from catalog.core import interrupts

    interrupts.install()
    try:
        code = main()
        interrupts.checkpoint()  # a signal Python could not raise: the run was still stopped
        sys.stdout.flush()
        sys.stderr.flush()
    except KeyboardInterrupt as interruption:  # before main's own handler, or after it
        # the language is not known yet (or any more): both
        print_quietly(f"{status('interrupted', 'zh')} / {status('interrupted', 'en')}")
        code = interrupts.exit_code(interruption)
    except BrokenPipeError:
        code = EXIT_BROKEN_PIPE
    except OSError as error:  # stdout is a full disk (`> /dev/full`): the environment
        from catalog.core.outputs import write_error

        refused = write_error(None, error)
        print_quietly(f"{status('usage_error', 'zh', message=refused.text('zh'))} / "
                       f"{refused.text('en')}")
        code = EXIT_UNREADABLE
    os._exit(code)


def _lang(args: argparse.Namespace, fallback: str) -> str:
    """The language of the command's messages: --lang, or the settings' once the command has
    read them (it stores it in ``args.lang``), else ``fallback``."""
    return getattr(args, "lang", None) or fallback


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # a GBK console must not crash on an emoji in the data
            reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parse_args(partial(_parser, argv), argv)  # usage errors in the user's language
    except SystemExit as exit_:
        return EXIT_UNREADABLE if exit_.code not in (0, None) else EXIT_OK
    lang = getattr(args, "lang", None) or language_of(argv)
    debug = bool(args.debug or getattr(args, "check_debug", False))
    # lazy: loaded when the command runs, not at start-up
    from catalog.core.findings import InputError, InternalError, UsageError
    from catalog.core.interrupts import exit_code
    from catalog.core.outputs import stdout_error

    try:
        return _command(args.command)(args)
    except UsageError as error:  # also OutputError: an input as output, a full disk
        print_error(status("usage_error", _lang(args, lang),
                            message=error.text(_lang(args, lang))))
        return EXIT_UNREADABLE
    except InputError as error:
        from catalog.api import render_message
        from catalog.rules.registry import default_registry

        finding = error.to_finding()
        registry = default_registry()
        rule = registry.get(error.code) if error.code in registry else None
        hint = rule.hint(lang) if rule is not None else None
        print_error(status("finding_line", lang, where=error.file, code=finding.code,
                            message=render_message(finding, lang, debug=debug))
                     + (status("hint", lang, hint=hint) if hint else ""))
        return EXIT_UNREADABLE
    except InternalError as error:
        print_error(status("internal_error", lang, file=error.file, detail=error.detail))
        if debug:
            print_error(error.trace)
        print_error(status("bug_hint", lang))
        return EXIT_INTERNAL
    except KeyboardInterrupt as interruption:  # Ctrl-C, or SIGTERM under run()
        print_error(status("interrupted", _lang(args, lang)))
        return exit_code(interruption)
    except BrokenPipeError:  # `catalog check big.xlsx | head`: the reader has seen enough
        # Point stdout at the null device so that flushing at exit stays silent (a stream
        # without a descriptor has nothing to flush).
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:  # a bug: say so, briefly
        refused = stdout_error(error)
        if refused is not None:  # `catalog rules > /dev/full`: the disk, not a bug
            print_error(status("usage_error", _lang(args, lang),
                                message=refused.text(_lang(args, lang))))
            return EXIT_UNREADABLE
        print_error(status("internal_error_any", lang,
                            detail=f"{type(error).__name__}: {error}"))
        if debug:
            import traceback

            print_error(traceback.format_exc())
        print_error(status("bug_hint", lang))
        return EXIT_INTERNAL
