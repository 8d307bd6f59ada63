"""Hostile and broken files built in code, so each test shows exactly what it feeds the library."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    b'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
    b'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
    b'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="'
    b'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/'
    b'workbook.xml"/></Relationships>')
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="' + MAIN_NS.encode() + b'" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="\xe7\x9b\xae\xe5\xbd\x95" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    b'sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    b'</Relationships>')
EMPTY_STRINGS = b'<?xml version="1.0"?><sst xmlns="' + MAIN_NS.encode() + b'" count="0"/>'
SHEET_NAME = "目录"

BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10))
    + b"]>")
EXTERNAL_ENTITY = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def worksheet(rows: bytes, prolog: bytes = b"", after: bytes = b"") -> bytes:
    """A worksheet part: ``rows`` go inside <sheetData>, ``after`` after it (merges)."""
    return (b'<?xml version="1.0" encoding="UTF-8"?>' + prolog + b'<worksheet xmlns="'
            + MAIN_NS.encode() + b'"><sheetData>' + rows + b"</sheetData>" + after
            + b"</worksheet>")


def xlsx(sheet: bytes, strings: bytes = EMPTY_STRINGS,
         compression: int = zipfile.ZIP_DEFLATED, **extra: bytes) -> bytes:
    """A minimal workbook with one sheet named 目录; ``extra`` adds or replaces parts."""
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS,
             "xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
             "xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": strings}
    parts.update({key.replace("__", "/"): value for key, value in extra.items()})
    return zip_of(parts, compression)


def zip_of(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def inline_row(row: int, cells: dict[str, str]) -> bytes:
    """A <row> of inline-string cells, e.g. inline_row(1, {"A": "x"})."""
    body = b"".join(
        f'<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()
        for column, text in cells.items())
    return f'<row r="{row}">'.encode() + body + b"</row>"


def patch_sizes(data: bytes, member: str, *, file_size: int | None = None,
                crc: int | None = None) -> bytes:
    """Rewrite a member's declared size and CRC in its local header and the central directory."""
    patched = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    central = _central_entry(patched, member)
    for offset, size_at, crc_at in ((info.header_offset, 22, 14), (central, 24, 16)):
        if file_size is not None:
            struct.pack_into("<I", patched, offset + size_at, file_size)
        if crc is not None:
            struct.pack_into("<I", patched, offset + crc_at, crc)
    return bytes(patched)


def _central_entry(data: bytearray, member: str) -> int:
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) >= 0:
        length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46:position + 46 + length] == member.encode():
            return position
        position += 4
    raise KeyError(member)


