"""What ``catalog check`` imports (issue 15: a 50-row check is mostly start-up).

Each module listed here was taken off the check path because a check of an ordinary workbook
never runs it; a change that imports one of them again at start-up fails here, not only in the
benchmark.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = ROOT / "examples/township-workbook/jiangshang-social-assistance.xlsx"

# Not imported by a check (nor by its worker), and why.
OFF_THE_CHECK_PATH = {
    "importlib.metadata": "plugins are screened from entry_points.txt (catalog.core.plugins)",
    "email": "pulled in by importlib.metadata",
    "hashlib": "only baselines and workbooks catalog wrote hash anything",
    "traceback": "only a bug needs a traceback",
    "catalog.checking.baseline": "only with --baseline",
    "catalog.reports.html": "each report format's renderer loads when it is written",
    "catalog.reports.sarif": "same",
    "catalog.reports.junit": "same",
    "catalog.reports.github": "same",
    "catalog.reports.json_report": "same (the text report is asked for here)",
    "catalog.pages": "the HTML report's page foundation",
    "jinja2": "same",
    "catalog.cli.serve": "only the command being run is imported",
    "catalog.cli.convert": "same",
    "catalog.cli.scorecard": "same",
    "multiprocessing": "workers are forked by catalog.core.forking",
    "socket": "pulled in by multiprocessing",
    "subprocess": "same",
    "tomllib": "only a folder with a catalog.toml needs it",
    "tempfile": "only a report written to a file needs it (this one is printed)",
    "catalog.standard.model": "pydantic models: built only when a caller asks for them",
    "pydantic": "same",
}
# The CLI as `catalog check` runs it (the file is checked in a forked worker), then the same
# check in this process, which imports what the worker does.
PROGRAM = """
import sys
from catalog.cli.main import main
code = main(["check", "--quiet", "--format", "text", sys.argv[1]])
assert code in (0, 1), code
from catalog.checking.checker import check_file
result = check_file(sys.argv[1])
assert result.items and result.findings
print("MODULES", " ".join(sorted(sys.modules)))
"""


def _imported_by_a_check(folder: Path) -> set[str]:
    workbook = folder / WORKBOOK.name  # away from the example's catalog.toml
    shutil.copyfile(WORKBOOK, workbook)
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(workbook)],
                          capture_output=True, text=True, check=True)
    return set(done.stdout.rsplit("MODULES", 1)[1].split())


def test_a_check_imports_none_of_the_modules_it_never_runs(tmp_path: Path) -> None:
    imported = _imported_by_a_check(tmp_path)
    assert "catalog.checking.checker" in imported and "catalog.reports.text" in imported
    assert sorted(set(OFF_THE_CHECK_PATH) & imported) == []


@pytest.mark.parametrize(("format_", "renderer"), [("json", "catalog.reports.json_report"),
                                                   ("sarif", "catalog.reports.sarif")])
def test_the_renderer_asked_for_is_loaded(format_: str, renderer: str) -> None:
    code = PROGRAM.replace('"--format", "text"', f'"--format", "{format_}"')
    done = subprocess.run([sys.executable, "-c", code, str(WORKBOOK)], capture_output=True,
                          text=True, check=True)
    assert renderer in done.stdout.rsplit("MODULES", 1)[1].split()
