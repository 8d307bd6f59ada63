"""Sheet extents measured from the XML bytes, as python-calamine would allocate the grid."""

from __future__ import annotations

import io
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.core.findings import InputError, column_letter
from catalog.formats.screening import Limits, inspect_container
from catalog.formats.sheet_extent import (
    SheetPass,
    check_sheet_extent,
    letters_at_most,
    number_at_most,
    sheet_extents,
)
from tests import hostile_files as hf
from tests.conftest import examples
from tests.screening_paths import in_one_pass, separately

SHEET = hf.SHEET_NAME


def extent_of(rows: bytes, limits: Limits | None = None, after: bytes = b""):  # type: ignore[no-untyped-def]
    data = hf.xlsx(hf.worksheet(rows, after=after))
    return sheet_extents(data, "a.xlsx", limits or Limits())[SHEET]


def calamine_shape(data: bytes) -> tuple[int, int]:
    """Last row and column (1-based) of what python-calamine reads: the truth we must bound."""
    python_calamine = pytest.importorskip("python_calamine")
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    if sheet.start is None:
        return 0, 0
    return sheet.end[0] + 1, sheet.end[1] + 1


def test_far_corner_cell_is_refused_before_any_reader_runs() -> None:
    rows = hf.inline_row(1, {"A": "x"}) + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    with pytest.raises(InputError) as caught:
        check_sheet_extent(hf.xlsx(hf.worksheet(rows)), "a.xlsx", Limits())
    error = caught.value
    assert error.code in ("CAT614", "CAT615", "CAT616")
    assert (error.params["sheet"], error.params["last_cell"]) == (SHEET, "XFD1048576")


def test_dimension_element_is_not_trusted() -> None:
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="' + hf.MAIN_NS.encode() + b'">'
             b'<dimension ref="A1:B2"/><sheetData><row r="9"><c r="ZZ9"><v>1</v></c></row>'
             b"</sheetData></worksheet>")
    extent = sheet_extents(hf.xlsx(sheet), "a.xlsx", Limits())[SHEET]
    assert (extent.rows, extent.columns) == (9, 702)


def test_each_limit_has_its_code() -> None:
    rows = hf.inline_row(50, {"J": "x"})
    data = hf.xlsx(hf.worksheet(rows))
    for limits, code in ((Limits(max_rows=49), "CAT615"), (Limits(max_columns=9), "CAT616"),
                         (Limits(max_sheet_cells=499), "CAT614")):
        with pytest.raises(InputError) as caught:
            check_sheet_extent(data, "a.xlsx", limits)
        assert caught.value.code == code
    assert check_sheet_extent(data, "a.xlsx", Limits(max_sheet_cells=500))[SHEET].cells == 500


def test_empty_styled_cells_do_not_count_once_checked_exactly() -> None:
    rows = hf.inline_row(1, {"A": "x"}) + b'<row r="900000"><c r="XFD900000" s="1"/></row>'
    extent = extent_of(rows)
    assert (extent.rows, extent.columns, extent.exact) == (1, 1, True)


def test_cells_without_references_are_placed_like_calamine_places_them() -> None:
    rows = (b'<row r="5"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>'
            b"<row><c><v>4</v></c></row>")
    data = hf.xlsx(hf.worksheet(rows))
    extent = sheet_extents(data, "a.xlsx", Limits())[SHEET]
    assert (extent.rows, extent.columns) == calamine_shape(data) == (6, 3)


def test_namespace_prefixed_cells_are_counted() -> None:
    rows = (b'<x:row xmlns:x="' + hf.MAIN_NS.encode() + b'" r="7">'
            b'<x:c r="D7"><x:v>1</x:v></x:c></x:row>')
    assert (extent_of(rows).rows, extent_of(rows).columns) == (7, 4)


