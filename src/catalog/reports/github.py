"""GitHub Actions workflow commands: findings appear as annotations on the changed files.

Escaping follows the runner's rules (``%``, CR and LF in data; also ``:`` and ``,`` in
properties), so no value can end a command early or start another; other control
characters are shown as escapes so they cannot drive the log viewer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from catalog.checking.checker import FileResult
from catalog.core.findings import Severity
from catalog.core.safe_text import visible_keeping_lines
from catalog.rules.engine import RuleRegistry, message_for

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    text = visible_keeping_lines(text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(results: Sequence[FileResult], lang: str, registry: RuleRegistry) -> str:
    return "".join(github_chunks(results, lang, registry))


def github_chunks(results: Sequence[FileResult], lang: str, registry: RuleRegistry,
                  debug: bool = False) -> Iterator[str]:
    """One workflow command per finding, each a line, made as they are written."""
    for result in results:
        for finding in result.findings:
            location = finding.location
            props = [f"file={_escape_property(location.file)}"]
            line = location.line or location.row
            if line:
                props.append(f"line={line}")
            where = location.cell or location.pointer
            title = f"{finding.code} {where}" if where else finding.code
            props.append(f"title={_escape_property(title)}")
            message = _escape_data(message_for(finding, registry, lang, debug))
            yield f"::{_COMMAND[finding.severity]} {','.join(props)}::{message}\n"
