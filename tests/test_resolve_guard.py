"""The SSRF guard: schemes, private targets after DNS, and private redirect hops."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from tenacity import wait_none

from fake_archives import FakeArchives, FakeInThread
from linkaudit.resolve import ResolveOptions, RetryPolicy, check_urls, fetch_page
from linkaudit.resolve.guard import Guard, is_private_address
from resolve_fakes import FakeResolver, Script, html, public
from zoo import Zoo, link_zoo  # noqa: F401  (session fixture)

ZERO = RetryPolicy(attempts=1, wait=wait_none())
STRICT = ResolveOptions(allow_private=False, soft404_probe=False, timeout=3.0)


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.9", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("fe80::1", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", True),
        ("93.184.216.34", False),
        ("2606:2800:220:1:248:1893:25c8:1946", False),
    ],
)
def test_private_addresses_are_recognised(address: str, private: bool) -> None:
    """Loopback, RFC 1918, link-local, v4-mapped and unspecified addresses count as private."""
    assert is_private_address(address) is private


# Every block of the IANA IPv4 and IPv6 Special-Purpose Address Registries that is not
# globally reachable, one address each, and the embedding forms around a private v4 address.
SPECIAL_PURPOSE = [
    "0.1.2.3",  # this network
    "100.64.0.1",  # shared address space (carrier-grade NAT)
    "100.127.255.254",
    "192.0.0.1",  # IETF protocol assignments
    "192.0.0.170",  # NAT64 discovery
    "192.0.2.5",  # TEST-NET-1
    "192.88.99.1",  # deprecated 6to4 relay anycast
    "198.18.0.1",  # benchmarking
    "198.19.255.1",
    "198.51.100.7",  # TEST-NET-2
    "203.0.113.9",  # TEST-NET-3
    "224.0.0.251",  # multicast
    "240.0.0.1",  # reserved
    "255.255.255.255",  # limited broadcast
    "::",  # unspecified
    "::127.0.0.1",  # deprecated v4-compatible
    "::ffff:10.0.0.1",  # v4-mapped private
    "::ffff:169.254.169.254",  # v4-mapped metadata service
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b:1::1",  # local-use NAT64
    "100::1",  # discard-only
    "2001::1",  # Teredo
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo with a real-looking client
    "2001:2::1",  # benchmarking
    "2001:10::1",  # ORCHID (deprecated)
    "2001:db8::1",  # documentation
    "2002:a00:1::1",  # 6to4 around 10.0.0.1
    "2002:7f00:1::1",  # 6to4 around 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 around 169.254.169.254
    "2002:6440:1::1",  # 6to4 around 100.64.0.1
    "3fff::1",  # documentation (RFC 9637)
    "5f00::1",  # SRv6 SIDs
    "fc00::1",  # unique local
    "fd12:3456::1",
    "fec0::1",  # site local (deprecated)
    "fe80::1%eth0",  # link local with a zone
    "ff02::1",  # multicast
    "4000::1",  # outside global unicast 2000::/3
]


@pytest.mark.parametrize("address", SPECIAL_PURPOSE)
def test_every_special_purpose_range_is_refused(address: str) -> None:
    """Each non-globally-reachable block of the IANA registries, and each embedding of a
    private IPv4 address in IPv6, is refused by the guard and kept from the archives."""
    from linkaudit.archive.options import is_private_url

    assert is_private_address(address)
    host = f"[{address.split('%')[0]}]" if ":" in address else address
    assert is_private_url(f"http://{host}/page")


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "100.63.255.255",  # just below shared address space
        "100.128.0.1",  # just above it
        "192.0.0.9",  # PCP anycast: globally reachable per the registry
        "198.20.0.1",  # just above benchmarking
        "223.255.255.254",
        "::ffff:8.8.8.8",  # v4-mapped public
        "64:ff9b::808:808",  # NAT64 of a public address
        "2002:808:808::1",  # 6to4 of a public address
        "2001:4:112::1",  # AS112-v6: globally reachable
        "2606:4700:4700::1111",
    ],
)
def test_public_neighbours_of_special_ranges_stay_public(address: str) -> None:
    """The ranges are exact: the addresses beside them, and their public embeddings, pass."""
    assert not is_private_address(address)


async def test_special_range_behind_a_name_is_refused_before_any_request() -> None:
    """A name resolving into 100.64.0.0/10 or to 6to4 around 10.x is refused, never asked."""
    script = Script(lambda r: html("inside"))
    resolver = FakeResolver(
        {"cgnat.example": ["100.64.3.4"], "sixtofour.example": ["2002:a00:1::1"]}
    )
    urls = ["http://cgnat.example/", "http://sixtofour.example/"]
    result = await check_urls(urls, STRICT, transport=script.transport, resolver=resolver)
    assert {c.status for c in result.values()} == {"excluded"}
    assert script.seen == []


@pytest.mark.parametrize("original", ["http://100.64.0.1/story", "http://[2002:7f00:1::1]/story"])
def test_refused_private_original_is_never_sent_to_the_archive(
    tmp_path: Path, original: str
) -> None:
    """A --original in a special-purpose range is refused and never looked up in an archive
    (the fake is declared private, so only the guard's verdict keeps it out)."""
    article = tmp_path / "a.md"
    article.write_text(
        "# T\n\nThe ministry said it was ready, according to [the statement]().\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_ACCESS_KEY", "_SECRET_KEY"))}
    fake = FakeArchives()
    with FakeInThread(fake) as served:
        env.update(LINKAUDIT_ARCHIVE_BASE=served.base, LINKAUDIT_ARCHIVE_PRIVATE="1")
        proc = subprocess.run(
            [sys.executable, "-m", "linkaudit", "check", str(article), "--no-cache",
             "--original", original, "-f", "json", "--retries", "0", "--timeout", "3"],
            capture_output=True, text=True, env=env, timeout=120, check=False,
        )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    host = original.split("/")[2]
    assert not any(host.strip("[]") in json.dumps(entry) for entry in fake.log)


