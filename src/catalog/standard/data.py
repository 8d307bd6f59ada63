"""Where the shipped data files are: inside the package (a wheel) or in the repository.

``domains/`` and ``schemas/`` live at the top of the repository. A wheel carries copies in
``catalog/domain_data`` and ``catalog/schema_data`` (setup.py's build step); a source tree
or an editable install has no copies and reads the repository's folders, so an edit to a
domain file is seen at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_PACKAGED = {"domains": "domain_data", "schemas": "schema_data"}


def data_folder(name: Literal["domains", "schemas"]) -> Traversable:
    """The folder of ``domains/*.json`` or ``schemas/*.json`` this installation uses."""
    here = Path(__file__).resolve()  # src/catalog/standard/data.py
    beside = here.parents[1] / _PACKAGED[name]  # catalog/domain_data
    if beside.is_dir():  # an installed wheel: what importlib.resources would give
        return beside
    repository = here.parents[3] / name
    if repository.is_dir():
        return repository
    # lazy: importlib.resources (with tempfile) costs every check ~2 ms to import, and only
    # a package that is no folder on disk (imported from a zip) needs it
    from importlib import resources

    packaged = resources.files("catalog") / _PACKAGED[name]
    if packaged.is_dir():
        return packaged
    raise FileNotFoundError(f"catalog's {name} data is missing: reinstall the package")
