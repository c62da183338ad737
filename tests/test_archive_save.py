"""save_live against the loopback SPN2 fake: captures, recent captures, limits and errors."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest

from fake_archives import FakeArchives, dt_ts, refused_base
from linkaudit.archive import ArchiveEndpoints, ArchiveOptions, save_live
from linkaudit.archive.fetch import retry_after_s
from linkaudit.archive.save import MAX_SUBMITS

URL = "https://www.csis.org/events/vaddi-arms-control"
URL2 = "https://tass.com/politics/1736183"
URL3 = "https://mid.ru/en/foreign_policy/news/1926412/"


def opts(base: str, **kw: object) -> ArchiveOptions:
    params: dict[str, object] = {
        "timeout": 2.0,
        "budget_s": 5.0,
        "poll_interval_s": 0.05,
        "poll_max_s": 2.0,
        "access_key": "test-access",
        "secret_key": "test-secret",
        "recent_s": 86_400.0,
    }
    params.update(kw)
    return ArchiveOptions(endpoints=ArchiveEndpoints.from_base(base), **params)  # type: ignore[arg-type]


def posts(fake: FakeArchives) -> list[dict[str, str]]:
    return [p for s, m, p in fake.log if s == "save" and m == "POST"]


async def test_capture_is_submitted_polled_and_saved(fake: FakeArchives) -> None:
    """A live URL without captures is POSTed with its options, polled, and saved now."""
    fake.pending_polls = 2
    out = (await save_live([URL], opts(fake.base)))[URL]
    assert out.status == "saved"
    assert out.copy is not None
    assert out.copy.saved_now
    assert out.copy.source == "spn2"
    assert out.copy.url == f"{fake.base}/web/{dt_ts(fake.now)}/{URL}"
    assert out.copy.timestamp.endswith("Z")
    assert posts(fake) == [{"url": URL, "if_not_archived_within": "30d", "skip_first_archive": "1"}]
    assert fake.calls("status") == 3  # two pending answers, then success


async def test_recent_capture_is_not_submitted_again(fake: FakeArchives) -> None:
    """A capture newer than recent_s is reported as recent and nothing is POSTed."""
    fake.captures[URL] = [(dt_ts(fake.now - timedelta(hours=3)), 200)]
    out = (await save_live([URL], opts(fake.base)))[URL]
    assert out.status == "recent-capture"
    assert out.copy is not None
    assert not out.copy.saved_now
    assert posts(fake) == []


async def test_if_not_archived_within_answer_is_a_recent_capture(fake: FakeArchives) -> None:
    """When SPN2 says the same snapshot was made within the window, no new copy is claimed."""
    old = dt_ts(fake.now - timedelta(days=10))
    fake.captures[URL] = [(old, 200)]
    out = (await save_live([URL], opts(fake.base, recent_s=3600.0)))[URL]
    assert out.status == "recent-capture"
    assert out.copy is not None
    assert not out.copy.saved_now
    assert out.copy.url.endswith(f"/{old}/{URL}")
    assert len(posts(fake)) == 1


async def test_no_keys_means_no_requests(fake: FakeArchives) -> None:
    """Without SPN2 keys every URL is no-credentials and the service is never called."""
    out = await save_live([URL, URL2], opts(fake.base, access_key=None))
    assert {o.status for o in out.values()} == {"no-credentials"}
    assert fake.log == []


async def test_wrong_keys_are_an_error(fake: FakeArchives) -> None:
    """A 401 error:unauthorized answer is an error outcome carrying SPN2's status_ext."""
    out = (await save_live([URL], opts(fake.base, secret_key="wrong")))[URL]
    assert out.status == "error"
    assert out.message is not None
    assert "error:unauthorized" in out.message


async def test_429_retry_after_is_waited_out(fake: FakeArchives) -> None:
    """After a 429 the capture is retried only once Retry-After seconds have passed."""
    fake.rate_limit_retry_after = 1
    asyncio.get_running_loop().call_later(0.3, setattr, fake, "rate_limit_retry_after", None)
    start = time.monotonic()
    out = (await save_live([URL], opts(fake.base)))[URL]
    assert out.status == "saved"
    assert time.monotonic() - start >= 1.0
    assert len(posts(fake)) == 2


async def test_429_longer_than_the_budget_gives_rate_limited(fake: FakeArchives) -> None:
    """A Retry-After beyond the budget stops submitting: the rest are rate-limited at once."""
    fake.rate_limit_retry_after = 600
    start = time.monotonic()
    out = await save_live([URL, URL2, URL3], opts(fake.base, spn_concurrency=1))
    assert {o.status for o in out.values()} == {"rate-limited"}
    assert len(posts(fake)) == 1
    assert time.monotonic() - start < 2.0


async def test_daily_quota_stops_further_submissions(fake: FakeArchives) -> None:
    """After error:too-many-daily-captures no more captures are POSTed in this run."""
    fake.daily_limit = 1
    out = await save_live([URL, URL2, URL3], opts(fake.base, spn_concurrency=1))
    statuses = [out[u].status for u in (URL, URL2, URL3)]
    assert statuses.count("saved") == 1
    assert statuses.count("rate-limited") == 2
    assert len(posts(fake)) == 2
    limited = [o for o in out.values() if o.status == "rate-limited"]
    assert all("too-many-daily-captures" in (o.message or "") for o in limited)


