"""CAT593: text that is not text. Emitted by the readers, which alone see the raw escapes.

A JSON string may spell half of a UTF-16 surrogate pair (``"\\ud800"``); Python keeps it as a
lone surrogate, which no UTF encoding can write, so every report and every converted file
would fail on it. The reader replaces each with U+FFFD and says where.
"""

from __future__ import annotations

from catalog.core.findings import Severity
from catalog.rules.engine import Rule

INVALID_TEXT = Rule(
    code="CAT593",
    name="invalid-unicode-text",
    severity=Severity.ERROR,
    message_zh="{pointer} 处的文字含无效字符 {char}（孤立的 UTF-16 代理项，不是文字），"
    "已替换为 U+FFFD（�）",
    message_en="The text at {pointer} holds the invalid character {char} (a lone UTF-16 "
    "surrogate, not text); it was replaced by U+FFFD (�)",
    rationale="A lone surrogate cannot be stored in UTF-8: left in place it would break every "
    "report and every converted file; replaced silently it would lose data unnoticed.",
    example='"content": "救助\\ud800" (half of a surrogate pair written as an escape)',
    hint_zh="在原文件中改正该处文字（多由错误的转义或编码转换造成）",
    hint_en="Correct the text in the source file (usually a broken escape or encoding conversion)",
)

RULES: list[Rule] = [INVALID_TEXT]
