"""What sits between the resolve stage and a storage backend (store.LinkHistory).

``RedactedHistory``: nothing secret reaches the backend. A URL is stored under
``redact_url(url)``, plus, when it had secret parts, `` hmac=<HMAC-SHA256 of those parts>``
keyed by a random key kept with the history -- ``redaction.key`` beside the SQLite file
(0600), a ``meta`` row of a PostgreSQL database (``PgHistory.redaction_key``), per run only
when neither can be kept -- so two tokens of one page stay two cache entries while neither
token is stored, and one tokenised URL keeps one history across runs, processes and
machines sharing the store. The check's other URLs and its detail message are redacted too.
Whoever can read the history can read its key, as with the SQLite file beside it: the key
keeps tokens out of the store, it does not hide the store.

``ResilientHistory``: a history that cannot be written (disk full, read-only file, database
gone) must not cost the run its report. The first failure is logged once as a warning and
the rest of the run keeps its history in memory (``MemoryHistory``, the same rules as the
backends through store.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import sqlite3
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Self

from linkaudit.errors import CacheError
from linkaudit.model import FailureHistory, LinkCheck
from linkaudit.resolve.redact import redact_check, redact_url, secret_digest
from linkaudit.resolve.store import (
    STREAK,
    CheckRow,
    LinkHistory,
    check_values,
    reusable_check,
    streak_of,
)

log = logging.getLogger(__name__)
KEY_NAME = "redaction.key"


def local_key(folder: Path | None) -> bytes:
    """The redaction key kept in ``folder`` (made on first use, owner-only); a key for this
    run alone when there is no folder or it cannot hold one."""
    if folder is None:
        return secrets.token_bytes(32)
    path = folder / KEY_NAME
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError:
        return secrets.token_bytes(32)
    key = secrets.token_bytes(32)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another run made it first: use theirs
        try:
            return _read_key(path)
        except OSError:
            return key
    except OSError:
        return key
    with os.fdopen(fd, "wb") as fh:
        fh.write(key.hex().encode("ascii"))
    return key


def _read_key(path: Path) -> bytes:
    raw = path.read_bytes().strip()
    try:
        key = bytes.fromhex(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        key = b""
    if len(key) < 16:
        raise OSError(f"{path}: not a redaction key")
    return key


class _Wrapper:
    """Context-manager plumbing shared by the wrappers."""

    inner: LinkHistory

    def close(self) -> None:
        self.inner.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class RedactedHistory(_Wrapper):
    """A LinkHistory that stores only redacted URLs, keyed with a hash of their secrets."""

    def __init__(self, inner: LinkHistory, key: bytes) -> None:
        self.inner = inner
        self._key = key

    def storage_key(self, url: str) -> str:
        """What the backend sees instead of ``url``."""
        digest = secret_digest(url, self._key)
        redacted = redact_url(url)
        # a space cannot occur in a URL, so the suffix never collides with a real address
        return redacted if digest is None else f"{redacted} hmac={digest}"

    def record(self, check: LinkCheck, *, streak: str = "clear", at: float | None = None) -> None:
        stored = replace(redact_check(check), url=self.storage_key(check.url))
        self.inner.record(stored, streak=streak, at=at)

    def history(self, url: str) -> FailureHistory | None:
        return self.inner.history(self.storage_key(url))

    def fresh(self, url: str, max_age_s: float, *, now: float | None = None) -> LinkCheck | None:
        hit = self.inner.fresh(self.storage_key(url), max_age_s, now=now)
        return None if hit is None else replace(hit, url=url)

    def count(self, url: str | None = None) -> int:
        return self.inner.count(None if url is None else self.storage_key(url))


class MemoryHistory:
    """The link history of one run, in memory: the same reuse and streak rules as the
    backends (store.reusable_check, store.streak_of)."""

    def __init__(self) -> None:
        # url -> rows (checked_at, status, http_status, final_url, redirects, detail,
        # elapsed_ms, transient), in the order recorded
        self._rows: dict[str, list[CheckRow]] = {}

    def record(self, check: LinkCheck, *, streak: str = "clear", at: float | None = None) -> None:
        url, when, status, code, final, redirects, detail, transient, elapsed = check_values(
            check, streak, at
        )
        row: CheckRow = (when, status, code, final, redirects, detail, elapsed, transient)
        self._rows.setdefault(url, []).append(row)

    def history(self, url: str) -> FailureHistory | None:
        rows = self._rows.get(url, [])
        clear = [r[0] for r in rows if r[7] == STREAK["clear"]]
        since = max(clear) if clear else float("-inf")
        times = [r[0] for r in rows if r[7] == STREAK["transient"] and r[0] > since]
        return streak_of((len(times), min(times), max(times)) if times else None)

    def fresh(self, url: str, max_age_s: float, *, now: float | None = None) -> LinkCheck | None:
        rows = self._rows.get(url)
        if not rows:
            return None
        latest = max(enumerate(rows), key=lambda ir: (ir[1][0], ir[0]))[1]
        return reusable_check(url, latest, max_age_s, now)

    def count(self, url: str | None = None) -> int:
        if url is None:
            return sum(len(r) for r in self._rows.values())
        return len(self._rows.get(url, []))

    def close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        pass


def _failure(exc: BaseException) -> str:
    # a backend's CacheError names the file again; its cause says what went wrong
    root = exc.__cause__ if isinstance(exc, CacheError) and exc.__cause__ is not None else exc
    return " ".join((str(root) or type(root).__name__).split())


class ResilientHistory(_Wrapper):
    """A LinkHistory that falls back to memory, with one warning, when the backend fails."""

    def __init__(self, inner: LinkHistory, where: str) -> None:
        self.inner = inner
        self._where = where
        self._memory: MemoryHistory | None = None

    @property
    def degraded(self) -> bool:
        """True once the backend failed and the history went to memory."""
        return self._memory is not None

    def _degrade(self, exc: BaseException) -> MemoryHistory:
        if self._memory is None:
            log.warning(
                "cannot write the link cache %s (%s); this run's link history is kept in "
                "memory only",
                self._where,
                _failure(exc),
            )
            self._memory = MemoryHistory()
        return self._memory

    def record(self, check: LinkCheck, *, streak: str = "clear", at: float | None = None) -> None:
        if self._memory is None:
            try:
                self.inner.record(check, streak=streak, at=at)
                return
            except (CacheError, OSError, sqlite3.Error) as exc:
                self._degrade(exc)
        assert self._memory is not None
        self._memory.record(check, streak=streak, at=at)

    def history(self, url: str) -> FailureHistory | None:
        if self._memory is not None:
            return self._memory.history(url)
        try:
            return self.inner.history(url)
        except (CacheError, OSError, sqlite3.Error) as exc:
            return self._degrade(exc).history(url)

    def fresh(self, url: str, max_age_s: float, *, now: float | None = None) -> LinkCheck | None:
        if self._memory is not None:
            return self._memory.fresh(url, max_age_s, now=now)
        try:
            return self.inner.fresh(url, max_age_s, now=now)
        except (CacheError, OSError, sqlite3.Error) as exc:
            return self._degrade(exc).fresh(url, max_age_s, now=now)

    def count(self, url: str | None = None) -> int:
        if self._memory is not None:
            return self._memory.count(url)
        return self.inner.count(url)

    def close(self) -> None:
        with contextlib.suppress(CacheError, OSError, sqlite3.Error):
            self.inner.close()


def _read_only_reason(path: Path) -> str | None:
    """Why the SQLite cache at ``path`` cannot be written, before SQLite says it worse.

    SQLite needs the file and its folder writable (WAL and journal files live beside it);
    asked to write a read-only file it reports a database error, which used to come out as
    "is not a linkaudit link cache".
    """
    folder = path.parent
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent  # the folder is made on first use: its nearest existing parent
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"the folder {probe} is read-only"
    return None


def open_link_history(spec: str | Path) -> LinkHistory:
    """The run's link history: the backend at ``spec`` behind redaction and a fallback to
    memory. A cache that cannot be written is a warning, never the end of the run; a file
    that is not a linkaudit cache is still ``CacheError`` (exit 2)."""
    from linkaudit.resolve.store import is_postgres, open_history

    if is_postgres(spec):
        return _open_postgres(str(spec))
    where = redact_url(str(spec))
    key = local_key(Path(spec).parent)
    reason = _read_only_reason(Path(spec))
    if reason is not None:
        log.warning(
            "the link cache %s is read-only (%s); this run's link history is kept in "
            "memory only",
            where,
            reason,
        )
        return RedactedHistory(MemoryHistory(), key)
    try:
        backend = open_history(spec)
    except CacheError as exc:
        cause = exc.__cause__
        if isinstance(cause, sqlite3.OperationalError) and _unwritable(cause):
            # the file is ours but cannot be written (full disk, I/O error): not "not ours"
            log.warning(
                "cannot write the link cache %s (%s); this run's link history is kept in "
                "memory only",
                where,
                _failure(cause),
            )
            return RedactedHistory(MemoryHistory(), key)
        raise
    return RedactedHistory(ResilientHistory(backend, where), key)


def _open_postgres(url: str) -> LinkHistory:
    """A PostgreSQL history keyed with the database's own redaction key (see the module
    docstring); a server that cannot be reached is ``CacheError`` (exit 2)."""
    from linkaudit.resolve.pg_store import PgHistory

    backend = PgHistory.open(url)
    return RedactedHistory(ResilientHistory(backend, backend.path), backend.redaction_key())


def _unwritable(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    signs = ("readonly", "read-only", "disk is full", "disk i/o error", "unable to open")
    return any(s in text for s in signs)
