"""Ctrl-C (SIGINT) and ``kill`` (SIGTERM): real signals sent to ``python -m catalog``.

Each run must end with 130 or 143, one line "已中断，…" instead of a Python traceback, no
temporary file, no partial output, and its inputs untouched (or, with ``fix --in-place``,
either untouched or wholly replaced).
"""

from __future__ import annotations

import hashlib
import os
import select
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import CLEAN, MISTAKES

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
EXPECTED = {signal.SIGINT: 130, signal.SIGTERM: 143}


def _handlers_installed(pid: int) -> bool:
    """Whether catalog's handlers are in place: SIGTERM appears among the caught signals.
    Before that moment a signal would hit the interpreter still starting up."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) & (1 << (signal.SIGTERM - 1)))


def _family(pid: int) -> list[int]:
    """The process and its descendants (the worker processes of ``--jobs``)."""
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                waiting.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def _reading(pid: int, folder: Path) -> bool:
    """Whether the process or one of its workers has a file of ``folder`` open: the command
    is at work (on a busy machine its imports alone can take seconds)."""
    for member in _family(pid):
        try:
            descriptors = os.listdir(f"/proc/{member}/fd")
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                if os.readlink(f"/proc/{member}/fd/{descriptor}").startswith(str(folder)):
                    return True
            except OSError:
                continue
    return False


def _wait_until_checking(process: subprocess.Popen[str], folder: Path) -> None:
    if not Path("/proc/self/fd").exists():
        time.sleep(3.0)
        return
    deadline = time.monotonic() + 60
    while not (_handlers_installed(process.pid) and _reading(process.pid, folder)):
        assert process.poll() is None and time.monotonic() < deadline, "catalog never started"
        time.sleep(0.002)


def _digests(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.iterdir()}


@pytest.fixture(scope="module")
def many_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,500 catalogues: several seconds of checking, so the signal arrives mid-run."""
    folder = tmp_path_factory.mktemp("many")
    data = CLEAN.read_bytes()
    for number in range(1500):
        (folder / f"{number:04}.json").write_bytes(data)
    return folder


@pytest.mark.parametrize(("jobs", "whole_group"), [("1", False), ("2", False), ("2", True)])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_a_long_check(many_files: Path, tmp_path: Path, signum: int,
                                      jobs: str, whole_group: bool) -> None:
    """``whole_group``: as Ctrl-C in a terminal (or a CI runner cancelling a job) does, the
    signal goes to the worker processes too."""
    before = _digests(many_files)
    report = tmp_path / "report.txt"
    process = subprocess.Popen(
        [sys.executable, "-m", "catalog", "check", str(many_files), "--jobs", jobs, "--quiet",
         "-o", str(report)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8",
        start_new_session=True)
    _wait_until_checking(process, many_files)
    time.sleep(0.2)
    sent = time.monotonic()
    if whole_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == EXPECTED[signum], err
    assert time.monotonic() - sent < 10
    assert err == "已中断，没有写出不完整的文件\n"  # no traceback, from any process
    assert os.listdir(tmp_path) == []  # no report, no temporary file
    assert _digests(many_files) == before


def _run_script(script: str, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script), *argv],
                          capture_output=True, encoding="utf-8", check=False, timeout=60)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_in_the_middle_of_writing_the_report(tmp_path: Path, signum: int) -> None:
    """The process signals itself after the report's second piece, so the signal lands
    inside atomic_write for certain: the temporary file must go, no report must appear."""
    completed = _run_script("""
        import os, sys
        from catalog import reports
        from catalog.cli import main as cli

        signum, source, target = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        original = reports.render_chunks

        def interrupted(*args, **kwargs):
            for number, piece in enumerate(original(*args, **kwargs)):
                yield piece
                if number == 1:
                    os.kill(os.getpid(), signum)

        reports.render_chunks = interrupted
        sys.argv = ["catalog", "check", source, "--format", "json", "-o", target, "--lang", "en"]
        cli.run()
        """, str(int(signum)), str(MISTAKES), str(tmp_path / "report.json"))
    assert completed.returncode == EXPECTED[signum], completed.stderr
    assert completed.stderr == "interrupted; no partial file was written\n"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_fix_in_place_interrupted_leaves_the_input_whole(tmp_path: Path, signum: int) -> None:
    source = tmp_path / "catalogue.json"
    shutil.copy(MISTAKES, source)
    completed = _run_script("""
        import os, sys
        from catalog.cli import main as cli
        from catalog.workbooks import fix

        signum, source = int(sys.argv[1]), sys.argv[2]
        original = fix.fix_json

        def interrupted(path):
            changes, write = original(path)

            def write_half(stream):
                stream.write(b'{"format_version": ')
                os.kill(os.getpid(), signum)
                write(stream)

            return changes, write_half

        fix.fix_json = interrupted
        sys.argv = ["catalog", "fix", source, "--in-place"]
        cli.run()
        """, str(int(signum)), str(source))
    assert completed.returncode == EXPECTED[signum], completed.stderr
    assert completed.stderr == "已中断，没有写出不完整的文件\n"
    assert source.read_bytes() == MISTAKES.read_bytes()
    # The backup was made, whole, before the input was to be replaced.
    assert sorted(os.listdir(tmp_path)) == ["catalogue.json", "catalogue.json.bak"]
    assert (tmp_path / "catalogue.json.bak").read_bytes() == MISTAKES.read_bytes()


