"""CAT5xx: spreadsheet layout and reading findings, emitted by the xlsx and csv readers.

These rules have no check function: the readers emit them while reading, because only the
reader sees the header rows, merges, hidden rows and formulas. They are defined here so every
code in a report has messages and documentation. Unrecognised marks in 对象/方式/层级 columns
are reported with the lead's CAT201; a 同上 with nothing above is left as written so CAT105
reports it.
"""

from __future__ import annotations

from catalog.core.findings import Severity
from catalog.rules.engine import Rule

UNRECOGNISED_LAYOUT = Rule(
    code="CAT501",
    name="unrecognised-layout",
    severity=Severity.ERROR,
    message_zh="工作表“{sheet}”无法识别为标准目录表格：找到表头 {found}；应有 {expected}；"
    "缺少 {missing}；多出 {extra}",
    message_en="Sheet “{sheet}” is not recognisable as a catalogue table: headers found {found}; "
    "expected {expected}; missing {missing}; extra {extra}",
    rationale="A table whose columns cannot be mapped would give wrong values in every row; one "
    "clear message about the header beats a wall of per-row errors.",
    example="A sheet whose header row reads 名称 | 说明 | 备注.",
    hint_zh="请按国家标准目录模板填写表头（序号、公开事项、公开内容、公开依据、公开时限、公开主体、"
    "公开渠道和载体、公开对象、公开方式、公开层级）",
    hint_en="Use the national template's headers (序号, 公开事项, 公开内容, 公开依据, 公开时限, "
    "公开主体, 公开渠道和载体, 公开对象, 公开方式, 公开层级)",
)

MISSING_COLUMN = Rule(
    code="CAT502",
    name="missing-column",
    severity=Severity.ERROR,
    message_zh="表格缺少“{field}”列；该列的内容在所有事项中均视为缺失",
    message_en="The table has no {field} column; it counts as missing for every item",
    rationale="The State Council's 2019 guidance requires every element for every item; a missing "
    "column is reported once here instead of once per row.",
    example="A table without a 公开主体 column.",
)

EXTRA_COLUMN = Rule(
    code="CAT503",
    name="unmapped-column",
    severity=Severity.WARNING,
    message_zh="第 {column} 列“{header}”不是模板中的栏目，其内容已保留为附加栏目",
    message_en="Column {column} “{header}” is not a template column; its values are kept as an "
    "extra field",
    rationale="Nothing the user wrote may be dropped silently; an unknown column may also be a "
    "misspelt template column.",
    example="A column headed 负责人 beside 公开主体.",
)

HEADER_NEAR_MISS = Rule(
    code="CAT504",
    name="header-near-miss",
    severity=Severity.WARNING,
    message_zh="表头“{header}”按“{expected}”读取；请改正表头写法",
    message_en="Header “{header}” was read as {expected}; correct the heading",
    rationale="One misspelt heading should be one finding, not a missing value on every row.",
    example="公开时线 for 公开时限.",
)

SHEET_SKIPPED = Rule(
    code="CAT505",
    name="sheet-skipped",
    severity=Severity.INFO,
    message_zh="工作表“{sheet}”不是目录表格（如封面、说明），已跳过",
    message_en="Sheet “{sheet}” is not a catalogue table (a cover or notes sheet) and was skipped",
    rationale="Workbooks often carry cover and instruction sheets beside the tables.",
    example="A sheet named 填写说明.",
)

HIDDEN_SHEET = Rule(
    code="CAT506",
    name="hidden-sheet-imported",
    severity=Severity.INFO,
    message_zh="工作表“{sheet}”是隐藏的，但已作为目录读取",
    message_en="Sheet “{sheet}” is hidden but was read as a catalogue",
    rationale="Hidden content is still published when the file is shared; the user should know "
    "it was checked.",
    example="A domain sheet hidden in Excel.",
)

HIDDEN_ROWS = Rule(
    code="CAT507",
    name="hidden-rows-imported",
    severity=Severity.INFO,
    message_zh="工作表“{sheet}”有 {rows} 个隐藏行、{columns} 个隐藏列（如 {first}），已照常读取",
    message_en="Sheet “{sheet}” has {rows} hidden rows and {columns} hidden columns (e.g. "
    "{first}); they were read like the others",
    rationale="Hidden rows are easy to forget and still part of the file.",
    example="Row 12 hidden with the 行 → 隐藏 menu.",
)

