"""The work done away from the main process: in ``--jobs`` worker processes or Dask tasks.

Module-level functions with picklable arguments, so every executor can ship them. Each worker
process calls ``warm_worker`` once (the executors' initializer) to load what every document
needs before the first one arrives; a ``--jobs`` worker calls it through ``start_worker``,
which first ties the worker's life to the run's process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from linkaudit.errors import InputError
from linkaudit.model import LinkCheck
from linkaudit.resolve import ResolveOptions

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_INTERVAL_S = 0.5  # how often a worker looks whether the run's process is still there


def start_worker(parent: int) -> None:
    """The initializer of a ``--jobs`` worker: it never outlives ``parent``, then it warms up.

    A run stopped by SIGTERM or SIGINT ends its workers itself (``LocalProcesses.abort``);
    one killed outright (SIGKILL, the OOM killer) cannot, so each worker watches: on Linux the
    kernel kills it when the process that started it dies (PR_SET_PDEATHSIG; the pool starts
    workers from the run's own thread, which outlives the pool), and everywhere a daemon
    thread exits it once its parent is gone (it is then re-parented). Ctrl-C reaches the
    whole process group: workers ignore SIGINT and leave the decision to the run.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # gone before the watch was set
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()
    warm_worker()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL_S)
    os._exit(1)  # no clean-up: the results have nowhere to go


def warm_worker() -> None:
    """Load, once per process, what extraction needs: the parser, the registry, the suffix list.

    A parser that cannot load is not raised here (an initializer's error breaks the whole
    pool with no message): the first document raises it again, as a clear run error.
    """
    from linkaudit.classify.registry import Registry
    from linkaudit.errors import LinkauditError
    from linkaudit.parse import get_parser
    from linkaudit.run.shard import registrable_domain

    with contextlib.suppress(LinkauditError):
        get_parser()
    Registry.default()
    registrable_domain("example.com")


def analyse_batch(paths: Sequence[tuple[str, str]], options: Any) -> list[Any]:
    """Load and extract each document: its ``_Analysed`` form, or the ``InputError``.

    ``paths`` are (where to read, the path as given): a worker on another machine or in
    another folder reads the absolute path, and the report names the file as the user did.
    """
    from linkaudit.audit import _analyse
    from linkaudit.classify.registry import Registry
    from linkaudit.load import load_path

    registry = Registry.default()
    out: list[Any] = []
    for where, given in paths:
        try:
            doc = load_path(where)
        except InputError as exc:
            out.append(InputError(str(exc).replace(where, given)))
            continue
        if where != given:
            doc = replace(doc, path=given)
        out.append(_analyse(doc, registry, options, {}))
    return out


def check_group(
    urls: Sequence[str], options: ResolveOptions, history: str | Path | None
) -> dict[str, LinkCheck]:
    """Check one group of URLs (a Dask task): the run's rules, the shared history."""
    from linkaudit.resolve import check_urls
    from linkaudit.resolve.history import open_link_history
    from linkaudit.resolve.loop import run as run_loop

    options = replace(options)  # frozen; a copy keeps the caller's untouched
    if history is None:
        return run_loop(check_urls(list(urls), options))

    async def run() -> dict[str, LinkCheck]:
        with open_link_history(history) as store:
            return await check_urls(list(urls), options, cache=store)

    return run_loop(run())
