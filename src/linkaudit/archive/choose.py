"""Snapshot choice and the Wayback 14-digit timestamp form.

The rule, in one place so every service (availability, CDX, Memento) applies the same one:

1. Only captures whose HTTP status was 200 count: a capture of an error page is no copy.
2. Of the rest, take ``before`` = the latest capture at or before the article date and
   ``after`` = the earliest capture after it.
3. ``before`` wins unless ``after`` is closer to the date by more than ``prefer_before_s``.
   A capture from before publication shows what the author cited; a later one may already
   show an edited, moved or dead page. Ties (equal distance) therefore go to ``before``.
4. With no article date the date is "now", so the latest capture wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

_DIGITS = re.compile(r"^\d{4,14}$")


@dataclass(frozen=True, slots=True)
class Capture:
    """One capture of a URL in some archive, before it becomes an ``ArchiveCopy``."""

    at: datetime  # aware, UTC
    url: str  # where the capture can be replayed
    status: str = "200"  # HTTP status of the capture, as the archive reports it ("-" unknown)


def utc(when: datetime | None) -> datetime:
    """``when`` as an aware UTC datetime; ``None`` and naive values mean now / UTC."""
    if when is None:
        return datetime.now(UTC)
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def parse_wayback(ts: str) -> datetime | None:
    """A Wayback timestamp (``YYYY[MM[DD[hh[mm[ss]]]]]``) as UTC; ``None`` when malformed."""
    ts = ts.strip()
    if not _DIGITS.match(ts):
        return None
    # Wayback pads short timestamps with the earliest value of each missing field
    full = ts + "0101000000"[len(ts) - 4 :] if len(ts) < 14 else ts
    try:
        return datetime.strptime(full, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def to_wayback(when: datetime) -> str:
    """The 14-digit Wayback form of ``when`` (in UTC)."""
    return utc(when).strftime("%Y%m%d%H%M%S")


def iso(when: datetime) -> str:
    """ISO 8601 UTC with a ``Z``, as ``ArchiveCopy.timestamp`` carries it."""
    return utc(when).strftime("%Y-%m-%dT%H:%M:%SZ")


def wayback_to_iso(ts: str) -> str | None:
    """``20240120081502`` -> ``2024-01-20T08:15:02Z``; ``None`` when malformed."""
    parsed = parse_wayback(ts)
    return None if parsed is None else iso(parsed)


def choose_capture(
    captures: Iterable[Capture], when: datetime | None, prefer_before_s: float = 30 * 86_400.0
) -> Capture | None:
    """The capture the module docstring's rule picks, or ``None`` when no capture qualifies."""
    target = utc(when)
    before: Capture | None = None
    after: Capture | None = None
    for cap in captures:
        if cap.status.strip() != "200":
            continue
        if cap.at <= target:
            if before is None or cap.at > before.at:
                before = cap
        elif after is None or cap.at < after.at:
            after = cap
    if before is None or after is None:
        return before or after
    gap_before = (target - before.at).total_seconds()
    gap_after = (after.at - target).total_seconds()
    return after if gap_before - gap_after > prefer_before_s else before


def is_recent(at: datetime, recent_s: float, now: datetime | None = None) -> bool:
    """True when a capture made at ``at`` is newer than ``recent_s`` seconds."""
    return (utc(now) - utc(at)).total_seconds() <= recent_s
