"""A loopback fake of the archive services linkaudit talks to, speaking their real shapes.

Served on 127.0.0.1 at an ephemeral port by aiohttp, under one base URL laid out as
``ArchiveEndpoints.from_base`` expects:

- ``GET /wayback/available?url=&timestamp=``: Wayback availability API JSON
- ``GET /cdx/search/cdx?url=&output=json&fl=&filter=&collapse=&from=&to=&limit=``: CDX JSON rows
- ``GET /timemap/link/<url>``: RFC 7089 TimeMap in application/link-format (404 when unknown)
- ``GET /timegate/<url>``: RFC 7089 TimeGate (302 to the memento closest to Accept-Datetime)
- ``POST /save`` and ``GET /save/status/<job_id>``: Save Page Now 2, with its error states
- ``GET /web/<timestamp>/<url>``: replay of a stored page

Knobs: ``slow`` (service -> seconds to stall), ``down`` (services answering 503),
``throttle`` (service -> Retry-After of a 429 it answers),
``rate_limit_retry_after`` (SPN2 answers 429), ``daily_limit``, ``session_limit``,
``submit_errors`` / ``job_errors`` (URL -> SPN2 ``status_ext``), ``pending_polls``.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from aiohttp import web

SERVICES = ("availability", "cdx", "timemap", "timegate", "save", "status", "user-status", "web")
CDX_HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]


def ts_dt(ts: str) -> datetime:
    """A 14-digit Wayback timestamp as an aware datetime (short forms padded)."""
    full = ts + "0101000000"[len(ts) - 4 :] if len(ts) < 14 else ts
    return datetime.strptime(full, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def dt_ts(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def refused_base() -> str:
    """A loopback base URL where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@dataclass
class Job:
    url: str
    polls: int = 0
    recent_ts: str | None = None  # set when if_not_archived_within found a capture


