"""Safe automatic fixes: only rewrites that cannot change what a catalogue says.

Each fix belongs to a rule, so every change can be looked up with ``catalog rules``: standard
channel names for known synonyms (CAT202), 口 used as a box → □ (CAT208; never inside 人口,
户口 or 口岸), check-mark variants → √ (CAT209), full-width digits (CAT210), stray whitespace
(CAT211), document-number brackets → 〔〕 (CAT304) and 同上 written out (CAT510).

Spreadsheets are fixed cell by cell in a copy made with openpyxl, so layout and formatting
stay; the reader's source map says which cell holds which field. The input is never
overwritten unless asked, and then a backup is kept.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import json
import re
import shutil
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from catalog.checking.checker import read_isolated
from catalog.core.files import atomic_write
from catalog.core.findings import CatalogueSource, Location, UsageError
from catalog.core.outputs import guard_outputs, same_file
from catalog.core.safe_text import inert_line, visible_keeping_lines
from catalog.formats import cells, csv_reader
from catalog.formats.csv_cells import escape_cell, unescape_cell
from catalog.formats.headers import map_columns
from catalog.formats.loading import load_file
from catalog.formats.workbook_copy import CONVERTED, open_workbook
from catalog.rules.engine import Rule
from catalog.rules.layout import FILLED_FROM_ABOVE
from catalog.rules.legal import DOCUMENT_NUMBER_BRACKETS
from catalog.rules.registry import default_registry
from catalog.rules.values import (
    CHANNEL_SYNONYM,
    FULLWIDTH_DIGITS,
    KOU_AS_BOX,
    MARK_VARIANT,
    STRAY_WHITESPACE,
)
from catalog.standard.citations import DOCUMENT_NUMBER, standard_document_number
from catalog.standard.vocabulary import (
    CHANNEL_SYNONYMS,
    EMPTY_BOXES,
    SELECTED_BOXES,
    clean_name,
    halfwidth_digits,
    is_same_as_above,
    standard_channel,
)

FIXABLE = (".xlsx", ".xlsm", ".xls", ".csv", ".json")

TEXT_FIELDS = ("seq", "category", "name", "content", "basis", "time_limit", "subject", "channels")
_DIGIT_FIELDS = frozenset({"seq", "content", "basis", "time_limit"})
_BOXES = SELECTED_BOXES + EMPTY_BOXES
_SEPARATORS = r"\s,，、;；。.．)）"
# 口 opening an entry of a box list; 口岸/口头/口径 ... are words, not boxes.
_KOU = re.compile(rf"(?:^|(?<=[{_SEPARATORS}{_BOXES}]))口(?![岸头径述语号令碑罩腔音味才])")
_NEXT_WORD = re.compile(r"\s*(\S{0,64})")
_SYNONYM = re.compile(
    rf"(?:^|(?<=[{_SEPARATORS}{_BOXES}]))("
    + "|".join(re.escape(key) for key in sorted(CHANNEL_SYNONYMS, key=len, reverse=True))
    + rf")(?=$|[{_SEPARATORS}{_BOXES}:：_])"
)


@dataclass(frozen=True)
class Change:
    """One rewrite of one cell (or JSON value) by one rule."""

    where: str  # Sheet!C12, C12 for CSV, or a JSON pointer
    before: str
    after: str
    code: str

    def describe(self) -> str:
        return f"{self.where}: [{self.code}] {self.before!r} → {self.after!r}"


# --------------------------------------------------------------------------- text fixes


def _kou_boxes(text: str) -> str:
    """口 → □ where 口 is a box: at the start of an entry of a cell that is a box list."""
    candidates = list(_KOU.finditer(text))
    if not candidates:
        return text
    # The word after each 口 (channel names are short): not ``text[m.end():].split()``, which
    # splits the whole rest of the cell once per candidate (quadratic on "□口□口…").
    entries = [_NEXT_WORD.match(text, m.end()).group(1) for m in candidates]  # type: ignore[union-attr]
    other_boxes = any(ch in text for ch in _BOXES.replace("口", ""))
    if not other_boxes and not any(standard_channel(re.split(r"[、,，;；]", e)[0])
                                   for e in entries):
        return text
    return _KOU.sub("□", text)


def _channel_synonyms(text: str) -> str:
    return _SYNONYM.sub(lambda match: CHANNEL_SYNONYMS[match.group(1)], text)


def _brackets(text: str) -> str:
    return DOCUMENT_NUMBER.sub(lambda match: standard_document_number(match.group(0)), text)


def _steps(field: str) -> list[tuple[Rule, Callable[[str], str]]]:
    steps: list[tuple[Rule, Callable[[str], str]]] = [
        (STRAY_WHITESPACE, functools.partial(cells.trim, field))]
    if field in _DIGIT_FIELDS:
        steps.append((FULLWIDTH_DIGITS, halfwidth_digits))
    if field == "basis":
        steps.append((DOCUMENT_NUMBER_BRACKETS, _brackets))
    if field == "channels":
        steps += [(KOU_AS_BOX, _kou_boxes), (CHANNEL_SYNONYM, _channel_synonyms)]
    return steps


def fix_text(field: str, text: str) -> list[tuple[str, str, str]]:
    """The fixes for one cell of ``field``: ``(code, before, after)`` steps, in order."""
    if field == "tick":
        return [(MARK_VARIANT.code, text, "√")] if cells.is_mark_variant(text) else []
    changes = []
    for rule, step in _steps(field):
        after = step(text)
        if after != text:
            changes.append((rule.code, text, after))
            text = after
    return changes


class Column:
    """One column's fixes with 同上 resolution: the fixed value above replaces 同上."""

    def __init__(self, field: str) -> None:
        self.field = field
        self.previous: str | None = None

    def fix(self, where: str, text: str, changes: list[Change]) -> str:
        if self.field != "tick" and is_same_as_above(text) and self.previous:
            changes.append(Change(where, text, self.previous, FILLED_FROM_ABOVE.code))
            return self.previous
        for code, before, after in fix_text(self.field, text):
            changes.append(Change(where, before, after, code))
            text = after
        if text.strip():
            self.previous = text
        return text


