"""Benchmarks of issues 7 and 15: each target timed against its baseline in the same run.

Rows 1-6 are issue 7's targets; rows 15.1 (four workbook kinds against calamine, CPU seconds)
and 15.2 (a 50-row file's whole-process time, the modules the check imports) are issue 15's.

    /work/venv/bin/python benchmarks/run.py                 # 1k, 10k, 100k rows, 5 runs each
    /work/venv/bin/python benchmarks/run.py --sizes 1k,10k  # smaller sets, quickly
    /work/venv/bin/python benchmarks/run.py --quick         # smoke run: 1k rows, 1 run
    /work/venv/bin/python benchmarks/run.py --profile       # also cProfile `catalog check`

Every figure is a whole process (startup, imports, reading, rules, report), the median of
``--runs`` runs; memory is the peak RSS of the process and its workers. Pass/fail is judged
only at the sizes the targets name (100,000 rows; 1,000 township files); smaller sets print
their figures as information. Generated files are cached in benchmarks/data (git-ignored).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import measure
import synth
from measure import Timing, catalog_cli, python_code

HERE = Path(__file__).resolve().parent
FULL_SIZE = 100_000
FULL_FOLDER = 1_000
RAISED_LIMITS = "[limits]\nmax_file_bytes = 1073741824\n"
FINDING_HEAVY_RULES = "CAT103,CAT205,CAT208,CAT406,CAT407"  # 225,935 of 225,943 findings
CHECK_OK = (0, 1)  # 1 = findings were reported, which is a normal outcome of a check


@dataclass
class Row:
    """One line of the results table."""

    target: str
    measured: str
    baseline: str
    ratio: str
    goal: str
    verdict: str


def size_label(rows: int) -> str:
    return f"{rows // 1000}k" if rows % 1000 == 0 else str(rows)


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower()
        if part:
            sizes.append(int(float(part[:-1]) * 1000) if part.endswith("k") else int(part))
    return sorted(set(sizes))


# ----------------------------------------------------------------------------- data


class Data:
    """Generated inputs, cached per generator version under benchmarks/data."""

    def __init__(self, root: Path) -> None:
        self.root = root / f"v{synth.GENERATOR_VERSION}"
        self.root.mkdir(parents=True, exist_ok=True)
        # Canonical JSON of 100k rows is ~110 MB, over the default 100 MiB input limit (CAT601):
        # raise it for the files here, the way a user would, so target 2 can be measured.
        (self.root / "catalog.toml").write_text(RAISED_LIMITS, encoding="utf-8")

    def _timed(self, what: str, build: Callable[[], None]) -> None:
        start = time.perf_counter()
        build()
        sys.stderr.write(f"  generated {what} in {time.perf_counter() - start:.1f} s\n")

    def workbook(self, rows: int, kind: synth.Kind = synth.SYNTHETIC) -> Path:
        name = f"rows-{rows}.xlsx" if kind == synth.SYNTHETIC else f"{kind.slug}-{rows}.xlsx"
        path = self.root / name
        if not path.exists():
            self._timed(path.name, lambda: synth.write_workbook(
                synth.make_rows(rows, kind=kind), path))
        return path

    def json(self, rows: int) -> Path:
        path = self.root / f"rows-{rows}.json"
        if not path.exists():
            self._timed(path.name, lambda: path.write_text(
                synth.document_json(synth.make_rows(rows)), encoding="utf-8"))
        return path

    def folder(self, files: int) -> Path:
        """``files`` township files of 50 rows: the same rows as ``workbook(files * 50)``."""
        folder = self.root / f"towns-{files}"
        done = folder / ".complete"
        if not done.exists():
            def build() -> None:
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                rows = synth.make_rows(files * synth.BLOCK)
                for index in range(files):
                    block = rows[index * synth.BLOCK:(index + 1) * synth.BLOCK]
                    synth.write_workbook(block, folder / f"town-{index + 1:04d}.xlsx")
                done.write_text("ok\n")
            self._timed(folder.name, build)
        return folder

    def scratch(self, name: str) -> Path:
        path = self.root / "out" / name
        path.parent.mkdir(exist_ok=True)
        return path


# ----------------------------------------------------------------------------- verdicts


def seconds(timing: Timing) -> str:
    if timing.error:
        return "error"
    return f"{timing.median:.2f} s / {timing.peak_mib:.0f} MiB"


def verdict(value: float, limit: float, lower_is_better: bool, judged: bool) -> str:
    if math.isnan(value):
        return "ERROR"
    if not judged:
        return "info"
    ok = value <= limit if lower_is_better else value >= limit
    return "pass" if ok else "FAIL"


def ratio_row(target: str, subject: Timing, base: Timing, limit: float, judged: bool,
              faster_by: bool = False) -> Row:
    """``subject / base`` at most ``limit``; or with ``faster_by``, ``base / subject`` at least."""
    if faster_by:
        value = base.median / subject.median
        goal = f">= {limit:g}x faster"
    else:
        value = subject.median / base.median
        goal = f"<= {limit:g}x"
    return Row(target, seconds(subject), f"{base.label}: {seconds(base)}", f"{value:.2f}x",
               goal, verdict(value, limit, not faster_by, judged))


# ----------------------------------------------------------------------------- targets


def cpu_text(timing: Timing) -> str:
    if timing.error:
        return "error"
    return f"{timing.cpu_median:.2f} s CPU / {timing.peak_mib:.0f} MiB"


def cpu_ratio_row(target: str, subject: Timing, base: Timing, limit: float,
                  judged: bool) -> Row:
    """``subject / base`` in CPU seconds (user + system of the whole process) at most ``limit``."""
    value = subject.cpu_median / base.cpu_median
    return Row(target, cpu_text(subject), f"{base.label}: {cpu_text(base)}", f"{value:.2f}x",
               f"<= {limit:g}x", verdict(value, limit, True, judged))


KINDS = (synth.SYNTHETIC, synth.Kind(clean=True), synth.Kind(varied=True),
         synth.Kind(varied=True, clean=True))


def target_check_kinds(data: Data, rows: int, runs: int, table: list[Row]) -> Timing:
    """Issue 15, target 1: `catalog check` (text; JSON) of each workbook kind against bare
    calamine reading the same file, interleaved, CPU seconds. Returns the synthetic text check."""
    label = size_label(rows)
    judged = rows == FULL_SIZE
    result = None
    for kind in KINDS:
        path = str(data.workbook(rows, kind))
        timings = measure.interleaved({
            "calamine": (python_code(measure.CALAMINE_ITERATE, path), (0,)),
            f"check {kind.label} {label}": (catalog_cli("check", "-o", os.devnull, path),
                                            CHECK_OK),
            f"check --format json {kind.label} {label}": (
                catalog_cli("check", "--format", "json", "-o", os.devnull, path), CHECK_OK),
        }, runs)
        calamine, text, report = timings.values()
        table.append(cpu_ratio_row(f"15.1 check {kind.label} {label} vs calamine", text, calamine,
                                   3.0, judged))
        table.append(cpu_ratio_row(f"15.1 check --format json {kind.label} {label} vs calamine",
                                   report, calamine, 3.5, judged))
        peak = max(text.peak_mib, report.peak_mib)
        table.append(Row(f"15.1 check {kind.label} {label} peak memory", f"{peak:.0f} MiB", "", "",
                         "<= 300 MiB", verdict(peak or math.nan, 300, True, judged)))
        if kind == synth.SYNTHETIC:
            result = text
    assert result is not None
    return result


def target_check_xlsx(data: Data, rows: int, runs: int, check: Timing,
                      table: list[Row]) -> None:
    """Issue 7's yardsticks, now information: openpyxl and calamine + pydantic per row."""
    label = size_label(rows)
    path = str(data.workbook(rows))
    openpyxl = measure.measure("openpyxl r/o", python_code(measure.OPENPYXL_ITERATE, path), runs)
    reference = measure.measure("calamine+dict+pydantic",
                                python_code(measure.CALAMINE_PYDANTIC, path), runs)
    table.append(ratio_row(f"  (check xlsx {label} vs calamine+dict+pydantic)", check,
                           reference, 2, False))
    table.append(ratio_row(f"  (check xlsx {label} vs openpyxl r/o)", check, openpyxl, 3, False,
                           faster_by=True))


