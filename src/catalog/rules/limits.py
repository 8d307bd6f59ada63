"""CAT6xx: input safety and limits; emitted while opening files (:mod:`catalog.formats.screening`
and the other input checks of :mod:`catalog.formats`).

Each is an InputError: the file cannot be read at all (exit code 2), so the message says what
was found and the fix says what the user can do about it. Limits are set in the ``[limits]``
table of catalog.toml (see SECURITY.md).
"""

from __future__ import annotations

from catalog.core.findings import Severity
from catalog.rules.engine import Rule

SAVE_AS_ZH = "请在 Excel 或 WPS 中打开并另存为 .xlsx 后重试"
SAVE_AS_EN = "open it in Excel or WPS and save it as .xlsx, then try again"
LIMIT_ZH = "如确属正常文件，可在 catalog.toml 的 [limits] 中调高 {setting}"
LIMIT_EN = "if the file is genuine, raise {setting} in the [limits] table of catalog.toml"


def _rule(code: str, name: str, zh: str, en: str, rationale: str, example: str,
          hint_zh: str, hint_en: str, severity: Severity = Severity.ERROR) -> Rule:
    return Rule(code=code, name=name, severity=severity, message_zh=zh, message_en=en,
                rationale=rationale, example=example, hint_zh=hint_zh, hint_en=hint_en)


def _limit(setting: str) -> tuple[str, str]:
    return LIMIT_ZH.format(setting=setting), LIMIT_EN.format(setting=setting)


FILE_TOO_LARGE = _rule(
    "CAT601", "file-too-large",
    "文件过大：{size} 字节，超过上限 {limit} 字节", "file too large: {size} bytes, over the "
    "limit of {limit} bytes", "Bounds the memory a single upload can take.",
    "A 2 GB file named 目录.xlsx.", *_limit("max_file_bytes"))

UNKNOWN_FILE_TYPE = _rule(
    "CAT602", "unknown-file-type", "无法识别的文件类型“{suffix}”",
    "unknown file type “{suffix}”",
    "Only JSON, .xlsx/.xlsm/.xls/.ods and CSV/TSV catalogues can be read.",
    "目录.docx",
    "请另存为 .xlsx、.csv 或 .json（WPS 表格 .et 请另存为 .xlsx）",
    "save it as .xlsx, .csv or .json (WPS .et files: save as .xlsx)")

EMPTY_FILE = _rule(
    "CAT603", "empty-file", "文件为空（0 字节）", "the file is empty (0 bytes)",
    "An interrupted copy or download leaves an empty file.", "目录.xlsx of 0 bytes.",
    "请重新复制或下载原文件", "copy or download the original file again")

NOT_A_SPREADSHEET = _rule(
    "CAT604", "not-a-spreadsheet", "文件内容不是电子表格（实际是 {detected}）",
    "the file is not a spreadsheet (its content is {detected})",
    "A picture, text or other document renamed .xlsx cannot be read as a workbook.",
    "A PNG screenshot saved as 目录.xlsx.", SAVE_AS_ZH, SAVE_AS_EN)

DAMAGED_WORKBOOK = _rule(
    "CAT605", "damaged-workbook", "工作簿文件已损坏或不完整",
    "the workbook file is damaged or incomplete",
    "A truncated download or a damaged zip cannot be read safely.",
    "The first half of an .xlsx file.",
    "请重新获取原文件，或在 Excel/WPS 中打开修复后另存为 .xlsx",
    "get the original file again, or repair it in Excel/WPS and save it as .xlsx")

WORKBOOK_PARTS_MISSING = _rule(
    "CAT606", "workbook-parts-missing", "压缩包中缺少工作簿部件：{missing}",
    "the zip lacks the workbook parts: {missing}",
    "A zip renamed .xlsx, or a damaged one, has no workbook to read.",
    "photos.zip renamed 目录.xlsx.", SAVE_AS_ZH, SAVE_AS_EN)

