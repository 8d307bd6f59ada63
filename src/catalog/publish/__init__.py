"""Publishing catalogues on the government portal: a static site, one file, or a CMS fragment.

``publish(paths, output, options)`` is what ``catalog publish`` runs; see
:mod:`catalog.publish.site` for the layout and :mod:`catalog.publish.links` for the links file.
Names are loaded on first use, so the CLI's parser (``catalog.cli.publish``) stays cheap.

Public: the names in ``__all__`` (``catalog.publish``); the modules are internal: no stability
promise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from catalog.publish import site

if TYPE_CHECKING:
    from catalog.publish.site import BuildResult, PublishOptions, publish

__all__ = ["BuildResult", "PublishOptions", "publish"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(site, name)
    raise AttributeError(name)
