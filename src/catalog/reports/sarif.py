"""SARIF 2.1.0, for code-scanning dashboards; rules come from the registry itself."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from catalog.checker import FileResult
from catalog.findings import Finding, Severity
from catalog.reports.json_text import chunks
from catalog.reports.messages import message_for
from catalog.rules import RuleRegistry

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _location(finding: Finding) -> dict[str, Any]:
    location = finding.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": Path(location.file).as_posix()}}
    line = location.line or location.row
    if line:
        region: dict[str, Any] = {"startLine": line}
        if location.column:
            region["startColumn"] = location.column
        physical["region"] = region
    result: dict[str, Any] = {"physicalLocation": physical}
    logical = location.cell or location.pointer
    if logical:
        result["logicalLocations"] = [{"fullyQualifiedName": logical}]
    return result


def render_sarif(results: Sequence[FileResult], lang: str, registry: RuleRegistry) -> str:
    return "".join(sarif_chunks(results, lang, registry))


def sarif_chunks(results: Sequence[FileResult], lang: str, registry: RuleRegistry
                 ) -> Iterator[str]:
    """The SARIF log in pieces, one result per line, made while it is written."""
    from catalog import __version__

    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.message_en if lang == "en" else rule.message_zh},
            "fullDescription": {"text": rule.rationale},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        }
        for rule in registry
    ]
    sarif_results = (
        {
            "ruleId": finding.code,
            "level": _LEVEL[finding.severity],
            "message": {"text": message_for(finding, registry, lang)},
            "locations": [_location(finding)],
        }
        for result in results
        for finding in result.findings
    )
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "catalog", "version": __version__, "rules": rules}},
                "results": sarif_results,
            }
        ],
    }
    return chunks(document, one_per_line=("results",))
