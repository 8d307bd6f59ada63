"""Input safety: limits, and cheap checks that run on the raw bytes before any parser does.

Parsers are the attack surface: python-calamine allocates a sheet's whole grid and aborts the
process when it cannot, zip members can inflate to gigabytes, XML can carry entity bombs. So
the bytes are sniffed first, the zip's central directory is judged before anything is inflated,
every member is inflated through a bounded reader that trusts no declared size, and each
sheet's real extent is measured before a reader allocates it. Every refusal is an
:class:`~catalog.core.findings.InputError` of a CAT6xx rule (:mod:`catalog.rules.limits`).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from functools import cache
from itertools import accumulate
from pathlib import PurePath
from typing import IO, Any, Protocol

from catalog.core.findings import InputError, UsageError
from catalog.rules.limits import (
    COMPRESSION_RATIO,
    DAMAGED_WORKBOOK,
    DAMAGED_XLS,
    EMPTY_FILE,
    ENCRYPTED_WORKBOOK,
    FILE_TOO_LARGE,
    JSON_TOO_DEEP,
    NOT_A_SPREADSHEET,
    TOO_MANY_COMMENTS,
    TOO_MANY_ZIP_ENTRIES,
    UNCOMPRESSED_TOO_LARGE,
    WORKBOOK_PARTS_MISSING,
    WPS_ET_FILE,
    XML_DTD,
)

MiB = 1 << 20
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
RATIO_FLOOR = MiB  # members smaller than this are never refused for their compression ratio
CHUNK = MiB
_DTD = re.compile(rb"<!(?:[Dd][Oo][Cc][Tt][Yy][Pp][Ee]|[Ee][Nn][Tt][Ii][Tt][Yy])")
_SHEET_DATA, _SHEET_DATA_UTF16 = b"sheetData", "sheetData".encode("utf-16-le")[:-1]
_DTD_UTF16 = re.compile(rb"<\x00!\x00[DdEe]\x00|\x00<\x00!\x00[DdEe]")


@dataclass(frozen=True, slots=True)
class Limits:
    """Configurable ceilings; the defaults fit a province's workbook (26 sheets, 100,000+ rows).

    Sheet limits apply to the grid a reader would allocate: the rectangle from A1 to the
    farthest cell holding a value (python-calamine allocates exactly that rectangle).
    """

    max_file_bytes: int = 512 * MiB  # a 100,000-item JSON catalogue is about 110 MB
    max_uncompressed_bytes: int = 512 * MiB  # all zip members together, as really inflated
    max_zip_entries: int = 10_000
    max_compression_ratio: int = 300  # per member over 1 MiB; real sheets stay under ~100
    max_sheet_cells: int = 5_000_000  # rows × columns of one sheet's extent
    max_rows: int = 500_000
    max_columns: int = 1_000
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_json_depth: int = 64
    max_merged_ranges: int = 50_000
    max_comments: int = 50_000  # cell comments in a workbook (fix and --annotate load each)
    # Each file is read and checked in a worker process (catalog.core.isolation) with these budgets:
    max_memory_bytes: int = 4096 * MiB  # address space a worker may add while reading a file
    max_seconds_per_file: int = 300  # then the file is reported as too costly to check (CAT624)
    max_findings_per_rule: int = 1_000  # per file; one CAT625 finding says how many more

    @classmethod
    def default(cls) -> Limits:
        return cls()

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Limits:
        """Limits from a ``[limits]`` table of catalog.toml; absent keys keep their default."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise UsageError(
                f"[limits] 中有未知的设置 / unknown setting(s) in [limits]: {', '.join(unknown)}; "
                f"可用 / known: {', '.join(sorted(known))}")
        for key, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise UsageError(
                    f"[limits] {key} 须为正整数 / must be a positive integer, got {value!r}")
        return replace(cls(), **dict(values))


# ----------------------------------------------------------------------------- whole file


def read_bounded(stream: IO[bytes], name: str, limits: Limits) -> bytes:
    """Read a whole upload, refusing it (CAT601) as soon as it passes ``max_file_bytes``."""
    data = stream.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise InputError(FILE_TOO_LARGE, name, size=len(data), limit=limits.max_file_bytes)
    return data


@dataclass(frozen=True)
class Container:
    """What the container check learnt on its way: the kind, the zip's members, and which
    members hold ``sheetData`` (a worksheet, whatever its name), so later passes need not
    open the zip or inflate members again."""

    kind: str
    infos: tuple[zipfile.ZipInfo, ...] = ()
    sheet_parts: frozenset[str] = frozenset()


