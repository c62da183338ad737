"""Loopback servers that misbehave on purpose, each in its own thread and event loop:

- ``/bomb/...`` answers a gzip bomb (``bomb_mb`` MiB of zeros, about a thousandth of that on
  the wire) as text/html with Content-Encoding: gzip;
- ``/slow/...`` is a slowloris: it reads the request, sends a status line and then one header
  byte every ``drip`` seconds, for ever (until the client goes away);
- ``/ok/<digits>`` is a small page with an anchor ``#here``, ``/wait/<digits>`` the same
  after 0.3 s, ``/gzip/<digits>`` the same gzipped; any other path is 404 (so the soft-404
  sibling probe sees a real site).

Counters: ``requests`` (requests that reached the server, by path prefix), ``connections``
(TCP connections accepted). The HTTP/1.1 parsing is minimal: enough for httpx and aiohttp.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

PAGE = (
    b'<html><head><title>Statement</title></head><body><p id="here">We said so.</p></body></html>'
)


def gzip_bomb(mib: int) -> bytes:
    """``mib`` MiB of zeros, gzipped (about 1 KiB per MiB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(mib)]
    return b"".join(parts) + packer.flush()


class HostileServer:
    """A running server on 127.0.0.1 (or several loopback addresses); see the module doc."""

    def __init__(
        self, *, bomb_mb: int = 130, drip: float = 1.0, addresses: tuple[str, ...] = ("127.0.0.1",)
    ) -> None:
        self.bomb = gzip_bomb(bomb_mb) if bomb_mb else b""
        self.drip = drip
        self.addresses = addresses
        self.port = _free_port(addresses)
        self.requests: Counter[str] = Counter()
        self.connections: Counter[str] = Counter()  # by local address
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def base(self, address: str | None = None) -> str:
        return f"http://{address or self.addresses[0]}:{self.port}"

    def start(self) -> None:
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("hostile server did not start")

    def stop(self) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)

    def count(self, prefix: str) -> int:
        with self._lock:
            return sum(n for path, n in self.requests.items() if path.startswith(prefix))

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._main())
        self._loop.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        server = await asyncio.start_server(
            self._serve, host=list(self.addresses), port=self.port, backlog=1024
        )
        self._ready.set()
        await self._stop.wait()
        server.close()
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task():
                task.cancel()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        local = str(writer.get_extra_info("sockname")[0])
        with self._lock:
            self.connections[local] += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, path, _ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
                with self._lock:
                    self.requests[path] += 1
                if path.startswith("/slow/"):
                    await self._drip(writer)
                    return
                if path.startswith("/wait/"):
                    await asyncio.sleep(0.3)
                writer.write(self._answer(method, path))
                await writer.drain()
        except (
            asyncio.IncompleteReadError,
            ConnectionError,
            ValueError,
            asyncio.LimitOverrunError,
        ):
            pass
        finally:
            writer.close()

    def _answer(self, method: str, path: str) -> bytes:
        extra = b""
        if path.startswith("/bomb/"):
            body, extra = self.bomb, b"Content-Encoding: gzip\r\n"
        elif path.startswith("/gzip/") and path[6:].isdigit():
            body, extra = gzip.compress(PAGE), b"Content-Encoding: gzip\r\n"
        elif path.startswith(("/ok/", "/wait/")) and path.rsplit("/", 1)[1].isdigit():
            body = PAGE
        else:
            body = b"not here"
            return (
                b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )
        head = (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + extra
            + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
        )  # fmt: skip
        return head + (body if method != "HEAD" else b"")

    async def _drip(self, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\n")
        await writer.drain()
        for _ in range(3600):
            await asyncio.sleep(self.drip)
            writer.write(b"X")
            await writer.drain()


def _free_port(addresses: tuple[str, ...]) -> int:
    """A port free on every one of ``addresses``."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind((addresses[0], 0))
            port = int(probe.getsockname()[1])
        try:
            for address in addresses:
                with socket.socket() as s:
                    s.bind((address, port))
        except OSError:
            continue
        return port
    raise RuntimeError("no port free on every loopback address")


@contextmanager
def hostile_server(**kwargs: object) -> Iterator[HostileServer]:
    server = HostileServer(**kwargs)  # type: ignore[arg-type]
    server.start()
    try:
        yield server
    finally:
        server.stop()
