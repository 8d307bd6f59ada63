"""Supervised workers: a file that aborts, exhausts memory or overruns costs that file only."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from catalog.core.isolation import Failure, describe_exit, supervised_map


def _work(item: str) -> str:
    """Misbehaves on request: each behaviour stands for a class of hostile file."""
    if item == "abort":
        os.abort()  # what a native reader does when an allocation fails
    if item == "sleep":
        time.sleep(60)
    if item == "allocate":
        return str(len(bytearray(8 << 30)))  # 8 GiB: past the cap
    return item.upper()


def _failed(item: str, failure: Failure) -> str:
    return f"{item}:{failure.kind}:{failure.detail}"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_aborts_costs_its_item_only(jobs: int) -> None:
    results = list(supervised_map(_work, ["a", "abort", "b", "abort", "c"], jobs,
                                  failed=_failed))
    assert results == ["A", "abort:crashed:SIGABRT", "B", "abort:crashed:SIGABRT", "C"]


def test_memory_cap_turns_a_huge_allocation_into_a_failure() -> None:
    results = list(supervised_map(_work, ["allocate", "x"], 1, failed=_failed,
                                  budget=lambda item: (256 << 20, None)))
    assert results[0].startswith("allocate:crashed:")  # MemoryError ended the worker
    assert results[1] == "X"


def test_time_budget_stops_a_slow_item() -> None:
    start = time.monotonic()
    results = list(supervised_map(_work, ["sleep", "y"], 2, failed=_failed,
                                  budget=lambda item: (None, 0.5)))
    assert results == ["sleep:timeout:0.5 s", "Y"]
    assert time.monotonic() - start < 10


def test_stopping_early_kills_busy_workers_at_once() -> None:
    """What Ctrl-C does: the consumer stops; no worker is waited for."""
    import multiprocessing

    outcomes = supervised_map(_work, ["a", "sleep", "sleep", "b"], 2, failed=_failed)
    assert next(outcomes) == "A"
    start = time.monotonic()
    outcomes.close()
    assert time.monotonic() - start < 2
    assert not multiprocessing.active_children()


def test_describe_exit() -> None:
    assert describe_exit(-6) == "SIGABRT"
    assert describe_exit(1) == "exit 1"


def test_check_paths_reports_a_reader_abort_and_goes_on(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the guard misses: with the extent check switched off, python-calamine really
    aborts on a far corner cell; the file becomes CAT623 and the next file is checked."""
    import catalog.formats.sheet_extent
    from catalog.checking.checker import CheckOptions, check_paths
    from catalog.formats.screening import Limits
    from tests import hostile_files

    monkeypatch.setattr(catalog.formats.sheet_extent, "check_sheet_extent",
                        lambda *args, **kwargs: {})
    far = tmp_path / "far.xlsx"
    far.write_bytes(hostile_files.xlsx(hostile_files.worksheet(
        b'<row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')))
    good = Path(__file__).parent.parent / "examples/township-social-assistance/catalogue.json"
    options = CheckOptions(reader_options={"limits": Limits(max_seconds_per_file=60)})
    results = list(check_paths([far, good, far], options, jobs=2))
    assert [r.findings[0].code for r in (results[0], results[2])] == ["CAT623", "CAT623"]
    assert [r.readable for r in results] == [False, True, False]