@pytest.mark.parametrize(
    "url", ["ftp://example.com/f", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"]
)
async def test_only_http_and_https_are_checked(url: str) -> None:
    """Other schemes are excluded without any request."""
    script = Script(lambda r: html("never"))
    result = await check_urls([url], STRICT, transport=script.transport, resolver=public())
    assert result[url].status == "excluded"
    assert "scheme" in (result[url].detail or "")
    assert script.seen == []


async def test_localhost_refused_on_a_real_server(link_zoo: Zoo) -> None:  # noqa: F811
    """ "localhost" resolves (system resolver) to loopback and is refused: the zoo sees nothing."""
    url = f"http://localhost:{link_zoo.port}/ok?id=guard-localhost"
    before = link_zoo.stats()["requests"]
    result = await check_urls([url], STRICT, retry=ZERO)
    assert result[url].status == "excluded"
    assert "--allow-private" in (result[url].detail or "")
    assert link_zoo.stats()["requests"] == before


async def test_allow_private_lets_loopback_through(link_zoo: Zoo) -> None:  # noqa: F811
    """With allow_private the same loopback URL is checked for real."""
    url = f"http://localhost:{link_zoo.port}/ok?id=guard-allowed"
    options = ResolveOptions(allow_private=True, soft404_probe=False, timeout=3.0)
    result = await check_urls([url], options, retry=ZERO)
    assert result[url].status == "ok"


async def test_public_name_resolving_to_private_is_refused() -> None:
    """A public-looking name whose DNS answer is private is refused before any request."""
    script = Script(lambda r: html("secret"))
    resolver = FakeResolver({"intranet.example.com": ["10.0.0.7"]})
    url = "http://intranet.example.com/admin"
    result = await check_urls([url], STRICT, transport=script.transport, resolver=resolver)
    assert result[url].status == "excluded"
    assert "10.0.0.7" in (result[url].detail or "")
    assert script.seen == []


@pytest.mark.parametrize(
    "target", ["http://127.0.0.1:8080/secret", "http://internal.example/", "http://[::1]/x"]
)
async def test_redirect_hop_to_private_is_refused(target: str) -> None:
    """A public page redirecting inside is refused at the hop; the inside is never asked."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "public.example":
            return httpx.Response(302, headers={"location": target})
        return html("inside")

    script = Script(handler)
    resolver = FakeResolver({"public.example": ["93.184.216.34"], "internal.example": ["10.9.9.9"]})
    url = "http://public.example/start"
    result = await check_urls([url], STRICT, transport=script.transport, resolver=resolver)
    check = result[url]
    assert check.status == "excluded"
    assert (check.detail or "").startswith("redirect refused")
    assert [r.status for r in check.redirects] == [302]
    assert [u for _, u in script.seen] == [url]


async def test_dns_not_found_is_dead_and_dns_trouble_is_error() -> None:
    """A name that does not exist is dead at once; a temporary DNS failure is an error."""
    script = Script(lambda r: html("x"))
    urls = ["http://no-such-name.example/", "http://flaky-dns.example/", "http://fine.example/"]
    resolver = public("fine.example")
    result = await check_urls(urls, STRICT, transport=script.transport, resolver=resolver)
    assert result[urls[0]].status == "dead"
    assert result[urls[0]].detail == "DNS name not found: no-such-name.example"
    assert result[urls[1]].status == "error"
    assert result[urls[2]].status == "ok"
    assert [u for _, u in script.seen] == [urls[2]]


async def test_no_name_resolving_at_all_is_not_dead() -> None:
    """When no host name resolves in a run (no network), "not found" is an error, not dead."""
    script = Script(lambda r: html("x"))
    urls = ["http://one.example/", "http://two.example/"]
    result = await check_urls(urls, STRICT, transport=script.transport, resolver=public())
    assert {c.status for c in result.values()} == {"error"}
    assert all("network down" in (c.detail or "") for c in result.values())


async def test_dns_is_asked_once_per_host() -> None:
    """Many links on one host cost one DNS lookup."""
    resolver = public("many.example")
    script = Script(lambda r: html("<title>fine</title>"))
    urls = [f"http://many.example/p{i}" for i in range(20)]
    result = await check_urls(urls, STRICT, transport=script.transport, resolver=resolver)
    assert {c.status for c in result.values()} == {"ok"}
    assert resolver.calls == ["many.example"]


async def test_fetch_page_is_guarded_too() -> None:
    """fetch_page refuses a private target like check_urls does."""
    result = await fetch_page("http://127.0.0.1:9/", STRICT, resolver=public())
    assert not hasattr(result, "text")
    assert getattr(result, "status", None) == "excluded"


async def test_guard_checks_ip_literals_without_dns() -> None:
    """An IP literal is judged as is; the resolver is not asked."""
    resolver = public()
    guard = Guard(allow_private=False, resolver=resolver)
    assert await guard.check("http://93.184.216.34/") is None
    refusal = await guard.check("http://169.254.169.254/latest/meta-data")
    assert refusal is not None
    assert refusal.kind == "private"
    assert resolver.calls == []
