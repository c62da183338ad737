"""Secrets in URLs stop at one seam: not stored, printed, rendered or sent (issue 13)."""

from __future__ import annotations

import http.server
import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from fake_archives import FakeArchives, FakeInThread
from linkaudit.resolve.history import MemoryHistory, RedactedHistory
from linkaudit.resolve.redact import mask_text, redact_url, secret_digest
from linkaudit.schema import validate_report

SECRETS = ("SECRETTOKEN1", "SESSIONSECRET2", "FRAGSECRET3", "ARRAYSECRET4", "USERPASS5")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://app.example/cb#access_token=abc123&token_type=bearer",
            "https://app.example/cb#access_token=REDACTED&token_type=bearer",
        ),
        (
            "https://shop.example/cart;jsessionid=0AB12CD?item=3",
            "https://shop.example/cart;jsessionid=REDACTED?item=3",
        ),
        ("https://api.example/q?token[]=abc&token[]=def&n=1", None),
        (
            "https://api.example/q?auth[key]=abc&page=2",
            "https://api.example/q?auth[key]=REDACTED&page=2",
        ),
        ("https://u:p@h.example/x", "https://REDACTED@h.example/x"),
        ("https://h.example/a;b=c?page=2#top", "https://h.example/a;b=c?page=2#top"),
    ],
)
def test_redact_url_fragment_path_parameter_and_array_tokens(
    url: str, expected: str | None
) -> None:
    """Fragment tokens, ;jsessionid= and token[]= are redacted; ordinary parts are kept."""
    if expected is None:
        expected = "https://api.example/q?token[]=REDACTED&token[]=REDACTED&n=1"
    assert redact_url(url) == expected


def test_mask_text_keeps_every_offset() -> None:
    """Masking URL secrets in prose keeps the text's length and everything outside the secret."""
    text = "See https://h.example/p?token=abcdef and https://x.example/a#access_token=q1w2 now."
    masked = mask_text(text)
    assert len(masked) == len(text)
    assert "abcdef" not in masked
    assert "q1w2" not in masked
    assert masked.replace("*", "") == text.replace("abcdef", "").replace("q1w2", "")


def test_cache_key_is_redacted_but_tells_tokens_apart() -> None:
    """The history sees redact_url plus a keyed hash: never the token, yet two tokens differ."""
    inner = MemoryHistory()
    history = RedactedHistory(inner, b"k" * 32)
    one = history.storage_key("https://h.example/p?token=aaaa")
    two = history.storage_key("https://h.example/p?token=bbbb")
    assert one != two
    assert "aaaa" not in one
    assert one.startswith("https://h.example/p?token=REDACTED hmac=")
    assert history.storage_key("https://h.example/clean") == "https://h.example/clean"
    assert secret_digest("https://h.example/p?token=aaaa", b"other key" * 4) not in one


