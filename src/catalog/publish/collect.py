"""Reading what is to be published: every catalogue of every file named, with its domain,
issuer and source, and the SHA-256 of each input file for the site's 关于 section.

Publishing half a county is worse than publishing nothing, so a file that cannot be read
stops the build (the caller reports it) instead of being skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from catalog.checking.checker import expand_paths, read_isolated
from catalog.core.findings import CatalogueSource, InputError, UsageError
from catalog.formats.inputs import open_input
from catalog.formats.options import ReadOptions
from catalog.standard.domains import Domain
from catalog.standard.matching import resolve_domain
from catalog.standard.model import Catalogue
from catalog.standard.terms import Level


@dataclass(frozen=True)
class Entry:
    """One catalogue to publish, with where it came from."""

    catalogue: Catalogue
    domain: Domain | None
    source: CatalogueSource
    file: str  # as shown on the site: relative to the folder named, never an absolute path

    @property
    def issuer(self) -> tuple[str, str]:
        """(name, level) with empty text for unknowns: a sortable grouping key."""
        level = self.catalogue.issuer.level
        return (self.catalogue.issuer.name or "", level.value if level else "")


@dataclass(frozen=True)
class InputFile:
    shown: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Collected:
    entries: tuple[Entry, ...]
    files: tuple[InputFile, ...]
    paths: tuple[Path, ...]  # resolved input files, to refuse writing over them


def _shown(path: Path, named: Sequence[Path]) -> str:
    """The path relative to the folder the user named (its own name for a named file)."""
    for root in named:
        if root.is_dir():
            try:
                return path.relative_to(root).as_posix()
            except ValueError:
                continue
    return path.name


def collect(paths: Sequence[str | Path], *, issuer: str | None = None,
            level: Level | None = None, reader_options: ReadOptions | None = None
            ) -> Collected:
    """Read every catalogue file under ``paths``; raise the first InputError met.

    ``issuer`` and ``level``, when given, replace those of ``reader_options``."""
    reading = reader_options or ReadOptions()
    if issuer is not None or level is not None:
        reading = replace(reading, issuer=issuer if issuer is not None else reading.issuer,
                          level=level if level is not None else reading.level)
    named = [Path(path) for path in paths]
    entries: list[Entry] = []
    files: list[InputFile] = []
    resolved: list[Path] = []
    for found in expand_paths(named):
        if isinstance(found, InputError):
            raise found
        loaded = read_isolated(found, reading)
        with open_input(found) as stream:  # read: a regular file, refused as a finding
            data = stream.read()
        shown = _shown(found, named)
        files.append(InputFile(shown, hashlib.sha256(data).hexdigest(), len(data)))
        resolved.append(found.resolve())
        for catalogue, source in zip(loaded.document.catalogues, loaded.sources, strict=True):
            domain, _ = resolve_domain(catalogue)
            entries.append(Entry(catalogue, domain, source, shown))
    if not entries:
        raise UsageError("没有找到目录文件 / no catalogue files (.json .xlsx .xls .ods .csv) in "
                         + ", ".join(str(path) for path in paths))
    entries.sort(key=lambda e: (e.issuer, e.domain.order if e.domain else 99, e.file))
    return Collected(tuple(entries), tuple(files), tuple(resolved))
