"""``save_live``: Save Page Now 2 captures of live links that have no recent capture.

SPN2 (``POST /save`` then ``GET /save/status/<job_id>``) authenticates with
``Authorization: LOW <access>:<secret>`` and limits each account: a few concurrent captures
(``error:user-session-limit``), a daily quota (``error:too-many-daily-captures``) and a request
rate (HTTP 429 with ``Retry-After``). We send at most ``spn_concurrency`` captures at a time,
wait out a 429 only while the budget allows, stop submitting once the daily quota is spent, and
poll each job at ``poll_interval_s`` for at most ``poll_max_s``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import httpx

from linkaudit.archive.choose import is_recent, iso, parse_wayback
from linkaudit.archive.fetch import Reply, make_client, request, retry_after_s
from linkaudit.archive.options import ArchiveOptions
from linkaudit.archive.wayback import availability, replay_url
from linkaudit.model import ArchiveCopy

SaveStatus = Literal[
    "saved", "recent-capture", "rate-limited", "error", "no-credentials", "timeout"
]

# status_ext values that mean "not now", not "this URL cannot be captured"
RATE_LIMITS = frozenset(
    {"error:too-many-daily-captures", "error:user-session-limit", "error:too-many-requests"}
)
MAX_SUBMITS = 3  # per URL: a 429 or a session-limit answer is retried, within the budget


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What happened to one URL submitted for capture; a value, never an exception."""

    url: str
    status: SaveStatus
    copy: ArchiveCopy | None = None
    message: str | None = None


@dataclass
class _Account:
    """Limits learnt from SPN2 during one call, shared by all submissions."""

    deadline: float
    resume_at: float = 0.0
    exhausted: str | None = None  # set once the daily quota is spent


async def save_live(urls: Sequence[str], options: ArchiveOptions) -> dict[str, SaveOutcome]:
    """Capture each URL unless it has a recent capture; bounded by ``budget_s`` overall."""
    unique = list(dict.fromkeys(urls))
    if not unique:
        return {}
    if not (options.access_key and options.secret_key):
        msg = "no SPN2 keys: set LINKAUDIT_IA_ACCESS_KEY and LINKAUDIT_IA_SECRET_KEY"
        return {u: SaveOutcome(u, "no-credentials", message=msg) for u in unique}
    account = _Account(deadline=time.monotonic() + max(0.0, options.budget_s))
    out: dict[str, SaveOutcome] = {}
    looking = asyncio.Semaphore(max(1, options.max_concurrency))
    gate = asyncio.Semaphore(max(1, options.spn_concurrency))

    async def one(client: httpx.AsyncClient, url: str) -> None:
        async with looking:
            recent = await _recent_copy(client, url, options)
        if recent is not None:
            out[url] = SaveOutcome(url, "recent-capture", recent, "captured recently")
            return
        async with gate:
            out[url] = await _save_one(client, url, options, account)

    async with make_client(options) as client:
        try:
            slots = await asyncio.wait_for(
                _check_account(client, options, account), timeout=_left(account)
            )
        except TimeoutError:
            slots = None
        if slots is not None:
            gate = asyncio.Semaphore(max(1, min(options.spn_concurrency, slots)))
        tasks = [asyncio.create_task(one(client, u)) for u in unique]
        _done, pending = await asyncio.wait(tasks, timeout=_left(account))
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    for url in unique:
        out.setdefault(
            url, SaveOutcome(url, "timeout", message=f"unfinished after {options.budget_s:.0f}s")
        )
    return {u: out[u] for u in unique}


def _left(account: _Account) -> float:
    return max(0.0, account.deadline - time.monotonic())


async def _check_account(
    client: httpx.AsyncClient, options: ArchiveOptions, account: _Account
) -> int | None:
    """Read SPN2's user status: a spent daily quota stops us before any submission.

    Returns the capture slots still free, or ``None`` when the status is not available (the
    submissions then learn the limits from SPN2's answers instead).
    """
    reply = await request(
        client,
        "GET",
        f"{options.endpoints.spn_status}user",
        params={"_t": str(int(time.time()))},  # the documented cache-buster
        headers=_headers(options),
        max_bytes=options.max_response_bytes,
    )
    body = reply.json() if reply.ok else None
    if not isinstance(body, dict):
        return None
    used, limit = body.get("daily_captures"), body.get("daily_captures_limit")
    if isinstance(used, int) and isinstance(limit, int) and used >= limit:
        account.exhausted = f"error:too-many-daily-captures: {used} of {limit} captures used today"
    available = body.get("available")
    return available if isinstance(available, int) else None


async def _recent_copy(
    client: httpx.AsyncClient, url: str, options: ArchiveOptions
) -> ArchiveCopy | None:
    """The newest capture when it is recent enough to make a new one pointless."""
    found = await availability(client, url, replace(options, when=None))
    for cap in found.captures:
        if cap.status.strip() == "200" and is_recent(cap.at, options.recent_s):
            return ArchiveCopy(cap.url, iso(cap.at), "wayback")
    return None