async def test_session_limit_is_retried_a_bounded_number_of_times(fake: FakeArchives) -> None:
    """error:user-session-limit is retried at most MAX_SUBMITS times, then rate-limited."""
    fake.session_limit = 0
    out = (await save_live([URL], opts(fake.base)))[URL]
    assert out.status == "rate-limited"
    assert "user-session-limit" in (out.message or "")
    assert len(posts(fake)) == MAX_SUBMITS


@pytest.mark.parametrize(
    "ext", ["error:blocked-url", "error:not-found", "error:too-many-redirects"]
)
async def test_job_error_states_are_error_outcomes(fake: FakeArchives, ext: str) -> None:
    """A job that ends in an SPN2 error state is an error outcome naming that state."""
    fake.job_errors[URL] = ext
    out = (await save_live([URL], opts(fake.base)))[URL]
    assert out.status == "error"
    assert out.copy is None
    assert ext in (out.message or "")


async def test_submit_error_has_no_job_to_poll(fake: FakeArchives) -> None:
    """An error answer to the POST itself ends that URL without polling."""
    fake.submit_errors[URL] = "error:invalid-url-syntax"
    out = (await save_live([URL], opts(fake.base)))[URL]
    assert out.status == "error"
    assert "error:invalid-url-syntax" in (out.message or "")
    assert fake.calls("status") == 0


async def test_poll_bound_gives_timeout(fake: FakeArchives) -> None:
    """A job that stays pending is given up after poll_max_s with a timeout outcome."""
    fake.pending_polls = 10_000
    start = time.monotonic()
    out = (await save_live([URL], opts(fake.base, poll_max_s=0.3)))[URL]
    assert out.status == "timeout"
    assert "spn2-" in (out.message or "")
    assert time.monotonic() - start < 1.5


async def test_outages_are_errors_not_exceptions(fake: FakeArchives) -> None:
    """A 503 from SPN2 and a refused connection are error outcomes."""
    fake.down.add("save")
    out = (await save_live([URL], opts(fake.base)))[URL]
    assert out.status == "error"
    assert "503" in (out.message or "")
    gone = (await save_live([URL], opts(refused_base())))[URL]
    assert gone.status == "error"


@pytest.mark.parametrize("service", ["save", "user-status", "availability"])
async def test_slow_spn_is_cut_off_by_the_budget(fake: FakeArchives, service: str) -> None:
    """A stalling SPN2 (or the recent-capture check) cannot hold the run past budget_s."""
    fake.slow[service] = 30.0
    start = time.monotonic()
    out = await save_live([URL, URL2], opts(fake.base, timeout=20.0, budget_s=0.5))
    assert {o.status for o in out.values()} == {"timeout"}
    assert time.monotonic() - start < 2.0


def test_keys_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """LINKAUDIT_IA_* keys win over the IA_* fallbacks; with neither the keys are None."""
    monkeypatch.setenv("IA_ACCESS_KEY", "fallback-a")
    monkeypatch.setenv("IA_SECRET_KEY", "fallback-s")
    assert (ArchiveOptions().access_key, ArchiveOptions().secret_key) == (
        "fallback-a",
        "fallback-s",
    )
    monkeypatch.setenv("LINKAUDIT_IA_ACCESS_KEY", "own-a")
    assert ArchiveOptions().access_key == "own-a"
    for name in ("IA_ACCESS_KEY", "IA_SECRET_KEY", "LINKAUDIT_IA_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.delenv("LINKAUDIT_IA_SECRET_KEY", raising=False)
    assert ArchiveOptions().access_key is None


def test_retry_after_forms() -> None:
    """Retry-After is read as seconds or as an HTTP date; junk falls back to the default."""
    assert retry_after_s("120") == 120.0
    later = datetime.now(UTC) + timedelta(seconds=90)
    assert 80 <= retry_after_s(later.strftime("%a, %d %b %Y %H:%M:%S GMT")) <= 91
    assert retry_after_s("soon", default=7.0) == 7.0
    assert retry_after_s(None, default=7.0) == 7.0


async def test_spent_daily_quota_in_user_status_means_no_submission(fake: FakeArchives) -> None:
    """When SPN2's user status shows the daily quota used up, nothing is POSTed at all."""
    fake.daily_limit = 4
    fake.captured_today = 4
    out = await save_live([URL, URL2], opts(fake.base))
    assert {o.status for o in out.values()} == {"rate-limited"}
    assert posts(fake) == []
    assert fake.calls("user-status") == 1


async def test_user_status_outage_does_not_block_captures(fake: FakeArchives) -> None:
    """If the user-status call fails, captures still go ahead and limits come from answers."""
    fake.down.add("user-status")
    out = (await save_live([URL], opts(fake.base)))[URL]
    assert out.status == "saved"
