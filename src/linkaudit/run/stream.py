"""A run over many documents as a stream: extract in batches, check each URL once, yield reports.

Batches of documents are extracted by the executor (in-process, ``--jobs`` processes, Dask),
a few batches ahead of the link checking, which runs in this process's event loop (one
politeness book for every host) or, on Dask, as one task per domain group. Each finished
report is yielded at once, in input order, and dropped by this module: memory holds the
batches in flight, while what every URL came to lives in an on-disk memo (``run/memo.py``),
so a URL met again in a later batch is never checked twice.

``--deadline`` (``ResolveOptions.deadline_s``) bounds the whole run, as in a one-batch run
(audit.py): each batch's checks get what is left of it, the archive and quote stages stop at
it, and once it has passed no request is made; extraction goes on, every later link is
"unchecked" (``DEADLINE_DETAIL``) and every report from the batch that met it on is partial.
"""

from __future__ import annotations

import asyncio
import os
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from linkaudit.audit import AuditOptions, _archive, _build_report, _check_quotes, _now
from linkaudit.errors import InputError, UsageError
from linkaudit.model import LinkCheck, Report
from linkaudit.resolve.cache import default_cache_path
from linkaudit.resolve.options import DEADLINE_DETAIL
from linkaudit.resolve.store import LinkHistory
from linkaudit.run.executors import Executor, default_jobs, make_executor
from linkaudit.run.memo import RunMemo
from linkaudit.run.shard import Shard, shard_of, split_by_domain
from linkaudit.run.worker import analyse_batch, check_group

T = TypeVar("T")

SHARD_NOTE = "left to shard"  # the detail of a link another shard checks; merge reads it


@dataclass(frozen=True)
class StreamOptions:
    """How a long run is spread out; the CLI's --jobs, --shard, --dask, --resume."""

    jobs: int = 0  # 0: one per CPU
    batch: int = 32  # documents per extraction task
    shard: Shard | None = None
    dask: str | None = None
    skip: frozenset[str] = frozenset()  # document paths already reported (--resume)
    on_progress: Callable[[Progress], None] | None = None


@dataclass
class Progress:
    """Where a run is: documents done of total, links checked, archive look-ups ended of
    those asked so far (the CLI shows rates and ETA)."""

    documents_total: int
    documents_done: int = 0
    links_checked: int = 0
    executor: str = ""
    archive_done: int = 0
    archive_total: int = 0  # grows batch by batch: the at-risk URLs met so far


@dataclass(frozen=True)
class StreamItem:
    """One input's outcome, in input order: its report (and what the baseline took), or why not."""

    path: str
    report: Report | None = None
    dropped: Any = None  # _build_report's second value: findings the baseline accepted
    error: InputError | None = None


def _unchecked(url: str, detail: str) -> LinkCheck:
    return LinkCheck(url=url, status="unchecked", checked_at=_now(), detail=detail)


def _batches(paths: Sequence[str], size: int) -> list[list[str]]:
    return [list(paths[i : i + size]) for i in range(0, len(paths), max(1, size))]


