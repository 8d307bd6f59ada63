"""SARIF 2.1.0, for code-scanning dashboards; rules come from the registry itself.

The log validates against the official schema (tests/fixtures/sarif): artifact URIs are
percent-encoded (a space or 目录.xlsx is not a valid URI as written), relative to the
``SRCROOT`` base or ``file:`` URIs for absolute paths. Lines exist only in text files: a
finding in JSON or CSV has a ``region``; a spreadsheet cell has none (a row is not a line)
and is named by a logical location ``Sheet!C12``. Rule descriptions are the rule's title and
rationale, never a message template with ``{placeholders}``; ``helpUri`` points at the
rule's section of docs/rules.md when the project's address is known.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from catalog.checking.checker import FileResult
from catalog.core.findings import Finding, Location, Severity
from catalog.core.safe_text import without_surrogates
from catalog.core.version import __version__
from catalog.reports.json_text import chunks
from catalog.rules.docs import RULES_DOC, rule_anchor, rules_doc_base
from catalog.rules.engine import Rule, RuleRegistry, message_for

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SOURCE_ROOT = "SRCROOT"
_TEXT_TABLES = (".csv", ".tsv", ".txt")


def artifact_location(file: str) -> dict[str, str]:
    """The file as a SARIF artifactLocation (see :func:`_artifact`)."""
    return dict(_artifact(file))


@lru_cache(maxsize=256)  # a report names few files, each in up to 200,000 results
def _artifact(file: str) -> tuple[tuple[str, str], ...]:
    """The file as a SARIF artifactLocation: a percent-encoded relative reference under
    ``SRCROOT``, or a ``file:`` URI for an absolute path. Bytes of a file name that is not
    UTF-8 (kept by Python as surrogate escapes) are encoded as the bytes they were."""
    path = Path(file)  # a path of this system, as the user gave it
    try:
        if path.is_absolute():
            return (("uri", path.as_uri()),)  # percent-encodes the file system's bytes
        return (("uri", quote(path.as_posix(), safe="/", errors="surrogateescape")),
                ("uriBaseId", SOURCE_ROOT))
    except UnicodeEncodeError:  # a surrogate that stands for no byte: not a real file name
        return _artifact(without_surrogates(file))


def _has_lines(location: Location) -> bool:
    """Whether the location is in a text file whose rows are lines (JSON, CSV)."""
    return location.line is not None or (
        location.sheet is None and Path(location.file).suffix.lower() in _TEXT_TABLES)


def _location(finding: Finding) -> dict[str, Any]:
    location = finding.location
    physical: dict[str, Any] = {"artifactLocation": artifact_location(location.file)}
    line = location.line or location.row
    if line and _has_lines(location):
        physical["region"] = {"startLine": line}
    result: dict[str, Any] = {"physicalLocation": physical}
    logical = location.cell or location.pointer or location.sheet
    if logical:
        result["logicalLocations"] = [{"fullyQualifiedName": logical}]
    return result


def _rule(rule: Rule, lang: str, base: str | None) -> dict[str, Any]:
    hint = rule.hint(lang)
    link = f"{RULES_DOC}#{rule_anchor(rule.code)}"
    help_text = f"{hint} ({link})" if hint else link
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.title(lang)},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": help_text, "markdown": f"{hint + ' ' if hint else ''}[{rule.code}]"
                 f"({link})"},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }
    if base is not None:
        descriptor["helpUri"] = base + link
    return descriptor


def render_sarif(results: Sequence[FileResult], lang: str, registry: RuleRegistry) -> str:
    return "".join(sarif_chunks(results, lang, registry))


def _result(finding: Finding, registry: RuleRegistry, lang: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVEL[finding.severity],
        "message": {"text": message_for(finding, registry, lang)},
        "locations": [_location(finding)],
    }
    detail = finding.params.get("detail")
    if detail not in (None, ""):  # the parser's own words, kept as data
        result["properties"] = {"detail": str(detail)}
    return result


def sarif_chunks(results: Sequence[FileResult], lang: str, registry: RuleRegistry
                 ) -> Iterator[str]:
    """The SARIF log in pieces, one result per line, made while it is written."""
    base = rules_doc_base()
    rules = [_rule(rule, lang, base) for rule in registry]
    sarif_results = (
        _result(finding, registry, lang) for result in results for finding in result.findings
    )
    root = Path.cwd().as_uri().rstrip("/") + "/"
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "catalog", "version": __version__, "rules": rules}},
                "originalUriBaseIds": {SOURCE_ROOT: {"uri": root}},
                "results": sarif_results,
            }
        ],
    }
    return chunks(document, one_per_line=("results",))
