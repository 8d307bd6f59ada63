"""Where a command may write: never over one of its own inputs, and only where it can.

A clerk who types ``catalog check 目录.xlsx -o 目录.xlsx`` must not lose the workbook, and a
CI job whose disk is full must be told so, not shown "a bug in catalog". Every command that
writes a file calls :func:`guard_outputs` before it starts working, with every file it reads
(files named, files found in folders, settings files); ``fix --in-place`` is the one explicit
way to replace an input. Commands still to come (publish, diff, serve) must call it too.

Files are compared by what they are, not by how they are spelt: the same device and inode
when the output exists (symlinks, ``./`` and ``..``, hard links, and letter case on a
case-insensitive file system all resolve to the same inode), else the resolved path.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence
from contextlib import suppress
from pathlib import Path

from catalog.core.findings import UsageError

PathLike = str | os.PathLike[str]

# Why the system refused a write, in the clerk's words: (中文, English).
_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("文件夹不存在", "the folder does not exist"),
    errno.ENOTDIR: ("路径中有一部分不是文件夹", "part of the path is not a folder"),
    errno.EISDIR: ("这是一个文件夹，请给出文件名", "it is a folder; name a file"),
    errno.EACCES: ("没有写入权限", "permission denied"),
    errno.EPERM: ("没有写入权限", "permission denied"),
    errno.EROFS: ("只读文件系统", "read-only file system"),
    errno.ENOSPC: ("磁盘已满", "no space left on the disk"),
    errno.EDQUOT: ("超出磁盘配额", "disk quota exceeded"),
    errno.EFBIG: ("文件超出允许的大小", "file too large"),
    errno.ENAMETOOLONG: ("文件名过长", "file name too long"),
    errno.EIO: ("磁盘读写错误", "input/output error"),
}

# Report formats and the file name endings that announce them (``-o report.sarif``).
_FORMAT_ENDINGS: tuple[tuple[str, str], ...] = (
    (".sarif.json", "sarif"), (".sarif", "sarif"), (".json", "json"), (".xml", "junit"),
    (".txt", "text"), (".log", "text"), (".html", "html"), (".htm", "html"),
)
# Endings each format may be written to without complaint (SARIF is JSON; annotations are text).
_ACCEPTED_ENDINGS: dict[str, tuple[str, ...]] = {
    "text": (".txt", ".log"), "github": (".txt", ".log"), "json": (".json",),
    "junit": (".xml",), "sarif": (".sarif", ".json"), "html": (".html", ".htm"),
}


class OutputError(UsageError):
    """An output that will not or cannot be written (exit code 2), said in Chinese and English.

    ``str()`` is the English text (for library users); the command line shows ``text(lang)``.
    """

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en, zh=zh)


def write_error(path: PathLike | None, error: OSError) -> OutputError:
    """``无法写入 PATH：reason`` for a write the system refused (a full disk, a missing folder);
    ``path`` ``None`` is standard output (``catalog check x.xlsx > /dev/full``)."""
    zh, en = _REASONS.get(error.errno or 0, (error.strerror or type(error).__name__,) * 2)
    zh_name, en_name = ("标准输出", "standard output") if path is None else (path, path)
    return OutputError(f"无法写入 {zh_name}：{zh}。", f"cannot write {en_name}: {en}")


# Errors only a write can meet: one that reaches the command line unconverted (every file is
# written through atomic_write, which converts its own) comes from standard output.
WRITE_ONLY_ERRORS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


def stdout_error(error: BaseException) -> OutputError | None:
    """The "无法写入 标准输出" error for a full disk met while printing, else ``None``."""
    if isinstance(error, OSError) and error.errno in WRITE_ONLY_ERRORS and not error.filename:
        return write_error(None, error)
    return None


def _identity(path: PathLike) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _resolved(path: PathLike) -> str:
    return os.path.normcase(os.path.realpath(path))


def same_file(first: PathLike, second: PathLike) -> bool:
    """Whether two paths name one file: one inode when it exists, else one resolved path."""
    identity = _identity(first)
    if identity is not None:
        return identity == _identity(second)
    return _identity(second) is None and _resolved(first) == _resolved(second)


def _named(flag: str, path: PathLike) -> tuple[str, str]:
    """How the message names an output: by its option, or as the output (a positional one)."""
    if flag:
        return f"{flag} {path}", f"{flag} {path}"
    return f"输出文件 {path}", f"the output {path}"


def _overwrites_input(flag: str, output: PathLike, inputs: Sequence[PathLike],
                      identities: dict[int, tuple[int, int] | None],
                      in_place: str | None) -> OutputError | None:
    identity = _identity(output)
    name = os.path.basename(os.path.normpath(output)).casefold()
    for position, source in enumerate(inputs):
        if identity is None:
            # A file that does not exist yet can only be an input that does not exist either
            # (a missing file named on the command line): most inputs are ruled out by name.
            if os.path.basename(os.path.normpath(source)).casefold() != name:
                continue
            same = _identity(source) is None and _resolved(source) == _resolved(output)
        else:
            if position not in identities:  # one stat per input, however many outputs
                identities[position] = _identity(source)
            same = identities[position] == identity
        if same:
            zh_name, en_name = _named(flag, output)
            zh = f"{zh_name} 就是输入文件 {source}；catalog 不会覆盖输入文件。请另选输出文件。"
            en = (f"{en_name} is the input file {source}; catalog never overwrites its "
                  "inputs. Choose another output file.")
            if in_place:
                zh += f"如要就地修改输入文件，请使用 {in_place}（会保留备份）。"
                en += f" To change the input itself, use {in_place} (a backup is kept)."
            return OutputError(zh, en[0].upper() + en[1:])
    return None


def is_device(path: PathLike) -> bool:
    """``/dev/null``, ``/dev/stdout``, a named pipe: an output written where it is, never
    replaced by a file (which would break it for every program)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _unwritable(output: PathLike) -> OutputError | None:
    """Refuse now, before the work, what the final write would refuse: probe the folder."""
    if os.path.isdir(output):
        return write_error(output, IsADirectoryError(errno.EISDIR, "is a directory"))
    if is_device(output):  # written in place: its folder (/dev) is not where it goes
        return None
    import tempfile  # lazy: only a report written to a file needs it (~1 ms to import)

    folder = os.path.dirname(os.path.abspath(output))
    try:
        handle, probe = tempfile.mkstemp(prefix=".catalog-probe.", suffix=".tmp", dir=folder)
    except OSError as error:
        return write_error(output, error)
    try:
        os.close(handle)
    finally:
        with suppress(OSError):
            os.unlink(probe)
    return None


