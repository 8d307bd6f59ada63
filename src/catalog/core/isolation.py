"""Running work on untrusted files in worker processes that may die without ending the run.

A native reader (python-calamine is Rust) aborts the whole process when a crafted file makes it
allocate hundreds of gigabytes, and a pathological file can keep any parser busy for hours.
Neither can be caught in the process that suffers it, so each file is handled in a worker
process that the run supervises: the worker's address space is capped (``RLIMIT_AS``, so a huge
allocation fails at once instead of swapping the machine), a worker that dies is replaced and
the file it held is reported through ``failed``, and a file that takes longer than its time
budget has its worker killed. Workers ignore SIGINT: on Ctrl-C (or any exception, or when the
consumer stops iterating) the supervisor kills them at once instead of waiting for their files.

Workers are forked where the platform allows it (:mod:`catalog.core.forking`): no re-import,
and ``work`` need not pickle; elsewhere (Windows) :mod:`multiprocessing` spawns them.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Sequence
from contextlib import suppress
from functools import partial
from typing import Any, Generic, NamedTuple, TypeVar

from catalog.core import forking

T = TypeVar("T")
R = TypeVar("R")


# A NamedTuple: made at import in ~0.1 ms, a frozen dataclass in ~0.5 ms (start-up).
class Failure(NamedTuple):
    """Why a worker produced no result: ``"crashed"`` (with its exit status) or ``"timeout"``."""

    kind: str
    detail: str
    seconds: float


FORK = hasattr(os, "fork")


def _start(work: Callable[[Any], Any], quiet: bool) -> tuple[Any, Any]:
    """A worker serving ``work``: (the connection to it, its process)."""
    if FORK:
        forked = forking.Process(partial(_serve, work=work, quiet=quiet))
        return forked.connection, forked
    import multiprocessing  # lazy: only where there is no fork (forking.py says why)

    context = multiprocessing.get_context("spawn")
    connection, child = context.Pipe()
    process = context.Process(target=_serve, args=(child, work, quiet), daemon=True)
    process.start()
    child.close()
    return connection, process


def _wait(handles: list[Any], timeout: float | None) -> list[Any]:
    if FORK:
        return forking.wait(handles, timeout)
    from multiprocessing.connection import wait  # lazy: see _start

    return wait(handles, timeout)


def _address_space() -> int | None:
    """This process's current virtual size in bytes (Linux), or None where unknown."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def cap_memory(extra_bytes: int | None) -> None:
    """Cap this process's address space at its current size plus ``extra_bytes``.

    Only the soft limit moves, so a later task may set another cap. A no-op where the
    platform has no ``RLIMIT_AS`` (Windows) or the current size is unknown.
    """
    try:
        import resource
    except ImportError:  # Windows
        return
    current = _address_space()
    if extra_bytes is None or current is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = current + extra_bytes
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _silence_native_output() -> None:
    """Point this process's descriptor 2 at the null device: a native reader that aborts
    prints its allocation failure and a backtrace there, which no user should see."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    os.dup2(null, 2)
    os.close(null)


# A worker still busy this many seconds after it started asks to die with the supervisor. One
# that finishes sooner needs not: it finds the supervisor gone when it answers. Asking costs
# ~2.5 ms (ctypes), a tenth of checking a small file, which most workers do.
DEATH_SIGNAL_AFTER = 0.2


def _die_with_parent(parent: int) -> None:
    """Linux: be killed when the supervisor (``parent``) dies, even by SIGKILL, instead of
    finishing a file nobody waits for. Runs in a thread of its own, which then waits for
    ever: the kernel keeps the request with the thread that made it, and forgets it when
    that thread ends."""
    if not os.path.exists("/proc/self"):
        return
    try:
        import ctypes  # lazy: see DEATH_SIGNAL_AFTER

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the signal was asked for
        os.kill(os.getpid(), signal.SIGKILL)
    threading.Event().wait()


def _serve(connection: Any, work: Callable[[Any], Any], quiet: bool) -> None:
    """A worker's loop: one task in, one result out, until told to stop (``None``).

    Anything that escapes ``work`` ends the worker without a traceback: the supervisor
    reports the file as crashed.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides; it kills us
    watch = threading.Timer(DEATH_SIGNAL_AFTER, _die_with_parent, (os.getppid(),))
    watch.daemon = True
    watch.start()
    os.environ["RUST_BACKTRACE"] = "0"
    if quiet:
        import faulthandler

        faulthandler.disable()  # a test runner's dump of the aborting thread is noise too
        _silence_native_output()
    try:
        while True:
            try:
                task = connection.recv()
            except (EOFError, OSError):
                return
            if task is None:
                return
            item, memory = task
            cap_memory(memory)
            result = work(item)
            connection.send(result)
    except BaseException:
        os._exit(70)