def test_ctrl_c_with_jobs_stops_every_worker_within_a_second(tmp_path: Path) -> None:
    """The terminal sends SIGINT to the whole process group while two workers are busy."""
    import signal
    import subprocess
    import sys

    from tests import hostile_files

    for index in range(4):
        (tmp_path / f"town-{index}.csv").write_bytes(hostile_files.csv_many_findings(150_000))
    run = subprocess.Popen([sys.executable, "-m", "catalog", "check", "--jobs", "2", "--quiet",
                            str(tmp_path)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(2.5)  # imports, the walk, and both workers well into their first file
    assert run.poll() is None
    os.killpg(run.pid, signal.SIGINT)
    start = time.monotonic()
    run.wait(timeout=30)
    assert time.monotonic() - start < 1.5
    assert run.returncode == 130
    assert b"Traceback" not in run.stderr.read()  # type: ignore[union-attr]
    time.sleep(0.2)
    left = subprocess.run(["pgrep", "-g", str(run.pid)], capture_output=True, text=True)
    assert left.stdout.split() == []


@pytest.fixture
def far_corner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workbook on which python-calamine really aborts, with the extent guard switched off
    (so it stands for whatever a future guard misses)."""
    import catalog.formats.sheet_extent
    from tests import hostile_files

    monkeypatch.setattr(catalog.formats.sheet_extent, "check_sheet_extent",
                        lambda *args, **kwargs: {})
    far = tmp_path / "far.xlsx"
    far.write_bytes(hostile_files.xlsx(hostile_files.worksheet(
        b'<row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')))
    return far


def test_read_isolated_turns_a_reader_abort_into_cat623(far_corner: Path) -> None:
    from catalog.checking.checker import read_isolated
    from catalog.core.findings import InputError

    with pytest.raises(InputError) as raised:
        read_isolated(far_corner)
    assert raised.value.code == "CAT623"
    good = Path(__file__).parent.parent / "examples/township-workbook"
    workbook = next(good.glob("*.xlsx"))
    assert read_isolated(workbook).document.catalogues  # a sound workbook reads as before


@pytest.mark.parametrize("command", [
    ["convert", "{far}", "{out}/x.json"],
    ["fix", "{far}", "-o", "{out}/x.xlsx"],
    ["coverage", "{far}", "{good}"],
    ["diff", "{far}", "{good}"],
    ["publish", "{far}", "-o", "{out}/site"],
    ["scorecard", "{far}", "{good}"],
])
def test_every_command_survives_a_reader_abort(far_corner: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               command: list[str]) -> None:
    """Not only check: every command that reads spreadsheets reads them in a supervised
    worker, so the abort is this file's CAT623 (exit 2) and the process lives on."""
    from catalog.cli.main import main

    good = Path(__file__).parent.parent / "examples/township-social-assistance/catalogue.json"
    out = tmp_path / "out"
    out.mkdir()
    argv = [part.format(far=far_corner, good=good, out=out) for part in command]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "CAT623" in captured.out + captured.err or "内存" in captured.out + captured.err


SUPERVISOR = """
import os, sys, time
from catalog.core.isolation import supervised_map

def work(item):
    with open(sys.argv[1], "w") as marker:
        marker.write(str(os.getpid()))
    time.sleep(60)

list(supervised_map(work, [1], 1, failed=lambda item, failure: None))
"""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")  # exited, unreaped
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not os.path.exists("/proc/self"), reason="Linux: PR_SET_PDEATHSIG")
@pytest.mark.parametrize("killed_after", [0.0, 0.5])  # before and after the signal is asked
def test_a_busy_worker_dies_with_its_supervisor(tmp_path: Path, killed_after: float) -> None:
    import signal
    import subprocess
    import sys

    marker = tmp_path / "worker.pid"
    supervisor = subprocess.Popen([sys.executable, "-c", SUPERVISOR, str(marker)])
    try:
        deadline = time.monotonic() + 30
        while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
            time.sleep(0.01)
        worker = int(marker.read_text())
        time.sleep(killed_after)
    finally:
        supervisor.send_signal(signal.SIGKILL)
        supervisor.wait()
    deadline = time.monotonic() + 5
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    if not _gone(worker):
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived its supervisor")


def _where(loaded: object) -> int:
    return os.getpid()


def _refuse(loaded: object) -> None:
    raise FileNotFoundError(2, "No such file or directory")


def _bug(loaded: object) -> None:
    raise ValueError("a bug in the caller's use")


def test_use_isolated_runs_the_use_where_the_file_is_read() -> None:
    """Only the use's result comes back from a workbook's worker (convert sends findings, not
    100,000 items); a JSON file is read, and used, here."""
    from catalog.checking.checker import use_isolated
    from catalog.core.findings import InternalError

    examples = Path(__file__).parent.parent / "examples"
    workbook = next((examples / "township-workbook").glob("*.xlsx"))
    assert use_isolated(workbook, _where) != os.getpid()
    assert use_isolated(examples / "township-social-assistance/catalogue.json",
                        _where) == os.getpid()
    with pytest.raises(FileNotFoundError):  # an output refused: the caller says which
        use_isolated(workbook, _refuse)
    with pytest.raises(InternalError, match="a bug in the caller's use"):
        use_isolated(workbook, _bug)
