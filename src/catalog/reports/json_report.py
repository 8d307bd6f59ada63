"""The machine-readable report; its shape is published as schemas/report.schema.json."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from catalog.checking.checker import FileResult
from catalog.core.findings import Finding
from catalog.core.version import __version__
from catalog.reports.json_text import chunks
from catalog.reports.summary import Summary
from catalog.rules.engine import RuleRegistry, message_for

REPORT_VERSION = "1.0"


def finding_dict(finding: Finding, registry: RuleRegistry, lang: str) -> dict[str, Any]:
    rule = registry.get(finding.code) if finding.code in registry else None
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": message_for(finding, registry, lang),
        "hint": rule.hint(lang) if rule is not None else None,
        "location": finding.location.to_dict(),
        "params": {key: _jsonable(value) for key, value in finding.params.items()},
    }


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _jsonable(value: Any) -> Any:
    if type(value) in _PLAIN or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(part) for part in value]
    return str(value)


def _report(results: Sequence[FileResult], lang: str, registry: RuleRegistry) -> dict[str, Any]:
    """The report with each file's findings as an iterator, made while the text is written."""
    summary = Summary.of(results)
    return {
        "report_version": REPORT_VERSION,
        "tool": {"name": "catalog", "version": __version__},
        "language": lang,
        "summary": {
            "files": summary.files,
            "unreadable": summary.unreadable,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "by_code": [{"code": c, "severity": s, "count": n} for c, s, n in summary.by_code],
        },
        "files": [
            {
                "file": result.file,
                "readable": result.readable,
                "catalogues": result.catalogues,
                "items": result.items,
                "findings": (finding_dict(f, registry, lang) for f in result.findings),
            }
            for result in results
        ],
    }


def json_chunks(results: Sequence[FileResult], lang: str, registry: RuleRegistry
                ) -> Iterator[str]:
    """The report's text in pieces, one finding per line."""
    return chunks(_report(results, lang, registry), one_per_line=("findings", "by_code"))


def render_json(results: Sequence[FileResult], lang: str, registry: RuleRegistry) -> str:
    return "".join(json_chunks(results, lang, registry))
