from __future__ import annotations

import io

from catalog.core.progress import Progress
from catalog.formats.grid import ListGrid, SheetInfo, reporting


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(3, "checking", stream=stream, interval=0)
    for _ in range(3):
        progress.advance()
    progress.close()
    assert stream.getvalue() == ""


def test_bar_on_a_terminal() -> None:
    stream = _Terminal()
    progress = Progress(4, "checking", stream=stream, interval=0)
    for _ in range(4):
        progress.advance()
    progress.close()
    assert stream.getvalue().endswith("\rchecking [" + "#" * 30 + "] 4/4\n")


def test_rows_counter_starts_only_for_long_runs() -> None:
    stream = _Terminal()
    progress = Progress(0, "rows", stream=stream, interval=0, start_after=10)
    progress.advance(5)
    assert stream.getvalue() == ""
    progress.advance(10)
    progress.close()
    assert stream.getvalue() == "\rrows 15\n"


def test_grids_report_the_rows_they_yield() -> None:
    counted: list[int] = []
    rows = [(number, ["x"]) for number in range(1, 10_001)]
    grid = ListGrid(SheetInfo(name="S"), [cells for _, cells in rows])
    for wrapped in reporting(iter([grid]), counted.append):
        assert wrapped.info.name == "S"
        assert sum(1 for _ in wrapped.rows()) == 10_000
    assert sum(counted) == 10_000 and len(counted) == 3


def test_grids_report_the_rows_they_yield_in_chunks() -> None:
    counted: list[int] = []
    grid = ListGrid(SheetInfo(name="S"), [["x"] for _ in range(10_000)])
    for wrapped in reporting(iter([grid]), counted.append):
        chunks = list(wrapped.chunks(512, 9_000))
        assert sum(len(numbers) for numbers, _ in chunks) == 9_001  # the limit and one more
        assert chunks[-1][0][-1] == 9_001 and len(chunks[-1][0]) == len(chunks[-1][1])
    assert sum(counted) == 9_001 and len(counted) == 3


def test_reader_reports_rows_read() -> None:
    from pathlib import Path

    from catalog.api import load

    counted: list[int] = []
    workbook = Path(__file__).parent.parent / "examples" / "township-workbook"
    load(workbook / "jiangshang-social-assistance.xlsx", progress=counted.append)
    assert sum(counted) >= 11  # title, two header rows and eight items on the first sheet
