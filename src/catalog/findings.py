"""Deprecated alias of :mod:`catalog.core.findings`, the path plugins used before 0.2.

Import from :mod:`catalog` (``from catalog import Finding, Severity``); this module re-exports
the names for plugins written against 0.1 and warns once on import.
"""

from __future__ import annotations

import warnings

from catalog.core.findings import *  # noqa: F403
from catalog.core.findings import __all__ as __all__

warnings.warn("catalog.findings moved to catalog.core.findings; import the names from catalog",
              DeprecationWarning, stacklevel=2)
