"""Checking links: HEAD or a capped GET, redirects hop by hop (each through the SSRF guard),
retries by the injected policy, then the verdict: ok, redirected, dead, soft-404, blocked...

``check_urls`` is the stage's entry point. Each unique URL is checked once; a link's failure is
a ``LinkCheck`` value, never an exception.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urldefrag, urljoin

import httpx

from linkaudit.model import LinkCheck, LinkStatus, Redirect
from linkaudit.resolve.client import Hop, HttpPool, build_client
from linkaudit.resolve.collector import collector_for_checking
from linkaudit.resolve.decode import MAX_RATIO
from linkaudit.resolve.fragments import fragment_is_checkable, has_anchor
from linkaudit.resolve.guard import Guard, Refusal, Resolver
from linkaudit.resolve.options import DEADLINE_DETAIL, ResolveOptions
from linkaudit.resolve.politeness import Politeness, host_key
from linkaudit.resolve.redact import redact_url
from linkaudit.resolve.retry import RetryPolicy
from linkaudit.resolve.soft404 import SiblingProber, redirected_home, says_not_found, sketch
from linkaudit.resolve.store import LinkHistory, iso, parse_iso

# HEAD answers some servers get wrong; the same URL is asked again with GET before judging.
HEAD_UNRELIABLE = frozenset({400, 403, 404, 405, 406, 410, 501, 999})
PERMANENT = frozenset({301, 308})
BLOCKED = frozenset({401, 403, 999})
# Refused connections and unknown names are "dead" (after retries); resets, protocol and TLS
# failures "error".
ERROR_STATUS: dict[str, LinkStatus] = {"timeout": "timeout", "refused": "dead", "dns": "dead"}
GONE = frozenset({404, 410})
WORKERS_PER_SLOT = 8  # link workers per request slot (max_concurrency)

# For the link history: does this outcome extend a failure streak, clear it, or neither?
Streak = str  # "transient" | "clear" | "neutral"


@dataclass(frozen=True)
class Chain:
    """Where following a URL ended: the last hop, the redirects, or why it stopped early."""

    final: Hop
    final_url: str
    redirects: tuple[Redirect, ...] = ()
    refusal: Refusal | None = None
    problem: str | None = None


class Checker:
    """Checks URLs with one client, one guard, per-host politeness and a retry policy."""

    def __init__(
        self,
        client: HttpPool,
        options: ResolveOptions,
        *,
        retry: RetryPolicy | None = None,
        resolver: Resolver | None = None,
        deadline: float | None = None,  # time.monotonic() value
        guard: Guard | None = None,
    ) -> None:
        self.client = client
        self.options = options
        self.retry = retry or RetryPolicy.default(
            options.retries, retry_after_cap_s=options.retry_after_cap_s
        )
        self.guard = guard or Guard(allow_private=options.allow_private, resolver=resolver)
        self.politeness = Politeness(options.per_host, options.min_interval)
        self.limit = asyncio.Semaphore(max(1, options.max_concurrency))
        self.prober = SiblingProber(self._probe)
        self.deadline = deadline
        self._exclude = [re.compile(p) for p in options.exclude]
        self._include = [re.compile(p) for p in options.include]

    # ------------------------------------------------------------ requests

    async def _attempt(self, method: str, url: str, body_cap: int) -> Hop:
        if unasked := self._unresponsive(method, url):
            return unasked
        async with self.politeness.slot(url), self.limit:
            # the links queued behind the ones that timed out learn it here, without waiting
            if unasked := self._unresponsive(method, url):
                return unasked
            started = time.monotonic()
            hop = await self.client.request(
                method, url, body_cap=body_cap, total_timeout=self.options.timeout * 3
            )
        if hop.error == "refused":
            self.politeness.note_refused(url)
        elif hop.error == "timeout":
            self.politeness.note_timeout(url, started)
        elif hop.error is None:
            self.politeness.note_reached(url)
        return hop

    def _unresponsive(self, method: str, url: str) -> Hop | None:
        """A "timeout" settled without a request, once the host has stopped answering."""
        timeouts = self.politeness.unresponsive(url)
        if not timeouts:
            return None
        detail = f"host unresponsive: {timeouts} requests to it timed out in a row; not asked"
        return Hop(url=url, method=method, error="timeout", detail=detail, unasked=True)

    def _within_deadline(self, wait: float) -> bool:
        return self.deadline is None or time.monotonic() + wait < self.deadline

    async def _request(self, method: str, url: str, body_cap: int, *, retries: bool) -> Hop:
        down = self.politeness.is_down(url)
        hop = await self._attempt(method, url, body_cap)
        if not retries or down or not hop.retryable:
            return hop  # most requests: no retry machinery built at all
        # the policy sleeps between attempts outside _attempt: no slot is held while waiting
        return await self.retry.run(
            lambda: self._attempt(method, url, body_cap), budget=self._within_deadline, first=hop
        )

    async def follow(self, url: str, *, method: str, body_cap: int, retries: bool = True) -> Chain:
        """Request ``url`` and follow its redirects, guarding every hop."""
        current, redirects, seen = url, list[Redirect](), {url}
        hop: Hop | None = None
        for _ in range(self.options.max_redirects + 1):
            hop = await self._request(method, current, body_cap, retries=retries)
            if method == "HEAD" and hop.status in HEAD_UNRELIABLE:
                hop = await self._request("GET", current, body_cap, retries=retries)
            if hop.status is None or not 300 <= hop.status < 400 or hop.status == 304:
                return Chain(hop, current, tuple(redirects))
            if not hop.location:
                return Chain(hop, current, tuple(redirects), problem="redirect without Location")
            target = urldefrag(urljoin(current, hop.location))[0]
            redirects.append(Redirect(redact_url(target), hop.status))
            if target in seen:
                problem = f"redirect loop back to {redact_url(target)}"
                return Chain(hop, current, tuple(redirects), problem=problem)
            seen.add(target)
            refusal = await self.guard.check(target)
            if refusal is not None:
                return Chain(hop, target, tuple(redirects), refusal=refusal)
            current = target
        assert hop is not None
        problem = f"more than {self.options.max_redirects} redirects"
        return Chain(hop, current, tuple(redirects), problem=problem)

    async def _probe(self, url: str) -> Hop:
        if await self.guard.check(url) is not None:
            return Hop(url=url, method="GET", error="other", detail="probe refused")
        chain = await self.follow(
            url, method="GET", body_cap=self.options.sniff_bytes, retries=False
        )
        return chain.final

    # ------------------------------------------------------------ one URL

    async def check(self, url: str) -> tuple[LinkCheck, Streak]:
        """The verdict on ``url`` and how it bears on the link's failure history."""
        started = time.monotonic()
        # --include wins over every exclude (as in lychee): check what it names regardless
        if (
            self._exclude
            and any(p.search(url) for p in self._exclude)
            and not any(p.search(url) for p in self._include)
        ):
            return self.done(url, started, "excluded", detail="matches --exclude"), "neutral"
        base, fragment = urldefrag(url) if "#" in url else (url, "")
        refusal = await self.guard.check(base)
        if refusal is not None:
            return self.refused(url, started, refusal, None, ())
        opts = self.options
        want_fragment = bool(opts.check_fragments and fragment and fragment_is_checkable(fragment))
        method = opts.method.upper()
        if method == "AUTO":
            method = "GET" if opts.soft404_probe or want_fragment else "HEAD"
        cap = opts.max_bytes if want_fragment else (opts.sniff_bytes if opts.soft404_probe else 0)
        chain = await self.follow(base, method=method, body_cap=cap)
        final = chain.final
        if want_fragment and final.method == "HEAD" and final.status and 200 <= final.status < 300:
            final = await self._request("GET", chain.final_url, cap, retries=True)
            chain = replace(chain, final=final)
        return await self.verdict(url, base, fragment if want_fragment else "", chain, started)

    async def verdict(
        self, url: str, base: str, fragment: str, chain: Chain, started: float
    ) -> tuple[LinkCheck, Streak]:
        hop, redirects = chain.final, chain.redirects
        final_url = redact_url(chain.final_url) if redirects else None
        if chain.refusal is not None:
            return self.refused(url, started, chain.refusal, hop.status, redirects)

        def done(
            status: LinkStatus, detail: str | None, streak: Streak
        ) -> tuple[LinkCheck, Streak]:
            check = self.done(url, started, status, hop.status, final_url, redirects, detail)
            return check, streak

        if chain.problem is not None:
            return done("error", chain.problem, "clear")
        if hop.error is not None:
            status = ERROR_STATUS.get(hop.error, "error")
            if hop.unasked:  # nothing was observed of this link itself
                return done(status, hop.detail, "neutral")
            return done(status, hop.detail, "transient" if hop.transient else "clear")
        code = hop.status
        assert code is not None
        if hop.bomb:
            detail = (
                f"HTTP {code}, body inflates over {MAX_RATIO}:1 (a decompression bomb?): "
                f"read stopped at {len(hop.body)} bytes"
            )
            return done("error", detail, "clear")
        if code in self.options.accept or 200 <= code < 300:
            return await self._live(url, base, fragment, chain, started)
        if code in GONE:
            return done("dead", f"HTTP {code}", "clear")
        if code in BLOCKED or hop.bot_wall:
            return done(
                "blocked", f"HTTP {code}" + (" (bot challenge)" if hop.bot_wall else ""), "neutral"
            )
        if code == 429:
            return done("rate-limited", "HTTP 429", "neutral")
        if 500 <= code <= 599:
            return done("error", f"HTTP {code}", "transient")
        return done("error", f"HTTP {code}", "clear")

    async def _live(
        self, url: str, base: str, fragment: str, chain: Chain, started: float
    ) -> tuple[LinkCheck, Streak]:
        hop, redirects = chain.final, chain.redirects
        final_url = redact_url(chain.final_url) if redirects else None
        status: LinkStatus = "ok"
        detail: str | None = None
        if any(r.status in PERMANENT for r in redirects):
            status, detail = "redirected", f"moved permanently to {final_url}"
        if redirects and redirected_home(base, chain.final_url):
            status, detail = "soft-404", "deep link redirected to the home page"
        elif hop.is_html and hop.body:
            page = sketch(hop.body, hop.encoding)
            signs = []
            if says_not_found(page):
                signs.append(f"page says not found: {page.title or page.heading!r}")
            if self.options.soft404_probe and await self.prober.is_soft404(chain.final_url, page):
                signs.append("a random path on this host gets the same page")
            if signs:
                status, detail = "soft-404", "; ".join(signs)
            elif fragment and not has_anchor(
                hop.body.decode(hop.encoding or "utf-8", "replace"), fragment
            ):
                if hop.truncated:
                    detail = f"fragment #{fragment} not verified (page over {len(hop.body)} bytes)"
                else:
                    status, detail = "dead", f"fragment #{fragment} not found"
        elif fragment and not hop.is_html:
            detail = f"fragment #{fragment} not verified ({hop.content_type or 'no type'})"
        check = self.done(url, started, status, hop.status, final_url, redirects, detail)
        return check, "clear"

    # ------------------------------------------------------------ results

    def refused(
        self,
        url: str,
        started: float,
        refusal: Refusal,
        code: int | None,
        redirects: tuple[Redirect, ...],
    ) -> tuple[LinkCheck, Streak]:
        final_url = redirects[-1].url if redirects else None
        if refusal.kind == "dns-not-found":
            check = self.done(url, started, "dead", code, final_url, redirects, refusal.detail)
            return check, "clear"
        if refusal.kind == "dns-error":
            check = self.done(url, started, "error", code, final_url, redirects, refusal.detail)
            return check, "transient"
        detail = refusal.detail if not redirects else f"redirect {refusal.detail}"
        return self.done(url, started, "excluded", code, final_url, redirects, detail), "neutral"

    @staticmethod
    def done(
        url: str,
        started: float,
        status: LinkStatus,
        code: int | None = None,
        final_url: str | None = None,
        redirects: tuple[Redirect, ...] = (),
        detail: str | None = None,
    ) -> LinkCheck:
        return LinkCheck(
            url=url,
            status=status,
            checked_at=iso(time.time()),
            http_status=code,
            final_url=final_url,
            redirects=redirects,
            detail=detail,
            elapsed_ms=int((time.monotonic() - started) * 1000),
        )


