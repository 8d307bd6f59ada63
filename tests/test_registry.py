"""The rule registry: the documentation contract of every rule, selection, and uniqueness."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from catalog.core.findings import Finding, Location, Severity, UsageError
from catalog.rules import Rule, RuleRegistry, default_registry

RULES = list(default_registry())


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _base(name: str) -> str:
    """``domain_en`` in an English message is the English form of ``domain``."""
    return name.removesuffix("_en").removesuffix("_zh")


def test_registry_is_not_empty_and_sorted() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) >= 10
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_rule_documentation_contract(rule: Rule) -> None:
    assert re.fullmatch(r"CAT\d{3}", rule.code)
    assert rule.code[3] in "1234567"  # CAT7xx: publishing
    assert isinstance(rule.severity, Severity)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    for text in (rule.message_zh, rule.message_en, rule.rationale, rule.example):
        assert isinstance(text, str) and text.strip()
    assert re.search(r"[\u4e00-\u9fff]", rule.message_zh), "message_zh should be Chinese"
    assert (rule.fix_zh is None) == (rule.fix_en is None)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_placeholders_match_between_languages(rule: Rule) -> None:
    zh = {_base(name) for name in _placeholders(rule.message_zh)}
    en = {_base(name) for name in _placeholders(rule.message_en)}
    assert zh == en


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_messages_render_with_their_parameters(rule: Rule) -> None:
    names = _placeholders(rule.message_zh) | _placeholders(rule.message_en)
    params = {name: f"<{name}>" for name in names if name != "field"}
    params["field"] = "subject"
    for lang, template in (("zh", rule.message_zh), ("en", rule.message_en)):
        message = rule.message(params, lang)
        assert "{" not in message and "}" not in message
        for name in _placeholders(template) - {"field"}:
            assert f"<{name}>" in message


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_at_builds_a_finding_of_the_rule(rule: Rule) -> None:
    """The code and severity come from the rule; ``location`` may also be a message param."""
    where = Location("目录.xlsx", "表1", 12, 3)
    finding = rule.at(where, item="最低生活保障", location="乡政府")
    assert (finding.code, finding.severity, finding.location) == (rule.code, rule.severity, where)
    assert finding.params == {"item": "最低生活保障", "location": "乡政府"}


def test_context_finding_is_what_at_makes_at_the_items_place() -> None:
    from catalog.core.findings import CatalogueSource
    from catalog.rules import RuleContext
    from tests.conftest import make_document, make_item

    rule = RULES[0]
    source = CatalogueSource("x.xlsx", "表1", item_rows=[4, 5], columns={"subject": 6})
    context = RuleContext(make_document(make_item(), make_item()).catalogues[0], source)
    label = context.catalogue.items[1].label
    assert context.finding(rule, 1, "subject", value="甲") == rule.at(
        Location("x.xlsx", "表1", 5, 6), value="甲", item=label, field="subject")


def test_every_rule_is_named_and_registered() -> None:
    """Code outside the rules refers to rules by their module constants
    (``limits.CELL_TOO_LONG``): every built-in rule has one, and each is the registered rule of
    its code, so every finding made through it is documented."""
    from catalog.rules import registry as registry_module

    registry = default_registry()
    families = [value for value in vars(registry_module).values()
                if isinstance(value, ModuleType) and hasattr(value, "RULES")]
    named = [(f"{module.__name__}.{name}", value)
             for module in families for name, value in vars(module).items()
             if isinstance(value, Rule)]
    builtin = {rule.code for rule in registry_module._builtin_rules()}
    assert {rule.code for _, rule in named} == builtin
    for where, rule in named:
        assert registry.get(rule.code).message_zh == rule.message_zh, where
    assert {"CAT100", "CAT602", "CAT620", "CAT702"} <= builtin  # raised as InputError


def test_unknown_code_lookup() -> None:
    with pytest.raises(UsageError):
        default_registry().get("CAT000")


# ----------------------------------------------------------------------------- selection


def _codes(registry: RuleRegistry) -> set[str]:
    return {rule.code for rule in registry}


def test_select_all_by_default() -> None:
    assert _codes(default_registry().select()) == _codes(default_registry())


def test_select_prefix() -> None:
    chosen = _codes(default_registry().select(["CAT3"]))
    assert chosen == {rule.code for rule in RULES if rule.code.startswith("CAT3")}


def test_select_exact_and_prefix_together() -> None:
    chosen = _codes(default_registry().select(["CAT101", "CAT3"]))
    assert "CAT101" in chosen and "CAT102" not in chosen
    assert all(code == "CAT101" or code.startswith("CAT3") for code in chosen)


def test_ignore_prefix_and_code() -> None:
    remaining = _codes(default_registry().select(ignore=["CAT1", "CAT302"]))
    assert remaining
    assert not any(code.startswith("CAT1") or code == "CAT302" for code in remaining)
    assert "CAT301" in remaining


def test_ignore_wins_over_select() -> None:
    assert _codes(default_registry().select(["CAT30"], ["CAT302"])) == {
        rule.code for rule in RULES if rule.code.startswith("CAT30") and rule.code != "CAT302"
    }


@pytest.mark.parametrize("prefix", ["CAT999", "CAT9", "XYZ", "cat1"])
def test_unknown_prefix_refused(prefix: str) -> None:
    with pytest.raises(UsageError):
        default_registry().select([prefix])
    with pytest.raises(UsageError):
        default_registry().select(ignore=[prefix])


def test_duplicate_codes_refused() -> None:
    rule = RULES[0]
    twin = Rule(rule.code, "other", Severity.INFO, "中文{x}", "English {x}", "why", "eg")
    with pytest.raises(ValueError, match=rule.code):
        RuleRegistry([rule, twin])


def test_registry_is_cached() -> None:
    assert default_registry() is default_registry()


def test_context_distinct_values_and_their_items() -> None:
    from catalog.core.findings import CatalogueSource
    from catalog.rules import RuleContext
    from catalog.standard.model import Basis
    from tests.conftest import make_document, make_item

    shared, equal = Basis(text="《条例》"), Basis(text="《条例》")
    items = [make_item(seq="1", subject="甲", basis=shared), make_item(seq="2", subject="乙"),
             make_item(seq="3", subject="甲", basis=equal), make_item(seq="4", subject="甲",
                                                                      basis=shared)]
    context = RuleContext(make_document(*items).catalogues[0], CatalogueSource("x.json"))
    assert context.distinct("subject") == ["甲", "乙"]  # texts by equality, first seen first
    assert [context.indexes("subject", text) for text in ("甲", "乙")] == [[0, 2, 3], [1]]
    bases = context.distinct("basis")  # parsed objects by identity: three objects, not two
    assert [basis is shared for basis in bases] == [True, False, False]
    assert context.indexes("basis", shared) == [0, 3]
    assert context.indexes("basis", equal) == [2]
    assert context.indexes("subject", "丙") == []
    pairs = context.distinct("pair", lambda item: (item.subject, item.seq))
    assert pairs[:2] == [("甲", "1"), ("乙", "2")]
    with pytest.raises(KeyError):
        context.indexes("content", "x")  # distinct() first: it names the grouping


def test_a_rule_has_its_title_wherever_it_is_taken_from() -> None:
    """The family's own object and the registry's are one rule, titled alike."""
    from catalog.rules import default_registry
    from catalog.rules.limits import CELL_TOO_LONG

    assert CELL_TOO_LONG.title("zh") == "单元格内容过长"
    assert CELL_TOO_LONG.title("en") == "Cell too long"
    assert default_registry().get(CELL_TOO_LONG.code) is CELL_TOO_LONG


def _context_of(count: int) -> Any:
    from catalog.core.findings import CatalogueSource
    from catalog.rules import RuleContext
    from tests.conftest import make_document, make_item

    items = [make_item(seq=str(index), name=f"事项{index}") for index in range(count)]
    source = CatalogueSource("x.xlsx", "表1", item_rows=list(range(4, 4 + count)),
                             columns={"subject": 6})
    return RuleContext(make_document(*items).catalogues[0], source)


def test_context_findings_stand_for_a_finding_on_each_item() -> None:
    """``ctx.findings`` is ``ctx.finding`` on each item, in the order given, with its own
    params (one finding's params changed in a report leave the others alone)."""
    context, rule = _context_of(5), RULES[0]
    group = context.findings(rule, (index for index in (3, 0, 3)), "subject", value="甲")
    assert (len(group), group.code, group.items) == (3, rule.code, [3, 0, 3])
    expected = [context.finding(rule, index, "subject", value="甲") for index in (3, 0, 3)]
    assert list(group) == expected == [group.at(place) for place in range(3)]
    assert expected[0].params == {"value": "甲", "item": "最低生活保障/事项3", "field": "subject"}
    first, second = list(group)[:2]
    first.params["value"] = "乙"
    assert second.params["value"] == "甲" and group.params == {"value": "甲"}
    assert list(context.findings(rule, [])) == []


def test_rules_yield_groups_and_findings_and_run_expands_the_groups() -> None:
    """Plugins and callers of ``rule.run`` get findings one by one, whatever the check yields;
    the checker asks ``run_grouped`` for the groups whole."""
    from catalog.rules import FindingGroup, RuleContext

    def check(ctx: RuleContext) -> Iterator[Finding | FindingGroup]:
        yield ctx.finding(mixed, 1, "subject")
        yield ctx.findings(mixed, range(3), "subject", value="乙")
        yield ctx.finding(mixed)

    mixed = Rule(code="ZZ101", name="mixed", severity=Severity.WARNING, message_zh="{item}",
                 message_en="{item}", rationale="r", example="e", check=check)
    context = _context_of(3)
    expected = [context.finding(mixed, 1, "subject"),
                *(context.finding(mixed, index, "subject", value="乙") for index in range(3)),
                context.finding(mixed)]
    assert list(mixed.run(context)) == expected
    assert list(RuleRegistry([mixed]).run(context)) == expected
    grouped = list(RuleRegistry([mixed]).run_grouped(context))
    assert [type(entry).__name__ for entry in grouped] == ["Finding", "FindingGroup", "Finding"]


def test_context_reads_fields_once_and_gives_each_its_values() -> None:
    """Fields asked after others give what each field asked alone gives (a fresh context);
    a function of the item is called once per item, also when its groups are built."""
    from catalog.rules import RuleContext
    from catalog.standard.fields import ITEM_FIELDS

    context = _context_of(9)
    for name in ("subject", *reversed(ITEM_FIELDS), "subject"):
        alone = RuleContext(context.table, context.source)
        values = context.distinct(name)
        assert list(map(id, values)) == list(map(id, alone.distinct(name)))
        assert values == [getattr(item, name) for item in context.table.items][:len(values)]
        for value in values:
            assert context.indexes(name, value) == alone.indexes(name, value)
    calls: list[int] = []

    def seq_of(item: Any) -> str:
        calls.append(0)
        return str(item.seq)

    assert context.distinct("seq text", seq_of) == [str(index) for index in range(9)]
    assert context.indexes("seq text", "4") == [4] and len(calls) == 9