FORMULA_CACHED = Rule(
    code="CAT508",
    name="formula-cached-value",
    severity=Severity.WARNING,
    message_zh="工作表“{sheet}”有 {count} 个公式单元格（如 {cells}），已读取 Excel 保存的计算结果",
    message_en="Sheet “{sheet}” has {count} formula cells (e.g. {cells}); the values Excel saved "
    "were read",
    rationale="A published catalogue should hold text; a formula's saved result may be stale. "
    "Formulas in the 序号 column are CAT520 (information) instead.",
    example="=C4 in the 二级事项 column.",
    hint_zh="复制后“选择性粘贴为数值”",
    hint_en="Copy and paste as values",
)

FORMULA_NUMBERING = Rule(
    code="CAT520",
    name="formula-numbering",
    severity=Severity.INFO,
    message_zh="工作表“{sheet}”的序号列有 {count} 个公式单元格（如 {cells}），"
    "已读取保存的计算结果；序号公式不影响目录内容",
    message_en="Sheet “{sheet}” has {count} formula cells in the 序号 column (e.g. {cells}); the "
    "saved values were read; numbering formulas do not change what the catalogue says",
    rationale="A formula is harmless when the file saved its result and it sits in the 序号 column "
    "of a table: the number only identifies the row (=ROW()-3 keeps numbering right when rows are "
    "inserted), so a stale value changes no published element. Any other formula is CAT508, "
    "one without a saved result CAT509. fix and --annotate keep formulas and their saved "
    "results.",
    example="=ROW()-3 in A4, saved as 1.",
)

FORMULA_NO_VALUE = Rule(
    code="CAT509",
    name="formula-without-value",
    severity=Severity.ERROR,
    message_zh="工作表“{sheet}”有 {count} 个公式没有保存的计算结果（如 {cells}），"
    "这些单元格读作空白",
    message_en="Sheet “{sheet}” has {count} formulas with no saved result (e.g. {cells}); those "
    "cells read as blank",
    rationale="Files written by programs often store formulas without results; the value the "
    "user sees in Excel is then unknown to every other reader.",
    example="A generated workbook with =CONCAT(B4,C4) never opened in Excel.",
    hint_zh="在 Excel 或 WPS 中打开并保存一次，或粘贴为数值",
    hint_en="Open and save the file once in Excel or WPS, or paste as values",
)

FILLED_FROM_ABOVE = Rule(
    code="CAT510",
    name="filled-from-above",
    severity=Severity.INFO,
    message_zh="{field}有 {count} 个单元格按上一行读取（合并单元格或“同上”），如 {cells}",
    message_en="{count} cells of {field} were read as the row above (merged cells or 同上), "
    "e.g. {cells}",
    rationale="Merged cells and 同上 are how printed tables avoid repetition; each item is stored "
    "with the full value, and the original 同上 is kept.",
    example="公开依据 merged down over five rows.",
    fix_zh="把“同上”改写为上一行的完整内容（合并单元格不变）",
    fix_en="write 同上 out as the full value of the row above (merged cells are left as they are)",
)

GROUP_COLUMN_FILLED = Rule(
    code="CAT511",
    name="blank-read-as-above",
    severity=Severity.INFO,
    message_zh="{field}按分组列读取：{count} 个空白单元格（如 {cells}）沿用上方同组的{field}",
    message_en="The {field} column is written once per group: {count} blank cells (e.g. {cells}) "
    "were read as their group's value above",
    rationale="Some tables write each 一级事项 once, above the rows of its group, without merging "
    "the cells. A blank 一级事项 is read as its group's only when the whole column is laid out "
    "that way: written values never repeat on adjacent rows and a run of blanks is closed by the "
    "next group. Each such item keeps an empty original[\"category\"] (the cell was blank). "
    "Changed meaning: in catalog 0.1.0 this code was a warning that filled any blank required "
    "cell (公开主体, 公开依据 ...) from the row above; such blanks are now missing data, reported "
    "as CAT101, and their fields stay empty.",
    example="一级事项 最低生活保障 in B4 only, with B5 and B6 blank beside their own 二级事项, "
    "and 特困人员救助供养 in B7.",
)
BLANK_FILLED = GROUP_COLUMN_FILLED  # the name this rule had before it meant group columns only

