"""``python -m catalog`` runs the same entry point as the installed ``catalog`` command."""

from catalog.cli.main import run

if __name__ == "__main__":  # worker processes re-import this module on Windows (spawn)
    run()
