"""Per-host behaviour on real loopback servers: a host that stops answering costs a bounded
number of requests, and connections are kept alive and reused per host."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostile_servers import HostileServer, hostile_server
from linkaudit.resolve import ResolveOptions, RetryPolicy, check_urls
from linkaudit.resolve.options import Engine
from linkaudit.resolve.politeness import Politeness
from linkaudit.schema import validate_report


@pytest.fixture(scope="module")
def two_hosts() -> Iterator[HostileServer]:
    """127.0.0.2 (slowloris paths) and 127.0.0.3 (ordinary pages) on one port."""
    with hostile_server(bomb_mb=0, drip=0.2, addresses=("127.0.0.2", "127.0.0.3")) as server:
        yield server


@pytest.mark.parametrize("engine", ["httpx", "aiohttp"])
async def test_a_slowloris_host_is_settled_as_unresponsive(
    two_hosts: HostileServer, engine: Engine
) -> None:
    """40 links on a host that drips a byte every 0.2 s (so no read ever times out): after a
    few timeouts the rest are settled as "timeout" without a request, the detail says the
    host is unresponsive, and another host's links are untouched. Counted at the server."""
    per_host = 8
    options = ResolveOptions(
        allow_private=True,
        soft404_probe=False,
        timeout=0.5,
        per_host=per_host,
        retries=2,
        engine=engine,
    )
    slow = [f"{two_hosts.base('127.0.0.2')}/slow/{engine}{i}" for i in range(40)]
    fine = [f"{two_hosts.base('127.0.0.3')}/ok/{i}" for i in range(10)]
    before = two_hosts.count("/slow/")
    result = await check_urls([*slow, *fine], options, retry=RetryPolicy.zero_wait(2))
    assert {result[u].status for u in slow} == {"timeout"}
    unasked = [u for u in slow if "host unresponsive" in (result[u].detail or "")]
    asked = two_hosts.count("/slow/") - before
    # the links in flight when the host was judged, and no more (40 without the rule)
    assert asked <= per_host + Politeness.UNRESPONSIVE_AFTER, asked
    assert len(unasked) == len(slow) - asked
    assert {result[u].status for u in fine} == {"ok"}


def test_a_success_between_timeouts_keeps_the_host_alive() -> None:
    """Only timeouts in a row count, and only of requests during which the host answered
    nothing else: one hanging page on a live server does not take the server down."""
    polite = Politeness(per_host=4, min_interval=0.0)
    url = "http://example.org/a"
    before = time.monotonic()
    for _ in range(Politeness.UNRESPONSIVE_AFTER - 1):
        polite.note_timeout(url, before)
    polite.note_reached(url)
    for _ in range(2 * Politeness.UNRESPONSIVE_AFTER):
        polite.note_timeout(url, before)  # started before that answer: the URL is slow
    assert polite.unresponsive(url) == 0
    after = time.monotonic()
    for _ in range(Politeness.UNRESPONSIVE_AFTER):
        polite.note_timeout(url, after)  # nothing answered since these started
    assert polite.unresponsive(url) == Politeness.UNRESPONSIVE_AFTER
    assert polite.unresponsive("http://example.org:8080/") == 0  # another port, another host


async def test_hanging_pages_on_a_live_host_do_not_settle_its_other_links(
    two_hosts: HostileServer,
) -> None:
    """Ten slowloris paths and thirty pages that take 0.3 s each on one host: the ten hang
    together, but the host answers other pages meanwhile, so it is not taken as down and
    every page still waiting when the ten time out is checked and ok."""
    options = ResolveOptions(allow_private=True, soft404_probe=False, timeout=0.5, per_host=12)
    base = two_hosts.base("127.0.0.3")
    slow = [f"{base}/slow/live{i}" for i in range(10)]
    fine = [f"{base}/wait/{100 + i}" for i in range(30)]
    result = await check_urls([*slow, *fine], options, retry=RetryPolicy.zero_wait(0))
    assert {result[u].status for u in fine} == {"ok"}
    assert {result[u].status for u in slow} == {"timeout"}


@pytest.mark.parametrize("engine", ["httpx", "aiohttp"])
async def test_connections_are_reused_per_host(engine: Engine) -> None:
    """50 hosts x 30 links (1,500 requests, interleaved): the server accepts at most
    hosts x per-host connections, not one per request."""
    addresses = tuple(f"127.0.0.{i}" for i in range(10, 60))
    per_host = 4
    options = ResolveOptions(
        allow_private=True,
        soft404_probe=False,
        method="get",
        per_host=per_host,
        timeout=10.0,
        engine=engine,
    )
    with hostile_server(bomb_mb=0, addresses=addresses) as server:
        urls = [f"{server.base(a)}/ok/{n}" for n in range(30) for a in addresses]
        result = await check_urls(urls, options, retry=RetryPolicy.zero_wait(0))
        assert {c.status for c in result.values()} == {"ok"}
        assert server.count("/ok/") == len(urls)
        connections = sum(server.connections.values())
        assert connections <= len(addresses) * per_host, connections
        assert max(server.connections.values()) <= per_host


def test_deadline_bounds_a_real_run_and_writes_a_partial_report(tmp_path: Path) -> None:
    """`linkaudit check --deadline 4` over 12 slowloris links (each could take 3 x 30 s) and
    4 ordinary ones: the process ends, the report is written and marked partial, the slow
    links are "unchecked" with the reason, and nothing is lost of what did finish."""
    with hostile_server(bomb_mb=0, drip=0.5) as server:
        slow = [f"{server.base()}/slow/{i}" for i in range(12)]
        fine = [f"{server.base()}/ok/{i}" for i in range(4)]
        lines = ["# Slow", ""] + [f"The ministry [said]({u}) so, item {i}." for i, u in
                                  enumerate(fine + slow)]  # fmt: skip
        article = tmp_path / "slow.md"
        article.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        out = tmp_path / "r.json"
        env = {**os.environ, "LINKAUDIT_ARCHIVE_BASE": "http://127.0.0.1:9", "NO_COLOR": "1"}
        proc = subprocess.run(
            [sys.executable, "-m", "linkaudit", "check", str(article), "--allow-private",
             "--no-cache", "--no-archive-dead", "-f", "json", "-o", str(out),
             "--timeout", "30", "--retries", "0", "--deadline", "4"],
            capture_output=True, text=True, env=env, timeout=80, check=False,
        )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    assert "--deadline 4 s reached: wrote a partial report" in proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    validate_report(report)
    assert report["partial"] is True
    by_url = {link["url"]: link for link in report["links"]}
    for url in slow:
        assert by_url[url]["status"] == "unchecked"
        assert by_url[url]["detail"] == "run deadline reached"
    # the ordinary links finished unless parsing alone ate the deadline on a loaded machine
    assert {by_url[u]["status"] for u in fine} <= {"ok", "unchecked"}