CSV_BLANK_UNDER_VALUE = Rule(
    code="CAT519",
    name="csv-blank-under-value",
    severity=Severity.INFO,
    message_zh="{count} 个必填单元格为空（如 {cells}），其上方一行有内容；CSV 不保留合并单元格，"
    "表格另存为 CSV 时合并区域只在第一个单元格保留内容，请检查原 .xlsx 文件",
    message_en="{count} required cells are blank (e.g. {cells}) under a filled cell; CSV keeps no "
    "merged cells (a workbook saved as CSV keeps a merged value in the first cell only): check "
    "the .xlsx instead",
    rationale="A blank in CSV is missing data (CAT101), but when it sits under a filled cell it is "
    "often a merged cell lost in the export, which checking the workbook itself would read.",
    example="公开依据 merged over rows 4–6 in the workbook, exported to CSV: E5 and E6 are blank.",
)

CONTINUATION_ROWS = Rule(
    code="CAT512",
    name="continuation-rows",
    severity=Severity.INFO,
    message_zh="{count} 行（如 {rows} 行）没有序号和事项名称，已并入上一事项",
    message_en="{count} rows (e.g. rows {rows}) have no 序号 and no item name and were joined to "
    "the item above",
    rationale="An item whose 公开内容 runs over several rows is one item, not several.",
    example="公开内容 listed one element per row under one merged 事项.",
)

REPEATED_HEADER = Rule(
    code="CAT513",
    name="repeated-header-skipped",
    severity=Severity.INFO,
    message_zh="第 {row} 行重复了表头（分页处），已跳过",
    message_en="Row {row} repeats the header (a page break) and was skipped",
    rationale="Tables copied from PDFs repeat the header on each page.",
    example="序号 | 公开事项 | … again at row 40.",
)

CSV_ENCODING = Rule(
    code="CAT514",
    name="csv-encoding",
    severity=Severity.INFO,
    message_zh="CSV 文件按 {encoding} 编码读取",
    message_en="The CSV file was read as {encoding}",
    rationale="CSV files carry no declared encoding; the one used is stated so a wrong guess "
    "cannot pass unnoticed.",
    example="A CSV saved by Excel on Chinese Windows is GB18030.",
)

CSV_UNDECODABLE = Rule(
    code="CAT515",
    name="csv-undecodable",
    severity=Severity.ERROR,
    message_zh="无法确定 CSV 文件的编码（已尝试 {tried}）；请另存为 UTF-8 编码的 CSV",
    message_en="The CSV file's encoding could not be determined (tried {tried}); save it as "
    "UTF-8 CSV",
    rationale="Guessing a lenient encoding would turn Chinese into mojibake without warning.",
    example="A Big5 file, or bytes that are not text.",
)

ROW_LIMIT = Rule(
    code="CAT516",
    name="row-limit-reached",
    severity=Severity.ERROR,
    message_zh="工作表“{sheet}”超过行数上限 {limit}，第 {row} 行起未读取",
    message_en="Sheet “{sheet}” exceeds the row limit of {limit}; rows from {row} on were not read",
    rationale="Limits keep a hostile or broken file from using unbounded time and memory.",
    example="A sheet whose used range claims 1,048,576 rows.",
    hint_zh="拆分文件，或用 --max-rows 提高上限",
    hint_en="Split the file, or raise the limit with --max-rows",
    workbook_hint_zh="删除表格下方多余的空行，或把目录拆分为几个文件",
    workbook_hint_en="Delete the unused rows below the table, or split the catalogue into "
    "several files",
)

UNREADABLE_SPREADSHEET = Rule(
    code="CAT517",
    name="unreadable-spreadsheet",
    severity=Severity.ERROR,
    message_zh="无法读取电子表格（文件可能已损坏，或内容与扩展名不符）",
    message_en="The spreadsheet cannot be read (the file may be damaged, or its content may "
    "not match its extension)",
    rationale="A damaged, encrypted or non-spreadsheet file must give a clear message, never a "
    "traceback.",
    example="A password-protected .xlsx, or a text file renamed .xlsx.",
    hint_zh="请在 Excel 或 WPS 中另存为 .xlsx（不加密码）",
    hint_en="Save the file as .xlsx (without a password) in Excel or WPS",
)

