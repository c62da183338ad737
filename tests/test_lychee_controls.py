"""The controls lychee users expect, each against a loopback server (real sockets)."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from linkaudit.cli_support import parse_codes
from test_cli import run

SEEN: list[tuple[str, dict[str, str]]] = []  # (path, request headers) of every request
RETRY_AFTER_SENT: set[str] = set()
ARTICLE = (
    "<html><head><title>Live article</title></head><body><article><h1>Live article</h1>"
    "<p>The ministry said the talks would go on, according to "
    '<a href="/ok">its statement</a>.</p></article></body></html>'
)


class _Handler(http.server.BaseHTTPRequestHandler):
    """/ok 200; /teapot 418; /need-token 401 without X-Token: abc; /redirect/N chains N hops;
    /busy answers 429 with Retry-After: 30 once, then 200; /article a page; others 404."""

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        path = self.path.split("?")[0]
        SEEN.append((path, {k.lower(): v for k, v in self.headers.items()}))
        headers = {"Content-Type": "text/html; charset=utf-8"}
        page = "<html><head><title>Fine</title></head><body><p>A fine page.</p></body></html>"
        code = 200
        if path == "/article":
            page = ARTICLE
        elif path == "/teapot":
            code = 418
        elif path == "/need-token":
            code = 200 if self.headers.get("X-Token") == "abc" else 401
        elif path.startswith("/redirect/"):
            hops = int(path.rsplit("/", 1)[1])
            if hops > 0:
                code = 302
                headers["Location"] = f"/redirect/{hops - 1}"
        elif path == "/busy":
            if path not in RETRY_AFTER_SENT:
                RETRY_AFTER_SENT.add(path)
                code = 429
                headers["Retry-After"] = "30"
        elif path != "/ok":
            code = 404
        data = page.encode()
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A loopback site that records what it was asked."""
    SEEN.clear()
    RETRY_AFTER_SENT.clear()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _check(tmp_path: Path, links: dict[str, str], *args: str) -> dict:
    """`linkaudit check` of a Markdown article holding ``links`` (anchor -> href), as JSON."""
    article = tmp_path / "a.md"
    body = " and ".join(f"[{anchor}]({href})" for anchor, href in links.items())
    article.write_text(f"# T\n\nThe ministry said so, citing {body}.\n")
    proc = run(
        "check", str(article), "--allow-private", "--no-cache", "--retries", "0",
        "--no-archive-dead", "-f", "json", *args, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    return {k["anchor"]: k for k in report["links"]} | {"_report": report}


def _asked(path: str) -> list[dict[str, str]]:
    return [h for p, h in SEEN if p == path]


def test_ignore_file(tmp_path: Path, server: str) -> None:
    """URLs matching a line of .linkauditignore are excluded and never requested."""
    (tmp_path / ".linkauditignore").write_text("# not ours\n/private-area/\n")
    links = _check(tmp_path, {"a": f"{server}/ok", "b": f"{server}/private-area/x"})
    assert links["a"]["status"] == "ok"
    assert links["b"]["status"] == "excluded"
    assert _asked("/private-area/x") == []


def test_include_wins_over_exclude(tmp_path: Path, server: str) -> None:
    """--include checks a URL an --exclude matches; the other excluded URL stays unrequested."""
    links = _check(
        tmp_path, {"a": f"{server}/ok", "b": f"{server}/teapot"},
        "--exclude", "127\\.0\\.0\\.1", "--include", "/ok$",
    )  # fmt: skip
    assert links["a"]["status"] == "ok"
    assert links["b"]["status"] == "excluded"
    assert _asked("/teapot") == []


def test_accept_status_ranges(tmp_path: Path, server: str) -> None:
    """--accept 400..=499 counts the 418 answer as ok; without it the link is not ok."""
    assert _check(tmp_path, {"a": f"{server}/teapot"})["a"]["status"] != "ok"
    assert (
        _check(tmp_path, {"a": f"{server}/teapot"}, "--accept", "400..=499")["a"]["status"] == "ok"
    )


def test_accept_range_syntax() -> None:
    """Ranges follow lychee: a..=b inclusive, a..b end excluded, open ends; bad ones exit 2."""
    assert parse_codes(["200..=204,429"]) == frozenset({200, 201, 202, 203, 204, 429})
    assert parse_codes(["200..203"]) == frozenset({200, 201, 202})
    assert parse_codes(["990.."]) == frozenset(range(990, 1000))
    assert min(parse_codes(["..=101"])) == 100
    with pytest.raises(click.BadParameter):
        parse_codes(["300..200"])


def test_header_is_sent(tmp_path: Path, server: str) -> None:
    """--header 'X-Token: abc' rides on the request: the protected page answers 200."""
    assert _check(tmp_path, {"a": f"{server}/need-token"})["a"]["status"] == "blocked"
    links = _check(tmp_path, {"a": f"{server}/need-token"}, "--header", "X-Token: abc")
    assert links["a"]["status"] == "ok"
    assert _asked("/need-token")[-1]["x-token"] == "abc"


def test_user_agent(tmp_path: Path, server: str) -> None:
    """--user-agent replaces linkaudit's User-Agent on link checks."""
    _check(tmp_path, {"a": f"{server}/ok"}, "--user-agent", "NewsroomBot/2.0")
    assert {h["user-agent"] for h in _asked("/ok")} == {"NewsroomBot/2.0"}


def test_max_redirects(tmp_path: Path, server: str) -> None:
    """--max-redirects 2 fails a five-hop chain that the default of 10 follows."""
    assert _check(tmp_path, {"a": f"{server}/redirect/5"})["a"]["status"] == "ok"
    capped = _check(tmp_path, {"a": f"{server}/redirect/5"}, "--max-redirects", "2")["a"]
    assert capped["status"] != "ok"
    assert "redirects" in (capped["detail"] or "")


def test_base_url_resolves_relative_links(tmp_path: Path, server: str) -> None:
    """--base-url makes 'ok' and '/teapot' absolute URLs on that site, and they are checked."""
    links = _check(tmp_path, {"a": "ok", "b": "/teapot"}, "--base-url", f"{server}/news/")
    assert links["a"]["url"] == f"{server}/news/ok"
    assert links["b"]["url"] == f"{server}/teapot"
    assert _asked("/teapot")


def test_local_file_links_and_root_dir(tmp_path: Path) -> None:
    """Relative links of a local file are checked as files; /root links under --root-dir."""
    (tmp_path / "other.md").write_text("# Other\n")
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    (site / "img" / "a.png").write_bytes(b"\x89PNG")
    links = _check(
        tmp_path,
        {"a": "other.md#top", "b": "missing.md", "c": "/img/a.png", "d": "/img/b.png"},
        "--root-dir", str(site),
    )  # fmt: skip
    assert links["a"]["status"] == "ok"
    assert links["b"]["status"] == "dead"
    assert links["b"]["detail"] == "local file not found"
    assert links["c"]["status"] == "ok"
    assert links["d"]["status"] == "dead"
    findings = {f["link"] for f in links["_report"]["findings"] if f["rule"] == "LA002"}
    assert findings == {links["b"]["id"], links["d"]["id"]}
    without_root = _check(tmp_path, {"c": "/img/a.png"})
    assert without_root["c"]["status"] == "unchecked"


def test_url_input_fetches_and_audits_the_live_article(tmp_path: Path, server: str) -> None:
    """`linkaudit check http://…/article` fetches the page, finds its claim, and checks its
    relative link against the page's URL."""
    proc = run(
        "check", f"{server}/article", "--allow-private", "--no-cache", "--no-archive-dead",
        "-f", "json", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["document"]["path"] == f"{server}/article"
    assert report["document"]["title"] == "Live article"
    (link,) = [k for k in report["links"] if k["anchor"] == "its statement"]
    assert link["url"] == f"{server}/ok"
    assert link["status"] == "ok"
    assert any("talks" in c["text"] for c in report["claims"])


def test_url_input_respects_the_ssrf_guard(tmp_path: Path, server: str) -> None:
    """Without --allow-private a loopback article URL is refused: one line, exit 2."""
    proc = run("check", f"{server}/article", "--no-cache", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 2
    assert "cannot fetch" in proc.stderr
    assert _asked("/article") == []


def test_files_from(tmp_path: Path) -> None:
    """--files-from lists inputs one a line (comments skipped); they join PATHS."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(f"# {name}\n\nThe ministry [said](#) so.\n")
    (tmp_path / "list.txt").write_text("# articles\na.md\n\nb.md\n")
    proc = run("check", "--offline", "--files-from", "list.txt", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert [r["document"]["path"] for r in report["reports"]] == ["a.md", "b.md"]
    assert run("check", "--offline", cwd=tmp_path).returncode == 2  # no input at all


def test_max_retry_wait_caps_retry_after(tmp_path: Path, server: str) -> None:
    """A 429 asking for 30 s is retried after --max-retry-wait 0.2s, and then answers ok."""
    started = time.monotonic()
    links = _check(tmp_path, {"a": f"{server}/busy"}, "--retries", "1", "--max-retry-wait", "0.2s")
    assert links["a"]["status"] == "ok"
    assert len(_asked("/busy")) == 2
    assert time.monotonic() - started < 25  # it did not sit out the 30 s asked for
