"""One HTTP server answering on many loopback addresses (127.0.0.2, 127.0.0.3, ...), and a
generator of synthetic newsroom archives whose links spread over those hosts.

The server records, per host, the most requests it was serving at once: the politeness
tests and bench/scale.py read it to show ``--per-host`` is never exceeded. It runs its own
event loop in a thread, so synchronous tests, subprocess runs and Dask workers can all use it.
Paths: ``/ok/<digits>`` answers 200 with a small page, ``/gone/...`` 404; every answer waits
``delay`` seconds first, so requests to one host overlap when a client lets them.
"""

from __future__ import annotations

import asyncio
import random
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PAGE = b"<html><head><title>Statement</title></head><body><p>We said so.</p></body></html>"


class ManyHosts:
    """A running server; ``hosts`` are its base URLs, one per loopback address."""

    def __init__(self, count: int, delay: float) -> None:
        self.addresses = [f"127.0.0.{i}" for i in range(2, 2 + count)]
        self.delay = delay
        self.port = _free_port(self.addresses)
        self.current: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.requests: Counter[str] = Counter()
        self.paths: Counter[str] = Counter()  # GET/HEAD per "host:port/path"
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._server: asyncio.base_events.Server | None = None

    @property
    def hosts(self) -> list[str]:
        return [f"http://{a}:{self.port}" for a in self.addresses]

    def start(self) -> None:
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("many-hosts server did not start")

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def reset(self) -> None:
        with self._lock:
            self.peak.clear()
            self.requests.clear()
            self.paths.clear()

    def max_concurrent(self) -> int:
        """The most requests any one host served at once since the last reset."""
        with self._lock:
            return max(self.peak.values(), default=0)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, host=self.addresses, port=self.port, backlog=1024)
        )
        self._ready.set()
        self._loop.run_forever()
        self._server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = str(writer.get_extra_info("sockname")[0])
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, path, _ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
                with self._lock:
                    self.current[host] += 1
                    self.requests[host] += 1
                    self.paths[f"http://{host}:{self.port}{path}"] += 1
                    self.peak[host] = max(self.peak[host], self.current[host])
                try:
                    await asyncio.sleep(self.delay)
                    found = path.startswith("/ok/") and path[4:].isdigit()
                    status = b"200 OK" if found else b"404 Not Found"
                    body = PAGE if method != "HEAD" else b""
                    writer.write(
                        b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html\r\n"
                        b"Content-Length: " + str(len(PAGE)).encode() + b"\r\n\r\n" + body
                    )
                    await writer.drain()
                finally:
                    with self._lock:
                        self.current[host] -= 1
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()


def _free_port(addresses: list[str]) -> int:
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
def many_hosts(count: int = 100, delay: float = 0.02) -> Iterator[ManyHosts]:
    server = ManyHosts(count, delay)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# attributed sentences (a cue the parser reads) and plain ones, about one in four attributed,
# as in news copy: most linked sentences carry context, not a claim's source
_ATTRIBUTED = (
    "The ministry [said]({url}) on Tuesday that the plan would go ahead.",
    "According to [officials]({url}), the talks resumed after a week.",
    "A spokesperson [told reporters]({url}) the figures were preliminary.",
)
_PLAIN = (
    "The [full budget]({url}) runs to four hundred pages.",
    "Exports fell for a [third month]({url}) in a row.",
    "The [talks]({url}) resumed after a week in the capital.",
    "Schools in the [north of the country]({url}) were short of teachers.",
    "The [figures]({url}) cover the first half of the year.",
    "A [map of the region]({url}) shows the new border crossings.",
    "The [vote]({url}) is expected before the summer recess.",
    "Prices rose [sharply]({url}) in the spring.",
    "The [new line]({url}) opens next year.",
)


def write_archive(
    folder: Path,
    documents: int,
    hosts: list[str],
    *,
    links: int = 10,
    paths_per_host: int = 50,
    dead_every: int = 25,
    seed: int = 12,
) -> int:
    """Write ``documents`` Markdown articles of ``links`` links each; the unique URL count."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    unique: set[str] = set()
    for d in range(documents):
        lines = [f"# Report {d}", ""]
        for k in range(links):
            host = rng.choice(hosts)
            n = rng.randrange(paths_per_host)
            kind = "gone" if n % dead_every == 0 else "ok"
            url = f"{host}/{kind}/{n}"
            unique.add(url)
            pick = _ATTRIBUTED if rng.random() < 0.25 else _PLAIN
            lines.append(rng.choice(pick).format(url=url) + f" Paragraph {k}.")
            lines.append("")
        (folder / f"a{d:06d}.md").write_text("\n".join(lines), encoding="utf-8")
    return len(unique)
