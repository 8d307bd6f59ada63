"""The suite's own settings (tests/conftest.py). Hypothesis profiles: the quick default runs a
quarter of each test's examples; HYPOTHESIS_PROFILE=thorough, which .ci/run sets, runs all of
them. The order of modules: the long browser and office ones first, for pytest-xdist."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

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
    assert counts(None) == [25, 37, 10, 8]


def test_ci_runs_the_thorough_profile() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "HYPOTHESIS_PROFILE=thorough python -m pytest\n" in script


def test_ci_runs_the_steps_the_default_command_leaves_out() -> None:
    """The page tests and the heavy hostile cases are deselected by default (addopts) for a
    fast local run; CI must run both, as steps of their own."""
    addopts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["pytest"]["ini_options"]["addopts"]
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for marker in ("browser", "hostile_heavy"):
        assert f"not {marker}" in addopts
        assert f"python -m pytest -m {marker} " in script


def test_browser_and_office_modules_run_first(request: pytest.FixtureRequest) -> None:
    def heavy(item: pytest.Item) -> bool:
        module = item.getparent(pytest.Module)
        return module is not None and any(module.get_closest_marker(name)
                                          for name in ("browser", "office"))

    order = [heavy(item) for item in request.session.items]
    assert order == sorted(order, reverse=True)
