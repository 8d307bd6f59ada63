"""Every text a person reads, in Chinese and English, and how it is filled in.

Findings stay data (a code and parameters) until a report or a page renders them here, at the
edge: Chinese by default, English on request. This module holds the shared tables (field
titles, severity labels, the command line's status lines), the one function that fills a
message template, and the words of each page and report (coverage tables, the HTML report, the
修订说明, the scorecard, the check page, the annotated copy's sheet). Each rule carries its own
message templates (:mod:`catalog.rules`, titles in ``catalog.rules.titles``); tables keyed by
a feature's own enum (the diff's change kinds, the scorecard's ratings) stay beside the enum.

Parameters: one named ``field`` holds an item field key and is shown as its column title
(公开主体 / subject); lists are joined with 、; a missing parameter shows as ``?`` rather than
breaking the report. ``detail`` holds what a parser or the system said ("Expecting value",
"Permission denied"): English and technical. No template shows it (a test checks); it follows
the English message, and the Chinese one only with ``--debug``, so a clerk never reads English
inside a Chinese sentence. JSON reports keep it in params.
"""

from __future__ import annotations

from typing import Any

from catalog.core.findings import Severity
from catalog.core.safe_text import terminal_line
from catalog.standard.fields import ITEM_FIELDS

SEVERITY_LABELS: dict[str, dict[Severity, str]] = {
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"},
}


def severity_label(severity: Severity | str, lang: str = "zh") -> str:
    """错误 / 警告 / 提示 (error / warning / info)."""
    return SEVERITY_LABELS["zh" if lang == "zh" else "en"][Severity(severity)]


_ENGLISH_FIELDS = {
    "seq": "row number (序号)",
    "category": "first-level item (一级事项)",
    "name": "second-level item (二级事项)",
    "content": "content (公开内容)",
    "basis": "legal basis (公开依据)",
    "time_limit": "time limit (公开时限)",
    "subject": "responsible body (公开主体)",
    "channels": "channels (公开渠道和载体)",
    "audience": "audience (公开对象)",
    "mode": "mode (公开方式)",
    "level": "level (公开层级)",
    "item_name": "item name (公开事项)",
}
_CHINESE_FIELDS = {key: title for key, (title, _) in ITEM_FIELDS.items()} | {
    "item_name": "公开事项名称"
}


def field_title(key: str, lang: str = "zh") -> str:
    table = _CHINESE_FIELDS if lang == "zh" else _ENGLISH_FIELDS
    return table.get(key, key)


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def _text(value: Any) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        return "、".join(str(part) for part in value)
    return str(value)


TECHNICAL_PARAMS = ("detail",)


def technical_detail(params: dict[str, Any], lang: str = "zh", debug: bool = False) -> str:
    """The parser's or system's own words, as a suffix: always in English, with ``debug``
    in Chinese, else empty."""
    if lang == "zh" and not debug:
        return ""
    text = "; ".join(str(params[key]) for key in TECHNICAL_PARAMS
                     if params.get(key) not in (None, ""))
    if not text:
        return ""
    return f"（详情：{text}）" if lang == "zh" else f" (detail: {text})"


def render(template: str, params: dict[str, Any], lang: str = "zh", debug: bool = False) -> str:
    """A message template filled with ``params`` in ``lang`` (zh or en); technical details
    follow as :func:`technical_detail` says."""
    values = _Params(params)  # str.format shows other values as str() does; lists are joined
    for key, value in params.items():
        if type(value) is not str and isinstance(value, list | tuple | set | frozenset):
            values[key] = _text(value)
    if "field" in params:
        values["field"] = field_title(str(params["field"]), lang)
    if values.get("item") in (None, ""):
        values["item"] = "（未命名事项）" if lang == "zh" else "(unnamed item)"
    return template.format_map(values) + technical_detail(params, lang, debug)


# --------------------------------------------------------------------------- status lines
# The lines the CLI prints besides reports (status, errors). A township clerk reads every one:
# each exists in both languages, Chinese with full-width punctuation (a test checks both).

