"""``catalog publish``: catalogues → a static site, one self-contained file, or a CMS fragment.

The site is built in a temporary folder beside the target and renamed into place, so a portal
never serves half a build, and a folder that is not an earlier build (no ``.catalog-site``
marker) is never replaced. Output is byte-identical for identical input except the generation
time, which ``SOURCE_DATE_EPOCH`` fixes (reproducible-builds convention).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from catalog.checking.checker import default_jobs
from catalog.core.files import atomic_write
from catalog.core.findings import Finding, InputError, UsageError
from catalog.core.outputs import guard_outputs, same_file
from catalog.formats import csv_writer, xlsx_writer
from catalog.formats.json_format import dumps
from catalog.formats.loaded import Loaded
from catalog.formats.options import ReadOptions
from catalog.formats.xlsx_writer import catalogue_title
from catalog.pages import environment, write_assets
from catalog.publish.collect import Collected, Entry, collect
from catalog.publish.index import Download, issuer_views, search_index
from catalog.publish.links import Links, links_for
from catalog.publish.views import Page, choices, digest, page_slug, rows_of, split
from catalog.standard.fields import ITEM_FIELDS
from catalog.standard.model import Document
from catalog.standard.terms import Level
from catalog.versions import diff
from catalog.versions.page import render_html

MARKER = ".catalog-site"
COLUMNS = tuple((key, title) for key, (title, _) in ITEM_FIELDS.items())
_BEIJING = timezone(timedelta(hours=8))
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class PublishOptions:
    """How to build: links, titles, page size, and how to read the inputs."""

    links: Path | None = None
    link_column: str | None = None
    title: str | None = None
    edition: str | None = None
    changes: Path | None = None  # an HTML change log (catalog diff) linked from the front page
    previous: Path | None = None  # the previous edition: changes.html is its diff with this one
    scorecard: str | None = None  # the scorecard page (catalog scorecard), linked likewise
    max_page_bytes: int = 3_000_000
    jobs: int | None = None  # worker processes for the workbooks (default: number of cores)
    issuer: str | None = None
    level: Level | None = None
    reader_options: ReadOptions = field(default_factory=ReadOptions)


@dataclass
class BuildResult:
    output: Path
    catalogues: int = 0
    items: int = 0
    pages: int = 0
    page_bytes: int = 0  # every catalogue page (or the one file) together
    largest_page: int = 0
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)  # items without a link, when links given
    links_given: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def bytes_per_item(self) -> float:
        return self.page_bytes / self.items if self.items else 0.0


@dataclass(frozen=True)
class SiteInfo:
    title: str
    generated: str
    updated: str | None
    edition: str | None = None
    changes: str | None = None
    scorecard: str | None = None


def generated_at() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` (seconds since 1970) for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.now(UTC)
    message = f"SOURCE_DATE_EPOCH 应为整数秒 / must be whole seconds, not {epoch!r}"
    if not epoch.strip().isdigit():
        raise UsageError(message)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (OverflowError, ValueError, OSError):  # past the year 9999
        raise UsageError(message) from None


def _site_info(collected: Collected, options: PublishOptions) -> SiteInfo:
    issuers = {entry.issuer for entry in collected.entries}
    if options.title:
        title = options.title
    elif len(issuers) == 1 and next(iter(issuers))[0]:
        title = f"{next(iter(issuers))[0]}基层政务公开标准目录"
    else:
        title = "基层政务公开标准目录专栏"
    dates = [str(e.catalogue.updated) for e in collected.entries if e.catalogue.updated]
    moment = generated_at().astimezone(_BEIJING).strftime("%Y-%m-%d %H:%M（北京时间）")
    return SiteInfo(title, moment, max(dates, default=None), options.edition,
                    "changes.html" if options.changes or options.previous else None,
                    "scorecard.html" if options.scorecard else None)


def _edition(collected: Collected, name: str) -> Loaded:
    """Collected catalogues as one edition for ``catalog.diff``, each with its source."""
    document = Document(catalogues=tuple(entry.catalogue for entry in collected.entries))
    return Loaded(name, document, [entry.source for entry in collected.entries])


def refuse_overwriting_inputs(output: Path, collected: Collected, named: Sequence[Path],
                              folder: bool) -> None:
    """Never write over (or into the folder of) a file being published: the same file by
    :func:`catalog.core.outputs.same_file` (hard links, symlinks, letter case), or its folder."""
    target = output.resolve()
    for path in collected.paths:
        if same_file(path, output) or (folder and target in path.parents):
            raise UsageError(f"输出位置 {output} 包含输入文件 {path}，不会覆盖 / the output "
                             f"{output} holds the input {path}; choose another output")
    if folder:
        for root in named:
            if root.is_dir() and root.resolve() in (target, *target.parents):
                raise UsageError(f"输出文件夹 {output} 位于输入文件夹 {root} 内，下次发布会把下载"
                                 f"文件当作输入 / the output folder is inside the input folder "
                                 f"{root}; choose a folder outside it")


class Builder:
    """One build: the inputs read once, pages laid out, templates rendered."""

    def __init__(self, paths: Sequence[str | Path], options: PublishOptions) -> None:
        self.env = environment("catalog.publish")
        self.options = options
        self.named = [Path(path) for path in paths]
        self.collected = collect(self.named, issuer=options.issuer, level=options.level,
                                 reader_options=options.reader_options)
        self.links: Links = links_for(options.links, options.link_column)
        self.site = _site_info(self.collected, options)
        self._pool: Executor | None = None
        taken: set[str] = set()
        self.pages: list[Page] = []
        for entry in self.collected.entries:
            rows = rows_of(entry, self.links.url)
            self.pages.extend(split(entry, page_slug(entry, taken), rows, 1))

    def heading(self, entry: Entry) -> str:
        return catalogue_title(entry.catalogue)

    def _where(self, entry: Entry) -> str:
        what = entry.domain.name_zh if entry.domain else self.heading(entry)
        return f"{entry.catalogue.issuer.name or '（未注明发布主体）'}·{what}"

    def result(self, output: Path, started: float) -> BuildResult:
        rows = [row for page in self.pages for row in page.rows]
        given = self.options.links is not None
        return BuildResult(
            output=output, catalogues=len(self.collected.entries), items=len(rows),
            findings=[*self.links.findings, *self.links.unmatched()],
            unlinked=[f"{self._where(page.entry)}：{row.category}/{row.item.name}".rstrip("/")
                      for page in self.pages for row in page.rows if given and not row.url],
            links_given=given, seconds=time.perf_counter() - started)

    # ------------------------------------------------------------------ catalogue pages

    def render_catalogue(self, page: Page) -> str:
        entry = page.entry
        return self.env.get_template("publish/catalogue.html").render(
            site=self.site, title=f"{self.heading(entry)} - {self.site.title}",
            heading=self.heading(entry), page=page, columns=COLUMNS,
            choices=choices(page.rows),
            guideline=entry.domain.guideline if entry.domain else None,
            csv_href=f"downloads/{page.slug}.csv", csv_name=_file_name(
                f"{entry.catalogue.issuer.name or ''}{self.heading(entry)}", ".csv"))

    def catalogue_pages(self) -> list[tuple[Page, bytes]]:
        """Every page rendered; a page over ``max_page_bytes`` is split into equal parts."""
        done: list[tuple[Page, bytes]] = []
        laid_out: list[Page] = []
        for page in self.pages:
            data = self.render_catalogue(page).encode("utf-8")
            if len(data) <= self.options.max_page_bytes or len(page.rows) < 2:
                done.append((page, data))
                laid_out.append(page)
                continue
            parts = min(len(page.rows), -(-len(data) * 11 // (self.options.max_page_bytes * 10)))
            for part in split(page.entry, page.slug, page.rows, parts):
                done.append((part, self.render_catalogue(part).encode("utf-8")))
                laid_out.append(part)
        self.pages = laid_out
        return done

    def changes_page(self) -> str:
        """The 修订说明 of the previous edition against this one (``catalog diff``'s page)."""
        assert self.options.previous is not None
        old = collect([self.options.previous], issuer=self.options.issuer,
                      level=self.options.level, reader_options=self.options.reader_options)
        return render_html(diff(_edition(old, str(self.options.previous)),
                                _edition(self.collected, ", ".join(map(str, self.named)))))

    # ------------------------------------------------------------------ outputs

    def write_site(self, output: Path) -> BuildResult:
        started = time.perf_counter()
        refuse_overwriting_inputs(output, self.collected, self.named, folder=True)
        for given in (self.options.changes, self.options.previous):
            if given is not None:
                refuse_overwriting_inputs(output, Collected((), (), (given.resolve(),)),
                                          [given], folder=True)
        _check_replaceable(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
        try:
            try:
                result = self._fill(work, output, started)
            finally:
                if self._pool is not None:
                    self._pool.shutdown(cancel_futures=True)
            _swap_into_place(work, output)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        return result

    def _fill(self, work: Path, output: Path, started: float) -> BuildResult:
        (work / "c").mkdir()
        (work / "downloads").mkdir()
        write_assets(work / "assets")
        result = BuildResult(output)
        workbooks = self._start_workbooks(work)  # the slowest part, in workers meanwhile
        for page, data in self.catalogue_pages():
            (work / page.href).write_bytes(data)
            result.page_bytes += len(data)
            result.largest_page = max(result.largest_page, len(data))
        result.pages = len(self.pages)
        (work / "assets" / "search-index.js").write_text(search_index(self.pages), "utf-8")
        downloads, notes = self._downloads(work, workbooks)
        views = issuer_views(self.pages)
        for view in views:
            view.downloads = [d for d in downloads if d.href.startswith(
                f"downloads/{digest(view.name, view.level, size=4)}.")]
        if self.options.changes is not None:
            shutil.copyfile(self.options.changes, work / "changes.html")
        elif self.options.previous is not None:
            (work / "changes.html").write_text(self.changes_page(), "utf-8")
        if self.options.scorecard is not None:
            (work / "scorecard.html").write_text(self.options.scorecard, "utf-8")
        first_parts = [page for page in self.pages if page.part == 1]
        index = self.env.get_template("publish/index.html").render(
            site=self.site, title=self.site.title, issuers=views, downloads=downloads,
            files=self.collected.files, total=sum(len(p.rows) for p in self.pages),
            total_pages=len(first_parts))
        (work / "index.html").write_text(index, "utf-8")
        (work / MARKER).write_text("catalog publish\n", "utf-8")
        final = self.result(output, started)
        final.pages, final.page_bytes = result.pages, result.page_bytes
        final.largest_page, final.notes = result.largest_page, notes
        return final

    def _issuers(self) -> dict[tuple[str, str], list[Entry]]:
        groups: dict[tuple[str, str], list[Entry]] = {}
        for entry in self.collected.entries:
            groups.setdefault(entry.issuer, []).append(entry)
        return groups

    def _start_workbooks(self, work: Path) -> list[tuple[str, str, Future[str | None]]]:
        """One official-layout workbook per issuer, written by worker processes.

        xlsxwriter is pure Python and the workbooks are independent: at 20 townships × 26
        domains they take most of a build when written one after another in this process.
        """
        groups = self._issuers()
        jobs = min(self.options.jobs or default_jobs(), len(groups))
        pool: Executor = ProcessPoolExecutor(jobs) if jobs > 1 else _InProcess()
        self._pool = pool  # shut down by write_site, whatever happens
        started = []
        for (name, level), entries in groups.items():
            document = Document(catalogues=tuple(e.catalogue for e in entries))
            stem = f"downloads/{digest(name, level, size=4)}"
            future = pool.submit(_write_workbook, document, str(work / f"{stem}.xlsx"))
            started.append((stem, name, future))
        return started

    def _downloads(self, work: Path, workbooks: list[tuple[str, str, Future[str | None]]]
                   ) -> tuple[list[Download], list[str]]:
        """Per issuer: the official-layout workbook and JSON; per catalogue: CSV."""
        made: list[tuple[str, str, str]] = []  # (file, offered name, label)
        notes: list[str] = []
        for ((name, level), entries), (stem, _, workbook) in zip(
                self._issuers().items(), workbooks, strict=True):
            document = Document(catalogues=tuple(e.catalogue for e in entries))
            offered = f"{name or '目录'}{level}-基层政务公开标准目录"
            (work / f"{stem}.json").write_text(dumps(document), "utf-8")
            made.append((f"{stem}.json", _file_name(offered, ".json"), f"{name} JSON"))
            refused = workbook.result()
            if refused is None:
                made.append((f"{stem}.xlsx", _file_name(offered, ".xlsx"), f"{name} Excel"))
            else:  # text a workbook cannot hold: JSON and CSV are still made
                notes.append(f"{name}: xlsx 未生成 / not written ({refused})")
        for page in self.pages:
            if page.part != 1:
                continue
            entry = page.entry
            single = Document(catalogues=(entry.catalogue,))
            try:
                data = csv_writer.encode(single, page.slug)
            except InputError as error:
                notes.append(f"{page.slug}: csv 未生成 / not written ({error.code})")
                continue
            (work / f"downloads/{page.slug}.csv").write_bytes(data)
            made.append((f"downloads/{page.slug}.csv", _file_name(
                f"{entry.catalogue.issuer.name or ''}{self.heading(entry)}", ".csv"),
                f"{self.heading(entry)} CSV"))
        downloads = []
        for href, offered, label in made:
            data = (work / href).read_bytes()
            downloads.append(Download(href, offered, label, len(data),
                                      hashlib.sha256(data).hexdigest()))
        return downloads, notes

    def write_single_file(self, output: Path, fragment: bool = False) -> BuildResult:
        """Every table in one HTML file: a whole page, or (``fragment``) only the tables."""
        started = time.perf_counter()
        refuse_overwriting_inputs(output, self.collected, self.named, folder=False)
        side_inputs = [path for path in (self.options.links, self.options.changes,
                                         self.options.previous) if path is not None]
        guard_outputs([("-o", output)], side_inputs)  # the links file, change log, edition
        headings = [self.heading(page.entry) for page in self.pages]
        context = dict(site=self.site, title=self.site.title, pages=self.pages,
                       headings=headings, columns=COLUMNS,
                       choices=choices([row for page in self.pages for row in page.rows]),
                       total=sum(len(page.rows) for page in self.pages))
        name = "publish/fragment.html" if fragment else "publish/single.html"
        data = self.env.get_template(name).render(**context).encode("utf-8")

        output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(output, lambda stream: stream.write(data))  # type: ignore[arg-type]
        result = self.result(output, started)
        result.pages, result.page_bytes, result.largest_page = 1, len(data), len(data)
        return result


def _write_workbook(document: Document, path: str) -> str | None:
    """Write one workbook (in a worker); the refusal's code when its text cannot be stored."""
    try:
        xlsx_writer.write(document, path)
    except InputError as error:
        return error.code
    return None


class _InProcess(Executor):
    """An executor that runs each job at once, for one issuer or ``jobs=1``."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future


def _file_name(text: str, suffix: str) -> str:
    return (_UNSAFE_NAME.sub("_", text).strip(" .") or "目录")[:120] + suffix


def _check_replaceable(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output} 是文件，不是文件夹 / is a file, not a folder")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise UsageError(f"{output} 不是空文件夹，也不是 catalog publish 生成的网站，不会替换 / is "
                         "neither empty nor an earlier catalog publish site; not replaced")


def _swap_into_place(work: Path, output: Path) -> None:
    """Rename the finished build over the old one; the old one is removed after the swap."""
    os.chmod(work, 0o755 & ~_umask())
    old: Path | None = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old.", dir=output.parent))
        os.rename(output, old / "site")
    os.rename(work, output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def publish(paths: Sequence[str | Path], output: str | Path, options: PublishOptions | None = None,
            *, single_file: bool = False, fragment: bool = False) -> BuildResult:
    """Build the site (or with ``single_file``/``fragment``, one HTML file) at ``output``."""
    builder = Builder(paths, options or PublishOptions())
    if single_file or fragment:
        return builder.write_single_file(Path(output), fragment=fragment)
    return builder.write_site(Path(output))
