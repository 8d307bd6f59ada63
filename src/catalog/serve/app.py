"""The web application behind ``catalog serve`` (Starlette, served by uvicorn).

Why Starlette: small and well kept, async, and its form parsing streams multipart bodies
through python-multipart (no hand-written HTTP or multipart parsing), so the upload size limit
is enforced on the body as it arrives. The checking itself happens in worker processes
(:mod:`catalog.serve.jobs`), so the event loop only moves bytes and renders pages.

What it guarantees:

- Each request gets its own temporary folder under the server's work folder; the folder is
  removed when the request ends, whether it succeeded, failed or the client went away (if a
  check is still running in a worker, when that check ends). Nothing stays unless ``keep`` is
  set. No part of a client's file name reaches the disk except a plain suffix (``.xlsx``).
- The body is counted as it streams in: past ``max_upload_bytes`` the request ends with 413
  and the same CAT601 message ``catalog check`` gives for a file over its limit.
- Every response carries a strict Content-Security-Policy (scripts and styles only from this
  server, no inline script, ``frame-ancestors 'none'``), ``X-Content-Type-Options: nosniff``
  and ``Referrer-Policy: no-referrer``; pages are autoescaped Jinja2 templates.
- The result page holds its downloads (annotated copy, fixed copy, findings) as ``data:``
  links, so it does not expire: saved, it keeps working, and the server keeps nothing.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from catalog.core.version import __version__
from catalog.formats.screening import Limits
from catalog.pages import asset_text, environment
from catalog.rules.limits import FILE_TOO_LARGE
from catalog.rules.registry import default_registry
from catalog.serve.downloads import content_disposition, display_name, suffix_of
from catalog.serve.jobs import XLSX, JobFailure, JobRequest, JobResult, Upload, run_job_safely
from catalog.serve.words import WORDS, choose_lang
from catalog.standard.domains import registry
from catalog.standard.terms import Level
from catalog.standard.vocabulary import parse_level
from catalog.workbooks.template import write_template_stream

MiB = 1024 * 1024
LOG = logging.getLogger("catalog.serve")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
DOWNLOAD_ORDER = ("annotated", "fixed", "findings-xlsx", "findings-json")
STATIC = {"serve.css": "text/css; charset=utf-8", "serve.js": "text/javascript; charset=utf-8"}
MAX_ISSUER_CHARS = 100

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGI = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class ServeConfig:
    """Settings of one server (the ``catalog serve`` options)."""

    jobs: int = 2  # checks running at once, each in its own worker process
    max_upload_bytes: int = 50 * MiB  # the whole request body
    max_files: int = 20
    max_waiting: int = 100  # checks queued behind the running ones; more get 503
    recycle: int = 200  # runs per worker pool before a fresh pool replaces it
    max_page_downloads: int = 64 * MiB  # downloads carried by one result page, in bytes
    limits: Limits | None = None  # reading limits for uploads (default: catalog check's)
    keep: Path | None = None  # keep each run's uploads and outputs here (off by default)
    work_root: Path | None = None  # where request folders are made (default: system temp)


class TooLarge(Exception):
    def __init__(self, received: int) -> None:
        super().__init__(received)
        self.received = received


def limited(receive: Receive, limit: int) -> Receive:
    """``receive`` that counts body bytes and raises :class:`TooLarge` once past ``limit``:
    the limit holds while the body streams in, before it is parsed or stored."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge(seen)
        return message

    return counted


