"""Walking and opening the files and folders a user names as input.

One unreadable file or a symlink loop in a county office's shared folder must not stop the
other files from being checked: problems become :class:`~catalog.core.findings.InputError`
items in the stream (CAT620-622), never exceptions.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from catalog.core.findings import InputError
from catalog.rules.limits import PATH_NOT_FOUND, SYMLINK_LOOP, UNREADABLE_PATH


def iter_input_files(paths: Iterable[str | os.PathLike[str]],
                     suffixes: Iterable[str]) -> Iterator[Path | InputError]:
    """Files named, and files with one of ``suffixes`` inside folders named, in sorted order.

    A file named explicitly is yielded whatever its suffix (the reader then says what is
    wrong). In folders, hidden entries (``.name``) and Office lock files (``~$name.xlsx``) are
    skipped. Unreadable files and folders (CAT620), symlink loops (CAT621) and missing paths
    or broken links (CAT622) are yielded as InputError and the walk goes on. A folder reached
    twice through symlinks is walked once.
    """
    wanted = {suffix.lower() for suffix in suffixes}
    walked: set[tuple[int, int]] = set()
    for path in paths:
        yield from _walk(Path(path), wanted, walked, explicit=True)


def _walk(root: Path, wanted: set[str], walked: set[tuple[int, int]],
          explicit: bool) -> Iterator[Path | InputError]:
    # An explicit stack: a hostile tree thousands of folders deep must not hit the recursion limit.
    stack: list[tuple[Path, frozenset[tuple[int, int]], bool]] = [(root, frozenset(), explicit)]
    while stack:
        path, ancestors, named = stack.pop()
        try:
            info = path.stat()
        except OSError as error:
            if named or path.suffix.lower() in wanted or error.errno == errno.ELOOP:
                yield input_error_for(path, error)
            continue
        if not stat.S_ISDIR(info.st_mode):
            if named or path.suffix.lower() in wanted:
                yield _check_file(path, info)
            continue
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            yield InputError(SYMLINK_LOOP, str(path))
            continue
        if key in walked:
            continue
        walked.add(key)
        try:
            names = sorted(os.listdir(path))
        except OSError as error:
            yield input_error_for(path, error)
            continue
        children = [name for name in names if not name.startswith((".", "~$"))]
        stack.extend((path / name, ancestors | {key}, False) for name in reversed(children))


def _check_file(path: Path, info: os.stat_result) -> Path | InputError:
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
        return InputError(UNREADABLE_PATH, str(path), detail="not a regular file")
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        return input_error_for(path, error)
    return path


def open_input(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open a file named as input for reading: a regular file only, and never block.

    A FIFO or a device named ``x.csv`` would block the run forever or never end, so the file
    is opened without blocking and refused (CAT620) unless fstat says it is a regular file;
    a symlink loop is CAT621, a missing path CAT622.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise input_error_for(Path(path), error) from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise InputError(UNREADABLE_PATH, str(path), reason="不是普通文件 / not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def input_error_for(path: Path, error: OSError) -> InputError:
    """The CAT62x finding for a file or folder the system refused to open."""
    if error.errno == errno.ELOOP:
        return InputError(SYMLINK_LOOP, str(path))
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return InputError(PATH_NOT_FOUND, str(path))
    return InputError(UNREADABLE_PATH, str(path), detail=error.strerror or type(error).__name__)
