"""Read options are one typed object from the entry points down to every reader: a misspelt
option is a usage error at the door, never a keyword silently ignored by a reader."""

from __future__ import annotations

import inspect
import io
import json
from pathlib import Path
from typing import Any

import pytest

import catalog
from catalog.checking.checker import CheckOptions, check_file, read_isolated
from catalog.core.findings import UsageError
from catalog.formats import csv_reader, json_format, load_file, load_stream, xlsx_reader
from catalog.formats.options import DEFAULT_READ, ReadOptions, ResolvedReadOptions
from catalog.formats.screening import Limits
from catalog.rules.settings import LEVEL_FROM_ISSUER
from catalog.standard.model import Level
from tests.conftest import MISTAKES

EXAMPLES = Path(__file__).parent.parent / "examples"
CATALOGUE = EXAMPLES / "township-social-assistance" / "catalogue.json"
WORKBOOK = next((EXAMPLES / "township-workbook").glob("*.xlsx"))


@pytest.mark.parametrize("reader", [csv_reader, json_format, xlsx_reader])
def test_every_reader_takes_one_typed_options_object(reader: Any) -> None:
    parameters = inspect.signature(reader.read).parameters
    assert list(parameters) == ["stream", "name", "options"]
    assert parameters["options"].annotation == "ResolvedReadOptions"
    assert parameters["options"].default is DEFAULT_READ
    assert all(p.kind is not inspect.Parameter.VAR_KEYWORD for p in parameters.values())


@pytest.mark.parametrize("function", [load_file, load_stream, read_isolated])
def test_loading_takes_read_options_not_keywords(function: Any) -> None:
    parameters = inspect.signature(function).parameters
    assert parameters["options"].annotation == "ReadOptions | None"
    assert all(p.kind is not inspect.Parameter.VAR_KEYWORD for p in parameters.values())


def test_a_misspelt_keyword_below_the_api_is_refused_by_python() -> None:
    with pytest.raises(TypeError, match="stremaing"):
        load_file(WORKBOOK, stremaing=True)  # type: ignore[call-arg]


@pytest.mark.parametrize("options", [{"stremaing": True}, {"limit": Limits()},
                                     {"limits": {"max_row": 5}}, {"level": "火星级"}])
def test_misspelt_options_at_every_entry_point_are_usage_errors(options: dict[str, Any]) -> None:
    with pytest.raises(UsageError):
        catalog.load(WORKBOOK, **options)
    with pytest.raises(UsageError):
        catalog.load(io.BytesIO(WORKBOOK.read_bytes()), format="xlsx", **options)
    with pytest.raises(UsageError):
        CheckOptions(reader_options=options)


def test_check_options_take_read_options_or_a_mapping() -> None:
    limits = Limits(max_rows=7)
    given = CheckOptions(reader_options=ReadOptions(limits=limits, streaming=True))
    mapped = CheckOptions(reader_options={"limits": {"max_rows": 7}, "streaming": True})
    assert given.reader_options == mapped.reader_options == ReadOptions(limits=limits,
                                                                        streaming=True)
    with pytest.raises(UsageError, match="reader_options"):
        CheckOptions(reader_options=[("streaming", True)])  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        CheckOptions(level="火星级")  # type: ignore[arg-type]


def test_issuer_and_level_are_one_setting_for_checking_and_reading() -> None:
    town = CheckOptions(issuer="某某镇人民政府")
    assert (town.level, town.level_implied) == (Level.TOWNSHIP, True)
    assert (town.reader_options.issuer, town.reader_options.level) == ("某某镇人民政府",
                                                                      Level.TOWNSHIP)
    given = CheckOptions(reader_options={"issuer": "某某县民政局", "level": "县级"})
    assert (given.issuer, given.level, given.level_implied) == ("某某县民政局", Level.COUNTY,
                                                                False)
    stated = CheckOptions(level="村级", reader_options={"level": "乡级"})  # type: ignore[arg-type]
    assert stated.level is stated.reader_options.level is Level.VILLAGE


@pytest.mark.parametrize("options", [
    CheckOptions(issuer="某某镇人民政府"),
    CheckOptions(reader_options={"issuer": "某某镇人民政府"}),
    CheckOptions(reader_options=ReadOptions(issuer="某某镇人民政府")),
])
def test_a_level_read_from_the_issuer_name_is_said_however_the_issuer_is_given(
        options: CheckOptions, tmp_path: Path) -> None:
    """CAT530 (level read from the name) whether the issuer comes as a check option or as a
    read option: they are one setting."""
    assert options.level_implied and options.level is Level.TOWNSHIP
    doc = json.loads(MISTAKES.read_text(encoding="utf-8"))
    doc["catalogues"][0]["issuer"]["level"] = None
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    codes = {finding.code for finding in check_file(path, options).findings}
    assert LEVEL_FROM_ISSUER.code in codes


def test_resolved_options_have_their_final_types() -> None:
    resolved = ReadOptions(issuer="某某镇人民政府", limits={"max_cell_chars": 10}).resolved()
    assert resolved == ResolvedReadOptions(issuer="某某镇人民政府", level=Level.TOWNSHIP,
                                           limits=Limits(max_cell_chars=10))
    assert ReadOptions().resolved() == DEFAULT_READ and DEFAULT_READ.limits == Limits()


def test_options_reach_the_reader(tmp_path: Path) -> None:
    """Each option changes what a reader does: the limits, the issuer and the backend."""
    from catalog.core.findings import InputError

    with pytest.raises(InputError) as raised:
        load_file(WORKBOOK, options=ReadOptions(limits={"max_rows": 3}))
    assert raised.value.code == "CAT615"
    loaded = load_file(WORKBOOK, options=ReadOptions(issuer="某某县民政局", level="县级",
                                                     streaming=True))
    assert loaded.info["backend"] == "openpyxl-read-only"
    assert loaded.document.catalogues[0].issuer.level is Level.COUNTY
    rows: list[int] = []
    load_file(WORKBOOK, options=ReadOptions(progress=rows.append))
    assert rows
    with pytest.raises(InputError) as raised:
        load_file(CATALOGUE, options=ReadOptions(limits={"max_file_bytes": 100}))
    assert raised.value.code == "CAT601"