def _headers(options: ArchiveOptions) -> dict[str, str]:
    return {
        "Accept": "application/json",
        "Authorization": f"LOW {options.access_key}:{options.secret_key}",
    }


async def _save_one(
    client: httpx.AsyncClient, url: str, options: ArchiveOptions, account: _Account
) -> SaveOutcome:
    form = {
        "url": url,
        "if_not_archived_within": options.if_not_archived_within,
        "skip_first_archive": "1",
    }
    last = "not submitted"
    for _attempt in range(MAX_SUBMITS):
        if account.exhausted:
            return SaveOutcome(url, "rate-limited", message=account.exhausted)
        wait = account.resume_at - time.monotonic()
        if wait > 0:
            if time.monotonic() + wait >= account.deadline:
                return SaveOutcome(url, "rate-limited", message=f"{last}; retry after {wait:.0f}s")
            await asyncio.sleep(wait)
        reply = await request(
            client,
            "POST",
            options.endpoints.spn,
            data=form,
            headers=_headers(options),
            max_bytes=options.max_response_bytes,
        )
        if reply.status == 429:
            delay = retry_after_s(reply.headers.get("retry-after"))
            account.resume_at = max(account.resume_at, time.monotonic() + delay)
            last = "HTTP 429 too many requests"
            continue
        body = reply.json()
        info = body if isinstance(body, dict) else {}
        if info.get("status") == "error" or not reply.ok:
            ext = str(info.get("status_ext") or "")
            message = _message(reply, info)
            if ext == "error:too-many-daily-captures":
                account.exhausted = message
                return SaveOutcome(url, "rate-limited", message=message)
            if ext in RATE_LIMITS:
                # our other captures are still running: wait one poll interval, then retry
                account.resume_at = max(
                    account.resume_at, time.monotonic() + options.poll_interval_s
                )
                last = message
                continue
            return SaveOutcome(url, "error", message=message)
        job_id = info.get("job_id")
        if not isinstance(job_id, str) or not job_id:
            return _finished(url, info, options, already=True) or SaveOutcome(
                url, "error", message=f"SPN2 gave no job id: {_message(reply, info)}"
            )
        note = str(info.get("message") or "")
        return await _poll(client, url, job_id, options, account, already="same snapshot" in note)
    return SaveOutcome(url, "rate-limited", message=last)


def _message(reply: Reply, info: dict[str, object]) -> str:
    parts = [str(info[k]) for k in ("status_ext", "message") if info.get(k)]
    return ": ".join(parts) if parts else f"SPN2 answered {reply.describe()}"


def _finished(
    url: str, info: dict[str, object], options: ArchiveOptions, already: bool
) -> SaveOutcome | None:
    ts = str(info.get("timestamp") or "")
    at = parse_wayback(ts)
    if at is None:
        return None
    original = str(info.get("original_url") or url)
    copy = ArchiveCopy(replay_url(options, ts, original), iso(at), "spn2", saved_now=not already)
    if already:
        return SaveOutcome(url, "recent-capture", copy, str(info.get("message") or "") or None)
    return SaveOutcome(url, "saved", copy)


async def _poll(
    client: httpx.AsyncClient,
    url: str,
    job_id: str,
    options: ArchiveOptions,
    account: _Account,
    already: bool,
) -> SaveOutcome:
    """Ask for the job's status until it ends, ``poll_max_s`` passes or the budget runs out."""
    stop = min(time.monotonic() + options.poll_max_s, account.deadline)
    last = "pending"
    while True:
        pause = min(options.poll_interval_s, stop - time.monotonic())
        if pause <= 0:
            return SaveOutcome(url, "timeout", message=f"job {job_id} still {last}")
        await asyncio.sleep(pause)
        reply = await request(
            client,
            "GET",
            f"{options.endpoints.spn_status}{job_id}",
            headers=_headers(options),
            max_bytes=options.max_response_bytes,
        )
        if reply.status == 429:
            last = "pending (status polling rate-limited)"
            continue
        body = reply.json()
        info = body if isinstance(body, dict) else {}
        status = info.get("status")
        if not reply.ok or status is None:
            last = f"unknown ({reply.describe()})"  # a hiccup: the job itself may be fine
            continue
        if status == "pending":
            continue
        if status == "success":
            return _finished(url, info, options, already) or SaveOutcome(
                url, "error", message=f"job {job_id} succeeded without a timestamp"
            )
        ext = str(info.get("status_ext") or "")
        kind: SaveStatus = "rate-limited" if ext in RATE_LIMITS else "error"
        if ext == "error:too-many-daily-captures":
            account.exhausted = _message(reply, info)
        return SaveOutcome(url, kind, message=_message(reply, info))
