"""The shipped domain files: 26, valid against the published schema, found as package data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "domain.schema.json").read_text(encoding="utf-8"))
FILES = sorted((ROOT / "domains").glob("*.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_schema_is_draft_2020_12_with_id() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"].endswith("/domain.schema.json")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_exactly_26_files_with_unique_slugs_and_orders() -> None:
    data = [_load(p) for p in FILES]
    assert len(data) == 26
    assert len({d["slug"] for d in data}) == 26
    assert sorted(d["order"] for d in data) == list(range(1, 27))
    assert all(p.stem == d["slug"] for p, d in zip(FILES, data, strict=True))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_file_valid_against_schema(path: Path) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(_load(path))]
    assert errors == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_items_are_unique_and_sourced(path: Path) -> None:
    data = _load(path)
    keys = [(i["category"], i["name"]) for i in data["items"]]
    assert len(keys) == len(set(keys))
    # A partial list must say so; a complete one must cite the source of its count.
    if data["items_complete"]:
        assert data["official_counts"]["source"]
    assert data["items"], "every domain has at least one national item"


def test_schema_rejects_an_invented_field_and_bad_level() -> None:
    data = _load(FILES[0])
    validator = jsonschema.Draft202012Validator(SCHEMA)
    broken = {**data, "items": [{**data["items"][0], "level": ["省级"]}]}
    assert list(validator.iter_errors(broken))
    assert list(validator.iter_errors({**data, "colour": "red"}))


def test_names_and_aliases_are_unique_except_documented_shared_alias() -> None:
    seen: dict[str, list[str]] = {}
    for path in FILES:
        data = _load(path)
        for name in (data["name_zh"], *data["aliases"]):
            seen.setdefault(name, []).append(data["slug"])
    shared = {name: slugs for name, slugs in seen.items() if len(slugs) > 1}
    assert shared == {"自然资源": ["land_expropriation_compensation", "urban_rural_planning"]}


def test_data_is_found_in_the_repository_from_a_source_tree() -> None:
    from catalog.standard.data import data_folder

    files = data_folder("domains")
    assert Path(str(files)).resolve() == (ROOT / "domains").resolve()
    names = sorted(e.name for e in files.iterdir() if e.name.endswith(".json"))
    assert names == [p.name for p in FILES]
    schema = data_folder("schemas").joinpath("domain.schema.json")
    assert json.loads(schema.read_text(encoding="utf-8"))["$id"] == SCHEMA["$id"]


# --------------------------------------------------------------------------- issue 19 evidence


def _item(slug: str, category: str, name: str) -> dict[str, Any]:
    data = _load(ROOT / "domains" / f"{slug}.json")
    return next(i for i in data["items"] if (i["category"], i["name"]) == (category, name))


def test_evidence_corrections_and_additions() -> None:
    """What the 2026 county evidence established, spot-checked item by item."""
    food = _item("food_drug_supervision", "监督检查", "食品生产经营监督检查")
    assert food["level"] == ["县级", "乡级"] and food["evidence"]["grade"] == "agreed"
    named = _item("household_registration", "户口登记项目变更更正", "姓名变更、更正")
    assert named["evidence"]["grade"] == "single" and named.get("name_known", True)
    hukou = _load(ROOT / "domains" / "household_registration.json")
    assert all(i.get("name_known", True) for i in hukou["items"])  # the 一级-only row is named
    assert _item("state_land_housing_expropriation", "征收", "社会稳定风险评估")["sources"]
    assert _item("employment", "就业信息服务", "职业培训信息发布")["evidence"]["copies"] == 1


@pytest.mark.parametrize(("slug", "categories", "items", "inferred"), [
    ("household_registration", 7, 18, False),  # 7个方面、18项公开事项
    ("employment", 9, 25, False),  # 9类一级事项25类二级事项
    ("public_resource_trading", 5, 40, False),
    ("social_assistance", 4, 13, True),  # from row numbering, not a statement
    ("compulsory_education", 10, None, False),
])
def test_official_counts_with_their_quote_or_marked_inferred(
        slug: str, categories: int, items: int | None, inferred: bool) -> None:
    counts = _load(ROOT / "domains" / f"{slug}.json")["official_counts"]
    assert (counts["categories"], counts["items"], counts["inferred"]) == (
        categories, items, inferred)
    assert counts.get("quote") or counts.get("caveat")


def test_lower_bound_where_only_a_row_number_is_known() -> None:
    counts = _load(ROOT / "domains" / "urban_law_enforcement.json")["official_counts"]
    assert counts["items"] is None and counts["lower_bound_items"] == 34


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_item_says_how_well_it_is_established(path: Path) -> None:
    data = _load(path)
    assert data["evidence_status"]
    for item in data["items"]:
        assert item["evidence"]["grade"] in {"agreed", "single", "township", "bundled"}
        if item["evidence"]["grade"] == "agreed":  # two copies: two sources at least
            assert len(item["sources"]) >= 2 and item["evidence"]["copies"] >= 2


def test_loader_reads_the_new_fields() -> None:
    from catalog.standard.domains import registry

    hukou = registry().get("household_registration")
    assert hukou.official_counts.quote and "18项" in hukou.official_counts.quote
    assert registry().get("social_assistance").official_counts.inferred is True
    assert registry().get("urban_law_enforcement").official_counts.lower_bound_items == 34
    food = registry().get("food_drug_supervision")
    item = next(i for i in food.items if i.name == "食品生产经营监督检查")
    assert [lv.value for lv in item.level] == ["县级", "乡级"] and item.evidence == "agreed"
    assert food.evidence_status
    licence = next(i for i in food.items if i.name == "食品生产经营许可服务指南")
    assert licence.channels == ("政府网站", "政务服务中心")
