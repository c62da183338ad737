"""Test doubles for the resolve stage: a table-driven DNS resolver and a scripted transport."""

from __future__ import annotations

import socket
from collections.abc import Callable

import httpx

PUBLIC_IP = "93.184.216.34"  # never contacted: these tests run on httpx.MockTransport


class FakeResolver:
    """Resolves names from a table; unknown names are "not found" like getaddrinfo says."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.calls: list[str] = []

    async def resolve(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        if host == "flaky-dns.example":
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.table[host]


def public(*hosts: str) -> FakeResolver:
    """A resolver that maps each of ``hosts`` to a public address."""
    return FakeResolver({h: [PUBLIC_IP] for h in hosts})


class Script:
    """An httpx.MockTransport whose handler records every request it is asked."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        self.seen: list[tuple[str, str]] = []
        self._handler = handler

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.method, str(request.url)))
        return self._handler(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)


def html(body: str, status: int = 200, **headers: str) -> httpx.Response:
    """An HTML response."""
    return httpx.Response(
        status, headers={"content-type": "text/html; charset=utf-8", **headers}, text=body
    )
