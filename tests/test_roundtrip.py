"""Round trips through the spreadsheet formats lose nothing.

model → xlsx → model and model → csv → model give equal documents, and JSON → xlsx → JSON gives
the same bytes, for awkward text (line breaks, full-width text, emoji, leading = + - @, long
cells, 同上 as a literal value, items with no 序号 or names).
"""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from catalog.formats import csv_writer, json_format, load_file, load_stream, xlsx_writer
from catalog.formats.options import ReadOptions
from catalog.standard.model import Catalogue, Document, Issuer, Level
from tests.conftest import examples, make_item
from tests.strategies import storable_documents as documents

SETTINGS = settings(max_examples=examples(60), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def via_xlsx(document: Document, streaming: bool | None = None) -> Document:
    stream = io.BytesIO()
    xlsx_writer.write_workbook(document, stream)
    stream.seek(0)
    return load_stream(stream, format="xlsx", name="t.xlsx",
                       options=ReadOptions(streaming=streaming)).document


def via_csv(document: Document) -> Document:
    stream = io.BytesIO()
    stream.write(csv_writer.encode(document))
    stream.seek(0)
    return load_stream(stream, format="csv", name="t.csv").document


def storable(document: Document) -> bool:
    return not xlsx_writer.unwritable(document, "t.xlsx")


@SETTINGS
@given(documents)
def test_model_xlsx_model_is_lossless(document: Document) -> None:
    assume(storable(document))
    assert via_xlsx(document) == document


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_low_memory_reader_gives_the_same_round_trip(document: Document) -> None:
    assume(storable(document))
    assert via_xlsx(document, streaming=True) == document


@SETTINGS
@given(documents.filter(lambda d: len(d.catalogues) == 1))
def test_model_csv_model_is_lossless(document: Document) -> None:
    assume(storable(document))
    assert via_csv(document) == document


@SETTINGS
@given(documents)
def test_json_xlsx_json_is_byte_identical(document: Document) -> None:
    assume(storable(document))
    text = json_format.dumps(document)
    assert json_format.dumps(via_xlsx(json_format.loads(text).document)) == text


AWKWARD = ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "'quoted", "''", "\tTab",
           "line\nbreak", "line\r\nbreak", " padded ", "２０个工作日", "😀 emoji", "同上", "同 上",
           "x" * 32767, "_x0041_ escape-like", "出生\n登记"]


@settings(max_examples=examples(40), deadline=None)
@given(st.sampled_from(AWKWARD), st.sampled_from(["seq", "category", "name", "content",
                                                  "subject", "basis", "time_limit"]))
def test_each_awkward_value_survives_every_field(text: str, field: str) -> None:
    document = Document(catalogues=(Catalogue(items=(make_item(**{field: text}),)),))
    assert via_xlsx(document) == document
    assert via_csv(document) == document


def test_everything_without_a_column_travels_in_the_metadata(tmp_path: Path) -> None:
    item = make_item(level=("市级", "县级", "村级"), extra={"咨询电话": "12345"},
                     original={"channels": "■政府网站 口便民服务站"},
                     channels=("政府网站", "便民服务站"))
    keyless = make_item(seq="", category="", name="", content="续行内容")
    catalogue = Catalogue(domain="social_assistance", title="某乡社会救助目录",
                          issuer=Issuer(name="某乡人民政府", level=Level.TOWNSHIP,
                                        division_code="123456789012"),
                          updated="2024-05-01", metadata={"注": "■表示必选项"},
                          items=(item, keyless,
                                 make_item(seq="3", audience=("特定群体", "全社会"))))
    document = Document(catalogues=(catalogue,))
    xlsx_writer.write(document, tmp_path / "out.xlsx")
    assert load_file(tmp_path / "out.xlsx").document == document
    csv_writer.write(document, tmp_path / "out.csv")
    assert load_file(tmp_path / "out.csv").document == document


def test_edited_rows_win_over_stale_metadata(tmp_path: Path) -> None:
    import openpyxl

    item = make_item(extra={"咨询电话": "12345"}, original={"channels": "政府网站,便民服务站"})
    document = Document(catalogues=(Catalogue(items=(item,)),))
    path = tmp_path / "out.xlsx"
    xlsx_writer.write(document, path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    sheet.cell(4, 4).value = "改过的公开内容"
    workbook.save(path)
    read = load_file(path).document.catalogues[0].items[0]
    assert read.content == "改过的公开内容"
    assert read.extra == {} and read.original == {}
