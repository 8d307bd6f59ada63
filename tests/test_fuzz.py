"""Fuzzing the readers: any bytes yield a Loaded or the library's own CatalogError, nothing else."""

from __future__ import annotations

import io
import zipfile
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.core.findings import CatalogError
from catalog.formats import Loaded, load_stream
from catalog.formats.screening import Limits
from catalog.formats.sheet_extent import check_sheet_extent
from tests.conftest import examples
from tests.screening_paths import in_one_pass, separately
from tests.workbook_builder import build, to_csv

TABLE = "\n".join([
    "[sheet 社会救助]",
    "[merge A1:C1]",
    "江上乡社会救助领域基层政务公开标准目录",
    "序号 | 一级事项 | 二级事项 | 公开内容 | 公开依据 | 公开时限 | 公开主体 | 公开渠道 | 全社会"
    " | 特定群体 | 主动 | 依申请 | 县级 | 乡级",
    "1 | 最低生活保障 | 办事指南 | 办理条件 | 《社会救助暂行办法》 | 10个工作日内 | 江上乡人民政府"
    " | 政府网站 | √ | | √ | | | √",
    "#2 | | 审核结果 | 名单 | 同上 | 同上 | 江上乡人民政府 | ■政府网站 □公开栏 | | ✓ | 是 | | √ |",
    ""])
FUZZ = settings(max_examples=examples(150), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@cache
def workbook_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(build(TABLE))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def read(data: bytes, format: str) -> None:
    try:
        result = load_stream(io.BytesIO(data), format=format, name=f"fuzz.{format}")
    except CatalogError:
        return
    assert isinstance(result, Loaded)


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (position, bytes to delete, bytes to insert) edits; positions wrap around."""
    buffer = bytearray(data)
    for position, delete, insert in edits:
        at = position % (len(buffer) + 1)
        buffer[at:at + delete] = insert
    return bytes(buffer)


EDITS = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 8), st.binary(max_size=8)),
                 min_size=1, max_size=6)


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from(["xlsx", "csv", "json"]))
def test_random_bytes(data: bytes, format: str) -> None:
    read(data, format)


@FUZZ
@given(EDITS, st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))
def test_mutated_workbook_bytes(edits: list[tuple[int, int, bytes]], compression: int) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, part in workbook_parts().items():
            archive.writestr(name, part)
    data = mutate(buffer.getvalue(), edits)
    assert in_one_pass(data, "fuzz.xlsx") == separately(data, "fuzz.xlsx")
    read(data, "xlsx")


@FUZZ
@given(st.sampled_from(sorted(n for n in workbook_parts() if n.endswith((".xml", ".rels")))),
       EDITS)
def test_mutated_workbook_parts(part: str, edits: list[tuple[int, int, bytes]]) -> None:
    """Valid zips around damaged XML: what gets past the container check to the parsers."""
    parts = dict(workbook_parts())
    parts[part] = mutate(parts[part], edits)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    data = buffer.getvalue()
    assert in_one_pass(data, "fuzz.xlsx") == separately(data, "fuzz.xlsx")
    try:  # what xlsx_reader is to do before python-calamine allocates a sheet
        check_sheet_extent(data, "fuzz.xlsx", Limits())
    except CatalogError:
        return
    read(data, "xlsx")


@FUZZ
@given(EDITS, st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_mutated_csv(edits: list[tuple[int, int, bytes]], encoding: str) -> None:
    read(mutate(to_csv(TABLE).encode(encoding), edits), "csv")


@FUZZ
@given(EDITS)
def test_mutated_json(edits: list[tuple[int, int, bytes]]) -> None:
    read(mutate(valid_json(), edits), "json")


@cache
def valid_json() -> bytes:
    from catalog.api import dumps

    loaded = load_stream(io.BytesIO(to_csv(TABLE).encode()), format="csv", name="t.csv")
    return dumps(loaded.document).encode()
