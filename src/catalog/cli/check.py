"""``catalog check PATH...``: check files and folders, write the report, and optionally an
annotated copy and a baseline. Wiring only: the work is the library's."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from catalog.cli.options import add_limit_flags, positive_int, resolver
from catalog.cli.output import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNREADABLE,
    print_error,
    write_output,
)
from catalog.i18n import MESSAGES, status


def add_parser(commands: Any) -> None:
    check = commands.add_parser("check", help="检查目录文件 / check catalogue files")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    check.add_argument("--format", choices=("text", "json", "junit", "sarif", "github", "html"))
    check.add_argument("-o", "--output", help="write the report to this file")
    check.add_argument("--lang", choices=("zh", "en"))
    check.add_argument("--select", action="append",
                       help="rule codes or prefixes, comma-separated or repeated (CAT1,CAT302)")
    check.add_argument("--ignore", action="append",
                       help="rule codes or prefixes, comma-separated or repeated")
    check.add_argument(
        "--strict", action="store_true", default=None, help="warnings fail the check too"
    )
    check.add_argument("--issuer", help="issuing body, e.g. 某某镇人民政府")
    check.add_argument("--level", help="issuer level: 市级, 县级, 乡级, 村级 (or 乡镇, 镇级 ...)")
    check.add_argument(
        "--annotate", metavar="OUT.xlsx", help="write a copy of the workbook with problems marked"
    )
    check.add_argument("--jobs", type=positive_int,
                       help="worker processes (default: number of cores)")
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings not in FILE (written if it does not exist)",
    )
    check.add_argument(
        "--update-baseline",
        action="store_true",
        help="rewrite the --baseline file with today's findings",
    )
    check.add_argument("--quiet", action="store_true", help="no progress output")
    check.add_argument("--streaming", action="store_true",
                       help="read workbooks in low-memory streaming mode (chosen automatically "
                       "for very large files)")
    check.add_argument("--no-strict", dest="strict", action="store_false",
                       help="warnings do not fail the check, whatever catalog.toml says")
    check.add_argument("--debug", dest="check_debug", action="store_true",
                       help="show tracebacks of internal errors")
    check.add_argument("--skip-other-json", action="store_true",
                       help="skip .json files that are no catalogue (no format_version or "
                       "catalogues key), as the pre-commit hook does")
    add_limit_flags(check)


def run(args: argparse.Namespace) -> int:
    # lazy: loaded when the command runs, not at start-up
    from catalog import reports
    from catalog.core.outputs import guard_outputs, report_format_for
    from catalog.rules.registry import default_registry

    settings = resolver(args)
    run = settings.for_run(args.paths)  # report format, language, strict, baseline
    args.lang = run.lang  # for the messages of errors raised below
    report_format = (
        report_format_for(args.output, args.format)  # -o report.sarif: SARIF
        or run.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    )

    def options_for(path: Path) -> Any:  # select, ignore, issuer, level, limits: per file
        return settings.for_path(path).check_options

    lang = run.lang
    # Every rule, not only the selected ones: findings of the readers (CAT5xx, CAT6xx) come
    # whatever --select says, and their messages must still be rendered.
    registry = default_registry()
    entries = _entries(args, lang)  # walked once: guarded, counted and checked
    if not entries and args.skip_other_json:  # a commit that touched only other JSON
        print_error(status("nothing_to_check", lang))
        return EXIT_OK
    baseline_path = str(run.baseline) if run.baseline is not None else None
    write_baseline = run.baseline is not None and (args.update_baseline
                                                   or not run.baseline.exists())
    inputs = _input_files(entries, settings, run)  # a baseline only read is an input too
    guard_outputs([("-o", args.output), ("--annotate", args.annotate),
                   ("--baseline", baseline_path if write_baseline else None)],
                  inputs if write_baseline or not baseline_path else [*inputs, baseline_path])
    if not entries:  # reported like an unreadable file: exit 2, and the report is written
        from catalog.core.findings import InputError
        from catalog.rules.limits import NO_CATALOGUE_FOUND

        entries = [InputError(NO_CATALOGUE_FOUND, str(path)) for path in args.paths]
    results = _checked(args, entries, options_for, lang)
    if baseline_path is not None:
        # lazy: only a run with --baseline reads or writes one (hashlib: ~2.5 ms to import)
        from catalog.checking.baseline import baseline_data, load_baseline, without_baseline

        if write_baseline:
            import json

            write_output(baseline_path, json.dumps(baseline_data(results), indent=2) + "\n")
            print_error(status("baseline_written", lang, path=baseline_path))
        shown = without_baseline(results, load_baseline(baseline_path))
    else:
        shown = results
    debug = bool(args.check_debug or args.debug)
    write_output(args.output, reports.render_chunks(shown, report_format, lang, registry,
                                                     run.strict, debug))
    if args.annotate:  # after the report, which a failed annotation must not cost
        _annotate(args, results, lang)
    if any(not result.readable for result in shown):
        return EXIT_UNREADABLE
    failing = {"error", "warning"} if run.strict else {"error"}
    if any(f.severity.value in failing for result in shown for f in result.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _entries(args: argparse.Namespace, lang: str) -> list[Any]:
    """The files to check (and the paths that cannot be read), walked once."""
    # lazy: loaded when the command runs, not at start-up
    from catalog.checking.checker import expand_paths

    entries = list(expand_paths(args.paths))
    if args.skip_other_json:
        from catalog.formats.json_format import is_catalogue_json

        other = {entry for entry in entries if isinstance(entry, Path)
                 and entry.suffix.lower() == ".json" and not is_catalogue_json(entry)}
        for path in sorted(other):
            print_error(status("skipped_other_json", lang, path=path))
        entries = [entry for entry in entries if not isinstance(entry, Path)
                   or entry not in other]
    return entries


def _input_files(entries: Iterable[Any], settings: Any, run: Any) -> list[Any]:
    """Every file a check reads: catalogues named or found, unreadable ones, and the settings
    files that apply to them."""
    files = [entry.file if hasattr(entry, "file") else entry for entry in entries]
    sources = {run.source, *(settings.for_path(entry).source for entry in entries
                             if isinstance(entry, Path))}
    return [*files, *(source for source in sources if source is not None)]


def _checked(args: argparse.Namespace, entries: list[Any],
             options_for: Callable[[Path], Any], lang: str) -> list[Any]:
    """Check every path, with a progress line on a terminal when there are many files."""
    # lazy: loaded when the command runs, not at start-up
    from catalog.checking.checker import check_entries
    from catalog.core.interrupts import checkpoint
    from catalog.core.progress import Progress

    total = len(entries) if not args.quiet else 0
    progress = Progress(total, status("progress_checking", lang),
                        enabled=None if total > 20 else False)
    rows = Progress(0, status("progress_rows", lang), enabled=None if total == 1 else False,
                    start_after=20_000)
    if rows.enabled:  # one file, checked in this process: report rows as they are read
        per_file = options_for

        def options_for(path: Path) -> Any:
            options = per_file(path)
            return replace(options, reader_options=replace(options.reader_options,
                                                           progress=rows.advance))

    results = []
    try:
        for result in check_entries(entries, options_for, args.jobs):
            checkpoint()  # a Ctrl-C lost while a worker process started stops the run here
            results.append(result)
            progress.advance()
    finally:  # interrupted too: end the progress line before "已中断" is printed
        rows.close()
        progress.close()
    return results


def _annotate(args: argparse.Namespace, results: Sequence[Any], lang: str) -> None:
    # lazy: loaded when the command runs, not at start-up
    from catalog.core.findings import UsageError
    from catalog.workbooks.annotate import ANNOTATABLE, annotate
    from catalog.workbooks.fix import converted_note

    if len(results) != 1 or not results[0].file.lower().endswith(ANNOTATABLE):
        raise UsageError(MESSAGES["annotate_needs_xlsx"][1], zh=MESSAGES["annotate_needs_xlsx"][0])
    if not results[0].readable:  # the check refused it: the report says why (exit 2)
        return
    annotate(results[0].file, results[0].findings, args.annotate, lang=lang)
    note = converted_note(results[0].file, args.annotate, lang)
    if note:
        sys.stderr.write(note + "\n")
