"""Two source trees checking the same workbooks in interleaved rounds, against bare calamine.

    git archive <commit> src domains schemas | tar -x -C /tmp/before
    /work/venv/bin/python benchmarks/ab.py --before /tmp/before/src --after src FILE...

Each round runs calamine, then ``catalog check`` (text, then ``--format json``) with each tree
on ``PYTHONPATH``; figures are CPU seconds of the whole process tree (``wait4``), medians over
the rounds, so a load spike from the machine's other users hits both trees alike.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import measure
from measure import python_code


def check(src: Path, path: str, *extra: str) -> list[str]:
    # --trust-settings: the data folder's catalog.toml raises the size limit (see run.py)
    return ["/usr/bin/env", f"PYTHONPATH={src.resolve()}", measure.PYTHON, "-m", "catalog",
            "check", "--trust-settings", "-o", os.devnull, *extra, path]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the src folder before")
    parser.add_argument("--after", type=Path, required=True, help="the src folder after")
    parser.add_argument("--runs", type=int, default=3, help="rounds (median)")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    found = (0, 1)  # 1 = the check reported findings
    for tree in (args.before, args.after):
        measure.compile_tree(tree)
    for path in args.files:
        timings = measure.interleaved({
            "calamine": (python_code(measure.CALAMINE_ITERATE, path), (0,)),
            "before": (check(args.before, path), found),
            "after": (check(args.after, path), found),
            "before json": (check(args.before, path, "--format", "json"), found),
            "after json": (check(args.after, path, "--format", "json"), found),
        }, args.runs)
        calamine = timings["calamine"].cpu_median
        print(Path(path).name)
        for label, timing in timings.items():
            print(f"  {label:12s} {timing.cpu_median:6.2f} s CPU  "
                  f"{timing.cpu_median / calamine:5.2f}x  {timing.peak_mib:4.0f} MiB  "
                  f"rounds {[round(cpu, 2) for cpu in timing.cpu]}")


if __name__ == "__main__":
    main()
