"""The ``catalog`` command: :mod:`~catalog.cli.main` parses the arguments and dispatches to one
module per command (``check``, ``convert``, ``fix``, ``template``, ``domains``, ``coverage``,
``rules``, ``schema``, ``diff``, ``publish``, ``scorecard``, ``serve``), each with
``add_parser`` and ``run``. Wiring only: everything a library user would need lives below.

Imports inside the command modules are lazy (and say so), so ``catalog --help`` starts fast.

Internal: no stability promise for these modules; the interface is the command line itself
(arguments, exit codes, report formats).
"""