def security_headers(app: ASGI) -> ASGI:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response."""
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in SECURITY_HEADERS if h[0] not in names)]
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped


class Checker:
    """A pool of worker processes for check runs, with a bound on the queue behind it.

    Workers are started by a fork server (a clean process, not a copy of the event loop's).
    After ``recycle`` runs the pool is replaced by a fresh one (the old one finishes what it
    holds, then its workers exit), so memory runs leave behind is returned. This is done here
    rather than with ``max_tasks_per_child``, which can hang the executor on CPython 3.11
    when a worker retires. A pool broken by a dead worker is replaced too; the requests that
    saw it get an error page, the server goes on.
    """

    def __init__(self, jobs: int, max_waiting: int, recycle: int = 200) -> None:
        self.jobs, self.max_waiting, self.recycle = max(1, jobs), max_waiting, recycle
        self.active = 0
        self._pool: ProcessPoolExecutor | None = None
        self._runs = 0
        self._retired: list[ProcessPoolExecutor] = []

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is not None and self._runs >= self.recycle:
            self._retired = [old for old in self._retired if getattr(old, "_processes", None)]
            self._retired.append(self._pool)
            self._pool.shutdown(wait=False)  # finishes its queued runs, then its workers exit
            self._pool = None
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn")
            self._pool, self._runs = ProcessPoolExecutor(self.jobs, mp_context=context), 0
        return self._pool

    def full(self) -> bool:
        return self.active >= self.jobs + self.max_waiting

    def submit(self, job: JobRequest) -> Future[JobResult | JobFailure]:
        try:
            future = self.pool().submit(run_job_safely, job)
        except BrokenProcessPool:
            self.reset()
            future = self.pool().submit(run_job_safely, job)
        self._runs += 1
        return future

    def reset(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            _stop(pool)

    def close(self) -> None:
        """Stop every worker now: the server is shutting down."""
        for pool in [*self._retired, *([self._pool] if self._pool else [])]:
            _stop(pool)
        self._pool, self._retired = None, []


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut a pool down without waiting for its workers, and end them."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        if process.is_alive():
            process.terminate()
    for process in workers:
        process.join(timeout=5)
    if manager is not None:  # let it release the pool's queues before the process exits
        manager.join(timeout=5)


@cache
def static_text(name: str) -> str:
    """Our stylesheet (the shared page CSS plus this page's rules) or script."""
    own = resources.files("catalog.serve").joinpath("static", name).read_text("utf-8")
    if name == "serve.css":
        return asset_text("base.css") + asset_text("catalog.css") + own
    return own


@cache
def _rule_names() -> dict[str, str]:
    return {rule.code: rule.name for rule in default_registry()}


def _levels() -> list[str]:
    return [level.value for level in Level]


def _domains(lang: str) -> list[tuple[str, str]]:
    return [(d.slug, d.name_zh if lang == "zh" else d.name_en) for d in registry()]


class Pages:
    """Renders the templates with what every page needs (words, language, navigation)."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.env = environment("catalog.serve")

    def render(self, request: Request, name: str, lang: str, status: int = 200,
               **values: Any) -> HTMLResponse:

        words = WORDS[lang]
        page = self.env.get_template(f"serve/{name}.html").render(
            t=words, lang=words["html_lang"], code=lang, skip_text=words["skip"],
            css_href="/static/serve.css", path=request.url.path,
            limit_mb=f"{self.config.max_upload_bytes / MiB:g} MB",
            generated=words["generated"].format(version=__version__), **values)
        return HTMLResponse(page, status_code=status, headers={"cache-control": "no-store"})

    def error(self, request: Request, lang: str, status: int, message: str,
              **headers: str) -> HTMLResponse:
        response = self.render(request, "error", lang, status, title=WORDS[lang]["error_title"],
                               message=message)
        response.headers.update(headers)
        return response


def _lang(request: Request) -> str:
    return choose_lang(request.query_params.get("lang"), request.headers.get("accept-language"))


def _unique(names: list[str], name: str) -> str:
    """``目录.xlsx``, then ``目录 (2).xlsx``: results are keyed by the user's file name."""
    if name not in names:
        return name
    suffix = suffix_of(name)
    stem = name[: len(name) - len(suffix)] if suffix else name
    number = 2
    while f"{stem} ({number}){suffix}" in names:
        number += 1
    return f"{stem} ({number}){suffix}"


def _save(upload: UploadFile, path: Path) -> None:
    upload.file.seek(0)
    with open(path, "xb") as out:
        shutil.copyfileobj(upload.file, out, 1024 * 1024)


def _remove_later(future: Future[Any] | None, folder: Path) -> None:
    """Remove ``folder`` now, or when the check still writing into it ends."""
    if future is not None and not future.done():
        future.add_done_callback(lambda _: shutil.rmtree(folder, ignore_errors=True))
    else:
        shutil.rmtree(folder, ignore_errors=True)


def _keep(folder: Path, keep: Path) -> None:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    shutil.copytree(folder, keep / f"{stamp}-{folder.name}")


def _data_url(media_type: str, data: bytes) -> str:
    kind = media_type.split(";")[0]
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def create_app(config: ServeConfig | None = None) -> Starlette:
    """The application; its work folder and worker pool live as long as the server."""
    config = config or ServeConfig()
    pages = Pages(config)
    checker = Checker(config.jobs, config.max_waiting, config.recycle)
    state: dict[str, Path] = {}

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        root = config.work_root or Path(tempfile.gettempdir())
        state["work"] = Path(tempfile.mkdtemp(prefix="catalog-serve-", dir=root))
        try:
            yield
        finally:
            checker.close()
            shutil.rmtree(state["work"], ignore_errors=True)

    async def home(request: Request) -> Response:
        lang = _lang(request)
        return pages.render(request, "check", lang, title=WORDS[lang]["check_title"],
                            levels=_levels(), domains=_domains(lang))

    async def check(request: Request) -> Response:
        lang = _lang(request)
        words = WORDS[lang]
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > config.max_upload_bytes:
            return _too_large(request, lang, int(length))
        if checker.full():
            return pages.error(request, lang, 503, words["busy"], **{"retry-after": "10"})
        folder = Path(tempfile.mkdtemp(prefix="req-", dir=state["work"]))
        future: Future[JobResult | JobFailure] | None = None
        checker.active += 1
        try:
            body = Request(request.scope, limited(request.receive, config.max_upload_bytes))
            try:
                job_or_error = await _read_form(body, folder, lang)
            except TooLarge as error:
                return _too_large(request, lang, error.received)
            if isinstance(job_or_error, Response):
                return job_or_error
            future = checker.submit(job_or_error)
            try:
                result = await asyncio.wrap_future(future)
            except BrokenProcessPool:
                LOG.exception("a check worker died; the pool is replaced")
                checker.reset()
                return pages.error(request, lang, 500, words["internal"])
            except Exception:  # a bug in the library (InternalError) or in this page
                LOG.exception("internal error while checking %s",
                              [upload.name for upload in job_or_error.uploads])
                return pages.error(request, lang, 500, words["internal"])
            if isinstance(result, JobFailure):  # a bug in the library, not in the file
                LOG.error("internal error while checking %s: %s\n%s",
                          [upload.name for upload in job_or_error.uploads], result.detail,
                          result.trace)
                return pages.error(request, lang, 500, words["internal"])
            if config.keep is not None:
                await run_in_threadpool(_keep, folder, config.keep)
            # base64 and rendering of a few MB: off the event loop, like the file copies
            return await run_in_threadpool(_result_page, request, lang, result,
                                           [upload.name for upload in job_or_error.uploads])
        except ClientDisconnect:  # the browser went away mid-upload: nobody to answer
            return Response(status_code=400)
        except Exception:  # e.g. the disk filled up while saving an upload
            LOG.exception("internal error while receiving an upload")
            return pages.error(request, lang, 500, words["internal"])
        finally:
            checker.active -= 1
            _remove_later(future, folder)

    async def _read_form(body: Request, folder: Path, lang: str) -> JobRequest | Response:
        words = WORDS[lang]
        try:
            async with body.form(max_files=config.max_files, max_fields=20,
                                 max_part_size=64 * 1024) as form:
                files = [item for item in form.getlist("files")
                         if isinstance(item, UploadFile) and (item.filename or item.size)]
                if not files:
                    return pages.error(body, lang, 400, words["no_files"])
                names: list[str] = []
                uploads = []
                for number, item in enumerate(files):
                    name = _unique(names, display_name(item.filename, f"file-{number + 1}"))
                    names.append(name)
                    path = folder / f"upload-{number}{suffix_of(name)}"
                    await run_in_threadpool(_save, item, path)
                    uploads.append(Upload(str(path), name))
                fields = {key: str(form.get(key) or "").strip()
                          for key in ("issuer", "level", "domain")}
        except HTTPException as error:  # too many files or fields, or a malformed body
            message = (words["too_many_files"].format(limit=config.max_files)
                       if "files" in str(error.detail).lower() else words["bad_form"])
            return pages.error(body, lang, 400, message)
        level, domain = fields["level"], fields["domain"]
        if level:
            parsed = parse_level(level)
            if parsed is None:
                return pages.error(body, lang, 400, words["bad_level"].format(value=level))
            level = parsed.value
        if domain and domain not in {slug for slug, _ in _domains(lang)}:
            return pages.error(body, lang, 400, words["bad_domain"].format(value=domain))
        return JobRequest(tuple(uploads), str(folder), lang,
                          fields["issuer"][:MAX_ISSUER_CHARS] or None, level or None,
                          domain or None, config.limits)

    def _too_large(request: Request, lang: str, received: int) -> Response:
        rule = FILE_TOO_LARGE
        params = {"size": received, "limit": config.max_upload_bytes}
        message = f"{rule.code} {rule.message(params, lang)}"
        detail = WORDS[lang]["too_large"].format(limit=f"{config.max_upload_bytes / MiB:g} MB")
        return pages.error(request, lang, 413, f"{message}。{detail}" if lang == "zh"
                           else f"{message}. {detail}", connection="close")

    def _result_page(request: Request, lang: str, result: JobResult,
                     names: list[str]) -> Response:
        from markupsafe import Markup

        words = WORDS[lang]
        downloads, embedded = [], 0
        for item in sorted(result.downloads, key=lambda d: DOWNLOAD_ORDER.index(d.kind)):
            embedded += len(item.data)
            fits = embedded <= config.max_page_downloads
            downloads.append({
                "label": words[f"download_{item.kind}"], "name": item.name, "kind": item.kind,
                "href": _data_url(item.media_type, item.data) if fits else None,
                "size": words["bytes"].format(size=max(1, round(len(item.data) / 1024)))})
        return pages.render(request, "result", lang, title=words["result_title"],
                            result=result, report=Markup(result.report_html),
                            downloads=downloads, names=names, rule_names=_rule_names())

    async def template_page(request: Request) -> Response:
        lang = _lang(request)
        return pages.render(request, "template", lang, title=WORDS[lang]["template_title"],
                            levels=_levels(), domains=_domains(lang))

    async def template_file(request: Request) -> Response:
        lang = _lang(request)
        words = WORDS[lang]
        slug = request.query_params.get("domain", "")
        level_text = request.query_params.get("level", "")
        domains = registry()
        if slug not in {d.slug for d in domains}:
            return pages.error(request, lang, 400, words["bad_domain"].format(value=slug))
        level = parse_level(level_text)
        if level is None:
            return pages.error(request, lang, 400, words["bad_level"].format(value=level_text))
        domain = domains.get(slug)

        def write() -> bytes:
            import io

            stream = io.BytesIO()
            write_template_stream(stream, slug, level)
            return stream.getvalue()

        data = await run_in_threadpool(write)
        name = (f"{domain.name_zh}-{level.value}-公开标准目录模板.xlsx" if lang == "zh"
                else f"{domain.slug}-{level.value}-template.xlsx")
        return Response(data, media_type=XLSX, headers={
            "content-disposition": content_disposition(name), "cache-control": "no-store"})

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            raise HTTPException(404)
        return Response(static_text(name), media_type=STATIC[name],
                        headers={"cache-control": "max-age=3600"})

    async def favicon(_: Request) -> Response:
        return Response(status_code=204)  # no icon: browsers ask anyway

    async def not_found(request: Request, _: Exception) -> Response:
        lang = _lang(request)
        return pages.error(request, lang, 404, WORDS[lang]["not_found"])

    async def method_not_allowed(request: Request, _: Exception) -> Response:
        lang = _lang(request)
        return pages.error(request, lang, 405, WORDS[lang]["not_found"],
                           allow="GET" if request.url.path != "/check" else "POST")

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/check", check, methods=["POST"]),
        Route("/template", template_page, methods=["GET"]),
        Route("/template.xlsx", template_file, methods=["GET"]),
        Route("/static/{name}", static, methods=["GET"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: method_not_allowed})
    app.state.checker = checker
    app.state.paths = state
    app.add_middleware(_SecurityMiddleware)
    return app


class _SecurityMiddleware:
    """:func:`security_headers` in the shape Starlette's ``add_middleware`` takes."""

    def __init__(self, app: ASGI) -> None:
        self.app = security_headers(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)
