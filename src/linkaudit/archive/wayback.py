"""The Wayback Machine's availability API and CDX server API.

availability: ``GET ?url=&timestamp=`` -> ``{"archived_snapshots": {"closest": {"status":
"200", "available": true, "url": ..., "timestamp": "20240120081502"}}}`` or ``{}`` parts.
CDX: ``GET ?url=&output=json&fl=...`` -> a JSON array whose first row names the fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from linkaudit.archive.choose import Capture, parse_wayback, to_wayback, utc
from linkaudit.archive.fetch import request
from linkaudit.archive.options import ArchiveOptions

CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")


@dataclass(frozen=True, slots=True)
class Found:
    """A service's answer: the captures it knows of, or ``error`` when it could not say."""

    captures: tuple[Capture, ...] = ()
    error: str | None = None
    retry_after: float | None = None  # the service said 429: leave it alone this long


def replay_url(options: ArchiveOptions, timestamp: str, original: str) -> str:
    """Where a Wayback capture replays: ``<replay>/<14 digits>/<original URL>``."""
    return f"{options.endpoints.replay}{timestamp}/{original}"


async def availability(client: httpx.AsyncClient, url: str, options: ArchiveOptions) -> Found:
    """The capture the availability API calls closest to ``options.when`` (zero or one)."""
    reply = await request(
        client,
        "GET",
        options.endpoints.availability,
        params={"url": url, "timestamp": to_wayback(utc(options.when))},
        max_bytes=options.max_response_bytes,
    )
    if not reply.ok:
        return Found(error=f"availability: {reply.describe()}", retry_after=reply.retry_after)
    body = reply.json()
    if not isinstance(body, dict):
        return Found(error="availability: answer is not a JSON object")
    snaps = body.get("archived_snapshots")
    closest = snaps.get("closest") if isinstance(snaps, dict) else None
    if not isinstance(closest, dict) or closest.get("available") is False:
        return Found()
    at = parse_wayback(str(closest.get("timestamp", "")))
    snap_url = closest.get("url")
    if at is None or not isinstance(snap_url, str) or not snap_url:
        return Found()
    # the API names replays with http://; the same replay is served over https
    if snap_url.startswith("http://web.archive.org/"):
        snap_url = "https://" + snap_url.removeprefix("http://")
    return Found((Capture(at, snap_url, str(closest.get("status", "-"))),))


def cdx_params(url: str, options: ArchiveOptions) -> dict[str, str]:
    """CDX query for status-200 captures within the window around the article date."""
    when = utc(options.when)
    window = timedelta(days=options.cdx_window_days)
    return {
        "url": url,
        "output": "json",
        "fl": ",".join(CDX_FIELDS),
        "filter": "statuscode:200",
        # one capture per day is plenty to choose from and keeps the answer small
        "collapse": "timestamp:8",
        "from": to_wayback(when - window),
        "to": to_wayback(min(when + window, datetime.now(when.tzinfo))),
        "limit": str(options.cdx_limit),
    }


def parse_cdx(body: object, options: ArchiveOptions) -> list[Capture]:
    """CDX JSON rows -> captures; the header row names the columns, so their order is free."""
    if not isinstance(body, list) or not body or not isinstance(body[0], list):
        return []
    header = [str(h) for h in body[0]]
    try:
        i_ts, i_orig, i_status = (header.index(n) for n in ("timestamp", "original", "statuscode"))
    except ValueError:
        return []
    out: list[Capture] = []
    for row in body[1:]:
        if not isinstance(row, list) or len(row) != len(header):
            continue
        ts = str(row[i_ts])
        at = parse_wayback(ts)
        if at is None:
            continue
        out.append(Capture(at, replay_url(options, ts, str(row[i_orig])), str(row[i_status])))
    return out


async def cdx(client: httpx.AsyncClient, url: str, options: ArchiveOptions) -> Found:
    """Status-200 captures of ``url`` around the article date from the CDX server."""
    reply = await request(
        client,
        "GET",
        options.endpoints.cdx,
        params=cdx_params(url, options),
        max_bytes=options.max_response_bytes,
    )
    if not reply.ok:
        return Found(error=f"cdx: {reply.describe()}", retry_after=reply.retry_after)
    if not reply.body.strip():  # the CDX server answers an empty body for no captures
        return Found()
    body = reply.json()
    if not isinstance(body, list):
        return Found(error="cdx: answer is not a JSON array")
    return Found(tuple(parse_cdx(body, options)))
