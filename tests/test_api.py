"""The public API of ``import catalog``: load, validate, dump, check, render_message."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import catalog
from catalog.findings import InputError, UsageError

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