def target_check_json(data: Data, rows: int, runs: int, table: list[Row]) -> None:
    label = size_label(rows)
    path = str(data.json(rows))
    check = measure.measure(f"check json {label}", catalog_cli("check", path), runs, CHECK_OK)
    base = measure.measure("json.load+pydantic", python_code(measure.JSON_VALIDATE, path), runs)
    table.append(ratio_row(f"2 check json {label} vs json.load+pydantic", check, base, 2,
                           rows == FULL_SIZE))


def convert(label: str, source: Path, target: Path, runs: int) -> Timing:
    """`catalog convert`; if the CLI refuses the input's size, the same calls via the API."""
    prepare = lambda: target.unlink(missing_ok=True)  # noqa: E731
    timing = measure.measure(label, catalog_cli("convert", str(source), str(target)), runs,
                             prepare=prepare)
    if timing.error and "CAT601" in timing.error:
        sys.stderr.write("  CLI convert refuses the file size (CAT601); measuring via the API\n")
        timing = measure.measure(label + " (api, limit raised)", python_code(
            measure.CONVERT_RAISED_LIMIT, str(source), str(target)), runs, prepare=prepare)
    return timing


def target_convert(data: Data, rows: int, runs: int, check: Timing, table: list[Row]) -> None:
    label = size_label(rows)
    judged = rows == FULL_SIZE
    to_xlsx, to_json = data.scratch(f"convert-{rows}.xlsx"), data.scratch(f"convert-{rows}.json")
    forward = convert(f"convert json->xlsx {label}", data.json(rows), to_xlsx, runs)
    table.append(Row(f"3 {forward.label}", seconds(forward), "", "", "<= 30 s",
                     verdict(forward.median if not forward.error else math.nan, 30, True,
                             judged)))
    back = convert(f"convert xlsx->json {label}", data.workbook(rows), to_json, runs)
    table.append(ratio_row(f"3 {back.label} vs check", back, check, 1.5, judged))


