"""Running a check: reading files in isolated workers, applying the rules, merging settings
(command line over ``catalog.toml``), baselines, coverage over many files and the reference
lists users bring.

:class:`~catalog.checking.checker.CheckOptions` and
:class:`~catalog.checking.checker.FileResult` are public through :mod:`catalog`; the rest is
internal.
"""
