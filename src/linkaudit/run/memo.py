"""What a streaming run remembers across its batches: each URL's check and archive outcome.

Kept in a temporary SQLite file, not in memory, so a run over 10^5 documents holds only the
batch in flight: a URL met again in a later batch is looked up here, never checked twice.
Values are pickled (they are this run's own objects, never read from outside).
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Self


class RunMemo:
    """A temporary key -> value store per kind ("check", "archive"), deleted on close."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="linkaudit-run-")
        self._db = sqlite3.connect(Path(self._dir.name) / "memo.sqlite3")
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE memo (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key))"
        )

    def get_many(self, kind: str, keys: Iterable[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in dict.fromkeys(keys):
            row = self._db.execute(
                "SELECT value FROM memo WHERE kind=? AND key=?", (kind, key)
            ).fetchone()
            if row is not None:
                out[key] = pickle.loads(row[0])
        return out

    def put_many(self, kind: str, values: Mapping[str, Any]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO memo VALUES (?,?,?)",
                ((kind, k, pickle.dumps(v)) for k, v in values.items()),
            )

    def count(self, kind: str) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM memo WHERE kind=?", (kind,)).fetchone()
        return int(row[0])

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
