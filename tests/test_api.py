"""The public API of ``import catalog``: load, validate, dump, check, render_message."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import catalog
from catalog.core.findings import InputError, UsageError

REPO = Path(__file__).resolve().parent.parent
CLEAN = REPO / "examples" / "township-social-assistance" / "catalogue.json"
MISTAKES = REPO / "examples" / "typical-mistakes" / "catalogue.json"


def test_public_names_resolve() -> None:
    for name in catalog.__all__:
        assert getattr(catalog, name) is not None, name
    with pytest.raises(AttributeError):
        catalog.no_such_thing  # noqa: B018


def test_load_path() -> None:
    loaded = catalog.load(CLEAN)
    assert isinstance(loaded, catalog.Loaded)
    assert isinstance(loaded.document, catalog.Document)
    assert loaded.file == str(CLEAN)
    assert loaded.document.catalogues[0].issuer.level is catalog.Level.TOWNSHIP


def test_load_stream_needs_format() -> None:
    data = CLEAN.read_bytes()
    loaded = catalog.load(io.BytesIO(data), format="json")
    assert loaded.document == catalog.load(CLEAN).document
    with pytest.raises(UsageError):
        catalog.load(io.BytesIO(data))


def test_load_unreadable_raises_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1,", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        catalog.load(bad)
    assert caught.value.code == "CAT100"
    assert caught.value.to_finding().location.file == str(bad)


def test_validate_loaded_equals_check() -> None:
    findings = catalog.validate(catalog.load(MISTAKES))
    assert findings == catalog.check([MISTAKES])[0].findings
    assert any(f.severity is catalog.Severity.ERROR for f in findings)


def test_validate_document_built_in_code() -> None:
    document = catalog.load(MISTAKES).document
    findings = catalog.validate(document)
    assert {f.code for f in findings} >= {"CAT101", "CAT302"}
    assert all(f.location.file == "<document>" for f in findings)
    assert all((f.location.pointer or "").startswith("/catalogues/0") for f in findings)


def test_validate_with_options() -> None:
    options = catalog.CheckOptions(select=("CAT3",))
    findings = catalog.validate(catalog.load(MISTAKES), options)
    assert findings and all(f.code.startswith("CAT3") for f in findings)


def test_dump_and_dumps_round_trip(tmp_path: Path) -> None:
    document = catalog.load(CLEAN).document
    target = tmp_path / "out.json"
    catalog.dump(document, target)
    text = target.read_text(encoding="utf-8")
    assert text == catalog.dumps(document)
    assert text.endswith("\n") and "江上乡" in text
    assert catalog.load(target).document == document


def test_dump_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        catalog.dump(catalog.load(CLEAN).document, tmp_path / "out.pdf")


def test_check_returns_results_in_order(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    results = catalog.check([MISTAKES, bad, CLEAN])
    assert [r.file for r in results] == [str(MISTAKES), str(bad), str(CLEAN)]
    assert [r.readable for r in results] == [True, False, True]


def test_render_message_languages() -> None:
    finding = next(f for f in catalog.validate(catalog.load(MISTAKES)) if f.code == "CAT101")
    zh = catalog.render_message(finding)
    en = catalog.render_message(finding, lang="en")
    assert "公开主体" in zh and zh != en
    assert finding.params["item"] in zh and finding.params["item"] in en


# ------------------------------------------------------------- no surprises (issue 11)


def test_check_takes_one_path_as_one_path(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # A relative name in a folder of its own: were the string iterated, its characters
    # ("m", "." ...) would stay inside this folder rather than walk from "/".
    (tmp_path / "m.json").write_bytes(MISTAKES.read_bytes())
    monkeypatch.chdir(tmp_path)
    for one in ("m.json", Path("m.json")):
        results = catalog.check(one)
        assert [r.file for r in results] == ["m.json"]
        assert results[0].findings == catalog.check(["m.json"])[0].findings


@pytest.mark.parametrize("format", ["json", "csv"])
def test_load_text_streams(format: str, tmp_path: Path) -> None:
    path = tmp_path / f"c.{format}"
    catalog.dump(catalog.load(CLEAN).document, path)
    text = path.read_text(encoding="utf-8")
    from_text = catalog.load(io.StringIO(text), format=format)
    assert from_text.document == catalog.load(path).document


def test_load_workbook_from_text_stream_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="binary"):
        catalog.load(io.StringIO("x"), format="xlsx")
    with pytest.raises(UsageError, match="BytesIO"):
        catalog.load(CLEAN.read_bytes(), format="json")  # type: ignore[arg-type]


@pytest.mark.parametrize(("typo", "meant"), [("lvl", "level"), ("stremaing", "streaming"),
                                             ("isuer", "issuer")])
def test_unknown_read_option_names_the_closest(typo: str, meant: str) -> None:
    with pytest.raises(UsageError, match=f"{typo}.*{meant}"):
        catalog.load(CLEAN, **{typo: "乡级"})


def test_read_options_are_typed_and_frozen() -> None:
    from dataclasses import FrozenInstanceError

    from catalog.api import ReadOptions

    options = ReadOptions(issuer="某某镇人民政府")
    assert options.level is catalog.Level.TOWNSHIP  # read from the issuer's name
    with pytest.raises(FrozenInstanceError):
        options.level = None  # type: ignore[misc]
    for bad in ({"streaming": "yes"}, {"limits": 5}, {"level": "火星级"}, {"issuer": 3}):
        with pytest.raises(UsageError):
            catalog.load(CLEAN, **bad)
    with pytest.raises(UsageError, match="stremaing"):
        catalog.CheckOptions(reader_options={"stremaing": True})


@pytest.mark.parametrize("format", ["pdf", "XLSXX", ""])
def test_unknown_format_is_a_usage_error(format: str) -> None:
    with pytest.raises(UsageError, match="format"):
        catalog.load(CLEAN, format=format)
    with pytest.raises(UsageError, match="format"):
        catalog.load(io.BytesIO(CLEAN.read_bytes()), format=format)


def test_input_error_str_is_the_message(tmp_path: Path) -> None:
    import pickle

    with pytest.raises(InputError) as caught:
        catalog.load(tmp_path / "missing.json")
    text = str(caught.value)
    assert text.startswith(f"{tmp_path / 'missing.json'}: CAT622 ")
    assert "不存在" in text and "no such file" in text and "{}" not in text
    again = pickle.loads(pickle.dumps(caught.value))
    assert (again.code, again.file, str(again)) == ("CAT622", caught.value.file, text)


def test_wrong_argument_types_are_usage_errors() -> None:
    with pytest.raises(UsageError):
        catalog.validate("目录.xlsx")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        catalog.check(MISTAKES, options={"level": "乡级"})  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        catalog.load(42)  # type: ignore[arg-type]


def test_limits_option_is_applied() -> None:
    from catalog.formats.screening import Limits

    for limits in (Limits(max_file_bytes=100), {"max_file_bytes": 100}):
        with pytest.raises(InputError) as caught:
            catalog.load(CLEAN, limits=limits)
        assert caught.value.code == "CAT601"


@pytest.mark.parametrize(("old", "new"), [("catalog.model", "catalog.standard.model"),
                                          ("catalog.findings", "catalog.core.findings")])
def test_the_01_module_paths_still_work_and_warn(old: str, new: str) -> None:
    """Code written against 0.1 (the plugin guide said ``from catalog.findings import ...``)."""
    import importlib
    import sys

    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=old):
        alias = importlib.import_module(old)
    moved = importlib.import_module(new)
    assert alias.__all__ == moved.__all__
    assert all(getattr(alias, name) is getattr(moved, name) for name in moved.__all__)


def test_an_input_error_given_a_code_says_to_pass_the_rule() -> None:
    from catalog.core.findings import InputError

    with pytest.raises(TypeError, match="rule object"):
        InputError("CAT602", "x.docx")  # type: ignore[arg-type]