ENCRYPTED_WORKBOOK = _rule(
    "CAT607", "encrypted-workbook", "工作簿设有打开密码（已加密），无法读取",
    "the workbook is password-protected (encrypted) and cannot be read",
    "An encrypted workbook can only be read with its password.",
    "An .xlsx saved with 文件 → 信息 → 用密码进行加密.",
    "请在 Excel 或 WPS 中取消打开密码后另存为 .xlsx",
    "remove the open password in Excel or WPS and save it as .xlsx")

WPS_ET_FILE = _rule(
    "CAT608", "wps-et-file", "WPS 表格专有格式（.et）无法直接读取",
    "WPS Spreadsheets' own format (.et) cannot be read",
    "The .et format is undocumented.", "目录.et", SAVE_AS_ZH, SAVE_AS_EN)

DAMAGED_XLS = _rule(
    "CAT609", "damaged-xls", "旧版 .xls 文件已损坏或无法识别",
    "the legacy .xls file is damaged or unrecognised",
    "A damaged compound file cannot be read safely.", "A truncated .xls file.",
    SAVE_AS_ZH, SAVE_AS_EN)

UNCOMPRESSED_TOO_LARGE = _rule(
    "CAT610", "uncompressed-too-large",
    "解压后内容过大：{size} 字节，超过上限 {limit} 字节（疑似压缩炸弹）",
    "the content inflates to {size} bytes, over the limit of {limit} (a zip bomb?)",
    "A small .xlsx can inflate to gigabytes; sizes are checked before and while "
    "inflating.", "A 40 KB .xlsx whose sheet inflates to 4 GB.",
    *_limit("max_uncompressed_bytes"))

TOO_MANY_ZIP_ENTRIES = _rule(
    "CAT611", "too-many-zip-entries", "压缩包内文件过多：{entries} 个，超过上限 {limit}",
    "the zip holds {entries} entries, over the limit of {limit}",
    "Real workbooks hold a few dozen parts; huge counts exhaust memory.",
    "An .xlsx with 100,000 empty entries.", *_limit("max_zip_entries"))

COMPRESSION_RATIO = _rule(
    "CAT612", "compression-ratio",
    "部件 {part} 压缩比 {ratio}：1 超过上限 {limit}：1（疑似压缩炸弹）",
    "part {part} is compressed {ratio}:1, over the limit of {limit}:1 (a zip bomb?)",
    "Worksheets compress about 10:1; ratios near 1000:1 are built to exhaust memory.",
    "A sheet of one repeated byte.", *_limit("max_compression_ratio"))

XML_DTD = _rule(
    "CAT613", "xml-dtd", "部件 {part} 含 DTD/实体声明（可能是 XML 炸弹或外部实体），拒绝读取",
    "part {part} declares a DTD or entities (an XML bomb or external entity); refused",
    "Entity expansion (billion laughs) and external entities (XXE) attack XML parsers; "
    "Excel never writes a DTD.", "A sharedStrings.xml with <!DOCTYPE lolz [...]>.",
    SAVE_AS_ZH, SAVE_AS_EN)

SHEET_TOO_LARGE = _rule(
    "CAT614", "sheet-too-large",
    "工作表“{sheet}”的范围到 {last_cell}（{rows} 行 × {columns} 列 = {cells} 个单元格），"
    "超过上限 {limit}", "sheet “{sheet}” extends to {last_cell} ({rows} rows × {columns} "
    "columns = {cells} cells), over the limit of {limit}",
    "Readers allocate the whole rectangle up to the farthest cell with a value.",
    "A value in A1 and another in XFD1048576.",
    "请删除远处多余的单元格内容后重新保存，或在 [limits] 中调高 max_sheet_cells",
    "delete stray far-away cells and save again, or raise max_sheet_cells in [limits]")

