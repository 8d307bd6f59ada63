"""Plugins: rules from other packages through the ``catalog.rules`` entry-point group.

The plugin used here is the example rules module of docs/plugins.md, read from the page, so
the documented example keeps working.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import catalog
from catalog.cli.main import main
from catalog.core import plugins
from catalog.core.findings import Severity
from catalog.rules import ENTRY_POINT_GROUP, Rule, default_registry

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "plugins.md"
CLEAN = REPO / "examples" / "township-social-assistance" / "catalogue.json"


def documented_rules_module() -> types.ModuleType:
    """The ``rules.py`` of the example plugin in docs/plugins.md, executed as a module."""
    text = DOC.read_text(encoding="utf-8")
    after = text.split("`src/catalog_zhejiang/rules.py`:", 1)[1]
    block = re.search(r"```python\n(.*?)```", after, re.S)
    assert block, "docs/plugins.md lost its example rules module"
    module = types.ModuleType("catalog_zhejiang_rules")
    exec(compile(block.group(1), str(DOC), "exec"), module.__dict__)
    return module


def documented_entry_point() -> tuple[str, str]:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r'\[project\.entry-points\."([^"]+)"\]\n(\w+) = "([^"]+)"', text)
    assert match, "docs/plugins.md lost its entry-point declaration"
    return match.group(1), match.group(3)


class FakeEntryPoint:
    def __init__(self, name: str, value: Any) -> None:
        self.name, self.value = name, value

    def load(self) -> Any:
        return self.value


@pytest.fixture
def install(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Pretend that packages declaring these entry points are installed."""

    def installer(*loaded: Any) -> None:
        points = [FakeEntryPoint(f"plugin{index}", value) for index, value in enumerate(loaded)]

        def entry_points(group: str) -> list[FakeEntryPoint]:
            return points if group == ENTRY_POINT_GROUP else []

        monkeypatch.setattr(plugins, "entry_points", entry_points)
        default_registry.cache_clear()

    yield installer
    default_registry.cache_clear()


def test_documented_entry_point_group() -> None:
    group, target = documented_entry_point()
    assert group == ENTRY_POINT_GROUP == "catalog.rules"
    assert target.endswith(":RULES")
    assert isinstance(documented_rules_module().RULES, list)


def test_plugin_list_added(install: Callable[..., None]) -> None:
    builtin = len(default_registry())
    plugin = documented_rules_module()
    install(plugin.RULES)
    registry = default_registry()
    assert len(registry) == builtin + 1
    assert registry.get("ZJ101") is plugin.SUBJECT_NAMES_TOWNSHIP


def test_plugin_callable_and_single_rule(install: Callable[..., None]) -> None:
    rule = documented_rules_module().SUBJECT_NAMES_TOWNSHIP
    other = Rule("ZJ102", "other", Severity.INFO, "中文", "English", "why", "eg")
    install(lambda: [rule], other)
    registry = default_registry()
    assert "ZJ101" in registry and "ZJ102" in registry


def test_plugin_reusing_builtin_code_refused(install: Callable[..., None]) -> None:
    builtin = next(iter(default_registry()))
    install([Rule(builtin.code, "impostor", Severity.ERROR, "中文", "English", "why", "eg")])
    with pytest.raises(ValueError, match=builtin.code):
        default_registry()


def test_two_plugins_with_one_code_refused(install: Callable[..., None]) -> None:
    rule = documented_rules_module().SUBJECT_NAMES_TOWNSHIP
    install([rule], [rule])
    with pytest.raises(ValueError, match="ZJ101"):
        default_registry()


def test_plugin_rule_follows_the_contract(install: Callable[..., None]) -> None:
    install(documented_rules_module().RULES)
    rule = default_registry().get("ZJ101")
    assert re.fullmatch(r"[A-Z]+\d{3}", rule.code)
    assert rule.rationale and rule.example and rule.check is not None
    names = {"item", "field", "township"}
    for template in (rule.message_zh, rule.message_en):
        assert set(re.findall(r"\{(\w+)\}", template)) == names


def _catalogue_with_county_subject(tmp_path: Path) -> Path:
    doc = json.loads(CLEAN.read_text(encoding="utf-8"))
    doc["catalogues"][0]["items"][2]["subject"] = "县民政局"
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_plugin_findings_in_check(
    install: Callable[..., None],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    install(documented_rules_module().RULES)
    path = _catalogue_with_county_subject(tmp_path)
    code = main(["check", str(path), "--format", "json", "--select", "ZJ1", "--lang", "en"])
    report = json.loads(capsys.readouterr().out)
    schema = json.loads((REPO / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)
    findings = report["files"][0]["findings"]
    assert [f["code"] for f in findings] == ["ZJ101"]
    assert findings[0]["location"]["pointer"] == "/catalogues/0/items/2/subject"
    assert findings[0]["params"]["township"] == "江上乡"
    assert "responsible body" in findings[0]["message"] and "江上乡" in findings[0]["message"]
    assert code == 0  # a warning
    assert main(["check", str(path), "--select", "ZJ1", "--strict"]) == 1
    assert "ZJ101" in capsys.readouterr().out
    assert main(["check", str(path), "--ignore", "ZJ101", "--format", "json"]) == 0
    assert "ZJ101" not in capsys.readouterr().out


def test_plugin_rules_listed(
    install: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install(documented_rules_module().RULES)
    main(["rules", "--format", "json"])
    listed = {entry["code"]: entry for entry in json.loads(capsys.readouterr().out)}
    assert listed["ZJ101"]["severity"] == "warning"
    assert listed["ZJ101"]["emitted_by"] == "rule"


@pytest.mark.parametrize("limit", [2, 1_000])
def test_findings_one_by_one_or_in_groups_report_alike(
        install: Callable[..., None], limit: int) -> None:
    """A plugin yielding ``ctx.finding`` per item and one yielding ``ctx.findings`` for the same
    items get the same findings, capped alike (the per-rule cap counts groups by their items)."""
    from catalog.checking.checker import CheckOptions, check_file
    from catalog.formats.screening import Limits
    from catalog.rules import RuleContext

    def one_by_one(ctx: RuleContext) -> Iterator[Any]:
        for subject in ctx.distinct("subject"):
            for index in ctx.indexes("subject", subject):
                yield ctx.finding(ONE, index, "subject", subject=subject)

    def grouped(ctx: RuleContext) -> Iterator[Any]:
        for subject in ctx.distinct("subject"):
            yield ctx.findings(GROUPED, ctx.indexes("subject", subject), "subject",
                               subject=subject)

    texts = {"severity": Severity.INFO, "message_zh": "{subject}", "message_en": "{subject}",
             "rationale": "r", "example": "e"}
    ONE = Rule(code="ZZ101", name="one-by-one", check=one_by_one, **texts)
    GROUPED = Rule(code="ZZ102", name="grouped", check=grouped, **texts)
    install([ONE, GROUPED])
    options = CheckOptions(select=("ZZ",), reader_options={"limits": Limits.from_mapping(
        {"max_findings_per_rule": limit})})
    findings = check_file(CLEAN, options).findings

    def of(code: str) -> list[tuple[Any, ...]]:
        return [(f.location, f.params) if f.code == code else (f.code, f.params["more"])
                for f in findings if code in (f.code, f.params.get("rule"))]

    items = len(catalog.load(CLEAN).document.catalogues[0].items)
    assert len(of(ONE.code)) == min(items, limit) + (items > limit) > 1
    assert of(ONE.code) == of(GROUPED.code)
