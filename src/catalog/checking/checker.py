"""Checking files: read, run the rules, collect findings in a fixed order.

This is the library function behind ``catalog check``. Files are independent, so many files
are checked in worker processes; results come back in input order whatever the parallelism.
A file that cannot be read becomes one finding (exit code 2), never an exception for the
caller; any other exception is a bug in this library and is raised as :class:`InternalError`.
Even one file is checked in a supervised worker (:mod:`catalog.core.isolation`): a reader that
aborts, runs out of memory or overruns the time budget costs that file, never the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from catalog.checking.capping import ordered_capped
from catalog.core import caches
from catalog.core.findings import (
    CatalogError,
    Finding,
    InputError,
    InternalError,
    Location,
    Severity,
    UsageError,
)
from catalog.core.heap import gc_paused
from catalog.core.isolation import Failure, supervised_map
from catalog.formats.inputs import iter_input_files
from catalog.formats.loaded import Loaded
from catalog.formats.loading import READ_FORMATS, load_file, preload_readers
from catalog.formats.options import ReadOptions
from catalog.formats.screening import Limits
from catalog.rules.engine import FindingGroup, RuleContext, RuleRegistry
from catalog.rules.limits import READER_ABORTED, TOO_COSTLY
from catalog.rules.registry import default_registry
from catalog.rules.settings import LEVEL_FROM_ISSUER
from catalog.standard.records import CatalogueView, replaced
from catalog.standard.terms import Level
from catalog.standard.vocabulary import issuer_level

__all__ = ["CheckOptions", "FileResult"]  # public through catalog; the rest is internal

_C = TypeVar("_C", bound=CatalogueView)


@dataclass(frozen=True)
class CheckOptions:
    """Settings of one check run (from the command line, catalog.toml or the caller).

    ``reader_options`` is a :class:`~catalog.formats.options.ReadOptions`, or a mapping of its
    keywords (a typo is a :class:`UsageError`); it becomes a ``ReadOptions`` here. ``issuer``
    and ``level`` may be given here or there: they are one setting, and both hold it.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    issuer: str | None = None
    level: Level | None = None
    reader_options: ReadOptions = field(default_factory=ReadOptions)
    # True when the level was read from the issuer's name (CAT530 says so); set here when
    # only ``issuer`` is given, so library callers get what the command line does.
    level_implied: bool = False
    domain: str | None = None  # pilot-domain slug for catalogues that do not say (web form)

    def __post_init__(self) -> None:
        reading: object = self.reader_options
        if isinstance(reading, Mapping):
            reading = ReadOptions.from_keywords(reading)
        if not isinstance(reading, ReadOptions):
            raise UsageError(f"reader_options must be a catalog.ReadOptions or a mapping, "
                             f"got {type(reading).__name__}")
        issuer = self.issuer if self.issuer is not None else reading.issuer
        given = self.level if self.level is not None else (
            None if reading.level_implied else reading.level)  # implied: read it again
        level, implied = issuer_level(issuer, given)
        if reading.issuer != issuer or reading.level is not level:
            reading = replace(reading, issuer=issuer, level=level)
        object.__setattr__(self, "reader_options", reading)
        object.__setattr__(self, "issuer", issuer)
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "level_implied", self.level_implied or implied)

    def registry(self) -> RuleRegistry:
        return default_registry().select(self.select, self.ignore)


@dataclass
class FileResult:
    """The outcome of checking one file; picklable, so workers can send it back."""

    file: str
    findings: list[Finding]
    readable: bool = True
    catalogues: int = 0
    items: int = 0

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


def _with_issuer(catalogue: _C, options: CheckOptions) -> _C:
    issuer = catalogue.issuer
    if (options.issuer and not issuer.name) or (options.level and not issuer.level):
        issuer = replaced(issuer, name=issuer.name or options.issuer,
                          level=issuer.level or options.level,
                          division_code=issuer.division_code)
        catalogue = replaced(catalogue, issuer=issuer)
    if options.domain and not catalogue.domain:
        catalogue = replaced(catalogue, domain=options.domain)
    return catalogue


def _level_implied(catalogue: CatalogueView, options: CheckOptions) -> bool:
    """Whether this catalogue is checked at a level read from the --issuer's name: it has
    no level of its own (JSON), or the reader gave it the options' issuer and level."""
    issuer = catalogue.issuer
    return options.level_implied and (issuer.level is None or (
        issuer.name == options.issuer and issuer.level is options.level))


