"""DNS pinning: connections go to the addresses the guard vetted, never to a second answer."""

from __future__ import annotations

import http.server
import socket
import ssl
import threading
from collections.abc import Iterable, Iterator

import httpcore
import httpx
import pytest

from linkaudit.resolve import ResolveOptions
from linkaudit.resolve.aio import AioPool, VettedResolver
from linkaudit.resolve.guard import Guard
from linkaudit.resolve.pinning import PinnedBackend, pinned_transport

LIMITS = httpx.Limits(max_connections=4, max_keepalive_connections=4)


class _Ok(http.server.BaseHTTPRequestHandler):
    seen = 0  # requests answered, across tests

    def do_GET(self) -> None:
        _Ok.seen += 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def port() -> Iterator[int]:
    """A loopback server answering 200 'ok'."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


async def test_connects_to_the_pinned_address_not_the_name(port: int) -> None:
    """A name no DNS knows (.invalid) is reached through its pinned loopback address."""
    pins = {("pinned.invalid", port): ["127.0.0.1"]}
    transport = pinned_transport(
        lambda h, p: pins.get((h, p)),
        tls=ssl.create_default_context(),
        http2=False,
        limits=LIMITS,
    )
    async with httpx.AsyncClient(transport=transport) as client:
        response = await client.get(f"http://pinned.invalid:{port}/")
    assert response.status_code == 200
    assert response.text == "ok"


async def test_a_host_the_guard_never_vetted_is_not_connected(port: int) -> None:
    """Without a pin there is no connection at all (and no second DNS lookup)."""
    transport = pinned_transport(
        lambda h, p: None, tls=ssl.create_default_context(), http2=False, limits=LIMITS
    )
    async with httpx.AsyncClient(transport=transport) as client:
        with pytest.raises(httpx.ConnectError, match="not vetted"):
            await client.get(f"http://localhost:{port}/")


class _Rebinding:
    """Answers a public address first and a loopback one after (a DNS rebinding attack)."""

    def __init__(self) -> None:
        self.calls = 0

    async def resolve(self, host: str, port: int) -> list[str]:
        self.calls += 1
        return ["93.184.216.34"] if self.calls == 1 else ["127.0.0.1"]


class _Recording(httpcore.AsyncMockBackend):
    """A mock network that records where it was asked to connect, sending nothing anywhere."""

    def __init__(self) -> None:
        super().__init__([b"HTTP/1.1 200 OK\r\n", b"Content-Length: 2\r\n\r\n", b"ok"])
        self.targets: list[str] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.targets.append(host)
        return await super().connect_tcp(host, port, timeout, local_address, socket_options)


async def test_rebinding_after_the_guard_cannot_redirect_the_connection() -> None:
    """The guard's vetted public answer is the one connected to; the rebound answer is unused."""
    resolver = _Rebinding()
    guard = Guard(allow_private=False, resolver=resolver)
    assert await guard.check("http://rebind.example/page") is None
    network = _Recording()
    pool = httpcore.AsyncConnectionPool(network_backend=PinnedBackend(guard.pinned, network))
    response = await pool.request("GET", "http://rebind.example/page")
    assert response.status == 200
    assert network.targets == ["93.184.216.34"]
    assert resolver.calls == 1
    await pool.aclose()


def test_unix_sockets_are_refused() -> None:
    """Link targets are TCP hosts only."""
    import asyncio

    backend = PinnedBackend(lambda h, p: None)
    with pytest.raises(httpcore.ConnectError):
        asyncio.run(backend.connect_unix_socket(socket.gethostname()))


# ---------------------------------------------------------------- the aiohttp request path


def _aio_pool(pins: dict[tuple[str, int], list[str]]) -> AioPool:
    options = ResolveOptions(allow_private=False, timeout=3.0, engine="aiohttp")
    return AioPool(options, lambda h, p: pins.get((h, p)), ssl.create_default_context())


async def test_aiohttp_connects_to_the_pinned_address_not_the_name(port: int) -> None:
    """On the aiohttp path too, a name no DNS knows is reached through its pinned address."""
    async with _aio_pool({("pinned.invalid", port): ["127.0.0.1"]}) as pool:
        hop = await pool.request("GET", f"http://pinned.invalid:{port}/", body_cap=0,
                                 total_timeout=5)  # fmt: skip
    assert hop.status == 200, hop


async def test_aiohttp_never_connects_to_a_host_the_guard_never_vetted(port: int) -> None:
    """Without a pin the aiohttp connector gets no address: an error value, no connection."""
    before = _Ok.seen
    async with _aio_pool({}) as pool:
        hop = await pool.request("GET", f"http://localhost:{port}/", body_cap=0, total_timeout=5)
    assert hop.status is None
    assert hop.error is not None
    assert _Ok.seen == before


async def test_aiohttp_resolver_answers_only_what_the_guard_vetted() -> None:
    """The connector's resolver hands out the guard's first (vetted) answer, and never asks
    DNS again: a rebinding second answer is never seen."""
    resolver = _Rebinding()
    guard = Guard(allow_private=False, resolver=resolver)
    assert await guard.check("http://rebind.example/page") is None
    answers = await VettedResolver(guard.pinned).resolve("rebind.example", 80)
    assert [a["host"] for a in answers] == ["93.184.216.34"]
    assert resolver.calls == 1
    with pytest.raises(OSError, match="not vetted"):
        await VettedResolver(guard.pinned).resolve("other.example", 80)
