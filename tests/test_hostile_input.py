"""Issue 6 end to end: hostile and broken files through load_file, load_stream and the CLI.

Every case must end in a Loaded or the library's own InputError: never another exception,
never a traceback, never a crashed process. Dangerous cases run in a child process so that a
regression aborts the child, not the test session.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from catalog.core.findings import InputError
from catalog.formats import Loaded, load_file, load_stream
from tests import hostile_files as hf
from tests.workbook_builder import build

HEADER = "\n[sheet 社会救助]\n" + " | ".join([
    "序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道",
    "全社会", "特定群体", "主动", "依申请", "县级", "乡级"]) + "\n"
ROW = ("1 | 最低生活保障 | 办事指南 | {content} | 《社会救助暂行办法》 | 10个工作日内 | "
       "江上乡人民政府 | 政府网站 | √ | | √ | | | √")


def table(content: str = "办理条件") -> bytes:
    return build(HEADER + ROW.format(content=content) + "\n")


def refused_file(tmp_path: Path, name: str, data: bytes) -> InputError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        load_file(path)
    assert caught.value.file == str(path)
    assert path.read_bytes() == data  # the input is never modified
    return caught.value


def loaded_or_refused(data: bytes, format: str) -> Loaded | InputError:
    try:
        return load_stream(io.BytesIO(data), format=format, name=f"upload.{format}")
    except InputError as error:
        return error


# ----------------------------------------------------------------------------- containers

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
CASES = {
    "text named xlsx": ("a.xlsx", "序号,事项\n".encode(), "CAT604"),
    "image named xlsx": ("a.xlsx", PNG, "CAT604"),
    "empty file": ("a.xlsx", b"", "CAT603"),
    "truncated zip": ("a.xlsx", table()[:2000], "CAT605"),
    "zip without workbook parts": ("a.xlsx", hf.zip_of({"a.txt": b"x"}), "CAT606"),
    "encrypted xlsx": ("a.xlsx", hf.compound_file({"EncryptionInfo": b"\0" * 64,
                                                   "EncryptedPackage": b"\0" * 64}), "CAT607"),
    "corrupt xls header": ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 100, "CAT609"),
    "zip bomb (declared size)": ("a.xlsx", hf.patch_sizes(
        table(), "xl/worksheets/sheet1.xml", file_size=4_000_000_000), "CAT610"),
    "billion laughs": ("a.xlsx", hf.xlsx(hf.worksheet(b"", prolog=hf.BILLION_LAUGHS)), "CAT613"),
    "external entity": ("a.xlsx", hf.xlsx(hf.worksheet(b"", prolog=hf.EXTERNAL_ENTITY)),
                        "CAT613"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_container_is_refused_with_its_code(tmp_path: Path, case: str) -> None:
    name, data, code = CASES[case]
    assert refused_file(tmp_path, name, data).code == code


def test_wps_et_is_refused(tmp_path: Path) -> None:
    error = refused_file(tmp_path, "目录.et", hf.compound_file({"Workbook": b"\0" * 64}))
    assert error.code == "CAT608"


@pytest.mark.parametrize("size", [400, 5000])  # in the mini stream, and in regular sectors
def test_corrupt_xls_with_a_workbook_stream_is_refused(tmp_path: Path, size: int) -> None:
    data = hf.compound_file({"Workbook": b"\x09\x08\x10\x00" + b"\xff" * size})
    assert refused_file(tmp_path, "目录.xls", data).code.startswith("CAT")


def test_many_entries_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for index in range(100_000):
            archive.writestr(f"x/{index}", b"")
    assert refused_file(tmp_path, "a.xlsx", buffer.getvalue()).code == "CAT611"


# ----------------------------------------------------------------------------- sheets

def run_child(path: Path) -> subprocess.CompletedProcess[str]:
    code = ("import sys\nfrom catalog.core.findings import InputError\n"
            "from catalog.formats import load_file\n"
            "try:\n    load_file(sys.argv[1])\n    print('loaded')\n"
            "except InputError as error:\n    print(error.code)\n")
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, timeout=120, check=False)


def test_far_corner_cells_do_not_crash_the_reader(tmp_path: Path) -> None:
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    rows = hf.inline_row(1, {"A": "序号"}) + far
    path = tmp_path / "corner.xlsx"
    path.write_bytes(hf.xlsx(hf.worksheet(rows)))
    result = run_child(path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() in ("CAT614", "CAT615", "CAT616")


def test_cells_of_32767_characters_are_read_whole(tmp_path: Path) -> None:
    content = "公开" * 16_383 + "容"
    path = tmp_path / "long.xlsx"
    path.write_bytes(table(content))
    loaded = load_file(path)
    items = loaded.document.catalogues[0].items
    assert len(content) == 32_767 and items[0].content == content


def test_thousands_of_merged_ranges_load(tmp_path: Path) -> None:
    merges = " ".join(f"O{r}:P{r}" for r in range(3, 3003))
    rows = "\n".join(ROW.format(content=f"内容{r}") for r in range(3000))
    path = tmp_path / "merged.xlsx"
    path.write_bytes(build(HEADER + f"[merge {merges}]\n" + rows + "\n"))
    loaded = load_file(path)
    assert len(loaded.document.catalogues[0].items) == 3000


def test_circular_formulas_and_sheets_without_header(tmp_path: Path) -> None:
    path = tmp_path / "odd.xlsx"
    path.write_bytes(build("[sheet 甲]\n=B1 | =A1\n#1 | #2\n[sheet 乙]\nx | y\n"))
    try:
        load_file(path)
    except InputError as error:
        assert error.code.startswith("CAT")


# ----------------------------------------------------------------------------- text and JSON

TEXT_CASES = {
    "invalid utf-8": ("csv", "序号,事项\n1,低保\n".encode() + b"\xff\xfe\xfa\n"),
    "NUL bytes": ("csv", "序号,事项\n1,低\0保\n".encode()),
    "mixed encodings": ("csv", "序号,事项\n".encode() + "低保\n".encode("gbk")),
    "UTF-16 without BOM": ("csv", "序号,事项\n1,低保\n".encode("utf-16-le")),
    "zero-width and RTL in names": ("csv", "序号,二级事项\n1,低\u200b保\n2,\u202e低保\n".encode()),
    "lone surrogate escape": ("json", b'{"format_version": "1.0", "catalogues": [{"title": '
                              b'"\\ud800"}]}'),
    "very deep nesting": ("json", b"[" * 100_000 + b"]" * 100_000),
    "huge number": ("json", b'{"format_version": ' + b"9" * 100_000 + b"}"),
    "duplicate keys": ("json", b'{"format_version": "1.0", "format_version": "2", '
                       b'"catalogues": []}'),
    "top-level array": ("json", b"[1, 2]"),
    "top-level scalar": ("json", b'"catalogue"'),
}


@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_text_and_json_never_escape_as_another_exception(case: str) -> None:
    format, data = TEXT_CASES[case]
    result = loaded_or_refused(data, format)
    assert isinstance(result, (Loaded, InputError))


@pytest.mark.parametrize("data", [b"[" * 100_000, b"[1, 2]", b'"x"', b"9" * 100_000])
def test_unusable_json_is_refused(data: bytes) -> None:
    assert isinstance(loaded_or_refused(data, "json"), InputError)


# ----------------------------------------------------------------------------- the CLI

@pytest.mark.parametrize("case", ["image named xlsx", "truncated zip", "billion laughs",
                                  "encrypted xlsx", "zip bomb (declared size)"])
def test_cli_exits_2_without_traceback(tmp_path: Path, case: str) -> None:
    name, data, code = CASES[case]
    path = tmp_path / name
    path.write_bytes(data)
    for lang in ("zh", "en"):
        result = subprocess.run(
            [sys.executable, "-m", "catalog", "check", str(path), "--lang", lang, "--format",
             "json"], capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 2, result.stderr[-2000:]
        assert "Traceback" not in result.stderr + result.stdout
        report = json.loads(result.stdout)
        assert code in result.stdout and str(path) in json.dumps(report, ensure_ascii=False)


def test_wps_et_by_extension_names_the_format(tmp_path: Path) -> None:
    from catalog.formats import load_file

    path = tmp_path / "目录.et"
    path.write_bytes(b"\x00WPS")
    with pytest.raises(InputError) as refused:
        load_file(path)
    assert refused.value.code == "CAT608"
