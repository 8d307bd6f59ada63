"""A forked worker process and the pipes to it: what :mod:`catalog.core.isolation` needs of
:mod:`multiprocessing` where ``os.fork`` exists, without it.

Importing :mod:`multiprocessing` (with :mod:`socket` and :mod:`subprocess`) cost every check
~6 ms, a twentieth of checking a small file. The parts used here are few: fork, a pipe each
way carrying pickled objects, a sentinel that turns readable when the worker ends, and wait.
They behave as :mod:`multiprocessing`'s do (``exitcode`` is minus the signal's number for a
worker killed by one; ``recv`` raises ``EOFError`` when the worker is gone).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any

_HEADER = struct.Struct("!Q")  # the length of the pickle that follows


class Connection:
    """One side of a worker's pipes: reads what the other side sends, sends it objects."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self._read, self._write = read_fd, write_fd

    def fileno(self) -> int:
        """The descriptor that turns readable when something (or the end) arrives."""
        return self._read

    def send(self, value: Any) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(self._write, _HEADER.pack(len(data)))
        _write_all(self._write, data)

    def recv(self) -> Any:
        (size,) = _HEADER.unpack(_read_exactly(self._read, _HEADER.size))
        return pickle.loads(_read_exactly(self._read, size))

    def close(self) -> None:
        for fd in (self._read, self._write):
            with suppress(OSError):
                os.close(fd)
        self._read = self._write = -1


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd: int, size: int) -> bytearray:
    """``size`` bytes, read into one buffer (a 100,000-row file's findings are ~50 MB: never
    held twice)."""
    data = bytearray(size)
    view = memoryview(data)
    done = 0
    while done < size:
        count = os.readv(fd, [view[done:]])
        if not count:
            raise EOFError("the other side of the pipe is gone")
        done += count
    return data


class Process:
    """``target(connection)`` in a forked child, which then exits (0, or 1 if it raised)."""

    def __init__(self, target: Callable[[Connection], None]) -> None:
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        sentinel_read, sentinel_write = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # or the child repeats their buffered text
            with suppress(AttributeError, ValueError, OSError):
                stream.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 1
            try:
                for fd in (task_write, result_read, sentinel_read):
                    os.close(fd)
                _detach_stdin()
                target(Connection(task_read, result_write))
                code = 0
            finally:
                for stream in (sys.stdout, sys.stderr):
                    with suppress(AttributeError, ValueError, OSError):
                        stream.flush()
                os._exit(code)  # the sentinel's write end closes here
        for fd in (task_read, result_write, sentinel_write):
            os.close(fd)
        self.pid = pid
        self.sentinel = sentinel_read
        self.connection = Connection(result_read, task_write)
        self.exitcode: int | None = None

    def _poll(self, flags: int) -> int | None:
        if self.exitcode is None:
            try:
                pid, status = os.waitpid(self.pid, flags)
            except ChildProcessError:  # reaped elsewhere: gone, its status unknown
                pid, status = self.pid, 1 << 8
            if pid:
                self.exitcode = os.waitstatus_to_exitcode(status)
                with suppress(OSError):
                    os.close(self.sentinel)
        return self.exitcode

    def is_alive(self) -> bool:
        return self._poll(os.WNOHANG) is None

    def join(self, timeout: float | None = None) -> None:
        if self.exitcode is None and (timeout is None or wait([self.sentinel], timeout)):
            self._poll(0)

    def kill(self) -> None:
        if self.exitcode is None:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def _detach_stdin() -> None:
    """A worker never reads the terminal (as :mod:`multiprocessing` does it)."""
    with suppress(OSError, ValueError, AttributeError):
        sys.stdin.close()
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as we do


def wait(handles: Iterable[Any], timeout: float | None = None) -> list[Any]:
    """The handles (descriptors, or objects with ``fileno``) readable, or at their end,
    within ``timeout`` seconds (None: until one is)."""
    handles = list(handles)
    poller = select.poll()
    by_fd: dict[int, list[Any]] = {}
    for handle in handles:
        fd = handle if isinstance(handle, int) else handle.fileno()
        by_fd.setdefault(fd, []).append(handle)
        poller.register(fd, select.POLLIN)
    events = poller.poll(None if timeout is None else max(0, int(timeout * 1000 + 0.999)))
    return [handle for fd, _ in events for handle in by_fd.get(fd, ())]