def _limits(options: CheckOptions) -> Limits:
    limits = options.reader_options.limits
    return limits if isinstance(limits, Limits) else Limits.default()


def check_loaded(
    loaded: Loaded, options: CheckOptions | None = None, registry: RuleRegistry | None = None
) -> list[Finding]:
    """Run the rules on a file already read; reading findings are filtered by the same codes.

    Findings are capped per rule (``Limits.max_findings_per_rule``; see
    :mod:`catalog.checking.capping`).
    """
    options = options or CheckOptions()
    registry = registry if registry is not None else options.registry()
    found: list[Finding | FindingGroup] = [
        finding for finding in loaded.findings if finding.code in registry]
    # rules allocate findings, not cycles: don't rescan the loaded items; values the rules
    # derive (document numbers, national item matches) are cached for this run only
    with gc_paused(), caches.run():
        for catalogue, source in zip(loaded.records.catalogues, loaded.sources, strict=True):
            implied = _level_implied(catalogue, options)
            catalogue = _with_issuer(catalogue, options)
            if implied and LEVEL_FROM_ISSUER.code in registry:
                found.append(LEVEL_FROM_ISSUER.at(source.locate(), issuer=options.issuer,
                                                  level=str(options.level)))
            context = RuleContext(catalogue, source, issuer_level=catalogue.issuer.level)
            found.extend(registry.run_grouped(context))
        # findings the cap drops are never built; one key tuple per finding kept
        return ordered_capped(found, loaded.info.get("sheets") or [], loaded.file,
                               _limits(options).max_findings_per_rule)


def read_for_check(path: str | Path, options: CheckOptions) -> Loaded:
    return load_file(path, options=options.reader_options)


def check_file(path: str | Path, options: CheckOptions | None = None) -> FileResult:
    """Check one file. Unreadable input is a finding; a library bug raises InternalError."""
    # The collector stays paused until the file's items are gone: re-enabling it while they
    # live makes its next pass traverse every object read (0.3–0.8 s at 100,000 rows), once
    # for each step that paused it.
    with gc_paused():
        return _check_file(path, options or CheckOptions())


def _check_file(path: str | Path, options: CheckOptions) -> FileResult:
    name = str(path)
    loaded = None
    try:
        loaded = read_for_check(path, options)
        findings = check_loaded(loaded, options)
    except InputError as error:
        return FileResult(name, [error.to_finding()], readable=False)
    except MemoryError:  # past the worker's memory cap: the file's cost, not a bug
        loaded = None  # let the partial read go before making the finding
        return FileResult(name, [READER_ABORTED.at(Location(name), reason=OUT_OF_MEMORY)],
                          readable=False)
    except CatalogError:
        raise
    except Exception as error:  # a bug in a reader or a rule: never blame the user's file
        raise InternalError(*_bug(name, error)) from error
    catalogues = loaded.records.catalogues
    items = sum(len(catalogue.items) for catalogue in catalogues)
    return FileResult(name, findings, True, len(catalogues), items)


class _Task(NamedTuple):
    """One file for a worker, with its options (without a progress display: not picklable)."""

    path: str
    options: CheckOptions


# A worker's answer: a result, or the parts of an InternalError (exceptions with their own
# constructor arguments do not survive pickling).
_Outcome = FileResult | tuple[str, str, str]
OUT_OF_MEMORY = "内存不足 / out of memory"


def _with_progress(options: CheckOptions, progress: Any) -> CheckOptions:
    """The options a worker reads with: the supervisor's row counter, when it keeps one."""
    if progress is None:
        return options
    return replace(options, reader_options=replace(options.reader_options, progress=progress))


def _check_in_worker(progress: Any, task: _Task) -> _Outcome:
    path, options = task.path, _with_progress(task.options, progress)
    try:
        return check_file(path, options)
    except InternalError as error:
        return error.file, error.detail, error.trace
    except Exception as error:
        return _bug(path, error)
    finally:
        # A row counter drawn by this worker ends its own line (one file on a terminal).
        close = getattr(getattr(progress, "__self__", None), "close", None)
        if callable(close):
            close()


def _without_progress(options: CheckOptions) -> CheckOptions:
    if options.reader_options.progress is None:
        return options
    return replace(options, reader_options=replace(options.reader_options, progress=None))


