"""Files on disk: atomic output, and walking the files and folders a user names.

An interrupted run must leave no half-written output, and one unreadable file or a symlink
loop in a county office's shared folder must not stop the other files from being checked:
problems become :class:`~catalog.findings.InputError` items in the stream, never exceptions.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import IO

from catalog.findings import InputError


def atomic_write(path: str | os.PathLike[str], write: Callable[[IO[bytes]], None]) -> None:
    """Write through a temporary file in the same folder, fsync it, and rename it into place.

    On any exception (including KeyboardInterrupt) the temporary file is removed and an
    existing file at ``path`` is untouched. ``os.replace`` is atomic on POSIX and Windows.
    """
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _output_mode(target))
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(target.parent)


def _output_mode(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual umask (mkstemp uses 600)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


@cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_directory(folder: Path) -> None:
    """Make the rename durable on POSIX; Windows cannot open a folder, and needs no such step."""
    if os.name != "posix":
        return
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


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
            yield InputError("CAT621", str(path))
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
        return InputError("CAT620", str(path), detail="not a regular file")
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        return input_error_for(path, error)
    return path


def input_error_for(path: Path, error: OSError) -> InputError:
    """The CAT62x finding for a file or folder the system refused to open."""
    if error.errno == errno.ELOOP:
        return InputError("CAT621", str(path))
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return InputError("CAT622", str(path))
    return InputError("CAT620", str(path), detail=error.strerror or type(error).__name__)
