"""Verdict logic of the checker on scripted responses (httpx.MockTransport, no sockets)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from linkaudit.model import LinkCheck
from linkaudit.resolve import ResolveOptions, RetryPolicy, check_urls
from resolve_fakes import Script, html, public

OPTS = ResolveOptions(soft404_probe=False, method="get")
HOSTS = public("site.example", "other.example")


async def run(
    script: Script, url: str, options: ResolveOptions = OPTS, retries: int = 2
) -> LinkCheck:
    result = await check_urls(
        [url],
        options,
        transport=script.transport,
        resolver=HOSTS,
        retry=RetryPolicy.zero_wait(retries),
    )
    return result[url]


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (200, "ok"),
        (404, "dead"),
        (410, "dead"),
        (401, "blocked"),
        (403, "blocked"),
        (999, "blocked"),
        (429, "rate-limited"),
        (500, "error"),
        (503, "error"),
        (418, "error"),
    ],
)
async def test_status_codes_map_to_statuses(code: int, status: str) -> None:
    """Each final HTTP status gets the report status the contract gives it."""
    check = await run(Script(lambda r: html("<title>x</title>", code)), "http://site.example/a")
    assert check.status == status
    assert check.http_status == code


async def test_5xx_is_retried_and_definitive_answers_are_not() -> None:
    """A 500 is asked 1 + retries times; a 404 once."""
    five = Script(lambda r: html("down", 500))
    await run(five, "http://site.example/five", retries=2)
    gone = Script(lambda r: html("gone", 404))
    await run(gone, "http://site.example/gone", retries=2)
    assert len(five.seen) == 3
    assert len(gone.seen) == 1


async def test_bot_wall_is_blocked_not_dead_and_not_retried() -> None:
    """A Cloudflare challenge (503 + cf-mitigated) is "blocked", asked once."""
    wall = Script(
        lambda r: html("<title>Just a moment...</title>", 503, **{"cf-mitigated": "challenge"})
    )
    check = await run(wall, "http://site.example/walled")
    assert check.status == "blocked"
    assert "bot challenge" in (check.detail or "")
    assert len(wall.seen) == 1


async def test_recovering_503_becomes_ok() -> None:
    """Two 503s then a 200: retries turn it into ok."""
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return html("busy", 503) if len(calls) <= 2 else html("<title>fine</title>")

    assert (await run(Script(handler), "http://site.example/flaky")).status == "ok"


async def test_head_404_is_confirmed_with_get() -> None:
    """Some servers answer HEAD wrongly: a HEAD 404 is asked again with GET before judging."""

    def handler(request: httpx.Request) -> httpx.Response:
        return html("", 404) if request.method == "HEAD" else html("<title>here</title>")

    script = Script(handler)
    check = await run(
        script, "http://site.example/headless", ResolveOptions(method="head", soft404_probe=False)
    )
    assert check.status == "ok"
    assert [m for m, _ in script.seen] == ["HEAD", "GET"]


async def test_deep_link_redirected_home_is_soft_404() -> None:
    """A deep link that lands on the home page is a soft 404."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path != "/":
            return httpx.Response(301, headers={"location": "/"})
        return html("<title>Welcome</title><h1>Our site</h1>")

    check = await run(Script(handler), "http://site.example/2019/05/story.html")
    assert check.status == "soft-404"
    assert check.detail == "deep link redirected to the home page"


async def test_sibling_probe_finds_catchall_without_telltale_text() -> None:
    """A host answering every path with the same 200 page is caught by the random-sibling probe."""
    page = "<title>Example News</title><h1>Latest stories</h1><p>" + "news " * 50 + "</p>"
    script = Script(lambda r: html(page))
    check = await run(script, "http://site.example/news/gone-story", ResolveOptions())
    assert check.status == "soft-404"
    assert "random path" in (check.detail or "")
    assert any("linkaudit-probe-" in u for _, u in script.seen)


