"""HTML pages people read: the shared foundation of the published site, the HTML check report
and any other page catalog writes (``catalog diff``, a future ``catalog serve``).

Why one foundation: every page must meet the same rules (autoescaping, no external request,
``lang="zh-CN"``, a skip link, visible focus, rem units, a table on wide screens and labelled
cards on phones, a print layout), and those are easiest to keep when they live in one place.

Internal: no stability promise to other systems. Inside catalog the API is small and stable:

``environment(*packages)``
    A Jinja2 environment with autoescaping on for every template, undefined names as errors,
    and this package's templates under ``pages/``. Each named package's ``templates`` folder
    is searched first, so a page can ``{% extends "pages/base.html" %}``. Globals: ``css()``
    (the site CSS as inline text), ``table_css()`` (only the ``.catalog``-scoped rules),
    ``script(name)`` (an asset script as inline text), ``version``. Filter: ``url`` (see
    :func:`safe_url`; an unsafe URL renders as an empty string).
``safe_url(text)``
    The URL if it is ``http``/``https`` with a host, or relative; ``None`` otherwise.
    Autoescaping alone leaves ``javascript:`` links live.
``asset_text(name)`` / ``write_assets(folder)``
    The static files (``base.css``, ``catalog.css``, ``filter.js``, ``search.js``) as text,
    or copied into a site folder (returns the names written).
``require_jinja2()``
    Raises :class:`~catalog.core.findings.UsageError` with a Chinese and English hint when the
    optional ``catalog[publish]`` extra is missing.

``pages/base.html`` takes ``title`` and optionally ``lang`` (default ``zh-CN``), ``css_href``
(link a stylesheet instead of inlining it), ``description``, ``skip_text``; its blocks are
``styles``, ``head``, ``header``, ``content``, ``footer`` and ``scripts``. Inside ``content``,
wrap tables in ``<div class="catalog">``: every table and card rule is scoped under that class
(``catalog-table`` with ``data-label`` on each cell for the phone cards). ``pages/bare.html``
has only the ``content`` block, for a page body embedded elsewhere
(``{% extends "pages/base.html" if standalone else "pages/bare.html" %}``). Classes for
page chrome: ``plain`` (a simple table), ``grid``, ``status``, ``meta``, ``visually-hidden``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.core.files import atomic_write
from catalog.core.findings import UsageError
from catalog.core.version import __version__

if TYPE_CHECKING:
    from jinja2 import Environment

ASSETS = ("base.css", "catalog.css", "filter.js", "search.js")
MISSING_JINJA2 = (
    "生成网页需要可选组件 Jinja2：请运行 pip install 'catalog[publish]'。 "
    "(HTML output needs the optional Jinja2 package: pip install 'catalog[publish]'.)"
)

# Browsers drop tabs and newlines anywhere in a URL and strip leading/trailing controls and
# spaces, so "java\nscript:" is a javascript: URL; the scheme is judged after the same cleaning.
_IGNORED = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def require_jinja2() -> None:
    """Fail with a clear message (not a traceback) when the ``publish`` extra is missing."""
    try:
        import jinja2  # noqa: F401
    except ImportError:
        raise UsageError(MISSING_JINJA2) from None


def safe_url(text: str | None) -> str | None:
    """``text`` if it is an http(s) URL with a host or a relative URL, else ``None``.

    Refused: other schemes (``javascript:``, ``data:``, ``file:``, ``mailto:``), scheme-relative
    ``//host`` (opened from disk it becomes ``file:``), backslashes (browsers read ``\\\\host``
    as ``//host``), control characters, and empty text.
    """
    if text is None:
        return None
    cleaned = _IGNORED.sub("", text).strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                                            "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"
                                            "\x1a\x1b\x1c\x1d\x1e\x1f\x7f")
    if not cleaned or _CONTROL.search(cleaned) or "\\" in cleaned:
        return None
    scheme = _SCHEME.match(cleaned)
    if scheme is None:
        return None if cleaned.startswith("//") else cleaned
    if scheme.group(1).lower() not in ("http", "https"):
        return None
    rest = cleaned[scheme.end():]
    if not rest.startswith("//") or len(rest) < 3 or rest[2] in "/?#":
        return None  # "http:foo" or "http:///x" has no host
    return cleaned


@cache
def asset_text(name: str) -> str:
    """One of :data:`ASSETS` as text (read once)."""
    if name not in ASSETS:
        raise ValueError(f"unknown asset {name!r}")
    return resources.files("catalog.pages").joinpath("static", name).read_text("utf-8")


def write_assets(folder: Path) -> list[str]:
    """Copy the static assets into ``folder`` (created if needed), atomically each."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        data = asset_text(name).encode("utf-8")
        atomic_write(folder / name, lambda stream, data=data: stream.write(data))  # type: ignore[misc]
    return list(ASSETS)


def environment(*packages: str) -> Environment:
    """A Jinja2 environment for catalog pages (see the module docstring)."""
    require_jinja2()
    return _environment(packages)


@cache
def _environment(packages: tuple[str, ...]) -> Environment:
    from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
    from markupsafe import Markup


    loaders = [PackageLoader(package, "templates") for package in packages]
    loaders.append(PackageLoader("catalog.pages", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,  # every template, whatever its extension
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

    def inline(name: str) -> Markup:
        # Our own asset, trusted; "</" never appears in it (tested), so it cannot end the tag.
        return Markup(asset_text(name))

    def url_filter(value: Any) -> str:
        return safe_url(None if value is None else str(value)) or ""

    env.globals.update(
        css=lambda: Markup(asset_text("base.css") + asset_text("catalog.css")),
        table_css=lambda: inline("catalog.css"),
        script=inline,
        version=__version__,
    )
    env.filters["url"] = url_filter
    return env
