"""Atomic output and walking input folders: one bad file never stops the others."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO

import pytest

from catalog.core import files
from catalog.core.files import atomic_path, atomic_write, write_new
from catalog.core.findings import InputError
from catalog.core.outputs import OutputError
from catalog.formats import inputs
from catalog.formats.inputs import iter_input_files

SUFFIXES = (".xlsx", ".json", ".csv")


def walk(*paths: Path) -> list[Path | InputError]:
    return list(iter_input_files(paths, SUFFIXES))


def codes(items: list[Path | InputError]) -> list[str]:
    return [item.code if isinstance(item, InputError) else item.name for item in items]


# ----------------------------------------------------------------------------- atomic_write

def test_atomic_write_creates_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    atomic_write(target, lambda stream: stream.write(b"{}") and None)
    assert target.read_bytes() == b"{}"
    assert os.listdir(tmp_path) == ["out.json"]


@pytest.mark.parametrize("failure", [ValueError("boom"), KeyboardInterrupt()])
def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path,
                                                           failure: BaseException) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")

    def write(stream: IO[bytes]) -> None:
        stream.write(b"half of the new conte")
        raise failure

    with pytest.raises(type(failure)):
        atomic_write(target, write)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.json"]


def test_failed_rename_removes_the_temporary(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(source: str, target: str) -> None:
        raise PermissionError(13, "locked by another program")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(OutputError) as raised:  # the user's environment, not a bug
        atomic_write(tmp_path / "out.json", lambda stream: None)
    assert os.listdir(tmp_path) == []
    assert isinstance(raised.value.__cause__, PermissionError)
    assert raised.value.text("zh").endswith("out.json：没有写入权限。")
    assert raised.value.text("en").endswith("out.json: permission denied")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_existing_permissions_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, lambda stream: stream.write(b"new") and None)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.csv"
    atomic_write(fresh, lambda stream: None)
    assert stat.S_IMODE(fresh.stat().st_mode) != 0o600  # not mkstemp's private mode


# ----------------------------------------------------------------------------- atomic_path

def test_atomic_path_renames_what_the_writer_made(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with atomic_path(target) as temporary:
        assert temporary.parent == tmp_path and not temporary.exists()
        write_new(temporary, b"new")
        assert target.read_bytes() == b"old"  # untouched until the block ends
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["out.json"]
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the file's permissions kept


@pytest.mark.parametrize("stop", [KeyboardInterrupt, ValueError])
def test_atomic_path_removes_what_an_interrupted_writer_left(tmp_path: Path,
                                                             stop: type[BaseException]) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    with pytest.raises(stop), atomic_path(target) as temporary:
        write_new(temporary, b"half")
        raise stop
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["out.json"]
    with pytest.raises(stop), atomic_path(target):  # the writer never started
        raise stop
    assert os.listdir(tmp_path) == ["out.json"]


def test_atomic_path_says_which_output_cannot_be_written(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.json"
    with pytest.raises(OutputError) as raised, atomic_path(target) as temporary:
        write_new(temporary, b"{}")
    assert raised.value.text("zh") == f"无法写入 {target}：文件夹不存在。"  # not the temporary


def test_atomic_path_blames_no_output_for_another_files_error(tmp_path: Path) -> None:
    """An input that fails while the block reads it is the input's problem, not the output's."""
    with pytest.raises(FileNotFoundError), atomic_path(tmp_path / "out.json"):
        (tmp_path / "missing-input.xlsx").read_bytes()
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_atomic_path_writes_a_device_in_place(tmp_path: Path) -> None:
    """A named pipe (or /dev/null, /dev/stdout) is written where it is: a rename over it would
    make it a file for every program."""
    pipe = tmp_path / "out.json"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with atomic_path(pipe) as path:
            assert path == pipe
            write_new(path, b"{}", b"\n")
        assert os.read(reader, 16) == b"{}\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(pipe.stat().st_mode) and os.listdir(tmp_path) == ["out.json"]


def test_write_new_never_writes_over_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "x"
    existing.write_bytes(b"keep")
    with pytest.raises(FileExistsError):
        write_new(existing, b"new")
    assert existing.read_bytes() == b"keep"


# ----------------------------------------------------------------------------- walking

def test_sorted_walk_with_suffix_filter(tmp_path: Path) -> None:
    for name in ("b.xlsx", "a.json", "notes.docx", ".hidden.xlsx", "~$b.xlsx", "sub/c.CSV"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert codes(walk(tmp_path)) == ["a.json", "b.xlsx", "c.CSV"]


def test_a_file_named_explicitly_is_yielded_whatever_its_suffix(tmp_path: Path) -> None:
    (tmp_path / "目录.et").write_bytes(b"x")
    assert codes(walk(tmp_path / "目录.et")) == ["目录.et"]


def test_missing_path(tmp_path: Path) -> None:
    (tmp_path / "b.xlsx").write_bytes(b"x")
    assert codes(walk(tmp_path / "nope.xlsx", tmp_path / "b.xlsx")) == ["CAT622", "b.xlsx"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loops_are_reported_and_the_walk_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.xlsx").write_bytes(b"x")
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "x.xlsx").symlink_to(tmp_path / "y.xlsx")
    (tmp_path / "y.xlsx").symlink_to(tmp_path / "x.xlsx")
    (tmp_path / "z.xlsx").write_bytes(b"x")
    found = walk(tmp_path)
    assert codes(found) == ["a.xlsx", "c.xlsx", "CAT621", "CAT621", "CAT621", "z.xlsx"]
    loop = found[2]
    assert isinstance(loop, InputError) and loop.file == str(tmp_path / "sub" / "up")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_folder_reached_twice_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.xlsx").write_bytes(b"x")
    (tmp_path / "link").symlink_to(tmp_path / "data", target_is_directory=True)
    assert codes(walk(tmp_path, tmp_path / "data")) == ["a.xlsx"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_broken_link(tmp_path: Path) -> None:
    (tmp_path / "gone.xlsx").symlink_to(tmp_path / "missing.xlsx")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")  # not a catalogue: ignored
    assert codes(walk(tmp_path)) == ["CAT622"]


def test_unreadable_file_does_not_stop_the_others(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.xlsx", "b.xlsx", "c.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    real_open = open

    def guarded(path: object, *args: object, **kwargs: object) -> object:
        if str(path).endswith("b.xlsx"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", guarded)
    found = walk(tmp_path)
    assert codes(found) == ["a.xlsx", "CAT620", "c.xlsx"]
    error = found[1]
    assert isinstance(error, InputError) and error.params["detail"] == "Permission denied"


def test_unlistable_folder_does_not_stop_the_others(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "z.xlsx").write_bytes(b"x")
    real_listdir = os.listdir

    def guarded(path: object) -> list[str]:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(inputs.os, "listdir", guarded)
    assert codes(walk(tmp_path)) == ["CAT620", "z.xlsx"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.xlsx")
    assert codes(walk(tmp_path)) == ["CAT620"]


def test_deep_folders_do_not_hit_the_recursion_limit(tmp_path: Path) -> None:
    levels = [tmp_path]
    for _ in range(1_100):  # deeper than Python's recursion limit; Path.mkdir would recurse
        levels.append(levels[-1] / "d")
        os.mkdir(levels[-1])
    (levels[-1] / "deep.xlsx").write_bytes(b"x")
    try:
        assert codes(walk(tmp_path)) == ["deep.xlsx"]
    finally:  # shutil.rmtree (pytest's cleanup) recurses and would fail on this tree
        (levels[-1] / "deep.xlsx").unlink()
        for folder in reversed(levels[1:]):
            folder.rmdir()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
@pytest.mark.parametrize("via_link", [False, True])  # /dev/stdout is a link to the device
def test_a_device_or_pipe_is_written_in_place_never_replaced(tmp_path: Path,
                                                             via_link: bool) -> None:
    """``-o /dev/null`` (or /dev/stdout, a FIFO) writes into it: replaced by a regular file,
    /dev/null would stop discarding for every program on the machine."""
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    target = fifo
    if via_link:
        target = tmp_path / "stdout"
        target.symlink_to(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    atomic_write(target, lambda stream: stream.write("报告\n".encode()))
    reader.join(10)
    assert received == ["报告\n".encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and target.is_symlink() is via_link
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"fifo", target.name})
