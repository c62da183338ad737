"""The PostgreSQL backend of the link history and archive look-up cache (psycopg 3).

The tables and their meaning are SQLite's (``resolve/cache.py``, ``archive/cache.py``); the row
rules are shared in ``resolve/store.py``. Many processes and machines may write at once:

- every check is one ``INSERT`` in its own transaction (autocommit, never retried), so
  concurrent writers neither lose nor overwrite each other's rows nor write one twice; the
  streak is read from committed rows, so a URL checked by two writers counts both checks,
  as SQLite does when two runs check it one after the other;
- the schema is created under a transaction-scoped advisory lock, because concurrent
  ``CREATE TABLE IF NOT EXISTS`` races in PostgreSQL;
- archive look-ups are upserts on their (url, day) key;
- the redaction key (resolve/history.py) is one ``meta`` row, made by whichever writer comes
  first: ``INSERT … ON CONFLICT DO NOTHING`` then ``SELECT``, so writers starting at once all
  read the one key that won, and a tokenised URL keeps one history across runs and machines.

The URL's password never appears in an error message.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import time
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from linkaudit.errors import CacheError
from linkaudit.model import ArchiveCopy, FailureHistory, LinkCheck
from linkaudit.resolve.redact import redact_url
from linkaudit.resolve.store import SCHEMA, CheckRow, check_values, reusable_check, streak_of

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

# the meta row holding the hex redaction key shared by every writer of this database
REDACTION_KEY = "redaction-key"

# pg_advisory_xact_lock key for schema creation: any constant shared by all linkaudit writers
_DDL_LOCK = 0x6C696E6B  # "link"

_DDL = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS checks (
        id BIGSERIAL PRIMARY KEY,
        url TEXT NOT NULL,
        checked_at DOUBLE PRECISION NOT NULL,
        status TEXT NOT NULL,
        http_status INTEGER,
        final_url TEXT,
        redirects TEXT NOT NULL DEFAULT '[]',
        detail TEXT,
        transient SMALLINT NOT NULL DEFAULT 0,
        elapsed_ms INTEGER
    )""",
    "CREATE INDEX IF NOT EXISTS checks_url_time ON checks (url, checked_at)",
    """CREATE TABLE IF NOT EXISTS archive_lookups (
        url TEXT NOT NULL,
        day TEXT NOT NULL,
        copy_url TEXT,
        copy_timestamp TEXT,
        copy_source TEXT,
        looked_up_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (url, day)
    )""",
)


