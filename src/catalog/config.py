"""Settings a data repository keeps: catalog.toml or [tool.catalog] in pyproject.toml.

Found from the checked path upwards, the way ruff and sqlfluff find theirs; the first file
that has settings wins, and command-line flags override it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog.findings import UsageError

KNOWN_KEYS = frozenset(
    {"select", "ignore", "strict", "issuer", "level", "lang", "limits", "baseline", "format"}
)


@dataclass(frozen=True)
class Settings:
    values: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{path}: {error}") from None


def _settings_in(directory: Path) -> Settings | None:
    own = directory / "catalog.toml"
    if own.is_file():
        return _validated(_read_toml(own), own)
    project = directory / "pyproject.toml"
    if project.is_file():
        table = _read_toml(project).get("tool", {}).get("catalog")
        if isinstance(table, dict):
            return _validated(table, project)
    return None


def _validated(values: dict[str, Any], path: Path) -> Settings:
    unknown = sorted(set(values) - KNOWN_KEYS)
    if unknown:
        raise UsageError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(KNOWN_KEYS))}"
        )
    checks = {"strict": (bool, "true or false"), "issuer": (str, "a name"),
              "level": (str, "a level such as 乡级"), "baseline": (str, "a file name"),
              "limits": (dict, "a table")}
    for key, (kind, wanted) in checks.items():
        if key in values and not isinstance(values[key], kind):
            raise UsageError(f"{path}: {key} must be {wanted}")
    if values.get("lang", "zh") not in ("zh", "en"):
        raise UsageError(f"{path}: lang must be zh or en")
    if values.get("format", "text") not in ("text", "json", "junit", "sarif", "github"):
        raise UsageError(f"{path}: format must be text, json, junit, sarif or github")
    for key in ("select", "ignore"):
        if key in values and not (
            isinstance(values[key], list) and all(isinstance(v, str) for v in values[key])
        ):
            raise UsageError(f"{path}: {key} must be a list of rule codes")
    return Settings(values, path)


def find_settings(start: str | Path) -> Settings:
    """The settings that apply to ``start`` (a file or folder), or empty settings."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        found = _settings_in(directory)
        if found is not None:
            return found
    return Settings()
