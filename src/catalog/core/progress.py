"""A one-line progress indicator on stderr for long runs.

Silent unless stderr is a terminal, and with ``--quiet``: CI logs and pipes stay clean.
Updates are throttled so that drawing never costs more than the work it reports.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, label: str, *, enabled: bool | None = None,
                 stream: TextIO | None = None, interval: float = 0.2,
                 start_after: int = 0) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.label = label
        self.done = 0
        self.interval = interval
        self.start_after = start_after  # stay silent for short runs
        self._last = 0.0
        isatty = getattr(self.stream, "isatty", lambda: False)
        self.enabled = isatty() if enabled is None else enabled

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        finished = bool(self.total) and self.done >= self.total
        if self.enabled and self.done >= self.start_after and (
            now - self._last >= self.interval or finished
        ):
            self._last = now
            self.stream.write("\r" + self.line())
            self.stream.flush()

    def line(self) -> str:
        """``label [#####-----] 5/10``, or ``label 40960`` when the total is not known."""
        if not self.total:
            return f"{self.label} {self.done}"
        width = 30
        filled = width * min(self.done, self.total) // self.total
        return f"{self.label} [{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total}"

    def close(self) -> None:
        if self.enabled and self.done >= self.start_after and self.done:
            self.stream.write("\n")
            self.stream.flush()