@dataclass
class FakeArchives:
    """State and knobs of the fake; ``captures`` maps a URL to ``[(timestamp14, status)]``."""

    captures: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    mementos: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # url -> (uri, ts)
    pages: dict[str, str] = field(default_factory=dict)  # url -> HTML served by /web/
    slow: dict[str, float] = field(default_factory=dict)
    down: set[str] = field(default_factory=set)
    throttle: dict[str, int] = field(default_factory=dict)  # service -> Retry-After of a 429
    keys: tuple[str, str] = ("test-access", "test-secret")
    rate_limit_retry_after: int | None = None
    daily_limit: int | None = None
    session_limit: int | None = None
    submit_errors: dict[str, str] = field(default_factory=dict)
    job_errors: dict[str, str] = field(default_factory=dict)
    pending_polls: int = 1
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    log: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    jobs: dict[str, Job] = field(default_factory=dict)
    captured_today: int = 0
    base: str = ""
    _runner: web.AppRunner | None = None
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> str:
        app = web.Application(middlewares=[self._knobs])
        app.router.add_get("/wayback/available", self._available)
        app.router.add_get("/cdx/search/cdx", self._cdx)
        app.router.add_get("/timemap/link/{url:.*}", self._timemap)
        app.router.add_get("/timegate/{url:.*}", self._timegate)
        app.router.add_post("/save", self._save)
        app.router.add_get("/save/status/{job_id}", self._status)
        app.router.add_get("/web/{ts:[0-9]+(?:[a-z]{2}_)?}/{url:.*}", self._replay)
        # a stalled handler must not hold the test at shutdown
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base = f"http://{host}:{port}"
        return self.base

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def calls(self, service: str) -> int:
        """How many requests reached ``service``."""
        return sum(1 for s, _m, _p in self.log if s == service)

    # ------------------------------------------------------------ knobs

    @staticmethod
    def _service(path: str) -> str:
        if path.startswith("/wayback/"):
            return "availability"
        if path.startswith("/cdx/"):
            return "cdx"
        if path == "/save/status/user":
            return "user-status"
        if path.startswith("/save/status/"):
            return "status"
        if path.startswith("/save"):
            return "save"
        return path.strip("/").split("/")[0]

    @web.middleware
    async def _knobs(self, request: web.Request, handler: Any) -> web.StreamResponse:
        service = self._service(request.path)
        params = dict(request.query)
        if request.method == "POST":
            params.update({k: str(v) for k, v in (await request.post()).items()})
        self.log.append((service, request.method, params))
        if self.slow.get(service):
            await asyncio.sleep(self.slow[service])
        if service in self.down:
            return web.Response(status=503, text="Service Temporarily Unavailable")
        if service in self.throttle:
            return web.Response(
                status=429,
                text="Too Many Requests",
                headers={"Retry-After": str(self.throttle[service])},
            )
        response: web.StreamResponse = await handler(request)
        return response

    # ------------------------------------------------------------ wayback

    def _ok(self, url: str) -> list[str]:
        return sorted(ts for ts, status in self.captures.get(url, []) if status == 200)

    async def _available(self, request: web.Request) -> web.Response:
        url = request.query.get("url", "")
        stamps = self._ok(url)
        if not stamps:
            return web.json_response({"url": url, "archived_snapshots": {}})
        target = ts_dt(request.query.get("timestamp") or dt_ts(self.now))
        best = min(stamps, key=lambda ts: abs((ts_dt(ts) - target).total_seconds()))
        closest = {
            "status": "200",
            "available": True,
            "url": f"http://web.archive.org/web/{best}/{url}",
            "timestamp": best,
        }
        return web.json_response({"url": url, "archived_snapshots": {"closest": closest}})

    async def _cdx(self, request: web.Request) -> web.Response:
        q = request.query
        url = q.get("url", "")
        rows = sorted(self.captures.get(url, []))
        if q.get("filter") == "statuscode:200":
            rows = [r for r in rows if r[1] == 200]
        lo, hi = q.get("from"), q.get("to")
        rows = [r for r in rows if (not lo or r[0] >= lo) and (not hi or r[0][: len(hi)] <= hi)]
        if q.get("collapse", "").startswith("timestamp:"):
            width = int(q["collapse"].split(":")[1])
            kept: dict[str, tuple[str, int]] = {}
            for row in rows:
                kept.setdefault(row[0][:width], row)
            rows = list(kept.values())
        rows = rows[: int(q.get("limit", "10000"))]
        if q.get("output") != "json":
            lines = [f"org,example)/ {ts} {url} text/html {st} DIGEST 1234" for ts, st in rows]
            return web.Response(text="\n".join(lines) + ("\n" if lines else ""))
        body = [
            ["org,example)/", ts, url, "text/html", str(st), "DIGEST", "1234"] for ts, st in rows
        ]
        return web.json_response([CDX_HEADER, *body] if body else [])

    async def _replay(self, request: web.Request) -> web.Response:
        page = self.pages.get(request.match_info["url"])
        if page is None:
            return web.Response(status=404, text="Not in archive")
        return web.Response(text=page, content_type="text/html")

    # ------------------------------------------------------------ memento

    async def _timemap(self, request: web.Request) -> web.Response:
        url = request.match_info["url"]
        items = sorted(self.mementos.get(url, []), key=lambda m: m[1])
        if not items:
            return web.Response(status=404, text="Resource not in archive")
        lines = [
            f'<{url}>; rel="original"',
            f'<{self.base}/timegate/{url}>; rel="timegate"',
            f'<{self.base}/timemap/link/{url}>; rel="self"; type="application/link-format"',
        ]
        for i, (uri, ts) in enumerate(items):
            rel = "memento"
            if i == 0:
                rel = "first memento"
            elif i == len(items) - 1:
                rel = "last memento"
            when = format_datetime(ts_dt(ts), usegmt=True)
            lines.append(f'<{uri}>; rel="{rel}"; datetime="{when}"')
        return web.Response(text=",\n".join(lines) + "\n", content_type="application/link-format")

    async def _timegate(self, request: web.Request) -> web.Response:
        url = request.match_info["url"]
        items = self.mementos.get(url, [])
        if not items:
            return web.Response(status=404, text="Resource not in archive")
        header = request.headers.get("Accept-Datetime")
        target = parsedate_to_datetime(header) if header else self.now
        uri, ts = min(items, key=lambda m: abs((ts_dt(m[1]) - target).total_seconds()))
        when = format_datetime(ts_dt(ts), usegmt=True)
        return web.Response(
            status=302,
            headers={
                "Location": uri,
                "Vary": "accept-datetime",
                "Link": f'<{url}>; rel="original", <{uri}>; rel="memento"; datetime="{when}"',
            },
        )

    # ------------------------------------------------------------ save page now 2

    @staticmethod
    def _error(status_ext: str, message: str, http: int = 200) -> web.Response:
        body = {"status": "error", "status_ext": status_ext, "message": message}
        return web.json_response(body, status=http)

    async def _save(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"LOW {self.keys[0]}:{self.keys[1]}":
            return self._error("error:unauthorized", "You need to be logged in to use SPN2.", 401)
        if request.headers.get("Accept") != "application/json":
            return web.Response(text="<html>Saving page...</html>", content_type="text/html")
        if self.rate_limit_retry_after is not None:
            return web.json_response(
                {"message": "You have made too many requests. Please try again later."},
                status=429,
                headers={"Retry-After": str(self.rate_limit_retry_after)},
            )
        form = await request.post()
        url = str(form.get("url", ""))
        if url in self.submit_errors:
            return self._error(self.submit_errors[url], f"Cannot capture {url}.")
        if self.daily_limit is not None and self.captured_today >= self.daily_limit:
            return self._error(
                "error:too-many-daily-captures",
                f"This account has reached its limit of {self.daily_limit} captures today.",
            )
        if self.session_limit is not None and self._active() >= self.session_limit:
            return self._error(
                "error:user-session-limit",
                "You have already reached the limit of active sessions. Try again later.",
            )
        job_id = f"spn2-{next(self._ids):040x}"
        job = Job(url)
        within = str(form.get("if_not_archived_within", ""))
        stamps = self._ok(url)
        reply: dict[str, Any] = {"url": url, "job_id": job_id}
        if within and stamps and self._within(stamps[-1], within):
            job.recent_ts = stamps[-1]
            reply["message"] = (
                "The same snapshot had been made 2 hours ago. You can make new capture "
                f"of this URL after {within}."
            )
        self.jobs[job_id] = job
        self.captured_today += 1
        return web.json_response(reply)

    def _within(self, ts: str, spec: str) -> bool:
        units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
        seconds = float(spec[:-1]) * units[spec[-1]] if spec[-1] in units else float(spec)
        return (self.now - ts_dt(ts)).total_seconds() <= seconds

    def _active(self) -> int:
        return sum(1 for j in self.jobs.values() if j.polls >= 0)

    async def _user_status(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"LOW {self.keys[0]}:{self.keys[1]}":
            return self._error("error:unauthorized", "You need to be logged in to use SPN2.", 401)
        limit = 5 if self.session_limit is None else self.session_limit
        return web.json_response(
            {
                "available": max(0, limit - self._active()),
                "processing": self._active(),
                "daily_captures": self.captured_today,
                "daily_captures_limit": 100_000 if self.daily_limit is None else self.daily_limit,
            }
        )

    async def _status(self, request: web.Request) -> web.Response:
        if request.match_info["job_id"] == "user":
            return await self._user_status(request)
        job = self.jobs.get(request.match_info["job_id"])
        if job is None:
            return self._error("error:not-found", "Job not found.", 404)
        if job.polls < 0:  # finished jobs keep answering their final state
            job.polls -= 1
        else:
            job.polls += 1
            if job.polls <= self.pending_polls:
                return web.json_response(
                    {"status": "pending", "job_id": request.match_info["job_id"]}
                )
            job.polls = -1
        if job.url in self.job_errors:
            ext = self.job_errors[job.url]
            return web.json_response(
                {
                    "status": "error",
                    "status_ext": ext,
                    "job_id": request.match_info["job_id"],
                    "message": f"Capture of {job.url} failed ({ext}).",
                    "resources": [],
                }
            )
        ts = job.recent_ts or dt_ts(self.now)
        if job.recent_ts is None:
            self.captures.setdefault(job.url, []).append((ts, 200))
        return web.json_response(
            {
                "status": "success",
                "job_id": request.match_info["job_id"],
                "original_url": job.url,
                "timestamp": ts,
                "duration_sec": 6.2,
                "resources": [job.url],
                "outlinks": {},
            }
        )


class FakeInThread:
    """The fake on its own event loop in a thread, for code that runs ``asyncio.run`` itself."""

    def __init__(self, fake: FakeArchives) -> None:
        self.fake = fake
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> FakeArchives:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.fake.start(), self._loop).result(timeout=10)
        return self.fake

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.fake.close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