def test_merged_ranges_are_counted_and_limited() -> None:
    merges = b"".join(f'<mergeCell ref="A{r}:B{r}"/>'.encode() for r in range(1, 5001))
    after = b'<mergeCells count="5000">' + merges + b"</mergeCells>"
    extent = extent_of(hf.inline_row(1, {"A": "x"}), after=after)
    assert (extent.merged_ranges, extent.merged_cells) == (5000, 10_000)
    with pytest.raises(InputError) as caught:
        check_sheet_extent(hf.xlsx(hf.worksheet(b"", after=after)), "a.xlsx",
                           Limits(max_merged_ranges=1000))
    assert caught.value.code == "CAT617"


def test_one_huge_merge_is_refused() -> None:
    after = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    with pytest.raises(InputError) as caught:
        check_sheet_extent(hf.xlsx(hf.worksheet(b"", after=after)), "a.xlsx", Limits())
    assert caught.value.code == "CAT617"


def test_only_the_named_sheets_are_checked() -> None:
    rows = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    data = hf.xlsx(hf.worksheet(rows))
    assert check_sheet_extent(data, "a.xlsx", Limits(), sheets=["其他"]) == {}


def test_ods_repeated_rows_and_columns() -> None:
    content = (
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        b' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body>'
        b'<office:spreadsheet><table:table table:name="S">'
        b'<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>'
        b'<table:table-row table:number-rows-repeated="1000">'
        b'<table:table-cell table:number-columns-repeated="2000" office:value-type="string">'
        b"<text:p>x</text:p></table:table-cell></table:table-row>"
        b'<table:table-row table:number-rows-repeated="1048000">'
        b'<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        b"</table:table></office:spreadsheet></office:body></office:document-content>")
    ods = hf.zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                     "content.xml": content})
    extent = sheet_extents(ods, "a.ods", Limits())["S"]
    assert (extent.rows, extent.columns) == (1003, 2000)
    with pytest.raises(InputError):
        check_sheet_extent(ods, "a.ods", Limits(max_sheet_cells=1_000_000))


def with_dimension(rows: bytes, ref: str) -> bytes:
    return (b'<?xml version="1.0"?><worksheet xmlns="' + hf.MAIN_NS.encode() + b'">'
            + f'<dimension ref="{ref}"/>'.encode() + b"<sheetData>" + rows
            + b"</sheetData></worksheet>")


def test_a_truthful_dimension_is_the_bound() -> None:
    rows = hf.inline_row(3, {"B": "x"}) + b'<row r="70"><c r="N70"><v>1</v></c></row>'
    extent = sheet_extents(hf.xlsx(with_dimension(rows, "A1:N70")), "a.xlsx", Limits())[SHEET]
    assert (extent.rows, extent.columns, extent.exact) == (70, 14, False)


@pytest.mark.parametrize("ref", ["A1:N69", "A1:M70", "A1", "B2:M80"])
def test_a_cell_outside_the_dimension_is_still_found(ref: str) -> None:
    rows = hf.inline_row(3, {"B": "x"}) + b'<row r="70"><c r="N70"><v>1</v></c></row>'
    extent = sheet_extents(hf.xlsx(with_dimension(rows, ref)), "a.xlsx", Limits())[SHEET]
    assert extent.rows >= 70 and extent.columns >= 14


@given(st.integers(1, 2_000_000), st.integers(1, 2_000_000))
def test_number_at_most(limit: int, number: int) -> None:
    pattern = re.compile(number_at_most(limit))
    assert bool(pattern.fullmatch(str(number).encode())) is (number <= limit)
    assert not pattern.fullmatch(b"0" + str(number).encode())  # no leading zeros


@given(st.integers(1, 16384), st.integers(1, 16384))
def test_letters_at_most(last: int, column: int) -> None:
    pattern = re.compile(letters_at_most(column_letter(last).encode()))
    assert bool(pattern.fullmatch(column_letter(column).encode())) is (column <= last)


CELL = st.tuples(st.integers(1, 3000), st.integers(1, 200), st.booleans(), st.booleans())


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(CELL, max_size=12),
       st.none() | st.tuples(st.integers(1, 3000), st.integers(1, 200)))
