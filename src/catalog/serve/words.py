"""The page texts in Chinese and English, and which language a request gets.

Chinese is the default (the users are township staff); ``?lang=en`` or a browser whose
Accept-Language prefers English gets English. Chinese texts use full-width punctuation.
"""

from __future__ import annotations

LANGS = ("zh", "en")

WORDS: dict[str, dict[str, str]] = {
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


def choose_lang(query: str | None, accept_language: str | None) -> str:
    """``?lang=`` if it names a language we have, else the browser's preference, else zh."""
    if query in LANGS:
        return query
    best: tuple[float, str] | None = None
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGS:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality - position * 1e-6, primary)
    return best[1] if best else "zh"
