"""Settings: one typed, frozen object, merged one way for every command.

Order of precedence: built-in defaults < the settings file that applies to a checked file
(``catalog.toml``, or ``[tool.catalog]`` in ``pyproject.toml``, found from *that file's own
folder* upwards, as ruff and editorconfig do) < command-line flags.

Options about one file (select, ignore, issuer, level, limits) come from that file's
settings, so ``check a/x.xlsx b/y.xlsx`` and ``check data/`` honour each folder's settings.
Options about the run (report format, language, strict, baseline) come from the settings of
the folder that holds every path given (for one file, its own settings).

Settings files are untrusted: they sit in the checked folder, where a township's upload or a
pull request puts them. Their ``[limits]`` may lower the built-in limits but not raise them
(command-line flags or ``--trust-settings`` may), and a path they name is relative to the
file and may not leave its folder. See SECURITY.md, "Trust model".
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from catalog.checking.checker import CheckOptions
from catalog.core.files import resolved as resolve
from catalog.core.findings import UsageError
from catalog.formats.options import ReadOptions
from catalog.formats.screening import Limits
from catalog.rules.registry import default_registry
from catalog.standard.terms import Level
from catalog.standard.vocabulary import issuer_level, require_level

if TYPE_CHECKING:
    from catalog.checking.checker import CheckOptions

KNOWN_KEYS = frozenset(
    {"select", "ignore", "strict", "issuer", "level", "lang", "limits", "baseline", "format",
     "reference", "scorecard"}
)
REPORT_FORMATS = ("text", "json", "junit", "sarif", "github")
LANGS = ("zh", "en")


# ----------------------------------------------------------------------------- settings files


# SettingsFile and Overrides are NamedTuples: made at import in ~0.1 ms where a frozen
# dataclass takes ~0.5 ms (every command's start-up).
class SettingsFile(NamedTuple):
    """The raw, validated table of one settings file (or none: ``path`` is ``None``)."""

    values: Mapping[str, Any] = MappingProxyType({})
    path: Path | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path is not None else None


def _decode(data: bytes, path: Path) -> str:
    """UTF-8, with or without the BOM that Windows Notepad writes; else GBK (GB18030)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:  # Notepad's "ANSI" on a Chinese Windows: read it rather than refuse the user
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise UsageError(
            f"{path}: 设置文件的编码无法识别，请另存为 UTF-8 / "
            "the settings file is neither UTF-8 nor GBK: save it as UTF-8") from None


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # lazy: only a folder with a settings file needs it (~1.5 ms to import)

    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: 无法读取设置文件 / cannot read the settings file: "
                         f"{error.strerror or error}") from None
    try:
        return tomllib.loads(_decode(data, path))
    except tomllib.TOMLDecodeError as error:  # its message names the line and column
        raise UsageError(f"{path}: 设置文件不是有效的 TOML / not valid TOML: {error}") from None


def _validated(values: dict[str, Any], path: Path) -> SettingsFile:
    unknown = sorted(set(values) - KNOWN_KEYS)
    if unknown:
        hints = [f"{key} → {close[0]}" for key in unknown
                 if (close := difflib.get_close_matches(key, KNOWN_KEYS, n=1))]
        raise UsageError(
            f"{path}: 未知的设置 / unknown setting(s) {', '.join(unknown)}"
            + (f" ({'; '.join(hints)}?)" if hints else "")
            + f"; 可用 / known: {', '.join(sorted(KNOWN_KEYS))}"
        )
    checks = {"strict": (bool, "true or false"), "issuer": (str, "a name"),
              "level": (str, "a level such as 乡级"), "baseline": (str, "a file name"),
              "limits": (dict, "a table"),
              "reference": (dict, "a table: [reference] paths = [...]"),
              "scorecard": (dict, "a table: [scorecard]")}
    for key, (kind, wanted) in checks.items():
        if key in values and not isinstance(values[key], kind):
            raise UsageError(f"{path}: {key} must be {wanted}")
    if values.get("lang", "zh") not in LANGS:
        raise UsageError(f"{path}: lang must be zh or en")
    if values.get("format", "text") not in REPORT_FORMATS:
        raise UsageError(f"{path}: format must be {', '.join(REPORT_FORMATS)}")
    for key in ("select", "ignore"):
        if key in values and not (
            isinstance(values[key], list) and all(isinstance(v, str) for v in values[key])
        ):
            raise UsageError(f"{path}: {key} must be a list of rule codes")
    reference = values.get("reference", {})
    if not (isinstance(reference.get("paths", []), list)
            and all(isinstance(v, str) for v in reference.get("paths", []))):
        raise UsageError(f"{path}: [reference] paths must be a list of file names")
    unknown_reference = sorted(set(reference) - {"paths", "with_national", "complete"})
    if unknown_reference:
        raise UsageError(f"{path}: [reference] 未知的设置 / unknown setting(s) "
                         f"{', '.join(unknown_reference)}; known: paths, with_national, complete")
    return SettingsFile(values, path)