def target_folder(data: Data, files: int, runs: int, table: list[Row]) -> None:
    folder = data.folder(files)
    single = data.workbook(files * synth.BLOCK)
    many = measure.measure(f"check --jobs 2 {files} files",
                           catalog_cli("check", "--jobs", "2", "--quiet", str(folder)), runs,
                           CHECK_OK)
    one = measure.measure(f"check 1x{files * synth.BLOCK} rows",
                          catalog_cli("check", "--quiet", str(single)), runs, CHECK_OK)
    table.append(ratio_row(f"4 check --jobs 2 {files}x50-row files vs 1 file", many, one, 3,
                           files == FULL_FOLDER))


HEAVY_MODULES = ("pydantic", "jsonschema", "openpyxl", "xlsxwriter", "jinja2", "defusedxml")
IMPORTED = """
import sys
from catalog.cli.main import main
main(["check", "--quiet", "-o", "/dev/null", *sys.argv[1:]])
print(" ".join(m for m in HEAVY if m in sys.modules) or "-")
""".replace("HEAVY", repr(HEAVY_MODULES))


def target_small(data: Data, runs: int, table: list[Row]) -> None:
    """Issue 15, target 2: whole-process `catalog check` of a 50-row workbook, what it imports."""
    runs = max(runs, 10)
    path = str(data.workbook(synth.BLOCK))
    timings = measure.interleaved({
        "python -c pass": (python_code("pass"), (0,)),
        "check 50 rows": (catalog_cli("check", "--quiet", "-o", os.devnull, path), CHECK_OK),
    }, runs)
    bare, check = timings.values()
    # Judged on CPU seconds: on an idle machine they are the wall time of this one-thread
    # command, and on the shared 2-core machine the wall time mostly measures the others' load.
    table.append(Row("15.2 check 50 rows, whole process (CPU; wall)",
                     f"{check.cpu_median:.3f} s CPU; {check.median:.3f} s wall",
                     f"python startup: {bare.cpu_median:.3f} s CPU", "", "<= 0.15 s",
                     verdict(check.cpu_median, 0.15, True, True)))
    imported = subprocess.run(python_code(IMPORTED, path), capture_output=True, text=True,
                              check=False).stdout.strip() or "error"
    table.append(Row("15.2 heavy modules imported by check (in-process)", imported, "", "",
                     "no pydantic", "pass" if "pydantic" not in imported.split() and
                     imported != "error" else "FAIL"))
    trace = subprocess.run([measure.PYTHON, "-X", "importtime", "-m", "catalog", "check",
                            "--quiet", "-o", os.devnull, path], capture_output=True,
                           text=True, check=False).stderr
    own = [int(line.split("|")[0].split(":")[1]) for line in trace.splitlines()
           if line.startswith("import time:") and line.split("|")[0].split(":")[1].strip()
           .isdigit()]
    table.append(Row("  (import time of `check`, -X importtime, sum of self times)",
                     f"{sum(own) / 1e6:.3f} s", f"{len(own)} modules", "", "", "info"))


