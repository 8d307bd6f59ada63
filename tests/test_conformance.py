"""The schema check of written JSON gives, field by field, what validating the whole written
document gives: the same errors (type, place, message, value) in the same order, so
``convert`` reports the same CAT101/CAT102 findings and never calls invalid JSON a success."""

from __future__ import annotations

import json
import warnings
from datetime import date
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.formats.conformance import errors_by_field, errors_of_text, schema_findings
from catalog.formats.json_format import dumps
from catalog.standard.model import (
    Audience,
    Basis,
    Catalogue,
    Citation,
    Document,
    Issuer,
    Item,
    Level,
    Mode,
    TimeLimit,
    TimeLimitKind,
    build_basis,
    time_limit_of,
)
from tests.conftest import examples, make_item
from tests.strategies import documents
from tests.test_conversion import SCHEMA

# What a reader's model_construct may hold: the valid, the blank, the wrong type, the unknown.
TEXTS = st.sampled_from(["", " ", "\n", "公开", "x", "　", "\t内容"])
ODD = st.sampled_from([None, 0, 1.5, True, ["a"], {"k": "v"}])
STRINGS = st.one_of(TEXTS, TEXTS, ODD)
TERMS = st.sampled_from([*Audience, *Mode, *Level, "公众", "", "主动", "县级", 3, None])
TUPLES = st.one_of(st.lists(TERMS, max_size=3).map(tuple), st.lists(TERMS, max_size=2), ODD)
TEXT_TUPLES = st.one_of(st.lists(STRINGS, max_size=3).map(tuple), ODD)
MAPS = st.one_of(st.dictionaries(st.sampled_from(["三级事项", "咨询电话"]), STRINGS, max_size=2),
                 st.sampled_from([{}, None, "", 0, (), "x", [("a", "b")]]))
CITATIONS = st.builds(Citation.model_construct,
                      kind=st.sampled_from([None, "法律", "条例", "?"]),
                      title=st.one_of(st.none(), TEXTS, ODD), number=st.one_of(st.none(), TEXTS))
BASES = st.one_of(
    TEXTS.map(build_basis),
    st.builds(Basis.model_construct, text=STRINGS,
              citations=st.one_of(st.lists(CITATIONS, max_size=2).map(tuple), ODD)),
    ODD)
TIME_LIMITS = st.one_of(
    TEXTS.map(time_limit_of),
    st.builds(TimeLimit.model_construct, text=STRINGS,
              kind=st.sampled_from([*TimeLimitKind, "每周", None]),
              days=st.sampled_from([None, 0, 5, -1, "5", 2.5]),
              period=st.one_of(st.none(), TEXTS, ODD)),
    ODD)
FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "seq": STRINGS, "category": STRINGS, "name": STRINGS, "content": STRINGS,
    "basis": BASES, "time_limit": TIME_LIMITS, "subject": STRINGS, "channels": TEXT_TUPLES,
    "audience": TUPLES, "mode": TUPLES, "level": TUPLES, "extra": MAPS, "original": MAPS,
    "parents": TEXT_TUPLES,
}


@st.composite
def drafts(draw: st.DrawFn) -> Document:
    """Documents as readers build them (model_construct, nothing validated), whose items
    share some values by identity, as items read from one table do."""
    pools = {key: draw(st.lists(strategy, min_size=1, max_size=3))
             for key, strategy in FIELDS.items()}

    def item() -> Item:
        return Item.model_construct(**{key: draw(st.sampled_from(pool))
                                       for key, pool in pools.items()})

    def catalogue() -> Catalogue:
        issuer = Issuer.model_construct(
            name=draw(st.one_of(st.none(), STRINGS)),
            level=draw(st.sampled_from([None, *Level, "镇级"])),
            division_code=draw(st.sampled_from([None, "110101001000", "12", 5])))
        return Catalogue.model_construct(
            domain=draw(st.sampled_from([None, "social_assistance", "Bad Slug", 3])),
            issuer=issuer, title=draw(st.one_of(st.none(), STRINGS)),
            updated=draw(st.sampled_from([None, date(2024, 1, 31), "2024-13-01", 7])),
            metadata=draw(MAPS),
            items=tuple(item() for _ in range(draw(st.integers(0, 5)))))

    return Document.model_construct(
        format_version=draw(st.sampled_from(["1.0", "2.0", 1])),
        catalogues=tuple(catalogue() for _ in range(draw(st.integers(1, 2)))))


def summary(errors: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(error["type"], tuple(error["loc"]), error["msg"], repr(error["input"]),
             error.get("ctx")) for error in errors]


def written(document: Document) -> str:
    with warnings.catch_warnings():  # wrong types written as they are: pydantic warns
        warnings.simplefilter("ignore")
        return dumps(document)


@settings(max_examples=examples(400), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(drafts())
def test_field_by_field_equals_the_whole_document(document: Document) -> None:
    text = written(document)
    by_field = errors_by_field(document)
    assert by_field is not None  # these are documents the fast path vouches for
    assert summary(by_field) == summary(errors_of_text(text))


@settings(max_examples=examples(100), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_valid_documents_pass_both_ways(document: Document) -> None:
    assert errors_by_field(document) == [] == errors_of_text(dumps(document))


@settings(max_examples=examples(100), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(drafts())
def test_the_verdict_is_the_published_schemas(document: Document) -> None:
    text = written(document)
    validator = jsonschema.Draft202012Validator(  # "format": "date" asserted, as pydantic does
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    fails = any(validator.iter_errors(json.loads(text)))
    assert bool(schema_findings(document, text, "out.json")) == fails


def test_a_blank_field_is_cat101_at_every_item_holding_it() -> None:
    blank = ""
    items = tuple(make_item(name=f"事项{n}") for n in range(4))
    items = tuple(item.model_copy(update={"subject": blank}) if n % 2 else item
                  for n, item in enumerate(items))
    document = Document(catalogues=(Catalogue(items=items),))
    findings = schema_findings(document, dumps(document), "out.json")
    assert [(f.code, f.location.pointer, f.params["field"]) for f in findings] == [
        ("CAT101", "/catalogues/0/items/1/subject", "subject"),
        ("CAT101", "/catalogues/0/items/3/subject", "subject"),
    ]


class _Odd(Item):
    """Not exactly the model: its validation is left to the whole written document."""


def test_what_it_cannot_vouch_for_is_validated_whole() -> None:
    odd = _Odd.model_construct(**{**dict(make_item()), "content": " "})
    document = Document.model_construct(catalogues=(Catalogue.model_construct(items=(odd,)),))
    assert errors_by_field(document) is None
    findings = schema_findings(document, dumps(document), "out.json")
    assert [(f.code, f.location.pointer) for f in findings] == [
        ("CAT101", "/catalogues/0/items/0/content")]


@pytest.mark.parametrize(("missing", "expected"), [
    ("content", [("CAT101", "/catalogues/0/items/0/content")]),  # not written: missing
    ("extra", []),  # not written either: its default
])
def test_an_unset_field_is_validated_whole(missing: str, expected: list[Any]) -> None:
    values = {key: value for key, value in dict(make_item()).items() if key != missing}
    item = Item.model_construct(**values)
    item.__dict__.pop(missing, None)  # model_construct sets a default, not a required field
    document = Document.model_construct(catalogues=(Catalogue.model_construct(items=(item,)),))
    assert errors_by_field(document) is None
    findings = schema_findings(document, dumps(document), "out.json")
    assert [(f.code, f.location.pointer) for f in findings] == expected
