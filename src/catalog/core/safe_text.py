"""Text from the data made safe for the place a report puts it.

Cell values reach terminals, CI logs and XML parsers. An ESC or BEL from a cell must not drive
the reader's terminal, a right-to-left override must not reorder a line, a value (or file
name) ``::error file=…`` must not become a GitHub Actions workflow command, a lone surrogate
(``"\\ud800"`` in JSON, a file name in a foreign encoding) must not make the report
unencodable, and JUnit XML must stay well-formed. Each function here is one of those rules;
each is a no-op (one C-level regex search) for ordinary text.
"""

from __future__ import annotations

import re

from catalog.core.patterns import lazy_compile

REPLACEMENT = "\ufffd"
SURROGATES = lazy_compile("[\ud800-\udfff]")
# C0 and C1 controls, DEL, the bidirectional controls (Trojan Source: marks, embeddings,
# overrides and isolates), the Unicode line and paragraph separators, surrogates and the two
# non-characters XML 1.0 forbids. Tab, LF and CR are controls too: inside one report line
# they would start another line.
_UNSAFE = lazy_compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
    "\ud800-\udfff\ufffe\uffff]"
)
_UNSAFE_KEEPING_LINES = lazy_compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# A workflow command starts a line (after spaces) with ``::``; the runner's older syntax,
# ``##[command]``, is found anywhere in a line.
_WORKFLOW_COMMAND = lazy_compile(r"^(\s*)::", re.MULTILINE)
_OLD_WORKFLOW_COMMAND = lazy_compile(r"##\[")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return REPLACEMENT
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control, bidi override and line break shown as an escape
    (``\\x1b``, ``\\u202e``, ``\\n``) and lone surrogates as U+FFFD: one line, shown as is."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def visible_keeping_lines(text: str) -> str:
    """As :func:`visible`, but LF and CR stay (formats that escape them their own way)."""
    return _UNSAFE_KEEPING_LINES.sub(_escape, text) if _UNSAFE_KEEPING_LINES.search(text) else text


def without_surrogates(text: str) -> str:
    """Lone surrogates (text no UTF encoding can hold) replaced by U+FFFD."""
    return SURROGATES.sub(REPLACEMENT, text) if SURROGATES.search(text) else text


def inert_line(line: str) -> str:
    """A line of plain-text output that a CI runner cannot take for a workflow command:
    a leading ``::`` becomes ``\\::`` and ``##[`` becomes ``#\\#[``."""
    if "::" in line:
        line = _WORKFLOW_COMMAND.sub(r"\1\\::", line)
    if "##[" in line:
        line = _OLD_WORKFLOW_COMMAND.sub(r"#\\#[", line)
    return line


def terminal_line(text: str) -> str:
    """One line of the text report: controls visible, no workflow command."""
    return inert_line(visible(text))
