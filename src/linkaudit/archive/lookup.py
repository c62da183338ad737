"""``find_copies``: the archived copy of each URL, looked up in a fixed order, all bounded.

Order: the availability API (one cheap request), the CDX API (the full list, so the snapshot
rule in ``choose`` can be applied properly), then each Memento TimeMap service. The whole call
is bounded by ``budget_s``: URLs still unanswered then get ``None``, and the run goes on.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import partial

import httpx

from linkaudit.archive.choose import Capture, choose_capture, iso, utc
from linkaudit.archive.fetch import make_client
from linkaudit.archive.memento import archive_name, timemap
from linkaudit.archive.options import ArchiveOptions
from linkaudit.archive.wayback import Found, availability, cdx
from linkaudit.errors import CacheError
from linkaudit.model import ArchiveCopy
from linkaudit.resolve.redact import redact_text, redact_url
from linkaudit.resolve.store import ArchiveStore, open_archive_store

log = logging.getLogger("linkaudit.archive")


class Pauses:
    """Services that answered 429, and until when (monotonic) they are left alone.

    The Internet Archive blocks clients that keep asking after a 429, so within one call a
    throttled service is skipped for every further URL until its Retry-After has passed.
    """

    def __init__(self) -> None:
        self._until: dict[str, float] = {}

    def paused(self, service: str) -> bool:
        return time.monotonic() < self._until.get(service, 0.0)

    def note(self, service: str, found: Found) -> None:
        if found.retry_after is not None:
            until = time.monotonic() + found.retry_after
            self._until[service] = max(self._until.get(service, 0.0), until)


async def _ask(
    pauses: Pauses, service: str, errors: list[str], call: Callable[[], Awaitable[Found]]
) -> tuple[Capture, ...]:
    if pauses.paused(service):
        errors.append(f"{service}: skipped, rate-limited (HTTP 429)")
        return ()
    found = await call()
    pauses.note(service, found)
    if found.error:
        errors.append(found.error)
    return found.captures


async def lookup_one(
    client: httpx.AsyncClient, url: str, options: ArchiveOptions, pauses: Pauses | None = None
) -> tuple[ArchiveCopy | None, list[str]]:
    """The chosen copy of ``url`` (or ``None``) and the outages met on the way."""
    pauses = pauses or Pauses()
    errors: list[str] = []
    when = utc(options.when)
    first = await _ask(pauses, "availability", errors, lambda: availability(client, url, options))
    quick = choose_capture(first, when, options.prefer_before_s)
    # a capture at or before the date that availability calls closest cannot be beaten
    if quick is not None and quick.at <= when:
        return _copy(quick, "wayback"), errors
    listed = await _ask(pauses, "cdx", errors, lambda: cdx(client, url, options))
    pool: list[Capture] = [*listed, *([quick] if quick else [])]
    best = choose_capture(pool, when, options.prefer_before_s)
    if best is not None:
        return _copy(best, "wayback"), errors
    for base in options.endpoints.timemaps:
        found = await _ask(
            pauses, f"timemap {base}", errors, partial(timemap, client, base, url, options)
        )
        pick = choose_capture(found, when, options.prefer_before_s)
        if pick is not None:
            return _copy(pick, archive_name(pick.url)), errors
    return None, errors


def _copy(capture: Capture, source: str) -> ArchiveCopy:
    return ArchiveCopy(url=capture.url, timestamp=iso(capture.at), source=source)


@dataclass(frozen=True, slots=True)
class CopyLookup:
    """One URL's lookup: the copy (or ``None``) and the service failures met on the way.

    ``copy is None`` with no ``errors`` means every service answered "no capture"; with
    ``errors`` it means the answer is unknown (outage, timeout, budget spent).
    """

    url: str
    copy: ArchiveCopy | None
    errors: tuple[str, ...] = ()
    cached: bool = False


async def find_copies(
    urls: Sequence[str], options: ArchiveOptions
) -> dict[str, ArchiveCopy | None]:
    """Archived copy per URL (``None`` when none was found in time); never raises for outages."""
    return {url: found.copy for url, found in (await lookup_copies(urls, options)).items()}


async def lookup_copies(
    urls: Sequence[str],
    options: ArchiveOptions,
    on_each: Callable[[str], None] | None = None,
) -> dict[str, CopyLookup]:
    """Like ``find_copies``, telling "no capture" apart from "could not ask"; ``on_each(url)``
    is called as each URL's look-up ends (from the cache, answered, or failed)."""
    unique = list(dict.fromkeys(urls))
    result = {url: CopyLookup(url, None, ("unfinished within the time budget",)) for url in unique}
    cache = _open_cache(options)
    try:
        todo: list[str] = []
        for url in unique:
            known, copy = cache.get(url, options.when) if cache else (False, None)
            if known:
                result[url] = CopyLookup(url, copy, cached=True)
                if on_each is not None:
                    on_each(url)
            else:
                todo.append(url)
        if todo:
            await _look_up_all(todo, options, result, cache, on_each)
    finally:
        if cache:
            cache.close()
    return result


def _open_cache(options: ArchiveOptions) -> ArchiveStore | None:
    if options.cache_path is None:
        return None
    try:
        return open_archive_store(options.cache_path, options.max_age_s)
    except CacheError as exc:
        # the cache only saves requests: without it the lookups still run
        log.warning("%s; looking up without a cache", exc)
        return None


async def _look_up_all(
    urls: list[str],
    options: ArchiveOptions,
    result: dict[str, CopyLookup],
    cache: ArchiveStore | None,
    on_each: Callable[[str], None] | None = None,
) -> None:
    gate = asyncio.Semaphore(max(1, options.max_concurrency))
    pauses = Pauses()

    async def one(client: httpx.AsyncClient, url: str) -> None:
        async with gate:
            copy, errors = await lookup_one(client, url, options, pauses)
        result[url] = CopyLookup(url, copy, tuple(errors))
        if on_each is not None:
            on_each(url)
        for error in errors:
            log.warning("archive lookup for %s: %s", redact_url(url), redact_text(error))
        # only a lookup every service answered is remembered: after an outage, even a copy
        # found further down the order may not be the one the snapshot rule would choose
        if cache is not None and not errors:
            cache.put(url, options.when, copy)

    async with make_client(options) as client:
        tasks = [asyncio.create_task(one(client, url)) for url in urls]
        _done, pending = await asyncio.wait(tasks, timeout=max(0.0, options.budget_s))
        for task in pending:
            task.cancel()
        if pending:
            log.warning(
                "archive lookups: %d unfinished after %.0fs", len(pending), options.budget_s
            )
            await asyncio.gather(*pending, return_exceptions=True)
