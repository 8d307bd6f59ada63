"""The functions behind ``import catalog``: load, validate, dump, check."""

from __future__ import annotations

import difflib
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any

from catalog.checking.checker import CheckOptions, FileResult, check_loaded, check_paths
from catalog.core.findings import Finding, UsageError
from catalog.formats import WRITE_FORMATS, Loaded, format_for, load_file, load_stream
from catalog.formats.screening import Limits
from catalog.rules.engine import message_for
from catalog.rules.registry import default_registry
from catalog.standard.model import Document, Level

# What ``format=`` accepts: the reader names, and the file extensions each reader reads.
FORMATS = {"json": "json", "xlsx": "xlsx", "xlsm": "xlsx", "xls": "xlsx", "ods": "xlsx",
           "csv": "csv", "tsv": "csv", "txt": "csv"}


@dataclass(frozen=True)
class ReadOptions:
    """The options :func:`load` accepts, and nothing else (a typo is a :class:`UsageError`).

    - ``issuer``: who issued a spreadsheet that does not say (某某镇人民政府); a level its
      name shows (镇 → 乡级) is used when ``level`` is not given.
    - ``level``: the issuer's level (``Level`` or 市级/县级/乡级/村级 and common spellings).
    - ``limits``: security limits (:class:`catalog.formats.screening.Limits` or a mapping of its fields).
    - ``streaming``: low-memory workbook reading (chosen automatically for large files).
    - ``progress``: called with the number of rows read so far, for progress displays.
    """

    issuer: str | None = None
    level: Level | str | None = None
    limits: Limits | Mapping[str, int] | None = None
    streaming: bool | None = None
    progress: Callable[[int], None] | None = None

    def __post_init__(self) -> None:
        from catalog.checking.config import issuer_level

        if self.issuer is not None and not isinstance(self.issuer, str):
            raise UsageError(f"issuer must be a name (str), got {self.issuer!r}")
        level, _ = issuer_level(self.issuer, self.level)
        object.__setattr__(self, "level", level)
        if self.limits is not None and not isinstance(self.limits, Limits):
            if not isinstance(self.limits, Mapping):
                raise UsageError(f"limits must be a catalog.formats.screening.Limits, got {self.limits!r}")
            object.__setattr__(self, "limits", Limits.from_mapping(self.limits))
        if self.streaming is not None and not isinstance(self.streaming, bool):
            raise UsageError(f"streaming must be True or False, got {self.streaming!r}")
        if self.progress is not None and not callable(self.progress):
            raise UsageError("progress must be a function taking the number of rows read")

    @classmethod
    def from_keywords(cls, options: Mapping[str, Any]) -> ReadOptions:
        """Options given as keywords; an unknown name is a usage error naming the closest."""
        known = [f.name for f in fields(cls)]
        for name in options:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
                raise UsageError(
                    f"unknown read option {name!r}"
                    + (f" (did you mean {close[0]!r}?)" if close else "")
                    + f"; known: {', '.join(known)}")
        return cls(**options)

    def keywords(self) -> dict[str, Any]:
        """The options set, as the readers take them."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}  # shallow: Limits stays
        return {key: value for key, value in values.items() if value is not None}


def _reader_format(format: str | None) -> str | None:
    if format is None:
        return None
    chosen = FORMATS.get(str(format).lower().lstrip("."))
    if chosen is None:
        raise UsageError(f"unknown format {format!r}; use json, xlsx or csv")
    return chosen


def _binary(source: Any, format: str) -> IO[bytes]:
    """A binary stream for the readers: text streams of JSON or CSV are encoded as UTF-8."""
    read = getattr(source, "read", None)
    if not callable(read):
        raise UsageError(
            f"load() takes a path or a stream, got {type(source).__name__}"
            + (" (wrap bytes in io.BytesIO)" if isinstance(source, bytes | bytearray) else ""))
    if isinstance(source, io.TextIOBase) or isinstance(read(0), str):
        if format == "xlsx":
            raise UsageError("a workbook needs a binary stream: open the file with 'rb'")
        limit = Limits().max_file_bytes + 1  # the reader refuses what is too large
        return io.BytesIO(read(limit).encode("utf-8", "surrogatepass"))
    return source  # type: ignore[no-any-return]


def load(source: str | Path | IO[bytes] | IO[str], *, format: str | None = None,
         **options: Any) -> Loaded:
    """Read a catalogue file (format from the extension) or a stream (format required).

    Streams may be binary, or text for ``format="json"`` and ``"csv"``. Options are those of
    :class:`ReadOptions` (``issuer``, ``level``, ``limits``, ``streaming``, ``progress``);
    an unknown option or format is a :class:`~catalog.core.findings.UsageError`.
    Raises :class:`~catalog.core.findings.InputError` when no catalogue can be built at all.
    """
    keywords = ReadOptions.from_keywords(options).keywords()
    chosen = _reader_format(format)
    if isinstance(source, str | Path):
        return load_file(source, format=chosen, **keywords)
    if chosen is None:
        raise UsageError("load(stream) needs format='json', 'xlsx' or 'csv'")
    name = getattr(source, "name", None)
    return load_stream(_binary(source, chosen), format=chosen,
                       name=name if isinstance(name, str) else "<stream>", **keywords)


def validate(data: Loaded | Document, options: CheckOptions | None = None) -> list[Finding]:
    """Every finding for a loaded file or a document built in code, in file order."""
    if not isinstance(data, Loaded | Document):
        raise UsageError(f"validate() takes what load() returns or a Document, got "
                         f"{type(data).__name__}")
    _require_options(options)
    if isinstance(data, Document):
        from catalog.core.findings import CatalogueSource

        data = Loaded(
            "<document>",
            data,
            [
                CatalogueSource("<document>", pointer=f"/catalogues/{index}")
                for index in range(len(data.catalogues))
            ],
        )
    return check_loaded(data, options)


def dumps(document: Document) -> str:
    """Canonical JSON text of a document."""
    from catalog.formats.json_format import dumps as json_dumps

    return json_dumps(document)


def dump(document: Document, target: str | Path, *, format: str | None = None) -> None:
    """Write a document atomically: JSON, or the official spreadsheet layout (.xlsx, .csv)."""
    chosen = format or format_for(target, WRITE_FORMATS)
    from catalog.core.files import atomic_write

    if chosen == "json":
        data = dumps(document).encode("utf-8")

        def write(stream: IO[bytes]) -> None:
            stream.write(data)

        atomic_write(Path(target), write)
    elif chosen == "xlsx":
        from catalog.formats import xlsx_writer

        xlsx_writer.write(document, Path(target))
    elif chosen == "csv":
        from catalog.formats import csv_writer

        csv_writer.write(document, Path(target))
    else:
        raise UsageError(f"cannot write {target}: use .json, .xlsx or .csv")


def check(
    paths: str | Path | Sequence[str | Path], options: CheckOptions | None = None,
    jobs: int | None = 1,
) -> list[FileResult]:
    """Check files and folders as ``catalog check`` does; results in input order.

    ``paths`` is one path (str or Path) or a list of them.
    """
    _require_options(options)
    return list(check_paths([paths] if isinstance(paths, str | Path) else paths, options, jobs))


def _require_options(options: object) -> None:
    if options is not None and not isinstance(options, CheckOptions):
        raise UsageError(f"options must be a catalog.CheckOptions, got {type(options).__name__}")


def render_message(finding: Finding, lang: str = "zh", debug: bool = False) -> str:
    """A finding's message in Chinese (zh) or English (en); ``debug`` adds the parser's own
    words (``detail``) to a Chinese message too."""
    return message_for(finding, default_registry(), lang, debug)