class _Site(http.server.BaseHTTPRequestHandler):
    """/live answers 200, everything else 404; every request line is recorded."""

    seen: ClassVar[list[str]] = []

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        _Site.seen.append(self.path)
        live = self.path.split("?")[0].split(";")[0] == "/live"
        data = b"<html><title>Page</title><p>Hello.</p></html>"
        self.send_response(200 if live else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    """A loopback site."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _article(site: str) -> str:
    return (
        "# Report\n\n"
        f"The agency [reported]({site}/gone?token=SECRETTOKEN1) it, and the ministry said so "
        f"at {site}/live;jsessionid=SESSIONSECRET2 today.\n\n"
        f"Officials said the page [{site}/live#access_token=FRAGSECRET3]"
        f"({site}/live#access_token=FRAGSECRET3) was clear, according to "
        f"{site}/live?token[]=ARRAYSECRET4 and http://editor:USERPASS5@127.0.0.1:9/gone2.\n\n"
        f"The [old page]({site}/gone-clean) is gone.\n"
    )


def _run(
    tmp_path: Path,
    site: str,
    archive: str,
    cache: Path,
    text: str | None = None,
    keys: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`linkaudit check` as a process, in every format, with the archive fake at ``archive``
    (the article ``text``, else _article; Internet Archive ``keys`` in its environment)."""
    article = tmp_path / "a.md"
    article.write_text(_article(site) if text is None else text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_ACCESS_KEY", "_SECRET_KEY"))}
    env.update(keys or {})
    env["LINKAUDIT_ARCHIVE_BASE"] = archive
    env["LINKAUDIT_ARCHIVE_PRIVATE"] = "1"  # the loopback fake may hear of loopback URLs
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "linkaudit",
            "check",
            str(article),
            "--allow-private",
            "--cache",
            str(cache),
            "--retries",
            "0",
            "--timeout",
            "3",
            "--archive-live",
            "-f",
            "json",
            "-f",
            f"html:{tmp_path / 'r.html'}",
            "-f",
            f"text:{tmp_path / 'r.txt'}",
            "-f",
            f"markdown:{tmp_path / 'r.md'}",
            "-f",
            f"sarif:{tmp_path / 'r.sarif'}",
            "-f",
            f"junit:{tmp_path / 'r.xml'}",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_no_secret_is_stored_printed_rendered_or_sent(tmp_path: Path, site: str) -> None:
    """Tokenised links are checked, yet no secret reaches the cache file, stdout, stderr, any
    rendered format or the archive services; report offsets still point at the anchors."""
    cache = tmp_path / "cache" / "links.sqlite3"
    fake = FakeArchives(down={"availability"})  # an outage: warnings go to stderr
    with FakeInThread(fake) as served:
        proc = _run(tmp_path, site, served.base, cache)
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    validate_report(report)
    # the links were really checked with their secrets
    assert any("SECRETTOKEN1" in p for p in _Site.seen)
    assert {link["status"] for link in report["links"]} >= {"dead", "ok"}
    written = [proc.stdout, proc.stderr]
    written += [p.read_text(encoding="utf-8") for p in tmp_path.glob("r.*")]
    written += [p.read_bytes().decode("latin-1") for p in cache.parent.iterdir()]
    written += [json.dumps(entry) for entry in fake.log]
    for secret in SECRETS:
        for blob in written:
            assert secret not in blob
    text = report["document"]["text"]
    for link in report["links"]:
        assert text[link["start"] : link["end"]] == link["anchor"]
    # nothing tokenised was looked up or submitted; the clean dead link was looked up
    assert not any("/gone?" in json.dumps(entry) for entry in fake.log)
    assert any("gone-clean" in json.dumps(entry) for entry in fake.log)
    key = cache.parent / "redaction.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_tokenised_check_is_reused_from_the_cache(tmp_path: Path, site: str) -> None:
    """The second run finds the tokenised link's check in the cache under its redacted key
    (its checked_at is the first run's), so redaction does not cost the cache its use."""
    cache = tmp_path / "links.sqlite3"
    fake = FakeArchives()
    with FakeInThread(fake) as served:
        first = json.loads(_run(tmp_path, site, served.base, cache).stdout)
        time.sleep(1.1)  # checked_at has whole seconds: a fresh check would differ
        second = json.loads(_run(tmp_path, site, served.base, cache).stdout)

    def checked(report: dict) -> str:
        link = next(k for k in report["links"] if "access_token" in (k.get("url") or ""))
        return str(link["checked_at"])

    assert checked(second) == checked(first)


def test_tokenised_live_links_are_never_submitted_to_save_page_now(
    tmp_path: Path, site: str
) -> None:
    """With Save Page Now keys and --archive-live, the clean live link is submitted for a
    capture, and none of the live links carrying a token, a session or a fragment secret is
    (a capture would publish the secret); the report says why they were skipped."""
    text = (
        "# Live\n\n"
        f"The agency [said]({site}/live) so, and the ministry "
        f"[agreed]({site}/live?token=SECRETTOKEN1) at {site}/live;jsessionid=SESSIONSECRET2.\n\n"
        f"Officials [wrote]({site}/live#access_token=FRAGSECRET3) it, according to "
        f"[the list]({site}/live?token[]=ARRAYSECRET4).\n"
    )
    keys = {"LINKAUDIT_IA_ACCESS_KEY": "test-access", "LINKAUDIT_IA_SECRET_KEY": "test-secret"}
    fake = FakeArchives()
    with FakeInThread(fake) as served:
        proc = _run(tmp_path, site, served.base, tmp_path / "c.sqlite3", text, keys)
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    assert {link["status"] for link in report["links"]} == {"ok"}
    submitted = [p.get("url", "") for s, m, p in fake.log if s == "save" and m == "POST"]
    assert submitted == [f"{site}/live"]
    sent = json.dumps(fake.log)
    for secret in SECRETS[:4]:
        assert secret not in sent
