"""One check run for the web page, done in a worker process: no web code here.

The uploaded files are checked by the library's own entry point (:func:`catalog.api.check`),
so they get the limits and the isolation ``catalog check`` gives a file: a hostile or huge file
becomes that file's CAT6xx finding. Everything the result page offers is then made from that
same run, for the files that could be read: the HTML report body (the ``check --format html``
renderer, not a second one), the annotated copy, the safely fixed copy with its changes, the
findings as xlsx and JSON, and the coverage against the national items.

Why in a worker process: reading a workbook is CPU work that would stall every other request
of the server's event loop, and a process can be replaced if anything in it goes wrong.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from catalog.api import check
from catalog.checking.checker import CheckOptions, FileResult, read_for_check
from catalog.checking.coverage import coverage
from catalog.core.findings import Finding, UsageError
from catalog.formats.options import ReadOptions
from catalog.formats.screening import Limits
from catalog.formats.xlsx_writer import new_workbook
from catalog.i18n import SERVE_COLUMNS as COLUMNS
from catalog.i18n import SERVE_LABELS as LABELS
from catalog.i18n import severity_label
from catalog.reports import render
from catalog.reports.html import context_in, html_chunks
from catalog.reports.summary import Summary
from catalog.rules.engine import RuleRegistry, message_for
from catalog.serve.downloads import derived_name
from catalog.standard.domains import registry
from catalog.standard.vocabulary import require_level
from catalog.workbooks.annotate import ANNOTATABLE, annotate
from catalog.workbooks.fix import FIXABLE, fix

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA = {".xlsx": XLSX, ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
         ".csv": "text/csv; charset=utf-8", ".json": "application/json"}


@dataclass(frozen=True)
class Upload:
    """One uploaded file: where the server saved it (our own name) and the user's name."""

    path: str
    name: str


@dataclass(frozen=True)
class JobRequest:
    uploads: tuple[Upload, ...]
    folder: str  # the request's temporary folder: outputs are written here, then read back
    lang: str = "zh"
    issuer: str | None = None
    level: str | None = None
    domain: str | None = None
    limits: Limits | None = None  # None: the defaults catalog check uses


@dataclass(frozen=True)
class Download:
    kind: str  # annotated | fixed | findings-xlsx | findings-json
    name: str  # the name offered to the browser (from the user's file name)
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Unreadable:
    name: str
    code: str
    message: str
    hint: str | None


@dataclass(frozen=True)
class Change:
    where: str  # Sheet!C12, C12 (CSV) or a JSON pointer
    code: str
    before: str
    after: str


@dataclass(frozen=True)
class FileChanges:
    name: str
    changes: tuple[Change, ...]


@dataclass
class JobResult:
    files: int
    errors: int
    warnings: int
    infos: int
    report_html: str  # the body of the HTML report, already escaped by its template
    unreadable: list[Unreadable] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    changes: list[FileChanges] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class JobFailure:
    """A bug met while making a result, as plain text: library exceptions with their own
    constructor arguments (InternalError) do not survive pickling, and one that fails to
    unpickle breaks the whole worker pool."""

    detail: str
    trace: str


def run_job_safely(job: JobRequest) -> JobResult | JobFailure:
    """:func:`run_job` for a worker process: any exception comes back as a JobFailure."""
    try:
        return run_job(job)
    except Exception as error:
        import traceback

        return JobFailure(f"{type(error).__name__}: {error}", traceback.format_exc())


def options_for(job: JobRequest) -> CheckOptions:
    return CheckOptions(issuer=job.issuer or None,
                        level=require_level(job.level) if job.level else None,
                        domain=job.domain or None,
                        reader_options=ReadOptions(limits=job.limits))


def relabel(result: FileResult, name: str) -> FileResult:
    """The result as the user knows the file: by its name, never the server's path.

    Readers name a CSV's one sheet after the file, and some messages quote the file name, so
    the saved name is replaced wherever it appears: location, sheet and text parameters.
    """
    saved = result.file
    base = Path(saved).name

    def named(text: str) -> str:
        return text.replace(saved, name).replace(base, name)

    findings = []
    for finding in result.findings:
        where = finding.location
        where = replace(where, file=name, sheet=named(where.sheet) if where.sheet else None)
        params = {key: named(value) if isinstance(value, str) else value
                  for key, value in finding.params.items()}
        findings.append(replace(finding, location=where, params=params))
    return replace(result, file=name, findings=findings)


def run_job(job: JobRequest) -> JobResult:
    """Check the uploads and make everything the result page offers (see the module doc)."""
    options = options_for(job)
    registry = options.registry()
    checked = check([upload.path for upload in job.uploads], options, jobs=1)
    results = [relabel(result, upload.name)
               for result, upload in zip(checked, job.uploads, strict=True)]
    readable = [(upload, result) for upload, result in zip(job.uploads, results, strict=True)
                if result.readable]
    summary = Summary.of(results)
    loaded = _loaded(readable, options)
    report = "".join(html_chunks(results, job.lang, registry, lookup=_lookup(loaded),
                                 standalone=False))
    made = JobResult(summary.files, summary.errors, summary.warnings, summary.infos, report)
    for result in results:
        if not result.readable and result.findings:
            first = result.findings[0]
            rule = registry.get(first.code) if first.code in registry else None
            made.unreadable.append(Unreadable(result.file, first.code,
                                              message_for(first, registry, job.lang),
                                              rule.hint(job.lang) if rule else None))
    folder = Path(job.folder)
    for number, (upload, result) in enumerate(readable):
        made.downloads.extend(_copies(upload, result, folder, number, job.lang, made.changes))
    if any(result.findings for result in results):
        made.downloads.extend(_findings_downloads(results, registry, job.lang))
    made.coverage = _coverage([found.document for found in loaded.values()], options)
    return made


