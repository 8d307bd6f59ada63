"""The suite's hypothesis profiles (tests/conftest.py): the quick default runs a quarter of
each test's examples; HYPOTHESIS_PROFILE=thorough, which .ci/run sets, runs all of them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COUNTS = ("from hypothesis import settings\nfrom tests.conftest import examples\n"
          "print(settings.default.max_examples, examples(150), examples(40), examples(8))")


def counts(profile: str | None) -> list[int]:
    """Examples under ``profile``: the profile's own, then those of tests asking for 150, 40, 8."""
    env = {key: value for key, value in os.environ.items() if key != "HYPOTHESIS_PROFILE"}
    if profile:
        env["HYPOTHESIS_PROFILE"] = profile
    done = subprocess.run([sys.executable, "-c", COUNTS], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return [int(word) for word in done.stdout.split()]


def test_the_thorough_profile_keeps_every_count() -> None:
    assert counts("thorough") == [100, 150, 40, 8]


def test_the_default_is_quick_a_quarter_but_at_least_ten() -> None:
    assert counts(None) == counts("quick") == [25, 37, 10, 8]


def test_ci_runs_the_thorough_profile() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "HYPOTHESIS_PROFILE=thorough python -m pytest\n" in script
