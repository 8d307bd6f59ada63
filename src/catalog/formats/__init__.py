"""Reading and writing catalogue files; one module per format.

Every reader returns a :class:`Loaded`: the document, where each catalogue came from, and the
findings made while reading. A reader raises :class:`~catalog.core.findings.InputError` only when no
catalogue can be built at all. Formats depend on the model, never the reverse.

Public: the names in ``__all__`` (``catalog.formats`` loads and writes files); the reader and
writer modules are internal: no stability promise.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from catalog.formats.loaded import Loaded
    from catalog.formats.loading import READ_FORMATS, format_for, load_file, load_stream
    from catalog.formats.writing import WRITE_FORMATS, write_document

__all__ = ["READ_FORMATS", "WRITE_FORMATS", "Loaded", "format_for", "load_file", "load_stream",
           "write_document"]


_WRITING = ("WRITE_FORMATS", "write_document")


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'catalog.formats' has no attribute {name!r}")
    module = ("loaded" if name == "Loaded" else "writing" if name in _WRITING else "loading")
    return getattr(import_module(f"catalog.formats.{module}"), name)
