"""Every link-zoo kind against the real zoo server on 127.0.0.1, judged as score.py judges."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from tenacity import wait_none

from linkaudit.model import LinkCheck, LinkStatus
from linkaudit.resolve import ResolveOptions, RetryPolicy, check_urls
from linkaudit.resolve.loop import run as run_loop
from zoo import Zoo, link_zoo  # noqa: F401  (session fixture)

# score.py parse_linkaudit: how the benchmark reads a status
VERDICT: dict[LinkStatus, str] = {
    "ok": "ok",
    "redirected": "ok",
    "failing": "warn",
    "blocked": "warn",
    "rate-limited": "warn",
}

# The status each kind must get (stricter than the verdict: the right reason, too).
EXPECTED: dict[str, set[str]] = {
    "ok": {"ok"},
    "redirect": {"ok", "redirected"},
    "status-404": {"dead"},
    "status-410": {"dead"},
    "status-500": {"error"},
    "redirect-dead": {"dead"},
    "flaky-503": {"ok"},
    "ratelimit-429": {"ok"},
    "slow": {"ok"},
    "hang": {"timeout"},
    "head-405": {"ok"},
    "soft-404": {"soft-404"},
    "catchall": {"soft-404"},
    "fragment-ok": {"ok"},
    "fragment-missing": {"dead"},
    "large": {"ok"},
    "conn-reset": {"error"},
    "conn-close": {"error"},
    "loop": {"error"},
    "offsite-down": {"dead"},
}

# Retries without backoff sleeps, but Retry-After (1 s in the zoo) is honoured.
POLICY = RetryPolicy(attempts=3, wait=wait_none(), retry_after_cap_s=2.0)
OPTIONS = ResolveOptions(allow_private=True, timeout=3.0, retries=2, max_concurrency=16)


def verdict(status: LinkStatus) -> str:
    return VERDICT.get(status, "broken")


@pytest.fixture(scope="module", params=["httpx", "aiohttp", "aiohttp+uvloop"])
def zoo_results(link_zoo: Zoo, request: pytest.FixtureRequest) -> dict[str, LinkCheck]:  # noqa: F811
    """One check_urls run over one URL of every kind in the zoo's manifest, on each request
    path (resolve/client.py's httpx one and resolve/aio.py's aiohttp one), and on the event
    loop the CLI runs the network stages on (resolve/loop.py: uvloop when installed)."""
    link_zoo.reset()
    tag = f"t1-{request.param}"
    urls = {kind: link_zoo.url(kind, f"{kind}-{tag}") for kind in link_zoo.manifest["kinds"]}
    engine, _, loop = request.param.partition("+")
    options = replace(OPTIONS, engine="httpx" if engine == "httpx" else "aiohttp")
    checking = check_urls(list(urls.values()), options, retry=POLICY)
    results = run_loop(checking) if loop == "uvloop" else asyncio.run(checking)
    return {kind: results[url] for kind, url in urls.items()}


def test_manifest_kinds_are_all_covered(link_zoo: Zoo) -> None:  # noqa: F811
    """The expectations here name exactly the kinds the zoo serves (a new kind fails this)."""
    assert set(link_zoo.manifest["kinds"]) == set(EXPECTED)


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_zoo_kind_gets_expected_status(
    kind: str,
    zoo_results: dict[str, LinkCheck],
    link_zoo: Zoo,  # noqa: F811
) -> None:
    """Each zoo kind gets its expected status and the verdict score.py expects."""
    check = zoo_results[kind]
    assert check.status in EXPECTED[kind], check
    assert verdict(check.status) == link_zoo.manifest["kinds"][kind]["expect"]


def test_hang_times_out_within_the_timeout(zoo_results: dict[str, LinkCheck]) -> None:
    """A server that never answers costs about one --timeout, not one per retry."""
    check = zoo_results["hang"]
    assert check.elapsed_ms is not None
    assert 2900 <= check.elapsed_ms < 4500
    assert check.detail == "read timeout"


def test_large_body_is_not_downloaded(
    zoo_results: dict[str, LinkCheck],
    link_zoo: Zoo,  # noqa: F811
) -> None:
    """The 10 MB body is abandoned after the head: the server never finishes sending it."""
    assert zoo_results["large"].status == "ok"
    assert link_zoo.stats()["large_full_bodies"] == 0


def test_catchall_host_is_found_by_the_sibling_probe(zoo_results: dict[str, LinkCheck]) -> None:
    """The catch-all host's page matches what a random sibling path gets."""
    assert "random path on this host gets the same page" in (zoo_results["catchall"].detail or "")


