"""Rules: what is checked, each with a stable code (CATnnn), a severity, messages in Chinese and
English, a rationale and an example.

:mod:`~catalog.rules.engine` defines :class:`Rule`, :class:`RuleContext` and
:class:`RuleRegistry`; :mod:`~catalog.rules.registry` builds the default set from the rule
families (one module each: ``structure``, ``values``, ``legal``, ``national_items``, ``layout``,
``inference``, ``limits``, ``settings``, ``text``, ``publish``) and the ``catalog.rules``
entry-point group. Names load on first use, so importing a family stays cheap.

Public: the names in ``__all__`` (``catalog.rules``: what plugins use, see docs/plugins.md), and
every rule's code and meaning. The engine, registry and family modules are internal: no
stability promise.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from catalog.rules.engine import (
        Check,
        FindingGroup,
        Rule,
        RuleContext,
        RuleRegistry,
        message_for,
    )
    from catalog.rules.registry import ENTRY_POINT_GROUP, default_registry

__all__ = ["ENTRY_POINT_GROUP", "Check", "FindingGroup", "Rule", "RuleContext", "RuleRegistry",
           "default_registry", "message_for"]
_REGISTRY_NAMES = ("ENTRY_POINT_GROUP", "default_registry")


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'catalog.rules' has no attribute {name!r}")
    module = "registry" if name in _REGISTRY_NAMES else "engine"
    return getattr(import_module(f"catalog.rules.{module}"), name)
