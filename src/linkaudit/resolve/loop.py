"""The event loop the network stages run on: uvloop where it is installed, else asyncio's.

Checking links is CPU-bound in Python on a fast network (the loopback link zoo): the event
loop's own bookkeeping (timer handles, futures, socket writes and reads) was about a fifth of
the time per request, and uvloop does that in C -- about 12% less CPU for the 10k zoo. It is
imported only for runs that go on the network, so an offline run does not pay for it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

# LINKAUDIT_EVENT_LOOP=asyncio keeps the standard loop (for comparing, or a platform where
# uvloop misbehaves); anything else means the fastest loop that is installed.
ENV = "LINKAUDIT_EVENT_LOOP"


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop factory, or None (asyncio's default) when unavailable or turned off."""
    if os.environ.get(ENV, "").strip().lower() == "asyncio":
        return None
    try:
        import uvloop
    except ImportError:  # not on this platform (Windows) or not installed: asyncio's loop
        return None
    return uvloop.new_event_loop


def run(main: Coroutine[Any, Any, T], *, network: bool = True) -> T:
    """``asyncio.run(main)``, on uvloop when ``network`` work is ahead and uvloop is there."""
    factory = loop_factory() if network else None
    # The result comes back through a box, not as the task's result: on its way out the Runner
    # asks signal.getsignal() for the SIGINT handler it put in, a partial holding the task;
    # getsignal() tries that as a member of the Handlers enum, and the ValueError it formats
    # reprs the partial, so the task, so the task's result -- the whole AuditRun, ~0.3 s at
    # 10k links. The task of ``into_box`` ends with None, cheap to repr.
    box: list[T] = []

    async def into_box() -> None:
        box.append(await main)

    with asyncio.Runner(loop_factory=factory) as runner:
        runner.run(into_box())
    return box[0]
