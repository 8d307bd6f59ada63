"""The lines the CLI prints besides reports (status, errors), in Chinese and English.

A township clerk reads every one of them: each exists in both languages here, Chinese with
full-width punctuation (a test checks both), and the CLI only picks one by ``--lang``.
"""

from __future__ import annotations

from typing import Any

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
    from catalog.core.safe_text import (
        terminal_line,  # compiled regexes: not at `import catalog.cli.main`
    )

    zh, en = MESSAGES[key]
    return terminal_line((zh if lang == "zh" else en).format(**params))
