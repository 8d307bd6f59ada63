"""``catalog serve``: a web page where township staff check a workbook in a browser and get it
back marked and fixed, without installing Python.

Why a server at all: the largest group of users works in Excel/WPS and a browser, not a
terminal. One ``catalog serve`` on a county intranet (or a clerk's PC) serves every township.

Modules, one job each:

``app``
    The Starlette application: routes, the streamed upload with its size limit, security
    headers, temporary folders that never outlive a request (unless ``--keep DIR``).
``jobs``
    One check run, done in a worker process: the library's check (same limits and isolation as
    ``catalog check``), then the HTML report body, annotated and fixed copies, findings as
    xlsx/JSON and coverage, all from the same run. No web code.
``downloads``
    Safe download names and ``Content-Disposition`` (RFC 6266/5987) for Chinese names.
``words``
    The page texts in Chinese and English, and the choice of language for a request.
``cli``
    The ``catalog serve`` arguments and their run.

The web stack (Starlette, uvicorn, python-multipart) is the optional extra ``catalog[web]``;
:func:`require_web` says how to install it when it is missing.

Internal: no stability promise; the interface is the page and ``catalog serve``.
"""

from __future__ import annotations

from catalog.core.findings import UsageError

MISSING_WEB = (
    "网页检查需要可选组件:请运行 pip install 'catalog[web]'。 "
    "(The web page needs the optional web packages: pip install 'catalog[web]'.)"
)


def require_web() -> None:
    """Fail with a clear message (not a traceback) when the ``web`` extra is missing."""
    try:
        import jinja2  # noqa: F401
        import python_multipart  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise UsageError(MISSING_WEB) from None
