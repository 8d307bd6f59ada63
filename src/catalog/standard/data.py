"""Where the shipped data files are: inside the package (a wheel) or in the repository.

``domains/`` and ``schemas/`` live at the top of the repository. A wheel carries copies in
``catalog/domain_data`` and ``catalog/schema_data`` (setup.py's build step); a source tree
or an editable install has no copies and reads the repository's folders, so an edit to a
domain file is seen at once.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

_PACKAGED = {"domains": "domain_data", "schemas": "schema_data"}


def data_folder(name: Literal["domains", "schemas"]) -> Traversable:
    """The folder of ``domains/*.json`` or ``schemas/*.json`` this installation uses."""
    packaged = resources.files("catalog") / _PACKAGED[name]
    if packaged.is_dir():
        return packaged
    repository = Path(__file__).resolve().parents[3] / name  # src/catalog/standard/data.py
    if repository.is_dir():
        return repository
    raise FileNotFoundError(f"catalog's {name} data is missing: reinstall the package")