def test_redirect_chain_is_recorded_hop_by_hop(zoo_results: dict[str, LinkCheck]) -> None:
    """A two-hop 301 chain lists both hops and ends on the final URL; 301 means "redirected"."""
    check = zoo_results["redirect"]
    assert [r.status for r in check.redirects] == [301, 301]
    assert check.redirects[0].url.split("?")[0].endswith("/redirect/301/1")
    assert check.final_url is not None
    assert "/ok?id=redirect-t1" in check.final_url
    assert check.status == "redirected"


def test_loop_and_fragment_details(zoo_results: dict[str, LinkCheck]) -> None:
    """A redirect loop and a missing fragment say why in the detail."""
    assert "redirect loop" in (zoo_results["loop"].detail or "")
    assert zoo_results["fragment-missing"].detail == "fragment #missing not found"


async def test_head_first_falls_back_to_get_on_405(link_zoo: Zoo) -> None:  # noqa: F811
    """With HEAD first, a 405 to HEAD is asked again with GET and the link is ok."""
    before = link_zoo.stats()["requests"]
    url = link_zoo.url("head-405", "head-405-t2")
    options = ResolveOptions(allow_private=True, timeout=3.0, method="head", soft404_probe=False)
    result = await check_urls([url], options, retry=RetryPolicy.zero_wait())
    after = link_zoo.stats()["requests"]
    assert result[url].status == "ok"
    assert after.get("head-405 HEAD", 0) - before.get("head-405 HEAD", 0) == 1
    assert after.get("head-405 GET", 0) - before.get("head-405 GET", 0) == 1


async def test_without_retries_flaky_is_an_error(link_zoo: Zoo) -> None:  # noqa: F811
    """With no retries the recovering 503 stays a 5xx error: retries are what fix it."""
    url = link_zoo.url("flaky-503", "flaky-503-t3")
    options = ResolveOptions(allow_private=True, timeout=3.0, retries=0)
    result = await check_urls([url], options, retry=RetryPolicy.zero_wait(0))
    assert result[url].status == "error"
    assert result[url].http_status == 503


async def test_each_unique_url_is_checked_once(link_zoo: Zoo) -> None:  # noqa: F811
    """Duplicated URLs cost one request and all get the same result."""

    def ok_requests() -> int:
        counts = link_zoo.stats()["requests"]
        return int(counts.get("ok GET", 0) + counts.get("ok HEAD", 0))

    before = ok_requests()
    url = link_zoo.url("ok", "ok-t4")
    progress: list[tuple[int, int]] = []
    options = ResolveOptions(allow_private=True, soft404_probe=False)
    result = await check_urls(
        [url, url, url], options, on_progress=lambda d, t: progress.append((d, t))
    )
    assert list(result) == [url]
    assert ok_requests() - before == 1
    assert progress[-1] == (1, 1)


def test_retry_after_is_honoured_on_the_wire(zoo_results: dict[str, LinkCheck]) -> None:
    """The 429 link waited out the server's Retry-After: 1 (the policy itself has no backoff)."""
    check = zoo_results["ratelimit-429"]
    assert check.status == "ok"
    assert check.elapsed_ms is not None
    assert check.elapsed_ms >= 950