def _tasks(batch: list[T], workers: int) -> list[list[T]]:
    """A batch as extraction tasks: one with a single worker, else up to two per worker.

    A batch is the unit of link checking (its links are checked together), not a fair unit
    of extraction work: 167 pages in batches of 32 gave one of two workers 96 pages and the
    other 71, the second idle for the last quarter of the run.
    """
    if workers <= 1 or len(batch) <= 1:
        return [batch]
    size = -(-len(batch) // min(len(batch), 2 * workers))
    return [batch[i : i + size] for i in range(0, len(batch), size)]


async def audit_stream(
    paths: Sequence[str], options: AuditOptions, stream: StreamOptions | None = None
) -> AsyncIterator[StreamItem]:
    """Audit ``paths`` one batch at a time, yielding each input's outcome as it is ready."""
    stream = stream or StreamOptions()
    todo = [p for p in paths if p not in stream.skip]
    jobs = stream.jobs or default_jobs()
    if "-" in todo:  # standard input is this process's: read here, never in a worker
        if stream.dask:
            raise UsageError("--dask cannot read standard input: give files")
        jobs = 1
    executor = make_executor(jobs, len(todo), stream.batch, stream.dask)
    progress = Progress(len(todo), executor=executor.name)
    # workers get no callbacks: they are not picklable, and progress is reported from here
    worker_options = replace(options, on_progress=None, on_archive_progress=None)
    history_spec = (options.cache_path or default_cache_path()) if options.use_cache else None
    deadline_s = options.resolve.deadline_s
    loop = asyncio.get_running_loop()
    deadline = loop.time() + deadline_s if deadline_s is not None else None
    links = _Links(options, stream, executor, history_spec, progress, deadline)
    batches = iter(_batches(todo, stream.batch))
    ahead = max(2, 2 * executor.workers)  # batches extracted ahead of the link checking
    pending: deque[asyncio.Future[list[list[Any]]]] = deque()

    def fill() -> None:
        while len(pending) < ahead:
            batch = next(batches, None)
            if batch is None:
                return
            located = [(p if p == "-" else os.path.abspath(p), p) for p in batch]
            tasks = [
                asyncio.wrap_future(executor.submit(analyse_batch, part, worker_options))
                for part in _tasks(located, executor.workers)
            ]
            pending.append(asyncio.gather(*tasks))  # cancelling it cancels every task

    try:
        fill()
        position = 0
        while pending:
            results = [r for part in await pending.popleft() for r in part]
            fill()
            analysed = [r for r in results if not isinstance(r, InputError)]
            checks, archives = await links.resolve(analysed)
            for result in results:
                path = todo[position]
                position += 1
                if isinstance(result, InputError):
                    yield StreamItem(path, error=result)
                else:
                    cut = deadline_s if links.deadline_reached else None
                    report, dropped = _build_report(result, checks, archives, options, None, cut)
                    yield StreamItem(path, report=report, dropped=dropped)
                progress.documents_done += 1
            if stream.on_progress is not None:
                stream.on_progress(progress)
    except BaseException:
        # stopped (a signal's cancellation, an error, the reader gone): no worker may outlive
        # the run or finish a batch nobody will read
        for future in pending:
            future.cancel()
        links.close()
        executor.abort()
        raise
    links.close()
    executor.close()


class _Links:
    """The link side of the stream: each unique URL checked once, archive look-ups once."""

    def __init__(
        self,
        options: AuditOptions,
        stream: StreamOptions,
        executor: Executor,
        history_spec: Path | str | None,
        progress: Progress,
        deadline: float | None = None,  # the run's --deadline on the event loop's clock
    ) -> None:
        self.options = options
        self.deadline = deadline
        self.deadline_reached = False
        self.stream = stream
        self.executor = executor
        self.history_spec = history_spec
        self.progress = progress
        self.memo = RunMemo()
        self._history: LinkHistory | None = None
        self._checked_before = 0  # links checked before the batch being checked

    def close(self) -> None:
        self.memo.close()
        if self._history is not None:
            self._history.close()

    async def resolve(self, analysed: Sequence[Any]) -> tuple[dict[str, LinkCheck], dict[str, Any]]:
        """The checks and archive outcomes of a batch's URLs."""
        if self.options.offline or not analysed:
            return {}, {}
        urls = list(
            dict.fromkeys(
                p.url for a in analysed for p in a.planned if p.status is None and p.url is not None
            )
        )
        shard = self.stream.shard
        foreign = {
            u: LinkCheck(
                url=u,
                status="unchecked",
                checked_at=_now(),
                detail=f"{SHARD_NOTE} {shard_of(u, shard.count)}/{shard.count}",
            )
            for u in urls
            if shard is not None and not shard.owns(u)
        }
        mine = [u for u in urls if u not in foreign]
        known: dict[str, LinkCheck] = self.memo.get_many("check", mine)
        checked_before = self.progress.links_checked
        todo = [u for u in mine if u not in known]
        new = await self._check(todo) if self._left() != 0.0 else {}
        if any(c.detail == DEADLINE_DETAIL for c in new.values()) or len(new) < len(todo):
            self.deadline_reached = True
            new.update({u: _unchecked(u, DEADLINE_DETAIL) for u in todo if u not in new})
        # what the deadline left unchecked is not remembered: it was never asked
        self.memo.put_many("check", {u: c for u, c in new.items() if c.detail != DEADLINE_DETAIL})
        self.progress.links_checked = checked_before + len(new)
        checks = {**known, **new}

        archived: dict[str, Any] = self.memo.get_many("archive", checks)
        fresh_archives: dict[str, Any] = {}
        done_before, total_before = self.progress.archive_done, self.progress.archive_total

        def archive_progress(done: int, total: int) -> None:
            self.progress.archive_done = done_before + done
            self.progress.archive_total = total_before + total
            self._tell()

        with_archive = replace(self.options, on_archive_progress=archive_progress)
        await self._bounded(
            _archive(
                analysed,
                {u: c for u, c in checks.items() if u not in archived},
                with_archive,
                fresh_archives,
            )
        )
        self.memo.put_many("archive", fresh_archives)
        archives = {**archived, **fresh_archives}
        checks.update(foreign)
        if self.options.check_quotes:
            await self._bounded(_check_quotes(analysed, checks, archives, self.options))
        return checks, archives

    def _left(self) -> float | None:
        """Seconds left of the run's deadline (0.0 once passed), None without one."""
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - asyncio.get_running_loop().time())

    async def _bounded(self, stage: Coroutine[Any, Any, None]) -> None:
        """Run a network stage up to the deadline; its results so far stay where they are."""
        if self.deadline is None:
            await stage
            return
        if self._left() == 0.0:
            stage.close()
            self.deadline_reached = True
            return
        try:
            async with asyncio.timeout_at(self.deadline):
                await stage
        except TimeoutError:
            self.deadline_reached = True

    def _tell(self) -> None:
        if self.stream.on_progress is not None:
            self.stream.on_progress(self.progress)

    def _checked(self, done: int, _total: int) -> None:
        """check_urls' progress within this batch, onto the run's count."""
        self.progress.links_checked = self._checked_before + done
        self._tell()

    async def _check(self, urls: list[str]) -> dict[str, LinkCheck]:
        if not urls:
            return {}
        self._checked_before = self.progress.links_checked
        resolve = self.options.resolve
        left = self._left()
        if left is not None:  # this batch's checks get what is left of the run's deadline
            resolve = replace(resolve, deadline_s=left)
        if self.executor.checks_remotely:
            # one task per domain group: no host is asked by two workers at once
            groups = split_by_domain(urls, 2 * self.executor.workers)
            tasks = [
                asyncio.wrap_future(
                    self.executor.submit(check_group, group, resolve, self.history_spec)
                )
                for group in groups
            ]
            found: dict[str, LinkCheck] = {}
            for part in await asyncio.gather(*tasks):
                found.update(part)
            return found
        # the checker (httpx, httpcore, tenacity) only when there are links to check
        from linkaudit.resolve.check import check_urls
        from linkaudit.resolve.history import open_link_history

        if self.history_spec is not None and self._history is None:
            # redaction and the fall-back to memory sit above whichever backend --cache names
            self._history = open_link_history(self.history_spec)
        return await check_urls(urls, resolve, cache=self._history, on_progress=self._checked)
