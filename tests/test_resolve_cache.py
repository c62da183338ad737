"""The link-history cache: reuse, the K-checks-over-D-hours rule, foreign files, interruption."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest

from linkaudit.errors import CacheError
from linkaudit.model import LinkCheck
from linkaudit.resolve import LinkCache, ResolveOptions, RetryPolicy, check_urls, default_cache_path
from linkaudit.resolve.cache import iso
from zoo import Zoo, link_zoo  # noqa: F401  (session fixture)

OPTS = ResolveOptions(allow_private=True, timeout=3.0, soft404_probe=False, method="get")
ZERO = RetryPolicy.zero_wait(0)
HOUR = 3600.0


def failure(url: str, hours_ago: float) -> tuple[LinkCheck, float]:
    at = time.time() - hours_ago * HOUR
    return LinkCheck(url=url, status="error", checked_at=iso(at), http_status=500), at


async def test_first_transient_failure_is_failing(tmp_path: Path, link_zoo: Zoo) -> None:  # noqa: F811
    """With a cache, one 500 is "failing" (a warning) with its history, not an error."""
    url = link_zoo.url("status-500", "cache-500-a")
    with LinkCache.open(tmp_path / "c.sqlite3") as cache:
        check = (await check_urls([url], OPTS, cache=cache, retry=ZERO))[url]
    assert check.status == "failing"
    assert check.failures is not None
    assert check.failures.count == 1


async def test_k_failures_over_d_hours_make_dead(tmp_path: Path, link_zoo: Zoo) -> None:  # noqa: F811
    """Two earlier failures 80 h and 40 h ago plus this run's: 3 checks over 72 h -> dead."""
    url = link_zoo.url("status-500", "cache-500-b")
    with LinkCache.open(tmp_path / "c.sqlite3") as cache:
        for hours in (80, 40):
            check, at = failure(url, hours)
            cache.record(check, streak="transient", at=at)
        result = (await check_urls([url], OPTS, cache=cache, retry=ZERO))[url]
    assert result.status == "dead"
    assert result.failures is not None
    assert result.failures.count == 3


async def test_k_failures_in_a_short_span_stay_failing(tmp_path: Path, link_zoo: Zoo) -> None:  # noqa: F811
    """Three failures within two hours are not yet enough: the span D matters, not only K."""
    url = link_zoo.url("status-500", "cache-500-c")
    with LinkCache.open(tmp_path / "c.sqlite3") as cache:
        for hours in (2, 1):
            check, at = failure(url, hours)
            cache.record(check, streak="transient", at=at)
        result = (await check_urls([url], OPTS, cache=cache, retry=ZERO))[url]
    assert result.status == "failing"
    assert result.failures is not None
    assert result.failures.count == 3


async def test_success_clears_the_failure_streak(tmp_path: Path, link_zoo: Zoo) -> None:  # noqa: F811
    """A link that answers again starts a fresh history."""
    url = link_zoo.url("ok", "cache-ok-a")
    with LinkCache.open(tmp_path / "c.sqlite3") as cache:
        check, at = failure(url, 100)
        cache.record(check, streak="transient", at=at)
        assert cache.history(url) is not None
        result = (await check_urls([url], OPTS, cache=cache, retry=ZERO))[url]
        assert result.status == "ok"
        assert cache.history(url) is None


async def test_definitive_404_is_dead_at_once(tmp_path: Path, link_zoo: Zoo) -> None:  # noqa: F811
    """A 404 needs no history: dead on the first check, even with a cache."""
    url = link_zoo.url("status-404", "cache-404")
    with LinkCache.open(tmp_path / "c.sqlite3") as cache:
        result = (await check_urls([url], OPTS, cache=cache, retry=ZERO))[url]
    assert result.status == "dead"
    assert result.failures is None


async def test_fresh_results_are_reused_and_stale_ones_rechecked(
    tmp_path: Path,
    link_zoo: Zoo,  # noqa: F811
) -> None:
    """A second run within max_age asks nothing; with max_age 0 it asks again."""

    def hits() -> int:
        return int(link_zoo.stats()["requests"].get("ok GET", 0))

    url = link_zoo.url("ok", "cache-ok-b")
    with LinkCache.open(tmp_path / "c.sqlite3") as cache:
        first = (await check_urls([url], OPTS, cache=cache))[url]
        before = hits()
        second = (await check_urls([url], OPTS, cache=cache))[url]
        assert hits() == before
        stale = ResolveOptions(**{**OPTS.__dict__, "max_age_s": 0.0})
        third = (await check_urls([url], stale, cache=cache))[url]
        assert hits() == before + 1
    assert not first.from_cache
    assert second.from_cache
    assert second.status == "ok"
    assert not third.from_cache


def test_transient_results_are_not_reused(tmp_path: Path) -> None:
    """A cached "failing" result is checked again rather than repeated."""
    with LinkCache.open(tmp_path / "c.sqlite3") as cache:
        cache.record(
            LinkCheck(url="http://x.example/", status="failing", checked_at=iso(time.time())),
            streak="transient",
        )
        assert cache.fresh("http://x.example/", 86400) is None


def test_foreign_files_are_refused(tmp_path: Path) -> None:
    """A text file or someone else's SQLite database is not taken over."""
    text = tmp_path / "notes.txt"
    text.write_text("not a database, just words " * 100)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
    for path in (text, other):
        with pytest.raises(CacheError):
            LinkCache.open(path)
    assert "people" in str(
        sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall()
    )


def test_cache_reopens_and_default_path_is_per_user(tmp_path: Path) -> None:
    """Our own file opens again with its data; the default lives in the user's cache dir."""
    path = tmp_path / "deep" / "c.sqlite3"
    with LinkCache.open(path) as cache:
        cache.record(LinkCheck(url="http://a.example/", status="ok", checked_at=iso(time.time())))
    with LinkCache.open(path) as cache:
        assert cache.count() == 1
    assert default_cache_path().name == "links.sqlite3"
    assert "linkaudit" in str(default_cache_path())


async def test_interrupted_run_keeps_what_it_finished(tmp_path: Path, link_zoo: Zoo) -> None:  # noqa: F811
    """Cancelling a run mid-way leaves a sound cache holding every finished check."""
    fast = [link_zoo.url("ok", f"cache-int-{i}") for i in range(3)]
    hang = link_zoo.url("hang", "cache-int-hang")
    path = tmp_path / "c.sqlite3"
    with LinkCache.open(path) as cache, pytest.raises(TimeoutError):
        await asyncio.wait_for(check_urls([*fast, hang], OPTS, cache=cache, retry=ZERO), 1.0)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with LinkCache.open(path) as cache:
        assert cache.count() == 3
        assert all(cache.count(u) == 1 for u in fast)
        assert cache.count(hang) == 0


async def test_refused_connection_is_rechecked_not_replayed(
    tmp_path: Path,
    link_zoo: Zoo,  # noqa: F811
) -> None:
    """A refused connection (stored as observed, "dead") stays "failing" on the next run."""
    url = link_zoo.url("offsite-down", "cache-refused")
    with LinkCache.open(tmp_path / "c.sqlite3") as cache:
        first = (await check_urls([url], OPTS, cache=cache, retry=ZERO))[url]
        second = (await check_urls([url], OPTS, cache=cache, retry=ZERO))[url]
    assert first.status == "failing"
    assert second.status == "failing"
    assert not second.from_cache
    assert second.failures is not None
    assert second.failures.count == 2
