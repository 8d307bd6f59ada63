"""What every command prints or writes: exit codes, safe error lines, reports written as they
are made (to stdout or atomically to a file)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from catalog.core.files import atomic_write
from catalog.core.outputs import write_error
from catalog.core.safe_text import inert_line, terminal_line

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_BROKEN_PIPE = 141  # as a shell reports a command ended by SIGPIPE


def print_error(text: str) -> None:

    sys.stderr.write(inert_line(text.rstrip("\n")) + "\n")


def print_quietly(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print_error(text)
        sys.stderr.flush()


def write_output(path: str | None, text: str | Iterable[str]) -> None:
    """Print, or write the file atomically; pieces are written as they are made."""
    pieces = (text,) if isinstance(text, str) else text
    if path is None:
        try:
            for piece in pieces:
                sys.stdout.write(piece)
            sys.stdout.flush()  # a full disk is found now, while --lang is known
        except BrokenPipeError:
            raise
        except OSError as error:  # `> /dev/full`, a full disk behind a redirection
            raise write_error(None, error) from error
        return

    def write(stream: IO[bytes]) -> None:
        for piece in pieces:
            stream.write(piece.encode("utf-8"))

    atomic_write(Path(path), write)


def print_lines(text: str) -> None:
    """Print lines that may quote the data: no raw control character, no workflow command."""
    lines = text.removesuffix("\n").split("\n")  # only \n: other breaks are shown as escapes
    sys.stdout.write("".join(terminal_line(line) + "\n" for line in lines))
