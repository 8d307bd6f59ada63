"""CAT526-529, CAT545-547: what the spreadsheet reader inferred about a table's layout.

Like the CAT5xx layout rules these have no check function: the readers emit them while
reading. Each says which cells an inference rests on, so a reader of the report can see that
a heading was read by its parent, a place-name level by the issuer, and so on.
"""

from __future__ import annotations

from catalog.core.findings import Severity
from catalog.rules.engine import Rule

HEADER_INFERRED = Rule(
    code="CAT526",
    name="header-inferred",
    severity=Severity.INFO,
    message_zh="{column}列表头“{header}”不是标准写法，按上级表头“{parent}”读作“{standard}”",
    message_en="Header “{header}” in column {column} is not a standard heading; read as "
    "“{standard}” from the heading above it, “{parent}”",
    rationale="Cut-down sub-headings (社会, 申请, 特定 主体) are common in hand-made tables; "
    "reading them by their parent keeps the column, and saying so lets a person check it.",
    example="社会 under 公开对象, read as 全社会",
)

COLUMN_BY_VALUES = Rule(
    code="CAT527",
    name="column-read-by-values",
    severity=Severity.INFO,
    message_zh="{column}列表头“{header}”既可指公开渠道也可指公开方式，按其内容（如“{value}”）读作“{standard}”",
    message_en="Header “{header}” in column {column} could mean channels or mode; read as "
    "“{standard}” from its values (e.g. “{value}”)",
    rationale="Department lists write 公开形式 for either 公开渠道和载体 or 公开方式; the "
    "values tell which.",
    example="公开形式 holding 政府网站、公示栏 (channels) or 主动公开 (mode)",
)

LEVEL_PLACE_RESOLVED = Rule(
    code="CAT528",
    name="level-place-resolved",
    severity=Severity.INFO,
    message_zh="层级“{header}”写的是地名，按发布主体“{issuer}”读作“{level}”",
    message_en="Level “{header}” names a place; read as {level} from the issuer “{issuer}”",
    rationale="东阳市级 in a county-level city's table is its own (县级) level, not 市级.",
    example="东阳市级 in a catalogue issued by 东阳市人民政府",
)

LEVEL_PLACE_UNRESOLVED = Rule(
    code="CAT529",
    name="level-place-unresolved",
    severity=Severity.WARNING,
    message_zh="层级“{header}”写的是地名，无法确定其层级，已按“{level}”读取",
    message_en="Level “{header}” names a place whose level is unknown; read as {level}",
    rationale="A place name alone does not say whether a city is 市级 or a county-level city.",
    example="东阳市级 with no issuer known",
    hint_zh="用 --issuer 指定发布主体（如 --issuer 东阳市人民政府），或把表头改为市级/县级/乡级",
    hint_en="Give the issuer with --issuer, or write the heading as 市级/县级/乡级",
    workbook_hint_zh="在标题中写明发布机关（如“东阳市人民政府……标准目录”），或把表头改为市级/县级/乡级",
    workbook_hint_en="Write the issuing government in the title (e.g. “东阳市人民政府…标准目录”), "
    "or write the heading as 市级/县级/乡级",
)

CODE_COLUMN = Rule(
    code="CAT545",
    name="code-column-as-seq",
    severity=Severity.INFO,
    message_zh="{column}列没有表头，其内容为编码（如“{value}”），已作为序号读取",
    message_en="Column {column} has no heading and holds codes (e.g. “{value}”); read as 序号",
    rationale="Department and PDF-converted lists put an item code in an unlabelled first "
    "column; it is the item's number, not data to drop.",
    example="0101 | 行政许可类事项 | … with nothing above 0101",
)

HIERARCHY = Rule(
    code="CAT546",
    name="item-hierarchy",
    severity=Severity.INFO,
    message_zh="表格有{depth}级事项（{columns}），以最末一级“{leaf}”为事项，其上一级作一级事项，更上级保留为上级事项",
    message_en="The table has {depth} item levels ({columns}); the deepest, “{leaf}”, is the item, "
    "the level above it its category, and higher levels are kept as its parents",
    rationale="Tables with 一级目录 or 三级事项 repeat group names on every row; comparing the "
    "leaf within its parents avoids false duplicates and false local additions.",
    example="一级事项 | 二级事项 | 三级事项 with 二级 = 最低生活保障 on ten rows",
)

MERGED_BLOCK = Rule(
    code="CAT547",
    name="merged-block-across-items",
    severity=Severity.INFO,
    message_zh="合并单元格 {cells}（{field}）跨越 {count} 个事项，每个事项都取其值",
    message_en="Merged cells {cells} ({field}) span {count} items; each item takes the value",
    rationale="PDF conversions and hand-made tables merge 依据, 时限, 主体, 渠道 or √ over "
    "different items; every item gets the value, and one finding per block says where.",
    example="公开依据 merged over E4:E6, three different items",
)

RULES: list[Rule] = [
    HEADER_INFERRED,
    COLUMN_BY_VALUES,
    LEVEL_PLACE_RESOLVED,
    LEVEL_PLACE_UNRESOLVED,
    CODE_COLUMN,
    HIERARCHY,
    MERGED_BLOCK,
]