async def test_sibling_probe_clears_a_real_page() -> None:
    """A host that 404s random paths leaves its real 200 pages ok."""

    def handler(request: httpx.Request) -> httpx.Response:
        if "linkaudit-probe-" in request.url.path:
            return html("<title>Not here</title>", 404)
        return html("<title>A story</title><p>text</p>")

    check = await run(Script(handler), "http://site.example/news/story", ResolveOptions())
    assert check.status == "ok"


async def test_permanent_redirect_is_redirected_and_secrets_redacted() -> None:
    """A 301 makes the link "redirected"; the final URL's token is redacted."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(
                301, headers={"location": "https://other.example/new?token=s3cr3t&x=1"}
            )
        return html("<title>new</title>")

    check = await run(Script(handler), "http://site.example/old")
    assert check.status == "redirected"
    assert check.final_url == "https://other.example/new?token=REDACTED&x=1"
    assert "s3cr3t" not in repr(check.redirects)


async def test_temporary_redirect_stays_ok() -> None:
    """A 302 to a live page is ok: temporary moves are not worth updating."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/tmp":
            return httpx.Response(302, headers={"location": "/there"})
        return html("<title>there</title>")

    check = await run(Script(handler), "http://site.example/tmp")
    assert check.status == "ok"
    assert check.final_url == "http://site.example/there"


async def test_too_many_redirects_is_an_error() -> None:
    """A chain longer than max_redirects stops with an error naming the limit."""

    def handler(request: httpx.Request) -> httpx.Response:
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"location": f"/{n + 1}"})

    script = Script(handler)
    check = await run(
        script, "http://site.example/0", ResolveOptions(max_redirects=4, soft404_probe=False)
    )
    assert check.status == "error"
    assert check.detail == "more than 4 redirects"
    assert len(script.seen) == 5


async def test_fragment_beyond_the_size_cap_is_not_called_dead() -> None:
    """A page over max_bytes is read only to the cap; an unseen fragment is "not verified"."""
    big = "<html><body>" + "<p>filler</p>" * 20000 + "<h2 id='late'>x</h2></body></html>"
    options = ResolveOptions(max_bytes=16 * 1024, soft404_probe=False)
    check = await run(Script(lambda r: html(big)), "http://site.example/big#late", options)
    assert check.status == "ok"
    assert "not verified" in (check.detail or "")


async def test_accept_and_exclude_options() -> None:
    """--accept turns a status into ok; --exclude skips matching URLs without a request."""
    script = Script(lambda r: html("<title>members</title>", 403))
    options = ResolveOptions(
        accept=frozenset({403}), exclude=(r"/private/",), soft404_probe=False, method="get"
    )
    accepted = await run(script, "http://site.example/members", options)
    excluded = await run(script, "http://site.example/private/x", options)
    assert accepted.status == "ok"
    assert excluded.status == "excluded"
    assert len(script.seen) == 1


async def test_run_deadline_leaves_unfinished_links_unchecked() -> None:
    """With a run deadline, links still waiting when it passes are "unchecked", not lost."""

    async def slow_handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return html("late")

    transport = httpx.MockTransport(slow_handler)
    options = ResolveOptions(deadline_s=0.3, soft404_probe=False)
    urls = ["http://site.example/a", "http://site.example/b"]
    result = await check_urls(urls, options, transport=transport, resolver=HOSTS)
    assert [c.status for c in result.values()] == ["unchecked", "unchecked"]


async def test_a_bug_in_one_check_is_a_value_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception while judging one link becomes that link's "error"."""

    def broken_sketch(body: bytes, encoding: str | None = None) -> None:
        raise ValueError("boom")

    monkeypatch.setattr("linkaudit.resolve.check.sketch", broken_sketch)
    check = await run(
        Script(lambda r: html("<title>x</title>")), "http://site.example/a", ResolveOptions()
    )
    assert check.status == "error"
    assert check.detail == "internal error: ValueError: boom"
