"""Reports: findings rendered as text, JSON, JUnit XML, SARIF, GitHub annotations or HTML.

Every renderer takes the same inputs (the results in file order, the language, the registry)
and returns text; the CLI decides where it goes.

Internal: no stability promise for these modules; other systems read the reports the command
line writes (``--format json`` or ``sarif``) or render findings with ``catalog.render_message``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from catalog.checking.checker import FileResult
from catalog.core.findings import UsageError
from catalog.core.heap import gc_paused
from catalog.core.safe_text import without_surrogates
from catalog.reports.summary import Summary
from catalog.rules.engine import RuleRegistry
from catalog.rules.registry import default_registry

__all__ = ["FORMATS", "Summary", "render", "render_chunks"]

FORMATS = ("text", "json", "junit", "sarif", "github", "html")


def render(
    results: Sequence[FileResult],
    format: str = "text",
    lang: str = "zh",
    registry: RuleRegistry | None = None,
    strict: bool = False,
    debug: bool = False,
) -> str:
    """The report for these results in one of :data:`FORMATS`; ``debug`` adds the parsers'
    own words (in English) to Chinese messages."""
    return "".join(render_chunks(results, format, lang, registry, strict, debug))


def render_chunks(
    results: Sequence[FileResult],
    format: str = "text",
    lang: str = "zh",
    registry: RuleRegistry | None = None,
    strict: bool = False,
    debug: bool = False,
) -> Iterator[str]:
    """The report in pieces, to be written as they come: a report of 200,000 findings is
    never held in memory whole (the text report, which groups findings, is one piece)."""
    if format not in FORMATS:  # refused now, not when the first piece is asked for
        raise UsageError(f"unknown report format {format!r}; choose one of {', '.join(FORMATS)}",
                         zh=f"未知的报告格式 {format!r}；可选：{'、'.join(FORMATS)}")
    if format == "html":
        # lazy: the renderers are loaded by the format asked for (start-up of every check)
        from catalog.pages import require_jinja2

        require_jinja2()  # the optional extra: say so before any output is started
    return _collector_paused(results, format, lang, registry or default_registry(), strict,
                             debug)


def _collector_paused(results: Sequence[FileResult], format: str, lang: str,
                      registry: RuleRegistry, strict: bool, debug: bool) -> Iterator[str]:

    with gc_paused():  # a report allocates strings and dicts, never cycles
        # A lone surrogate (a "\ud800" escape in JSON, a file name in a foreign encoding)
        # cannot be written in UTF-8: shown as U+FFFD in every format, never a crash.
        yield from map(without_surrogates,
                       _pieces(results, format, lang, registry, strict, debug))


def _pieces(results: Sequence[FileResult], format: str, lang: str, registry: RuleRegistry,
            strict: bool, debug: bool) -> Iterator[str]:
    # lazy: each renderer is loaded when its format is asked for; a check writes one report,
    # and the others (HTML with its page foundation, SARIF, JUnit) cost its start-up ~4 ms
    if format == "text":
        from catalog.reports.text import render_text

        return iter((render_text(results, lang, registry, debug),))
    if format == "json":
        from catalog.reports.json_report import json_chunks

        return json_chunks(results, lang, registry)
    if format == "junit":
        from catalog.reports.junit import junit_chunks

        return junit_chunks(results, lang, registry, strict, debug)
    if format == "sarif":
        from catalog.reports.sarif import sarif_chunks

        return sarif_chunks(results, lang, registry)
    if format == "html":
        from catalog.reports.html import file_lookup, html_chunks

        return html_chunks(results, lang, registry, strict, file_lookup())
    from catalog.reports.github import github_chunks

    return github_chunks(results, lang, registry, debug)
