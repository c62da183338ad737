"""The SSRF guard: only http(s), and no private, loopback or link-local targets unless allowed.

Checked after DNS resolution (a public-looking name may point inside) and again on every
redirect hop (a public page may redirect inside). The resolver is injectable so tests can make
"public.example" resolve to 127.0.0.1 without touching real DNS.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from typing import Literal, Protocol
from urllib.parse import urlsplit

from linkaudit.resolve.special import is_refused_address, parse_address

ALLOWED_SCHEMES = frozenset({"http", "https"})

RefusalKind = Literal["scheme", "private", "dns-not-found", "dns-error", "bad-url"]


@dataclass(frozen=True)
class Refusal:
    """Why a target is not contacted."""

    kind: RefusalKind
    detail: str


class Resolver(Protocol):
    """Turns a host name into IP address strings; raises ``socket.gaierror`` like getaddrinfo."""

    async def resolve(self, host: str, port: int) -> list[str]: ...


class SystemResolver:
    """The operating system's resolver, via the event loop's getaddrinfo."""

    async def resolve(self, host: str, port: int) -> list[str]:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_private_address(address: str) -> bool:
    """True for addresses a public link must not lead to: every block of the IANA
    special-purpose registries that is not globally reachable (resolve/special.py)."""
    ip = parse_address(address)
    if ip is None:
        return True  # not an address we understand: refuse rather than guess
    return is_refused_address(ip)


def _is_name_not_found(exc: socket.gaierror) -> bool:
    return exc.errno in {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}


class Guard:
    """Decides, per URL, whether it may be contacted; remembers each host's addresses."""

    def __init__(self, *, allow_private: bool, resolver: Resolver | None = None) -> None:
        self.allow_private = allow_private
        self.resolver: Resolver = resolver or SystemResolver()
        self._hosts: dict[tuple[str, int], list[str] | Refusal] = {}
        self.resolved_a_name = False  # evidence that DNS works at all in this run
        self._locks: dict[tuple[str, int], asyncio.Lock] = {}

    def pinned(self, host: str, port: int) -> list[str] | None:
        """The addresses vetted for ``host``:``port``, for connecting to them and no other."""
        found = self._hosts.get((host.lower(), port))
        return found if isinstance(found, list) else None

    async def check(self, url: str) -> Refusal | None:
        """None when ``url`` may be fetched, else the reason it may not."""
        try:
            parts = urlsplit(url)
            host, port = parts.hostname, parts.port
        except ValueError as exc:
            return Refusal("bad-url", f"malformed URL: {exc}")
        if parts.scheme.lower() not in ALLOWED_SCHEMES:
            return Refusal("scheme", f"unsupported scheme {parts.scheme or '(none)'!r}")
        if not host:
            return Refusal("bad-url", "URL has no host")
        if self.allow_private:
            return None  # no resolution needed: the transport resolves and reports DNS failures
        port = port or (443 if parts.scheme.lower() == "https" else 80)
        addresses = await self._addresses(host, port)
        if isinstance(addresses, Refusal):
            return addresses
        private = [a for a in addresses if is_private_address(a)]
        if private:
            return Refusal(
                "private",
                f"refused: {host} resolves to non-public address {private[0]} "
                "(use --allow-private)",
            )
        return None

    async def _addresses(self, host: str, port: int) -> list[str] | Refusal:
        key = (host.lower(), port)
        if key in self._hosts:
            return self._hosts[key]
        try:
            return [str(ipaddress.ip_address(host.strip("[]")))]
        except ValueError:
            pass
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:  # one lookup per host, however many links share it
            if key not in self._hosts:
                self._hosts[key] = await self._lookup(host, port)
        return self._hosts[key]

    async def _lookup(self, host: str, port: int) -> list[str] | Refusal:
        try:
            found = await self.resolver.resolve(host, port)
        except socket.gaierror as exc:
            if _is_name_not_found(exc):
                return Refusal("dns-not-found", f"DNS name not found: {host}")
            return Refusal("dns-error", f"DNS lookup failed for {host}: {exc}")
        except OSError as exc:
            return Refusal("dns-error", f"DNS lookup failed for {host}: {exc}")
        if not found:
            return Refusal("dns-not-found", f"DNS name not found: {host}")
        self.resolved_a_name = True
        return found