ISSUER_FROM_TEXT = Rule(
    code="CAT518",
    name="issuer-read-from-table",
    severity=Severity.INFO,
    message_zh="发布主体按{source}读作“{issuer}”（{level}）",
    message_en="The issuer was read from the {source} as “{issuer}” ({level})",
    rationale="A spreadsheet rarely names its issuer; when it is read from the title or 公开主体 "
    "the user should see what was assumed.",
    example="Title 江上乡人民政府社会救助领域基层政务公开标准目录.",
)

_NOTHING_WRITTEN_ZH = "为免丢失数据，没有写出任何文件"
_NOTHING_WRITTEN_EN = "nothing was written, so no data is lost"
_UNWRITABLE_HINT_ZH = "缩短或拆分该单元格的内容，删除其中的控制字符，或改为输出 JSON"
_UNWRITABLE_HINT_EN = "Shorten or split the cell, remove control characters, or write JSON instead"

UNWRITABLE_CONTROL = Rule(
    code="CAT590",
    name="unwritable-control-character",
    severity=Severity.ERROR,
    message_zh="无法写入：{cell} 处含控制字符 {char}，电子表格无法保存（共 {count} 处）；"
    + _NOTHING_WRITTEN_ZH,
    message_en="Cannot write: the text at {cell} holds the control character {char}, which a "
    "spreadsheet cannot store ({count} place(s)); " + _NOTHING_WRITTEN_EN,
    rationale="xlsx and csv cells cannot hold most control characters; dropping them silently "
    "would change the user's text.",
    example="A 公开内容 containing U+0007 converted to .xlsx.",
    hint_zh=_UNWRITABLE_HINT_ZH,
    hint_en=_UNWRITABLE_HINT_EN,
)

UNWRITABLE_LENGTH = Rule(
    code="CAT591",
    name="unwritable-long-cell",
    severity=Severity.ERROR,
    message_zh="无法写入：{cell} 处内容有 {length} 个字符，超过 Excel 单元格上限 {limit}"
    "（共 {count} 处）；" + _NOTHING_WRITTEN_ZH,
    message_en="Cannot write: the text at {cell} has {length} characters, over Excel's cell "
    "limit of {limit} ({count} place(s)); " + _NOTHING_WRITTEN_EN,
    rationale="Excel stores at most 32,767 characters in a cell; cutting text silently loses data.",
    example="A 公开内容 of 40,000 characters converted to .xlsx.",
    hint_zh=_UNWRITABLE_HINT_ZH,
    hint_en=_UNWRITABLE_HINT_EN,
)

UNWRITABLE_ROWS = Rule(
    code="CAT592",
    name="unwritable-too-many-rows",
    severity=Severity.ERROR,
    message_zh="无法写入：工作表 {cell} 有 {rows} 个事项，超过 Excel 的行数上限；"
    + _NOTHING_WRITTEN_ZH,
    message_en="Cannot write: sheet {cell} has {rows} items, more than Excel's row limit; "
    + _NOTHING_WRITTEN_EN,
    rationale="A worksheet holds at most 1,048,576 rows.",
    example="A 1.2-million-item catalogue converted to .xlsx.",
    hint_zh="拆分目录，或改为输出 JSON",
    hint_en="Split the catalogue, or write JSON instead",
)

RULES: list[Rule] = [
    UNWRITABLE_CONTROL,
    UNWRITABLE_LENGTH,
    UNWRITABLE_ROWS,
    UNRECOGNISED_LAYOUT,
    MISSING_COLUMN,
    EXTRA_COLUMN,
    HEADER_NEAR_MISS,
    SHEET_SKIPPED,
    HIDDEN_SHEET,
    HIDDEN_ROWS,
    FORMULA_CACHED,
    FORMULA_NO_VALUE,
    FILLED_FROM_ABOVE,
    GROUP_COLUMN_FILLED,
    CSV_BLANK_UNDER_VALUE,
    FORMULA_NUMBERING,
    CONTINUATION_ROWS,
    REPEATED_HEADER,
    CSV_ENCODING,
    CSV_UNDECODABLE,
    ROW_LIMIT,
    UNREADABLE_SPREADSHEET,
    ISSUER_FROM_TEXT,
]
