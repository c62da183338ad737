"""Where the run's heavy steps execute: in-process, local worker processes, or Dask.

One small interface: ``submit(fn, *args)`` returns a ``concurrent.futures.Future``; the
pipeline (``run/stream.py``) does not know which executor runs it. ``checks_remotely`` says
whether link checking is shipped too (Dask: per domain group on the workers, sharing the
PostgreSQL history) or stays in the main process's event loop (one politeness book).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os
from collections.abc import Callable
from typing import Any, Protocol

from linkaudit.run.worker import start_worker, warm_worker

# how long stopped workers get to exit after SIGTERM before they are killed
_STOP_GRACE_S = 5.0


class Executor(Protocol):
    name: str
    workers: int
    checks_remotely: bool

    def submit(self, fn: Callable[..., Any], *args: Any) -> concurrent.futures.Future[Any]:
        """Run ``fn(*args)`` somewhere; its result (or exception) through the future."""
        ...

    def close(self) -> None:
        """The run is done: release the workers once the submitted work is finished."""
        ...

    def abort(self) -> None:
        """The run was stopped (a signal, an error): drop the queued work, stop the workers now."""
        ...


class InProcess:
    """Runs each step at once in this process (one job, or runs too small to share)."""

    name = "in-process"
    workers = 1
    checks_remotely = False

    def __init__(self) -> None:
        warm_worker()

    def submit(self, fn: Callable[..., Any], *args: Any) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:  # the pipeline reads it from the future, as from a worker
            future.set_exception(exc)
        return future

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


class LocalProcesses:
    """``--jobs N`` spawned worker processes, each warmed once by ``warm_worker``."""

    name = "processes"
    checks_remotely = False

    def __init__(self, jobs: int) -> None:
        self.workers = jobs
        # spawn, not fork: the main process runs an event loop and threads by now
        self._pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_worker,
            initargs=(os.getpid(),),
        )

    def submit(self, fn: Callable[..., Any], *args: Any) -> concurrent.futures.Future[Any]:
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        # shutdown(wait=True) would let every running batch finish first: after a signal
        # the workers' results have nowhere to go, so they are terminated instead
        found: Any = getattr(self._pool, "_processes", None)  # 3.11 has no public list
        processes = list(found.values()) if found else []
        self._pool.shutdown(wait=False, cancel_futures=True)
        _stop(processes)


def _stop(processes: list[multiprocessing.process.BaseProcess]) -> None:
    """SIGTERM each worker, SIGKILL what is left after the grace period."""
    import time

    for proc in processes:
        with contextlib.suppress(OSError, ValueError):
            proc.terminate()
    deadline = time.monotonic() + _STOP_GRACE_S
    for proc in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(1.0)


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def make_executor(jobs: int, documents: int, batch: int, dask: str | None) -> Executor:
    """The executor for a run: Dask when an address is given, else processes when they pay."""
    if dask:
        from linkaudit.run.dask_executor import DaskExecutor

        return DaskExecutor(dask)
    # starting a worker costs more than extracting one batch: fewer documents stay here
    if jobs > 1 and documents > batch:
        return LocalProcesses(jobs)
    return InProcess()
