"""Hostile input, second round (issue 12): each class of the corpus in tests/hostile_files.py.

Fast cases run in the default suite; the heavy ones (the reader really aborting, big files,
floods of findings) carry the ``hostile_heavy`` marker and run in their own step of .ci/run.
"""

from __future__ import annotations

import pytest

from catalog.findings import InputError
from catalog.safety import Limits, check_spreadsheet_container
from catalog.sheet_extent import check_sheet_extent
from tests import hostile_files as hf

MUTATIONS = hf.far_corner_mutations()


def _guard(data: bytes) -> str | None:
    """The CAT6xx code the checks refuse ``data`` with, or None when they let it through."""
    try:
        check_spreadsheet_container(data, "t.xlsx", Limits())
        check_sheet_extent(data, "t.xlsx", Limits())
    except InputError as error:
        return error.code
    return None


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
    from catalog.xls_extent import check_xls_extent

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
    from catalog.xls_extent import check_xls_extent

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


def _read(data: bytes, suffix: str, **options: object) -> object:
    import io

    from catalog.formats import load_stream

    return load_stream(io.BytesIO(data), format=suffix, name=f"t.{suffix}", **options)


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
    from catalog.safety import Limits

    loaded = _read(hf.csv_blank_rows(50_000), "csv", limits=Limits(max_rows=1_000))
    assert "CAT516" in {f.code for f in loaded.findings}  # type: ignore[attr-defined]


@pytest.mark.hostile_heavy
def test_a_40_mb_single_line_csv_is_refused_before_it_is_split() -> None:
    import time

    start = time.monotonic()
    with pytest.raises(InputError) as caught:
        _read(hf.csv_single_line(40), "csv")
    assert caught.value.code == "CAT616"
    assert time.monotonic() - start < 10


@pytest.mark.hostile_heavy
def test_twelve_million_blank_csv_rows_are_bounded() -> None:
    import time

    start = time.monotonic()
    loaded = _read(hf.csv_blank_rows(12_000_000), "csv")
    assert "CAT516" in {f.code for f in loaded.findings}  # type: ignore[attr-defined]
    assert time.monotonic() - start < 60