def settings_in(directory: Path) -> SettingsFile | None:
    """The settings a folder itself holds: catalog.toml, else pyproject's [tool.catalog]."""
    own = directory / "catalog.toml"
    if own.is_file():
        return _validated(_read_toml(own), own)
    project = directory / "pyproject.toml"
    if project.is_file():
        table = _read_toml(project).get("tool", {}).get("catalog")
        if isinstance(table, dict):
            return _validated(table, project)
    return None


class SettingsFinder:
    """Finds the settings file for many paths, reading each folder once (pre-commit passes
    hundreds of files from a few folders)."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, SettingsFile] = {}

    def nearest(self, start: str | Path) -> SettingsFile:
        given = Path(start).absolute()
        if not given.is_dir():
            given = given.parent
        known = self._by_folder.get(given)  # the usual case: a file in a folder seen before
        if known is not None:
            return known
        here = given.resolve()
        walked: list[Path] = [given]
        found = SettingsFile()
        for directory in (here, *here.parents):
            cached = self._by_folder.get(directory)
            if cached is not None:
                found = cached
                break
            walked.append(directory)
            own = settings_in(directory)
            if own is not None:
                found = own
                break
        for directory in walked:
            self._by_folder[directory] = found
        return found


def find_settings(start: str | Path) -> SettingsFile:
    """The settings file that applies to ``start`` (a file or folder), or empty settings."""
    return SettingsFinder().nearest(start)


# ----------------------------------------------------------------------------- merged settings


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know, after merging; typed and frozen."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    strict: bool = False
    issuer: str | None = None
    level: Level | None = None
    level_implied: bool = False  # level read from the issuer's name (某某镇人民政府 → 乡级)
    lang: str = "zh"
    format: str | None = None
    baseline: Path | None = None
    limits: Limits = field(default_factory=Limits)
    streaming: bool = False
    source: Path | None = None  # the settings file merged in, if any
    reference: tuple[Path, ...] = ()  # reference catalogues for coverage and scorecard
    reference_with_national: bool = False  # the bundled national items count as well
    reference_complete: bool = False  # the user vouches that the reference lists are complete
    scorecard: Mapping[str, Any] = field(default_factory=dict, hash=False)  # raw [scorecard]

    def reader_options(self) -> ReadOptions:
        """The options for reading the files these settings apply to."""
        return ReadOptions(issuer=self.issuer, level=self.level, limits=self.limits,
                           streaming=True if self.streaming else None)

    @cached_property
    def check_options(self) -> CheckOptions:
        """The checker's options for files these settings apply to; made once, shared."""
        return CheckOptions(select=self.select, ignore=self.ignore, issuer=self.issuer,
                            level=self.level, reader_options=self.reader_options(),
                            level_implied=self.level_implied)