def _budget(task: _Task) -> tuple[int, float]:
    """The memory a worker may add and the seconds it may take for one file (its limits)."""
    limits = _limits(task.options)
    return limits.max_memory_bytes, limits.max_seconds_per_file


def _failure_error(path: str, failure: Failure) -> InputError:
    """A file whose worker died (CAT623) or overran its time budget (CAT624)."""
    if failure.kind == "timeout":
        return InputError(TOO_COSTLY, path, seconds=round(failure.seconds))
    reason = OUT_OF_MEMORY if failure.detail in ("SIGABRT", "SIGKILL") else failure.detail
    return InputError(READER_ABORTED, path, reason=reason)


def _failed(task: _Task, failure: Failure) -> _Outcome:
    """The finding for a file whose worker died (CAT623) or overran its time budget (CAT624)."""
    return FileResult(task.path, [_failure_error(task.path, failure).to_finding()],
                      readable=False)


# Formats read by python-calamine (Rust): a crafted file can abort the process that reads it.
NATIVE_READ = (".xlsx", ".xlsm", ".xls", ".ods")
_R = TypeVar("_R")


class _Used(NamedTuple):
    """What the worker's ``use`` of the file returned."""

    value: Any


class _Raised(NamedTuple):
    """The OSError the worker's ``use`` of the file raised (writing an output)."""

    error: OSError


_ReadOutcome = _Used | _Raised | InputError | tuple[str, str, str]


def read_isolated(path: str | Path, options: ReadOptions | None = None) -> Loaded:
    """``load_file`` for a file from an untrusted source, for every command that reads files
    without checking them (convert, fix, coverage, publish, diff, scorecard, references).

    A spreadsheet is read in a supervised worker with the same memory and time budget as
    ``check``, so a native abort or an overrun raises CAT623/CAT624 for this file instead of
    ending the process; JSON and CSV, read by Python, are read here (nothing to pickle back).
    """
    return use_isolated(path, _itself, options)


def use_isolated(path: str | Path, use: Callable[[Loaded], _R],
                 options: ReadOptions | None = None) -> _R:
    """``use(read_isolated(path, options))``, with ``use`` run where the file is read: a
    spreadsheet's worker sends back only what ``use`` returns, not the document (pickling
    100,000 items there and back costs a second to a caller that only writes them out).

    ``use`` runs under the file's budget. An OSError or InputError it raises is raised here;
    in a worker, any other exception is a bug, raised here as an InternalError.
    """
    check_options = CheckOptions(reader_options=options or ReadOptions())
    if Path(path).suffix.lower() not in NATIVE_READ:
        with gc_paused():  # until the items are gone (see check_file)
            return use(read_for_check(path, check_options))
    progress = check_options.reader_options.progress
    outcomes = supervised_map(partial(_read_in_worker, progress, use),
                              [_Task(str(path), _without_progress(check_options))], 1,
                              failed=_read_failed, budget=_budget, quiet=progress is None)
    try:
        outcome = next(outcomes)
    finally:
        outcomes.close()
    if isinstance(outcome, InputError):
        raise outcome
    if isinstance(outcome, _Raised):
        raise outcome.error
    if isinstance(outcome, _Used):
        value: _R = outcome.value
        return value
    raise InternalError(*outcome)


def _itself(loaded: Loaded) -> Loaded:
    return loaded


def read_each(paths: Iterable[str | Path], settings_for: Callable[[Path], Any]
              ) -> tuple[list[tuple[Path, Loaded]], list[Finding]]:
    """Every catalogue file under ``paths``, read (isolated) with its own settings
    (``settings_for(path).reader_options()``); what cannot be read is
    returned as findings, so commands that read many files report them and go on."""
    read: list[tuple[Path, Loaded]] = []
    unreadable: list[Finding] = []
    for entry in expand_paths(paths):
        if isinstance(entry, InputError):
            unreadable.append(entry.to_finding())
            continue
        settings = settings_for(entry)
        try:
            read.append((entry, read_isolated(entry, settings.reader_options())))
        except InputError as error:
            unreadable.append(error.to_finding())
    return read, unreadable


def _read_in_worker(progress: Any, use: Callable[[Loaded], Any], task: _Task) -> _ReadOutcome:
    with gc_paused():  # until the items are gone (see check_file)
        return _read_and_use(progress, use, task)


