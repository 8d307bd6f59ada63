"""Rendering a finding's message in Chinese or English, at the edge.

Parameters stay data until here. A parameter named ``field`` holds an item field key and is
shown as its column title (公开主体 / subject); lists are joined; a missing parameter shows as
``?`` rather than breaking the report.

``detail`` holds what a parser or the system said ("Expecting value", "no end of central
directory", "Permission denied"): English, and technical. No template shows it (a test
checks); it follows the English message, and the Chinese one only with ``--debug``, so a
clerk never reads English inside a Chinese sentence. JSON reports keep it in params.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from catalog.standard.model import ITEM_FIELDS

if TYPE_CHECKING:
    from catalog.core.findings import Finding
    from catalog.rules import Rule, RuleRegistry

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


def render(rule: Rule, params: dict[str, Any], lang: str = "zh", debug: bool = False) -> str:
    """The rule's message for these parameters, in ``lang`` (zh or en); technical details
    follow as :func:`technical_detail` says."""
    values = _Params(params)  # str.format shows other values as str() does; lists are joined
    for key, value in params.items():
        if type(value) is not str and isinstance(value, list | tuple | set | frozenset):
            values[key] = _text(value)
    if "field" in params:
        values["field"] = field_title(str(params["field"]), lang)
    if values.get("item") in (None, ""):
        values["item"] = "（未命名事项）" if lang == "zh" else "(unnamed item)"
    template = rule.message_zh if lang == "zh" else rule.message_en
    return template.format_map(values) + technical_detail(params, lang, debug)


def message_for(finding: Finding, registry: RuleRegistry, lang: str = "zh",
                debug: bool = False) -> str:
    """A finding's message; a code no rule defines still yields a readable line."""
    if finding.code in registry:
        return render(registry.get(finding.code), finding.params, lang, debug)
    return f"{finding.code} {finding.params}"
