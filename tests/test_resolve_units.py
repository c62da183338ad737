"""Small parts of the resolve stage: retry policy, Retry-After, redaction, fragments,
soft-404 signs, politeness, and fetch_page's size cap on a real loopback server."""

from __future__ import annotations

import asyncio
import email.utils
import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from tenacity import wait_fixed

from linkaudit.resolve import FetchedPage, ResolveOptions, RetryPolicy, fetch_page, redact_url
from linkaudit.resolve.fragments import has_anchor
from linkaudit.resolve.politeness import Politeness, host_key
from linkaudit.resolve.retry import parse_retry_after
from linkaudit.resolve.soft404 import redirected_home, same_page, says_not_found, sketch


@dataclass(frozen=True)
class Outcome:
    retryable: bool
    retry_after: float | None = None
    name: str = ""


class Recorder:
    def __init__(self, outcomes: list[Outcome]) -> None:
        self.outcomes = outcomes
        self.calls = 0
        self.slept: list[float] = []

    async def attempt(self) -> Outcome:
        self.calls += 1
        return self.outcomes[min(self.calls, len(self.outcomes)) - 1]

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


async def test_retry_after_is_honoured_up_to_the_cap() -> None:
    """A server asking for 5 s gets the cap (2 s); one asking 1 s gets 1 s over a 0.1 s backoff."""
    rec = Recorder([Outcome(True, 5.0), Outcome(True, 1.0), Outcome(False, name="done")])
    policy = RetryPolicy(attempts=3, wait=wait_fixed(0.1), retry_after_cap_s=2.0)
    result = await policy.run(rec.attempt, sleep=rec.sleep)
    assert result.name == "done"
    assert rec.slept == [2.0, 1.0]


async def test_zero_wait_policy_never_sleeps_and_stops_after_attempts() -> None:
    """The test policy repeats without sleeping and returns the last outcome when out of tries."""
    rec = Recorder([Outcome(True, 30.0, name="still failing")])
    result = await RetryPolicy.zero_wait(2).run(rec.attempt, sleep=rec.sleep)
    assert result.name == "still failing"
    assert rec.calls == 3
    assert rec.slept == [0.0, 0.0]


async def test_non_retryable_outcome_is_returned_at_once() -> None:
    """A definitive answer is not repeated."""
    rec = Recorder([Outcome(False, name="404")])
    assert (await RetryPolicy.default(5).run(rec.attempt, sleep=rec.sleep)).name == "404"
    assert rec.calls == 1


async def test_budget_vetoes_a_retry_past_the_deadline() -> None:
    """A retry whose wait would overrun the run's deadline is not made."""
    rec = Recorder([Outcome(True, 10.0, name="late")])
    policy = RetryPolicy(attempts=5, wait=wait_fixed(0), retry_after_cap_s=60)
    result = await policy.run(rec.attempt, sleep=rec.sleep, budget=lambda wait: wait < 5)
    assert result.name == "late"
    assert rec.calls == 1


def test_parse_retry_after_seconds_date_and_garbage() -> None:
    """Retry-After is read as delta-seconds or an HTTP-date; anything else is ignored."""
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(date, now=now) == pytest.approx(30, abs=1.5)
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://user:pw@example.com/a", "https://REDACTED@example.com/a"),
        ("https://e.com/p?access_token=abc&page=2", "https://e.com/p?access_token=REDACTED&page=2"),
        ("https://e.com/p?X-Amz-Signature=abc", "https://e.com/p?X-Amz-Signature=REDACTED"),
        ("https://e.com/p?api_key=k1&id=ok-1", "https://e.com/p?api_key=REDACTED&id=ok-1"),
        ("https://e.com/p?v=" + "a1" * 20, "https://e.com/p?v=REDACTED"),
        ("https://e.com/p?id=ok-1-abc123&q=news", "https://e.com/p?id=ok-1-abc123&q=news"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    """Userinfo and token-like parameters are redacted; ordinary parameters are kept exactly."""
    assert redact_url(url) == expected


@pytest.mark.parametrize(
    ("fragment", "found"),
    [
        ("present", True),
        ("also-present", True),
        ("missing", False),
        ("top", True),
        (":~:text=hello", True),
        ("/route/x", True),
        ("caf%C3%A9", True),
        ("Present", False),
    ],
)
def test_has_anchor(fragment: str, found: bool) -> None:
    """Fragments match id and name attributes exactly; top, text fragments and routes pass."""
    page = (
        "<h2 id='present'>x</h2><a name=\"also-present\">y</a><p data-id='missing-not'>"
        '<span id="café">z</span><p>missing</p>'
    )
    assert has_anchor(page, fragment) is found


def test_soft404_signs() -> None:
    """Not-found titles are recognised, ordinary ones are not; deep-to-home and same-page work."""
    gone = sketch(b"<title>Page not found | Example</title><h1>Sorry</h1>")
    fine = sketch(b"<title>Census 2021: 404 mayors found</title><h1>Results</h1>")
    plain = sketch(b"<title>Budget talks resume</title><h1>Budget</h1><p>text</p>")
    assert says_not_found(gone)
    assert not says_not_found(plain)
    assert not says_not_found(fine)
    assert says_not_found(sketch(b"<title>Error 404</title>"))
    assert says_not_found(sketch(b"<h1>404 - Not Found</h1>"))
    assert redirected_home("https://www.e.com/2020/a.html", "https://e.com/")
    assert not redirected_home("https://e.com/", "https://e.com/")
    assert not redirected_home("https://e.com/a", "https://other.com/")
    assert same_page(plain, sketch(b"<title>Budget talks resume</title><h1>Budget</h1><p>text</p>"))
    assert not same_page(plain, gone)


async def test_politeness_limits_per_host_and_spaces_starts() -> None:
    """At most per_host requests run at once per host, started min_interval apart."""
    polite = Politeness(per_host=2, min_interval=0.05)
    running = 0
    peak = 0
    starts: list[float] = []

    async def one() -> None:
        nonlocal running, peak
        async with polite.slot("http://h.example/x"):
            starts.append(time.monotonic())
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.02)
            running -= 1

    await asyncio.gather(*(one() for _ in range(6)))
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert peak <= 2
    assert min(gaps) >= 0.045
    assert host_key("HTTP://H.example/x") == host_key("http://h.example:80/y")


class _BigHandler(BaseHTTPRequestHandler):
    sent = 0

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(5 * 1024 * 1024))
        self.end_headers()
        chunk = b"<p>" + b"x" * 1020 + b"</p>"
        try:
            for _ in range(5 * 1024):
                self.wfile.write(chunk)
                type(self).sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def big_server() -> Iterator[str]:
    """A loopback server sending a 5 MB HTML page."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BigHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/big"
    server.shutdown()
    server.server_close()


async def test_fetch_page_stops_reading_at_the_cap(big_server: str) -> None:
    """fetch_page returns at most max_bytes of a 5 MB page and marks it truncated."""
    options = ResolveOptions(allow_private=True, max_bytes=100_000, timeout=5.0)
    page = await fetch_page(big_server, options)
    assert isinstance(page, FetchedPage)
    assert page.truncated
    assert len(page.text) == 100_000
    assert page.status == 200
