"""The two ways the safety checks can read a workbook, for tests that prove they agree.

``separately``: the container check, then the sheet-extent check inflating every sheet again
(what ``catalog.formats.xlsx_reader.screen`` does for ``fix`` and ``--annotate``).
``in_one_pass``: the reading path of ``check``, where the container check's bounded reader
hands each worksheet's chunks to a :class:`~catalog.formats.sheet_extent.SheetPass`.
"""

from __future__ import annotations

from typing import Any

from catalog.core.findings import InputError
from catalog.formats.screening import Limits, inspect_container
from catalog.formats.sheet_extent import SheetPass, check_sheet_extent
from catalog.formats.xlsx_parts import PartsWatcher

Outcome = tuple[Any, ...]


def separately(data: bytes, name: str = "t.xlsx", limits: Limits | None = None) -> Outcome:
    return _outcome(data, name, limits or Limits(), one_pass=False)


def in_one_pass(data: bytes, name: str = "t.xlsx", limits: Limits | None = None) -> Outcome:
    return _outcome(data, name, limits or Limits(), one_pass=True)


def _outcome(data: bytes, name: str, limits: Limits, one_pass: bool) -> Outcome:
    """("refused", code, params), or ("read", extents, what the sheet XML says).

    An extent's rows and columns are compared only when exact: elsewhere each path gives an
    upper bound (the one pass may start its bound from the claimed ``<dimension>``), and the
    tests of ``SheetPass`` check that it bounds the exact extent.
    """
    watcher = PartsWatcher(None, merges=True)
    measured = SheetPass(name, watcher) if one_pass else None
    try:
        container = inspect_container(data, name, limits,
                                      tap=measured.tap if measured is not None else None)
        extents = {}
        if container.kind in ("xlsx", "ods"):
            extents = check_sheet_extent(data, name, limits, watch=watcher,
                                         container=container if one_pass else None,
                                         measured=measured)
    except InputError as error:
        return ("refused", error.code, error.params)
    shapes = {key: (e.sheet, e.part, e.exact, e.merged_ranges, e.merged_cells,
                    (e.rows, e.columns) if e.exact else None, e.problem(limits))
              for key, e in extents.items()}
    return ("read", shapes, watcher.found)
