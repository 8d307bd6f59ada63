"""The CSV writer: UTF-8 with BOM, official columns, OWASP escaping that round-trips exactly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.findings import UsageError
from catalog.formats import csv_writer, load_file
from catalog.model import Catalogue, Document
from tests.conftest import make_document, make_item


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_utf8_with_bom_and_official_columns(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    csv_writer.write(make_document(make_item()), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = rows_of(path)
    assert rows[1][:4] == ["序号", "公开事项", "", "公开内容(要素)"]
    assert rows[2][8:] == ["全社会", "特定群体", "主动", "依申请", "县级", "乡级"]
    assert rows[3][:3] == ["1", "最低生活保障", "办事指南"]
    assert load_file(path).document == make_document(make_item())


@pytest.mark.parametrize(("text", "escaped"), [
    ("=1+1", "'=1+1"), ("+86", "'+86"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("'quoted", "''quoted"), ("plain", "plain"), ("", "")])
def test_formula_starts_are_escaped(tmp_path: Path, text: str, escaped: str) -> None:
    assert csv_writer.escape_cell(text) == escaped
    path = tmp_path / "out.csv"
    document = make_document(make_item(content=text or "x", subject=text or "y"))
    csv_writer.write(document, path)
    assert rows_of(path)[3][3] == (escaped or "x")
    assert load_file(path).document == document


@given(st.text())
def test_unescape_undoes_escape_exactly(text: str) -> None:
    escaped = csv_writer.escape_cell(text)
    assert csv_writer.unescape_cell(escaped) == text
    assert not escaped.startswith(csv_writer.FORMULA_STARTS)


def test_one_catalogue_per_file(tmp_path: Path) -> None:
    document = Document(catalogues=(Catalogue(items=(make_item(),)),) * 2)
    with pytest.raises(UsageError):
        csv_writer.write(document, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()