TOO_MANY_ROWS = _rule(
    "CAT615", "too-many-rows", "工作表“{sheet}”有内容的行到第 {rows} 行，超过上限 {limit}",
    "sheet “{sheet}” has values down to row {rows}, over the limit of {limit}",
    "Bounds reading time and memory.", "A value in row 1,048,576.",
    "请删除多余的行，或在 [limits] 中调高 max_rows",
    "delete the stray rows, or raise max_rows in [limits]")

TOO_MANY_COLUMNS = _rule(
    "CAT616", "too-many-columns",
    "工作表“{sheet}”有内容的列到第 {columns} 列（{last_cell}），超过上限 {limit}",
    "sheet “{sheet}” has values out to column {columns} ({last_cell}), over the limit "
    "of {limit}", "A catalogue has about twenty columns; a value in XFD is a stray.",
    "A value in column XFD.", "请删除多余的列，或在 [limits] 中调高 max_columns",
    "delete the stray columns, or raise max_columns in [limits]")

TOO_MANY_MERGED_RANGES = _rule(
    "CAT617", "too-many-merged-ranges",
    "工作表“{sheet}”有 {count} 个合并区域，超过上限 {limit}（或合并范围过大）",
    "sheet “{sheet}” has {count} merged ranges, over the limit of {limit} (or they "
    "cover too many cells)", "Readers expand every merged cell.",
    "100,000 merged ranges, or one merge A1:XFD1048576.",
    "请取消不必要的合并单元格，或在 [limits] 中调高 max_merged_ranges",
    "unmerge needless ranges, or raise max_merged_ranges in [limits]")

CELL_TOO_LONG = _rule(
    "CAT618", "cell-too-long", "单元格内容长达 {chars} 个字符，超过上限 {limit}",
    "the cell holds {chars} characters, over the limit of {limit}",
    "Excel itself keeps at most 32,767 characters in a cell.",
    "A CSV field of one million characters.", "请拆分或缩短该单元格内容",
    "split or shorten the cell", Severity.ERROR)

JSON_TOO_DEEP = _rule(
    "CAT619", "json-too-deep", "JSON 嵌套 {depth} 层，超过上限 {limit}",
    "the JSON nests {depth} levels deep, over the limit of {limit}",
    "A catalogue nests about six levels; thousands of levels crash parsers.",
    "[[[[[[…]]]]]] ten thousand levels deep.", *_limit("max_json_depth"))

UNREADABLE_PATH = _rule(
    "CAT620", "unreadable-path", "无法读取（常见原因：没有读取权限，或不是普通文件）",
    "cannot be read (usually: no permission, or not a regular file)",
    "One unreadable file must not stop the others from being checked.",
    "A file without read permission in the folder being checked.",
    "请检查文件权限，或确认文件未被其他程序独占",
    "check the file's permissions, or whether another program locks it")

SYMLINK_LOOP = _rule(
    "CAT621", "symlink-loop", "符号链接形成循环，已跳过", "a symbolic link loops; skipped",
    "Following a loop would never end.", "A folder link pointing to its own parent.",
    "请删除或修正该链接", "remove or fix the link")

PATH_NOT_FOUND = _rule(
    "CAT622", "path-not-found", "文件或文件夹不存在（或链接已失效）",
    "no such file or folder (or the link is broken)",
    "A mistyped path or a dangling link.", "catalog check 目录.xslx",
    "请检查路径", "check the path")

READER_ABORTED = _rule(
    "CAT623", "reader-aborted",
    "读取时读取程序异常终止（{reason}），可能是损坏或特制的文件",
    "the reader stopped abnormally while reading ({reason}); the file may be damaged or "
    "crafted", "A reader that aborts or exhausts memory must cost one file, not the run; "
    "each file is read in a worker process whose memory is capped.",
    "An .xlsx whose sheet claims a value in XFD1048576 in a form only the reader sees.",
    "请在 Excel 或 WPS 中打开并另存为 .xlsx 后重试；如确属正常的大文件，可在 [limits] 中调高 "
    "max_memory_bytes", "open it in Excel or WPS and save it as .xlsx, then try again; "
    "if it is a genuine large file, raise max_memory_bytes in [limits]")

