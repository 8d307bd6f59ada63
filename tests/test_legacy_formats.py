"""Old .xls and OpenDocument .ods workbooks read through the .xlsx importer, exactly alike.

Every file here is built from the same text description as the .xlsx it is compared with
(tests/workbook_builder.py: .ods written by hand as a zip of XML, .xls with xlwt), so a
difference can only come from reading: items, values, original wordings, source cells and
findings must all be those of the .xlsx.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.cli.main import main
from catalog.core.findings import InputError
from catalog.formats import Loaded, load_file, xlsx_reader
from catalog.rules import layout
from catalog.standard.model import Level
from tests.conftest import examples
from tests.reading import HEADER, fixture, merges
from tests.workbook_builder import ODS_MIMETYPE, build, build_ods, build_xls

BUILDERS: dict[str, Callable[[str], bytes]] = {"ods": build_ods, "xls": build_xls}
KINDS = sorted(BUILDERS)
# Fixtures without formulas (the legacy builders write values only).
FIXTURES = ["official.txt", "continuation.txt", "stacked.txt", "three_levels.txt",
            "layouts.txt", "fixable.txt"]
# A third item without 公开内容 (an error whatever the format) under the official table.
WITH_ERROR = fixture("official.txt") + (
    "#3 | 临时救助 | 救助标准 | | 《社会救助暂行办法》 | 实时公开 | 江上乡人民政府 | 政府网站 "
    "| √ | | √ | | | √\n")


def read(kind: str, description: str) -> Loaded:
    data = build(description) if kind == "xlsx" else BUILDERS[kind](description)
    return xlsx_reader.read(io.BytesIO(data), name="目录")  # one name: sources compare equal


def findings(loaded: Loaded) -> list[tuple[Any, ...]]:
    return [(f.code, f.severity, f.location.sheet, f.location.row, f.location.column,
             f.params) for f in loaded.findings]


def assert_reads_as_xlsx(kind: str, description: str) -> Loaded:
    expected, loaded = read("xlsx", description), read(kind, description)
    assert loaded.info["kind"] == kind and loaded.info["backend"] == "calamine"
    assert loaded.document.model_dump(mode="json") == expected.document.model_dump(mode="json")
    assert loaded.document == expected.document
    assert loaded.sources == expected.sources
    assert findings(loaded) == findings(expected)
    return loaded


# ------------------------------------------------------------------------------ documents


@pytest.mark.parametrize("kind", KINDS)
def test_official_layout_reads_as_xlsx(kind: str) -> None:
    loaded = assert_reads_as_xlsx(kind, fixture("official.txt"))
    catalogue = loaded.document.catalogues[0]
    first, second = catalogue.items
    assert catalogue.title == "江上乡人民政府社会救助领域基层政务公开标准目录"
    assert catalogue.issuer.level is Level.TOWNSHIP
    assert (first.seq, first.name, first.original["name"]) == ("1", "出生登记", "出生\n登记")
    assert first.original["channels"] == "■政府网站 □政府公报 口两微一端 ■发布会"
    assert second.category == "最低生活保障"  # the merged 一级事项 B4:B5
    assert second.original["basis"] == "同上" and second.time_limit.days == 20


@pytest.mark.parametrize("kind", KINDS)
def test_official_layout_source_cells(kind: str) -> None:
    loaded = read(kind, fixture("official.txt"))
    source = loaded.sources[0]
    assert (source.file, source.sheet, source.item_rows) == ("目录", "社会救助", [4, 5])
    assert source.locate(1, "time_limit").cell == "社会救助!F5"
    assert source.locate(0, "level").cell == "社会救助!M4"
    filled = {f.params["field"]: f.location.cell for f in loaded.findings if f.code == "CAT510"}
    assert filled == {"category": "社会救助!B5", "basis": "社会救助!E5",
                      "time_limit": "社会救助!F5"}


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_layout_fixture_reads_as_xlsx(kind: str, name: str) -> None:
    assert_reads_as_xlsx(kind, fixture(name).replace("HEADER", f"[merge {merges(1)}]\n{HEADER}"))


# A blank 公开主体 in a table that has merged cells stays blank (only a merge fills down);
# read without its merges, the table would fill the blank from the row above instead.
MERGES_MATTER = fixture("official.txt") + (
    "#3 | 临时救助 | 救助标准 | 标准 | 《社会救助暂行办法》 | 实时公开 | | 政府网站 "
    "| √ | | √ | | | √\n")


@pytest.mark.parametrize("kind", KINDS)  # .ods merges come from content.xml (xlsx_parts)
def test_merged_cells_are_read_from_the_file(kind: str) -> None:
    loaded = assert_reads_as_xlsx(kind, MERGES_MATTER)
    assert loaded.document.catalogues[0].items[2].subject == ""


@pytest.mark.parametrize("kind", KINDS)
def test_hidden_sheet_is_reported(kind: str) -> None:
    # A workbook's only sheet cannot be hidden: a visible cover sheet comes first.
    description = "[sheet 封面]\n封面文字\n" + fixture("official.txt").replace(
        "[sheet 社会救助]", "[sheet 社会救助 hidden]")
    loaded = assert_reads_as_xlsx(kind, description)
    hidden = [f for f in loaded.findings if f.code == layout.HIDDEN_SHEET.code]
    assert [(f.location.sheet, f.params) for f in hidden] == [("社会救助", {"sheet": "社会救助"})]
    assert layout.HIDDEN_SHEET.code not in [f.code for f in read(kind, fixture("official.txt"))
                                            .findings]


@pytest.mark.parametrize("kind", [
    "ods",
    pytest.param("xls", marks=pytest.mark.xfail(strict=True, reason=(
        "python-calamine 0.9 does not report hidden rows/columns of .xls (BIFF ROW/COLINFO)"))),
])
def test_hidden_rows_and_columns_are_reported(kind: str) -> None:
    loaded = assert_reads_as_xlsx(kind, fixture("official.txt") + "[hidden-rows 5]\n"
                                  "[hidden-cols D]\n")
    assert layout.HIDDEN_ROWS.code in [f.code for f in loaded.findings]


# Text a user can type into a cell (line breaks, but tabs are tested on their own below),
# written in the description language: a line break as \n and every space as \s.
_CELL_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp"),
                                   whitelist_characters="\n"), min_size=1, max_size=12).filter(
    # a formula: the legacy builders write none; whitespace alone: openpyxl (the xlsx side of
    # the comparison) saves it without xml:space="preserve", so it reads back empty there
    # while Excel, LibreOffice and xlsxwriter keep it (and the readers then report CAT211)
    lambda text: not text.strip().startswith("=") and bool(text.strip()))


def _described(text: str) -> str:
    return text.replace("\n", "\\n").replace(" ", "\\s")


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=_CELL_TEXT, subject=_CELL_TEXT, kind=st.sampled_from(KINDS))
def test_any_cell_text_reads_as_xlsx(content: str, subject: str, kind: str) -> None:
    description = fixture("official.txt").replace("1.办事指南", _described(content)).replace(
        "公安\\n分局", _described(subject))
    assert_reads_as_xlsx(kind, description)


@pytest.mark.parametrize("kind", [
    pytest.param("ods", marks=pytest.mark.xfail(strict=True, reason=(
        "python-calamine 0.9 drops <text:tab/> in .ods cells: 'a<text:tab/>b' reads as 'ab'"))),
    "xls",
])
def test_tab_in_a_cell(kind: str) -> None:
    assert_reads_as_xlsx(kind, fixture("official.txt").replace("1.办事指南", "1.办事\\t指南"))


def test_ods_builder_writes_a_valid_package() -> None:
    """The hand-written .ods is what ODF requires, so its results say something."""
    with zipfile.ZipFile(io.BytesIO(build_ods(fixture("official.txt")))) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("mimetype") == ODS_MIMETYPE.encode()
        assert "content.xml" in archive.read("META-INF/manifest.xml").decode()
        content = archive.read("content.xml").decode()
    assert 'table:number-rows-spanned="2"' in content and "<table:covered-table-cell/>" in content


# ------------------------------------------------------------------------------ catalog check


def check(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, list[dict[str, Any]]]:
    code = main(["check", str(path), "--format", "json", "--quiet"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    report = json.loads(captured.out)
    return code, [{**f, "location": {**f["location"], "file": None}}
                  for f in report["files"][0]["findings"]]


@pytest.mark.parametrize("kind", KINDS)
def test_check_command_gives_the_xlsx_result(
        kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reference, legacy = tmp_path / "目录.xlsx", tmp_path / f"目录.{kind}"
    reference.write_bytes(build(WITH_ERROR))
    legacy.write_bytes(BUILDERS[kind](WITH_ERROR))
    expected_code, expected = check(capsys, reference)
    assert expected_code == 1 and any(
        (f["code"], f["location"]["cell"]) == ("CAT101", "社会救助!D6") for f in expected)
    assert check(capsys, legacy) == (expected_code, expected)


# ------------------------------------------------------------------------------ broken files


def _ods_with_half_content(data: bytes) -> bytes:
    """A well-formed zip whose content.xml stops mid-element."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info.filename)
            target.writestr(info, part[:len(part) // 2] if info.filename == "content.xml"
                            else part)
    return out.getvalue()


def _xls_with_garbage_records(data: bytes) -> bytes:
    """A sound compound file whose Workbook stream holds no BIFF records."""
    start = data.index(b"\x09\x08\x10\x00\x00\x06")  # the BIFF8 BOF record
    return data[:start] + b"\xff" * 600 + data[start + 600:]


BROKEN: list[tuple[str, Callable[[bytes], bytes]]] = [
    *((kind, lambda data, cut=cut: data[:int(len(data) * cut)])
      for kind in KINDS for cut in (0.05, 0.3, 0.6, 0.95)),
    *((kind, lambda data: data[:-1]) for kind in KINDS),
    ("ods", _ods_with_half_content),
    ("xls", _xls_with_garbage_records),
]


@pytest.mark.parametrize(("kind", "damage"), BROKEN)
def test_damaged_file_is_an_input_error(
        kind: str, damage: Callable[[bytes], bytes], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"坏.{kind}"
    path.write_bytes(damage(BUILDERS[kind](fixture("official.txt"))))
    with pytest.raises(InputError) as raised:
        load_file(path)
    assert raised.value.code.startswith(("CAT6", layout.UNREADABLE_SPREADSHEET.code))
    assert raised.value.file == str(path)
    code, reported = check(capsys, path)
    assert code == 2
    assert [f["code"] for f in reported] == [raised.value.code]
    assert reported[0]["message"]
