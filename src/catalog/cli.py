"""The ``catalog`` command: argument parsing and wiring only.

Exit codes: 0 no errors; 1 errors found (or warnings with --strict); 2 an input file could
not be read at all, or the command line is wrong; 3 an internal error (a bug in catalog).
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

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_BROKEN_PIPE = 141  # as a shell reports a command ended by SIGPIPE
BUG_HINT = (
    "这是 catalog 的程序错误,不是数据问题;请附上 --debug 的输出报告此问题。 "
    "(This is a bug in catalog, not a problem with your data; please report it with "
    "the output of --debug.)"
)


def _version() -> str:
    from catalog import __version__

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
    _add_limit_flags(check)


def positive_int(text: str) -> int:
    """``--jobs``: a whole number of at least 1 (0 and negatives are usage errors, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"须为正整数 / must be a positive integer: {text!r}")
    return value


def _limit(text: str) -> tuple[str, int | float]:
    """``--limit max_rows=1000000``: one limit, checked by the same code as [limits]."""
    from catalog.findings import UsageError
    from catalog.safety import Limits

    key, _, value = text.partition("=")
    try:
        number: int | float = float(value) if "." in value else int(value)
        Limits.from_mapping({key.strip(): number})
    except (ValueError, UsageError) as error:
        raise argparse.ArgumentTypeError(
            f"应为 名称=正整数 / expected NAME=POSITIVE_INTEGER, got {text!r} ({error})"
        ) from None
    return key.strip(), number


def _add_limit_flags(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--limit", action="append", type=_limit, metavar="NAME=N",
        help="set a security limit (see SECURITY.md), e.g. --limit max_rows=1000000; may be "
        "repeated; may exceed the built-in ceiling, unlike [limits] in a settings file")
    command.add_argument(
        "--trust-settings", action="store_true", default=None,
        help="trust catalog.toml files: their [limits] may exceed the built-in ceiling and "
        "their paths may point anywhere")


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
    from catalog.publish.cli import add_parser as add_publish

    add_publish(commands)
    from catalog.serve.cli import add_parser as add_serve

    add_serve(commands)

    convert = commands.add_parser("convert", help="转换格式 / convert between JSON, xlsx, csv")
    convert.add_argument("input")
    convert.add_argument("output")
    convert.add_argument("--issuer")
    convert.add_argument("--level")
    convert.add_argument("--streaming", action="store_true", help="low-memory workbook reading")
    _add_limit_flags(convert)

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
    domains.add_argument("action", nargs="?", choices=("list", "show"), default="list")
    domains.add_argument("slug", nargs="?", help="slug, Chinese name or alias")
    domains.add_argument("--format", choices=("text", "json"), default="text")
    domains.add_argument("--lang", choices=("zh", "en"))

    coverage = commands.add_parser("coverage", help="覆盖情况 / coverage of the national items")
    coverage.add_argument("paths", nargs="+", metavar="PATH")
    coverage.add_argument("--format", choices=("text", "json"), default="text")
    coverage.add_argument("--lang", choices=("zh", "en"))
    coverage.add_argument("--issuer")
    coverage.add_argument("--level")
    _add_limit_flags(coverage)

    rules = commands.add_parser("rules", help="规则列表 / list the rules")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rules.add_argument("--lang", choices=("zh", "en"), default="zh")

    schema = commands.add_parser("schema", help="打印 JSON Schema / print the JSON Schema")
    schema.add_argument("--report", action="store_true", help="the report schema instead")
    return parser


def _codes(given: list[str] | None) -> tuple[str, ...] | None:
    """Codes from every use of the option (``--ignore CAT103 --ignore CAT2``)."""
    if given is None:
        return None
    return tuple(code.strip().upper() for text in given for code in text.split(",")
                 if code.strip())


def resolver(args: argparse.Namespace) -> Any:
    """The settings of this run: every command merges them through this one call."""
    from catalog.config import Resolver, overrides_from

    values = dict(vars(args))
    values["select"] = _codes(getattr(args, "select", None))
    values["ignore"] = _codes(getattr(args, "ignore", None))
    values["limits"] = tuple(getattr(args, "limit", None) or ())
    values["streaming"] = bool(getattr(args, "streaming", False))
    values["trust_settings"] = bool(getattr(args, "trust_settings", False))
    return Resolver(overrides_from(values))


def level_option(text: str | None) -> Any:
    """A --level option (or setting) as a Level, ``None`` when not given."""
    from catalog.vocabulary import require_level

    return None if text is None else require_level(text)


def _write_output(path: str | None, text: str | Iterable[str]) -> None:
    """Print, or write the file atomically; pieces are written as they are made."""
    pieces = (text,) if isinstance(text, str) else text
    if path is None:
        for piece in pieces:
            sys.stdout.write(piece)
        return
    from catalog.files import atomic_write

    def write(stream: IO[bytes]) -> None:
        for piece in pieces:
            stream.write(piece.encode("utf-8"))

    atomic_write(Path(path), write)


