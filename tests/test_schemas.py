from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from catalog.standard.model import ITEM_FIELDS, Document
from catalog.standard.schema import catalogue_schema, report_schema, schema_text
from tests.conftest import examples
from tests.strategies import documents

SCHEMAS = Path(__file__).parent.parent / "schemas"


def test_checked_in_catalogue_schema_is_generated_from_the_models() -> None:
    assert (SCHEMAS / "catalogue.schema.json").read_text(encoding="utf-8") == schema_text(
        catalogue_schema()
    )


def test_checked_in_report_schema_is_generated() -> None:
    assert (SCHEMAS / "report.schema.json").read_text(encoding="utf-8") == schema_text(
        report_schema()
    )


def test_schema_is_draft_2020_12_with_id() -> None:
    schema = catalogue_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    jsonschema.Draft202012Validator.check_schema(schema)


def test_item_properties_have_chinese_titles_and_english_descriptions() -> None:
    item = catalogue_schema()["$defs"]["Item"]["properties"]
    for key, (title, _) in ITEM_FIELDS.items():
        assert item[key]["title"] == title
        assert item[key]["description"].isascii() or "(" in item[key]["description"]


def _mutations(data: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Small corruptions of a valid document: each may or may not make it invalid."""

    def mutate(choice: tuple[int, str, Any]) -> dict[str, Any]:
        index, key, value = choice
        copy_ = copy.deepcopy(data)
        items = copy_["catalogues"][0]["items"]
        if not items:
            if value is not _DELETE:
                copy_["catalogues"][0]["title"] = value
            return copy_
        target = items[index % len(items)]
        if value is _DELETE:
            target.pop(key, None)
        else:
            target[key] = value
        return copy_

    keys = st.sampled_from([*ITEM_FIELDS, "unknown_key"])
    values = st.sampled_from(
        [
            _DELETE,
            "",
            " ",
            "全社会",
            ["全社会"],
            ["所有人"],
            [],
            3,
            None,
            {"text": ""},
            {"text": "实时公开"},
            ["县级", "县级"],
            ["政府网站"],
            {"text": "x", "kind": "bogus"},
            {"text": "x", "days": "abc"},
        ]
    )
    return st.tuples(st.integers(0, 10), keys, values).map(mutate)


_DELETE = object()


def _pydantic_accepts(data: dict[str, Any]) -> bool:
    try:
        Document.model_validate_json(json.dumps(data, ensure_ascii=False))
    except ValidationError:
        return False
    return True


@settings(max_examples=examples(150), deadline=None)
@given(st.data())
def test_jsonschema_and_pydantic_agree(data: st.DataObject) -> None:
    document = data.draw(documents)
    valid = json.loads(document.model_dump_json())
    mutated = data.draw(st.one_of(st.just(valid), _mutations(valid)))
    validator = jsonschema.Draft202012Validator(
        catalogue_schema(), format_checker=jsonschema.FormatChecker()
    )
    assert validator.is_valid(mutated) == _pydantic_accepts(mutated), mutated