MESSAGES: dict[str, tuple[str, str]] = {
    "baseline_written": ("已写入基线文件：{path}", "baseline written: {path}"),
    "interrupted": ("已中断，没有写出不完整的文件", "interrupted; no partial file was written"),
    "no_catalogue_files": (
        "在 {paths} 中没有找到目录文件（.json .xlsx .xls .ods .csv）",
        "no catalogue files (.json .xlsx .xls .ods .csv) in {paths}",
    ),
    "converted_with_problems": (
        "已写出 {path}，但有 {count} 处问题（见上）；请改正原文件后重新转换",
        "{path} was written, but with {count} problem(s) listed above; correct the source "
        "file and convert again",
    ),
    "skipped_other_json": (
        "已跳过 {path}：不是目录文件（JSON 中没有 format_version 或 catalogues）",
        "skipped {path}: not a catalogue (the JSON has no format_version or catalogues)",
    ),
    "nothing_to_check": ("没有需要检查的目录文件", "no catalogue files to check"),
    "more_problems": ("……另有 {count} 处同类问题未列出（可用 catalog check 查看全部）",
                      "... and {count} more not listed (catalog check shows them all)"),
    "finding_line": ("{where}：{code} {message}", "{where}: {code} {message}"),
    "hint": ("（{hint}）", " ({hint})"),
    "detail": ("（详情：{detail}）", " (detail: {detail})"),
    "internal_error": (
        "catalog 内部错误（检查 {file} 时）：{detail}",
        "catalog: internal error while checking {file}: {detail}",
    ),
    "internal_error_any": ("catalog 内部错误：{detail}", "catalog: internal error: {detail}"),
    "bug_hint": (
        "这是 catalog 的程序错误，不是数据问题；请附上 --debug 的输出报告此问题。",
        "This is a bug in catalog, not a problem with your data; please report it with the "
        "output of --debug.",
    ),
    "progress_checking": ("检查", "checking"),
    "progress_rows": ("读取行数", "rows read"),
    "usage_error": ("catalog：{message}", "catalog: {message}"),
    "annotate_needs_xlsx": ("--annotate 只能用于一个 .xlsx 或 .xls 文件", "--annotate needs "
                            "exactly one .xlsx or .xls input"),
}


def status(key: str, lang: str = "zh", **params: Any) -> str:
    """The message ``key`` in ``lang``, one safe terminal line (values are the user's)."""
    zh, en = MESSAGES[key]
    return terminal_line((zh if lang == "zh" else en).format(**params))


# --------------------------------------------------------------------------- pages and reports
# The words of each page and report, beside the shared tables above: one place to read and
# review every text a clerk sees. Each table names the module that uses it.


# `catalog coverage` and `catalog domains` tables (catalog.checking.coverage)
COVERAGE_WORDS = {
    "slug": ("代码", "Slug"),
    "domain": ("领域", "Domain"),
    "department": ("牵头部门", "Department"),
    "items": ("国家标准事项", "National items"),
    "list": ("清单", "List"),
    "complete": ("完整", "complete"),
    "partial": ("参考", "reference only"),
    "origin": ("数据来源", "Data from"),
    "reference": ("参照", "Reference"),
    "national_list": ("国家目录", "national list"),
    "bundled": ("内置", "bundled"),
    "category": ("一级事项", "Category"),
    "name": ("二级事项", "Item"),
    "level": ("公开层级", "Level"),
    "subject": ("公开主体", "Subject"),
    "expected": ("应有", "Expected"),
    "covered": ("已覆盖", "Covered"),
    "missing": ("缺少", "Missing"),
    "local": ("本地增加", "Local"),
    "near": ("近似名称", "Near"),
    "catalogues": ("目录数", "Catalogues"),
    "issuer": ("发布主体", "Issuer"),
    "unknown_issuer": ("(未注明发布主体)", "(issuer not given)"),
    "unknown_level": ("层级未知", "level unknown"),
    "absent": ("无目录的领域", "Domains without a catalogue"),
    "undetermined": ("未能确定领域的目录", "Catalogues whose domain is unknown"),
    "aliases": ("别名", "Aliases"),
    "guideline": ("标准指引", "Guideline"),
    "unconfirmed": ("(?)=未经来源确认", "(?) = not confirmed by a source"),
    "official": ("官方数量", "Official counts"),
    "none": ("无", "none"),
    "unreadable": ("无法读取的文件", "Files that could not be read"),
    "only_category": ("(仅知一级事项)", "(only the category is known)"),
}