def test_an_interruption_python_drops_still_stops_the_run(tmp_path: Path) -> None:
    """A signal landing in a destructor (or an at-fork hook, as when ``--jobs`` starts a
    worker) raises where Python can only print the exception and drop it; the run must
    still stop at the next file, silently, with no report written."""
    for number in range(3):
        shutil.copy(CLEAN, tmp_path / f"{number}.json")
    report = tmp_path / "out" / "report.txt"
    report.parent.mkdir()
    completed = _run_script("""
        import os, signal, sys
        from catalog.checking import checker
        from catalog.cli import main as cli

        folder, report = sys.argv[1], sys.argv[2]
        original = checker.check_entries

        class Dropper:
            def __del__(self):
                os.kill(os.getpid(), signal.SIGINT)

        def check_entries(*args, **kwargs):
            for number, result in enumerate(original(*args, **kwargs)):
                if number == 0:
                    Dropper()  # the KeyboardInterrupt is raised inside __del__, and dropped
                yield result

        checker.check_entries = check_entries
        sys.argv = ["catalog", "check", folder, "--jobs", "1", "-o", report]
        cli.run()
        """, str(tmp_path), str(report))
    assert (completed.returncode, completed.stderr) == (130, "已中断，没有写出不完整的文件\n")
    assert os.listdir(report.parent) == []


def test_a_second_signal_lets_cleanup_finish_and_a_third_ends_at_once() -> None:
    completed = _run_script("""
        import os, signal, sys, time
        from catalog.core import interrupts

        interrupts.install()
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
        except KeyboardInterrupt as stop:
            print(type(stop).__name__, interrupts.exit_code(stop), flush=True)
            os.kill(os.getpid(), signal.SIGTERM)  # ignored: cleaning up
            time.sleep(0.1)
            print("still cleaning up", flush=True)
            os.kill(os.getpid(), signal.SIGTERM)  # the user insists
            time.sleep(5)
        print("not reached")
        """)
    assert completed.returncode == 143
    assert completed.stdout == "Terminated 143\nstill cleaning up\n"


def test_an_ignored_sigint_stays_ignored(tmp_path: Path) -> None:
    """``nohup`` and background jobs ignore SIGINT; catalog must not take it back."""
    completed = _run_script("""
        import os, signal, sys
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        from catalog.core import interrupts

        interrupts.install()
        os.kill(os.getpid(), signal.SIGINT)
        print("went on")
        """)
    assert (completed.returncode, completed.stdout) == (0, "went on\n")


def test_an_interrupt_before_the_command_starts_has_no_traceback() -> None:
    """While the command line is being parsed: run()'s own handler catches it."""
    completed = _run_script("""
        import os, sys
        from catalog.cli import main as cli

        signum = int(sys.argv[1])

        def parse_args(self, args=None, namespace=None):
            os.kill(os.getpid(), signum)

        import argparse
        argparse.ArgumentParser.parse_args = parse_args
        sys.argv = ["catalog", "check", "x.json"]
        cli.run()
        """, str(int(signal.SIGINT)))
    assert completed.returncode == 130
    assert completed.stderr == ("已中断，没有写出不完整的文件 / "
                                "interrupted; no partial file was written\n")


def test_the_progress_line_is_ended_before_the_message(many_files: Path) -> None:
    """On a terminal (a pseudo-terminal here) the progress bar is drawn with ``\\r``; the
    interruption message must start on a line of its own."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "catalog", "check", str(many_files),
                                "--jobs", "1", "--format", "json"],
                               stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    _wait_until_checking(process, many_files)
    shown = b""
    deadline = time.monotonic() + 60
    while "检查 [".encode() not in shown:  # the bar is drawn (every 0.2 s once files are done)
        assert process.poll() is None and time.monotonic() < deadline, "no progress bar"
        if select.select([leader], [], [], 0.05)[0]:
            shown += os.read(leader, 65536)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 130
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal's other side is closed and drained
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    text = shown.decode("utf-8").replace("\r\n", "\n")
    assert "检查 [" in text  # the bar was drawn
    assert text.endswith("\n已中断，没有写出不完整的文件\n") and "Traceback" not in text