def _read_and_use(progress: Any, use: Callable[[Loaded], Any], task: _Task) -> _ReadOutcome:
    path, options = task.path, _with_progress(task.options, progress)
    try:
        loaded = read_for_check(path, options)
    except Exception as error:
        return _read_failure(path, error)
    try:
        return _Used(use(loaded))
    except OSError as error:  # an output the system refuses: the caller says so
        return _Raised(error)
    except Exception as error:
        return _read_failure(path, error)


def _read_failure(path: str, error: Exception) -> _ReadOutcome:
    """What reading or using a file that raised ``error`` comes to: the file's own error; out
    of memory past the worker's cap (the file's cost); anything else a bug in a reader or in
    the caller's use, never blamed on the file."""
    if isinstance(error, InputError):
        return error
    if isinstance(error, MemoryError):
        return InputError(READER_ABORTED, path, reason=OUT_OF_MEMORY)
    return _bug(path, error)


def _bug(path: str, error: Exception) -> tuple[str, str, str]:
    """An InternalError's parts (they survive pickling) for ``error`` raised on ``path``."""
    import traceback  # lazy: only a bug needs it (~1.4 ms to import)

    return path, f"{type(error).__name__}: {error}", traceback.format_exc()


def _read_failed(task: _Task, failure: Failure) -> _ReadOutcome:
    """The worker reading ``task`` died (CAT623) or overran its time budget (CAT624)."""
    return _failure_error(task.path, failure)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files named, and catalogue files inside folders named, in sorted order."""

    # .txt (Excel's "Unicode text" export) is read when named, but not picked up in folders,
    # where it is usually a README or notes.
    in_folders = tuple(suffix for suffix in READ_FORMATS if suffix != ".txt")
    yield from iter_input_files([Path(path) for path in paths], in_folders)


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def check_paths(paths: Sequence[str | Path], options: CheckOptions | None = None,
                jobs: int | None = None) -> Iterator[FileResult]:
    """Check files and folders; results in input order. ``jobs`` > 1 uses worker processes."""
    return check_entries(list(expand_paths(paths)), options, jobs)


OptionsFor = Callable[[Path], CheckOptions]


def check_entries(entries: Sequence[Path | InputError],
                  options: CheckOptions | OptionsFor | None = None,
                  jobs: int | None = None) -> Iterator[FileResult]:
    """Check what :func:`expand_paths` found (callers that count files first walk once).

    ``options`` is one set for every file, or a function giving each file its own (the
    command line: each file's catalog.toml).
    """
    jobs = require_jobs(jobs)
    if options is None or isinstance(options, CheckOptions):
        same = options or CheckOptions()
        same.registry()  # fail early on an unknown --select/--ignore code
        return _check_entries(entries, lambda _: same, jobs)
    return _check_entries(entries, options, jobs)


def require_jobs(jobs: int | None) -> int | None:
    """``None`` (one per core) or a positive number of workers; anything else is a usage error."""
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise UsageError(f"jobs 须为正整数 / jobs must be a positive integer, got {jobs!r}")
    return jobs


def _check_entries(entries: Sequence[Path | InputError], options_for: OptionsFor,
                   jobs: int | None) -> Iterator[FileResult]:
    work = [(entry.as_posix(), options_for(entry)) for entry in entries
            if isinstance(entry, Path)]
    jobs = min(jobs or default_jobs(), max(1, len(work)))
    # A row counter (one file on a terminal) cannot be pickled: the workers get it when they
    # are forked, and the tasks go without it.
    progress = next((o.reader_options.progress for _, o in work
                     if o.reader_options.progress is not None), None)
    tasks = [_Task(path, _without_progress(o)) for path, o in work]
    preload_readers(path for path, _ in work)
    outcomes = supervised_map(partial(_check_in_worker, progress), tasks, jobs, failed=_failed,
                              budget=_budget, quiet=progress is None)
    try:
        yield from _in_order(entries, outcomes)
    finally:
        outcomes.close()  # stop the workers now, even when the caller stops early


def _in_order(entries: Sequence[Path | InputError],
              outcomes: Iterator[_Outcome]) -> Iterator[FileResult]:
    for entry in entries:
        if isinstance(entry, InputError):
            yield FileResult(entry.file, [entry.to_finding()], readable=False)
            continue
        outcome = next(outcomes)
        if isinstance(outcome, tuple):
            raise InternalError(*outcome)
        yield outcome