# the HTML report (`check --format html`, the web page's result) (catalog.reports.html)
HTML_REPORT_WORDS = {
    "zh": {
        "title": "目录检查报告", "summary": "检查摘要", "files": "文件", "errors": "错误",
        "warnings": "警告", "infos": "提示", "unreadable": "无法读取的文件", "rule": "规则",
        "severity": "级别", "count": "数量", "name": "名称", "verdict_fail": "结论：未通过",
        "verdict_pass": "结论：通过", "hint": "处理办法", "where": "位置", "value": "单元格内容",
        "row": "所在行", "more": "同类问题另有 {n} 处", "unlisted": "……另有 {n} 处未列出",
        "back": "返回摘要", "none": "未发现问题。", "empty": "（空）", "column": "栏目",
        "content": "内容", "by_file": "各文件情况", "lang": "zh-CN", "skip": "跳到主要内容",
        "generated": "由 catalog {version} 生成", "colon": "：",
    },
    "en": {
        "title": "Catalogue check report", "summary": "Summary", "files": "files",
        "errors": "errors", "warnings": "warnings", "infos": "info", "unreadable":
        "unreadable files", "rule": "Rule", "severity": "Severity", "count": "Count",
        "name": "Name", "verdict_fail": "Result: failed", "verdict_pass": "Result: passed",
        "hint": "How to fix", "where": "Where", "value": "Cell value", "row": "Row",
        "more": "{n} more of the same", "unlisted": "… and {n} more not listed",
        "back": "Back to the summary", "none": "No problems found.", "empty": "(blank)",
        "column": "Column", "content": "Text", "by_file": "Files", "lang": "en",
        "skip": "Skip to main content", "generated": "Made by catalog {version}",
        "colon": ": ",
    },
}


# `catalog diff`: the 修订说明 text (catalog.versions.text)
DIFF_WORDS = {
    "zh": {"title": "目录版本比较", "old": "原版", "new": "新版", "summary": "变更汇总",
           "table": "修订说明", "notes": "提示", "none": "两版没有差异。",
           "edition": "{catalogues} 个目录,{items} 个事项", "similarity": "相似度",
           "check": "请核实", "cosmetic": "仅格式差异", "deleted": "删", "inserted": "增",
           "note": "{domain}:{count} 个事项仍引用已被取代的{cited},{since}年起为{replaced_by}"
                   "(如 {example})"},
    "en": {"title": "Catalogue editions compared", "old": "old", "new": "new",
           "summary": "Summary", "table": "Changes", "notes": "Notes",
           "none": "No differences.", "edition": "{catalogues} catalogues, {items} items",
           "similarity": "similarity", "check": "please confirm", "cosmetic": "cosmetic only",
           "deleted": "-", "inserted": "+",
           "note": "{domain}: {count} items still cite {cited}, replaced by {replaced_by} in "
                   "{since} (e.g. {example})"},
}

# (catalog.versions.text)
DIFF_FIELDS_EN = {"category": "category", "name": "name", "content": "content", "basis": "basis",
             "time_limit": "time limit", "subject": "subject", "channels": "channels",
             "audience": "audience", "mode": "mode", "level": "level"}


# the assessment scorecard (catalog.scorecard.render)
SCORECARD_WORDS = {
    "title": ("政务公开标准目录评估", "Disclosure catalogue scorecard"),
    "issuer": ("发布主体", "Issuer"),
    "level": ("层级", "Level"),
    "items": ("事项数", "Items"),
    "score": ("得分", "Score"),
    "total": ("全部（合计）", "All (total)"),
    "unknown": ("(未注明发布主体)", "(issuer not given)"),
    "method": ("方法", "Method"),
    "cases": ("问题事项", "Offending items"),
    "notes": ("另列", "Also listed"),
    "unreadable": ("无法读取的文件", "Files that could not be read"),
    "scheme": ("评分规则", "Scoring"),
    "deduct": ("每例扣 {n} 分，上限 {m} 分", "{n} per case, at most {m}"),
    "ratio": ("权重 × 比例", "weight × share"),
    "more": ("…… 另有 {n} 项", "… and {n} more"),
    "reference": ("参照", "Reference"),
}