TOO_COSTLY = _rule(
    "CAT624", "too-costly", "检查超过时间上限（已用 {seconds} 秒），已停止",
    "checking took too long (stopped after {seconds} s)",
    "A crafted file can keep a parser busy for hours; each file has a time budget.",
    "An .ods whose rows repeat a billion times.",
    "请检查文件中是否有大量空行、空列或重复内容；如确属正常的大文件，可在 [limits] 中调高 "
    "max_seconds_per_file", "look for huge runs of empty or repeated rows and columns; if "
    "it is a genuine large file, raise max_seconds_per_file in [limits]")

FINDINGS_CAPPED = _rule(
    "CAT625", "findings-capped",
    "规则 {rule} 在本文件还有 {more} 条问题未列出（每条规则每个文件最多列出 {limit} 条）",
    "rule {rule} found {more} more problems in this file, not listed (at most {limit} per "
    "rule and file)", "Reports and memory stay bounded however many findings a file has, "
    "as frictionless does with its error limit.",
    "A CSV of 200,000 rows whose 公开主体 is blank throughout.",
    "请先修正已列出的问题再检查；如需全部列出，可在 [limits] 中调高 max_findings_per_rule",
    "fix the listed problems and check again; to list them all, raise "
    "max_findings_per_rule in [limits]", Severity.INFO)

TOO_MANY_COMMENTS = _rule(
    "CAT626", "too-many-comments", "工作簿中有 {count} 条批注，超过上限 {limit}",
    "the workbook holds {count} cell comments, over the limit of {limit}",
    "`fix` and `--annotate` load every comment; a million of them take the machine for "
    "minutes.", "An .xlsx with a million comments on one sheet.",
    "请删除不需要的批注后重新保存，或在 [limits] 中调高 max_comments",
    "delete needless comments and save again, or raise max_comments in [limits]")

NO_CATALOGUE_FOUND = _rule(
    "CAT640", "no-catalogue-found",
    "没有找到目录文件（.json .xlsx .xlsm .xls .ods .csv .tsv）",
    "no catalogue files found (.json .xlsx .xlsm .xls .ods .csv .tsv)",
    "A run that checked nothing must fail, and still write its report: a CI upload step "
    "needs the file, and a report of zero files must not look like a clean one.",
    "catalog check uploads/ where uploads/ holds only PDF scans.",
    "请确认路径指向目录文件或包含目录文件的文件夹（以“.”开头的文件会被跳过）",
    "name catalogue files, or folders that hold them (names starting with “.” are "
    "skipped)")

RULES: list[Rule] = [
    FILE_TOO_LARGE,
    UNKNOWN_FILE_TYPE,
    EMPTY_FILE,
    NOT_A_SPREADSHEET,
    DAMAGED_WORKBOOK,
    WORKBOOK_PARTS_MISSING,
    ENCRYPTED_WORKBOOK,
    WPS_ET_FILE,
    DAMAGED_XLS,
    UNCOMPRESSED_TOO_LARGE,
    TOO_MANY_ZIP_ENTRIES,
    COMPRESSION_RATIO,
    XML_DTD,
    SHEET_TOO_LARGE,
    TOO_MANY_ROWS,
    TOO_MANY_COLUMNS,
    TOO_MANY_MERGED_RANGES,
    CELL_TOO_LONG,
    JSON_TOO_DEEP,
    UNREADABLE_PATH,
    SYMLINK_LOOP,
    PATH_NOT_FOUND,
    READER_ABORTED,
    TOO_COSTLY,
    FINDINGS_CAPPED,
    TOO_MANY_COMMENTS,
    NO_CATALOGUE_FOUND,
]