def target_import(runs: int, table: list[Row]) -> None:
    runs = max(runs, 10)  # tiny figures: more runs for a stable median
    bare = measure.measure("python -c pass", python_code("pass"), runs)
    cli = measure.measure("import catalog.cli.main", python_code("import catalog.cli.main"), runs)
    value = cli.median - bare.median
    table.append(Row("5 import catalog.cli.main (minus bare python)", f"{value:.3f} s",
                     f"python startup: {bare.median:.3f} s", "", "< 0.3 s",
                     verdict(value, 0.3, True, True)))


def target_streaming(data: Data, rows: int, runs: int, check: Timing,
                     table: list[Row]) -> None:
    label = size_label(rows)
    path = str(data.workbook(rows))
    streamed = measure.measure(f"check xlsx {label} streaming",
                               catalog_cli("check", "--streaming", "--quiet", "-o", os.devnull,
                                           path), runs, CHECK_OK)
    table.append(Row(f"6 check --streaming {label}", seconds(streamed),
                     f"default path: {seconds(check)}",
                     f"{streamed.median / check.median:.2f}x", "peak < default path",
                     verdict(streamed.peak_mib - check.peak_mib, 0, True, rows == FULL_SIZE)))
    # The same without the five rules behind 99% of the findings: what the grid costs, once
    # 226,000 findings no longer dominate both peaks.
    few = ("--ignore", FINDING_HEAVY_RULES)
    plain = measure.measure(f"check xlsx {label} few findings",
                            catalog_cli("check", *few, "--quiet", "-o", os.devnull, path), runs,
                            CHECK_OK)
    lean = measure.measure(f"check xlsx {label} few findings, streaming",
                           catalog_cli("check", *few, "--streaming", "--quiet", "-o",
                                       os.devnull, path), runs, CHECK_OK)
    table.append(Row(f"  (--streaming {label}, {FINDING_HEAVY_RULES} ignored)", seconds(lean),
                     f"default path: {seconds(plain)}", f"{lean.median / plain.median:.2f}x",
                     "peak < default path",
                     verdict(lean.peak_mib - plain.peak_mib, 0, True, False)))


# ----------------------------------------------------------------------------- output