def _run_check(args: argparse.Namespace) -> int:
    from catalog import reports
    from catalog.baseline import baseline_data, load_baseline, without_baseline
    from catalog.rules import default_registry

    settings = resolver(args)
    run = settings.for_run(args.paths)  # report format, language, strict, baseline
    report_format = (
        run.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    )

    def options_for(path: Path) -> Any:  # select, ignore, issuer, level, limits: per file
        return settings.for_path(path).check_options

    results = _checked(args, options_for)
    if not results:
        from catalog.findings import UsageError

        raise UsageError("没有找到目录文件 / no catalogue files (.json .xlsx .xls .ods .csv) in "
                         + ", ".join(args.paths))
    if args.annotate:
        _annotate(args, results, run.lang)
    if run.baseline is not None:
        baseline_path = str(run.baseline)
        if args.update_baseline or not run.baseline.exists():
            import json

            _write_output(baseline_path, json.dumps(baseline_data(results), indent=2) + "\n")
            sys.stderr.write(f"baseline written: {baseline_path}\n")
        results = without_baseline(results, load_baseline(baseline_path))
    registry = default_registry().select(run.select, run.ignore)
    _write_output(args.output,
                  reports.render_chunks(results, report_format, run.lang, registry, run.strict))
    if any(not result.readable for result in results):
        return EXIT_UNREADABLE
    failing = {"error", "warning"} if run.strict else {"error"}
    if any(f.severity.value in failing for result in results for f in result.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _checked(args: argparse.Namespace, options_for: Callable[[Path], Any]) -> list[Any]:
    """Check every path, with a progress line on a terminal when there are many files."""
    from catalog.checker import check_entries, expand_paths
    from catalog.progress import Progress

    entries = list(expand_paths(args.paths))  # walked once: counted here, checked below
    total = len(entries) if not args.quiet else 0
    progress = Progress(total, "检查 / checking", enabled=None if total > 20 else False)
    rows = Progress(0, "读取行数 / rows read", enabled=None if total == 1 else False,
                    start_after=20_000)
    if rows.enabled:  # one file, checked in this process: report rows as they are read
        per_file = options_for

        def options_for(path: Path) -> Any:
            options = per_file(path)
            return replace(options, reader_options={**options.reader_options,
                                                    "progress": rows.advance})

    results = []
    for result in check_entries(entries, options_for, args.jobs):
        results.append(result)
        progress.advance()
    rows.close()
    progress.close()
    return results


def _annotate(args: argparse.Namespace, results: Sequence[Any], lang: str) -> None:
    from catalog.annotate import annotate
    from catalog.findings import UsageError

    if len(results) != 1 or not results[0].file.lower().endswith((".xlsx", ".xlsm")):
        raise UsageError("--annotate needs exactly one .xlsx input")
    annotate(results[0].file, results[0].findings, args.annotate, lang=lang)


def _run_convert(args: argparse.Namespace) -> int:
    from catalog.api import dump, load

    settings = resolver(args).for_path(args.input)
    loaded = load(args.input, issuer=settings.issuer, level=settings.level,
                  **settings.reader_options())
    dump(loaded.document, args.output)
    return EXIT_OK


def _run_rules(args: argparse.Namespace) -> int:
    from catalog.ruledocs import rule_dict, rules_markdown, rules_text
    from catalog.rules import default_registry

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
    from catalog.schemas import catalogue_schema, report_schema, schema_text

    sys.stdout.write(schema_text(report_schema() if args.report else catalogue_schema()))
    return EXIT_OK


def _commands() -> dict[str, Callable[[argparse.Namespace], int]]:
    from catalog import cli_more

    return {
        "check": _run_check,
        "convert": _run_convert,
        "rules": _run_rules,
        "schema": _run_schema,
        "fix": cli_more.run_fix,
        "template": cli_more.run_template,
        "domains": cli_more.run_domains,
        "coverage": cli_more.run_coverage,
        "publish": _run_publish,
        "serve": _run_serve,
    }


def _run_publish(args: argparse.Namespace) -> int:
    from catalog.publish.cli import run

    return run(args)


def _run_serve(args: argparse.Namespace) -> int:
    from catalog.serve.cli import run

    return run(args)


def _print_error(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")


def run() -> NoReturn:
    """The ``catalog`` command: :func:`main`, then exit without freeing the heap object by
    object (a 100,000-row check holds millions of objects; tearing them down took 0.3 s).

    mypy exits the same way. Output is flushed first; nothing of ours needs exit handlers
    (outputs are written atomically before this point, worker pools are already joined).
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = EXIT_BROKEN_PIPE
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # a GBK console must not crash on an emoji in the data
            reconfigure(errors="backslashreplace")
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_UNREADABLE if exit_.code not in (0, None) else EXIT_OK
    from catalog.checker import InternalError
    from catalog.findings import InputError, UsageError

    try:
        return _commands()[args.command](args)
    except UsageError as error:
        _print_error(f"catalog: {error}")
        return EXIT_UNREADABLE
    except InputError as error:
        from catalog.api import render_message
        from catalog.rules import default_registry

        finding = error.to_finding()
        registry = default_registry()
        hints = registry.get(error.code) if error.code in registry else None
        for lang in ("zh", "en"):
            hint = hints.hint(lang) if hints is not None else None
            _print_error(f"{error.file}: {finding.code} {render_message(finding, lang)}"
                         + (f" ({hint})" if hint else ""))
        return EXIT_UNREADABLE
    except InternalError as error:
        _print_error(f"catalog: internal error while checking {error.file}: {error.detail}")
        if args.debug or getattr(args, "check_debug", False):
            _print_error(error.trace)
        _print_error(BUG_HINT)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        _print_error("catalog: interrupted")
        return 130
    except BrokenPipeError:  # `catalog check big.xlsx | head`: the reader has seen enough
        # Point stdout at the null device so that flushing at exit stays silent (a stream
        # without a descriptor has nothing to flush).
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:  # a bug: say so, briefly
        _print_error(f"catalog: internal error: {type(error).__name__}: {error}")
        if args.debug or getattr(args, "check_debug", False):
            import traceback

            _print_error(traceback.format_exc())
        _print_error(BUG_HINT)
        return EXIT_INTERNAL
