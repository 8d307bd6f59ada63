from __future__ import annotations

import pytest
from pydantic import ValidationError

from catalog.standard.model import (
    STANDARD_CHANNELS,
    Audience,
    Basis,
    Catalogue,
    Document,
    Issuer,
    Item,
    Level,
    TimeLimit,
    TimeLimitKind,
)
from tests.conftest import make_item


def test_enum_values_are_the_template_terms() -> None:
    assert [a.value for a in Audience] == ["全社会", "特定群体"]
    assert [lv.value for lv in Level] == ["市级", "县级", "乡级", "村级"]
    assert len(STANDARD_CHANNELS) == 13
    assert STANDARD_CHANNELS[3] == "发布会/听证会"


def test_time_limit_reading_is_recomputed_from_text() -> None:
    limit = TimeLimit.model_validate({"text": "实时公开", "kind": "工作日", "days": 99})
    assert limit.kind is TimeLimitKind.REAL_TIME
    assert limit.days is None


def test_basis_citations_are_recomputed_from_text() -> None:
    basis = Basis.model_validate({"text": "《中华人民共和国预算法》", "citations": []})
    assert [c.title for c in basis.citations] == ["中华人民共和国预算法"]


@pytest.mark.parametrize("field", ["content", "subject"])
def test_blank_required_text_is_invalid_in_the_strict_model(field: str) -> None:
    data = make_item().model_dump()
    data[field] = "   "
    with pytest.raises(ValidationError):
        Item.model_validate(data)


def test_empty_channel_set_is_invalid() -> None:
    data = make_item().model_dump()
    data["channels"] = []
    with pytest.raises(ValidationError):
        Item.model_validate(data)


def test_unknown_key_is_invalid() -> None:
    data = make_item().model_dump()
    data["contnet"] = "x"
    with pytest.raises(ValidationError):
        Item.model_validate(data)


def test_division_code_must_have_twelve_digits() -> None:
    Issuer(division_code="360123100000")
    with pytest.raises(ValidationError):
        Issuer(division_code="3601")


def test_label_uses_the_levels_present() -> None:
    assert make_item(category="财政预算", name="").label == "财政预算"
    assert make_item(category="财政预算", name="部门预算").label == "财政预算/部门预算"


def test_document_defaults_to_format_version_1() -> None:
    document = Document(catalogues=(Catalogue(items=(make_item(),)),))
    assert document.format_version == "1.0"
    with pytest.raises(ValidationError):
        Document.model_validate({"format_version": "2.0", "catalogues": []})


def test_identical_bases_and_time_limits_are_shared_between_items() -> None:
    data = make_item().model_dump(mode="json")
    document = Document.model_validate({"catalogues": [{"items": [data, dict(data, seq="2")]}]})
    first, second = document.catalogues[0].items
    assert first.time_limit is second.time_limit
    assert first.basis is second.basis


def test_sharing_never_skips_validation_of_a_different_input() -> None:
    good = make_item().model_dump(mode="json")
    Item.model_validate(good)
    bad = dict(good, time_limit={**good["time_limit"], "kind": "bogus"})
    with pytest.raises(ValidationError):
        Item.model_validate(bad)
    flagged = dict(good, time_limit={**good["time_limit"], "days": True})
    assert Item.model_validate(flagged).time_limit.days == good["time_limit"]["days"]


# ----------------------------------------------------------------------------- fast building


def test_build_item_equals_model_construct() -> None:
    from catalog.standard.model import ITEM_KEYS, build_item

    values = dict(make_item(extra={"咨询电话": "12345"}, original={"name": "出生\n登记"}))
    fast, slow = build_item([values[key] for key in ITEM_KEYS]), Item.model_construct(**values)
    assert fast == slow and fast.model_fields_set == slow.model_fields_set
    assert list(fast.__dict__) == list(slow.__dict__)
    assert fast.model_dump_json() == slow.model_dump_json() == make_item(
        extra={"咨询电话": "12345"}, original={"name": "出生\n登记"}).model_dump_json()


def test_the_assembler_gives_values_in_the_model_order() -> None:
    from catalog.formats import assemble
    from catalog.standard import records
    from catalog.standard.model import ITEM_KEYS

    assert (*assemble._KEYS, "extra", "original", "parents") == ITEM_KEYS == tuple(
        Item.model_fields) == records.ITEM_KEYS


@pytest.mark.parametrize("text", ["《中华人民共和国政府信息公开条例》", "无", "同上",
                                  "《社会救助暂行办法》第十条、第十一条"])
def test_build_basis_equals_validation(text: str) -> None:
    from catalog.standard.model import build_basis

    built, validated = build_basis(text), Basis(text=text)
    assert built == validated == Basis.model_construct(text=text, citations=validated.citations)
    assert built.model_dump_json() == validated.model_dump_json()
    assert (len(built.citations) > 0) is text.startswith("《")
