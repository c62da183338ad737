"""The one HTTP client of a run and a single guarded-by-the-caller request with a size cap.

Every request is streamed: the body is read only as far as the checks need (nothing for
non-HTML, ``sniff_bytes`` for soft-404 heuristics, ``max_bytes`` when a fragment must be
found), so a 10 MB file costs a few kilobytes. Transport exceptions become ``Hop`` values here,
at one seam; nothing above this module sees an httpx exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ssl
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Protocol, Self

import httpx

from linkaudit.resolve.decode import ACCEPT_ENCODING, BoundedDecoder
from linkaudit.resolve.options import ResolveOptions
from linkaudit.resolve.pinning import PinLookup, pinned_transport
from linkaudit.resolve.politeness import host_key
from linkaudit.resolve.retry import parse_retry_after

ErrorKind = str  # "timeout" | "refused" | "dns" | "reset" | "protocol" | "tls" | "other"

TRANSIENT_ERRORS = frozenset({"timeout", "refused", "reset", "protocol"})
HTML_TYPES = ("text/html", "application/xhtml+xml")
BOT_WALL_MARKERS = (
    b"cf-browser-verification",
    b"challenge-platform",
    b"Just a moment...",
    b"Attention Required! | Cloudflare",
    b"captcha-delivery.com",
)


# httpcore scans its whole pool on every request, so one pool of 128 connections served 290
# req/s where 32 pools of 4 served ~1,200 on the same loopback zoo: a host allowed many
# connections gets several small clients, used round-robin.
CONNECTIONS_PER_SHARD = 4


@dataclass
class _HostClients:
    """The clients (and so the keep-alive connections) of one scheme://host:port."""

    clients: list[httpx.AsyncClient]
    turn: int = 0
    in_flight: int = 0

    def next(self) -> httpx.AsyncClient:
        self.turn = (self.turn + 1) % len(self.clients)
        return self.clients[self.turn]


