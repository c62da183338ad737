"""find_copies against the loopback fake: the lookup order, snapshot choice, outages, bounds."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from fake_archives import FakeArchives, refused_base
from linkaudit.archive import (
    ArchiveEndpoints,
    ArchiveOptions,
    find_copies,
    lookup_copies,
    save_live,
)
from linkaudit.archive.fetch import make_client
from linkaudit.archive.memento import timegate
from linkaudit.archive.wayback import cdx_params

URL = "https://www.reuters.com/world/russia-north-korea-2024-01-16/"
DATE = datetime(2024, 1, 24, 12, 0, tzinfo=UTC)


def opts(base: str, **kw: object) -> ArchiveOptions:
    params: dict[str, object] = {"when": DATE, "timeout": 2.0, "budget_s": 5.0}
    params.update(kw)
    return ArchiveOptions(endpoints=ArchiveEndpoints.from_base(base), **params)  # type: ignore[arg-type]


async def test_availability_capture_before_the_date_is_used_directly(fake: FakeArchives) -> None:
    """A closest capture at or before the date ends the lookup without asking CDX."""
    fake.captures[URL] = [("20240120081502", 200), ("20240301000000", 200)]
    found = await find_copies([URL], opts(fake.base))
    copy = found[URL]
    assert copy is not None
    assert copy.timestamp == "2024-01-20T08:15:02Z"
    assert copy.source == "wayback"
    assert copy.url.endswith(f"/20240120081502/{URL}")
    assert fake.calls("cdx") == 0


async def test_cdx_finds_the_capture_before_when_availability_offers_one_after(
    fake: FakeArchives,
) -> None:
    """If the closest capture is after the date, CDX's earlier status-200 capture is chosen."""
    fake.captures[URL] = [
        ("20240110000000", 200),  # 14.5 days before: within the prefer-before slack
        ("20240124000000", 404),  # a capture of an error page is never chosen
        ("20240125000000", 200),  # closest, but after the date
    ]
    copy = (await find_copies([URL], opts(fake.base)))[URL]
    assert copy is not None
    assert copy.timestamp == "2024-01-10T00:00:00Z"
    assert copy.url == f"{fake.base}/web/20240110000000/{URL}"
    assert fake.calls("cdx") == 1


async def test_cdx_query_has_the_real_parameters(fake: FakeArchives) -> None:
    """The CDX request asks for JSON, status-200 rows, the named fields and a date window."""
    fake.captures[URL] = [("20240125000000", 200)]
    await find_copies([URL], opts(fake.base))
    (_svc, _method, params) = next(entry for entry in fake.log if entry[0] == "cdx")
    assert params["output"] == "json"
    assert params["filter"] == "statuscode:200"
    assert params["fl"].split(",")[:3] == ["urlkey", "timestamp", "original"]
    assert params["from"] < "20240124" < params["to"]
    assert params == cdx_params(URL, opts(fake.base))


async def test_availability_outage_falls_back_to_cdx(fake: FakeArchives) -> None:
    """A 503 from the availability API is not fatal: CDX answers instead."""
    fake.captures[URL] = [("20231201000000", 200)]
    fake.down.add("availability")
    copy = (await find_copies([URL], opts(fake.base)))[URL]
    assert copy is not None
    assert copy.timestamp == "2023-12-01T00:00:00Z"


async def test_memento_timemap_is_the_last_resort(fake: FakeArchives) -> None:
    """With no Wayback capture, the TimeMap's memento nearest before the date is chosen."""
    fake.mementos[URL] = [
        ("https://archive.ph/20231001000000/x", "20231001000000"),
        ("https://www.webcitation.org/20240122", "20240122000000"),
        ("https://archive.ph/20240220000000/x", "20240220000000"),
    ]
    copy = (await find_copies([URL], opts(fake.base)))[URL]
    assert copy is not None
    assert copy.url == "https://www.webcitation.org/20240122"
    assert copy.source == "memento:webcitation.org"
    assert copy.timestamp == "2024-01-22T00:00:00Z"
    assert fake.calls("availability") == 1
    assert fake.calls("cdx") == 1


async def test_no_copy_anywhere_is_none(fake: FakeArchives) -> None:
    """A URL no archive holds maps to None after each service was asked once."""
    found = await find_copies([URL, URL], opts(fake.base))
    assert found == {URL: None}
    assert (fake.calls("availability"), fake.calls("cdx"), fake.calls("timemap")) == (1, 1, 1)


async def test_every_service_refusing_connections_still_returns() -> None:
    """With nothing listening, every URL gets None quickly and nothing raises."""
    start = time.monotonic()
    found = await find_copies([URL, "https://tass.com/politics/1736183"], opts(refused_base()))
    assert found == {URL: None, "https://tass.com/politics/1736183": None}
    assert time.monotonic() - start < 5


async def test_slow_archive_is_cut_off_by_the_budget(fake: FakeArchives) -> None:
    """A stalling archive cannot hold the run past budget_s; unfinished URLs get None."""
    fake.captures[URL] = [("20240120000000", 200)]
    fake.slow["availability"] = 30.0
    urls = [URL, *[f"https://example.org/{i}" for i in range(6)]]
    start = time.monotonic()
    found = await find_copies(urls, opts(fake.base, timeout=20.0, budget_s=1.0))
    elapsed = time.monotonic() - start
    assert elapsed < 3.0
    assert set(found) == set(urls)
    assert all(v is None for v in found.values())


