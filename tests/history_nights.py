"""Simulated nights of link checks, replayed through the real K-over-D code on any backend.

Each URL follows a fixed pattern of outcomes night by night; ``play`` records them with
``apply_history`` (what ``check_urls`` does after each check) and returns what a report
would say each night. Module-level, so worker processes can run it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linkaudit.model import LinkCheck
from linkaudit.resolve import ResolveOptions, open_history
from linkaudit.resolve.check import apply_history
from linkaudit.resolve.store import iso

NIGHT = 86400.0
START = 1_767_232_800.0  # 2026-01-01T02:00:00Z
OPTIONS = ResolveOptions(fail_checks=3, fail_span_s=72 * 3600.0)

# one letter per night: F transient failure (500), O ok, R rate-limited (neutral)
PATTERNS = ("FFFFFF", "FOFFFF", "OOOOOO", "FRFRFF", "FFOFFF", "RFFFRF")


def url_of(i: int) -> str:
    return f"http://host{i % 7}.example/page/{i}"


def check_of(i: int, night: int, *, url: str | None = None) -> tuple[LinkCheck, str]:
    """The check of URL ``i`` on ``night`` and its streak kind."""
    letter = PATTERNS[i % len(PATTERNS)][night % 6]
    at = iso(START + night * NIGHT + (i % 50))
    target = url or url_of(i)
    if letter == "O":
        return LinkCheck(url=target, status="ok", checked_at=at, http_status=200), "clear"
    if letter == "R":
        return (
            LinkCheck(url=target, status="rate-limited", checked_at=at, http_status=429),
            "neutral",
        )
    return LinkCheck(url=target, status="error", checked_at=at, http_status=500), "transient"


def play(
    spec: str, indices: Sequence[int], nights: int, shared: str | None = None, barrier: Any = None
) -> list[tuple[str, int, str, int]]:
    """Record ``nights`` nights of the URLs ``indices`` (and the ``shared`` URL) in ``spec``.

    Returns (url, night, reported status, failure count) for the non-shared URLs.
    """
    if barrier is not None:
        barrier.wait(timeout=60)
    out: list[tuple[str, int, str, int]] = []
    with open_history(spec) as store:
        for night in range(nights):
            for i in indices:
                check, streak = check_of(i, night)
                result = apply_history(store, check, streak, OPTIONS)
                count = result.failures.count if result.failures else 0
                out.append((check.url, night, result.status, count))
            if shared is not None:
                check, streak = check_of(0, night, url=shared)
                apply_history(store, check, streak, OPTIONS)
    return out


def play_into(queue: Any, *args: Any) -> None:
    """``play`` in a child process, its result put on ``queue``."""
    queue.put(play(*args))
