"""Per-host politeness: a concurrency limit, a minimum interval between request starts, and
per-host memory of a host that refuses connections or stops answering, so one failing host
costs its own links little time and everyone else's none."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit


@lru_cache(maxsize=4096)  # asked several times per request of the same URL: parsed once
def host_key(url: str) -> str:
    """Scheme, host and port: the unit servers rate-limit and connection pools are kept by."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    return (
        f"{scheme}://{(parts.hostname or '').lower()}:{port or (443 if scheme == 'https' else 80)}"
    )


@dataclass
class _Host:
    slots: asyncio.Semaphore
    next_start: float = 0.0
    refused: int = 0  # consecutive refused/unreachable connections
    timeouts: int = 0  # consecutive timeouts (connect, read or the whole request)
    last_answer: float = float("-inf")  # time.monotonic() of the host's latest answer
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class _Slot:
    """One request's hold on a host slot (a plain async context manager: a generator-based
    one cost a frame and a generator per request)."""

    __slots__ = ("_host", "_min_interval")

    def __init__(self, host: _Host, min_interval: float) -> None:
        self._host = host
        self._min_interval = min_interval

    async def __aenter__(self) -> None:
        await self._host.slots.acquire()
        if self._min_interval > 0:
            try:
                await self._spaced()
            except BaseException:  # cancelled while waiting its turn: the slot goes back
                self._host.slots.release()
                raise

    async def __aexit__(self, *exc: object) -> None:
        self._host.slots.release()

    async def _spaced(self) -> None:
        # The spacing holds between actual starts: a start is claimed only once its time has
        # come, so a waiter that wakes late (a loaded machine) pushes the next one back instead
        # of two requests going out together. Every pass sleeps until the host's next start,
        # so the loop ends after at most one pass per waiter ahead of it.
        host = self._host
        while True:
            async with host.lock:
                now = time.monotonic()
                wait = host.next_start - now
                if wait <= 0:
                    host.next_start = now + self._min_interval
                    return
            await asyncio.sleep(wait)


class Politeness:
    """Hands out per-host request slots."""

    # After this many consecutive refused connections a host is taken as down for the run:
    # its other links are still tried once, but not retried.
    DOWN_AFTER = 3
    # After this many consecutive timeouts a host is taken as unresponsive for the run: its
    # remaining links are settled as "timeout" without a request (a slowloris host would
    # otherwise cost every one of its links the whole timeout, per_host at a time).
    UNRESPONSIVE_AFTER = 3

    def __init__(self, per_host: int, min_interval: float) -> None:
        self.per_host = max(1, per_host)
        self.min_interval = max(0.0, min_interval)
        self._hosts: dict[str, _Host] = {}

    def _host(self, key: str) -> _Host:
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = _Host(asyncio.Semaphore(self.per_host))
        return host

    def slot(self, url: str) -> _Slot:
        """Hold one of the host's slots, started no sooner than ``min_interval`` after the last."""
        return _Slot(self._host(host_key(url)), self.min_interval)

    def note_refused(self, url: str) -> None:
        """Count a refused or unreachable connection to the host."""
        self._host(host_key(url)).refused += 1

    def note_timeout(self, url: str, started: float) -> None:
        """Count a request to the host, started at ``started``, that timed out -- unless the
        host answered some other request meanwhile: then this URL is slow, not the host (a
        server whose one page hangs is alive, and its other links must still be asked)."""
        host = self._host(host_key(url))
        if host.last_answer < started:
            host.timeouts += 1

    def note_reached(self, url: str) -> None:
        """The host answered: forget earlier refusals and timeouts."""
        host = self._host(host_key(url))
        host.refused = host.timeouts = 0
        host.last_answer = time.monotonic()

    def unresponsive(self, url: str) -> int:
        """The host's timeouts in a row once it counts as unresponsive, else 0."""
        timeouts = self._host(host_key(url)).timeouts
        return timeouts if timeouts >= self.UNRESPONSIVE_AFTER else 0

    def is_down(self, url: str) -> bool:
        """True once the host refused several connections in a row during this run."""
        return self._host(host_key(url)).refused >= self.DOWN_AFTER
