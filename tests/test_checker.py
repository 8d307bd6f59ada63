"""checker: reading, running the rules, fixed order, parallel workers, internal errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

import catalog.checking.checker
from catalog.checking.checker import (
    CheckOptions,
    FileResult,
    InternalError,
    check_file,
    check_paths,
)
from catalog.core.findings import Finding, Severity, UsageError
from catalog.rules import RuleRegistry, default_registry
from catalog.standard.model import Level
from tests.conftest import CLEAN, MISTAKES, base_doc, write


def small_doc(index: int) -> dict[str, Any]:
    """A different small catalogue per index: some clean, some with varied mistakes."""
    doc = base_doc()
    items = doc["catalogues"][0]["items"][: 1 + index % 4]
    for position, item in enumerate(items):
        if (index + position) % 3 == 0:
            item["subject"] = ""
        if (index + position) % 5 == 0:
            item["time_limit"] = {"text": f"信息形成之日起{21 + index}个工作日内"}
        if (index + position) % 7 == 0:
            item["channels"] = [*item["channels"], "政务服务中"]
    doc["catalogues"][0]["items"] = items
    return doc


def test_clean_file() -> None:
    result = check_file(CLEAN)
    assert result.readable
    assert result.catalogues == 1
    assert result.items == len(base_doc()["catalogues"][0]["items"])
    assert result.count(Severity.ERROR) == 0


def test_findings_sorted_by_position() -> None:
    result = check_file(MISTAKES)
    assert result.findings == sorted(result.findings, key=Finding.sort_key)
    lines = [finding.location.line or 0 for finding in result.findings]
    assert lines == sorted(lines)
    assert result.count(Severity.ERROR) >= 1


def test_unreadable_file_is_a_finding_not_an_exception(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = check_file(bad)
    assert not result.readable
    assert [finding.code for finding in result.findings] == ["CAT100"]
    assert result.findings[0].severity is Severity.ERROR
    assert result.findings[0].location.file == str(bad)


def test_unknown_extension_is_a_finding(tmp_path: Path) -> None:
    odd = tmp_path / "catalogue.pdf"
    odd.write_bytes(b"%PDF-1.4")
    result = check_file(odd)
    assert not result.readable
    assert len(result.findings) == 1 and result.findings[0].code.startswith("CAT6")


def test_missing_path_is_a_finding(tmp_path: Path) -> None:
    results = list(check_paths([tmp_path / "nowhere.json"], jobs=1))
    assert len(results) == 1
    assert not results[0].readable
    assert results[0].findings[0].code.startswith("CAT6")


def test_folder_expands_sorted_and_skips_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "sub").mkdir(parents=True)
    write(folder / "b.json", small_doc(1))
    write(folder / "a.json", small_doc(2))
    write(folder / "sub" / "c.json", small_doc(3))
    (folder / "notes.md").write_text("# not a catalogue", encoding="utf-8")
    results = list(check_paths([folder], jobs=1))
    names = [Path(result.file).relative_to(folder).as_posix() for result in results]
    assert names == ["a.json", "b.json", "sub/c.json"]


def test_paths_keep_input_order(tmp_path: Path) -> None:
    first = write(tmp_path / "z.json", small_doc(1))
    second = write(tmp_path / "a.json", small_doc(2))
    results = list(check_paths([first, second], jobs=1))
    assert [result.file for result in results] == [str(first), str(second)]


def test_parallel_results_equal_sequential(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(40):
        write(folder / f"catalogue-{index:02d}.json", small_doc(index))
    (folder / "catalogue-17-broken.json").write_text("{", encoding="utf-8")
    sequential = list(check_paths([folder], jobs=1))
    parallel = list(check_paths([folder], jobs=2))
    assert len(sequential) == 41
    assert parallel == sequential
    assert any(not result.readable for result in parallel)
    assert sum(result.count(Severity.ERROR) for result in parallel) > 10


def test_options_select_and_ignore() -> None:
    selected = check_file(MISTAKES, CheckOptions(select=("CAT3",)))
    assert selected.findings and {f.code[:4] for f in selected.findings} == {"CAT3"}
    ignored = check_file(MISTAKES, CheckOptions(ignore=("CAT3", "CAT4")))
    assert ignored.findings
    assert not any(f.code.startswith(("CAT3", "CAT4")) for f in ignored.findings)


def test_unknown_code_fails_before_reading(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        list(check_paths([tmp_path / "nowhere.json"], CheckOptions(select=("CAT998",))))


def test_level_applied_only_when_missing(tmp_path: Path) -> None:
    doc = base_doc()
    doc["catalogues"][0]["issuer"]["level"] = None
    doc["catalogues"][0]["items"][0]["level"] = ["县级"]
    path = write(tmp_path / "no-level.json", doc)
    codes = {f.code for f in check_file(path).findings}
    assert "CAT206" in codes and "CAT205" not in codes
    with_level = {f.code for f in check_file(path, CheckOptions(level=Level.TOWNSHIP)).findings}
    assert "CAT205" in with_level and "CAT206" not in with_level
    # The catalogue's own level wins over the option.
    doc["catalogues"][0]["issuer"]["level"] = "县级"
    write(path, doc)
    own = {f.code for f in check_file(path, CheckOptions(level=Level.TOWNSHIP)).findings}
    assert "CAT205" not in own


def _broken_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = default_registry()
    victim = next(rule for rule in registry if rule.check is not None)

    def boom(context: Any) -> Any:
        raise KeyError("deliberate")

    patched = RuleRegistry(
        dataclasses.replace(rule, check=boom) if rule is victim else rule for rule in registry
    )
    monkeypatch.setattr(catalog.checking.checker, "default_registry", lambda: patched)


def test_rule_bug_in_check_paths_is_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _broken_registry(monkeypatch)
    with pytest.raises(InternalError) as caught:
        list(check_paths([CLEAN], jobs=1))
    assert caught.value.file == str(CLEAN)
    assert "KeyError" in caught.value.detail
    assert "Traceback" in caught.value.trace


def test_rule_bug_in_check_file_is_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """check_file's contract: a library bug raises InternalError, whatever stage it is in."""
    _broken_registry(monkeypatch)
    with pytest.raises(InternalError) as caught:
        check_file(CLEAN)
    assert "KeyError" in caught.value.detail


def test_reader_bug_is_internal_error_not_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_reader(path: Any, options: Any) -> Any:
        raise AttributeError("reader bug")

    monkeypatch.setattr(catalog.checking.checker, "read_for_check", broken_reader)
    with pytest.raises(InternalError) as caught:
        check_file(CLEAN)
    assert "reader bug" in caught.value.detail


def test_file_result_pickles() -> None:
    import pickle

    result = check_file(MISTAKES)
    assert pickle.loads(pickle.dumps(result)) == result
    assert isinstance(result, FileResult)


def test_os_error_on_open_is_a_finding(tmp_path: Path) -> None:
    folder_named_json = tmp_path / "looks-like.json"
    folder_named_json.mkdir()
    result = check_file(folder_named_json)
    assert not result.readable
    assert result.findings[0].code.startswith("CAT6")
