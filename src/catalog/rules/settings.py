"""Findings about how the run's settings were applied (CAT530–CAT534).

Emitted by the checker, not by a check function: they say what was assumed from the
settings or the command line, so the user sees it beside the findings it affects.
"""

from __future__ import annotations

from catalog.core.findings import Severity
from catalog.rules.engine import Rule

LEVEL_FROM_ISSUER = Rule(
    code="CAT530",
    name="level-from-issuer",
    severity=Severity.INFO,
    message_zh="发布主体的层级按其名称“{issuer}”推断为{level}",
    message_en="The issuer's level was taken from its name “{issuer}” as {level}",
    rationale="CAT206 asks for --issuer: a township's name (某某镇人民政府) shows its level, so "
    "the level checks can run; the assumption is stated so that it can be corrected.",
    example="catalog check 目录.xlsx --issuer 江上乡人民政府 (no --level)",
    hint_zh="如不对，请用 --level 或 catalog.toml 中的 level 指定",
    hint_en="If that is wrong, give --level or set level in catalog.toml",
    workbook_hint_zh="如不对，请在 catalog.toml 中设置 level",
    workbook_hint_en="If that is wrong, set level in catalog.toml",
)

RULES: list[Rule] = [LEVEL_FROM_ISSUER]
