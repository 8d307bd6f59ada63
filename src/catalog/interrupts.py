"""Stopping cleanly on Ctrl-C (SIGINT) and ``kill`` (SIGTERM).

Both become an exception in the main thread, so the same ``except``/``finally`` blocks run
for either: temporary files of :func:`catalog.files.atomic_write` are removed, worker pools
are shut down, and the command ends with 130 or 143 (128 + the signal, as a shell reports a
command killed by it) and a one-line message instead of a Python traceback. SIGTERM's
default action would end the process on the spot, leaving ``.tmp`` files beside the input
and worker processes waiting forever for work.
"""

from __future__ import annotations

import os
import signal
from types import FrameType

EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that code which cleans up after one cleans up after both."""


_state = {"pid": 0, "received": 0}


def _stop(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _state["pid"]:  # a forked worker: behave as if nothing was installed
        if signum == signal.SIGTERM:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        raise KeyboardInterrupt
    _state["received"] += 1
    if _state["received"] == 1:
        raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt
    if _state["received"] >= 3:  # the user insists: stop now, even in the middle of cleaning up
        os._exit(exit_code_for(signum))
    # The second signal is ignored: the first one's cleanup is running (temporary files).


def install() -> None:
    """Turn SIGINT and SIGTERM into exceptions in this (the main) process; call once, early.

    A signal already ignored (``nohup``, a background job) stays ignored. SIGXFSZ is ignored
    so that a file-size limit (``ulimit -f``) makes a write fail with EFBIG, reported as a
    full disk, instead of killing the process with a half-written temporary file.
    """
    _state["pid"], _state["received"] = os.getpid(), 0
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _stop)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def exit_code_for(signum: int) -> int:
    return EXIT_TERMINATED if signum == signal.SIGTERM else EXIT_INTERRUPTED


def exit_code(interruption: KeyboardInterrupt) -> int:
    """130 for Ctrl-C, 143 for SIGTERM."""
    return EXIT_TERMINATED if isinstance(interruption, Terminated) else EXIT_INTERRUPTED


__all__ = ["Terminated", "exit_code", "install"]
