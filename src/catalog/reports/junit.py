"""JUnit XML, which most CI systems display: one test suite per file, one case per finding."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from xml.etree import ElementTree

from catalog.checker import FileResult
from catalog.findings import Finding, Severity
from catalog.reports.messages import message_for
from catalog.rules import RuleRegistry


def render_junit(
    results: Sequence[FileResult], lang: str, registry: RuleRegistry, strict: bool = False
) -> str:
    return "".join(junit_chunks(results, lang, registry, strict))


def _start_tag(tag: str, **attributes: str) -> str:
    """``<tag a="…">`` escaped exactly as ElementTree escapes it (its empty form, opened)."""
    empty = ElementTree.tostring(ElementTree.Element(tag, attributes), encoding="unicode")
    return empty.removesuffix(" />") + ">"


def junit_chunks(
    results: Sequence[FileResult], lang: str, registry: RuleRegistry, strict: bool = False
) -> Iterator[str]:
    """The XML in pieces, one test case at a time: 200,000 findings are never one tree."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    failures = [sum(1 for finding in result.findings if finding.severity in failing)
                for result in results]
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield _start_tag("testsuites", name="catalog check", failures=str(sum(failures)))
    for result, failed in zip(results, failures, strict=True):
        yield _start_tag("testsuite", name=result.file, tests=str(len(result.findings) or 1),
                         failures=str(failed))
        for finding in result.findings:
            yield ElementTree.tostring(_case(result, finding, failing, registry, lang),
                                       encoding="unicode")
        if not result.findings:
            yield ElementTree.tostring(ElementTree.Element(
                "testcase", classname=result.file, name="catalog check"), encoding="unicode")
        yield "</testsuite>"
    yield "</testsuites>\n"


def _case(result: FileResult, finding: Finding, failing: set[Severity], registry: RuleRegistry,
          lang: str) -> ElementTree.Element:
    where = finding.location.cell or finding.location.pointer or result.file
    case = ElementTree.Element("testcase", classname=result.file, name=f"{finding.code} {where}")
    message = message_for(finding, registry, lang)
    if finding.severity in failing:
        failure = ElementTree.SubElement(case, "failure", type=finding.code, message=message)
        failure.text = f"{finding.location.describe()}: {message}"
    else:
        ElementTree.SubElement(case, "system-out").text = message
    return case
