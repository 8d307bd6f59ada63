"""Build step: copy the top-level data folders into the package, for wheels only.

``domains/`` and ``schemas/`` stay at the top of the repository, where people look for them.
A wheel carries copies as ``catalog/domain_data`` and ``catalog/schema_data``; an editable
install (``pip install -e .``) copies nothing and reads them from the repository. Mapping
them as packages instead would force setuptools' import-hook editable mode, which type
checkers cannot see. Everything else is in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = {"domains": "domain_data", "schemas": "schema_data"}


class BuildPyWithData(build_py):  # type: ignore[misc]
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for source, target in DATA.items():
            folder = Path(self.build_lib) / "catalog" / target
            folder.mkdir(parents=True, exist_ok=True)
            for path in sorted((ROOT / source).glob("*.json")):
                self.copy_file(str(path), str(folder / path.name))


setup(cmdclass={"build_py": BuildPyWithData})