def check_spreadsheet_container(data: bytes, name: str, limits: Limits) -> str:
    """Return "xlsx", "xls" or "ods" for bytes a spreadsheet reader may open, or raise
    (:func:`inspect_container` with what it learnt)."""
    return inspect_container(data, name, limits).kind


class MemberReader(Protocol):
    """Reads one zip member's inflated chunks in the container check's own pass.

    ``feed`` gets every chunk in order; ``close`` is called once the whole member passed the
    checks (real size, CRC, no DTD). Neither may raise: a reader keeps what went wrong for
    later, so that the container's own refusals come first, as they would without it.
    """

    def feed(self, chunk: bytes) -> None: ...

    def close(self) -> None: ...


# Offered each zip member (its entry and first inflated chunk) while the container check
# inflates it; returns a reader for the member's chunks, or None.
Tap = Callable[[zipfile.ZipInfo, bytes], MemberReader | None]


def inspect_container(data: bytes, name: str, limits: Limits, *, tap: Tap | None = None
                      ) -> Container:
    """The kind ("xlsx", "xls" or "ods") of bytes a spreadsheet reader may open, or raise.

    Runs before any parser: sniffs the magic bytes, judges the zip's central directory
    (entries, declared sizes, ratios), then inflates every member through a bounded reader
    that checks the real size against the declared one and refuses DTDs in XML parts (entity
    bombs, external entities) for every reader at once. ``tap`` lets a later check read the
    members in this same pass (:class:`catalog.formats.sheet_extent.SheetPass`) instead of
    inflating them again.
    """
    if not data:
        raise InputError(EMPTY_FILE, name)
    if len(data) > limits.max_file_bytes:
        raise InputError(FILE_TOO_LARGE, name, size=len(data), limit=limits.max_file_bytes)
    if PurePath(name).suffix.lower() in (".et", ".ett"):
        raise InputError(WPS_ET_FILE, name)
    if data.startswith(ZIP_MAGIC):
        return _check_zip(data, name, limits, tap)
    if data.startswith(CFB_MAGIC):
        return Container(_check_cfb(data, name))
    raise InputError(NOT_A_SPREADSHEET, name, detected=describe_bytes(data))


