"""Deprecated alias of :mod:`catalog.standard.model`, the path of the model before 0.2.

Import the model's classes from :mod:`catalog` (``from catalog import Catalogue, Item``);
this module re-exports them for code written against 0.1 and warns once on import.
"""

from __future__ import annotations

import warnings

from catalog.standard.model import *  # noqa: F403
from catalog.standard.model import __all__ as __all__

warnings.warn("catalog.model moved to catalog.standard.model; import the classes from catalog",
              DeprecationWarning, stacklevel=2)
