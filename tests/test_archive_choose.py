"""Snapshot choice around the article date, and the Wayback timestamp form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from linkaudit.archive.choose import (
    Capture,
    choose_capture,
    is_recent,
    parse_wayback,
    to_wayback,
    wayback_to_iso,
)

DATE = datetime(2024, 1, 24, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def cap(at: datetime, status: str = "200") -> Capture:
    return Capture(at, f"https://web.archive.org/web/{to_wayback(at)}/x", status)


def test_wayback_timestamp_becomes_iso_utc() -> None:
    """A 14-digit Wayback timestamp converts to ISO 8601 UTC with a Z."""
    assert wayback_to_iso("20240120081502") == "2024-01-20T08:15:02Z"


def test_short_and_malformed_timestamps() -> None:
    """Short timestamps pad to the start of their period; junk gives None, not an error."""
    assert parse_wayback("202401") == datetime(2024, 1, 1, tzinfo=UTC)
    assert parse_wayback("2024") == datetime(2024, 1, 1, tzinfo=UTC)
    assert parse_wayback("20241399000000") is None
    assert parse_wayback("abc") is None
    assert wayback_to_iso("") is None


def test_latest_capture_before_the_date_wins_over_earlier_ones() -> None:
    """Of several captures before the date, the one nearest to it is chosen."""
    caps = [cap(DATE - 30 * DAY), cap(DATE - 2 * DAY), cap(DATE - 300 * DAY)]
    assert choose_capture(caps, DATE) == caps[1]


def test_before_is_preferred_to_a_slightly_closer_after() -> None:
    """A capture after the date loses to one before it unless it is much closer."""
    before, after = cap(DATE - 10 * DAY), cap(DATE + 1 * DAY)
    assert choose_capture([after, before], DATE) == before


def test_after_wins_when_before_is_far_older() -> None:
    """When the only earlier capture is years old, the next-day capture is chosen."""
    before, after = cap(DATE - 800 * DAY), cap(DATE + 1 * DAY)
    assert choose_capture([before, after], DATE) == after


def test_tie_goes_to_the_capture_before() -> None:
    """At equal distance on both sides (and with no slack) the earlier capture wins."""
    before, after = cap(DATE - 3 * DAY), cap(DATE + 3 * DAY)
    assert choose_capture([after, before], DATE, prefer_before_s=0) == before


def test_capture_exactly_at_the_date_counts_as_before() -> None:
    """A capture at the article's very second is 'at or before' and beats a later one."""
    exact, after = cap(DATE), cap(DATE + timedelta(seconds=1))
    assert choose_capture([after, exact], DATE, prefer_before_s=0) == exact


def test_only_after_and_only_before() -> None:
    """With captures on one side only, the nearest on that side is chosen."""
    assert choose_capture([cap(DATE + 9 * DAY), cap(DATE + 2 * DAY)], DATE) == cap(DATE + 2 * DAY)
    assert choose_capture([cap(DATE - 9 * DAY)], DATE) == cap(DATE - 9 * DAY)


def test_non_200_captures_are_never_chosen() -> None:
    """Captures of redirects and errors are skipped even when they are nearest."""
    good = cap(DATE - 50 * DAY)
    caps = [cap(DATE - DAY, "404"), cap(DATE, "301"), good, cap(DATE + DAY, "-")]
    assert choose_capture(caps, DATE) == good
    assert choose_capture([cap(DATE, "503")], DATE) is None
    assert choose_capture([], DATE) is None


def test_no_date_means_now_so_latest_wins() -> None:
    """Without an article date the newest capture is chosen."""
    now = datetime.now(UTC)
    caps = [cap(now - 400 * DAY), cap(now - DAY), cap(now - 40 * DAY)]
    assert choose_capture(caps, None) == caps[1]


def test_naive_dates_are_taken_as_utc() -> None:
    """A naive article date compares as UTC instead of raising."""
    naive = datetime(2024, 1, 24, 12, 0)
    before = cap(DATE - DAY)
    assert choose_capture([before, cap(DATE + 40 * DAY)], naive) == before


def test_recent_means_newer_than_the_window() -> None:
    """is_recent accepts captures inside the window and rejects older ones."""
    now = datetime(2024, 6, 1, tzinfo=UTC)
    assert is_recent(now - 29 * DAY, 30 * 86_400, now)
    assert not is_recent(now - 31 * DAY, 30 * 86_400, now)
