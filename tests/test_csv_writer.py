"""The CSV writer: UTF-8 with BOM, official columns, OWASP escaping that round-trips exactly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.core.findings import UsageError
from catalog.formats import csv_writer, load_file
from catalog.standard.model import Catalogue, Document
from tests.conftest import examples, make_document, make_item


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


# Text that is inert as written but starts a formula once whitespace, full-width digits or
# brackets are normalised: what `fix` does to CSV cells (issue 12 §5).
_DANGEROUS_AFTER_FIXING = st.builds(
    lambda pad, start, rest: pad + start + rest,
    st.sampled_from([" ", "  ", "\t", "\n", "\u3000", " \t", "\r\n"]),
    st.sampled_from(list(csv_writer.FORMULA_STARTS)),
    st.text(alphabet="=+-@12AB()SUM 政府网站", max_size=12),
)


_PLAIN = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=15)


@given(st.lists(_DANGEROUS_AFTER_FIXING | _PLAIN, min_size=1, max_size=6))
@settings(max_examples=examples(60))
def test_fix_to_csv_never_creates_a_formula(cells: list[str]) -> None:
    """Whatever a fix does to a cell, the CSV written afterwards has no cell that a
    spreadsheet would run: every changed cell goes through the writer's escaping."""
    import tempfile

    from catalog.workbooks.fix import fix

    items = [make_item(name=f"事项{index}", content=text if text.strip() else "x",
                       subject=text if text.strip() else "y", category=text)
             for index, text in enumerate(cells)]
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.csv", Path(folder) / "out.csv"
        csv_writer.write(make_document(*items), source)
        before = rows_of(source)
        changes = fix(source, target)
        after = rows_of(target) if target.exists() else before
        for old_row, new_row in zip(before, after, strict=True):
            for old, new in zip(old_row, new_row, strict=True):
                if new != old:  # made by fix
                    assert not new.startswith(csv_writer.FORMULA_STARTS), (old, new, changes)


def test_trimmed_cells_stay_inert(tmp_path: Path) -> None:
    """The reported cases: ' =1+2' trimmed to '=1+2', '\\t=x' to '=x'."""
    from catalog.workbooks.fix import fix

    source = tmp_path / "in.csv"
    csv_writer.write(make_document(make_item(content=" =1+2", subject="\t=x",
                                             category=" @SUM(A1)")), source)
    target = tmp_path / "out.csv"
    changes = fix(source, target)
    assert {change.code for change in changes} == {"CAT211"}
    row = rows_of(target)[3]
    assert row[1] == "'@SUM(A1)" and row[3] == "'=1+2" and row[6] == "'=x"
    assert [csv_writer.unescape_cell(cell) for cell in (row[1], row[3], row[6])] == [
        "@SUM(A1)", "=1+2", "=x"]  # the text itself, as the reader sees it


def test_a_village_catalogue_has_its_own_level_column_in_the_table() -> None:
    """A clerk opening the CSV sees the 村级 tick in the table itself, as in the xlsx export
    (the hidden metadata alone would lose it as soon as the row is edited)."""
    item = make_item(level=("县级", "村级"))
    text = csv_writer.dumps(Document(catalogues=(Catalogue(items=(item,)),)))
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[2]
    assert header[-3:] == ["县级", "乡级", "村级"]
    first_item = rows[3]
    assert first_item[-3:] == ["√", "", "√"]