def test_extent_bounds_what_calamine_allocates(cells: list[tuple[int, int, bool, bool]],
                                               claimed: tuple[int, int] | None) -> None:
    """Random sparse sheets, with and without values and ``r``, with or without a (maybe
    lying) ``<dimension>``: never an underestimate."""
    by_row: dict[int, list[bytes]] = {}
    for row, column, valued, explicit in cells:
        ref = f' r="{column_letter(column)}{row}"'.encode() if explicit else b""
        by_row.setdefault(row, []).append(b"<c" + ref + (b"><v>1</v></c>" if valued else b"/>"))
    rows = b"".join(f'<row r="{r}">'.encode() + b"".join(c) + b"</row>"
                    for r, c in sorted(by_row.items()))
    data = hf.xlsx(hf.worksheet(rows) if claimed is None else with_dimension(
        rows, f"A1:{column_letter(claimed[1])}{claimed[0]}"))
    last_row, last_column = calamine_shape(data)
    for limits in (Limits(), Limits(max_sheet_cells=1)):  # the fast path, then the exact one
        extent = sheet_extents(data, "a.xlsx", limits)[SHEET]
        assert extent.rows >= last_row and extent.columns >= last_column
        if extent.exact:
            assert (extent.rows, extent.columns) == (last_row, last_column)
        assert in_one_pass(data, "a.xlsx", limits) == separately(data, "a.xlsx", limits)
    bound = one_pass_bound(data)
    if bound is not None:
        assert bound.rows >= last_row and bound.columns >= last_column


# ----------------------------------------------------------------------------- one pass


def one_pass_bound(data: bytes, part: str = "xl/worksheets/sheet1.xml"):  # type: ignore[no-untyped-def]
    """What the container check's tap measured of ``part``, or None when it could not."""
    measured = SheetPass("a.xlsx")
    inspect_container(data, "a.xlsx", Limits(), tap=measured.tap)
    done = measured.measured.get(part)
    return done[0] if done is not None else None


def big_sheet(rows: int = 30_000, claim: str | None = "A1:N30000",
              extra: dict[int, bytes] | None = None) -> bytes:
    """A sheet of several inflated chunks (about 3 MB); ``extra`` puts XML after some rows."""
    body = b"".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="N{r}" t="s"><v>0</v></c></row>'.encode()
        + (extra or {}).get(r, b"") for r in range(1, rows + 1))
    return hf.worksheet(body) if claim is None else with_dimension(body, claim)


FAR_CELL = b'<row r="40000"><c r="P40000"><v>1</v></c></row>'


@pytest.mark.parametrize("case", [
    "truthful", "no-dimension", "far-cell-early", "far-cell-late", "far-cell-in-each-chunk",
    "widest-cell-early-claim-broken-late",
    "unprefixed-odd-cell-late", "prefixed-cell-late", "over-the-row-limit",
    "formulas-and-hidden-rows", "merges-at-the-end"])
