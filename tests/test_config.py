"""Settings in catalog.toml or [tool.catalog] of pyproject.toml, found from the checked path up."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.checking.config import KNOWN_KEYS, find_settings
from catalog.cli.main import main
from catalog.core.findings import UsageError
from tests.conftest import examples

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


# ----------------------------------------------------------------- settings per file (issue 11)


def township(root: Path, name: str, settings: str | None) -> Path:
    """root/name/catalogue.json without an issuer level, with its own catalog.toml if given."""
    folder = root / name
    folder.mkdir(parents=True)
    doc = json.loads(MISTAKES.read_text(encoding="utf-8"))
    doc["catalogues"][0]["issuer"]["level"] = None
    path = folder / "catalogue.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    if settings is not None:
        (folder / "catalog.toml").write_text(settings, encoding="utf-8")
    return path


def codes_per_file(capsys: pytest.CaptureFixture[str], *argv: object) -> dict[str, set[str]]:
    main(["check", *map(str, argv), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    return {Path(entry["file"]).parent.name: {f["code"] for f in entry["findings"]}
            for entry in report["files"]}


def test_each_file_uses_its_own_folders_settings_in_any_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = township(tmp_path, "a", 'level = "镇级"\n')
    b = township(tmp_path, "b", None)
    select = ("--select", "CAT205,CAT206")
    forward = codes_per_file(capsys, a, b, *select)
    backward = codes_per_file(capsys, b, a, *select)
    assert forward == backward == {"a": {"CAT205"}, "b": {"CAT206"}}


def test_folder_check_honours_sub_folder_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    township(data, "jiangshang", 'issuer = "江上乡人民政府"\n')  # level implied: 乡级
    township(data, "county", 'level = "县级"\n')
    township(data, "unknown", None)
    found = codes_per_file(capsys, data, "--select", "CAT205,CAT206")
    assert found == {"jiangshang": {"CAT205"}, "county": set(), "unknown": {"CAT206"}}


def test_settings_read_once_per_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from catalog.checking import config

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    (tmp_path / "catalog.toml").write_text('lang = "en"\n', encoding="utf-8")
    calls: list[Path] = []
    real = config.settings_in
    monkeypatch.setattr(config, "settings_in", lambda d: calls.append(d) or real(d))
    resolver = config.Resolver()
    for index in range(200):
        assert resolver.for_path(tmp_path / "ab"[index % 2] / f"{index}.xlsx").lang == "en"
    assert sorted(calls) == sorted([tmp_path / "a", tmp_path / "b", tmp_path])


def test_run_options_come_from_the_common_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """lang/format/strict/baseline are per run: from the folder holding every path."""
    a = township(tmp_path, "a", 'lang = "en"\n')
    b = township(tmp_path, "b", None)
    outputs = []
    for paths in ((a, b), (b, a)):
        main(["check", *map(str, paths)])
        outputs.append(capsys.readouterr().out)
    assert outputs[0].startswith("检查了") and outputs[1].startswith("检查了")
    main(["check", str(a)])  # one file: its own settings are the run's
    assert capsys.readouterr().out.startswith("Checked")


# ----------------------------------------------------------------------------- one merge


def test_merge_order_defaults_file_flags(tmp_path: Path) -> None:
    from catalog.checking.config import Overrides, Settings, merge
    from catalog.formats.screening import Limits
    from catalog.standard.model import Level

    assert merge(find_settings(tmp_path)) == Settings()
    (tmp_path / "catalog.toml").write_text(
        'lang = "en"\nstrict = true\nlevel = "县级"\nignore = ["CAT2"]\n'
        "[limits]\nmax_rows = 100\n", encoding="utf-8")
    from_file = merge(find_settings(tmp_path))
    assert (from_file.lang, from_file.strict, from_file.level, from_file.ignore) == (
        "en", True, Level.COUNTY, ("CAT2",))
    assert from_file.limits == Limits(max_rows=100)
    flags = Overrides(lang="zh", strict=False, level="乡级", ignore=("CAT3",),
                      limits=(("max_columns", 50),))
    merged = merge(find_settings(tmp_path), flags)
    assert (merged.lang, merged.strict, merged.level, merged.ignore) == (
        "zh", False, Level.TOWNSHIP, ("CAT3",))
    assert merged.limits == Limits(max_rows=100, max_columns=50)
    with pytest.raises(AttributeError):
        merged.lang = "en"  # type: ignore[misc]


# ----------------------------------------------------------------------------- file encodings


def test_notepad_bom_is_read(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "catalog.toml").write_bytes('\ufefflang = "en"\n'.encode())
    assert find_settings(catalogue(project)).get("lang") == "en"
    main(["check", str(catalogue(project))])
    assert capsys.readouterr().out.startswith("Checked")


def test_gbk_settings_are_read(project: Path) -> None:
    (project / "catalog.toml").write_bytes('issuer = "江上乡人民政府"\n'.encode("gbk"))
    assert find_settings(catalogue(project)).get("issuer") == "江上乡人民政府"


def test_undecodable_settings_are_a_clear_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "catalog.toml").write_bytes(b'issuer = "\xff\xfe\xff"\n')
    code = main(["check", str(catalogue(project))])
    err = capsys.readouterr().err
    assert code == 2 and "catalog.toml" in err and "UTF-8" in err
    assert "Traceback" not in err and "internal error" not in err


def test_toml_syntax_error_names_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "catalog.toml").write_text('lang = "en"\nstrict = \n', encoding="utf-8")
    code = main(["check", str(catalogue(project))])
    err = capsys.readouterr().err
    assert code == 2 and str(project / "catalog.toml") in err and "line 2" in err


# ------------------------------------------------------------------- --issuer implies a level


@pytest.mark.parametrize(("name", "level"), [
    ("某某镇人民政府", "乡级"), ("江上乡人民政府", "乡级"), ("某某苏木人民政府", "乡级"),
    ("某某街道办事处", "乡级"), ("某某县人民政府", "县级"), ("某某区人民政府", "县级"),
    ("某某旗人民政府", "县级"), ("某某市人民政府", "市级"), ("某某县民政局", None),
])
def test_issuer_name_implies_level(name: str, level: str | None) -> None:
    from catalog.standard.vocabulary import issuer_level

    found, implied = issuer_level(name, None)
    assert (found.value if found else None) == level and implied is (level is not None)
    assert issuer_level(name, "村级")[1] is False  # a level given always wins


def test_issuer_flag_implies_level_and_says_so(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = township(project, "town", None)
    select = ("--select", "CAT205,CAT206,CAT530", "--format", "json")
    main(["check", str(path), *select])
    assert {f["code"] for f in json.loads(capsys.readouterr().out)["files"][0]["findings"]} == {
        "CAT206"}
    main(["check", str(path), "--issuer", "某某镇人民政府", *select])
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert {f["code"] for f in findings} == {"CAT205", "CAT530"}
    note = next(f for f in findings if f["code"] == "CAT530")
    assert "某某镇人民政府" in note["message"] and "乡级" in note["message"]
    main(["check", str(path), "--issuer", "某某镇人民政府", "--level", "县级", *select])
    assert "CAT530" not in capsys.readouterr().out


# ------------------------------------------------------------------- untrusted settings files


def test_settings_may_lower_limits(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "catalog.toml").write_text("[limits]\nmax_file_bytes = 100\n", encoding="utf-8")
    code = main(["check", str(catalogue(project)), "--format", "json"])
    assert code == 2 and "CAT601" in capsys.readouterr().out


def test_settings_may_not_raise_limits(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "catalog.toml").write_text("[limits]\nmax_rows = 100000000\n", encoding="utf-8")
    code = main(["check", str(catalogue(project))])
    err = capsys.readouterr().err
    assert code == 2 and "max_rows" in err and "500000" in err and "--trust-settings" in err
    assert main(["check", str(catalogue(project)), "--trust-settings", "--quiet"]) == 1
    capsys.readouterr()
    (project / "catalog.toml").unlink()
    assert main(["check", str(catalogue(project)), "--limit", "max_rows=100000000"]) == 1


def test_limit_flag_applies(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(catalogue(project)), "--limit", "max_file_bytes=100",
                 "--format", "json"])
    assert code == 2 and "CAT601" in capsys.readouterr().out
    assert main(["check", str(catalogue(project)), "--limit", "max_rows=0"]) == 2
    assert "max_rows=0" in capsys.readouterr().err


def test_settings_paths_are_relative_to_the_settings_file(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "catalog.toml").write_text('baseline = "baseline.json"\n', encoding="utf-8")
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    main(["check", str(catalogue(project)), "--quiet"])
    capsys.readouterr()
    assert (project / "baseline.json").is_file() and not (elsewhere / "baseline.json").exists()


@pytest.mark.parametrize("target", ["../outside.json", "/tmp/outside.json", "a/../../x.json"])
def test_settings_paths_may_not_leave_their_folder(
    target: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "catalog.toml").write_text(f"baseline = {json.dumps(target)}\n", encoding="utf-8")
    code = main(["check", str(catalogue(project))])
    err = capsys.readouterr().err
    assert code == 2 and "baseline" in err and "catalog.toml" in err
    assert not (project.parent / "outside.json").exists()


# ------------------------------------------------------- every command merges the same way


def test_template_takes_issuer_and_level_from_settings_or_the_issuers_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from catalog.formats import load_file
    from catalog.standard.model import Level

    implied = tmp_path / "implied.xlsx"
    assert main(["template", "--domain", "社会救助", "--issuer", "某某镇人民政府",
                 "-o", str(implied)]) == 0
    assert load_file(implied).document.catalogues[0].issuer.level is Level.TOWNSHIP
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "catalog.toml").write_text('issuer = "某某县民政局"\nlevel = "县级"\n', "utf-8")
    from_settings = folder / "t.xlsx"
    assert main(["template", "--domain", "social_assistance", "-o", str(from_settings)]) == 0
    issuer = load_file(from_settings).document.catalogues[0].issuer
    assert (issuer.name, issuer.level) == ("某某县民政局", Level.COUNTY)
    assert main(["template", "--domain", "社会救助", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "--level" in capsys.readouterr().err


def test_fix_uses_the_settings_language(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["fix", str(catalogue(project)), "--diff"])
    assert "共修改" in capsys.readouterr().out
    (project / "catalog.toml").write_text('lang = "en"\n', "utf-8")
    main(["fix", str(catalogue(project)), "--diff"])
    out = capsys.readouterr().out
    assert "共修改" not in out and "cell(s) changed" in out


def test_domains_uses_the_current_folders_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    main(["domains"])
    assert capsys.readouterr().out.startswith("代码")
    (tmp_path / "catalog.toml").write_text('lang = "en"\n', "utf-8")
    main(["domains"])
    assert capsys.readouterr().out.startswith("Slug")


@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8-sig")))
@settings(max_examples=examples(150), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_settings_file_is_read_or_refused_as_a_usage_error(
    tmp_path: Path, content: bytes
) -> None:
    from catalog.checking.config import Resolver

    (tmp_path / "catalog.toml").write_bytes(content)
    try:
        Resolver().for_path(tmp_path / "x.json")
    except UsageError as error:
        assert "catalog.toml" in str(error)


def test_trusted_settings_paths_may_leave_their_folder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "catalog.toml").write_text('baseline = "../shared-baseline.json"\n', "utf-8")
    assert main(["check", str(catalogue(project)), "--quiet"]) == 2
    capsys.readouterr()
    main(["check", str(catalogue(project)), "--quiet", "--trust-settings"])
    capsys.readouterr()
    assert (project.parent / "shared-baseline.json").is_file()


def test_level_precedence(tmp_path: Path) -> None:
    """--level > the level --issuer's name shows > the file's level > its issuer's name."""
    from catalog.checking.config import Overrides, merge
    from catalog.standard.model import Level

    (tmp_path / "catalog.toml").write_text('issuer = "某某县人民政府"\n', encoding="utf-8")
    file = find_settings(tmp_path)
    assert merge(file).level is Level.COUNTY and merge(file).level_implied
    town = Overrides(issuer="某某镇人民政府")
    assert (merge(file, town).issuer, merge(file, town).level) == ("某某镇人民政府",
                                                                  Level.TOWNSHIP)
    department = Overrides(issuer="某某县民政局")  # shows no level: not the file issuer's
    assert merge(file, department).level is None
    assert merge(file, Overrides(issuer="某某镇人民政府", level="村级")).level is Level.VILLAGE
    (tmp_path / "catalog.toml").write_text('issuer = "某某县人民政府"\nlevel = "乡级"\n', "utf-8")
    file = find_settings(tmp_path)
    assert merge(file).level is Level.TOWNSHIP and not merge(file).level_implied
    assert merge(file, department).level is Level.TOWNSHIP