def apply_history(
    cache: LinkHistory, check: LinkCheck, streak: Streak, options: ResolveOptions
) -> LinkCheck:
    """Record ``check``; a transient failure becomes "failing", or "dead" once K checks over D
    hours have failed in a row."""
    if check.status in ("unchecked",):
        return check
    cache.record(check, streak=streak)
    if streak != "transient":
        return check
    history = cache.history(check.url)
    if history is None:  # pragma: no cover - the record above is in the streak
        return check
    span = parse_iso(history.last) - parse_iso(history.first)
    if history.count >= options.fail_checks and span >= options.fail_span_s:
        detail = f"{check.detail}; failed {history.count} checks since {history.first}"
        return replace(check, status="dead", detail=detail, failures=history)
    return replace(check, status="failing", failures=history)


def _ip_literal(url: str) -> bool:
    return _ip_host(host_key(url))  # host_key is cached per URL: asked before, for politeness


@lru_cache(maxsize=1024)
def _ip_host(key: str) -> bool:
    """Whether a host_key's host ("scheme://host:port") is an IP address literal."""
    host = key.partition("://")[2].rpartition(":")[0].strip("[]")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _dns_not_found(check: LinkCheck) -> bool:
    return check.status == "dead" and (check.detail or "").startswith("DNS name not found")