def connect(url: str) -> psycopg.Connection[Any]:
    """An autocommit connection with the schema in place; ``CacheError`` otherwise."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a runtime dependency
        raise CacheError("a postgresql:// cache needs psycopg (pip install psycopg)") from None
    shown = redact_url(url)
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise CacheError(f"cannot open link cache {shown}: {_first_line(exc)}") from None
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
            for statement in _DDL:
                conn.execute(statement)
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                conn.execute("INSERT INTO meta VALUES ('schema', %s)", (SCHEMA,))
            elif row[0] != SCHEMA:
                raise CacheError(f"{shown} is not a linkaudit link cache ({row[0]})")
    except psycopg.Error as exc:
        conn.close()
        raise CacheError(f"cannot prepare link cache {shown}: {_first_line(exc)}") from None
    except BaseException:
        conn.close()
        raise
    return conn


def _hex_key(value: object) -> bytes | None:
    """The key a meta row holds (hex, at least 16 bytes), or None."""
    try:
        key = bytes.fromhex(str(value))
    except ValueError:
        return None
    return key if len(key) >= 16 else None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class PgHistory:
    """The link history in PostgreSQL: ``PgHistory.open(url)``, used as a context manager."""

    def __init__(self, conn: psycopg.Connection[Any], url: str) -> None:
        self._conn = conn
        self.path = redact_url(url)  # what messages name, like LinkCache.path

    @classmethod
    def open(cls, url: str) -> PgHistory:
        return cls(connect(url), url)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def redaction_key(self) -> bytes:
        """The database's redaction key, made on first use; a key for this run alone (with a
        warning) when the row cannot be made or read, as SQLite's unreadable key file is."""
        import psycopg

        mine = secrets.token_bytes(32)
        try:
            # two autocommitted statements: a concurrent first insert makes ours a no-op once
            # it commits, and the SELECT then reads the key that won
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
                (REDACTION_KEY, mine.hex()),
            )
            row = self._conn.execute(
                "SELECT value FROM meta WHERE key = %s", (REDACTION_KEY,)
            ).fetchone()
        except psycopg.Error as exc:
            log.warning(
                "cannot read the redaction key of %s (%s); tokenised links get a key for "
                "this run only",
                self.path,
                _first_line(exc),
            )
            return mine
        key = _hex_key(row[0] if row else "")
        if key is None:
            log.warning(
                "%s holds no valid redaction key; tokenised links get a key for this run only",
                self.path,
            )
            return mine
        return key

    def record(self, check: LinkCheck, *, streak: str = "clear", at: float | None = None) -> None:
        """Store one check (one autocommitted statement)."""
        import psycopg

        try:
            self._conn.execute(
                "INSERT INTO checks (url, checked_at, status, http_status, final_url,"
                " redirects, detail, transient, elapsed_ms)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                check_values(check, streak, at),
            )
        except psycopg.Error as exc:
            raise CacheError(f"cannot write link cache {self.path}: {_first_line(exc)}") from None

    def history(self, url: str) -> FailureHistory | None:
        row = self._conn.execute(
            "SELECT COUNT(*), MIN(checked_at), MAX(checked_at) FROM checks"
            " WHERE url = %s AND transient = 1 AND checked_at > COALESCE("
            "  (SELECT MAX(checked_at) FROM checks WHERE url = %s AND transient = 0),"
            "  '-Infinity'::float8)",
            (url, url),
        ).fetchone()
        return streak_of(row)

    def fresh(self, url: str, max_age_s: float, *, now: float | None = None) -> LinkCheck | None:
        row: CheckRow | None = self._conn.execute(
            "SELECT checked_at, status, http_status, final_url, redirects, detail, elapsed_ms,"
            " transient FROM checks WHERE url = %s ORDER BY checked_at DESC, id DESC LIMIT 1",
            (url,),
        ).fetchone()
        return reusable_check(url, row, max_age_s, now)

    def count(self, url: str | None = None) -> int:
        if url is None:
            row = self._conn.execute("SELECT COUNT(*) FROM checks").fetchone()
        else:
            row = self._conn.execute(
                "SELECT COUNT(*) FROM checks WHERE url = %s", (url,)
            ).fetchone()
        return int(row[0]) if row else 0


class PgArchiveStore:
    """Archive look-ups in PostgreSQL, fresh for ``max_age_s`` seconds."""

    def __init__(self, conn: psycopg.Connection[Any], max_age_s: float) -> None:
        self._conn = conn
        self.max_age_s = max_age_s

    @classmethod
    def open(cls, url: str, max_age_s: float) -> PgArchiveStore:
        return cls(connect(url), max_age_s)

    def get(self, url: str, when: datetime | None) -> tuple[bool, ArchiveCopy | None]:
        import psycopg

        from linkaudit.archive.cache import day_key

        try:
            row = self._conn.execute(
                "SELECT copy_url, copy_timestamp, copy_source, looked_up_at"
                " FROM archive_lookups WHERE url = %s AND day = %s",
                (url, day_key(when)),
            ).fetchone()
        except psycopg.Error:
            return False, None  # a broken cache costs a look-up, never the run
        if row is None or time.time() - float(row[3]) > self.max_age_s:
            return False, None
        if row[0] is None:
            return True, None
        return True, ArchiveCopy(url=row[0], timestamp=row[1], source=row[2])

    def put(self, url: str, when: datetime | None, copy: ArchiveCopy | None) -> None:
        import psycopg

        from linkaudit.archive.cache import day_key

        values = (
            url,
            day_key(when),
            copy.url if copy else None,
            copy.timestamp if copy else None,
            copy.source if copy else None,
            time.time(),
        )
        # on failure the look-up result is still returned; only its memory is lost
        with contextlib.suppress(psycopg.Error):
            self._conn.execute(
                "INSERT INTO archive_lookups VALUES (%s,%s,%s,%s,%s,%s)"
                " ON CONFLICT (url, day) DO UPDATE SET copy_url = EXCLUDED.copy_url,"
                " copy_timestamp = EXCLUDED.copy_timestamp, copy_source = EXCLUDED.copy_source,"
                " looked_up_at = EXCLUDED.looked_up_at",
                values,
            )

    def close(self) -> None:
        self._conn.close()
