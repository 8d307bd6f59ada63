"""Every regular expression that sees user text, timed on 100,000 adversarial characters.

    /work/venv/bin/python benchmarks/regex.py            # 100,000 characters (or tags) each
    /work/venv/bin/python benchmarks/regex.py --size 1e6

The cases are those of tests/test_regex_linear.py (tests/hostile_files.regex_cases), which runs
them at 10,000 in the suite. A linear pattern takes milliseconds here; the quadratic forms they
replaced took from seconds to hours. The exit code is 1 when any case passes its budget.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.hostile_files import regex_cases  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=100_000, help="characters (or tags)")
    parser.add_argument("--budget", type=float, default=2.0, help="seconds allowed per case")
    args = parser.parse_args(argv)
    size, failed = int(args.size), 0
    for label, (function, build) in regex_cases().items():
        text = build(size)  # type: ignore[operator]
        start = time.perf_counter()
        function(text)  # type: ignore[operator]
        seconds = time.perf_counter() - start
        verdict = "pass" if seconds <= args.budget else "FAIL"
        failed += verdict == "FAIL"
        print(f"{seconds:8.4f} s  {verdict}  {label}")
    print(f"\n{size:,} characters per case; budget {args.budget:g} s; {failed} over budget")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
