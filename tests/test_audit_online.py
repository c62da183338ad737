"""`linkaudit check` online end to end: loopback links, the loopback archive fake, recovery."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from fake_archives import FakeArchives, FakeInThread
from linkaudit.schema import validate_report

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "/live": "<html><head><title>Statement</title></head><body><h1>Statement</h1>"
    "<p>The minister said: we are ready to talk.</p></body></html>",
}


FORBIDDEN = "/members"  # answers 403 with an ordinary page (a members-only article)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves PAGES, 403 at FORBIDDEN; every other path is a 404."""

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        path = self.path.split("?")[0]
        page = PAGES.get(path) or (PAGES["/live"] if path == FORBIDDEN else None)
        data = (page or "<html><title>Not found</title></html>").encode()
        self.send_response(403 if path == FORBIDDEN else 200 if page else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    """A loopback web site with one live page; everything else is gone."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def check(
    article: Path, archive_base: str, *args: str, keys: bool = False, private_archive: bool = True
) -> tuple[int, dict, str]:
    """Run `linkaudit check` as a process against loopback only; returns (code, report, stderr)."""
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_ACCESS_KEY", "_SECRET_KEY"))}
    env["LINKAUDIT_ARCHIVE_BASE"] = archive_base
    # the loopback links here may be looked up only in an archive declared private
    if private_archive:
        env["LINKAUDIT_ARCHIVE_PRIVATE"] = "1"
    if keys:
        env["LINKAUDIT_IA_ACCESS_KEY"], env["LINKAUDIT_IA_SECRET_KEY"] = (
            "test-access",
            "test-secret",
        )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "linkaudit",
            "check",
            str(article),
            "--allow-private",
            "--no-cache",
            "--retries",
            "0",
            "--timeout",
            "5",
            "-f",
            "json",
            "--quiet",
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    report = json.loads(proc.stdout) if proc.stdout.strip() else {}
    return proc.returncode, report, proc.stderr


def test_dead_link_gets_an_archived_copy(tmp_path: Path, site: str) -> None:
    """A 404 link is dead at once and carries the capture closest before the article date."""
    article = tmp_path / "a.md"
    article.write_text(
        f"# T\n\nThe ministry [said]({site}/live) so, as the agency [reported]({site}/gone).\n"
    )
    fake = FakeArchives(
        captures={f"{site}/gone": [("20240110000000", 200), ("20240301000000", 200)]}
    )
    with FakeInThread(fake) as served:
        code, report, err = check(article, served.base, "--date", "2024-01-24")
    assert code == 1, err
    validate_report(report)
    links = {link["anchor"]: link for link in report["links"]}
    assert links["said"]["status"] == "ok"
    assert links["said"]["http_status"] == 200
    gone = links["reported"]
    assert gone["status"] == "dead"
    assert gone["http_status"] == 404
    assert gone["archive"]["timestamp"] == "2024-01-10T00:00:00Z"
    assert gone["archive"]["source"] == "wayback"
    rules = {f["rule"] for f in report["findings"] if f["link"] == gone["id"]}
    assert rules == {"LA002"}  # dead, and not LA009: it has a copy


def test_dead_link_without_copy_and_archive_outage(tmp_path: Path, site: str) -> None:
    """With every archive service down the run still ends, and says the archives were
    unavailable (LA015), not that no copy exists (LA009)."""
    article = tmp_path / "a.md"
    article.write_text(f"# T\n\nThe agency [reported]({site}/gone).\n")
    fake = FakeArchives(down={"availability", "cdx", "timemap", "timegate"})
    with FakeInThread(fake) as served:
        code, report, _ = check(article, served.base)
    assert code == 1
    rules = {f["rule"] for f in report["findings"]}
    assert {"LA002", "LA015"} <= rules
    assert "LA009" not in rules
    assert report["links"][0]["archive"]["state"] == "unavailable"


def test_archive_live_saves_a_fresh_capture(tmp_path: Path, site: str) -> None:
    """--archive-live submits a live link to Save Page Now and reports the new capture."""
    article = tmp_path / "a.md"
    article.write_text(f"# T\n\nThe ministry [said]({site}/live) so.\n")
    fake = FakeArchives(pending_polls=0)
    with FakeInThread(fake) as served:
        code, report, err = check(article, served.base, "--archive-live", keys=True)
    assert code == 0, err
    link = report["links"][0]
    assert link["status"] == "ok"
    assert link["archive"] is not None, err
    assert link["archive"]["saved_now"] is True
    assert fake.calls("save") == 1


def test_original_gone_is_recovered_from_its_archived_copy(tmp_path: Path, site: str) -> None:
    """A dead --original URL is replaced by its archived copy, whose anchors recover targets."""
    original = f"{site}/original-post"
    article = tmp_path / "repost.md"
    article.write_text("# Repost\n\nThe ministry [said so](#) yesterday.\n")
    fake = FakeArchives(
        captures={original: [("20240120000000", 200)]},
        pages={
            original: f'<html><body><p>The ministry <a href="{site}/live">said so</a> '
            "yesterday.</p></body></html>"
        },
    )
    with FakeInThread(fake) as served:
        code, report, err = check(article, served.base, "--original", original)
    assert code == 0, err
    link = report["links"][0]
    assert link["url"] == f"{site}/live"
    assert link["status"] == "ok"
    assert link["recovered_from"]


def test_quote_check(tmp_path: Path, site: str) -> None:
    """--check-quotes flags a quote missing from the linked page and passes one that is there."""
    article = tmp_path / "a.md"
    article.write_text(
        f"# T\n\n“We are ready to talk,” the minister [said]({site}/live).\n\n"
        f"“We will never talk,” the minister [told reporters]({site}/live).\n"
    )
    with FakeInThread(FakeArchives()) as served:
        _, report, err = check(article, served.base, "--check-quotes")
    misses = [f for f in report["findings"] if f["rule"] == "LA012"]
    assert len(misses) == 1, (report["findings"], err)
    claim = next(c for c in report["claims"] if c["id"] == misses[0]["claim"])
    assert "never" in claim["text"]


def test_exclude_and_accept_from_the_command_line(tmp_path: Path, site: str) -> None:
    """--exclude skips a URL (no request, status excluded); --accept 403 counts a 403 as ok."""
    article = tmp_path / "a.md"
    article.write_text(
        f"# T\n\nThe ministry [said]({site}{FORBIDDEN}) so, as the agency "
        f"[reported]({site}/private/gone-b).\n"
    )
    with FakeInThread(FakeArchives()) as served:
        code, report, err = check(
            article, served.base, "--exclude", r"/private/", "--accept", "403"
        )
    assert code == 0, err
    links = {link["anchor"]: link for link in report["links"]}
    assert links["reported"]["status"] == "excluded"
    assert links["reported"]["http_status"] is None
    assert links["said"]["status"] == "ok"
    assert links["said"]["http_status"] == 403
