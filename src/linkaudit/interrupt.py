"""SIGINT and SIGTERM during a run: stop checking, keep what is done, write a partial report.

``on_signals`` installs, for the duration of a run on the running event loop, handlers that
cancel the run's task once and remember the signal. The run catches that cancellation at its
stage boundary (``was_stopped``), builds its reports from the checks finished so far (marked
``partial``) and the CLI writes them and exits 128 + the signal number (130, 143).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass
class Stop:
    """Which signal stopped the run, if any."""

    signal: int | None = None

    def was_stopped(self, exc: asyncio.CancelledError) -> bool:
        """True when ``exc`` is the cancellation a signal caused (else it must propagate)."""
        return self.signal is not None


@contextlib.contextmanager
def on_signals(enabled: bool) -> Iterator[Stop]:
    """Turn SIGINT/SIGTERM into one cancellation of the current task, while the block runs."""
    stop = Stop()
    if not enabled:
        yield stop
        return
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()

    def handle(signum: int) -> None:
        if stop.signal is None and task is not None:
            stop.signal = signum
            task.cancel()

    installed: list[tuple[signal.Signals, signal._HANDLER]] = []
    for sig in SIGNALS:
        try:
            before = signal.getsignal(sig)
            loop.add_signal_handler(sig, handle, sig)
            installed.append((sig, before))
        except (ValueError, RuntimeError, NotImplementedError):
            pass  # not the main thread, or no signals here: the default behaviour stays
    try:
        yield stop
    finally:
        for sig, before in installed:
            loop.remove_signal_handler(sig)
            # remove_signal_handler leaves SIG_DFL: put back what the caller had installed
            with contextlib.suppress(ValueError, TypeError, OSError):
                signal.signal(sig, before)


class Terminated(BaseException):
    """SIGTERM outside a run's checking (while writing outputs): ends the process with one
    line and exit 143, like KeyboardInterrupt does for SIGINT with 130."""


def raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


def signal_name(signum: int) -> str:
    """'SIGTERM' for 15."""
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"
