"""Hostile input, second round (issue 12): each class of the corpus in tests/hostile_files.py.

Fast cases run in the default suite; the heavy ones (the reader really aborting, big files,
floods of findings) carry the ``hostile_heavy`` marker and run in their own step of .ci/run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from catalog.core.findings import InputError
from catalog.formats.options import ReadOptions
from catalog.formats.screening import Limits, check_spreadsheet_container
from tests import hostile_files as hf
from tests.screening_paths import in_one_pass, separately

MUTATIONS = hf.far_corner_mutations()


def _guard(data: bytes) -> str | None:
    """The CAT6xx code the checks refuse ``data`` with, or None when they let it through.

    Both ways of screening are asked (the container and extent checks one after the other,
    and check's one pass): they must agree on the code, its params and what they read.
    """
    outcome = separately(data)
    assert in_one_pass(data) == outcome
    return outcome[1] if outcome[0] == "refused" else None


@pytest.mark.parametrize("label", sorted(MUTATIONS))
def test_guard_refuses_every_way_of_hiding_a_far_cell(label: str) -> None:
    assert _guard(hf.zip_of(MUTATIONS[label])) in ("CAT605", "CAT614", "CAT615", "CAT616")


def test_guard_refuses_a_huge_shared_string_count() -> None:
    assert _guard(hf.huge_string_count()) == "CAT605"


@pytest.mark.hostile_heavy
@pytest.mark.parametrize("label", sorted(MUTATIONS))
def test_same_mutation_really_aborts_calamine(label: str) -> None:
    """The other half of the parity: each mutation is a real abort, not a harmless oddity."""
    assert hf.calamine_outcome(hf.zip_of(MUTATIONS[label])) == "aborted"


@pytest.mark.hostile_heavy
def test_huge_shared_string_count_really_aborts_calamine() -> None:
    assert hf.calamine_outcome(hf.huge_string_count()) == "aborted"


XLS_CASES = {
    "sixteen-million-cells": (hf.xls_with_far_cell, "CAT614"),
    "far-corner-cell": (lambda: hf.xls_with_far_cell(65535, 65535), "CAT616"),
    "huge-dimensions-record": (hf.xls_with_huge_dimensions, "CAT615"),
}


def _xls_guard(data: bytes) -> str | None:
    from catalog.formats.xls_extent import check_xls_extent

    try:
        check_spreadsheet_container(data, "t.xls", Limits())
        check_xls_extent(data, "t.xls", Limits())
    except InputError as error:
        return error.code
    return None


@pytest.mark.parametrize("label", sorted(XLS_CASES))
def test_xls_guard_refuses_far_cells_and_huge_claims(label: str) -> None:
    build, code = XLS_CASES[label]
    assert _xls_guard(build()) == code


def test_xls_guard_measures_an_ordinary_sheet() -> None:
    from catalog.formats.xls_extent import check_xls_extent

    data = hf.xls_with_far_cell(3, 3)
    extents = check_xls_extent(data, "t.xls", Limits())
    assert (extents[hf.SHEET_NAME].rows, extents[hf.SHEET_NAME].columns) == (4, 4)


@pytest.mark.hostile_heavy
@pytest.mark.parametrize("label", sorted(XLS_CASES))
def test_same_xls_really_aborts_calamine(label: str) -> None:
    assert hf.calamine_outcome(XLS_CASES[label][0]()) == "aborted"


ODS = hf.ods_mutations()


@pytest.mark.parametrize("label", sorted(ODS))
def test_ods_repeats_are_read_as_the_reader_reads_them(label: str) -> None:
    assert _guard(ODS[label]) in ("CAT605", "CAT615", "CAT616")


# ----------------------------------------------------------------------------- CSV and JSON


def _read(data: bytes, suffix: str, **options: Any) -> object:
    import io

    from catalog.formats import load_stream

    return load_stream(io.BytesIO(data), format=suffix, name=f"t.{suffix}",
                       options=ReadOptions(**options))


def test_csv_cell_over_the_limit_is_cat618() -> None:
    with pytest.raises(InputError) as caught:
        _read(hf.csv_long_cell(), "csv")
    assert caught.value.code == "CAT618"
    assert caught.value.params["chars"] == 40_000


def test_xlsx_cell_over_the_limit_is_cat618() -> None:
    sheet = hf.worksheet(hf.inline_row(1, {"A": "序号", "B": "事项名称"})
                         + hf.inline_row(2, {"A": "1", "B": "长" * 40_000}))
    with pytest.raises(InputError) as caught:
        _read(hf.xlsx(sheet), "xlsx")
    assert (caught.value.code, caught.value.params["cell"]) == ("CAT618", f"{hf.SHEET_NAME}!B2")


def test_csv_row_wider_than_the_limit_is_cat616() -> None:
    with pytest.raises(InputError) as caught:
        _read((hf.CSV_HEADER + "x," * 5_000 + "\n").encode(), "csv")
    assert caught.value.code == "CAT616"


def test_csv_blank_rows_stop_at_the_row_limit() -> None:
    """Only max_rows + 1 rows are ever parsed: the table reader stops there with a finding."""
    from catalog.formats.screening import Limits

    loaded = _read(hf.csv_blank_rows(50_000), "csv", limits=Limits(max_rows=1_000))
    assert "CAT516" in {f.code for f in loaded.findings}  # type: ignore[attr-defined]


@pytest.mark.hostile_heavy
def test_a_40_mb_single_line_csv_is_refused_before_it_is_split() -> None:
    import time

    data = hf.csv_single_line(40)
    start = time.monotonic()
    with pytest.raises(InputError) as caught:
        _read(data, "csv")
    assert caught.value.code == "CAT616"
    assert time.monotonic() - start < 20  # seconds; splitting it took minutes and gigabytes


@pytest.mark.hostile_heavy
def test_twelve_million_blank_csv_rows_are_bounded() -> None:
    import time

    data = hf.csv_blank_rows(12_000_000)
    start = time.monotonic()
    loaded = _read(data, "csv")
    assert "CAT516" in {f.code for f in loaded.findings}  # type: ignore[attr-defined]
    assert time.monotonic() - start < 60


# ----------------------------------------------------------------------------- every command
EXAMPLE = (Path(__file__).parent.parent
           / "examples/township-workbook/jiangshang-social-assistance.xlsx")
BROKEN = hf.broken_workbooks(EXAMPLE.read_bytes())


@pytest.mark.parametrize("label", sorted(BROKEN))
def test_annotate_and_fix_refuse_like_check(label: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from catalog.cli.main import main

    source = tmp_path / "目录.xlsx"
    source.write_bytes(BROKEN[label])
    assert main(["check", "--format", "json", str(source)]) == 2
    code = json.loads(capsys.readouterr().out)["files"][0]["findings"][0]["code"]
    assert code.startswith("CAT6")
    assert main(["check", str(source), "--annotate", str(tmp_path / "a.xlsx")]) == 2
    assert code in capsys.readouterr().out
    assert not (tmp_path / "a.xlsx").exists()
    assert main(["fix", str(source), "-o", str(tmp_path / "f.xlsx")]) == 2
    assert code in capsys.readouterr().err
    assert source.read_bytes() == BROKEN[label]


def test_library_annotate_screens_its_input(tmp_path: Path) -> None:
    from catalog.workbooks.annotate import annotate

    source = tmp_path / "目录.xlsx"
    source.write_bytes(BROKEN["billion-laughs"])
    with pytest.raises(InputError) as caught:
        annotate(source, [], tmp_path / "out.xlsx")
    assert caught.value.code == "CAT613"


def test_comments_over_the_limit_are_cat626() -> None:
    data = hf.workbook_with_comments(200)
    assert _guard(data) is None
    with pytest.raises(InputError) as caught:
        check_spreadsheet_container(data, "t.xlsx", Limits(max_comments=100))
    assert caught.value.code == "CAT626"


@pytest.mark.hostile_heavy
def test_fix_of_a_million_comments_is_refused_at_once(tmp_path: Path) -> None:
    import time

    from catalog.cli.main import main

    source = tmp_path / "目录.xlsx"
    source.write_bytes(hf.workbook_with_comments(1_000_000))
    start = time.monotonic()
    assert main(["fix", str(source), "-o", str(tmp_path / "f.xlsx")]) == 2
    assert time.monotonic() - start < 30


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("command", [["check"], ["convert"], ["fix", "--diff"]])
def test_a_fifo_named_like_a_catalogue_never_blocks(command: list[str], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from catalog.cli.main import main

    fifo = tmp_path / "x.csv"
    os.mkfifo(fifo)
    extra = [str(tmp_path / "o.json")] if command == ["convert"] else []
    assert main([*command, str(fifo), *extra]) == 2  # returns: nothing waited for a writer
    captured = capsys.readouterr()
    assert "CAT620" in captured.out + captured.err


@pytest.mark.parametrize("command", [["check"], ["convert"], ["fix", "--diff"]])
def test_a_symlink_loop_named_like_a_catalogue_is_cat621(command: list[str], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    from catalog.cli.main import main

    loop = tmp_path / "loop.xlsx"
    loop.symlink_to(loop.name)
    extra = [str(tmp_path / "o.json")] if command == ["convert"] else []
    assert main([*command, str(loop), *extra]) == 2
    captured = capsys.readouterr()
    assert "CAT621" in captured.out + captured.err


# ----------------------------------------------------------------------------- bounded time


def test_findings_are_capped_per_rule_with_a_summary(tmp_path: Path) -> None:
    from catalog.checking.checker import CheckOptions, check_paths

    source = tmp_path / "目录.csv"
    source.write_bytes(hf.csv_many_findings(300))
    options = CheckOptions(reader_options={"limits": Limits(max_findings_per_rule=10)})
    findings = next(iter(check_paths([source], options, jobs=1))).findings
    counts = {code: sum(f.code == code for f in findings) for code in {f.code for f in findings}}
    assert counts.pop("CAT625") >= 1
    assert max(counts.values()) <= 10
    summary = next(f for f in findings if f.code == "CAT625")
    assert summary.params["more"] > 0 and summary.params["limit"] == 10


@pytest.mark.hostile_heavy
def test_a_flood_of_findings_stays_bounded(tmp_path: Path) -> None:
    from catalog.checking.checker import check_paths

    source = tmp_path / "目录.csv"
    source.write_bytes(hf.csv_many_findings(200_000))
    findings = next(iter(check_paths([source], jobs=1))).findings
    assert len(findings) < 50 * 1_000
    assert any(f.code == "CAT625" and f.params["more"] > 100_000 for f in findings)


def test_a_file_over_its_time_budget_is_cat624(tmp_path: Path) -> None:
    from catalog.checking.checker import CheckOptions, check_paths

    slow = tmp_path / "slow.csv"
    slow.write_bytes(hf.csv_many_findings(150_000))
    options = CheckOptions(reader_options={"limits": Limits(max_seconds_per_file=1)})
    result = next(iter(check_paths([slow], options, jobs=1)))
    assert (result.readable, result.findings[0].code) == (False, "CAT624")


def test_two_sheets_sharing_one_part_are_refused() -> None:
    """The reader would read (and the rules check) one part once per sheet naming it."""
    workbook = hf.WORKBOOK.replace(
        b"</sheets>", b'<sheet name="copy" sheetId="2" r:id="rId1"/></sheets>')
    parts = dict(hf.far_corner_mutations()["plain"])
    parts.update({"xl/workbook.xml": workbook, "xl/worksheets/sheet1.xml": hf.worksheet(hf.NEAR)})
    data = hf.zip_of(parts)
    assert _guard(data) == "CAT605"


@pytest.mark.parametrize("where", ["item", "catalogue"])
def test_json_text_over_the_cell_limit_is_cat618(where: str) -> None:
    with pytest.raises(InputError) as caught:
        _read(hf.json_long_text(40_000, where), "json")
    assert (caught.value.code, caught.value.params["chars"]) == ("CAT618", 40_000)


def test_memory_error_while_reading_is_the_files_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    from catalog.formats import csv_reader

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(csv_reader, "read", exhausted)
    with pytest.raises(InputError) as caught:
        _read(b"a,b\n", "csv")
    assert caught.value.code == "CAT623"


@pytest.mark.hostile_heavy
def test_100_mb_of_json_backslashes_is_refused_without_running_out_of_memory() -> None:
    import time

    data = hf.json_of_backslashes(100)
    start = time.monotonic()
    with pytest.raises(InputError) as caught:
        _read(data, "json")
    assert (caught.value.code, caught.value.params["chars"]) == ("CAT618", 50_000_000)
    assert time.monotonic() - start < 30


def test_a_dtd_in_a_part_not_named_xml_is_cat613() -> None:
    parts = dict(MUTATIONS["not-xml-named"])
    parts["xl/worksheets/sheet1.bin"] = hf.worksheet(hf.NEAR, prolog=hf.BILLION_LAUGHS)
    assert _guard(hf.zip_of(parts)) == "CAT613"


def test_annotate_of_a_workbook_the_check_refuses_returns_at_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import time

    from catalog.cli.main import main

    source = tmp_path / "目录.xlsx"
    source.write_bytes(hf.zip_of(MUTATIONS["far-value-empty"]))
    start = time.monotonic()
    assert main(["check", str(source), "--annotate", str(tmp_path / "a.xlsx")]) == 2
    assert time.monotonic() - start < 10
    assert "CAT615" in capsys.readouterr().out
    assert not (tmp_path / "a.xlsx").exists()
