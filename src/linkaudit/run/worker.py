"""The work done away from the main process: in ``--jobs`` worker processes or Dask tasks.

Module-level functions with picklable arguments, so every executor can ship them. Each worker
process calls ``warm_worker`` once (the executors' initializer) to load what every document
needs before the first one arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from linkaudit.errors import InputError
from linkaudit.model import LinkCheck
from linkaudit.resolve import ResolveOptions


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

    options = replace(options)  # frozen; a copy keeps the caller's untouched
    if history is None:
        return asyncio.run(check_urls(list(urls), options))

    async def run() -> dict[str, LinkCheck]:
        with open_link_history(history) as store:
            return await check_urls(list(urls), options, cache=store)

    return asyncio.run(run())
