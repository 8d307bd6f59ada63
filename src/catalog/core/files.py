"""Files on disk: atomic output, so an interrupted run leaves no half-written file.

Walking and opening the files a user names is :mod:`catalog.formats.inputs`: its problems are
findings of the CAT62x rules, which live above this layer.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import IO

from catalog.core.outputs import WRITE_ONLY_ERRORS, is_device, write_error


def atomic_write(path: str | os.PathLike[str], write: Callable[[IO[bytes]], None]) -> None:
    """Write through a temporary file in the same folder, fsync it, and rename it into place.

    On any exception (including KeyboardInterrupt, and SIGTERM turned into one by the
    command line) the temporary file is removed and an existing file at ``path`` is
    untouched. ``os.replace`` is atomic on POSIX and Windows. A write the system refuses (a
    missing or read-only folder, a full disk, ``path`` being a folder) is raised as
    :class:`~catalog.core.outputs.OutputError` ("无法写入 …"), the user's environment and not a bug.
    """
    target = Path(path)
    if is_device(target):  # as root, `-o /dev/null` replaced the device by a file
        _write_in_place(target, write)
        return
    import tempfile  # lazy: a report printed or sent to a device needs none (~1 ms)

    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=target.parent)
    except OSError as error:
        raise write_error(target, error) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            _write_to(stream, write, target)
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


def _write_in_place(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    try:
        with open(target, "wb") as stream:
            _write_to(stream, write, target)
    except OSError as error:  # opening or closing it
        raise write_error(target, error) from error


def _write_to(stream: IO[bytes], write: Callable[[IO[bytes]], None], target: Path) -> None:
    """``write(stream)``; a write the system refused (a full disk) names ``target``."""
    try:
        write(stream)
    except Exception as error:
        refused = _refused_write(error)
        if refused is None:
            raise
        raise write_error(target, refused) from error


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """:func:`atomic_write` for a file written elsewhere (convert's reading worker, which
    would otherwise send the whole document back): the name of a temporary file beside
    ``path``, for the block to have created with :func:`write_new`. When the block ends, the
    file is renamed over ``path``; when it raises, or the writer was killed mid-way, the file
    is removed and ``path`` is untouched. A device or pipe is named as it is, to be written
    in place. An OSError about the temporary file, or about no file (a full disk), is raised
    as an OutputError for ``path``; one about another file (an input read in the block) as
    it is.
    """
    target = Path(path)
    if is_device(target):  # as root, replacing /dev/null by a file breaks it for everyone
        try:
            yield target
        except OSError as error:
            if error.filename is None or str(error.filename) == str(target):
                raise write_error(target, error) from error
            raise
        return
    temporary = target.parent / f".{target.name}.{os.urandom(6).hex()}.tmp"
    try:
        yield temporary
        os.chmod(temporary, _output_mode(target))
        os.replace(temporary, target)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError) and (
                error.filename is None or str(error.filename) == str(temporary)
                or error.errno in WRITE_ONLY_ERRORS):
            raise write_error(target, error) from error
        raise
    _sync_directory(target.parent)


def write_new(path: Path, *chunks: bytes) -> None:
    """Create ``path`` (never an existing file, nor through a symlink), write ``chunks`` and
    fsync it: the writer's half of :func:`atomic_path`. A device or pipe is written as it is."""
    if is_device(path):
        with open(path, "wb") as device:
            for chunk in chunks:
                device.write(chunk)
        return
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags, 0o600), "wb") as stream:
        for chunk in chunks:
            stream.write(chunk)
        stream.flush()
        os.fsync(stream.fileno())


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


def resolved(path: str | os.PathLike[str]) -> Path:
    """The absolute, symlink-free path where there is one; the absolute path otherwise (a
    symlink loop makes ``Path.resolve`` raise RuntimeError on Python 3.11)."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError):
        return Path(os.path.abspath(path))
