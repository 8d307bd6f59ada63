"""Entry points of catalog's plugin groups (``catalog.rules``, ``catalog.domains``).

Every check asks for them, and almost no installation has any: importing
:mod:`importlib.metadata` (it pulls in :mod:`email`) and scanning every installed distribution,
once per group, took ~17 ms of a 0.15 s check of a small file. So the installed distributions'
``entry_points.txt`` files are first read directly, once for all groups, and
:mod:`importlib.metadata` is asked only for a group one of them declares. That screen looks
where :mod:`importlib.metadata` looks (``*.dist-info`` and ``*.egg-info`` folders in every
``sys.path`` folder, ``EGG-INFO`` of ``.egg`` folders); wherever it cannot (a zip file on the
path, a finder of its own that lists distributions), the full lookup runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.machinery import PathFinder
from typing import Any

_INFO_SUFFIXES = (".dist-info", ".egg-info")
# (sys.path, each folder's modification time) -> the groups declared there, or None: unknown
_SCANNED: dict[tuple[tuple[str, float | None], ...], frozenset[str] | None] = {}


def entry_points(group: str) -> Sequence[Any]:
    """The installed entry points of ``group`` (``importlib.metadata.EntryPoint`` objects)."""
    declared = _declared_groups()
    if declared is not None and group not in declared:
        return ()
    # lazy: importlib.metadata costs ~13 ms to import, and only an installed plugin needs it
    from importlib import metadata

    return tuple(metadata.entry_points(group=group))


def _declared_groups() -> frozenset[str] | None:
    """Every entry-point group the distributions on ``sys.path`` declare, or None when some
    could be found where this screen does not look."""
    if any(getattr(finder, "find_distributions", None) is not None and finder is not PathFinder
           for finder in sys.meta_path):
        return None
    if not all(isinstance(entry, str) for entry in sys.path):
        return None
    key = tuple((entry, _mtime(entry or ".")) for entry in sys.path)
    if key not in _SCANNED:
        _SCANNED.clear()  # an install changed a folder: forget the old answer
        _SCANNED[key] = _scan([entry for entry, _ in key])
    return _SCANNED[key]


def _mtime(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def _scan(paths: list[str]) -> frozenset[str] | None:
    groups: set[str] = set()
    for entry in paths:
        root = entry or "."
        if not os.path.isdir(root):
            if os.path.exists(root):  # a zip file or an egg file: only the full lookup reads it
                return None
            continue
        try:
            names = os.listdir(root)
        except OSError:
            continue  # importlib.metadata skips an unreadable folder too
        folders = [os.path.join(root, name) for name in names
                   if name.lower().endswith(_INFO_SUFFIXES)]
        if root.lower().endswith(".egg"):
            folders.append(os.path.join(root, "EGG-INFO"))
        for folder in folders:
            found = _sections(os.path.join(folder, "entry_points.txt"))
            if found is None:
                return None
            groups |= found
    return frozenset(groups)


def _sections(path: str) -> set[str] | None:
    """The ``[section]`` names of one ``entry_points.txt`` (none if it is absent), or None
    when it exists but cannot be read (then the full lookup decides)."""
    try:
        with open(path, "rb") as stream:
            text = stream.read().decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return set()
    except (OSError, UnicodeDecodeError):
        return None
    return {line.strip("[]").strip() for line in map(str.strip, text.splitlines())
            if line.startswith("[") and line.endswith("]")}
