"""JUnit XML, which most CI systems display: one test suite per file, one case per finding.

Every text from the data goes through :func:`visible`: XML 1.0 forbids most control
characters (a single ESC makes the whole report unreadable to the CI system), so they are
written as visible escapes, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from xml.etree import ElementTree

from catalog.checking.checker import FileResult
from catalog.core.findings import Finding, Severity
from catalog.core.safe_text import visible
from catalog.rules.engine import RuleRegistry, message_for


def _start_tag(tag: str, **attributes: str) -> str:
    """``<tag a="…">`` escaped exactly as ElementTree escapes it (its empty form, opened)."""
    empty = ElementTree.tostring(ElementTree.Element(tag, attributes), encoding="unicode")
    return empty.removesuffix(" />") + ">"


def junit_chunks(
    results: Sequence[FileResult], lang: str, registry: RuleRegistry, strict: bool = False,
    debug: bool = False,
) -> Iterator[str]:
    """The XML in pieces, one test case at a time: 200,000 findings are never one tree."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    failures = [sum(1 for finding in result.findings if finding.severity in failing)
                for result in results]
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield _start_tag("testsuites", name="catalog check", failures=str(sum(failures)))
    for result, failed in zip(results, failures, strict=True):
        yield _start_tag("testsuite", name=visible(result.file),
                         tests=str(len(result.findings) or 1), failures=str(failed))
        for finding in result.findings:
            yield ElementTree.tostring(_case(result, finding, failing, registry, lang, debug),
                                       encoding="unicode")
        if not result.findings:
            yield ElementTree.tostring(ElementTree.Element(
                "testcase", classname=visible(result.file), name="catalog check"),
                encoding="unicode")
        yield "</testsuite>"
    yield "</testsuites>\n"


def _case(result: FileResult, finding: Finding, failing: set[Severity], registry: RuleRegistry,
          lang: str, debug: bool) -> ElementTree.Element:
    where = finding.location.cell or finding.location.pointer or result.file
    case = ElementTree.Element("testcase", classname=visible(result.file),
                               name=visible(f"{finding.code} {where}"))
    message = visible(message_for(finding, registry, lang, debug))
    if finding.severity in failing:
        failure = ElementTree.SubElement(case, "failure", type=finding.code, message=message)
        failure.text = f"{visible(finding.location.describe())}: {message}"
    else:
        ElementTree.SubElement(case, "system-out").text = message
    return case