# --------------------------------------------------------------------------- formats

Writer = Callable[[IO[bytes]], None]


def _columns(source: CatalogueSource, header: list[list[str]]) -> dict[int, Column]:
    """1-based column → fixer, for the text fields and every check-mark column."""
    columns = {number: Column(name) for name, number in source.columns.items()
               if name in TEXT_FIELDS}
    if header and any(header):
        for tick in map_columns(header).ticks:
            columns.setdefault(tick.column + 1, Column("tick"))
    return columns


def _fill_gaps(rows: list[list[str]]) -> list[list[str]]:
    """Header rows with merged (or flattened) headings repeated across their span."""
    filled = [list(row) for row in rows]
    for upper, lower in itertools.pairwise(filled):
        for index in range(1, len(upper)):
            below = index < len(lower) and lower[index].strip()
            if not upper[index].strip() and below and upper[index - 1].strip():
                upper[index] = upper[index - 1]
    return filled


def _fix_grid(sources: list[CatalogueSource], get: Callable[[str | None, int, int], str | None],
              put: Callable[[str | None, int, int, str], None], label: Callable[..., str]
              ) -> list[Change]:
    """Fix every item cell of every catalogue through cell accessors (xlsx and CSV alike)."""
    changes: list[Change] = []
    for source in sources:
        if not source.item_rows:
            continue
        first = source.title_row or 1
        width = max(source.columns.values(), default=0) + 8
        header = [[get(source.sheet, row, col) or "" for col in range(1, width + 1)]
                  for row in range(first, source.item_rows[0])]
        columns = _columns(source, _fill_gaps(header))
        for row in source.item_rows:
            for number, column in sorted(columns.items()):
                text = get(source.sheet, row, number)
                if text is None or not text:
                    continue
                fixed = column.fix(label(source.sheet, row, number), text, changes)
                if fixed != text:
                    put(source.sheet, row, number, fixed)
    return changes


def fix_xlsx(path: Path) -> tuple[list[Change], Writer]:
    """Fix a workbook cell by cell; formulas and their saved results are left as they are."""
    loaded = read_isolated(path)
    editable = open_workbook(path)
    workbook = editable.workbook

    def get(sheet: str | None, row: int, column: int) -> str | None:
        cell = workbook[sheet].cell(row, column) if sheet in workbook.sheetnames else None
        if cell is None or cell.data_type == "f" or not isinstance(cell.value, str):
            return None
        return cell.value

    def put(sheet: str | None, row: int, column: int, text: str) -> None:
        cell = workbook[sheet].cell(row, column)
        cell.value = text
        cell.data_type = "s"  # text stays text, whatever it starts with

    def label(sheet: str | None, row: int, column: int) -> str:
        return Location(str(path), sheet=sheet, row=row, column=column).cell or ""

    changes = _fix_grid(loaded.sources, get, put, label)
    return changes, editable.save


