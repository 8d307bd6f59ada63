"""Baselines: today's findings recorded, so CI fails only on new ones."""

from __future__ import annotations

import copy
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from catalog.checking.baseline import baseline_data, fingerprint, load_baseline, without_baseline
from catalog.checking.checker import FileResult, check_file
from catalog.cli.main import main
from catalog.core.findings import Finding, Location, Severity, UsageError

REPO = Path(__file__).resolve().parent.parent
MISTAKES = REPO / "examples" / "typical-mistakes" / "catalogue.json"
# The coverage rules (CAT4xx) depend on which national items are present; leave them out so
# that adding a local item changes nothing but what the test is about.
SELECT = "CAT1,CAT2,CAT3"


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data repository holding the typical-mistakes catalogue; cwd is its root."""
    shutil.copy(MISTAKES, tmp_path / "catalogue.json")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "catalogue.json"


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def save(path: Path, doc: dict[str, Any]) -> None:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[dict[str, Any]]]:
    argv = ["check", "catalogue.json", "--format", "json", "--select", SELECT, *extra]
    code = main(argv)
    report = json.loads(capsys.readouterr().out)
    return code, [f for entry in report["files"] for f in entry["findings"]]


def test_first_run_writes_baseline_and_passes(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, findings = check(capsys)
    assert code == 1 and findings
    code, reported = check(capsys, "--baseline", "baseline.json")
    assert Path("baseline.json").is_file()
    recorded = load(Path("baseline.json"))
    assert sum(recorded["fingerprints"].values()) == len(findings)
    # Adopting a baseline accepts today's findings: nothing is new, so the run passes.
    assert (code, reported) == (0, [])


def test_unchanged_file_passes(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    check(capsys, "--baseline", "baseline.json")
    before = Path("baseline.json").read_bytes()
    assert check(capsys, "--baseline", "baseline.json") == (0, [])
    assert Path("baseline.json").read_bytes() == before  # an existing baseline is not rewritten


def test_inserting_a_row_above_does_not_make_old_findings_new(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    check(capsys, "--baseline", "baseline.json")
    doc = load(data)
    items = doc["catalogues"][0]["items"]
    new = copy.deepcopy(items[0])
    new["category"], new["name"], new["seq"] = "本地事项", "村务公开栏维护", "0"
    items.insert(0, new)
    save(data, doc)
    assert check(capsys, "--baseline", "baseline.json") == (0, [])
    # ... while the same findings, without the baseline, have all moved
    _, moved = check(capsys)
    assert moved and all("/items/0/" not in (f["location"]["pointer"] or "") for f in moved)


def test_second_copy_of_known_problem_is_new(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    check(capsys, "--baseline", "baseline.json")
    doc = load(data)
    items = doc["catalogues"][0]["items"]
    blank = next(item for item in items if item["subject"] == "")
    items.append(copy.deepcopy(blank))  # the same blank 公开主体, a second time
    save(data, doc)
    code, findings = check(capsys, "--baseline", "baseline.json")
    assert code == 1
    blanks = [f for f in findings if f["code"] == "CAT101"]
    assert len(blanks) == 1
    assert blanks[0]["location"]["pointer"].startswith(f"/catalogues/0/items/{len(items) - 1}/")


def test_fixing_a_problem_keeps_passing(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    check(capsys, "--baseline", "baseline.json")
    doc = load(data)
    for item in doc["catalogues"][0]["items"]:
        item["subject"] = item["subject"] or "江上乡人民政府"
    save(data, doc)
    assert check(capsys, "--baseline", "baseline.json") == (0, [])


def test_update_baseline(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    check(capsys, "--baseline", "baseline.json")
    doc = load(data)
    doc["catalogues"][0]["items"][0]["content"] = ""
    save(data, doc)
    assert check(capsys, "--baseline", "baseline.json")[0] == 1
    assert check(capsys, "--baseline", "baseline.json", "--update-baseline") == (0, [])
    assert check(capsys, "--baseline", "baseline.json") == (0, [])


def test_unreadable_baseline_is_usage_error(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("baseline.json").write_text("not json", encoding="utf-8")
    code = main(["check", "catalogue.json", "--baseline", "baseline.json"])
    assert code == 2
    assert "baseline" in capsys.readouterr().err


def test_unreadable_file_is_never_hidden_by_baseline(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data.write_text("{", encoding="utf-8")
    check(capsys, "--baseline", "baseline.json")
    code, findings = check(capsys, "--baseline", "baseline.json")
    assert code == 2
    assert [f["code"] for f in findings] == ["CAT100"]


# ------------------------------------------------------------------------------- library


def _finding(row: int | None, line: int | None, **params: Any) -> Finding:
    location = Location("a.json", pointer=f"/catalogues/0/items/{row}/subject", line=line)
    return Finding("CAT101", Severity.ERROR, location, {"field": "subject", **params})


def test_fingerprint_ignores_position_but_not_item() -> None:
    first = _finding(1, 10, item="甲/乙")
    assert fingerprint(first) == fingerprint(_finding(5, 90, item="甲/乙"))
    assert fingerprint(first) != fingerprint(_finding(1, 10, item="甲/丙"))
    moved_duplicate = Finding(
        "CAT103", Severity.WARNING, Location("a.json", line=5), {"item": "甲", "first": "/x/1"}
    )
    assert fingerprint(moved_duplicate) == fingerprint(
        Finding(
            "CAT103", Severity.WARNING, Location("a.json", line=9), {"item": "甲", "first": "/x/2"}
        )
    )


def test_fingerprint_keeps_file_and_code() -> None:
    finding = _finding(1, 10, item="甲")
    other_file = Finding(finding.code, finding.severity, Location("b.json"), finding.params)
    other_code = Finding("CAT105", finding.severity, finding.location, finding.params)
    assert len({fingerprint(f) for f in (finding, other_file, other_code)}) == 3


def test_spreadsheet_fingerprint_keeps_column_not_row() -> None:
    def cell(row: int, column: int) -> Finding:
        return Finding(
            "CAT101", Severity.ERROR, Location("a.xlsx", "表", row, column), {"item": "甲"}
        )

    assert fingerprint(cell(3, 4)) == fingerprint(cell(30, 4))
    assert fingerprint(cell(3, 4)) != fingerprint(cell(3, 5))


def test_baseline_round_trip(tmp_path: Path) -> None:
    result = check_file(MISTAKES)
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(baseline_data([result])), encoding="utf-8")
    known = load_baseline(path)
    assert sum(known.values()) == len(result.findings)
    filtered = without_baseline([result], known)
    assert filtered == [FileResult(result.file, [], True, result.catalogues, result.items)]


def test_counts_matter() -> None:
    finding = _finding(1, 10, item="甲")
    result = FileResult("a.json", [finding, _finding(2, 20, item="甲")])
    known = Counter({fingerprint(finding): 1})
    assert [f.location.line for f in without_baseline([result], known)[0].findings] == [20]



@pytest.mark.parametrize("content", ["", "[]", '{"fingerprints": 3}', '{"other": {}}'])
def test_bad_baseline_files(content: str, tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError):
        load_baseline(path)
