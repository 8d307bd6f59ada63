"""Limits and the byte-level checks that run before any spreadsheet parser sees a file."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest

from catalog.core.findings import InputError, UsageError
from catalog.formats import screening as safety
from catalog.formats.screening import (
    Limits,
    check_json_depth,
    check_spreadsheet_container,
    read_bounded,
)
from catalog.rules import default_registry
from tests import hostile_files as hf

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


def refused(data: bytes, name: str = "目录.xlsx", limits: Limits | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        check_spreadsheet_container(data, name, limits or Limits())
    assert caught.value.file == name
    return caught.value


def valid_xlsx() -> bytes:
    return hf.xlsx(hf.worksheet(hf.inline_row(1, {"A": "序号", "B": "事项"})))


# ----------------------------------------------------------------------------- limits

def test_defaults_fit_a_province_workbook() -> None:
    limits = Limits.default()
    assert limits.max_rows >= 100_000 and limits.max_sheet_cells >= 100_000 * 26
    assert limits.max_cell_chars == 32_767
    assert limits.max_zip_entries >= 26 * 4


def test_from_mapping_overrides_only_the_given_keys() -> None:
    limits = Limits.from_mapping({"max_rows": 10, "max_zip_entries": 20})
    assert (limits.max_rows, limits.max_zip_entries) == (10, 20)
    assert limits.max_file_bytes == Limits().max_file_bytes


@pytest.mark.parametrize("values", [{"max_row": 5}, {"max_rows": -1}, {"max_rows": "10"},
                                    {"max_rows": True}])
def test_from_mapping_refuses_unknown_keys_and_bad_values(values: dict[str, object]) -> None:
    with pytest.raises(UsageError) as caught:
        Limits.from_mapping(values)
    assert "limits" in str(caught.value)


def test_every_code_raised_is_a_documented_rule() -> None:
    registry = default_registry()
    for number in range(601, 623):
        rule = registry.get(f"CAT{number}")
        assert rule.message_zh and rule.message_en and rule.hint_zh and rule.hint_en
        assert rule.rationale and rule.example
    assert "{suffix}" in registry.get("CAT602").message_en


def test_read_bounded_stops_past_the_limit() -> None:
    with pytest.raises(InputError) as caught:
        read_bounded(io.BytesIO(b"x" * 101), "a.csv", Limits(max_file_bytes=100))
    assert caught.value.code == "CAT601"
    assert read_bounded(io.BytesIO(b"x" * 100), "a.csv", Limits(max_file_bytes=100)) == b"x" * 100


# ----------------------------------------------------------------------------- not a spreadsheet

def test_valid_workbook_passes() -> None:
    assert check_spreadsheet_container(valid_xlsx(), "目录.xlsx", Limits()) == "xlsx"


def test_empty_file() -> None:
    assert refused(b"").code == "CAT603"


@pytest.mark.parametrize(("data", "detected"), [
    ("序号,事项\n1,低保\n".encode(), "text"), (PNG, "PNG"), (b"%PDF-1.7\n", "PDF"),
    (b"<html><body>404</body></html>", "HTML"), (bytes(range(256)) * 4, "binary")])
def test_not_a_spreadsheet(data: bytes, detected: str) -> None:
    error = refused(data)
    assert (error.code, error.params["detected"]) == ("CAT604", detected)


def test_file_over_the_size_limit() -> None:
    assert refused(valid_xlsx(), limits=Limits(max_file_bytes=100)).code == "CAT601"


def test_truncated_zip() -> None:
    data = valid_xlsx()
    assert refused(data[: len(data) // 2]).code == "CAT605"


def test_zip_without_workbook_parts() -> None:
    error = refused(hf.zip_of({"photo.jpg": b"\xff\xd8\xff" + b"0" * 100}))
    assert error.code == "CAT606"
    assert "xl/workbook.xml" in error.params["missing"]


def test_word_document_named_xlsx() -> None:
    error = refused(hf.zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}))
    assert error.code == "CAT604"


def test_duplicate_part_names_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("[Content_Types].xml", b"<x/>")
        archive.writestr("xl/workbook.xml", b"<x/>")
        archive.writestr("xl/workbook.xml", b"<y/>")
    assert refused(buffer.getvalue()).code == "CAT605"


def test_encrypted_xlsx_is_a_compound_file_with_encryption_streams() -> None:
    data = hf.compound_file({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 60,
                             "EncryptedPackage": b"\0" * 600})
    assert refused(data).code == "CAT607"


def test_zip_with_encrypted_members() -> None:
    data = bytearray(valid_xlsx())
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) >= 0:
        data[position + 8] |= 1  # the general-purpose "encrypted" flag
        position += 4
    assert refused(bytes(data)).code == "CAT607"


@pytest.mark.parametrize(("flag", "code"), [(0x40, "CAT607"), (0x20, "CAT605")])
def test_zip_members_zipfile_cannot_open(flag: int, code: str) -> None:
    """Strong encryption and patched data: refused up front, not a NotImplementedError later
    (found by the fuzz test)."""
    data = bytearray(valid_xlsx())
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) >= 0:
        data[position + 8] |= flag  # general-purpose flag bits, low byte
        position += 4
    assert refused(bytes(data)).code == code


def test_legacy_xls_is_recognised() -> None:
    data = hf.compound_file({"Workbook": b"\x09\x08" + b"\0" * 5000})
    assert check_spreadsheet_container(data, "目录.xls", Limits()) == "xls"


def test_small_stream_without_mini_fat_is_refused() -> None:
    """python-calamine panics (index out of bounds) on such a file instead of failing."""
    data = hf.compound_file({"Workbook": b"\x09\x08" + b"\0" * 100})
    assert refused(data, name="目录.xls").code == "CAT609"


def test_wps_et_by_name() -> None:
    data = hf.compound_file({"Workbook": b"\x09\x08" + b"\0" * 100})
    assert refused(data, name="目录.et").code == "CAT608"


@pytest.mark.parametrize("data", [
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600,          # header of garbage
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",                          # header cut short
    hf.compound_file({"SummaryInformation": b"\0" * 10})])        # no Workbook stream
def test_corrupt_xls(data: bytes) -> None:
    assert refused(data, name="目录.xls").code == "CAT609"


def test_word_97_document_named_xls() -> None:
    assert refused(hf.compound_file({"WordDocument": b"\0" * 10}), "a.xls").code == "CAT604"


def test_ods_is_recognised_and_needs_content() -> None:
    mimetype = b"application/vnd.oasis.opendocument.spreadsheet"
    ods = hf.zip_of({"mimetype": mimetype, "content.xml": b"<office:document-content/>"})
    assert check_spreadsheet_container(ods, "a.ods", Limits()) == "ods"
    assert refused(hf.zip_of({"mimetype": mimetype}), "a.ods").code == "CAT606"


# ----------------------------------------------------------------------------- bombs

def test_declared_size_over_the_limit_is_refused_before_inflating() -> None:
    data = hf.patch_sizes(valid_xlsx(), "xl/worksheets/sheet1.xml", file_size=4_000_000_000)
    error = refused(data)
    assert error.code == "CAT610"
    assert error.params["size"] > 4_000_000_000 - 1


def test_member_larger_than_declared_is_refused() -> None:
    sheet = hf.worksheet(b"".join(hf.inline_row(r, {"A": "x" * 50}) for r in range(1, 200)))
    small = sheet[:100]
    data = hf.patch_sizes(hf.xlsx(sheet), "xl/worksheets/sheet1.xml",
                          file_size=len(small), crc=hf.crc_of(small))
    error = refused(data)
    assert error.code == "CAT605" and "larger than declared" in error.params["detail"]


def test_total_inflated_size_is_bounded() -> None:
    sheet = hf.worksheet(b"<row/>" * 50_000)
    error = refused(hf.xlsx(sheet), limits=Limits(max_uncompressed_bytes=100_000))
    assert error.code == "CAT610"


def test_compression_ratio() -> None:
    bomb = hf.xlsx(hf.worksheet(b""), **{"xl__media__pad.xml": b"\0" * (4 << 20)})
    error = refused(bomb, limits=Limits(max_compression_ratio=100))
    assert (error.code, error.params["part"]) == ("CAT612", "xl/media/pad.xml")
    assert error.params["ratio"] > 100


def test_many_entries_are_refused_from_the_end_record() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for index in range(100_000):
            archive.writestr(f"x/{index}", b"")
    error = refused(buffer.getvalue())
    assert error.code == "CAT611"
    assert refused(valid_xlsx(), limits=Limits(max_zip_entries=3)).code == "CAT611"


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
@pytest.mark.parametrize("dtd", [hf.BILLION_LAUGHS, hf.EXTERNAL_ENTITY])
def test_dtd_in_any_part_is_refused(part: str, dtd: bytes) -> None:
    strings = b'<?xml version="1.0"?>' + dtd + b'<sst xmlns="' + hf.MAIN_NS.encode() + b'"/>'
    sheet = hf.worksheet(hf.inline_row(1, {"A": "x"}), prolog=dtd)
    data = (hf.xlsx(hf.worksheet(b""), strings=strings) if part.endswith("Strings.xml")
            else hf.xlsx(sheet))
    error = refused(data)
    assert (error.code, error.params["part"]) == ("CAT613", part)


def test_dtd_in_utf16_part_is_refused() -> None:
    sheet = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>'
             f'<worksheet xmlns="{hf.MAIN_NS}"/>').encode("utf-16")
    assert refused(hf.xlsx(sheet)).code == "CAT613"


# ----------------------------------------------------------------------------- XML libraries

def test_calamine_does_not_expand_entities() -> None:
    python_calamine = pytest.importorskip("python_calamine")
    cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    workbook = python_calamine.CalamineWorkbook.from_filelike(
        io.BytesIO(hf.xlsx(hf.worksheet(cell, prolog=hf.BILLION_LAUGHS))))
    with pytest.raises(Exception, match="entity"):
        workbook.get_sheet_by_index(0).to_python()


def test_openpyxl_refuses_entities_through_defusedxml() -> None:
    import openpyxl

    safety.ensure_defused_xml()
    strings = (b'<?xml version="1.0"?>' + hf.BILLION_LAUGHS + b'<sst xmlns="'
               + hf.MAIN_NS.encode() + b'"><si><t>&lol9;</t></si></sst>')
    with pytest.raises(Exception) as caught:
        openpyxl.load_workbook(io.BytesIO(hf.xlsx(hf.worksheet(b""), strings=strings)))
    from defusedxml import DefusedXmlException

    chain: list[BaseException] = []
    error: BaseException | None = caught.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(link, DefusedXmlException) for link in chain), chain


def test_ensure_defused_xml_refuses_a_plain_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl.xml

    safety.ensure_defused_xml.cache_clear()
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(safety.UnsafeEnvironmentError, match="defusedxml"):
        safety.ensure_defused_xml()
    safety.ensure_defused_xml.cache_clear()


def test_environment_variable_switching_defusedxml_off_is_caught() -> None:
    code = ("from catalog.formats import screening as safety\n"
            "try:\n    safety.ensure_defused_xml()\n"
            "except safety.UnsafeEnvironmentError:\n    print('refused')\n")
    env = {"OPENPYXL_DEFUSEDXML": "False", "PATH": ""}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.stdout.strip() == "refused", result.stderr


def test_importing_safety_does_not_import_openpyxl() -> None:
    code = "import sys, catalog.formats.screening; print('openpyxl' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.stdout.strip() == "False", result.stderr


# ----------------------------------------------------------------------------- JSON

def test_json_depth() -> None:
    assert check_json_depth(b'{"a": [{"b": "[[[[[[[[["}]}', "a.json", Limits()) == 3
    with pytest.raises(InputError) as caught:
        check_json_depth(b"[" * 10_000 + b"]" * 10_000, "a.json", Limits())
    assert (caught.value.code, caught.value.params["depth"]) == ("CAT619", 10_000)


def test_json_depth_scan_is_linear_on_unterminated_strings() -> None:
    data = b'"\\"' * 200_000  # each quote opens a string that never closes properly
    assert check_json_depth(data, "a.json", Limits()) == 0
