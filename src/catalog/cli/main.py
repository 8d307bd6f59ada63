"""The ``catalog`` command: argument parsing and wiring only.

Exit codes: 0 no errors; 1 errors found (or warnings with --strict); 2 an input file could
not be read at all, the command line is wrong, or an output cannot be written (an input named
as output, a missing or read-only folder, a full disk); 3 an internal error (a bug in
catalog); 130 interrupted (Ctrl-C), 143 terminated (SIGTERM); 141 a closed pipe.
Everything a library user would need lives in the library; this module only connects it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, NoReturn

from catalog.cli.lang import language_of, parse_args
from catalog.cli.options import add_limit_flags, positive_int, resolver
from catalog.i18n import MESSAGES, status

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_BROKEN_PIPE = 141  # as a shell reports a command ended by SIGPIPE
BUG_HINT = MESSAGES["bug_hint"][0]  # in English with --lang en


def _version() -> str:
    from catalog.core.version import __version__

    return __version__


def _add_check(commands: Any) -> None:
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="catalog",
        description="基层政务公开标准目录:检查、转换、发布 / check, convert and publish "
        "basic-level government disclosure catalogues",
    )
    parser.add_argument("--version", action="version", version=f"catalog {_version()}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_check(commands)
    from catalog.cli.publish import add_parser as add_publish

    add_publish(commands)
    from catalog.cli.serve import add_parser as add_serve

    add_serve(commands)

    convert = commands.add_parser("convert", help="转换格式 / convert between JSON, xlsx, csv")
    convert.add_argument("input")
    convert.add_argument("output")
    convert.add_argument("--issuer")
    convert.add_argument("--level")
    convert.add_argument("--streaming", action="store_true", help="low-memory workbook reading")
    convert.add_argument("--lang", choices=("zh", "en"))
    add_limit_flags(convert)

    fix = commands.add_parser("fix", help="安全自动修复 / apply safe automatic fixes")
    fix.add_argument("input")
    fix.add_argument("-o", "--output")
    fix.add_argument("--diff", action="store_true", help="show the changes, write nothing")
    fix.add_argument("--in-place", action="store_true", help="overwrite the input (keeps a backup)")
    fix.add_argument("--lang", choices=("zh", "en"))

    template = commands.add_parser("template", help="生成填报模板 / write a fill-in template")
    template.add_argument("--domain", help="domain: slug, Chinese name or alias (see `catalog "
                          "domains`)")
    template.add_argument("--level", help="issuer level (default: from --issuer or catalog.toml)")
    template.add_argument("--issuer")
    template.add_argument("--all-domains", action="store_true")
    template.add_argument("-o", "--output", required=True)

    domains = commands.add_parser("domains", help="26 个试点领域 / the 26 pilot domains")
    domains.add_argument("action", nargs="?", choices=("list", "show", "import"), default="list")
    domains.add_argument("slug", nargs="?", help="slug, Chinese name or alias; import: ANNEX.xlsx")
    domains.add_argument("--domain", help="import: the domain the annex belongs to")
    domains.add_argument("-o", "--output", help="import: the domain file to write")
    domains.add_argument("--complete", action="store_true", default=None,
                         help="import: the annex is the whole national list")
    domains.add_argument("--format", choices=("text", "json"), default="text")
    domains.add_argument("--lang", choices=("zh", "en"))

    coverage = commands.add_parser("coverage", help="覆盖情况 / coverage of the national items")
    coverage.add_argument("paths", nargs="+", metavar="PATH")
    coverage.add_argument("--format", choices=("text", "json"), default="text")
    coverage.add_argument("--lang", choices=("zh", "en"))
    coverage.add_argument("--issuer")
    coverage.add_argument("--level")
    coverage.add_argument("--reference", nargs="+", action="extend", metavar="REF",
                          help="参照目录（省级清单、附件、上年目录）/ reference catalogues "
                          "instead of the bundled national items ([reference] paths)")
    coverage.add_argument("--with-national", action="store_true", default=None,
                          help="参照目录之外也计入内置国家事项 / count the bundled items too")
    coverage.add_argument("--reference-complete", action="store_true", default=None,
                          help="参照目录是完整清单 / the reference lists are complete")
    add_limit_flags(coverage)

    from catalog.cli.scorecard import add_parser as add_scorecard

    add_scorecard(commands)

    rules = commands.add_parser("rules", help="规则列表 / list the rules")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rules.add_argument("--lang", choices=("zh", "en"), default="zh")

    schema = commands.add_parser("schema", help="打印 JSON Schema / print the JSON Schema")
    schema.add_argument("--report", action="store_true", help="the report schema instead")

    from catalog.cli.diff import add_parser as add_diff

    add_diff(commands)
    return parser


def _write_output(path: str | None, text: str | Iterable[str]) -> None:
    """Print, or write the file atomically; pieces are written as they are made."""
    pieces = (text,) if isinstance(text, str) else text
    if path is None:
        try:
            for piece in pieces:
                sys.stdout.write(piece)
            sys.stdout.flush()  # a full disk is found now, while --lang is known
        except BrokenPipeError:
            raise
        except OSError as error:  # `> /dev/full`, a full disk behind a redirection
            from catalog.core.outputs import write_error

            raise write_error(None, error) from error
        return
    from catalog.core.files import atomic_write

    def write(stream: IO[bytes]) -> None:
        for piece in pieces:
            stream.write(piece.encode("utf-8"))

    atomic_write(Path(path), write)


def _run_check(args: argparse.Namespace) -> int:
    from catalog import reports
    from catalog.checking.baseline import baseline_data, load_baseline, without_baseline
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
        _print_error(status("nothing_to_check", lang))
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

        entries = [InputError("CAT640", str(path)) for path in args.paths]
    results = _checked(args, entries, options_for, lang)
    if baseline_path is not None:
        if write_baseline:
            import json

            _write_output(baseline_path, json.dumps(baseline_data(results), indent=2) + "\n")
            _print_error(status("baseline_written", lang, path=baseline_path))
        shown = without_baseline(results, load_baseline(baseline_path))
    else:
        shown = results
    debug = bool(args.check_debug or args.debug)
    _write_output(args.output, reports.render_chunks(shown, report_format, lang, registry,
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
    from catalog.checking.checker import expand_paths

    entries = list(expand_paths(args.paths))
    if args.skip_other_json:
        from catalog.formats.json_format import is_catalogue_json

        other = {entry for entry in entries if isinstance(entry, Path)
                 and entry.suffix.lower() == ".json" and not is_catalogue_json(entry)}
        for path in sorted(other):
            _print_error(status("skipped_other_json", lang, path=path))
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
            return replace(options, reader_options={**options.reader_options,
                                                    "progress": rows.advance})

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


_LISTED_PROBLEMS = 20  # a draft of 100,000 rows with a blank column: the first few say enough


def _run_convert(args: argparse.Namespace) -> int:
    from catalog.api import render_message
    from catalog.checking.checker import read_isolated
    from catalog.core.outputs import guard_outputs
    from catalog.formats.conversion import write_converted

    settings = resolver(args).for_path(args.input)
    args.lang = settings.lang  # for the messages of errors raised below
    guard_outputs([("", args.output)],
                  [args.input, *([settings.source] if settings.source is not None else [])])
    loaded = read_isolated(args.input, issuer=settings.issuer, level=settings.level,
                           **settings.reader_options())
    problems = write_converted(loaded, args.output)
    lang = settings.lang
    for finding in problems[:_LISTED_PROBLEMS]:
        _print_error(status("finding_line", lang, where=finding.location.describe(),
                            code=finding.code,
                            message=render_message(finding, lang, debug=args.debug)))
    if len(problems) > _LISTED_PROBLEMS:
        _print_error(status("more_problems", lang, count=len(problems) - _LISTED_PROBLEMS))
    if problems:
        _print_error(status("converted_with_problems", lang, path=args.output,
                            count=len(problems)))
        return EXIT_FINDINGS
    return EXIT_OK


def _run_rules(args: argparse.Namespace) -> int:
    from catalog.rules.docs import rule_dict, rules_markdown, rules_text
    from catalog.rules.registry import default_registry

    registry = default_registry()
    if args.format == "json":
        import json

        text = json.dumps([rule_dict(rule) for rule in registry], ensure_ascii=False, indent=2)
        sys.stdout.write(text + "\n")
    elif args.format == "markdown":
        sys.stdout.write(rules_markdown(registry))
    else:
        sys.stdout.write(rules_text(registry, args.lang))
    return EXIT_OK


def _run_schema(args: argparse.Namespace) -> int:
    from catalog.standard.schema import catalogue_schema, report_schema, schema_text

    sys.stdout.write(schema_text(report_schema() if args.report else catalogue_schema()))
    return EXIT_OK


def _commands() -> dict[str, Callable[[argparse.Namespace], int]]:
    from catalog.cli import diff as versions
    from catalog.cli import more as cli_more

    return {
        "check": _run_check,
        "convert": _run_convert,
        "rules": _run_rules,
        "schema": _run_schema,
        "fix": cli_more.run_fix,
        "template": cli_more.run_template,
        "domains": cli_more.run_domains,
        "coverage": cli_more.run_coverage,
        "diff": versions.run,
        "publish": _run_publish,
        "serve": _run_serve,
        "scorecard": _run_scorecard,
    }


def _run_publish(args: argparse.Namespace) -> int:
    from catalog.cli.publish import run

    return run(args)


def _run_scorecard(args: argparse.Namespace) -> int:
    from catalog.cli.scorecard import run  # lazy: each command loads what it runs

    return run(args)


def _run_serve(args: argparse.Namespace) -> int:
    from catalog.cli.serve import run

    return run(args)


def _print_error(text: str) -> None:
    from catalog.core.safe_text import inert_line

    sys.stderr.write(inert_line(text.rstrip("\n")) + "\n")


def run() -> NoReturn:
    """The ``catalog`` command: :func:`main`, then exit without freeing the heap object by
    object (a 100,000-row check holds millions of objects; tearing them down took 0.3 s).

    mypy exits the same way. Output is flushed first; nothing of ours needs exit handlers
    (outputs are written atomically before this point, worker pools are already joined).
    Ctrl-C and SIGTERM raise from here on (:mod:`catalog.core.interrupts`): cleanup runs, the
    exit code is 130 or 143, and no traceback is printed.
    """
    from catalog.core import interrupts

    interrupts.install()
    try:
        code = main()
        interrupts.checkpoint()  # a signal Python could not raise: the run was still stopped
        sys.stdout.flush()
        sys.stderr.flush()
    except KeyboardInterrupt as interruption:  # before main's own handler, or after it
        # the language is not known yet (or any more): both
        _print_quietly(f"{status('interrupted', 'zh')} / {status('interrupted', 'en')}")
        code = interrupts.exit_code(interruption)
    except BrokenPipeError:
        code = EXIT_BROKEN_PIPE
    except OSError as error:  # stdout is a full disk (`> /dev/full`): the environment
        from catalog.core.outputs import write_error

        refused = write_error(None, error)
        _print_quietly(f"{status('usage_error', 'zh', message=refused.text('zh'))} / "
                       f"{refused.text('en')}")
        code = EXIT_UNREADABLE
    os._exit(code)


def _print_quietly(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        _print_error(text)
        sys.stderr.flush()


def _lang(args: argparse.Namespace, fallback: str) -> str:
    """The language of the command's messages: --lang, or the settings' once the command has
    read them (it stores it in ``args.lang``), else ``fallback``."""
    return getattr(args, "lang", None) or fallback


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # a GBK console must not crash on an emoji in the data
            reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parse_args(_parser, argv)  # usage errors in the user's language
    except SystemExit as exit_:
        return EXIT_UNREADABLE if exit_.code not in (0, None) else EXIT_OK
    lang = getattr(args, "lang", None) or language_of(argv)
    debug = bool(args.debug or getattr(args, "check_debug", False))
    from catalog.checking.checker import InternalError
    from catalog.core.findings import InputError, UsageError
    from catalog.core.interrupts import exit_code
    from catalog.core.outputs import stdout_error

    try:
        return _commands()[args.command](args)
    except UsageError as error:  # also OutputError: an input as output, a full disk
        _print_error(status("usage_error", _lang(args, lang),
                            message=error.text(_lang(args, lang))))
        return EXIT_UNREADABLE
    except InputError as error:
        from catalog.api import render_message
        from catalog.rules.registry import default_registry

        finding = error.to_finding()
        registry = default_registry()
        rule = registry.get(error.code) if error.code in registry else None
        hint = rule.hint(lang) if rule is not None else None
        _print_error(status("finding_line", lang, where=error.file, code=finding.code,
                            message=render_message(finding, lang, debug=debug))
                     + (status("hint", lang, hint=hint) if hint else ""))
        return EXIT_UNREADABLE
    except InternalError as error:
        _print_error(status("internal_error", lang, file=error.file, detail=error.detail))
        if debug:
            _print_error(error.trace)
        _print_error(status("bug_hint", lang))
        return EXIT_INTERNAL
    except KeyboardInterrupt as interruption:  # Ctrl-C, or SIGTERM under run()
        _print_error(status("interrupted", _lang(args, lang)))
        return exit_code(interruption)
    except BrokenPipeError:  # `catalog check big.xlsx | head`: the reader has seen enough
        # Point stdout at the null device so that flushing at exit stays silent (a stream
        # without a descriptor has nothing to flush).
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:  # a bug: say so, briefly
        refused = stdout_error(error)
        if refused is not None:  # `catalog rules > /dev/full`: the disk, not a bug
            _print_error(status("usage_error", _lang(args, lang),
                                message=refused.text(_lang(args, lang))))
            return EXIT_UNREADABLE
        _print_error(status("internal_error_any", lang,
                            detail=f"{type(error).__name__}: {error}"))
        if debug:
            import traceback

            _print_error(traceback.format_exc())
        _print_error(status("bug_hint", lang))
        return EXIT_INTERNAL
