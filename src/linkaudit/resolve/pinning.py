"""DNS pinning: connect to the very addresses the SSRF guard vetted.

The guard resolves a host and refuses private answers, but httpx would resolve the name again
when it connects; a name that answers a public address first and a private one second (DNS
rebinding) would slip through. This network backend connects to the guard's addresses
instead, while TLS still verifies and sends SNI for the host name (httpcore passes the origin
host to start_tls separately).
"""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Callable, Iterable

import httpcore
import httpx
from httpcore._backends.auto import AutoBackend

# (host, port) -> the vetted addresses, or None when the guard never approved the host
PinLookup = Callable[[str, int], list[str] | None]


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects to the pinned addresses of a host; refuses hosts the guard never vetted."""

    def __init__(self, pins: PinLookup, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._pins = pins
        self._inner = inner or AutoBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = [host] if _is_ip(host) else self._pins(host.lower(), port)
        if not addresses:
            raise httpcore.ConnectError(f"{host} was not vetted by the address guard")
        last: Exception | None = None
        for address in addresses:  # the resolver's order, as getaddrinfo would try them
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not link targets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def pinned_transport(
    pins: PinLookup, *, tls: ssl.SSLContext, http2: bool, limits: httpx.Limits
) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connections go to the pinned addresses only."""
    transport = httpx.AsyncHTTPTransport(verify=tls, http2=http2, limits=limits, trust_env=False)
    # httpx has no public hook for the network backend; its pool is the documented httpcore
    # one, rebuilt here with the same settings and our backend.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=tls,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True,
        http2=http2,
        network_backend=PinnedBackend(pins),
    )
    return transport


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
