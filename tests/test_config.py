"""Settings in catalog.toml or [tool.catalog] of pyproject.toml, found from the checked path up."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from catalog.cli import main
from catalog.config import KNOWN_KEYS, find_settings
from catalog.findings import UsageError

REPO = Path(__file__).resolve().parent.parent
MISTAKES = REPO / "examples" / "typical-mistakes" / "catalogue.json"


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A data repository: project/data/2025/catalogue.json (the typical-mistakes example)."""
    folder = tmp_path / "project" / "data" / "2025"
    folder.mkdir(parents=True)
    shutil.copy(MISTAKES, folder / "catalogue.json")
    return tmp_path / "project"


def catalogue(project: Path) -> Path:
    return project / "data" / "2025" / "catalogue.json"


def run_json(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, set[str]]:
    code = main(["check", *map(str, argv), "--format", "json"])
    out = capsys.readouterr().out
    report = json.loads(out)
    return code, {f["code"] for entry in report["files"] for f in entry["findings"]}


# ----------------------------------------------------------------------------- discovery


def test_no_settings(tmp_path: Path) -> None:
    settings = find_settings(tmp_path)
    assert settings.values == {} and settings.path is None
    assert settings.get("strict", False) is False


def test_catalog_toml_found_upwards(project: Path) -> None:
    (project / "catalog.toml").write_text('ignore = ["CAT4"]\nstrict = true\n', "utf-8")
    settings = find_settings(catalogue(project))
    assert settings.path == (project / "catalog.toml").resolve()
    assert settings.get("ignore") == ["CAT4"] and settings.get("strict") is True
    assert find_settings(catalogue(project).parent).path == settings.path


def test_pyproject_tool_table(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "data"\n\n[tool.catalog]\nselect = ["CAT1"]\n', "utf-8"
    )
    settings = find_settings(catalogue(project))
    assert settings.path == (project / "pyproject.toml").resolve()
    assert settings.get("select") == ["CAT1"]


def test_pyproject_without_table_is_skipped(project: Path) -> None:
    (project / "catalog.toml").write_text('lang = "en"\n', "utf-8")
    (project / "data" / "pyproject.toml").write_text("[tool.other]\nx = 1\n", "utf-8")
    assert find_settings(catalogue(project)).get("lang") == "en"


def test_nearest_settings_win(project: Path) -> None:
    (project / "catalog.toml").write_text('lang = "en"\n', "utf-8")
    (project / "data" / "catalog.toml").write_text('lang = "zh"\n', "utf-8")
    assert find_settings(catalogue(project)).get("lang") == "zh"


def test_catalog_toml_beats_pyproject_in_same_folder(project: Path) -> None:
    (project / "catalog.toml").write_text('lang = "en"\n', "utf-8")
    (project / "pyproject.toml").write_text('[tool.catalog]\nlang = "zh"\n', "utf-8")
    assert find_settings(project).get("lang") == "en"


def test_unknown_key_is_usage_error(project: Path) -> None:
    (project / "catalog.toml").write_text('selekt = ["CAT1"]\n', "utf-8")
    with pytest.raises(UsageError, match="selekt"):
        find_settings(catalogue(project))


def test_select_must_be_list(project: Path) -> None:
    (project / "catalog.toml").write_text('select = "CAT1"\n', "utf-8")
    with pytest.raises(UsageError, match="select"):
        find_settings(project)


def test_known_keys_cover_documented_settings() -> None:
    assert {"select", "ignore", "strict", "issuer", "level", "limits"} <= KNOWN_KEYS


# ------------------------------------------------------------------------- through the CLI


def test_settings_apply(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "catalog.toml").write_text('select = ["CAT3"]\n', "utf-8")
    code, codes = run_json(capsys, catalogue(project))
    assert codes and all(code.startswith("CAT3") for code in codes)
    assert code == 1  # CAT302 is an error


def test_flags_override_settings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "catalog.toml").write_text('select = ["CAT3"]\n', "utf-8")
    _, codes = run_json(capsys, catalogue(project), "--select", "CAT204")
    assert codes == {"CAT204"}


def test_strict_setting(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Only warnings selected: fails only because strict = true.
    assert run_json(capsys, catalogue(project), "--select", "CAT204")[0] == 0
    (project / "catalog.toml").write_text("strict = true\n", "utf-8")
    assert run_json(capsys, catalogue(project), "--select", "CAT204")[0] == 1


def test_level_setting_used_when_catalogue_lacks_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalogue(project)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["catalogues"][0]["issuer"]["level"] = None
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _, codes = run_json(capsys, path, "--select", "CAT205,CAT206")
    assert codes == {"CAT206"}
    (project / "catalog.toml").write_text('level = "镇级"\n', "utf-8")
    _, codes = run_json(capsys, path, "--select", "CAT205,CAT206")
    assert codes == {"CAT205"}


def test_lang_setting(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "catalog.toml").write_text('lang = "en"\n', "utf-8")
    main(["check", str(catalogue(project))])
    assert capsys.readouterr().out.startswith("Checked 1 file(s)")


@pytest.mark.parametrize(
    "content",
    [
        'selekt = ["CAT1"]\n',  # unknown key
        "select = [\n",  # not TOML
        'select = "CAT1"\n',  # wrong type
        'select = ["CAT999"]\n',  # unknown code
        'level = "火星级"\n',  # unknown level
        'format = "pdf"\n',  # unknown report format
        'lang = "fr"\n',  # unknown language
    ],
)
def test_bad_settings_are_usage_errors(
    content: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "catalog.toml").write_text(content, "utf-8")
    code = main(["check", str(catalogue(project))])
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert "catalog.toml" in captured.err or content.split()[-1].strip('"[]') in captured.err
    assert "Traceback" not in captured.err