def guard_outputs(outputs: Sequence[tuple[str, PathLike | None]], inputs: Iterable[PathLike],
                  in_place: str | None = None) -> None:
    """Refuse (:class:`OutputError`) an output that is one of ``inputs``, two outputs that are
    one file, or an output the system will not let us write.

    ``outputs`` pairs the option that names each file (``""`` for a positional argument) with
    its path (``None``: not asked for);
    ``in_place`` names the option that does replace the input, for the message (``fix``).
    """
    named = [(flag, path) for flag, path in outputs if path is not None]
    if not named:
        return
    sources = list(inputs)
    identities: dict[int, tuple[int, int] | None] = {}
    for position, (flag, path) in enumerate(named):
        refused = _overwrites_input(flag, path, sources, identities, in_place)
        if refused is not None:
            raise refused
        for other_flag, other in named[:position]:
            if same_file(path, other):
                raise OutputError(
                    f"{other_flag} 和 {flag} 指向同一个文件 {path}；请分别指定不同的文件。",
                    f"{other_flag} and {flag} name the same file {path}; give each its own file.")
        refused = _unwritable(path)
        if refused is not None:
            raise refused


def report_format_for(output: PathLike | None, chosen: str | None) -> str | None:
    """The report format: ``chosen`` (``--format``) if given, else the one ``output``'s name
    announces (``.sarif``, ``.json``, ``.xml``, ``.txt``, ``.html``), else ``None`` (no opinion).

    A ``chosen`` format that contradicts the name (``--format json -o x.sarif``) is refused:
    an upload step would otherwise receive a file it cannot parse.
    """
    if output is None:
        return chosen
    name = os.fspath(output).lower()
    announced = next((fmt for ending, fmt in _FORMAT_ENDINGS if name.endswith(ending)), None)
    if chosen is None or announced is None:
        return chosen or announced
    if not name.endswith(_ACCEPTED_ENDINGS.get(chosen, ())):
        suffix = Path(name).suffix
        raise OutputError(
            f"--format {chosen} 与输出文件 {output} 的扩展名 {suffix} 不符（该扩展名对应 "
            f"{announced} 格式）；请改用相符的扩展名，或去掉 --format 由扩展名决定。",
            f"--format {chosen} does not match the extension {suffix} of {output} (which "
            f"means {announced}); use a matching extension, or leave out --format to let the "
            "extension decide.")
    return chosen


__all__ = ["OutputError", "guard_outputs", "report_format_for", "same_file", "stdout_error",
           "write_error"]
