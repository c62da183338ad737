"""The one HTTP client of a run and a single guarded-by-the-caller request with a size cap.

Every request is streamed: the body is read only as far as the checks need (nothing for
non-HTML, ``sniff_bytes`` for soft-404 heuristics, ``max_bytes`` when a fragment must be
found), so a 10 MB file costs a few kilobytes. Transport exceptions become ``Hop`` values here,
at one seam; nothing above this module sees an httpx exception.
"""

from __future__ import annotations

import asyncio
import errno
import ssl
from dataclasses import dataclass

import httpx

from linkaudit.resolve.options import ResolveOptions
from linkaudit.resolve.pinning import PinLookup, pinned_transport
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
# req/s where 32 pools of 4 served ~1,200 on the same loopback zoo: the run's client is sharded.
CONNECTIONS_PER_SHARD = 4


class ClientPool:
    """The run's HTTP client: identically configured httpx clients, used round-robin."""

    def __init__(
        self,
        options: ResolveOptions,
        transport: httpx.AsyncBaseTransport | None = None,
        pins: PinLookup | None = None,
    ) -> None:
        total = max(1, options.max_concurrency)
        shards = -(-total // CONNECTIONS_PER_SHARD)
        per_shard = -(-total // shards)
        tls = httpx.create_ssl_context()  # one CA bundle load, not one per shard
        self.clients = [
            _one_client(options, per_shard, tls, transport, pins) for _ in range(shards)
        ]
        self._next = 0

    def pick(self) -> httpx.AsyncClient:
        """The client for the next request."""
        self._next = (self._next + 1) % len(self.clients)
        return self.clients[self._next]

    async def aclose(self) -> None:
        """Close every connection of every shard."""
        for client in self.clients:
            await client.aclose()

    async def __aenter__(self) -> ClientPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def build_client(
    options: ResolveOptions,
    transport: httpx.AsyncBaseTransport | None = None,
    pins: PinLookup | None = None,
) -> ClientPool:
    """The run's pooled client; redirects are followed by the checker, hop by hop.

    ``transport`` replaces the network (httpx.MockTransport in tests of pure logic); ``pins``
    (the guard's vetted addresses) makes every connection go to those addresses only.
    """
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


async def request(
    clients: ClientPool, method: str, url: str, *, body_cap: int, total_timeout: float
) -> Hop:
    """One request, its body read up to ``body_cap`` bytes of HTML; never raises httpx errors."""
    try:
        async with asyncio.timeout(total_timeout):
            async with clients.pick().stream(method, url) as resp:
                ctype = resp.headers.get("content-type", "").lower()
                body = bytearray()
                truncated = False
                wants = (
                    method != "HEAD"
                    and body_cap > 0
                    and (ctype.startswith(HTML_TYPES) or ctype.startswith("text/") or not ctype)
                )
                if wants:
                    async for chunk in resp.aiter_bytes():
                        body += chunk
                        if len(body) >= body_cap:
                            # stop here: leaving the block drops the connection mid-body
                            truncated = True
                            del body[body_cap:]
                            break
                bot_wall = resp.headers.get("cf-mitigated", "").lower() == "challenge" or (
                    resp.status_code in (403, 429, 503) and any(m in body for m in BOT_WALL_MARKERS)
                )
                return Hop(
                    url=url,
                    method=method,
                    status=resp.status_code,
                    location=resp.headers.get("location"),
                    content_type=ctype,
                    body=bytes(body),
                    truncated=truncated,
                    retry_after=parse_retry_after(resp.headers.get("retry-after")),
                    bot_wall=bot_wall,
                    encoding=resp.charset_encoding,
                )
    # InvalidURL is no HTTPError: httpx raises it for a bad Location (javascript:, a bad
    # host) while building the next request, even with redirects off
    except (httpx.HTTPError, httpx.InvalidURL, TimeoutError, OSError) as exc:
        return _error_hop(url, method, exc)
