"""``python -m catalog`` runs the same entry point as the installed ``catalog`` command."""

from catalog.cli import main

raise SystemExit(main())
