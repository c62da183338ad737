"""The PostgreSQL history backend against a real server: same rules as SQLite, many writers."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from history_nights import play, play_into
from linkaudit.archive.cache import ArchiveCache
from linkaudit.errors import CacheError
from linkaudit.model import ArchiveCopy, LinkCheck
from linkaudit.resolve import open_history
from linkaudit.resolve.pg_store import PgHistory
from linkaudit.resolve.store import iso, open_archive_store
from pg_server import PgServer, pg_server, pg_url  # noqa: F401  (fixtures)
from zoo import Zoo, link_zoo  # noqa: F401  (session fixture)

URLS = list(range(24))
NIGHTS = 6


def test_k_over_d_matches_sqlite_night_by_night(tmp_path: Path, pg_url: str) -> None:  # noqa: F811
    """Six simulated nights give the same status and streak per URL and night on both backends."""
    on_sqlite = play(str(tmp_path / "h.sqlite3"), URLS, NIGHTS)
    on_postgres = play(pg_url, URLS, NIGHTS)
    assert on_postgres == on_sqlite
    statuses = {status for _u, _n, status, _c in on_sqlite}
    assert {"dead", "failing", "ok", "rate-limited"} <= statuses  # the nights exercise every rule


def test_two_processes_share_one_history(tmp_path: Path, pg_url: str) -> None:  # noqa: F811
    """Two processes writing at once lose no check and double none; results equal SQLite's."""
    halves = (URLS[0::2], URLS[1::2])
    shared = "http://shared.example/both"  # written by both processes every night
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=play_into, args=(queue, pg_url, h, NIGHTS, shared, barrier))
        for h in halves
    ]
    for proc in procs:
        proc.start()
    together = sorted(r for _ in procs for r in queue.get(timeout=120))
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0
    alone = sorted(play(str(tmp_path / "h.sqlite3"), URLS, NIGHTS))
    assert together == alone
    with open_history(pg_url) as store, open_history(tmp_path / "h.sqlite3") as sqlite:
        # every URL's every night is stored exactly once, and the streaks are SQLite's
        assert store.count() == len(URLS) * NIGHTS + 2 * NIGHTS
        assert store.count(shared) == 2 * NIGHTS
        assert all(store.count(u) == NIGHTS for u, *_ in alone)
        assert all(store.history(u) == sqlite.history(u) for u, *_ in alone)


def test_archive_lookups_are_remembered(pg_url: str, tmp_path: Path) -> None:  # noqa: F811
    """An archive look-up (a copy, or "no copy") reads back the same from both backends."""
    copy = ArchiveCopy(url="https://web.example/1/x", timestamp="2024-01-02T00:00:00Z", source="w")
    pg = open_archive_store(pg_url, 3600)
    sqlite = ArchiveCache(tmp_path / "a.sqlite3", 3600)
    try:
        for store in (pg, sqlite):
            assert store.get("http://x.example/", None) == (False, None)
            store.put("http://x.example/", None, copy)
            store.put("http://y.example/", None, None)
            store.put("http://x.example/", None, copy)  # a second look-up replaces the first
        for url in ("http://x.example/", "http://y.example/"):
            assert pg.get(url, None) == sqlite.get(url, None)
        assert pg.get("http://x.example/", None) == (True, copy)
    finally:
        pg.close()
        sqlite.close()


def test_reuse_rules_match_sqlite(pg_url: str, tmp_path: Path) -> None:  # noqa: F811
    """A fresh ok is reused, a stale one or a transient failure is not, as in SQLite."""
    now = time.time()
    ok = LinkCheck(url="http://a.example/", status="ok", checked_at=iso(now - 60), http_status=200)
    bad = LinkCheck(url="http://b.example/", status="error", checked_at=iso(now), http_status=500)
    with open_history(pg_url) as pg, open_history(tmp_path / "h.sqlite3") as sqlite:
        for store in (pg, sqlite):
            store.record(ok)
            store.record(bad, streak="transient")
        for store in (pg, sqlite):
            hit = store.fresh(ok.url, 3600)
            assert hit is not None
            assert hit.from_cache
            assert hit.status == "ok"
            assert store.fresh(ok.url, 30) is None
            assert store.fresh(bad.url, 3600) is None
        assert pg.fresh(ok.url, 3600) == sqlite.fresh(ok.url, 3600)


def test_foreign_database_and_bad_url_are_refused(pg_server: PgServer) -> None:  # noqa: F811
    """Someone else's schema row is not taken over; an unreachable server names no password."""
    url = pg_server.new_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('schema', 'someone-else/1')")
    with pytest.raises(CacheError, match="not a linkaudit link cache"):
        PgHistory.open(url)
    closed = f"postgresql://u:s3cret@127.0.0.1:{pg_server.port + 1}/x"
    with pytest.raises(CacheError) as info:
        open_history(closed)
    assert "s3cret" not in str(info.value)