class ClientPool:
    """The run's HTTP clients, kept per host so that connections are reused per host.

    One pool shared by every host made hosts evict each other's idle connections: 20,050
    connections for 20,050 requests over 50 hosts. Here each host has its own clients (at
    most ``per_host`` connections between them, the politeness limit), kept while recently
    used; the least recently used idle hosts are closed beyond ``max_hosts``, which bounds the
    sockets a run over thousands of hosts keeps open.
    """

    def __init__(
        self,
        options: ResolveOptions,
        transport: httpx.AsyncBaseTransport | None = None,
        pins: PinLookup | None = None,
    ) -> None:
        total = max(1, options.max_concurrency)
        per_host = max(1, min(options.per_host, total))
        shards = -(-per_host // CONNECTIONS_PER_SHARD)
        per_shard = -(-per_host // shards)
        tls = httpx.create_ssl_context()  # one CA bundle load for every client

        def new() -> list[httpx.AsyncClient]:
            return [_one_client(options, per_shard, tls, transport, pins) for _ in range(shards)]

        self._new = new
        # a test's transport is one network shared by every client: one set of clients, kept
        self._shared = self._new() if transport is not None else None
        self._hosts: OrderedDict[str, _HostClients] = OrderedDict()
        self.max_hosts = max(64, 2 * total)
        self.opened_hosts = 0  # clients created, for tests and the bench

    @contextlib.asynccontextmanager
    async def lease(self, url: str) -> AsyncIterator[httpx.AsyncClient]:
        """A client for ``url``'s host, held for one request."""
        if self._shared is not None:
            yield self._shared[0]
            return
        key = host_key(url)
        entry = self._hosts.get(key)
        if entry is None:
            entry = self._hosts[key] = _HostClients(self._new())
            self.opened_hosts += 1
            if len(self._hosts) > self.max_hosts:
                await self._evict()
        else:
            self._hosts.move_to_end(key)
        entry.in_flight += 1
        try:
            yield entry.next()
        finally:
            entry.in_flight -= 1

    async def request(self, method: str, url: str, *, body_cap: int, total_timeout: float) -> Hop:
        return await _httpx_request(
            self, method, url, body_cap=body_cap, total_timeout=total_timeout
        )

    async def _evict(self) -> None:
        idle = [k for k, e in self._hosts.items() if e.in_flight == 0]
        for key in idle[: len(self._hosts) - self.max_hosts]:
            for client in self._hosts.pop(key).clients:
                await client.aclose()

    async def aclose(self) -> None:
        """Close every connection of every host."""
        entries = [*self._hosts.values()]
        self._hosts.clear()
        for client in [c for e in entries for c in e.clients] + (self._shared or []):
            await client.aclose()

    async def __aenter__(self) -> ClientPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class HttpPool(Protocol):
    """What the checker needs of the run's HTTP clients: one request at a time, as a Hop."""

    async def request(
        self, method: str, url: str, *, body_cap: int, total_timeout: float
    ) -> Hop: ...

    async def aclose(self) -> None: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, *exc: object) -> None: ...


def build_client(
    options: ResolveOptions,
    transport: httpx.AsyncBaseTransport | None = None,
    pins: PinLookup | None = None,
) -> HttpPool:
    """The run's pooled client; redirects are followed by the checker, hop by hop.

    ``transport`` replaces the network (httpx.MockTransport in tests of pure logic); ``pins``
    (the guard's vetted addresses) makes every connection go to those addresses only.
    ``options.engine`` picks the request path: httpx, or aiohttp (resolve/aio.py).
    """
    if transport is None and options.engine == "aiohttp":
        from linkaudit.resolve.aio import AioPool

        return AioPool(options, pins, httpx.create_ssl_context())
    return ClientPool(options, transport, pins)


def _one_client(
    options: ResolveOptions,
    connections: int,
    tls: ssl.SSLContext,
    transport: httpx.AsyncBaseTransport | None,
    pins: PinLookup | None,
) -> httpx.AsyncClient:
    limits = httpx.Limits(
        max_connections=connections,
        max_keepalive_connections=connections,
        keepalive_expiry=30.0,
    )
    if transport is None and pins is not None and not options.allow_private:
        transport = pinned_transport(pins, tls=tls, http2=options.http2, limits=limits)
    return httpx.AsyncClient(
        http2=options.http2,
        verify=tls,
        transport=transport,
        limits=limits,
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=False,
        # environment proxies would route "checked" traffic somewhere we did not vet
        trust_env=False,
        headers={
            "User-Agent": options.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
            "Accept-Encoding": ACCEPT_ENCODING,
            **dict(options.headers),
        },
    )


@dataclass(frozen=True)
class Hop:
    """The outcome of one request: a response (head and a capped body) or a transport error."""

    url: str
    method: str
    status: int | None = None
    location: str | None = None
    content_type: str = ""
    body: bytes = b""
    truncated: bool = False
    error: ErrorKind | None = None
    detail: str | None = None
    retry_after: float | None = None
    bot_wall: bool = False
    encoding: str | None = None
    bomb: bool = False  # the body inflated past decode.MAX_RATIO: reading stopped
    unasked: bool = False  # settled without a request (its host stopped answering)

    @property
    def transient(self) -> bool:
        """Worth another attempt: timeouts, resets, refused connections, 5xx and 429."""
        if self.error is not None:
            return self.error in TRANSIENT_ERRORS
        assert self.status is not None
        return not self.bot_wall and (self.status == 429 or 500 <= self.status <= 599)

    @property
    def retryable(self) -> bool:
        """Transient, except a read timeout: a server that accepted the request and stayed
        silent for the whole timeout would only make every retry wait as long again."""
        if self.unasked:
            return False
        return self.transient and not (self.error == "timeout" and self.detail == "read timeout")

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith(HTML_TYPES)


def _connect_error_kind(exc: httpx.ConnectError) -> tuple[ErrorKind, str]:
    text = str(exc)
    low = text.lower()
    cause = exc.__cause__ or exc.__context__
    while cause is not None and not isinstance(cause, OSError):
        cause = cause.__cause__ or cause.__context__
    if (isinstance(cause, OSError) and cause.errno == errno.ECONNREFUSED) or "refused" in low:
        return "refused", "connection refused"
    if (
        "name or service not known" in low
        or "nodename nor servname" in low
        or "no address associated" in low
        or "name does not resolve" in low
    ):
        return "dns", "DNS name not found"
    if "ssl" in low or "certificate" in low:
        return "tls", f"TLS error: {text[:120]}"
    if "all connection attempts failed" in low:
        return "refused", "connection refused"
    return "refused", f"connection failed: {text[:120] or type(exc).__name__}"


def _error_hop(url: str, method: str, exc: BaseException) -> Hop:
    kind: ErrorKind
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        what = (
            "connect"
            if isinstance(exc, httpx.ConnectTimeout)
            else "pool"
            if isinstance(exc, httpx.PoolTimeout)
            else "read"
        )
        kind, detail = "timeout", f"{what} timeout"
    elif isinstance(exc, httpx.ConnectError):
        kind, detail = _connect_error_kind(exc)
    elif isinstance(exc, httpx.RemoteProtocolError):
        kind, detail = "protocol", f"server closed the connection: {str(exc)[:100]}"
    elif isinstance(exc, httpx.ReadError | httpx.WriteError):
        kind, detail = "reset", f"connection reset: {str(exc)[:100] or type(exc).__name__}"
    elif isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        kind, detail = "other", f"invalid URL: {exc}"
        if isinstance(exc, httpx.InvalidURL) and _parses(url):
            detail = f"redirect to an invalid URL: {exc}"
    else:
        kind, detail = "other", f"{type(exc).__name__}: {str(exc)[:120]}"
    return Hop(url=url, method=method, error=kind, detail=detail)


def _parses(url: str) -> bool:
    try:
        httpx.URL(url)
    except httpx.InvalidURL:
        return False
    return True


# After the checks have what they need, a rest of at most this many bytes is still read so the
# connection goes back to the pool (dropping it mid-body costs a new connection per request).
DRAIN_BYTES = 64 * 1024
DRAIN_TIMEOUT_S = 1.0


def wants_body(ctype: str, body_cap: int) -> bool:
    """Whether a response's body is read at all (both engines): text or untyped, and a cap."""
    return body_cap > 0 and (ctype.startswith(HTML_TYPES) or ctype.startswith("text/") or not ctype)


def answered(
    url: str,
    method: str,
    status: int,
    headers: Mapping[str, str],
    read: tuple[bytes, bool, bool],
    encoding: str | None,
) -> Hop:
    """The Hop of a response (both engines): ``headers`` look up case-insensitively, ``read``
    is what the engine's body reader returned (body, truncated, bomb)."""
    body, truncated, bomb = read
    bot_wall = headers.get("cf-mitigated", "").lower() == "challenge" or (
        status in (403, 429, 503) and any(m in body for m in BOT_WALL_MARKERS)
    )
    return Hop(
        url=url,
        method=method,
        status=status,
        location=headers.get("location"),
        content_type=headers.get("content-type", "").lower(),
        body=body,
        truncated=truncated,
        retry_after=parse_retry_after(headers.get("retry-after")),
        bot_wall=bot_wall,
        encoding=encoding,
        bomb=bomb,
    )


async def _read_body(
    resp: httpx.Response, method: str, ctype: str, body_cap: int
) -> tuple[bytes, bool, bool]:
    """The decoded body up to ``body_cap`` bytes, whether it was cut, whether it was a bomb."""
    if method == "HEAD":
        return b"", False, False
    wants = wants_body(ctype, body_cap)
    if resp.is_stream_consumed:  # a response built whole (httpx.MockTransport): decoded already
        whole = resp.content[:body_cap] if wants else b""
        return whole, wants and len(resp.content) > body_cap, False
    raws = resp.aiter_raw()
    received = 0
    body = bytearray()
    if wants:
        # raw bytes, inflated here so the cap bounds what is decoded (decode.py)
        decoder = BoundedDecoder(resp.headers.get("content-encoding", ""))
        async for raw in raws:
            received += len(raw)
            body += decoder.feed(raw, body_cap - len(body))
            if len(body) >= body_cap or decoder.stopped:
                await _drain(resp, raws, received)
                return bytes(body), len(body) >= body_cap or decoder.bomb, decoder.bomb
        return bytes(body), False, False
    await _drain(resp, raws, received)
    return b"", False, False


async def _drain(resp: httpx.Response, raws: AsyncIterator[bytes], received: int) -> None:
    """Read a short declared rest of the body, so the connection can be kept alive."""
    length = resp.headers.get("content-length", "")
    if not length.isdigit() or int(length) - received > DRAIN_BYTES:
        return  # long or of unknown length: leaving the block drops the connection instead
    # the verdict is known: a slow or broken rest costs the connection, not the result
    with contextlib.suppress(httpx.HTTPError, TimeoutError, OSError):
        async with asyncio.timeout(DRAIN_TIMEOUT_S):
            async for _ in raws:
                pass


async def request(
    clients: HttpPool, method: str, url: str, *, body_cap: int, total_timeout: float
) -> Hop:
    """One request through the run's pool; never raises transport errors."""
    return await clients.request(method, url, body_cap=body_cap, total_timeout=total_timeout)


async def _httpx_request(
    clients: ClientPool, method: str, url: str, *, body_cap: int, total_timeout: float
) -> Hop:
    """One request, its body read up to ``body_cap`` bytes of HTML; never raises httpx errors."""
    try:
        async with asyncio.timeout(total_timeout):
            async with clients.lease(url) as client, client.stream(method, url) as resp:
                ctype = resp.headers.get("content-type", "").lower()
                read = await _read_body(resp, method, ctype, body_cap)
                return answered(
                    url, method, resp.status_code, resp.headers, read, resp.charset_encoding
                )
    # InvalidURL is no HTTPError: httpx raises it for a bad Location (javascript:, a bad
    # host) while building the next request, even with redirects off
    except (httpx.HTTPError, httpx.InvalidURL, TimeoutError, OSError) as exc:
        return _error_hop(url, method, exc)
