"""SQLite memory of archive lookups, in its own ``archive_`` table of a shared DB file.

The file may be the link-history cache too; this module keeps its own connection and touches
only its own table. A lookup is remembered per (URL, article day) because the snapshot choice
depends on the date. "No copy" is remembered too; a service outage is never remembered.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime
from pathlib import Path
from types import TracebackType

from linkaudit.archive.choose import to_wayback
from linkaudit.errors import CacheError
from linkaudit.model import ArchiveCopy

SCHEMA = """
CREATE TABLE IF NOT EXISTS archive_lookups (
    url TEXT NOT NULL,
    day TEXT NOT NULL,
    copy_url TEXT,
    copy_timestamp TEXT,
    copy_source TEXT,
    looked_up_at REAL NOT NULL,
    PRIMARY KEY (url, day)
)
"""


def day_key(when: datetime | None) -> str:
    """The cache key part for an article date: its UTC day, or ``latest`` for "now"."""
    return "latest" if when is None else to_wayback(when)[:8]


class ArchiveCache:
    """Remembered lookups, fresh for ``max_age_s`` seconds."""

    def __init__(self, path: Path, max_age_s: float) -> None:
        self.max_age_s = max_age_s
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), timeout=5.0)
            self._db.execute(SCHEMA)
            self._db.commit()
        except (sqlite3.Error, OSError) as exc:
            raise CacheError(f"cannot open the archive cache {path}: {exc}") from None

    def get(self, url: str, when: datetime | None) -> tuple[bool, ArchiveCopy | None]:
        """``(True, copy or None)`` for a fresh remembered lookup, ``(False, None)`` otherwise."""
        try:
            row = self._db.execute(
                "SELECT copy_url, copy_timestamp, copy_source, looked_up_at"
                " FROM archive_lookups WHERE url = ? AND day = ?",
                (url, day_key(when)),
            ).fetchone()
        except sqlite3.Error:
            return False, None  # a broken cache costs a lookup, never the run
        if row is None or time.time() - float(row[3]) > self.max_age_s:
            return False, None
        if row[0] is None:
            return True, None
        return True, ArchiveCopy(url=row[0], timestamp=row[1], source=row[2])

    def put(self, url: str, when: datetime | None, copy: ArchiveCopy | None) -> None:
        values = (
            url,
            day_key(when),
            copy.url if copy else None,
            copy.timestamp if copy else None,
            copy.source if copy else None,
            time.time(),
        )
        try:
            self._db.execute("INSERT OR REPLACE INTO archive_lookups VALUES (?,?,?,?,?,?)", values)
            self._db.commit()
        except sqlite3.Error:
            pass  # the lookup result is still returned; only its memory is lost

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ArchiveCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
