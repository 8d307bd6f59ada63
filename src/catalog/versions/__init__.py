"""Comparing two editions of a catalogue: ``catalog diff`` and ``catalog.diff(old, new)``.

A county republishes its catalogue when a law changes or agencies merge; staff need the
修订说明 (what was added, removed, renamed, moved, changed), not a line diff that shows a
renamed item as one removal and one addition. The package is named ``versions`` so that
``catalog.diff`` stays the function.

    import catalog
    changes = catalog.diff("2020年版.xlsx", "2024年版.json")
    for change in changes.changes:
        print(change.kind.zh, change.label, [f.title for f in change.fields])

Public: the names in ``__all__`` (``catalog.versions``); the modules are internal: no
stability promise.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog.api import load
from catalog.formats.loaded import Loaded
from catalog.standard.model import Document
from catalog.versions.compare import compare

if TYPE_CHECKING:
    from catalog.formats.loaded import Loaded
    from catalog.standard.model import Document
    from catalog.versions.records import Change, ChangeKind, Diff, FieldChange, ItemRef, Note

__all__ = ["Change", "ChangeKind", "Diff", "FieldChange", "ItemRef", "Note", "diff"]


def __getattr__(name: str) -> Any:
    # The command line imports this package to add its sub-command: records load on use.
    if name in __all__ and name != "diff":
        return getattr(import_module("catalog.versions.records"), name)
    raise AttributeError(f"module 'catalog.versions' has no attribute {name!r}")


def _loaded(edition: str | Path | Loaded | Document, **options: Any) -> Loaded:
    if isinstance(edition, Loaded):
        return edition
    if isinstance(edition, Document):
        return Loaded("<document>", edition, [])

    return load(edition, **options)


def diff(old: str | Path | Loaded | Document, new: str | Path | Loaded | Document, *,
         cosmetic: bool = False, **options: Any) -> Diff:
    """The changes from the ``old`` edition to the ``new`` one (files, loaded, or documents).

    Files may differ in format and layout. ``cosmetic=True`` also lists changes of width,
    spacing, boxes and marks only. Options (``issuer``, ``level``) are passed to the reader.
    Raises :class:`~catalog.core.findings.InputError` when either file cannot be read.
    """
    return compare(_loaded(old, **options), _loaded(new, **options), cosmetic=cosmetic)
