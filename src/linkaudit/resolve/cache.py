"""The link-history cache: every check's result and time, in SQLite.

A later run reuses fresh definitive results (``max_age``) and reads a link's streak of
transient failures, which the K-checks-over-D-hours rule turns into "failing" or "dead".
Each result is written in its own transaction as it arrives, so an interrupted run leaves a
consistent file holding everything finished before the interruption.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

import platformdirs

from linkaudit.errors import CacheError
from linkaudit.model import FailureHistory, LinkCheck
from linkaudit.resolve.store import (
    NOT_REUSED,
    SCHEMA,
    CheckRow,
    check_values,
    iso,
    parse_iso,
    reusable_check,
    streak_of,
)

__all__ = ["NOT_REUSED", "SCHEMA", "LinkCache", "default_cache_path", "iso", "parse_iso"]

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    checked_at REAL NOT NULL,
    status TEXT NOT NULL,
    http_status INTEGER,
    final_url TEXT,
    redirects TEXT NOT NULL DEFAULT '[]',
    detail TEXT,
    transient INTEGER NOT NULL DEFAULT 0,  -- 0 clear, 1 transient failure, 2 neutral
    elapsed_ms INTEGER
);
CREATE INDEX IF NOT EXISTS checks_url_time ON checks (url, checked_at);
"""


def default_cache_path() -> Path:
    """The cache file under the user's cache directory (created on first use)."""
    return platformdirs.user_cache_path("linkaudit") / "links.sqlite3"


class LinkCache:
    """A SQLite file of link checks: ``LinkCache.open(path)``, used as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path) -> LinkCache:
        """Open or create the cache; ``CacheError`` for a file that is not a linkaudit cache."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=10.0, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise CacheError(f"cannot open link cache {path}: {exc}") from exc
        try:
            cls._prepare(conn, path)
        except BaseException:
            conn.close()
            raise
        return cls(conn, path)

    @staticmethod
    def _prepare(conn: sqlite3.Connection, path: Path) -> None:
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if tables:
                row = (
                    conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                    if "meta" in tables
                    else None
                )
                if row is None or row[0] != SCHEMA:
                    found = row[0] if row else "no linkaudit schema"
                    raise CacheError(f"{path} is not a linkaudit link cache ({found})")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(
                f"BEGIN; {_DDL} INSERT OR IGNORE INTO meta VALUES ('schema', '{SCHEMA}'); COMMIT;"
            )
        except sqlite3.DatabaseError as exc:
            raise CacheError(f"{path} is not a linkaudit link cache: {exc}") from exc

    def close(self) -> None:
        """Close the file; everything recorded is already committed."""
        self._conn.close()

    def __enter__(self) -> LinkCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def record(self, check: LinkCheck, *, streak: str = "clear", at: float | None = None) -> None:
        """Store one check in its own transaction.

        ``streak``: "transient" extends the link's failure streak, "clear" (an answer) ends it,
        "neutral" (rate-limited, blocked, excluded) does neither.
        """
        values = check_values(check, streak, at)
        try:
            with self._conn:
                self._conn.execute("BEGIN")
                self._conn.execute(
                    "INSERT INTO checks (url, checked_at, status, http_status, final_url,"
                    " redirects, detail, transient, elapsed_ms) VALUES (?,?,?,?,?,?,?,?,?)",
                    values,
                )
        except sqlite3.Error as exc:
            raise CacheError(f"cannot write link cache {self.path}: {exc}") from exc

    def history(self, url: str) -> FailureHistory | None:
        """The current streak of transient failures of ``url`` (since its last clear answer)."""
        last_clear = self._conn.execute(
            "SELECT MAX(checked_at) FROM checks WHERE url=? AND transient=0", (url,)
        ).fetchone()[0]
        row = self._conn.execute(
            "SELECT COUNT(*), MIN(checked_at), MAX(checked_at) FROM checks"
            " WHERE url=? AND transient=1 AND checked_at > ?",
            (url, last_clear if last_clear is not None else float("-inf")),
        ).fetchone()
        return streak_of(row)

    def fresh(self, url: str, max_age_s: float, *, now: float | None = None) -> LinkCheck | None:
        """The latest reusable check of ``url`` younger than ``max_age_s``, marked from_cache."""
        row = self._conn.execute(
            "SELECT checked_at, status, http_status, final_url, redirects, detail, elapsed_ms,"
            " transient"
            " FROM checks WHERE url=? ORDER BY checked_at DESC, id DESC LIMIT 1",
            (url,),
        ).fetchone()
        typed: CheckRow | None = row
        return reusable_check(url, typed, max_age_s, now)

    def count(self, url: str | None = None) -> int:
        """How many checks are stored (of ``url``, or in all)."""
        if url is None:
            return int(self._conn.execute("SELECT COUNT(*) FROM checks").fetchone()[0])
        return int(
            self._conn.execute("SELECT COUNT(*) FROM checks WHERE url=?", (url,)).fetchone()[0]
        )
