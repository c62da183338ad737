"""The link history and the archive look-up cache behind one storage Protocol.

Two backends keep the same tables (``checks``, ``archive_lookups``, ``meta``) with the same
meaning: SQLite (``resolve/cache.py``, one machine, the default) and PostgreSQL
(``resolve/pg_store.py``, many processes or machines at once). The rules that read the rows —
which check may be reused, what the current failure streak is — live here once, so the
K-checks-over-D-hours outcome cannot differ between backends.

``open_history(spec)`` and ``open_archive_store(spec, max_age_s)`` choose the backend from the
``--cache`` value: a ``postgresql://`` (or ``postgres://``) URL, or a SQLite file path.
Only the backends import sqlite3 / psycopg; psycopg is imported when a PostgreSQL URL is used.
"""

from __future__ import annotations

import json
import math
import time
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from linkaudit.model import ArchiveCopy, FailureHistory, LinkCheck, LinkStatus, Redirect

SCHEMA = "linkaudit/link-cache/1"
STREAK = {"clear": 0, "transient": 1, "neutral": 2}

# Outcomes worth checking again rather than reusing: they say little about tomorrow.
NOT_REUSED: frozenset[LinkStatus] = frozenset(
    {"failing", "timeout", "error", "rate-limited", "unchecked", "excluded"}
)

# One row of ``checks`` as the "latest check" query returns it:
# (checked_at, status, http_status, final_url, redirects, detail, elapsed_ms, transient)
CheckRow = tuple[float, str, int | None, str | None, str, str | None, int | None, int]


class LinkHistory(Protocol):
    """Every check's result and time; what ``check_urls`` needs from a history."""

    def record(self, check: LinkCheck, *, streak: str = "clear", at: float | None = None) -> None:
        """Store one check durably (its own transaction)."""
        ...

    def history(self, url: str) -> FailureHistory | None:
        """The current streak of transient failures of ``url`` (since its last clear answer)."""
        ...

    def fresh(self, url: str, max_age_s: float, *, now: float | None = None) -> LinkCheck | None:
        """The latest reusable check of ``url`` younger than ``max_age_s``, marked from_cache."""
        ...

    def count(self, url: str | None = None) -> int:
        """How many checks are stored (of ``url``, or in all)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class ArchiveStore(Protocol):
    """Remembered archive look-ups per (URL, article day)."""

    def get(self, url: str, when: datetime | None) -> tuple[bool, ArchiveCopy | None]:
        """``(True, copy or None)`` for a fresh remembered look-up, ``(False, None)`` otherwise."""
        ...

    def put(self, url: str, when: datetime | None, copy: ArchiveCopy | None) -> None:
        """Remember one look-up; a failure to remember is not an error."""
        ...

    def close(self) -> None: ...


def is_postgres(spec: str | Path | None) -> bool:
    """True for a ``postgresql://`` / ``postgres://`` URL."""
    return isinstance(spec, str) and spec.startswith(("postgresql://", "postgres://"))


def open_history(spec: str | Path) -> LinkHistory:
    """The link history at ``spec``; ``CacheError`` when it cannot be opened or is not ours."""
    if is_postgres(spec):
        from linkaudit.resolve.pg_store import PgHistory

        return PgHistory.open(str(spec))
    from linkaudit.resolve.cache import LinkCache

    return LinkCache.open(Path(spec))


def open_archive_store(spec: str | Path, max_age_s: float) -> ArchiveStore:
    """The archive look-up cache at ``spec`` (the same database as the link history)."""
    if is_postgres(spec):
        from linkaudit.resolve.pg_store import PgArchiveStore

        return PgArchiveStore.open(str(spec), max_age_s)
    from linkaudit.archive.cache import ArchiveCache

    return ArchiveCache(Path(spec), max_age_s)


def reusable_check(
    url: str, row: CheckRow | None, max_age_s: float, now: float | None
) -> LinkCheck | None:
    """The check a "latest row" query found, when it may stand in for a new one."""
    if row is None:
        return None
    at, status, http_status, final_url, redirects, detail, elapsed, streak = row
    # a transient failure is stored as observed ("dead" for a refused connection) but
    # reported through the K-over-D rule: it is checked again, never replayed
    if (
        streak == STREAK["transient"]
        or status in NOT_REUSED
        or (time.time() if now is None else now) - float(at) > max_age_s
    ):
        return None
    return LinkCheck(
        url=url,
        status=status,  # type: ignore[arg-type]  # written from a LinkStatus
        checked_at=iso(float(at)),
        http_status=http_status,
        final_url=final_url,
        redirects=tuple(Redirect(u, s) for u, s in json.loads(redirects)),
        detail=detail,
        from_cache=True,
        elapsed_ms=elapsed,
    )


def streak_of(row: tuple[int, float | None, float | None] | None) -> FailureHistory | None:
    """The streak a (count, first, last) query over transient rows found."""
    if not row or not row[0] or row[1] is None or row[2] is None:
        return None
    return FailureHistory(count=int(row[0]), first=iso(float(row[1])), last=iso(float(row[2])))


def check_values(
    check: LinkCheck, streak: str, at: float | None
) -> tuple[str, float, str, int | None, str | None, str, str | None, int, int | None]:
    """The ``checks`` row of one check, in column order (url first)."""
    when = parse_iso(check.checked_at) if at is None else at
    redirects = json.dumps([[r.url, r.status] for r in check.redirects])
    return (
        check.url,
        when,
        check.status,
        check.http_status,
        check.final_url,
        redirects,
        check.detail,
        STREAK[streak],
        check.elapsed_ms,
    )


def iso(epoch: float) -> str:
    """ISO 8601 UTC with seconds, as the report contract writes times."""
    return _iso_second(math.floor(epoch))


@lru_cache(maxsize=256)  # every checked link is stamped: thousands share each second
def _iso_second(second: int) -> str:
    return datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: str) -> float:
    """Epoch seconds of an ISO 8601 time written by ``iso`` (or with an offset)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