def test_the_one_pass_reads_a_big_sheet_as_the_separate_passes(case: str) -> None:
    """Several inflated chunks: claims broken in the first, a middle or every piece, unusual
    cells, a sheet over a limit (measured again, exactly), what a reader scans."""
    limits = Limits(max_rows=35_000) if case == "over-the-row-limit" else Limits()
    extra: dict[int, bytes] = {}
    claim: str | None = "A1:N30000"
    if case == "no-dimension":
        claim = None
    elif case == "far-cell-early":
        extra = {2: FAR_CELL}
    elif case in ("far-cell-late", "over-the-row-limit"):
        extra = {29_000: FAR_CELL}
    elif case == "widest-cell-early-claim-broken-late":  # the bound starts from the claim
        claim = "A1:Z30000"
        extra = {2: b'<row r="2"><c r="Z2"><v>1</v></c></row>',
                 29_000: b'<row r="30001"><c r="A30001"><v>1</v></c></row>'}
    elif case == "far-cell-in-each-chunk":
        extra = {r: FAR_CELL for r in range(1, 30_000, 3000)}
    elif case == "unprefixed-odd-cell-late":
        extra = {25_000: b'<row r="40000"><c><v>1</v></c></row>'}
    elif case == "prefixed-cell-late":
        extra = {25_000: b'<x:row xmlns:x="' + hf.MAIN_NS.encode() + b'" r="40000">'
                         b'<x:c r="Z40000"><x:v>1</x:v></x:c></x:row>'}
    elif case == "formulas-and-hidden-rows":
        extra = {r: f'<row r="{r}" hidden="1"><c r="B{r}"><f>A{r}+1</f><v>2</v></c></row>'
                 .encode() for r in range(7, 30_000, 1999)}
    sheet = big_sheet(claim=claim, extra=extra)
    if case == "merges-at-the-end":
        merges = b"".join(f'<mergeCell ref="B{r}:C{r + 1}"/>'.encode() for r in range(1, 20_000, 2))
        sheet = sheet.replace(b"</sheetData>", b"</sheetData><mergeCells>" + merges
                              + b"</mergeCells>")
    data = hf.xlsx(sheet)
    outcome = in_one_pass(data, "a.xlsx", limits)
    assert outcome == separately(data, "a.xlsx", limits)
    exact = sheet_extents(data, "a.xlsx", Limits(max_sheet_cells=1))[SHEET]
    bound = one_pass_bound(data)
    if case in ("unprefixed-odd-cell-late", "prefixed-cell-late"):
        assert bound is None  # measured again, exactly
    else:
        assert bound is not None and bound.rows >= exact.rows and bound.columns >= exact.columns
    if case == "truthful":
        assert bound is not None and (bound.rows, bound.columns) == (30_000, 14)
    if case == "over-the-row-limit":
        assert outcome[:2] == ("refused", "CAT615")
        assert outcome[2]["last_cell"] == "P40000"
    if case == "formulas-and-hidden-rows":
        assert outcome[0] == "read" and len(outcome[2][SHEET].formulas) == 16
        assert outcome[2][SHEET].hidden_rows == list(range(7, 30_000, 1999))
    if case == "merges-at-the-end":
        assert outcome[0] == "read" and len(outcome[2][SHEET].merges) == 10_000


@pytest.mark.parametrize("spoilt", ["dtd", "comments", "crc"])
def test_the_container_refuses_first_however_far_a_sheet_reaches(spoilt: str) -> None:
    """A sheet the extent check refuses, then a part the container check refuses: the one
    pass judges nothing of the sheet until every part has passed, as the separate checks."""
    far = hf.worksheet(hf.NEAR + hf.FAR)
    parts = {"xl/worksheets/sheet1.xml": far}
    if spoilt == "dtd":
        parts["xl/styles.xml"] = hf.BILLION_LAUGHS + b"<styleSheet/>"
    elif spoilt == "comments":
        parts["xl/comments1.xml"] = b"<comments>" + b"<comment/>" * 300 + b"</comments>"
    data = hf.xlsx(far, **{k.replace("/", "__"): v for k, v in parts.items()})
    if spoilt == "crc":
        data = hf.patch_sizes(data, "xl/sharedStrings.xml", crc=1)
    limits = Limits(max_comments=100)
    outcome = in_one_pass(data, "a.xlsx", limits)
    assert outcome == separately(data, "a.xlsx", limits)
    assert outcome[1] == {"dtd": "CAT613", "comments": "CAT626", "crc": "CAT605"}[spoilt]


def test_a_tag_longer_than_a_chunk_is_refused_after_the_container_check() -> None:
    noise = bytes(random.Random(1).choices(b"0123456789abcdef", k=1 << 21))  # no zip bomb
    long_tag = b'<row r="2" x="' + noise + b'"/>'
    data = hf.xlsx(hf.worksheet(hf.NEAR + long_tag))
    assert in_one_pass(data, "a.xlsx") == separately(data, "a.xlsx")
    assert in_one_pass(data, "a.xlsx")[:2] == ("refused", "CAT605")
    with_dtd = hf.xlsx(hf.worksheet(hf.NEAR + long_tag),
                       **{"xl__styles.xml": hf.EXTERNAL_ENTITY + b"<styleSheet/>"})
    assert in_one_pass(with_dtd, "a.xlsx")[:2] == ("refused", "CAT613")