def fix_csv(path: Path) -> tuple[list[Change], Writer]:
    loaded = load_file(path)
    data = path.read_bytes()
    text, encoding = csv_reader.decode(data, str(path))
    delimiter = str(loaded.info.get("delimiter", ","))
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))

    # ``rows`` hold the cells as the file has them; fixes see the text the reader sees and
    # write back through the CSV writer's escaping, so trimming ' =1+2' or '\t=x' can never
    # leave a cell that a spreadsheet would run as a formula.
    def get(sheet: str | None, row: int, column: int) -> str | None:
        line = rows[row - 1] if row - 1 < len(rows) else []
        return unescape_cell(line[column - 1]) if column - 1 < len(line) else None

    def put(sheet: str | None, row: int, column: int, value: str) -> None:
        rows[row - 1][column - 1] = escape_cell(value)

    def label(sheet: str | None, row: int, column: int) -> str:
        return Location(str(path), row=row, column=column).cell or ""

    changes = _fix_grid(loaded.sources, get, put, label)

    def write(stream: IO[bytes]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        boms = {"utf-8-sig": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
                "utf-16-be": codecs.BOM_UTF16_BE}
        stream.write(boms.get(encoding, b""))
        stream.write(buffer.getvalue().encode(encoding.replace("-sig", "")))

    return changes, write


def _fix_json_items(items: list[Any], pointer: str, changes: list[Change]) -> None:
    columns = {name: Column(name) for name in TEXT_FIELDS}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        for name, column in columns.items():
            where = f"{pointer}/{index}/{name}"
            value = item.get(name)
            if name == "channels" and isinstance(value, list):
                item[name] = _fix_channel_list(value, where, changes)
            elif isinstance(value, dict) and isinstance(value.get("text"), str):
                value["text"] = column.fix(where + "/text", value["text"], changes)
            elif isinstance(value, str):
                item[name] = column.fix(where, value, changes)


def _fix_channel_list(channels: list[Any], where: str, changes: list[Change]) -> list[Any]:
    fixed: list[Any] = []
    for index, name in enumerate(channels):
        if isinstance(name, str):
            after = clean_name(name)
            if after != name:
                changes.append(Change(f"{where}/{index}", name, after, STRAY_WHITESPACE.code))
            standard = standard_channel(after)
            if standard is not None and standard != after and after in CHANNEL_SYNONYMS:
                changes.append(Change(f"{where}/{index}", after, standard, CHANNEL_SYNONYM.code))
                after = standard
            name = after
        if name not in fixed:
            fixed.append(name)
    return fixed


def fix_json(path: Path) -> tuple[list[Change], Writer]:
    load_file(path)  # refuses what cannot be read at all, as every command does
    data = json.loads(path.read_bytes().decode("utf-8-sig"))
    changes: list[Change] = []
    for number, catalogue in enumerate(data.get("catalogues") or []):
        if isinstance(catalogue, dict) and isinstance(catalogue.get("items"), list):
            _fix_json_items(catalogue["items"], f"/catalogues/{number}/items", changes)

    def write(stream: IO[bytes]) -> None:
        stream.write((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))

    return changes, write


# --------------------------------------------------------------------------- entry point


def backup_path(path: Path) -> Path:
    """``IN.bak``, or ``IN.bak.2``, ... when earlier backups exist (never overwritten)."""
    candidate, number = path.with_name(path.name + ".bak"), 2
    while candidate.exists():
        candidate, number = path.with_name(f"{path.name}.bak.{number}"), number + 1
    return candidate


def _target(source: Path, output: str | Path | None, diff_only: bool, in_place: bool) -> Path:
    converted = source.suffix.lower() in CONVERTED
    if in_place:
        if converted:
            raise UsageError(
                f"{source}: an .xls workbook cannot be fixed in place (fix writes .xlsx); name "
                f"the fixed copy with -o {source.stem}.xlsx",
                zh=f"{source}：.xls 文件不能原地修改（修改结果保存为 .xlsx）；"
                f"请用 -o {source.stem}.xlsx 指定修改后的副本")
        if output is not None and not same_file(output, source):
            raise UsageError("give either -o OUT or --in-place, not both")
        return source
    if output is None:
        if diff_only:
            return source
        raise UsageError("name the fixed file with -o OUT, or use --diff or --in-place")
    target = Path(output)
    if converted and target.suffix.lower() != ".xlsx":
        raise UsageError(
            f"{target}: the fixed copy of an .xls workbook is an .xlsx file (.xls cannot be "
            f"written); use -o {target.stem}.xlsx",
            zh=f"{target}：.xls 文件修改后保存为 .xlsx 文件（无法写入 .xls）；"
            f"请使用 -o {target.stem}.xlsx")
    if not converted and target.suffix.lower() != source.suffix.lower():
        raise UsageError(f"{target}: the fixed file keeps the input's format "
                         f"({source.suffix}); use `catalog convert` to change format")
    if not diff_only:
        guard_outputs([("-o", target)], [source], in_place="fix --in-place")
    return target


def _back_up(source: Path) -> None:
    """Copy the input beside itself before it is replaced; atomically, so that an
    interrupted run leaves either a whole backup or none."""
    backup = backup_path(source)
    with source.open("rb") as original:
        atomic_write(backup, lambda stream: shutil.copyfileobj(original, stream))
    with suppress(OSError):  # dates and permissions are a courtesy; the bytes are the backup
        shutil.copystat(source, backup)


def fix(path: str | Path, output: str | Path | None = None, diff_only: bool = False,
        in_place: bool = False) -> list[Change]:
    """Apply the safe fixes to an .xlsx, .xls, .csv or .json file; return every change made.

    ``diff_only`` writes nothing. Without ``in_place`` the input is never written; with it,
    the input is first copied to a backup (see :func:`backup_path`). An .xls workbook is
    fixed into a new .xlsx (``output`` must name one; see :func:`converted_note`).
    """
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix not in FIXABLE:
        raise UsageError(f"{source}: fix works on .xlsx, .xls, .csv and .json files")
    target = _target(source, output, diff_only, in_place)
    fixer = {".json": fix_json, ".csv": fix_csv}.get(suffix, fix_xlsx)
    changes, write = fixer(source)
    if diff_only or (in_place and not changes):
        return changes
    if in_place:
        _back_up(source)

    atomic_write(target, write)
    return changes


def converted_note(source: str | Path, output: str | Path | None, lang: str = "zh"
                   ) -> str | None:
    """What to tell the user when an .xls workbook was written as .xlsx (else None)."""
    if output is None or Path(source).suffix.lower() not in CONVERTED:
        return None
    if lang == "zh":
        return (f"{source} 是 .xls 格式，副本已保存为 .xlsx：{output}"
                "（单元格内容和合并单元格保留，原格式设置不保留）")
    return (f"{source} is an .xls workbook: the copy was written as .xlsx to {output} "
            "(cell values and merged cells are kept, formatting is not)")


_BREAK = "↵"  # a line break inside a cell, shown on one line


def _entries(changes: list[Change]) -> list[tuple[str, str, str, list[str]]]:
    """Changes merged per cell: (where, before, after, rule codes), in the order made."""
    merged: dict[str, tuple[str, str, list[str]]] = {}
    for change in changes:
        found = merged.get(change.where)
        if found is not None and found[1] == change.before:
            merged[change.where] = (found[0], change.after, [*found[2], change.code])
        else:
            merged[change.where] = (change.before, change.after, [change.code])
    return [(where, before, after, codes) for where, (before, after, codes) in merged.items()]


def _changed_lines(before: str, after: str) -> list[tuple[int | None, str, str]]:
    """The lines of a cell that changed (1-based), or the whole cell when lines were joined."""
    old, new = before.split("\n"), after.split("\n")
    if len(old) == len(new) and len(old) > 1:
        return [(number, a, b) for number, (a, b) in enumerate(zip(old, new, strict=True), 1)
                if a != b]
    return [(None, before.replace("\n", _BREAK), after.replace("\n", _BREAK))]


def render_changes(changes: list[Change], lang: str = "zh") -> str:
    """One line per changed cell (or changed line of a multi-line cell), then a count.

    ``社会救助!H4 第 2 行：“口两微一端” → “□两微一端”（CAT208：改为 □……）``: the cell, the old and
    the new text, and the rules with what each changes, in the user's language. A line break
    that a fix removes or adds shows as ↵.
    """
    registry = default_registry()
    english = lang == "en"
    lines = []
    for where, written, fixed, codes in _entries(changes):
        reasons = []
        for code in dict.fromkeys(codes):
            rule = registry.get(code) if code in registry else None
            # (fix_* describe the automatic change made here; hints are for manual mending)
            hint = (rule.fix_en if english else rule.fix_zh) if rule is not None else None
            reasons.append(f"{code}: {hint}" if english and hint else
                           f"{code}：{hint}" if hint else code)
        reason = "; ".join(reasons) if english else "；".join(reasons)
        # cell text reaches a terminal: controls shown as escapes, no workflow command
        before, after = visible_keeping_lines(written), visible_keeping_lines(fixed)
        for number, old, new in _changed_lines(before, after):
            if english:
                place = f"{where} line {number}" if number else where
                lines.append(f"{place}: “{old}” → “{new}” ({reason})")
            else:
                place = f"{where} 第 {number} 行" if number else where
                lines.append(f"{place}：“{old}” → “{new}”（{reason}）")
    cells = len(_entries(changes))
    if english:
        lines.append(f"{cells} cell(s) changed" if changes else "nothing to fix")
    else:
        lines.append(f"共修改 {cells} 个单元格" if changes else "没有可自动修正的内容")
    return "\n".join(map(inert_line, lines))
