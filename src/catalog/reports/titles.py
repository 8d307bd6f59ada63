"""Short rule titles for the report summary, in Chinese and English.

The summary lists each rule that fired with a title a clerk can read (``公开主体等必填项为空``),
not the rule's slug (``required-field-blank``), which stays the stable name for machines.
A rule without a title here (a plugin's) is shown by its slug; a test makes sure every
built-in rule has both titles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog.rules import Rule

TITLES: dict[str, tuple[str, str]] = {
    "CAT100": ("JSON 语法错误", "JSON syntax error"),
    "CAT101": ("必填项为空", "Required field blank"),
    "CAT102": ("值无效", "Invalid value"),
    "CAT103": ("事项重复", "Duplicate item"),
    "CAT104": ("未知的键", "Unknown key"),
    "CAT105": ("“同上”无处可沿用", "同上 with nothing above"),
    "CAT106": ("序号重复", "Duplicate row number"),
    "CAT107": ("目录为空", "Empty catalogue"),
    "CAT108": ("未勾选公开层级", "No level ticked"),
    "CAT109": ("JSON 文件结构不对", "Wrong JSON document shape"),
    "CAT110": ("JSON 键重复", "Duplicate JSON key"),
    "CAT201": ("受控值无法识别", "Controlled value not understood"),
    "CAT202": ("渠道宜用标准名称", "Channel synonym"),
    "CAT203": ("非标准渠道", "Non-standard channel"),
    "CAT204": ("渠道名称疑似误写", "Channel near miss"),
    "CAT205": ("公开层级不含发布主体层级", "Level excludes the issuer"),
    "CAT206": ("发布主体层级未知", "Issuer level unknown"),
    "CAT207": ("含不可见字符", "Invisible characters"),
    "CAT208": ("用“口”表示空框", "口 used as an empty box"),
    "CAT209": ("勾选标记写法不一", "Check-mark variant"),
    "CAT210": ("全角数字", "Full-width digits"),
    "CAT211": ("多余的空格或换行", "Stray whitespace"),
    "CAT301": ("公开时限无法识别", "Time limit not understood"),
    "CAT302": ("公开时限超过20个工作日", "Time limit over 20 working days"),
    "CAT303": ("书名号不成对", "Unbalanced title marks"),
    "CAT304": ("文号括号不规范", "Document-number brackets"),
    "CAT305": ("文号格式有误", "Malformed document number"),
    "CAT306": ("自然日时限在周末形成时超过20个工作日", "Calendar-day limit over 20 working days "
               "from a weekend"),
    "CAT401": ("试点领域代码不存在", "Unknown domain"),
    "CAT402": ("无法确定试点领域", "Domain undetermined"),
    "CAT403": ("可能属于多个试点领域", "Domain ambiguous"),
    "CAT404": ("缺少国家标准事项", "National item missing"),
    "CAT405": ("未见国家标准事项（清单不完整）", "National item missing (partial list)"),
    "CAT406": ("本地增加事项", "Local item"),
    "CAT407": ("名称与国家标准事项相近", "Near a national item name"),
    "CAT501": ("表格版式无法识别", "Layout not recognised"),
    "CAT502": ("缺少栏目", "Missing column"),
    "CAT503": ("模板以外的栏目", "Column outside the template"),
    "CAT504": ("表头写法有误", "Header near miss"),
    "CAT505": ("跳过的工作表", "Sheet skipped"),
    "CAT506": ("读取了隐藏的工作表", "Hidden sheet read"),
    "CAT507": ("读取了隐藏的行或列", "Hidden rows or columns read"),
    "CAT508": ("公式按保存的结果读取", "Formula read from its saved value"),
    "CAT509": ("公式没有保存的结果", "Formula without a saved value"),
    "CAT510": ("按上一行读取（合并或“同上”）", "Filled from above (merge or 同上)"),
    "CAT511": ("一级事项按分组列读取", "Group column read as above"),
    "CAT512": ("并入上一事项的续行", "Continuation rows"),
    "CAT513": ("跳过重复的表头", "Repeated header skipped"),
    "CAT514": ("CSV 编码", "CSV encoding"),
    "CAT515": ("CSV 编码无法确定", "CSV encoding undetermined"),
    "CAT516": ("超过行数上限", "Row limit reached"),
    "CAT517": ("电子表格无法读取", "Spreadsheet unreadable"),
    "CAT518": ("发布主体从表格中读取", "Issuer read from the table"),
    "CAT519": ("CSV 必填单元格为空（可能是合并单元格）", "CSV blank under a value (merge lost?)"),
    "CAT520": ("序号公式按保存的结果读取", "Numbering formula read from its saved value"),
    "CAT530": ("层级按发布主体名称推断", "Level inferred from the issuer's name"),
    "CAT590": ("含无法写入的控制字符", "Unwritable control character"),
    "CAT591": ("单元格内容过长", "Cell too long to write"),
    "CAT592": ("事项过多，无法写入工作表", "Too many rows to write"),
    "CAT593": ("无效字符（孤立代理项）", "Invalid character (lone surrogate)"),
    "CAT601": ("文件过大", "File too large"),
    "CAT602": ("文件类型无法识别", "Unknown file type"),
    "CAT603": ("空文件", "Empty file"),
    "CAT604": ("不是电子表格", "Not a spreadsheet"),
    "CAT605": ("工作簿已损坏", "Damaged workbook"),
    "CAT606": ("缺少工作簿部件", "Workbook parts missing"),
    "CAT607": ("工作簿已加密", "Encrypted workbook"),
    "CAT608": ("WPS 专有格式", "WPS .et file"),
    "CAT609": (".xls 文件已损坏", "Damaged .xls"),
    "CAT610": ("解压后过大", "Uncompressed size too large"),
    "CAT611": ("压缩包内文件过多", "Too many zip entries"),
    "CAT612": ("压缩比过高", "Compression ratio too high"),
    "CAT613": ("含 DTD 或实体声明", "XML DTD"),
    "CAT614": ("工作表范围过大", "Sheet too large"),
    "CAT615": ("行数过多", "Too many rows"),
    "CAT616": ("列数过多", "Too many columns"),
    "CAT617": ("合并区域过多", "Too many merged ranges"),
    "CAT618": ("单元格内容过长", "Cell too long"),
    "CAT619": ("JSON 嵌套过深", "JSON too deep"),
    "CAT620": ("无法读取", "Unreadable path"),
    "CAT621": ("符号链接循环", "Symbolic link loop"),
    "CAT622": ("文件或文件夹不存在", "Path not found"),
    "CAT623": ("读取程序异常终止", "Reader aborted"),
    "CAT624": ("检查超时", "Too costly to check"),
    "CAT625": ("问题过多未全部列出", "Findings capped"),
    "CAT626": ("批注过多", "Too many comments"),
    "CAT640": ("没有找到目录文件", "No catalogue found"),
    "CAT700": ("链接不安全", "Unsafe link"),
    "CAT701": ("链接对应不到事项", "Link matches no item"),
    "CAT702": ("链接文件缺少栏目", "Links file lacks columns"),
}


def rule_title(rule: Rule, lang: str = "zh") -> str:
    """The rule's title in ``lang``; its slug when it has none."""
    titles = TITLES.get(rule.code)
    if titles is None:
        return rule.name
    return titles[0] if lang == "zh" else titles[1]