async def check_urls(
    urls: Sequence[str],
    options: ResolveOptions,
    *,
    cache: LinkHistory | None = None,
    retry: RetryPolicy | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    resolver: Resolver | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    results: dict[str, LinkCheck] | None = None,
) -> dict[str, LinkCheck]:
    """Check each unique URL once; bounded by ``options.deadline_s`` when set.

    ``resolver`` and ``transport`` replace DNS and the network, for tests. ``results``, when
    given, is filled in place as each check finishes: a run cancelled midway keeps them.
    """
    unique = list(dict.fromkeys(urls))
    results = {} if results is None else results
    todo: list[str] = []
    for url in unique:
        hit = cache.fresh(url, options.max_age_s) if cache is not None else None
        if hit is not None:
            results[url] = hit
        else:
            todo.append(url)
    total = len(unique)
    if on_progress is not None:
        on_progress(len(results), total)
    if todo:
        with collector_for_checking():
            await _run(
                todo, options, results, cache, retry, on_progress, resolver, transport, total
            )
    return {url: results[url] for url in unique}


async def _run(
    todo: list[str],
    options: ResolveOptions,
    results: dict[str, LinkCheck],
    cache: LinkHistory | None,
    retry: RetryPolicy | None,
    on_progress: Callable[[int, int], None] | None,
    resolver: Resolver | None,
    transport: httpx.AsyncBaseTransport | None,
    total: int,
) -> None:
    deadline = time.monotonic() + options.deadline_s if options.deadline_s is not None else None
    pending: Iterator[str] = iter(todo)

    guard = Guard(allow_private=options.allow_private, resolver=resolver)
    async with build_client(options, transport, guard.pinned) as client:
        checker = Checker(
            client, options, retry=retry, resolver=resolver, deadline=deadline, guard=guard
        )

        # "DNS name not found" is only believed once some name did resolve in this run: on a
        # machine with no network every lookup fails that way, and no link is dead for it.
        network_seen = False
        unresolved: list[LinkCheck] = []

        def record(check: LinkCheck, streak: Streak) -> None:
            if cache is not None:
                check = apply_history(cache, check, streak, options)
            results[check.url] = check
            if on_progress is not None:
                on_progress(len(results), total)

        async def worker() -> None:
            nonlocal network_seen
            for url in pending:  # a shared iterator: each URL goes to exactly one worker
                try:
                    check, streak = await checker.check(url)
                except Exception as exc:  # one link's bug must not sink the whole run
                    detail = f"internal error: {type(exc).__name__}: {exc}"
                    check, streak = (
                        Checker.done(url, time.monotonic(), "error", detail=detail),
                        "neutral",
                    )
                if not network_seen and check.http_status is not None and not _ip_literal(url):
                    network_seen = True
                if _dns_not_found(check) and not (network_seen or checker.guard.resolved_a_name):
                    unresolved.append(check)
                    continue
                record(check, streak)

        # a worker waiting out a backoff, a Retry-After or a per-host slot holds no request
        # slot; with only twice as many workers as slots, such waits left slots idle (the
        # zoo's 100k floor was set by the worker count): a waiting coroutine costs little
        workers = min(len(todo), WORKERS_PER_SLOT * max(1, options.max_concurrency))
        try:
            async with asyncio.timeout(options.deadline_s):
                await asyncio.gather(*(worker() for _ in range(workers)))
        except TimeoutError:
            pass
        believed = network_seen or checker.guard.resolved_a_name
        for check in unresolved:
            if believed:
                record(check, "clear")
            else:
                detail = f"{check.detail}; no host name resolved in this run (network down?)"
                record(replace(check, status="error", detail=detail), "transient")
    now = iso(time.time())
    for url in todo:
        if url not in results:
            results[url] = LinkCheck(
                url=url, status="unchecked", checked_at=now, detail=DEADLINE_DETAIL
            )
