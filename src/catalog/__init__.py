"""catalog: check, convert and publish 基层政务公开标准目录 (basic-level disclosure catalogues).

The public API, small on purpose::

    import catalog

    loaded = catalog.load("目录.xlsx")              # or a binary stream with format="xlsx"
    findings = catalog.validate(loaded)            # list of Finding (code, severity, location)
    catalog.dump(loaded.document, "目录.json")      # canonical JSON (or .xlsx / .csv)
    text = catalog.render_message(findings[0], lang="en")
    changes = catalog.diff("2020年版.xlsx", "2024年版.json")  # a Diff: typed change records

Heavy modules load on first use, so ``import catalog`` stays fast for the command line.

Public modules, each listing its names in ``__all__`` (the API reference documents them:
``python scripts/build_api_docs.py``): ``catalog.api``, ``catalog.core.findings``,
``catalog.standard.model``, ``catalog.rules`` (for plugins), ``catalog.formats`` (loading),
``catalog.checking.checker``, ``catalog.versions`` and ``catalog.publish``. Every other module
is internal: no stability promise between versions, and it may move.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from catalog.core.version import __version__

if TYPE_CHECKING:
    from catalog.api import ReadOptions, check, dump, dumps, load, render_message, validate
    from catalog.checking.checker import CheckOptions, FileResult
    from catalog.core.findings import (
        CatalogError,
        Finding,
        InputError,
        InternalError,
        Location,
        Severity,
        UsageError,
    )
    from catalog.formats import Loaded
    from catalog.rules import Rule, RuleContext, RuleRegistry, default_registry
    from catalog.standard.model import (
        Audience,
        Basis,
        Catalogue,
        Citation,
        Document,
        Issuer,
        Item,
        Level,
        Mode,
        TimeLimit,
    )
    from catalog.versions import diff
    from catalog.versions.records import Diff

_EXPORTS = {
    "load": "catalog.api",
    "dump": "catalog.api",
    "dumps": "catalog.api",
    "validate": "catalog.api",
    "check": "catalog.api",
    "render_message": "catalog.api",
    "ReadOptions": "catalog.api",
    "CheckOptions": "catalog.checking.checker",
    "FileResult": "catalog.checking.checker",
    "InternalError": "catalog.core.findings",
    "CatalogError": "catalog.core.findings",
    "Finding": "catalog.core.findings",
    "InputError": "catalog.core.findings",
    "Location": "catalog.core.findings",
    "Severity": "catalog.core.findings",
    "UsageError": "catalog.core.findings",
    "Loaded": "catalog.formats",
    "Audience": "catalog.standard.model",
    "Basis": "catalog.standard.model",
    "Catalogue": "catalog.standard.model",
    "Citation": "catalog.standard.model",
    "Document": "catalog.standard.model",
    "Issuer": "catalog.standard.model",
    "Item": "catalog.standard.model",
    "Level": "catalog.standard.model",
    "Mode": "catalog.standard.model",
    "TimeLimit": "catalog.standard.model",
    "Rule": "catalog.rules",
    "RuleContext": "catalog.rules",
    "RuleRegistry": "catalog.rules",
    "default_registry": "catalog.rules",
    "diff": "catalog.versions",
    "Diff": "catalog.versions.records",
}

__all__ = [
    "Audience", "Basis", "CatalogError", "Catalogue", "CheckOptions", "Citation", "Diff",
    "Document", "FileResult", "Finding", "InputError", "InternalError", "Issuer", "Item", "Level",
    "Loaded", "Location", "Mode", "ReadOptions", "Rule", "RuleContext", "RuleRegistry",
    "Severity", "TimeLimit", "UsageError", "__version__", "check", "default_registry", "diff",
    "dump", "dumps", "load", "render_message", "validate",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'catalog' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