def _loaded(readable: Sequence[tuple[Upload, FileResult]],
            options: CheckOptions) -> dict[str, Any]:
    """Each readable file read once more, for the report's cells in context and coverage.

    Only files the check could read (within its limits) get here.
    """
    return {result.file: read_for_check(upload.path, options) for upload, result in readable}


def _lookup(loaded: dict[str, Any]) -> Any:
    """The report's cell-in-context lookup, by the user's file name."""
    def lookup(finding: Finding) -> Any:
        found = loaded.get(finding.location.file)
        return context_in(found, finding) if found is not None else None

    return lookup


def _copies(upload: Upload, result: FileResult, folder: Path, number: int, lang: str,
            changes: list[FileChanges]) -> list[Download]:
    """The annotated copy (workbooks) and the fixed copy (when a safe fix changes anything)."""
    words = LABELS[lang]
    suffix = Path(upload.path).suffix.lower()
    made = []
    if suffix in ANNOTATABLE:
        target = folder / f"annotated-{number}.xlsx"
        annotate(upload.path, result.findings, target, lang=lang)
        made.append(Download("annotated", derived_name(upload.name, words["annotated"], ".xlsx"),
                             XLSX, target.read_bytes()))
    if suffix in FIXABLE:
        suffix = ".xlsx" if suffix == ".xls" else suffix  # an .xls is fixed into an .xlsx
        target = folder / f"fixed-{number}{suffix}"
        try:
            found = fix(upload.path, target)
        except UsageError:  # not fixable after all (e.g. an .xlsm without its parts)
            found = []
        changes.append(FileChanges(upload.name, tuple(
            Change(c.where, c.code, c.before, c.after) for c in found)))
        if found:
            made.append(Download("fixed", derived_name(upload.name, words["fixed"], suffix),
                                 MEDIA[suffix], target.read_bytes()))
    return made


def _findings_downloads(results: Sequence[FileResult], registry: RuleRegistry,
                        lang: str) -> list[Download]:

    words = LABELS[lang]
    def named(suffix: str) -> str:  # 目录-检查结果.xlsx for one file, 检查结果.xlsx for several
        if len(results) == 1:
            return derived_name(results[0].file, words["findings"], suffix)
        return words["findings"] + suffix

    text = render(results, "json", lang, registry)
    return [
        Download("findings-xlsx", named(".xlsx"), XLSX, findings_workbook(results, registry, lang)),
        Download("findings-json", named(".json"), MEDIA[".json"], text.encode("utf-8")),
    ]


def findings_workbook(results: Sequence[FileResult], registry: RuleRegistry,
                      lang: str) -> bytes:
    """Every finding as one row of a sheet, to sort and filter in Excel or WPS.

    Written with the project's workbook options: text stays text (a cell value starting with
    ``=`` never becomes a formula).
    """
    words = LABELS[lang]
    stream = io.BytesIO()
    workbook = new_workbook(stream)
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet(words["findings_sheet"])
    for column, (title, width) in enumerate(zip(COLUMNS[lang],
                                                (6, 24, 14, 8, 20, 9, 7, 60, 40), strict=True)):
        sheet.write_string(0, column, title, bold)
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    row = 0
    for result in results:
        for finding in result.findings:
            row += 1
            where = finding.location
            rule = registry.get(finding.code) if finding.code in registry else None
            hint = rule.hint(lang, medium="workbook") if rule else None
            values = (where.file, where.sheet or "", where.cell.split("!")[-1]
                      if where.cell else "", where.pointer or "", finding.code,
                      severity_label(finding.severity, lang),
                      message_for(finding, registry, lang), hint or "")
            sheet.write_number(row, 0, row, wrap)
            for column, value in enumerate(values, start=1):
                sheet.write_string(row, column, value, wrap)
    if row:
        sheet.autofilter(0, 0, row, len(COLUMNS[lang]) - 1)
    workbook.close()
    return stream.getvalue()


def _coverage(documents: list[Any], options: CheckOptions) -> list[dict[str, Any]]:
    """Coverage of the national items by the readable files, as plain data for the page."""
    if not documents:
        return []
    if options.domain:
        documents = [document.model_copy(update={"catalogues": tuple(
            c if c.domain else c.model_copy(update={"domain": options.domain})
            for c in document.catalogues)}) for document in documents]
    names = {domain.slug: (domain.name_zh, domain.name_en) for domain in registry()}
    issuers = coverage(documents).to_dict()["issuers"]
    for issuer in issuers:
        for row in issuer["domains"]:
            row["name_zh"], row["name_en"] = names.get(row["slug"], (row["slug"], row["slug"]))
    return list(issuers)
