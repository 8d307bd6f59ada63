"""Foundations every layer may use, importing nothing else from the package: findings and the
library's exceptions, atomic file writing and the output guard, safe terminal text, worker
isolation, interrupts, heap tuning, progress lines and the version.

Internal: other systems import the public names from :mod:`catalog` instead; plugins may also
import ``catalog.core.findings`` (its ``__all__``), as docs/plugins.md shows.
"""
