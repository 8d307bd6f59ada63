from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings

from catalog.core.findings import InputError
from catalog.formats.json_format import dumps, loads, read
from catalog.formats.json_positions import LineIndex
from catalog.standard.model import Document
from tests.conftest import examples, make_document, make_item
from tests.strategies import documents


@settings(max_examples=examples(60), deadline=None)
@given(documents)
def test_load_dump_load_is_lossless_and_byte_stable(document: Document) -> None:
    text = dumps(document)
    loaded = loads(text)
    assert loaded.findings == []
    assert loaded.document == document
    assert dumps(loaded.document) == text


def test_canonical_form() -> None:
    text = dumps(make_document())
    assert text.endswith("}\n")
    assert "江上乡人民政府" in text  # Chinese unescaped
    assert text.startswith('{\n  "format_version": "1.0",\n  "catalogues": [')
    assert '"extra"' not in text and '"original"' not in text  # empty maps are left out


def test_one_shape_for_one_catalogue() -> None:
    data = json.loads(dumps(make_document()))
    assert set(data) == {"format_version", "catalogues"}
    assert isinstance(data["catalogues"], list)


def test_malformed_json_reports_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        loads('{\n  "catalogues": [\n    }\n', name="bad.json")
    assert caught.value.code == "CAT100"
    assert caught.value.params["line"] == 3
    assert caught.value.params["column"] == 5


@pytest.mark.parametrize(("text", "found"), [("[]", "array"), ('"x"', "string"), ("3", "number")])
def test_wrong_top_level_is_unusable(text: str, found: str) -> None:
    with pytest.raises(InputError) as caught:
        loads(text)
    assert caught.value.code == "CAT109"
    assert caught.value.params["found"] == found


def test_not_utf8_is_unusable() -> None:
    with pytest.raises(InputError) as caught:
        read(io.BytesIO('{"catalogues": ["预算"]}'.encode("gb18030")), name="gbk.json")
    assert caught.value.code == "CAT100"


def test_deep_nesting_and_huge_numbers_are_clear_errors() -> None:
    with pytest.raises(InputError):
        loads("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InputError):
        loads('{"catalogues": [' + "9" * 10_000 + "]}")


def _document_with(**changes: object) -> str:
    data = json.loads(dumps(make_document(make_item(), make_item(seq="2", name="审核信息"))))
    data["catalogues"][0]["items"][1].update(changes)
    return json.dumps(data, ensure_ascii=False, indent=2)


def test_wrong_types_become_findings_with_pointer_and_line() -> None:
    text = _document_with(audience=["所有人"], mode="主动")
    loaded = loads(text, name="a.json")
    by_pointer = {f.location.pointer: f for f in loaded.findings}
    finding = by_pointer["/catalogues/0/items/1/audience/0"]
    assert finding.code == "CAT102"
    lines = text.splitlines()
    assert "所有人" in lines[finding.location.line - 1]
    assert "/catalogues/0/items/1/mode" in by_pointer
    item = loaded.document.catalogues[0].items[1]
    assert item.audience == () and item.name == "审核信息"  # the rest of the item is kept


def test_blank_required_fields_are_left_to_the_rules() -> None:
    loaded = loads(_document_with(subject="", channels=[]))
    assert loaded.findings == []
    assert loaded.document.catalogues[0].items[1].subject == ""


def test_unknown_item_keys_are_kept_under_extra() -> None:
    loaded = loads(_document_with(contnet="备注"))
    assert [f.code for f in loaded.findings] == ["CAT104"]
    assert loaded.document.catalogues[0].items[1].extra == {"contnet": "备注"}


def test_duplicate_keys_are_reported() -> None:
    text = _document_with().replace('"seq": "2"', '"seq": "2", "seq": "3"')
    loaded = loads(text)
    assert [(f.code, f.params["key"]) for f in loaded.findings] == [("CAT110", "seq")]
    assert loaded.document.catalogues[0].items[1].seq == "3"


def test_string_where_an_object_is_expected_keeps_the_text() -> None:
    loaded = loads(_document_with(time_limit="实时公开"))
    assert [f.code for f in loaded.findings] == ["CAT102"]
    assert loaded.document.catalogues[0].items[1].time_limit.text == "实时公开"


def test_line_index_finds_items_and_fields() -> None:
    text = dumps(make_document(make_item(), make_item(seq="2", name="审核信息")))
    lines = text.splitlines()
    line_of = LineIndex(text).line_of
    item_line = line_of("/catalogues/0/items/1")
    assert item_line is not None and lines[item_line - 1].strip() == "{"
    subject = line_of("/catalogues/0/items/1/subject")
    assert subject is not None and lines[subject - 1].strip().startswith('"subject"')
    assert '"审核信息"' in lines[line_of("/catalogues/0/items/1/name") - 1]  # type: ignore[operator]
    audience = line_of("/catalogues/0/items/1/audience")
    assert audience is not None
    assert line_of("/catalogues/0/items/1/audience/0") == audience + 1  # one element a line
    assert line_of("/catalogues/0/issuer") is not None
    assert line_of("") == 1


def test_line_index_on_minified_and_odd_json() -> None:
    text = '{"catalogues":[{"items":[{"a/b":1},\n {"x": "y"}]}]}'
    line_of = LineIndex(text).line_of
    assert line_of("/catalogues/0/items/0/a~1b") == 1
    assert line_of("/catalogues/0/items/1/x") == 2
    assert line_of("/catalogues/5") == 1  # unknown pointers fall back to the nearest parent


@pytest.mark.parametrize("text", [
    '{"catalogues": [], "catalogues": []}',  # at the top, walked key by key
    '{"catalogues": [{"title": "a", "title": "b", "items": []}]}',  # in a catalogue
    '{"catalogues": [{"items": [{"basis": {"text": "x", "text": "y"}}]}]}',  # deep in an item
])
def test_duplicate_keys_are_found_at_every_depth(text: str) -> None:
    assert "CAT110" in [finding.code for finding in loads(text).findings]


def test_byte_order_mark_reads_like_plain_utf8() -> None:
    """The fast path parses the file's bytes; with a UTF-8 BOM (Notepad's export) it parses
    the decoded text instead, and what is read is the same."""
    text = dumps(make_document(make_item(), make_item(seq="2", name="政策文件")))
    plain = read(io.BytesIO(text.encode("utf-8")), name="a.json")
    marked = read(io.BytesIO(b"\xef\xbb\xbf" + text.encode("utf-8")), name="a.json")
    assert marked.document == plain.document
    assert marked.findings == plain.findings == []
    assert marked.sources[0].line_of("/catalogues/0/items/1/name") == \
        plain.sources[0].line_of("/catalogues/0/items/1/name")
