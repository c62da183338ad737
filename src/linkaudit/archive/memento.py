"""Memento (RFC 7089): TimeMaps in link-format (RFC 6690) and TimeGates, for other archives.

A TimeMap lists ``<uri>; rel="original"``, ``rel="timegate"``, ``rel="timemap"`` and one
``rel="memento"`` (or ``"first memento"``, ``"last memento"``...) entry per capture, each with
``datetime="<RFC 1123 date>"``. A TimeGate answers ``Accept-Datetime`` with a redirect to the
memento closest to that date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from linkaudit.archive.choose import Capture, utc
from linkaudit.archive.fetch import request
from linkaudit.archive.options import ArchiveOptions
from linkaudit.archive.wayback import Found


@dataclass(frozen=True, slots=True)
class LinkEntry:
    """One ``<uri>; param=value...`` entry of a link-format document."""

    uri: str
    params: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        for key, value in self.params:
            if key == name:
                return value
        return None

    @property
    def rels(self) -> frozenset[str]:
        """``rel`` is a space-separated list: ``"first memento"`` is both first and memento."""
        return frozenset((self.get("rel") or "").lower().split())


def parse_link_format(text: str) -> list[LinkEntry]:
    """Parse link-format text; URIs and quoted values may hold commas and semicolons."""
    entries: list[LinkEntry] = []
    i, n = 0, len(text)
    while i < n:
        start = text.find("<", i)
        if start < 0:
            break
        end = text.find(">", start + 1)
        if end < 0:
            break
        uri = text[start + 1 : end].strip()
        i = end + 1
        params: list[tuple[str, str]] = []
        while i < n:
            while i < n and text[i] in " \t\r\n":
                i += 1
            if i >= n or text[i] == ",":
                i += 1
                break
            if text[i] != ";":  # junk between entries: skip to the next one
                nxt = text.find("<", i)
                i = n if nxt < 0 else nxt
                break
            i += 1
            key_end = i
            while key_end < n and text[key_end] not in "=;,":
                key_end += 1
            key = text[i:key_end].strip().lower()
            i = key_end
            value = ""
            if i < n and text[i] == "=":
                i += 1
                while i < n and text[i] in " \t\r\n":
                    i += 1
                if i < n and text[i] == '"':
                    close = text.find('"', i + 1)
                    close = n if close < 0 else close
                    value = text[i + 1 : close]
                    i = close + 1
                else:
                    val_end = i
                    while val_end < n and text[val_end] not in ";,":
                        val_end += 1
                    value = text[i:val_end].strip()
                    i = val_end
            if key:
                params.append((key, value))
        entries.append(LinkEntry(uri, tuple(params)))
    return entries


def http_date(value: str) -> datetime | None:
    """An RFC 1123 date (``Sat, 20 Jan 2024 08:15:02 GMT``) as UTC; ``None`` when malformed."""
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return utc(parsed)


def resolve(base: str, uri: str) -> str:
    """``uri`` made absolute against ``base``, keeping a URL embedded in its path intact."""
    if urlsplit(uri).scheme or not base:
        return uri
    # urljoin would fold the "//" of an embedded "http://..." into "/"
    sentinel = "\x00"
    return urljoin(base, uri.replace("://", sentinel)).replace(sentinel, "://")


def mementos(entries: list[LinkEntry], base: str = "") -> list[Capture]:
    """The mementos a TimeMap lists, with absolute URIs and their capture datetimes."""
    out: list[Capture] = []
    for entry in entries:
        if "memento" not in entry.rels:
            continue
        at = http_date(entry.get("datetime") or "")
        if at is not None:
            # a memento replays what the origin answered: Memento lists only real captures
            out.append(Capture(at, resolve(base, entry.uri), "200"))
    return out


def archive_name(memento_url: str) -> str:
    """``memento:<archive host>``, the ``ArchiveCopy.source`` of a memento."""
    host = urlsplit(memento_url).hostname or "unknown"
    return f"memento:{host.removeprefix('www.')}"


async def timemap(
    client: httpx.AsyncClient, timemap_base: str, url: str, options: ArchiveOptions
) -> Found:
    """Mementos of ``url`` from one TimeMap service; falls back to its TimeGate if it names one."""
    tm_url = f"{timemap_base}{url}"
    reply = await request(client, "GET", tm_url, max_bytes=options.max_response_bytes)
    if reply.status == 404:  # the aggregator's answer for "no archive holds it"
        return Found()
    if not reply.ok:
        return Found(error=f"timemap: {reply.describe()}", retry_after=reply.retry_after)
    entries = parse_link_format(reply.text())
    caps = mementos(entries, tm_url)
    if caps:
        return Found(tuple(caps))
    gates = [e.uri for e in entries if "timegate" in e.rels]
    if gates:
        return await timegate(client, resolve(tm_url, gates[0]), options)
    return Found()


async def timegate(client: httpx.AsyncClient, gate_url: str, options: ArchiveOptions) -> Found:
    """Ask a TimeGate for the memento closest to ``options.when`` (one request, no redirects)."""
    when = utc(options.when)
    reply = await request(
        client,
        "GET",
        gate_url,
        headers={"Accept-Datetime": format_datetime(when.astimezone(UTC), usegmt=True)},
        max_bytes=options.max_response_bytes,
    )
    if reply.outage:
        return Found(error=f"timegate: {reply.describe()}")
    location = reply.headers.get("location")
    if not (300 <= reply.status < 400) or not location:
        return Found()
    target = resolve(gate_url, location)
    listed = mementos(parse_link_format(reply.headers.get("link", "")), gate_url)
    exact = [c for c in listed if c.url == target]
    if exact:
        return Found((exact[0],))
    at = http_date(reply.headers.get("memento-datetime", ""))
    return Found((Capture(at, target, "200"),)) if at else Found()
