"""InputError carries its rule: the message, severity and code all come from the rule object."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest

from catalog.core.findings import CatalogueSource, InputError, Location, Severity
from catalog.rules.limits import CELL_TOO_LONG, PATH_NOT_FOUND, READER_ABORTED
from catalog.rules.structure import JSON_SYNTAX

# A rule of another severity, as a plugin might define: the error must not assume "error".
SOFT = replace(READER_ABORTED, code="CAT623", severity=Severity.WARNING)


def test_message_is_rendered_by_the_rule_in_both_languages() -> None:
    error = InputError(CELL_TOO_LONG, "目录.csv", chars=40000, limit=32767)
    assert error.code == "CAT618" and error.rule is CELL_TOO_LONG
    assert str(error) == ("目录.csv: CAT618 单元格内容长达 40000 个字符，超过上限 32767 / "
                          "the cell holds 40000 characters, over the limit of 32767")


def test_to_finding_takes_code_severity_and_params_from_the_rule() -> None:
    error = InputError(SOFT, "目录.xlsx", reason="SIGABRT")
    finding = error.to_finding()
    assert (finding.code, finding.severity) == ("CAT623", Severity.WARNING)
    assert finding.location == Location("目录.xlsx")
    assert finding.params == {"reason": "SIGABRT"}
    assert finding.params is not error.params  # the finding's params are its own


@pytest.mark.parametrize("error", [
    InputError(PATH_NOT_FOUND, "缺失.json"),
    InputError(JSON_SYNTAX, "坏.json", line=2, column=1, detail="Expecting value"),
    InputError(SOFT, "目录.xlsx", reason="SIGKILL"),
])
def test_pickled_error_renders_the_same(error: InputError) -> None:
    """Worker processes send InputErrors back to the parent: nothing may be lost on the way."""
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, InputError)
    assert (again.rule, again.code, again.file, again.params) == (
        error.rule, error.code, error.file, error.params)
    assert str(again) == str(error)
    assert again.to_finding() == error.to_finding()


def test_a_missing_or_malformed_parameter_still_says_something() -> None:
    missing = InputError(CELL_TOO_LONG, "目录.csv", chars=40000)  # no limit
    assert str(missing).endswith("超过上限 ? / the cell holds 40000 characters, over the "
                                 "limit of ?")
    numeric = replace(CELL_TOO_LONG, message_zh="{chars:d} 个字符")
    malformed = InputError(numeric, "目录.csv", chars="许多")
    assert str(malformed) == "目录.csv: CAT618 {'chars': '许多'}"


@pytest.mark.parametrize("source", [
    CatalogueSource("目录.xlsx", "表1", item_rows=[5, 6, 9], columns={"subject": 7},
                    title_row=2),
    CatalogueSource("目录.xlsx", None, item_rows=[3], title_row=None),
    CatalogueSource("目录.json", pointer="/catalogues/1",
                    line_of=lambda pointer: len(pointer) if "subject" in pointer else None),
    CatalogueSource("<document>", pointer="/catalogues/0"),
], ids=["sheet", "csv", "json", "document"])
def test_position_is_where_locate_points(source: CatalogueSource) -> None:
    """The checker orders findings it has not built by ``position``: the sort key of the
    location ``locate`` would give (sheet, row or line, column, pointer)."""
    for item in (None, 0, 2, 5):
        for field_name in (None, "subject", "basis"):
            where = source.locate(item, field_name)
            assert source.position(item, field_name) == (
                where.sheet or "", where.row or where.line or 0, where.column or 0,
                where.pointer or "")
