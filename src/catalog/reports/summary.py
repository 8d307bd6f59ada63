"""The counts at the head of every report: files, unreadable files, findings by severity and
by rule. Counted in C (``Counter.update`` over ``attrgetter``): a large file has 200,000
findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from catalog.checking.checker import FileResult
from catalog.core.findings import Severity

_CODE_AND_SEVERITY = attrgetter("code", "severity")


@dataclass(frozen=True)
class Summary:
    files: int
    unreadable: int
    errors: int
    warnings: int
    infos: int
    by_code: tuple[tuple[str, str, int], ...]  # (code, severity, count), sorted by code

    @classmethod
    def of(cls, results: Sequence[FileResult]) -> Summary:
        by_severity: Counter[tuple[str, Severity]] = Counter()
        for result in results:  # counted in C: a large file has 200,000 findings
            by_severity.update(map(_CODE_AND_SEVERITY, result.findings))
        counts = Counter({(code, severity.value): n for (code, severity), n in by_severity.items()})
        severities: Counter[str] = Counter()
        for (_, severity_value), count in counts.items():
            severities[severity_value] += count
        return cls(
            files=len(results),
            unreadable=sum(1 for result in results if not result.readable),
            errors=severities[Severity.ERROR.value],
            warnings=severities[Severity.WARNING.value],
            infos=severities[Severity.INFO.value],
            by_code=tuple(sorted((code, sev, n) for (code, sev), n in counts.items())),
        )