def crc_of(data: bytes) -> int:
    return zlib.crc32(data)


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (CFB v3) holding ``streams`` at the root (at most 3)."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # directory starts in sector 1
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<III", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 76, *difat)
    payload = b"".join(streams.values())
    data_sectors = max(1, -(-len(payload) // sector))
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [i + 3 for i in range(data_sectors - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))
    fat_sector = struct.pack(f"<{sector // 4}I", *fat)
    entries = [_directory_entry("Root Entry", 5, child=1 if streams else 0xFFFFFFFF)]
    start = 2
    names = list(streams)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else 0xFFFFFFFF
        entries.append(_directory_entry(name, 2, right=right, start=start,
                                        size=len(streams[name])))
        start += -(-len(streams[name]) // sector)
    directory = b"".join(entries).ljust(sector, b"\0")
    return bytes(header) + fat_sector + directory + payload.ljust(data_sectors * sector, b"\0")


def _directory_entry(name: str, kind: int, *, child: int = 0xFFFFFFFF,
                     right: int = 0xFFFFFFFF, start: int = 0, size: int = 0) -> bytes:
    entry = bytearray(128)
    encoded = name.encode("utf-16-le") + b"\0\0"
    entry[0:len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
    struct.pack_into("<III", entry, 68, 0xFFFFFFFF, right, child)
    struct.pack_into("<II", entry, 116, start, size)
    return bytes(entry)


# ----------------------------------------------------------------------------- corpus, round 2
# Each mutation hides a sheet reaching XFD1048576 (17 billion cells: python-calamine aborts
# allocating them) from a check that resolves parts or values differently from the reader.
FAR = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
NEAR = inline_row(1, {"A": "序号"})
R_NS = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _far_sheet(far: bytes = FAR) -> bytes:
    return worksheet(NEAR + far)


def _rels(target: str) -> bytes:
    return WORKBOOK_RELS.replace(b"worksheets/sheet1.xml", target.encode())


def far_corner_mutations() -> dict[str, dict[str, bytes]]:
    """Name → the parts of a workbook (``xlsx(**parts)`` keywords are not enough here: the
    names themselves are the attack). Every one makes python-calamine allocate the far grid
    unless a check refuses it first."""
    far, near = _far_sheet(), worksheet(NEAR)
    base = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS,
            "xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
            "xl/sharedStrings.xml": EMPTY_STRINGS}
    plain_workbook = (b'<?xml version="1.0"?><workbook ' + R_NS + b'><sheets><sheet name="'
                      + SHEET_NAME.encode() + b'" sheetId="1" r:id="rId1"/></sheets></workbook>')
    bare_id = WORKBOOK.replace(b'r:id="rId1"', b'id="rId1"')
    cases: dict[str, dict[str, bytes]] = {
        "plain": {"xl/worksheets/sheet1.xml": far},
        "workbook-without-default-namespace": {"xl/workbook.xml": plain_workbook,
                                               "xl/worksheets/sheet1.xml": far},
        "unprefixed-relationship-id": {"xl/workbook.xml": bare_id,
                                       "xl/worksheets/sheet1.xml": far},
        "dot-segment": {"xl/_rels/workbook.xml.rels": _rels("./worksheets/sheet1.xml"),
                        "xl/./worksheets/sheet1.xml": far, "xl/worksheets/sheet1.xml": near},
        "double-slash": {"xl/_rels/workbook.xml.rels": _rels("worksheets//sheet1.xml"),
                         "xl/worksheets//sheet1.xml": far, "xl/worksheets/sheet1.xml": near},
        "backslash-member": {"xl\\worksheets\\sheet1.xml": far},
        "other-letter-case": {"xl/_rels/workbook.xml.rels": _rels("Worksheets/Sheet1.XML"),
                              "xl/worksheets/sheet1.xml": far},
        "members-differing-in-case": {"xl/worksheets/sheet1.xml": near,
                                      "XL/Worksheets/Sheet1.xml": far},
        "workbook-elsewhere": {
            "_rels/.rels": PACKAGE_RELS.replace(b"xl/workbook.xml", b"book/workbook.xml"),
            "book/workbook.xml": WORKBOOK, "book/_rels/workbook.xml.rels": WORKBOOK_RELS,
            "book/worksheets/sheet1.xml": far, "xl/worksheets/sheet1.xml": near},
        "not-xml-named": {"xl/_rels/workbook.xml.rels": _rels("worksheets/sheet1.bin"),
                          "xl/worksheets/sheet1.bin": far},
        "quote-hides-reference": {"xl/worksheets/sheet1.xml": _far_sheet(
            b'<row spans=">" r="1048576"><c t="n" x=">" r="XFD1048576"><v>1</v></c></row>')},
    }
    for label, value in (("empty", b"<v></v>"), ("self-closing", b"<v/>"),
                         ("cdata", b"<v><![CDATA[]]></v>"), ("comment", b"<v><!-- x --></v>")):
        cases[f"far-value-{label}"] = {"xl/worksheets/sheet1.xml": _far_sheet(
            b'<row r="1048576"><c r="XFD1048576" t="str">' + value + b"</c></row>")}
    return {label: {**base, **parts} for label, parts in cases.items()}


def huge_string_count() -> bytes:
    """python-calamine reserves ``uniqueCount`` strings before reading one."""
    strings = EMPTY_STRINGS.replace(b'count="0"', b'count="1" uniqueCount="5000000000"')
    return xlsx(worksheet(NEAR), strings)


_PROBE = """
import io, sys
import python_calamine
try:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(sys.stdin.buffer.read()))
    for sheet in book.sheet_names:
        book.get_sheet_by_name(sheet)
except BaseException as error:
    print("error", type(error).__name__)
else:
    print("read")
"""


def calamine_outcome(data: bytes, memory: int = 1 << 30) -> str:
    """What python-calamine itself does with ``data``: "read", "error" or "aborted".

    Runs in a child process with its address space capped, so that the test that asks
    cannot be killed by the answer.
    """
    import resource
    import subprocess
    import sys

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    done = subprocess.run([sys.executable, "-c", _PROBE], input=data, capture_output=True,
                          preexec_fn=cap, timeout=120, check=False,
                          env={"RUST_BACKTRACE": "0", "PATH": ""})
    if done.returncode < 0 or b"memory allocation" in done.stderr:
        return "aborted"
    return done.stdout.decode().split()[0] if done.stdout else f"exit {done.returncode}"


# ----------------------------------------------------------------------------- .xls
_MARK = 12345.678  # written as a NUMBER record (not RK): its bytes locate the record


def xls_with_far_cell(row: int = 65535, column: int = 255) -> bytes:
    """A BIFF8 .xls (xlwt) with 序号 in A1 and a number at (row, column), 0-based; columns
    past xlwt's 255 are patched into the NUMBER record, as a crafted file would hold them."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(SHEET_NAME)
    sheet.write(0, 0, "序号")
    sheet.write(row, min(column, 255), _MARK)
    buffer = io.BytesIO()
    book.save(buffer)
    data = bytearray(buffer.getvalue())
    at = data.find(struct.pack("<d", _MARK)) - 6  # row, column, format, then the double
    struct.pack_into("<H", data, at + 2, column)
    return bytes(data)


def xls_with_huge_dimensions() -> bytes:
    """A small .xls whose DIMENSIONS record claims 4 billion rows × 65,535 columns."""
    data = bytearray(xls_with_far_cell(1, 1))
    at = data.find(b"\x00\x02\x0e\x00")
    struct.pack_into("<IIHH", data, at + 4, 0, 0xFFFFFFFF, 0, 0xFFFF)
    return bytes(data)


# ----------------------------------------------------------------------------- .ods
_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods(rows: str) -> bytes:
    """An .ods whose one table (目录) holds ``rows`` (table-row elements as text)."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS}>'
               f'<office:body><office:spreadsheet><table:table table:name="{SHEET_NAME}">'
               f"{rows}</table:table></office:spreadsheet></office:body>"
               "</office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
    return buffer.getvalue()


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names'
    ':tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest'
    ':full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>")


def ods_cell(text: str, repeat: int = 1) -> str:
    return (f'<table:table-cell office:value-type="string" '
            f'table:number-columns-repeated="{repeat}"><text:p>{text}</text:p></table:table-cell>')


ODS_FIRST = f"<table:table-row>{ods_cell('序号')}</table:table-row>"


def ods_mutations() -> dict[str, bytes]:
    """Repeat counts that make a reader expand millions of rows or columns."""
    empty_rows = '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/>' \
                 "</table:table-row>"
    empty_cells = '<table:table-cell table:number-columns-repeated="16000"/>'
    return {
        "value-repeated-past-the-columns": ods(
            f"{ODS_FIRST}<table:table-row>{ods_cell('x', 20000)}</table:table-row>"),
        "value-after-a-million-empty-rows": ods(
            f"{ODS_FIRST}{empty_rows}<table:table-row>{ods_cell('x')}</table:table-row>"),
        "value-after-empty-columns": ods(
            f"{ODS_FIRST}<table:table-row>{empty_cells}{ods_cell('x')}</table:table-row>"),
        "repeat-in-single-quotes": ods(
            ODS_FIRST + "<table:table-row>" + ods_cell("x").replace(
                'table:number-columns-repeated="1"', "table:number-columns-repeated = '20000'")
            + "</table:table-row>"),
        "repeat-with-leading-zeros": ods(
            f"{ODS_FIRST}<table:table-row>{ods_cell('x').replace('1', '00000000000020000')}"
            "</table:table-row>"),
        "quote-hides-repeat": ods(
            ODS_FIRST + "<table:table-row>" + ods_cell("x", 20000).replace(
                "<table:table-cell ", '<table:table-cell table:style-name=">" ') +
            "</table:table-row>"),
        "rows-repeated-with-values": ods(
            ODS_FIRST + '<table:table-row table:number-rows-repeated="1000000">'
            + ods_cell("x", 10) + "</table:table-row>"),
    }


# ----------------------------------------------------------------------------- CSV, JSON
CSV_HEADER = "序号,事项名称,公开内容\n"


def csv_long_cell(chars: int = 40_000) -> bytes:
    return (CSV_HEADER + "1,低保," + "长" * chars + "\n").encode()


def csv_single_line(megabytes: int = 40) -> bytes:
    """One line of short fields, longer than any row the limits allow."""
    return (CSV_HEADER + "x," * (megabytes * 500_000)).encode()


def csv_blank_rows(rows: int = 2_000_000) -> bytes:
    return (CSV_HEADER + "1,低保,内容\n" + ",,\n" * rows + "2,医疗,内容\n").encode()


def csv_many_findings(rows: int = 3_000) -> bytes:
    """Every row lacks its 公开内容: one finding per row unless findings are capped."""
    return (CSV_HEADER + "".join(f"{index},事项{index},\n" for index in range(1, rows + 1))
            ).encode()


# ----------------------------------------------------------------------------- every command
def broken_workbooks(good: bytes) -> dict[str, bytes]:
    """A readable workbook spoilt in the ways that once reached openpyxl unscreened (through
    ``--annotate`` and ``fix``): each must be refused by every command alike."""
    archive = zipfile.ZipFile(io.BytesIO(good))
    parts = {info.filename: archive.read(info) for info in archive.infolist()}

    def spoilt(name: str, data: bytes) -> bytes:
        return zip_of({**parts, name: data})

    styles = parts["xl/styles.xml"]
    declaration_end = styles.find(b"?>") + 2 if styles.startswith(b"<?xml") else 0
    laughs = styles[:declaration_end] + BILLION_LAUGHS + styles[declaration_end:]
    return {
        "truncated": good[:len(good) // 2],
        "billion-laughs": spoilt("xl/styles.xml", laughs),
        "garbage-content-types": spoilt("[Content_Types].xml", b"garbage<<<"),
        "garbage-workbook-rels": spoilt("xl/_rels/workbook.xml.rels", b"<Relationships x"),
        "garbage-sheet-rels": spoilt("xl/worksheets/_rels/sheet1.xml.rels", b"<Relationships"),
    }


def workbook_with_comments(count: int) -> bytes:
    """A one-sheet workbook whose sheet carries ``count`` cell comments (openpyxl loads each)."""
    comments = (b'<?xml version="1.0"?><comments xmlns="' + MAIN_NS.encode() + b'"><authors>'
                b"<author>a</author></authors><commentList>"
                + b"".join(b'<comment ref="A%d" authorId="0"><text><t>c</t></text></comment>'
                           % (row + 1) for row in range(count))
                + b"</commentList></comments>")
    sheet_rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
                  b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
                  b'schemas.openxmlformats.org/officeDocument/2006/relationships/comments" '
                  b'Target="../comments1.xml"/></Relationships>')
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS,
             "xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
             "xl/worksheets/sheet1.xml": worksheet(NEAR), "xl/sharedStrings.xml": EMPTY_STRINGS,
             "xl/comments1.xml": comments, "xl/worksheets/_rels/sheet1.xml.rels": sheet_rels}
    return zip_of(parts)


# ----------------------------------------------------------------------------- regular expressions
def regex_cases() -> dict[str, tuple[object, object]]:
    """Every regular expression that sees user text, through the function that applies it:
    label → (function, build(n) → the adversarial input of about n characters, or n tags for
    the XML scanners). Each input once took quadratic time or worse (or would, for the ones
    written linear from the start); used by tests/test_regex_linear.py (n = 10,000) and
    benchmarks/regex.py (n = 100,000)."""
    from catalog.formats import catalogues, cells, headers, table, xlsx_parts
    from catalog.formats import sheet_extent as extent
    from catalog.rules import legal, values
    from catalog.standard import citations, time_limits, vocabulary
    from catalog.standard import names as domain_names
    from catalog.workbooks import fix

    return {
        "document number, loose (rules/legal.py)": (
            legal._document_numbers.__wrapped__, lambda n: "文〔2019〕" + " " * n),
        "document number, loose, digits and spaces": (
            legal._document_numbers.__wrapped__, lambda n: "文〔2019〕" + "1 " * (n // 2)),
        "document number and titles (citations.py)": (
            citations.parse_citations, lambda n: "《" * (n // 2) + "文〔2019〕1" * 2),
        "nested or cut titles (citations.unbalanced_title_marks)": (
            citations.unbalanced_title_marks, lambda n: "《》《" * (n // 3) + "》"),
        "whitespace next to Chinese (vocabulary.clean_name)": (
            vocabulary.clean_name, lambda n: "a" + " " * n + "x"),
        "brackets in channel lists (vocabulary.read_channels)": (
            vocabulary.read_channels.__wrapped__, lambda n: "(" * n),
        "channel boxes (vocabulary.read_channels)": (
            vocabulary.read_channels.__wrapped__, lambda n: "□" + "口 " * (n // 2)),
        "other-with-text entries (vocabulary)": (
            lambda text: vocabulary._OTHER_WITH_TEXT.match(text), lambda n: "其他" + ":" * n),
        "domain title tail (domain_names.strip_title)": (
            domain_names.strip_title, lambda n: "（" + "年" * n),
        "domain code prefix (domain_names.name_key)": (
            domain_names.name_key.__wrapped__, lambda n: "1." * (n // 2) + "x"),
        "working days (time_limits)": (
            time_limits.parse_time_limit.__wrapped__, lambda n: "1" * n),
        "calendar days in Chinese numerals (time_limits)": (
            time_limits.parse_time_limit.__wrapped__, lambda n: "十" * n + "个"),
        "body names (formats/cells.read_seq)": (
            cells.read_seq.__wrapped__, lambda n: "府" * n + "x"),
        "header notes (formats/headers)": (
            lambda text: headers._NOTE.findall(text), lambda n: "（" * n),
        "table titles and notes (formats/table)": (
            lambda text: (table._TITLE.search(text), table._NOTE.match(text)),
            lambda n: " " * n + "x"),
        "box 口 (rules/values)": (
            lambda text: values._BOX_KOU.findall(text), lambda n: " 口" * (n // 2)),
        "issuer in a title (formats/catalogues)": (
            catalogues.issuer_in_text, lambda n: "乡" * n + "人民"),
        "box 口 and channel synonyms (fix)": (
            lambda text: fix._channel_synonyms(fix._kou_boxes(text)), lambda n: "□口" * (n // 2)),
        "sheet XML tags (sheet_extent)": (
            lambda data: list(extent._TAG.finditer(data)), lambda n: b"<c " * n),
        "formula cells (formats/xlsx_parts)": (
            lambda data: xlsx_parts._scan(data, xlsx_parts.SheetParts(), True),
            lambda n: b'<c r="A1"><f>' * n),
        "hidden rows and merges (formats/xlsx_parts)": (
            lambda data: xlsx_parts._scan(data, xlsx_parts.SheetParts(), True),
            lambda n: b"<row hidden <mergeCell " * (n // 2)),
        "ODS tags (sheet_extent)": (
            lambda data: list(extent._ODS_TAG.finditer(data)), lambda n: b"<table:table-cell " * n),
    }


def json_long_text(chars: int = 40_000, where: str = "item") -> bytes:
    """A catalogue document with one text value of ``chars`` characters."""
    import json

    item = {"name": "低保", "content": "长" * chars if where == "item" else "x"}
    catalogue = {"domain": "社会救助", "items": [item]}
    if where == "catalogue":
        catalogue["name"] = "长" * chars
    return json.dumps({"format_version": "1.0", "catalogues": [catalogue]},
                      ensure_ascii=False).encode()


def json_of_backslashes(megabytes: int = 100) -> bytes:
    """One string of escaped backslashes (``\\\\\\\\…``): 100 MB of text, 50 M characters."""
    return (b'{"format_version": "1.0", "catalogues": [{"name": "'
            + b"\\\\" * (megabytes * 500_000) + b'"}]}')