async def test_per_request_timeout_moves_on_to_the_next_service(fake: FakeArchives) -> None:
    """A slow availability API times out per request and CDX still answers within budget."""
    fake.captures[URL] = [("20240120000000", 200)]
    fake.slow["availability"] = 10.0
    start = time.monotonic()
    copy = (await find_copies([URL], opts(fake.base, timeout=0.5, budget_s=5.0)))[URL]
    assert copy is not None
    assert copy.timestamp == "2024-01-20T00:00:00Z"
    assert time.monotonic() - start < 3.0


async def test_lookups_are_cached_but_outages_are_not(fake: FakeArchives, tmp_path: Path) -> None:
    """A second run reads copies and 'no copy' from SQLite; a failed lookup is retried."""
    db = tmp_path / "cache.sqlite"
    other = "https://mid.ru/en/foreign_policy/news/1926412/"
    fake.captures[URL] = [("20240120000000", 200)]
    first = await find_copies([URL, other], opts(fake.base, cache_path=db))
    calls = len(fake.log)
    second = await find_copies([URL, other], opts(fake.base, cache_path=db))
    assert second == first
    assert len(fake.log) == calls
    down = await find_copies(["https://tass.com/x"], opts(refused_base(), cache_path=db))
    assert down == {"https://tass.com/x": None}
    await find_copies(["https://tass.com/x"], opts(fake.base, cache_path=db))
    assert len(fake.log) > calls  # the outage was not remembered as "no copy"


async def test_cache_keys_on_the_article_day(fake: FakeArchives, tmp_path: Path) -> None:
    """The same URL for an article of another date is looked up again, not served stale."""
    db = tmp_path / "cache.sqlite"
    fake.captures[URL] = [("20200101000000", 200), ("20240120000000", 200)]
    a = (await find_copies([URL], opts(fake.base, cache_path=db)))[URL]
    b = (await find_copies([URL], opts(fake.base, cache_path=db, when=datetime(2020, 2, 1))))[URL]
    assert a is not None
    assert b is not None
    assert (a.timestamp[:4], b.timestamp[:4]) == ("2024", "2020")


def test_endpoints_from_env_point_at_a_base() -> None:
    """LINKAUDIT_ARCHIVE_BASE moves every service under one base; unset means the real ones."""
    moved = ArchiveEndpoints.from_env({"LINKAUDIT_ARCHIVE_BASE": "http://127.0.0.1:9/"})
    assert moved.cdx == "http://127.0.0.1:9/cdx/search/cdx"
    assert moved.spn_status == "http://127.0.0.1:9/save/status/"
    assert ArchiveEndpoints.from_env({}) == ArchiveEndpoints()
    assert ArchiveEndpoints().availability == "https://archive.org/wayback/available"


async def test_timegate_redirect_gives_the_memento(fake: FakeArchives) -> None:
    """A TimeGate's 302 with Accept-Datetime yields the memento and its datetime."""
    fake.mementos[URL] = [
        ("https://archive.ph/20230101000000/x", "20230101000000"),
        ("https://archive.ph/20240123000000/x", "20240123000000"),
    ]
    async with make_client(opts(fake.base)) as client:
        found = await timegate(client, f"{fake.base}/timegate/{URL}", opts(fake.base))
    assert [(c.url, c.at) for c in found.captures] == [
        ("https://archive.ph/20240123000000/x", datetime(2024, 1, 23, tzinfo=UTC))
    ]


async def test_unopenable_cache_does_not_stop_the_lookup(
    fake: FakeArchives, tmp_path: Path
) -> None:
    """A cache path that cannot be opened is skipped and the copy is still found."""
    fake.captures[URL] = [("20240120000000", 200)]
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    found = await find_copies([URL], opts(fake.base, cache_path=blocker / "cache.sqlite"))
    copy = found[URL]
    assert copy is not None
    assert copy.url == f"https://web.archive.org/web/20240120000000/{URL}"


async def test_empty_input_needs_no_service() -> None:
    """No URLs means an empty answer and no request, even with every service unreachable."""
    assert await find_copies([], opts(refused_base())) == {}
    assert await save_live([], opts(refused_base(), access_key="a", secret_key="s")) == {}


async def test_lookup_copies_tells_no_capture_from_outage(fake: FakeArchives) -> None:
    """'No capture' carries no errors; an unreachable archive carries the failures met."""
    none = (await lookup_copies([URL], opts(fake.base)))[URL]
    assert none.copy is None
    assert none.errors == ()
    down = (await lookup_copies([URL], opts(refused_base())))[URL]
    assert down.copy is None
    assert [e.split(":")[0] for e in down.errors] == ["availability", "cdx", "timemap"]


async def test_a_429_pauses_that_service_for_the_rest_of_the_call(fake: FakeArchives) -> None:
    """After availability answers 429 it is not asked again; CDX still finds the copies."""
    urls = [f"https://www.reuters.com/world/{i}/" for i in range(5)]
    for url in urls:
        fake.captures[url] = [("20240120000000", 200)]
    fake.throttle["availability"] = 120
    found = await lookup_copies(urls, opts(fake.base, max_concurrency=1))
    assert fake.calls("availability") == 1
    assert fake.calls("cdx") == 5
    assert all(f.copy is not None for f in found.values())
    assert any("skipped, rate-limited" in e for f in found.values() for e in f.errors)