def describe_bytes(data: bytes) -> str:
    """A short, language-neutral name for what some bytes look like."""
    signatures = [(b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
                  (b"%PDF", "PDF"), (b"{\\rtf", "RTF"), (b"\x1f\x8b", "gzip"),
                  (b"Rar!", "RAR"), (b"7z\xbc\xaf", "7z")]
    for magic, label in signatures:
        if data.startswith(magic):
            return label
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "HTML"
    if head.startswith(b"<?xml"):
        return "XML"
    for encoding in ("utf-8", "gb18030"):
        try:
            data[:4096].decode(encoding)
        except UnicodeDecodeError:
            continue
        return "text"
    return "binary"


# ----------------------------------------------------------------------------- zip


def zip_directory(data: bytes, name: str, limits: Limits) -> list[zipfile.ZipInfo]:
    """The central directory, judged by its end record before zipfile parses the entries."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise InputError(DAMAGED_WORKBOOK, name, detail="no end of central directory (truncated?)")
    entries, directory_size = struct.unpack_from("<HI", data, end + 10)
    if entries > limits.max_zip_entries or directory_size > limits.max_zip_entries * 1024:
        raise InputError(TOO_MANY_ZIP_ENTRIES, name, entries=entries, limit=limits.max_zip_entries)
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        raise InputError(DAMAGED_WORKBOOK, name, detail=str(error)[:200]) from None
    if len(infos) > limits.max_zip_entries:
        raise InputError(TOO_MANY_ZIP_ENTRIES, name, entries=len(infos),
                         limit=limits.max_zip_entries)
    return infos


# General-purpose flag bits of zip entries (APPNOTE 4.4.4).
_ENCRYPTED, _PATCHED_DATA, _STRONG_ENCRYPTION = 0x1, 0x20, 0x40


def _check_zip(data: bytes, name: str, limits: Limits, tap: Tap | None = None) -> Container:
    infos = zip_directory(data, name, limits)
    # Readers find parts with case ignored and backslashes read as slashes (python-calamine):
    # two members that collide so would let the checks judge one while the reader opens the other.
    names = [info.filename.replace("\\", "/").lower() for info in infos]
    if len(set(names)) != len(names):
        duplicate = next(n for n in names if names.count(n) > 1)
        raise InputError(DAMAGED_WORKBOOK, name, detail=f"duplicate part {duplicate}")
    if any(info.flag_bits & (_ENCRYPTED | _STRONG_ENCRYPTION) for info in infos):
        raise InputError(ENCRYPTED_WORKBOOK, name)
    patched = next((info.filename for info in infos if info.flag_bits & _PATCHED_DATA), None)
    if patched is not None:  # no spreadsheet writes it, and zipfile cannot read it
        raise InputError(DAMAGED_WORKBOOK, name, detail=f"{patched}: patched data (zip flag bit 5)")
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_uncompressed_bytes:
        raise InputError(UNCOMPRESSED_TOO_LARGE, name, size=declared,
                         limit=limits.max_uncompressed_bytes)
    for info in infos:
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > limits.max_compression_ratio:
            raise InputError(COMPRESSION_RATIO, name, part=info.filename, ratio=ratio,
                             limit=limits.max_compression_ratio)
    kind = _zip_kind(data, name, infos, limits)
    budget, comments, sheets = limits.max_uncompressed_bytes, 0, set()
    for info in infos:
        strings = (_StringCount() if names_equal(info.filename, "sharedStrings.xml", suffix=True)
                   else None)
        size, found, sheet_data = _scan_member(data, info, name, budget, tap, strings)
        budget, comments = budget - size, comments + found
        if sheet_data:
            sheets.add(info.filename)
        if strings is not None and strings.claimed > info.file_size:
            raise InputError(DAMAGED_WORKBOOK, name, detail=(
                f"{info.filename} claims {strings.claimed} strings in {info.file_size} bytes"))
        if kind == "xlsx" and (names_equal(info.filename, "[Content_Types].xml")
                               or info.filename.lower().endswith(".rels")):
            _check_well_formed(data, info, name)
    if comments > limits.max_comments:
        raise InputError(TOO_MANY_COMMENTS, name, count=comments, limit=limits.max_comments)
    return Container(kind, tuple(infos), frozenset(sheets))


def _check_well_formed(data: bytes, info: zipfile.ZipInfo, name: str) -> None:
    """The package parts that say where everything is must parse: every reader or writer
    that follows them (openpyxl for ``fix`` and ``--annotate``) fails on them otherwise."""
    from defusedxml import ElementTree

    text = b"".join(member_chunks(data, info, name, info.file_size))
    try:
        ElementTree.fromstring(text)
    except Exception as error:  # defusedxml and expat raise several unrelated types
        raise InputError(DAMAGED_WORKBOOK, name, detail=f"{info.filename}: {error}"[:200]) from None


def names_equal(part: str, wanted: str, suffix: bool = False) -> bool:
    """Compare zip member names as python-calamine does (case and slash direction ignored)."""
    folded, wanted = part.replace("\\", "/").lower(), wanted.lower()
    return folded == wanted or (suffix and folded.endswith("/" + wanted))


_UNIQUE_COUNT = re.compile(rb"""uniqueCount\s*=\s*["']\s*([0-9]{1,30})""")


class _StringCount:
    """python-calamine reserves room for ``uniqueCount`` strings before reading one: a claim
    of billions aborts it. Each string takes at least a few bytes of XML, so a count above the
    part's (verified) size is a lie. Read in the member's one pass (a :class:`MemberReader`)."""

    def __init__(self) -> None:
        self.claimed, self.carry = 0, b""

    def feed(self, chunk: bytes) -> None:
        counts = _UNIQUE_COUNT.findall(self.carry + chunk)
        self.claimed = max([self.claimed, *map(int, counts)])
        self.carry = chunk[-64:]

    def close(self) -> None:
        pass


def _zip_kind(data: bytes, name: str, infos: list[zipfile.ZipInfo], limits: Limits) -> str:
    """What the zip is, refusing one that python-calamine could open as another format: it
    tries .xlsx, then .xlsb, then .ods, so the checks must not judge one and let it read
    the next."""
    by_name = {info.filename: info for info in infos}
    folded = {part.replace("\\", "/").lower() for part in by_name}
    if any(part.endswith(("workbook.bin", "workbook.bin.rels")) for part in folded):
        raise InputError(NOT_A_SPREADSHEET, name,
                         detected="Excel 二进制工作簿 / binary workbook (.xlsb)")
    if "mimetype" in by_name:
        mimetype = b"".join(member_chunks(data, by_name["mimetype"], name, 200))
        if mimetype.strip().startswith(ODS_MIMETYPE):
            if "content.xml" not in by_name:
                raise InputError(WORKBOOK_PARTS_MISSING, name, missing="content.xml")
            if "_rels/.rels" in folded:  # an .xlsx inside: read before content.xml
                raise InputError(DAMAGED_WORKBOOK, name, detail="both an .ods and an .xlsx package")
            return "ods"
        raise InputError(NOT_A_SPREADSHEET, name, detected=mimetype[:80].decode("ascii", "replace"))
    if "word/document.xml" in by_name or "ppt/presentation.xml" in by_name:
        raise InputError(NOT_A_SPREADSHEET, name, detected="Word/PowerPoint")
    missing = [part for part in ("[Content_Types].xml", "xl/workbook.xml") if part not in by_name]
    if missing:
        raise InputError(WORKBOOK_PARTS_MISSING, name, missing=", ".join(missing))
    if "content.xml" in folded:  # read as .ods when the .xlsx reading fails
        raise InputError(DAMAGED_WORKBOOK, name, detail="both an .xlsx and an .ods package")
    return "xlsx"


def member_chunks(data: bytes, info: zipfile.ZipInfo, name: str, limit: int) -> Iterator[bytes]:
    """Inflate one zip member in chunks of at most 1 MiB, trusting none of its declared sizes.

    Reads the raw compressed bytes itself (zipfile silently stops at the declared size, which
    a hostile file can set low while another reader inflates everything). Raises CAT605 when
    the member is truncated, damaged or larger than declared, CAT610 past ``limit`` bytes.
    """
    offset = info.header_offset
    if data[offset:offset + 4] != b"PK\x03\x04":
        raise InputError(DAMAGED_WORKBOOK, name, detail=f"bad local header for {info.filename}")
    name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    start = offset + 30 + name_length + extra_length
    raw = memoryview(data)[start:start + info.compress_size]
    if len(raw) < info.compress_size:
        raise InputError(DAMAGED_WORKBOOK, name, detail=f"{info.filename} is truncated")
    total = 0
    for chunk in _inflate(raw, info, name):
        total += len(chunk)
        if total > info.file_size:
            raise InputError(DAMAGED_WORKBOOK, name,
                             detail=f"{info.filename} is larger than declared")
        if total > limit:
            raise InputError(UNCOMPRESSED_TOO_LARGE, name, size=total, limit=limit)
        yield chunk


def _inflate(raw: memoryview, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    if info.compress_type == zipfile.ZIP_STORED:
        for start in range(0, len(raw), CHUNK):
            yield bytes(raw[start:start + CHUNK])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise InputError(DAMAGED_WORKBOOK, name, detail=f"{info.filename}: unsupported compression")
    inflater = zlib.decompressobj(-15)
    try:
        for start in range(0, len(raw), 64 * 1024):
            pending = bytes(raw[start:start + 64 * 1024])
            while pending:
                out = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                if out:
                    yield out
        if tail := inflater.flush():
            yield tail
    except zlib.error as error:
        raise InputError(DAMAGED_WORKBOOK, name, detail=f"{info.filename}: {error}") from None


def _scan_member(data: bytes, info: zipfile.ZipInfo, name: str, budget: int,
                 tap: Tap | None = None, strings: MemberReader | None = None
                 ) -> tuple[int, int, bool]:
    """Inflate a member fully (real size, CRC) and refuse any DTD in it; return its size, how
    many comment elements it holds (openpyxl builds an object for each) and whether it holds
    ``sheetData`` (then a reader may read it as a worksheet). The readers ``tap`` offers and
    ``strings`` read the same chunks; they are closed once the member passed.

    Every member is searched, whatever its name: a reader follows the relationships, so a
    worksheet may well be named ``sheet1.bin``. A one-byte search (memchr) screens each chunk
    before the longer searches that can only match where that byte is.
    """
    pattern, carry, total, crc, comments, sheet_data = _DTD, b"", 0, 0, 0, False
    token = _SHEET_DATA
    readers = [strings] if strings is not None else []
    for index, chunk in enumerate(member_chunks(data, info, name, budget)):
        total += len(chunk)
        crc = zlib.crc32(chunk, crc)
        if b"m" in chunk and b"comment" in chunk:
            comments += chunk.count(b"<comment") + chunk.count(b":comment")
        if index == 0:
            if chunk[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"):
                pattern, token = _DTD_UTF16, _SHEET_DATA_UTF16
            reader = tap(info, chunk) if tap is not None else None
            if reader is not None:
                readers.append(reader)
        sheet_data = sheet_data or token in chunk or token in carry + chunk[:len(token)]
        if (b"!" in chunk or b"!" in carry) and pattern.search(carry + chunk):
            raise InputError(XML_DTD, name, part=info.filename)
        carry = chunk[-24:]
        for reader in readers:
            reader.feed(chunk)
    if total != info.file_size or crc != info.CRC:
        raise InputError(DAMAGED_WORKBOOK, name, detail=f"{info.filename}: size or CRC mismatch")
    for reader in readers:
        reader.close()
    return total, comments, sheet_data


# ----------------------------------------------------------------------------- OLE / CFB


def _check_cfb(data: bytes, name: str) -> str:
    """An OLE compound file: a legacy .xls, or an encrypted (password-protected) .xlsx."""
    try:
        streams = cfb_streams(data)
    except (ValueError, struct.error, IndexError) as error:
        raise InputError(DAMAGED_XLS, name, detail=str(error)[:200]) from None
    if {"EncryptionInfo", "EncryptedPackage"} & streams.keys():
        raise InputError(ENCRYPTED_WORKBOOK, name)
    if {"Workbook", "Book"} & streams.keys():
        # Streams under 4096 bytes live in the mini stream; without a mini FAT python-calamine
        # panics instead of reporting an error.
        mini_fat, = struct.unpack_from("<I", data, 60)
        if mini_fat >= 0xFFFFFFFA and any(0 < size < 4096 for size in streams.values()):
            raise InputError(DAMAGED_XLS, name, detail="mini stream without a mini FAT")
        return "xls"
    if "WordDocument" in streams or "PowerPoint Document" in streams:
        raise InputError(NOT_A_SPREADSHEET, name, detected="Word/PowerPoint")
    raise InputError(DAMAGED_XLS, name, detail="no Workbook stream")


def cfb_streams(data: bytes) -> dict[str, int]:
    """Stream names and sizes in a compound file's directory (tells .xls from encrypted .xlsx)."""
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        raise ValueError(f"bad sector shift {shift}")
    size = 1 << shift
    first_directory, = struct.unpack_from("<I", data, 48)
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < 0xFFFFFFFA]
    fat: list[int] = []
    for sector in fat_sectors:
        fat.extend(struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size))
    names: dict[str, int] = {}
    sector, seen = first_directory, set()
    while sector < 0xFFFFFFFA:
        if sector in seen or (sector + 2) * size > len(data) or sector >= len(fat):
            raise ValueError("broken directory chain")
        seen.add(sector)
        for entry in range(sector * size + size, sector * size + 2 * size, 128):
            length = min(struct.unpack_from("<H", data, entry + 64)[0], 64)
            if length >= 2 and data[entry + 66] in (1, 2):
                label = data[entry:entry + length - 2].decode("utf-16-le", "replace")
                names[label] = struct.unpack_from("<I", data, entry + 120)[0]
        sector = fat[sector]
    return names


# ----------------------------------------------------------------------------- environment


class UnsafeEnvironmentError(UsageError):
    """The Python environment would parse XML unsafely (not a problem of any file)."""


@cache
def ensure_defused_xml() -> None:
    """Refuse to use openpyxl unless it parses through defusedxml.

    Called the first time openpyxl is needed, not at import. openpyxl silently falls back to
    the standard library parser when ``OPENPYXL_DEFUSEDXML`` is not "True" or defusedxml is
    missing; entity bombs and external entities would then reach it.
    """
    import openpyxl.xml
    import openpyxl.xml.functions as functions

    parse_module = getattr(functions.iterparse, "__module__", "")
    if not openpyxl.xml.DEFUSEDXML or not parse_module.startswith("defusedxml"):
        raise UnsafeEnvironmentError(
            "openpyxl 未使用 defusedxml 解析 XML，拒绝读取；请安装 defusedxml 并删除环境变量 "
            "OPENPYXL_DEFUSEDXML / openpyxl does not parse XML through defusedxml; install "
            "defusedxml and unset OPENPYXL_DEFUSEDXML")


# ----------------------------------------------------------------------------- JSON

# Never fails (an unterminated string runs to the end), so it never backtracks.
_JSON_STRING = re.compile(rb'"(?:[^"\\]+|\\.)*(?:"|\\?\Z)', re.S)
_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def check_json_depth(data: bytes, name: str, limits: Limits) -> int:
    """Nesting depth of a JSON text, measured without parsing; CAT619 past the limit.

    ``json.loads`` recurses once per level and fails with RecursionError near 1,000 levels;
    this pass costs one regular expression and one translate over the bytes.
    """
    brackets = _JSON_STRING.sub(b"", data).translate(None, _BRACKETS)
    depth = max(accumulate(1 if b in b"[{" else -1 for b in brackets), default=0)
    if depth > limits.max_json_depth:
        raise InputError(JSON_TOO_DEEP, name, depth=depth, limit=limits.max_json_depth)
    return depth