def print_table(table: list[Row]) -> None:
    headers = Row("target", "median / peak", "baseline", "ratio", "goal", "result")
    columns = list(zip(*[(r.target, r.measured, r.baseline, r.ratio, r.goal, r.verdict)
                         for r in [headers, *table]], strict=True))
    widths = [max(len(cell) for cell in column) for column in columns]
    for index, row in enumerate([headers, *table]):
        cells = (row.target, row.measured, row.baseline, row.ratio, row.goal, row.verdict)
        print("  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))


PROFILE = """
import cProfile, sys
from catalog.checking.checker import CheckOptions, check_file
from catalog.formats.screening import Limits
# In this process: the command line checks each file in a worker process, out of cProfile's
# sight. The data folder's raised size limit, as --trust-settings gives it.
options = CheckOptions(reader_options={"limits": Limits.from_mapping({"max_file_bytes": 1 << 30})})
cProfile.run("check_file(sys.argv[2], options)", sys.argv[1])
"""


def profile_check(path: Path, top: int) -> None:
    """cProfile of `catalog check` in one process: top functions by cumulative and own time."""
    stats = path.with_suffix(path.suffix + ".prof")
    subprocess.run(python_code(PROFILE, str(stats), str(path)), stdout=subprocess.DEVNULL,
                   check=False)
    if not stats.exists():
        print(f"\nprofile of {path.name} failed (see stderr)")
        return
    import pstats

    for order in ("cumulative", "tottime"):
        print(f"\n### cProfile of `catalog check {path.name}`, top {top} by {order}")
        pstats.Stats(str(stats), stream=sys.stdout).strip_dirs().sort_stats(order).print_stats(
            top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,100k", help="rows per workbook, e.g. 1k,10k")
    parser.add_argument("--runs", type=int, default=5, help="runs per command (median)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1k rows, 1 run")
    parser.add_argument("--folder-files", type=int,
                        help="township files for target 4 (default 1000, or largest size/100)")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of `catalog check` on the largest workbook")
    parser.add_argument("--data", type=Path, default=HERE / "data", help="cache of inputs")
    parser.add_argument("--only", choices=["folder", "kinds", "small"],
                        help="run one target: folder = target 4 (e.g. the cost of isolation); "
                             "kinds = check of the four workbook kinds vs calamine (issue 15); "
                             "small = 50-row latency and imports (issue 15)")
    args = parser.parse_args(argv)
    sizes = [1000] if args.quick else parse_sizes(args.sizes)
    runs = 1 if args.quick else args.runs
    largest = sizes[-1]
    files = args.folder_files or (10 if args.quick else min(FULL_FOLDER, max(2, largest // 100)))
    data = Data(args.data)
    import catalog

    measure.compile_tree(Path(catalog.__file__).parent)  # the tree the commands run
    table: list[Row] = []
    checks: dict[int, Timing] = {}
    if args.only in ("folder", "small"):
        sizes = []
    for rows in sizes:
        sys.stderr.write(f"== {size_label(rows)} rows\n")
        checks[rows] = target_check_kinds(data, rows, runs, table)
        if args.only != "kinds":
            target_check_xlsx(data, rows, runs, checks[rows], table)
            target_check_json(data, rows, runs, table)
    if args.only in ("kinds", "small"):
        if args.only == "small":
            target_small(data, runs, table)
        print_table(table)
        return 1 if any(row.verdict in ("FAIL", "ERROR") for row in table) else 0
    if sizes:
        sys.stderr.write(f"== convert, streaming ({size_label(largest)} rows)\n")
        target_convert(data, largest, runs, checks[largest], table)
        target_streaming(data, largest, runs, checks[largest], table)
    sys.stderr.write(f"== folder of {files} files\n")
    target_folder(data, files, runs, table)
    if sizes:
        target_import(runs, table)
        target_small(data, runs, table)
    print(f"\nruns per figure: {runs} (median); sizes: {', '.join(map(size_label, sizes))}; "
          f"python {sys.version.split()[0]}; judged only at {FULL_SIZE:,} rows / "
          f"{FULL_FOLDER} files\n")
    print_table(table)
    if args.profile:
        profile_check(data.workbook(largest), 15)
        profile_check(data.json(largest), 15)
    failed = [row for row in table if row.verdict in ("FAIL", "ERROR")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
