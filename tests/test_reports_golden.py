"""Reports byte for byte as saved (issue 15): speed work must not change what users read.

Every fixture (built as .xlsx and as .csv) and every example input is checked with
``catalog check`` in three reports (text in Chinese, text in English, JSON) and the output is
compared with the files in ``tests/fixtures/reports_golden/``, saved from the code before the
columnar rework (commit 7e5d3e5). The .xlsx inputs are also checked through the ``--streaming``
openpyxl backend against the same JSON reports, so the two reading paths stay identical.

Other work may change reports on purpose (a new message, a new rule). Then regenerate with::

    PYTHONPATH=src python -m tests.test_reports_golden

and commit the changed files with the change that explains them: a regeneration is a
deliberate, reviewed change of what users see, never a way to make this test pass.
The tool version in the JSON report is replaced by ``<version>`` so a release does not count
as a change.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from catalog.cli.main import main
from tests.workbook_builder import build, to_csv

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
GOLDEN = FIXTURES / "reports_golden"
EXAMPLE_SUFFIXES = (".xlsx", ".json", ".csv")
REPORTS = {"zh.txt": ("--format", "text"), "en.txt": ("--format", "text", "--lang", "en"),
           "json": ("--format", "json")}
_VERSION = re.compile(rb'("tool": \{\s*"name": "catalog",\s*"version": )"[^"]*"')


@dataclass(frozen=True)
class Case:
    """One input: where it is checked from, its path as given, and its golden file stem."""

    cwd: Path
    path: str
    stem: str


def _fixture_cases(folder: Path) -> Iterator[Case]:
    """The fixtures written into ``folder`` as workbooks and CSV, named after the fixture."""
    for source in sorted(FIXTURES.glob("*.txt")):
        description = source.read_text(encoding="utf-8")
        (folder / f"{source.stem}.xlsx").write_bytes(build(description))
        (folder / f"{source.stem}.csv").write_text(to_csv(description), encoding="utf-8")
        yield Case(folder, f"{source.stem}.xlsx", f"fixture-{source.stem}.xlsx")
        yield Case(folder, f"{source.stem}.csv", f"fixture-{source.stem}.csv")


def _example_cases() -> Iterator[Case]:
    for path in sorted((REPO / "examples").rglob("*")):
        if path.suffix in EXAMPLE_SUFFIXES and path.is_file():
            relative = path.relative_to(REPO).as_posix()
            yield Case(REPO, relative, "example-" + relative.removeprefix("examples/")
                       .replace("/", "-"))


def cases(folder: Path) -> list[Case]:
    return [*_fixture_cases(folder), *_example_cases()]


@contextlib.contextmanager
def _in(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def report(case: Case, kind: str, output: Path, *extra: str) -> bytes:
    """The report ``catalog check`` writes for ``case``, version normalised."""
    with _in(case.cwd):
        main(["check", case.path, *REPORTS[kind], "--quiet", "-o", str(output), *extra])
    data = output.read_bytes()
    output.unlink()
    return _VERSION.sub(rb'\1"<version>"', data)


def golden(case: Case, kind: str) -> Path:
    return GOLDEN / f"{case.stem}.{kind}"


def test_every_input_has_its_saved_reports(tmp_path: Path) -> None:
    expected = {golden(case, kind).name for case in cases(tmp_path) for kind in REPORTS}
    assert expected == {path.name for path in GOLDEN.iterdir()}


@pytest.mark.parametrize("kind", sorted(REPORTS))
def test_reports_are_byte_identical(tmp_path: Path, kind: str) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for case in cases(inputs):
        saved = golden(case, kind).read_bytes()
        assert report(case, kind, tmp_path / "report") == saved, (case.path, kind)
        if case.path.endswith(".xlsx") and kind == "json":  # JSON: every field of every finding
            streamed = report(case, kind, tmp_path / "report", "--streaming")
            assert streamed == saved, (case.path, kind, "--streaming")


def regenerate() -> None:
    """Rewrite every golden file from the current code (a deliberate change: review it)."""
    import tempfile

    GOLDEN.mkdir(exist_ok=True)
    for stale in GOLDEN.iterdir():
        stale.unlink()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for case in cases(folder):
            for kind in REPORTS:
                golden(case, kind).write_bytes(report(case, kind, folder / "report"))
    sys.stdout.write(f"wrote {len(list(GOLDEN.iterdir()))} files to {GOLDEN}\n")


if __name__ == "__main__":
    regenerate()
