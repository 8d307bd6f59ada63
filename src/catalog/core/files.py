"""Files on disk: atomic output, and walking and opening the files and folders a user names.

An interrupted run must leave no half-written output, and one unreadable file or a symlink
loop in a county office's shared folder must not stop the other files from being checked:
problems become :class:`~catalog.core.findings.InputError` items in the stream, never exceptions.
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

from catalog.core.findings import InputError
from catalog.core.outputs import WRITE_ONLY_ERRORS, write_error


def atomic_write(path: str | os.PathLike[str], write: Callable[[IO[bytes]], None]) -> None:
    """Write through a temporary file in the same folder, fsync it, and rename it into place.

    On any exception (including KeyboardInterrupt, and SIGTERM turned into one by the
    command line) the temporary file is removed and an existing file at ``path`` is
    untouched. ``os.replace`` is atomic on POSIX and Windows. A write the system refuses (a
    missing or read-only folder, a full disk, ``path`` being a folder) is raised as
    :class:`~catalog.core.outputs.OutputError` ("无法写入 …"), the user's environment and not a bug.
    """
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=target.parent)
    except OSError as error:
        raise write_error(target, error) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            try:
                write(stream)
            except Exception as error:
                refused = _refused_write(error)
                if refused is None:
                    raise
                raise write_error(target, refused) from error
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _output_mode(target))
        os.replace(temporary, target)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):  # flush (a full disk), close, fsync or rename
            raise write_error(target, error) from error
        raise
    _sync_directory(target.parent)


def _refused_write(error: BaseException) -> OSError | None:
    """The OSError of our stream behind ``error``, if it is one: raised as it is, or wrapped
    by a writer library (xlsxwriter raises FileCreateError from it). An error that names a
    file is about another one (an input read late) unless the system only fails writes so."""
    seen: BaseException | None = error
    for _ in range(8):  # a short chain of causes; never loop on a cycle
        if seen is None:
            return None
        if isinstance(seen, OSError) and (seen.filename is None
                                          or seen.errno in WRITE_ONLY_ERRORS):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


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
            raise InputError("CAT620", str(path), reason="不是普通文件 / not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def resolved(path: str | os.PathLike[str]) -> Path:
    """The absolute, symlink-free path where there is one; the absolute path otherwise (a
    symlink loop makes ``Path.resolve`` raise RuntimeError on Python 3.11)."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError):
        return Path(os.path.abspath(path))


def input_error_for(path: Path, error: OSError) -> InputError:
    """The CAT62x finding for a file or folder the system refused to open."""
    if error.errno == errno.ELOOP:
        return InputError("CAT621", str(path))
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return InputError("CAT622", str(path))
    return InputError("CAT620", str(path), detail=error.strerror or type(error).__name__)