# (catalog.scorecard.render)
SCORECARD_HTML_WORDS = {
    "date": ("评估日期", "Date"), "colon": ("：", ": "), "legend": ("图例", "Legend"),
    "top_rules": ("最常见的规则", "Top rules"),
    "skip": ("跳到主要内容", "Skip to the main content"),
    "generated": ("由 catalog {version} 生成", "Made by catalog {version}"),
}

# `catalog serve`: the check page (catalog.serve.words)
SERVE_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "html_lang": "zh-CN", "site": "基层政务公开标准目录检查", "skip": "跳到主要内容",
        "nav": "网站导航", "nav_check": "检查目录", "nav_template": "下载填报模板",
        "other_lang": "English", "other_lang_code": "en",
        "check_title": "检查目录文件",
        "check_intro": "选择一个或多个目录文件（xlsx、xls、ods、csv、json），按“检查”。"
                       "检查完成后可下载标注了问题的副本、自动修正的副本和检查结果。",
        "files": "目录文件",
        "files_help": "可多选，也可以把文件拖到这里。单次上传合计不超过 {limit}。",
        "optional": "可选：文件中没有写明时使用", "issuer": "公开主体（发布单位）",
        "issuer_help": "例如：某某乡人民政府", "level": "层级", "domain": "试点领域",
        "any": "（不指定）", "submit": "检查",
        "privacy": "文件只在检查期间保存在服务器上，检查结束即删除；下载内容都在结果页面中，"
                   "保存本页即可留存。",
        "counts_line": "{files} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 条提示。",
        "result_title": "检查结果", "jump": "本页内容", "jump_report": "检查报告",
        "jump_downloads": "下载", "jump_coverage": "覆盖情况", "jump_changes": "自动修正",
        "again": "再检查一个文件",
        "downloads": "下载（同一次检查的结果）",
        "download_annotated": "标注了问题的副本（含“检查结果”工作表）",
        "download_fixed": "安全自动修正后的副本",
        "download_findings-xlsx": "检查结果（Excel 表格）",
        "download_findings-json": "检查结果（JSON）", "no_downloads": "本次没有可下载的文件。",
        "bytes": "{size} KB",
        "too_big_for_page": "：太大，无法放入网页。请拆分文件，或在命令行运行 catalog check。",
        "unreadable_title": "以下文件无法读取", "hint": "处理办法",
        "changes": "自动修正的内容", "before": "原内容", "after": "改为",
        "no_changes": "没有可自动修正的内容",
        "changes_count": "共 {n} 处修改",
        "coverage": "覆盖情况（对照国家标准事项）", "coverage_issuer": "公开主体",
        "coverage_level": "层级", "coverage_domain": "领域", "coverage_covered": "已覆盖/应有",
        "coverage_missing": "缺少的事项", "coverage_local": "本地增加", "none": "无",
        "unknown": "（未写明）", "coverage_undetermined": "{n} 个目录无法确定所属领域",
        "coverage_empty": "没有可读取的目录，无法统计覆盖情况。",
        "template_title": "下载填报模板",
        "template_intro": "选择试点领域和层级，下载带下拉选项的空白填报模板（xlsx）。",
        "template_submit": "下载模板", "required": "（必填）",
        "error_title": "无法完成检查", "back": "返回检查页面",
        "too_large": "上传内容超过单次上限（{limit}），请分批上传或拆分文件。",
        "no_files": "没有收到文件：请先选择至少一个目录文件。",
        "too_many_files": "一次最多检查 {limit} 个文件，请分批上传。",
        "bad_form": "无法读取上传的表单，请重新选择文件后再试。",
        "busy": "服务器正忙（排队的检查过多），请稍后再试。",
        "bad_level": "无法识别的层级“{value}”。",
        "bad_domain": "无法识别的试点领域“{value}”。",
        "internal": "服务器内部错误，不是您文件的问题。请把出错时间告诉管理员。",
        "not_found": "没有这个页面。",
        "generated": "由 catalog {version} 生成",
    },
    "en": {
        "html_lang": "en", "site": "Disclosure catalogue check", "skip": "Skip to main content",
        "nav": "Site", "nav_check": "Check catalogues", "nav_template": "Fill-in templates",
        "other_lang": "中文", "other_lang_code": "zh",
        "check_title": "Check catalogue files",
        "check_intro": "Choose one or more catalogue files (xlsx, xls, ods, csv, json) and "
                       "press Check. You can then download a copy with the problems marked, a "
                       "safely fixed copy and the findings.",
        "files": "Catalogue files", "files_help": "Choose several or drop them here. At most "
                                                  "{limit} per upload.",
        "optional": "Optional: used where the file does not say", "issuer": "Issuer",
        "issuer_help": "e.g. 某某乡人民政府", "level": "Level", "domain": "Pilot domain",
        "any": "(not given)", "submit": "Check",
        "privacy": "Files stay on the server only while they are checked and are deleted "
                   "afterwards; the downloads are inside the result page: save the page to "
                   "keep them.",
        "counts_line": "{files} file(s): {errors} error(s), {warnings} warning(s), "
                       "{infos} info.",
        "result_title": "Check result", "jump": "On this page", "jump_report": "Report",
        "jump_downloads": "Downloads", "jump_coverage": "Coverage", "jump_changes": "Fixes",
        "again": "Check another file",
        "downloads": "Downloads (from this check)",
        "download_annotated": "Copy with the problems marked (and a Findings sheet)",
        "download_fixed": "Safely fixed copy", "download_findings-xlsx": "Findings (Excel)",
        "download_findings-json": "Findings (JSON)", "no_downloads": "Nothing to download.",
        "bytes": "{size} KB",
        "too_big_for_page": ": too large to carry in the page. Split the file, or run catalog "
                            "check on the command line.",
        "unreadable_title": "These files could not be read", "hint": "How to fix",
        "changes": "Automatic fixes", "before": "was", "after": "now",
        "no_changes": "nothing to fix",
        "changes_count": "{n} change(s)",
        "coverage": "Coverage of the national items", "coverage_issuer": "Issuer",
        "coverage_level": "Level", "coverage_domain": "Domain",
        "coverage_covered": "Covered / expected", "coverage_missing": "Missing items",
        "coverage_local": "Local additions", "none": "none", "unknown": "(not stated)",
        "coverage_undetermined": "{n} catalogue(s) of unknown domain",
        "coverage_empty": "No readable catalogue, so no coverage.",
        "template_title": "Fill-in templates",
        "template_intro": "Choose a pilot domain and a level to download a blank fill-in "
                          "template (xlsx) with dropdowns.",
        "template_submit": "Download the template", "required": "(required)",
        "error_title": "The check could not be done", "back": "Back to the check page",
        "too_large": "The upload is over the limit of {limit} per check: upload fewer "
                     "files at a time or split the file.",
        "no_files": "No file received: choose at least one catalogue file first.",
        "too_many_files": "At most {limit} files per check: upload them in batches.",
        "bad_form": "The upload could not be read: choose the files again and retry.",
        "busy": "The server is busy (too many checks waiting): please try again shortly.",
        "bad_level": "Unknown level “{value}”.",
        "bad_domain": "Unknown pilot domain “{value}”.",
        "internal": "An internal error on the server, not a problem with your file. Please "
                    "tell the administrator when it happened.",
        "not_found": "No such page.",
        "generated": "Made by catalog {version}",
    },
}

# (catalog.serve.jobs)
SERVE_LABELS = {
    "zh": {"annotated": "已标注", "fixed": "已修正", "findings": "检查结果",
           "findings_sheet": "检查结果"},
    "en": {"annotated": "annotated", "fixed": "fixed", "findings": "findings",
           "findings_sheet": "Findings"},
}

# (catalog.serve.jobs)
SERVE_COLUMNS = {
    "zh": ("序号", "文件", "工作表", "单元格", "位置", "规则", "级别", "说明", "处理办法"),
    "en": ("No.", "File", "Sheet", "Cell", "Place", "Rule", "Severity", "Message", "How to fix"),
}


# the 检查结果 sheet of an annotated copy (catalog.workbooks.annotate)
ANNOTATION_HEADINGS = {"zh": ("序号", "级别", "代码", "位置", "说明"),
             "en": ("No.", "Severity", "Code", "Location", "Message")}
