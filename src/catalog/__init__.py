"""catalog: check, convert and publish 基层政务公开标准目录 (basic-level disclosure catalogues).

The public API, small on purpose::

    import catalog

    loaded = catalog.load("目录.xlsx")              # or a binary stream with format="xlsx"
    findings = catalog.validate(loaded)            # list of Finding (code, severity, location)
    catalog.dump(loaded.document, "目录.json")      # canonical JSON (or .xlsx / .csv)
    text = catalog.render_message(findings[0], lang="en")
    changes = catalog.diff("2020年版.xlsx", "2024年版.json")  # a Diff: typed change records

Heavy modules load on first use, so ``import catalog`` stays fast for the command line.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from catalog.api import ReadOptions, check, dump, dumps, load, render_message, validate
    from catalog.checker import CheckOptions, FileResult, InternalError
    from catalog.findings import (
        CatalogError,
        Finding,
        InputError,
        Location,
        Severity,
        UsageError,
    )
    from catalog.formats import Loaded
    from catalog.model import (
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
    from catalog.rules import Rule, RuleContext, RuleRegistry, default_registry
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
    "CheckOptions": "catalog.checker",
    "FileResult": "catalog.checker",
    "InternalError": "catalog.checker",
    "CatalogError": "catalog.findings",
    "Finding": "catalog.findings",
    "InputError": "catalog.findings",
    "Location": "catalog.findings",
    "Severity": "catalog.findings",
    "UsageError": "catalog.findings",
    "Loaded": "catalog.formats",
    "Audience": "catalog.model",
    "Basis": "catalog.model",
    "Catalogue": "catalog.model",
    "Citation": "catalog.model",
    "Document": "catalog.model",
    "Issuer": "catalog.model",
    "Item": "catalog.model",
    "Level": "catalog.model",
    "Mode": "catalog.model",
    "TimeLimit": "catalog.model",
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
