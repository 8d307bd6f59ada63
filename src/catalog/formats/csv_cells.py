"""CSV cells a spreadsheet would run as formulas, escaped on writing and unescaped on reading.

A CSV cell is typed by whoever opens it, so text starting with = + - @, tab or CR could run as
a formula. Following the OWASP CSV-injection guidance such cells are prefixed with a single
quote; a cell that itself starts with a quote is prefixed too, so reading removes exactly one
quote in both cases. Shared by the CSV writer and reader (which then needs no writer).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED_STARTS = (*FORMULA_STARTS, "'")


def escape_cell(text: str) -> str:
    """Text that no spreadsheet will run as a formula; undone exactly by ``unescape_cell``."""
    return "'" + text if text.startswith(_ESCAPED_STARTS) else text


def unescape_cell(text: str) -> str:
    """Undo ``escape_cell``: drop one leading quote when it protects a formula start or quote."""
    if len(text) >= 2 and text[0] == "'" and text[1:].startswith(_ESCAPED_STARTS):
        return text[1:]
    return text
