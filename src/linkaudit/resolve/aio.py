"""The aiohttp request path: the same ``Hop`` values as the httpx one, with less Python per
request (no cookie jar, one URL parse, a C HTTP parser, the connector's per-host keep-alive).

The SSRF guard's pinning holds here too: the connector's resolver only answers with the
addresses the guard vetted for a host (and refuses a host it never vetted), and IP literals
are judged by the guard before any request, so a rebinding name cannot lead elsewhere.
Redirects are not followed here: the checker re-checks every hop with the guard.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import ssl
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from linkaudit.resolve.client import DRAIN_BYTES, DRAIN_TIMEOUT_S, Hop, answered, wants_body
from linkaudit.resolve.decode import ACCEPT_ENCODING, BoundedDecoder
from linkaudit.resolve.options import ResolveOptions
from linkaudit.resolve.pinning import PinLookup


class VettedResolver(AbstractResolver):
    """Answers only with the guard's vetted addresses for a host: never asks DNS itself."""

    def __init__(self, pins: PinLookup) -> None:
        self._pins = pins

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        addresses = self._pins(host.lower(), port)
        if not addresses:
            raise OSError(errno.EHOSTUNREACH, f"{host} was not vetted by the address guard")
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for address in addresses
        ]

    async def close(self) -> None:
        return None


class AioPool:
    """One aiohttp session for the run: a connector with per-host keep-alive pools."""

    def __init__(self, options: ResolveOptions, pins: PinLookup | None, tls: ssl.SSLContext):
        total = max(1, options.max_concurrency)
        resolver = VettedResolver(pins) if pins is not None and not options.allow_private else None
        connector = aiohttp.TCPConnector(
            limit=total,
            limit_per_host=max(1, min(options.per_host, total)),
            keepalive_timeout=30.0,
            ssl=tls,
            resolver=resolver,
            use_dns_cache=resolver is None,  # the guard's answers are the cache
        )
        self.session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),  # a link check keeps no cookies
            auto_decompress=False,  # decoded here, bounded (decode.py)
            trust_env=False,  # environment proxies would route traffic we did not vet
            timeout=aiohttp.ClientTimeout(
                total=None,
                connect=options.timeout,
                sock_connect=options.timeout,
                sock_read=options.timeout,
            ),
            headers={
                "User-Agent": options.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
                "Accept-Encoding": ACCEPT_ENCODING,
                **dict(options.headers),
            },
            max_field_size=16 * 1024,
        )

    async def request(self, method: str, url: str, *, body_cap: int, total_timeout: float) -> Hop:
        """One request, its body read up to ``body_cap`` decoded bytes; never raises."""
        try:
            async with asyncio.timeout(total_timeout):
                async with self.session.request(method, URL(url), allow_redirects=False) as resp:
                    ctype = resp.headers.get("Content-Type", "").lower()
                    read = await _read_body(resp, method, ctype, body_cap)
                    return answered(url, method, resp.status, resp.headers, read, resp.charset)
        except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
            return _error_hop(url, method, exc)

    async def aclose(self) -> None:
        await self.session.close()

    async def __aenter__(self) -> AioPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


async def _read_body(
    resp: aiohttp.ClientResponse, method: str, ctype: str, body_cap: int
) -> tuple[bytes, bool, bool]:
    if method == "HEAD":
        return b"", False, False
    wants = wants_body(ctype, body_cap)
    received = 0
    body = bytearray()
    if wants:
        decoder = BoundedDecoder(resp.headers.get("Content-Encoding", ""))
        while raw := await resp.content.readany():
            received += len(raw)
            body += decoder.feed(raw, body_cap - len(body))
            if len(body) >= body_cap or decoder.stopped:
                await _drain(resp, received)
                return bytes(body), len(body) >= body_cap or decoder.bomb, decoder.bomb
        return bytes(body), False, False
    await _drain(resp, received)
    return b"", False, False


async def _drain(resp: aiohttp.ClientResponse, received: int) -> None:
    """Read a short declared rest of the body, so the connection goes back to the pool."""
    length = resp.headers.get("Content-Length", "")
    if not length.isdigit() or int(length) - received > DRAIN_BYTES:
        return
    try:
        async with asyncio.timeout(DRAIN_TIMEOUT_S):
            while await resp.content.readany():
                pass
    except (aiohttp.ClientError, TimeoutError, OSError):
        pass  # the verdict is known: a broken rest costs the connection, not the result


def _error_hop(url: str, method: str, exc: BaseException) -> Hop:
    kind, detail = _error_kind(exc)
    return Hop(url=url, method=method, error=kind, detail=detail)


def _error_kind(exc: BaseException) -> tuple[str, str]:
    text = str(exc)[:120]
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return "timeout", "connect timeout"
    if isinstance(exc, TimeoutError):  # a read stalled, or the whole request's bound
        return "timeout", "read timeout"
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        cause: Any = exc.os_error
        if isinstance(cause, socket.gaierror) and cause.errno in _NAME_NOT_FOUND:
            return "dns", "DNS name not found"
        return "refused", f"connection failed: {text}"
    if isinstance(exc, aiohttp.ClientConnectorCertificateError | aiohttp.ClientSSLError):
        return "tls", f"TLS error: {text}"
    if isinstance(exc, aiohttp.ClientConnectorError):
        if exc.os_error.errno == errno.ECONNREFUSED or "refused" in text.lower():
            return "refused", "connection refused"
        return "refused", f"connection failed: {text}"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "protocol", f"server closed the connection: {text}"
    if isinstance(exc, aiohttp.ClientPayloadError | aiohttp.ClientResponseError):
        return "protocol", f"server closed the connection: {text}"
    if isinstance(exc, aiohttp.ClientOSError | ConnectionError):
        return "reset", f"connection reset: {text or type(exc).__name__}"
    if isinstance(exc, aiohttp.InvalidURL | ValueError):
        return "other", f"invalid URL: {text}"
    return "other", f"{type(exc).__name__}: {text}"


_NAME_NOT_FOUND = frozenset({socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)})