def test_check_command_keeps_its_history_in_postgres(
    tmp_path: Path,
    pg_url: str,  # noqa: F811
    link_zoo: Zoo,  # noqa: F811
) -> None:
    """`linkaudit check --cache postgresql://…` records its checks there and reuses them."""
    ok, gone = link_zoo.url("ok", "pg-cli-ok"), link_zoo.url("status-404", "pg-cli-404")
    article = tmp_path / "a.md"
    article.write_text(f"The ministry [said]({ok}) so, and the [report]({gone}) agrees.\n")
    args = [sys.executable, "-m", "linkaudit", "check", str(article), "-f", "json", "-q"]
    args += ["--allow-private", "--no-archive-dead", "--cache", pg_url]
    runs = [subprocess.run(args, capture_output=True, text=True, timeout=120) for _ in range(2)]
    assert [r.returncode for r in runs] == [1, 1], runs[0].stderr  # the 404 is a finding
    first, second = (json.loads(r.stdout)["links"] for r in runs)
    assert [link["status"] for link in first] == ["ok", "dead"]
    assert [link["status"] for link in second] == ["ok", "dead"]
    with open_history(pg_url) as store:
        assert store.count(ok) == 1  # the second run reused the fresh result
        assert store.count(gone) == 1


TOKENISED = "http://tok.example/p?token=SECRETTOKEN9&id=3"


def _record_tokenised(queue: Any, url: str, barrier: Any) -> None:
    """In a child process: open the redacting history as a run does, at the same moment as
    another process, record one check of ``TOKENISED``; put the key it was stored under."""
    from linkaudit.resolve.history import RedactedHistory, open_link_history

    barrier.wait(timeout=60)
    with open_link_history(url) as store:
        assert isinstance(store, RedactedHistory)
        check = LinkCheck(url=TOKENISED, status="ok", checked_at=iso(time.time()), http_status=200)
        store.record(check)
        queue.put(store.storage_key(TOKENISED))


def test_redaction_key_is_one_row_shared_by_concurrent_first_writers(
    pg_url: str,  # noqa: F811
) -> None:
    """Two processes opening a fresh database at once agree on one redaction key (one meta
    row), so a tokenised URL has one history across processes and later runs, never the token."""
    from linkaudit.resolve.history import open_link_history

    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    queue = ctx.Queue()
    procs = [ctx.Process(target=_record_tokenised, args=(queue, pg_url, barrier)) for _ in "ab"]
    for proc in procs:
        proc.start()
    keys = [queue.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0
    assert keys[0] == keys[1]
    assert keys[0].startswith("http://tok.example/p?token=REDACTED&id=3 hmac=")
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute("SELECT value FROM meta WHERE key = 'redaction-key'").fetchall()
        stored = conn.execute("SELECT url, COUNT(*) FROM checks GROUP BY url").fetchall()
        everything = json.dumps(conn.execute("SELECT * FROM checks").fetchall())
    assert len(rows) == 1
    assert len(bytes.fromhex(rows[0][0])) == 32
    assert stored == [(keys[0], 2)]  # both checks under the one key
    assert "SECRETTOKEN9" not in everything
    with open_link_history(pg_url) as later:  # a later run (any machine) finds the history
        hit = later.fresh(TOKENISED, 3600)
        assert hit is not None
        assert hit.from_cache
        assert later.count(TOKENISED) == 2


def test_tokenised_link_is_reused_across_check_runs_in_postgres(
    tmp_path: Path,
    pg_url: str,  # noqa: F811
    link_zoo: Zoo,  # noqa: F811
) -> None:
    """`linkaudit check --cache postgresql://…` twice: the second run reuses the first run's
    check of a tokenised link (it was a key for one run only, so every run checked it again)."""
    url = link_zoo.url("ok", "pg-token") + "&access_token=SECRETTOKEN8"
    article = tmp_path / "a.md"
    article.write_text(f"The ministry [said]({url}) so.\n")
    args = [sys.executable, "-m", "linkaudit", "check", str(article), "-f", "json", "-q"]
    args += ["--allow-private", "--no-archive-dead", "--cache", pg_url]
    first = subprocess.run(args, capture_output=True, text=True, timeout=120)
    time.sleep(1.1)  # checked_at has whole seconds: a fresh check would differ
    second = subprocess.run(args, capture_output=True, text=True, timeout=120)
    runs = [first, second]
    assert [r.returncode for r in runs] == [0, 0], first.stderr + second.stderr
    links = [json.loads(r.stdout)["links"][0] for r in runs]
    assert [link["status"] for link in links] == ["ok", "ok"]
    assert links[1]["checked_at"] == links[0]["checked_at"]  # the first run's check, reused
    assert "SECRETTOKEN8" not in runs[0].stdout + runs[1].stdout
    with psycopg.connect(pg_url) as conn:
        (count,) = conn.execute("SELECT COUNT(*) FROM checks").fetchone() or (0,)
    assert count == 1  # checked once, by the first run