class _Worker(Generic[T]):
    def __init__(self, work: Callable[[T], Any], quiet: bool) -> None:
        self.connection, self.process = _start(work, quiet)
        self.task: tuple[int, T] | None = None
        self.started = 0.0
        self.seconds: float | None = None

    def give(self, index: int, item: T, memory: int | None, seconds: float | None) -> None:
        self.task, self.started, self.seconds = (index, item), time.monotonic(), seconds
        self.connection.send((item, memory))

    def stop(self, wait_for: float) -> None:
        """Ask politely when idle (``wait_for`` > 0), otherwise kill; never linger."""
        if self.task is None and wait_for > 0 and self.process.is_alive():
            with suppress(OSError):
                self.connection.send(None)
            self.process.join(wait_for)
        if self.process.is_alive():
            self.process.kill()
        self.process.join(1)
        self.connection.close()


def describe_exit(code: int | None) -> str:
    """``SIGABRT`` for a worker killed by a signal, ``exit 1`` otherwise."""
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit {code}"


Budget = tuple[int | None, float | None]  # (memory, seconds) for one item; None: no limit


def _unlimited(item: Any) -> Budget:
    return None, None


def supervised_map(work: Callable[[T], R], items: Sequence[T], jobs: int, *,
                   failed: Callable[[T, Failure], R],
                   budget: Callable[[T], Budget] = _unlimited, quiet: bool = True
                   ) -> Generator[R, None, None]:
    """``work(item)`` for every item in up to ``jobs`` worker processes; results in order.

    ``budget(item)`` gives the bytes the worker's address space may grow by while it works on
    the item, and the item's time budget in seconds. An item whose worker dies or overruns becomes
    ``failed(item, failure)``; the worker is replaced and the other items go on. ``quiet``
    workers write nothing to the terminal (pass False when ``work`` draws progress).
    """
    if not items:
        return
    queue: deque[tuple[int, T]] = deque(enumerate(items))
    done: dict[int, R] = {}
    workers: list[_Worker[T]] = []
    emitted = 0
    finished = False
    try:
        count = max(1, min(jobs, len(items)))
        workers = [_Worker(work, quiet) for _ in range(count)]
        while emitted < len(items):
            for index, worker in enumerate(workers):
                if worker.task is None and queue:
                    if not worker.process.is_alive():
                        worker.stop(0)
                        workers[index] = worker = _Worker(work, quiet)
                    index, item = queue.popleft()
                    worker.give(index, item, *budget(item))
            _collect(workers, done, failed)
            while emitted in done:
                yield done.pop(emitted)
                emitted += 1
        finished = True
    finally:
        for worker in workers:
            worker.stop(1.0 if finished else 0)


def _collect(workers: list[_Worker[T]], done: dict[int, R],
             failed: Callable[[T, Failure], R]) -> None:
    """Wait for any busy worker to answer, die or overrun its budget; record the outcome.

    A worker that died or overran is killed and left idle: the caller replaces it when
    there is more work.
    """
    busy = [worker for worker in workers if worker.task is not None]
    if not busy:
        return
    deadlines = [worker.started + worker.seconds for worker in busy if worker.seconds is not None]
    timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
    handles: list[Any] = [worker.connection for worker in busy]
    handles += [worker.process.sentinel for worker in busy]
    ready = set(_wait(handles, timeout))
    now = time.monotonic()
    for worker in busy:
        assert worker.task is not None
        index, item = worker.task
        elapsed = now - worker.started
        if worker.connection in ready:
            try:
                done[index] = worker.connection.recv()
                worker.task = None
                continue
            except (EOFError, OSError):
                pass  # died while answering: judged as a crash below
        if worker.connection in ready or worker.process.sentinel in ready:
            worker.process.join(1)
            failure = Failure("crashed", describe_exit(worker.process.exitcode), elapsed)
        elif worker.seconds is not None and elapsed >= worker.seconds:
            failure = Failure("timeout", f"{worker.seconds:g} s", elapsed)
        else:
            continue
        worker.task = None
        worker.stop(0)
        done[index] = failed(item, failure)
