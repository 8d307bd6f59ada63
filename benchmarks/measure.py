"""Whole-process timing: wall time and peak memory of one command, median over runs.

Peak memory is the ``ru_maxrss`` of the command as returned by ``os.wait4`` (the per-child
form of ``getrusage(RUSAGE_CHILDREN)``): it covers the command and every process it waited
for, so the worker processes of ``--jobs`` count too. Linux carries a process's memory high
mark across fork and exec, so a command spawned straight from this (large) script would report
at least this script's size; each command is therefore spawned from a tiny launcher
(``python -S``, about 8 MiB, the floor of every figure), which also times it.
"""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PYTHON = sys.executable


def compile_tree(src: Path) -> None:
    """Write the bytecode of a source tree, as pip does when it installs a wheel.

    Without it, a shell with ``PYTHONDONTWRITEBYTECODE`` set (this machine's) compiles every
    changed module again on each run: 0.1 s of a 0.2 s small-file check is then compilation,
    which no installed copy pays.
    """
    import compileall

    compileall.compile_dir(str(src), quiet=2)

# Baselines: the bare libraries doing the least work a checker must do.
LAUNCHER = """
import os, sys, time
errors = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
null = os.open(os.devnull, os.O_WRONLY)
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ, file_actions=[
    (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, errors, 2)])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status),
      usage.ru_utime + usage.ru_stime)
"""
CALAMINE_ITERATE = """
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
cells = 0
for name in book.sheet_names:
    for row in book.get_sheet_by_name(name).iter_rows():
        cells += len(row)
print(cells)
"""
# The issue's own yardstick: reading plus a dict and a pydantic validation per row (it measured
# this at about 1.8x bare calamine on its workbook, before any 同上, parsing or rules).
CALAMINE_PYDANTIC = """
import sys
from pydantic import BaseModel
from python_calamine import CalamineWorkbook
class Row(BaseModel):
    seq: str; category: str; name: str; content: str; basis: str; time_limit: str
    subject: str; channels: str; society: str; group: str; proactive: str; on_request: str
    county: str; township: str
keys = list(Row.model_fields)
book = CalamineWorkbook.from_path(sys.argv[1])
rows = []
for name in book.sheet_names:
    for row in book.get_sheet_by_name(name).iter_rows():
        rows.append(Row.model_validate(dict(zip(keys, map(str, row)))))
print(len(rows))
"""
OPENPYXL_ITERATE = """
import sys
import openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
cells = 0
for sheet in book.worksheets:
    for row in sheet.iter_rows(values_only=True):
        cells += len(row)
print(cells)
"""
JSON_VALIDATE = """
import json, sys
from catalog.standard.model import Document
with open(sys.argv[1], encoding="utf-8") as stream:
    data = json.load(stream)
document = Document.model_validate(data)
print(sum(len(c.items) for c in document.catalogues))
"""
# `catalog convert` as cli._run_convert does it, but with the input size limit raised, for
# inputs over the limit when the CLI is not given it (CAT601).
CONVERT_RAISED_LIMIT = """
import sys
from catalog.api import dump, load
from catalog.formats.screening import Limits
limits = Limits.from_mapping({"max_file_bytes": 1 << 30})
dump(load(sys.argv[1], limits=limits).document, sys.argv[2])
"""
# `catalog check` with the reader's low-memory streaming backend forced: the CLI has no flag
# for it, so lower the reader's automatic size threshold before running the normal CLI.
@dataclass
class Timing:
    """Median wall time and the largest peak memory over the runs of one command."""

    label: str
    seconds: list[float] = field(default_factory=list)
    peak_kib: int = 0
    error: str | None = None
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the process tree

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024


def python_code(code: str, *args: str) -> list[str]:
    return [PYTHON, "-c", code, *args]


def catalog_cli(command: str, *args: str) -> list[str]:
    # The data folder's catalog.toml is the benchmark's own (it raises max_file_bytes above
    # the built-in ceiling, which an untrusted settings file may not do): trust it.
    trust = ("--trust-settings",) if command in ("check", "convert", "diff") else ()
    return [PYTHON, "-m", "catalog", command, *trust, *args]


def run_once(command: Sequence[str], ok_codes: Sequence[int]
             ) -> tuple[float, int, str | None, float]:
    """(seconds, peak KiB, error or None, CPU seconds) of one whole-process run; stdout is
    discarded."""
    with tempfile.NamedTemporaryFile(suffix=".stderr") as errors:
        launched = subprocess.run([PYTHON, "-S", "-c", LAUNCHER, errors.name, *command],
                                  capture_output=True, text=True, check=False)
        try:
            seconds, peak, code, cpu = launched.stdout.split()
        except ValueError:
            return math.nan, 0, f"launcher failed: {launched.stderr.strip()[-300:]}", math.nan
        if int(code) not in ok_codes:
            tail = Path(errors.name).read_text("utf-8", "replace").strip().splitlines()[-3:]
            return float(seconds), int(peak), f"exit {code}: {' | '.join(tail)}", float(cpu)
    return float(seconds), int(peak), None, float(cpu)


def measure(label: str, command: Sequence[str], runs: int,
            ok_codes: Sequence[int] = (0,), prepare: object = None) -> Timing:
    """Run ``command`` ``runs`` times (after ``prepare()`` each time, if given)."""
    timing = Timing(label)
    for index in range(runs):
        if callable(prepare):
            prepare()
        if not _record(timing, command, ok_codes, f"run {index + 1}/{runs}"):
            break
    return timing


def _record(timing: Timing, command: Sequence[str], ok_codes: Sequence[int], note: str) -> bool:
    seconds, peak, error, cpu = run_once(command, ok_codes)
    if error:
        timing.error = error
        sys.stderr.write(f"  {timing.label}: FAILED {timing.error}\n")
        return False
    timing.seconds.append(seconds)
    timing.cpu.append(cpu)
    timing.peak_kib = max(timing.peak_kib, peak)
    sys.stderr.write(f"  {timing.label}: {note} {seconds:.2f} s wall, {cpu:.2f} s CPU, "
                     f"{peak / 1024:.0f} MiB\n")
    return True


def interleaved(commands: dict[str, tuple[Sequence[str], Sequence[int]]],
                runs: int) -> dict[str, Timing]:
    """Each command once per round, ``runs`` rounds: a load spike from the other users of the
    machine hits every command of a round alike, so ratios within a run stay comparable."""
    timings = {label: Timing(label) for label in commands}
    for index in range(runs):
        for label, (command, ok_codes) in commands.items():
            if timings[label].error is None:
                _record(timings[label], command, ok_codes, f"round {index + 1}/{runs}")
    return timings
