"""JUnit XML, which most CI systems display: one test suite per file, one case per finding."""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree

from catalog.checker import FileResult
from catalog.findings import Severity
from catalog.reports.messages import message_for
from catalog.rules import RuleRegistry


def render_junit(
    results: Sequence[FileResult], lang: str, registry: RuleRegistry, strict: bool = False
) -> str:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    suites = ElementTree.Element("testsuites", name="catalog check")
    total_failures = 0
    for result in results:
        suite = ElementTree.SubElement(suites, "testsuite", name=result.file)
        failures = 0
        cases = 0
        for finding in result.findings:
            cases += 1
            where = finding.location.cell or finding.location.pointer or result.file
            case = ElementTree.SubElement(
                suite, "testcase", classname=result.file, name=f"{finding.code} {where}"
            )
            message = message_for(finding, registry, lang)
            if finding.severity in failing:
                failures += 1
                failure = ElementTree.SubElement(
                    case, "failure", type=finding.code, message=message
                )
                failure.text = f"{finding.location.describe()}: {message}"
            else:
                ElementTree.SubElement(case, "system-out").text = message
        if cases == 0:
            cases = 1
            ElementTree.SubElement(suite, "testcase", classname=result.file, name="catalog check")
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        total_failures += failures
    suites.set("failures", str(total_failures))
    body = ElementTree.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
