"""Stopping cleanly on Ctrl-C (SIGINT) and ``kill`` (SIGTERM).

Both become an exception in the main thread, so the same ``except``/``finally`` blocks run
for either: temporary files of :func:`catalog.core.files.atomic_write` are removed, worker pools
are shut down, and the command ends with 130 or 143 (128 + the signal, as a shell reports a
command killed by it) and a one-line message instead of a Python traceback. SIGTERM's
default action would end the process on the spot, leaving ``.tmp`` files beside the input
and worker processes waiting forever for work.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType
from typing import Any

EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that code which cleans up after one cleans up after both."""


_state = {"pid": 0, "received": 0, "signum": 0, "delivered": 0}


def _interruption(signum: int) -> KeyboardInterrupt:
    return Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


def _stop(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _state["pid"]:  # a worker forked from the command
        if signum == signal.SIGTERM:  # killed on its own: end as the default would
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        # Ctrl-C reaches every process of the terminal's group: the main process stops the
        # run and shuts the pool down; a worker raising here would print a traceback of
        # multiprocessing's internals and break the pool.
        return
    _state["received"] += 1
    if _state["received"] == 1:
        _state["signum"] = signum
        raise _interruption(signum)
    if _state["received"] >= 3:  # the user insists: stop now, even in the middle of cleaning up
        os._exit(exit_code_for(signum))
    # The second signal is ignored: the first one's cleanup is running (temporary files).


def checkpoint() -> None:
    """Raise the interruption again if the first one was lost.

    Python prints and drops an exception raised where it cannot propagate (an at-fork hook
    while a worker process starts, a destructor): a signal landing there would let the run
    go on to the end. Long loops call this between steps.
    """
    if _state["signum"] and not _state["delivered"]:
        raise _interruption(_state["signum"])


def _quiet_unraisable(unraisable: Any) -> None:
    """Say nothing of an interruption Python could not raise: :func:`checkpoint` raises it
    again; other unraisable errors are reported as usual."""
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)


def _quiet_thread_error(failure: Any) -> None:
    """Once the run is stopping, a helper thread that trips over the pool being torn down
    (concurrent.futures' manager thread, when the workers got the signal too) is noise, not
    news: the user sees "已中断" alone. Before that, thread errors are reported as usual."""
    if not _state["signum"]:
        threading.__excepthook__(failure)


def install() -> None:
    """Turn SIGINT and SIGTERM into exceptions in this (the main) process; call once, early.

    A signal already ignored (``nohup``, a background job) stays ignored. SIGXFSZ is ignored
    so that a file-size limit (``ulimit -f``) makes a write fail with EFBIG, reported as a
    full disk, instead of killing the process with a half-written temporary file.
    """
    _state.update(pid=os.getpid(), received=0, signum=0, delivered=0)
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _stop)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    sys.unraisablehook = _quiet_unraisable
    threading.excepthook = _quiet_thread_error


def exit_code_for(signum: int) -> int:
    return EXIT_TERMINATED if signum == signal.SIGTERM else EXIT_INTERRUPTED


def exit_code(interruption: KeyboardInterrupt) -> int:
    """130 for Ctrl-C, 143 for SIGTERM; the interruption is handled from here on."""
    _state["delivered"] = 1
    return EXIT_TERMINATED if isinstance(interruption, Terminated) else EXIT_INTERRUPTED


__all__ = ["Terminated", "checkpoint", "exit_code", "install"]
