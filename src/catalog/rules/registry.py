"""The set of rules a run uses: the built-in families plus the ``catalog.rules`` entry-point
group (a province's own checks), built once and never mutated."""

from __future__ import annotations

from functools import lru_cache

from catalog.core import plugins
from catalog.rules import (
    inference,
    layout,
    legal,
    limits,
    national_items,
    publish,
    settings,
    structure,
    text,
    values,
)
from catalog.rules.engine import Rule, RuleRegistry

ENTRY_POINT_GROUP = "catalog.rules"


def _builtin_rules() -> list[Rule]:
    rules = [
        *structure.RULES,
        *values.RULES,
        *legal.RULES,
        *national_items.RULES,
        *layout.RULES,
        *inference.RULES,
        *limits.RULES,
        *settings.RULES,
        *text.RULES,
        *publish.RULES,
    ]
    return rules


def _plugin_rules() -> list[Rule]:
    found: list[Rule] = []
    for entry_point in plugins.entry_points(ENTRY_POINT_GROUP):
        loaded = entry_point.load()
        rules = loaded() if callable(loaded) and not isinstance(loaded, Rule) else loaded
        if isinstance(rules, Rule):
            found.append(rules)
        else:
            found.extend(rules)
    return found


@lru_cache(maxsize=1)
def default_registry() -> RuleRegistry:
    """Built-in rules plus those installed through the ``catalog.rules`` entry-point group."""
    return RuleRegistry([*_builtin_rules(), *_plugin_rules()])
