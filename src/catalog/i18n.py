"""Every text a person reads, in Chinese and English, and how it is filled in.

Findings stay data (a code and parameters) until a report or a page renders them here, at the
edge: Chinese by default, English on request. This module holds the shared tables (field
titles, severity labels, the command line's status lines) and the one function that fills a
message template; each rule carries its own message templates and titles
(:mod:`catalog.rules`), and each page its own words next to its templates.

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
