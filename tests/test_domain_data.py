"""The shipped domain files: 26, valid against the published schema, found as package data."""

from __future__ import annotations

import json
from pathlib import Path

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
    from catalog.data import data_folder

    files = data_folder("domains")
    assert Path(str(files)).resolve() == (ROOT / "domains").resolve()
    names = sorted(e.name for e in files.iterdir() if e.name.endswith(".json"))
    assert names == [p.name for p in FILES]
    schema = data_folder("schemas").joinpath("domain.schema.json")
    assert json.loads(schema.read_text(encoding="utf-8"))["$id"] == SCHEMA["$id"]
