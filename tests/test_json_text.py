"""The reports' JSON text: same data as json.dumps, long lists one entry per line."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from catalog.reports.json_text import chunks


def dumps(value: Any, one_per_line: tuple[str, ...] = ()) -> str:
    return "".join(chunks(value, one_per_line))


_LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_JSON = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["findings", "a", "键", ""]) | st.text(), inner,
                      max_size=4),
    max_leaves=30,
)


@given(_JSON)
def test_reads_back_equal(value: Any) -> None:
    assert json.loads(dumps(value, one_per_line=("findings", ""))) == value


@given(_JSON)
def test_without_one_per_line_it_is_json_dumps_indent_2(value: Any) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_entries_of_named_lists_on_one_line_each() -> None:
    report = {"summary": {"files": 1}, "files": [{"file": "甲.xlsx", "findings": [
        {"code": "CAT101", "location": {"cell": "Sheet!C4"}, "params": {"field": "subject"}},
        {"code": "CAT103", "location": {"cell": "Sheet!C9"}, "params": {}},
    ]}]}
    lines = dumps(report, one_per_line=("findings",)).splitlines()
    assert '        {"code": "CAT101", "location": {"cell": "Sheet!C4"}, '  \
           '"params": {"field": "subject"}},' in lines
    assert '        {"code": "CAT103", "location": {"cell": "Sheet!C9"}, "params": {}}' in lines
    assert '      "file": "甲.xlsx",' in lines  # not escaped: reports are read by people too
    assert lines[0] == "{" and lines[-1] == "}"


def test_empty_containers_and_top_level_list() -> None:
    assert dumps({"findings": []}, one_per_line=("findings",)) == '{\n  "findings": []\n}\n'
    assert dumps([{"a": 1}, {"b": [2]}], one_per_line=("",)) == \
        '[\n  {"a": 1},\n  {"b": [2]}\n]\n'
