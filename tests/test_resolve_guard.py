"""The SSRF guard: schemes, private targets after DNS, and private redirect hops."""

from __future__ import annotations

import httpx
import pytest
from tenacity import wait_none

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