class Overrides(NamedTuple):
    """What the command line says; ``None`` (or empty) where it says nothing."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    strict: bool | None = None
    issuer: str | None = None
    level: str | None = None
    lang: str | None = None
    format: str | None = None
    baseline: str | None = None
    limits: tuple[tuple[str, int | float], ...] = ()
    streaming: bool = False
    trust_settings: bool = False
    reference: tuple[str, ...] | None = None
    with_national: bool | None = None
    reference_complete: bool | None = None


NO_OVERRIDES = Overrides()


def ceiling() -> Limits:
    """The hard ceiling for limits from settings files: the built-in defaults."""
    return Limits()


def _file_limits(file: SettingsFile, trusted: bool) -> dict[str, Any]:
    values = dict(file.get("limits") or {})
    Limits.from_mapping(values)  # unknown keys and non-positive values: one message
    if trusted:
        return values
    top = ceiling()
    for key, value in values.items():
        if value > getattr(top, key):
            flag = "--limit " + key + "=" + str(value)
            raise UsageError(
                f"{file.path}: [limits] {key} = {value} 超过内置上限 {getattr(top, key)}；"
                f"设置文件只能调低限制，调高请在命令行给出 {flag} 或 --trust-settings / "
                f"exceeds the built-in ceiling {getattr(top, key)}: a settings file may only "
                f"lower the limits; raise them on the command line ({flag}) or pass "
                "--trust-settings (SECURITY.md, trust model)")
    return values


def path_in_settings(file: SettingsFile, key: str, text: Any = None) -> Path | None:
    """A path a settings file names (``key``'s value, or ``text`` found under it): relative to
    that file, and inside its folder."""
    text = file.get(key) if text is None else text
    if text is None or file.folder is None:
        return None
    folder = file.folder.resolve()
    path = (folder / str(text)).resolve()
    if not path.is_relative_to(folder):
        raise UsageError(
            f"{file.path}: {key} = {text!r} 指向设置文件所在文件夹之外；设置文件中的路径须留在"
            f"该文件夹内 / points outside the folder of the settings file ({folder}); paths in "
            "a settings file must stay inside it")
    return path


def _reference(file: SettingsFile, overrides: Overrides) -> tuple[Path, ...]:
    """--reference (relative to the current folder), else [reference] paths (to the file)."""
    if overrides.reference is not None:
        return tuple(Path(text) for text in overrides.reference)
    table = file.get("reference") or {}
    found = []
    for text in table.get("paths", ()):
        if overrides.trust_settings and file.folder is not None:
            found.append(file.folder / text)
        else:
            found.append(path_in_settings(file, "[reference] paths", text) or Path(text))
    return tuple(found)


def _codes(given: tuple[str, ...] | None, configured: Any, file: SettingsFile) -> tuple[str, ...]:
    codes = given if given is not None else tuple(configured or ())
    codes = tuple(code.strip().upper() for code in codes if code.strip())
    if codes:
        try:
            default_registry().select(codes)
        except UsageError as error:
            where = f"{file.path}: " if given is None and file.path is not None else ""
            raise UsageError(f"{where}{error}", zh=error.zh and f"{where}{error.zh}") from None
    return codes


def merge(file: SettingsFile, overrides: Overrides = NO_OVERRIDES) -> Settings:
    """The one merge: defaults < settings file < command line."""
    where = f"{file.path}: " if file.path is not None else ""
    limits = _file_limits(file, overrides.trust_settings)
    limits.update(dict(overrides.limits))
    issuer = overrides.issuer or file.get("issuer")
    level: Level | None
    if overrides.level is not None:
        level, implied = require_level(overrides.level), False
    else:
        level, implied = issuer_level(overrides.issuer, None)  # --issuer 某某镇人民政府
        if level is None:  # the file's level, else what the (merged) issuer's name shows
            try:
                level, implied = issuer_level(issuer, file.get("level"))
            except UsageError as error:
                raise UsageError(f"{where}{error}", zh=error.zh and f"{where}{error.zh}") from None
    if overrides.baseline is not None:
        baseline: Path | None = Path(overrides.baseline)
    elif overrides.trust_settings and file.folder is not None and file.get("baseline"):
        baseline = file.folder / file.get("baseline")
    else:
        baseline = path_in_settings(file, "baseline")
    return Settings(
        select=_codes(overrides.select, file.get("select"), file),
        ignore=_codes(overrides.ignore, file.get("ignore"), file),
        strict=overrides.strict if overrides.strict is not None else bool(file.get("strict")),
        issuer=issuer,
        level=level,
        level_implied=implied,
        lang=overrides.lang or file.get("lang") or "zh",
        format=overrides.format or file.get("format"),
        baseline=baseline,
        limits=Limits.from_mapping(limits),
        streaming=overrides.streaming,
        source=file.path,
        reference=_reference(file, overrides),
        reference_with_national=overrides.with_national
        if overrides.with_national is not None
        else bool((file.get("reference") or {}).get("with_national")),
        reference_complete=overrides.reference_complete
        if overrides.reference_complete is not None
        else bool((file.get("reference") or {}).get("complete")),
        scorecard=dict(file.get("scorecard") or {}),
    )


class Resolver:
    """Merged settings for each path of one run, each settings file read and merged once."""

    def __init__(self, overrides: Overrides = NO_OVERRIDES) -> None:
        self.overrides = overrides
        self._finder = SettingsFinder()
        self._merged: dict[Path | None, Settings] = {}

    def for_path(self, path: str | Path) -> Settings:
        """The settings for one file: its own folder's settings file, then upwards."""
        file = self._finder.nearest(path)
        merged = self._merged.get(file.path)
        if merged is None:
            merged = self._merged[file.path] = merge(file, self.overrides)
        return merged

    def for_run(self, paths: Sequence[str | Path]) -> Settings:
        """The settings for the run as a whole: those of the folder holding every path."""
        return self.for_path(common_root(paths))


def common_root(paths: Iterable[str | Path]) -> Path:
    """The deepest folder (or the one file) holding every path; the current folder if none."""
    resolved = [str(resolve(path)) for path in paths]
    if not resolved:
        return Path.cwd()
    try:
        return Path(os.path.commonpath(resolved))
    except ValueError:  # different drives on Windows
        return Path.cwd()


def overrides_from(values: Mapping[str, Any]) -> Overrides:
    """Overrides from parsed command-line arguments (absent or ``None`` means not given)."""
    known = set(Overrides._fields)
    given = {key: value for key, value in values.items() if key in known and value is not None}
    return Overrides(**given)
