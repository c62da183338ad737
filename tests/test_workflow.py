"""The example nightly workflow's own commands, run over simulated nights against loopback."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "examples" / "github-actions" / "linkaudit.yml"
NIGHT = 24 * 3600.0


DOWN: set[str] = set()  # paths the server currently answers with 503


class _Handler(http.server.BaseHTTPRequestHandler):
    """Three known paths answer 200 unless listed in DOWN (then 503); any other path 404."""

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def _answer(self, *, send_body: bool) -> None:
        known = self.path in ("/ok/statement", "/flaky", "/down/report")
        code = 503 if self.path in DOWN else 200 if known else 404
        body = b"<html><head><title>Fine</title></head><body><p>A fine page.</p></body></html>"
        self.send_response(code)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A loopback HTTP server for the nights' links."""
    DOWN.clear()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _audit_script() -> tuple[str, dict[str, str]]:
    """The 'Audit articles' step's shell script and the job's environment, from the YAML."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    job = workflow["jobs"]["audit"]
    step = next(s for s in job["steps"] if s.get("name") == "Audit articles")
    return step["run"], {k: str(v) for k, v in job.get("env", {}).items()}


def _pass_night(cache: Path) -> None:
    """Let a night pass: every recorded check happened 24 hours earlier than recorded."""
    with sqlite3.connect(cache) as conn:
        conn.execute("UPDATE checks SET checked_at = checked_at - ?", (NIGHT,))


def _run_night(workdir: Path, script: str, env: dict[str, str]) -> int:
    # The workflow's command as written; only loopback needs --allow-private here.
    script = script.replace(
        "linkaudit check articles/", "linkaudit check articles/ --allow-private --retries 0"
    )
    output = workdir / "github_output"
    output.write_text("")
    bindir = Path(sys.executable).parent
    full_env = {
        **os.environ,
        **env,
        "GITHUB_OUTPUT": str(output),
        "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
        "LINKAUDIT_ARCHIVE_BASE": "http://127.0.0.1:9",
    }  # archives: refused at once
    subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=workdir,
        env=full_env,
        check=True,
        timeout=180,
        capture_output=True,
    )
    exits = [line for line in output.read_text().splitlines() if line.startswith("exit=")]
    return int(exits[-1].split("=", 1)[1])


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_failing_once_is_a_warning_failing_two_nights_is_an_error(
    tmp_path: Path, server: str
) -> None:
    """Night 1: a down link is 'failing' (warning, exit 0); night 2: 'dead' (error, exit 1)."""
    script, env = _audit_script()
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "story.md").write_text(
        f"# A story\n\nThe ministry [said so]({server}/ok/statement) in a statement, "
        f"and the agency "
        f"[reported]({server}/down/report) it too.\n"
    )
    cache = tmp_path / env["LINKAUDIT_CACHE"]
    DOWN.add("/down/report")

    assert _run_night(tmp_path, script, env) == 0
    night1 = json.loads((tmp_path / "linkaudit-report.json").read_text())
    status = {link["anchor"]: link for link in night1["links"]}
    assert status["said so"]["status"] == "ok"
    assert status["reported"]["status"] == "failing"
    assert status["reported"]["failures"]["count"] == 1
    assert {f["severity"] for f in night1["findings"] if f["link"] == status["reported"]["id"]} == {
        "warning"
    }
    summary = (tmp_path / "linkaudit-summary.md").read_text()
    assert "failing" in summary
    assert (tmp_path / "linkaudit-report.html").stat().st_size > 0
    assert (tmp_path / "linkaudit.sarif").stat().st_size > 0

    _pass_night(cache)
    assert _run_night(tmp_path, script, env) == 1
    night2 = json.loads((tmp_path / "linkaudit-report.json").read_text())
    status = {link["anchor"]: link for link in night2["links"]}
    assert status["reported"]["status"] == "dead"
    assert status["reported"]["failures"]["count"] == 2
    assert status["said so"]["status"] == "ok"
    assert any(
        f["severity"] == "error" and f["link"] == status["reported"]["id"]
        for f in night2["findings"]
    )


def test_a_single_flaky_night_does_not_accumulate(tmp_path: Path, server: str) -> None:
    """A link that fails one night and answers the next starts its failure count afresh."""
    script, env = _audit_script()
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "story.md").write_text(f"# S\n\nThe agency [reported]({server}/flaky) it.\n")
    cache = tmp_path / env["LINKAUDIT_CACHE"]
    DOWN.add("/flaky")
    assert _run_night(tmp_path, script, env) == 0  # night 1: down -> failing
    _pass_night(cache)
    DOWN.clear()
    assert _run_night(tmp_path, script, env) == 0  # night 2: up again -> ok
    _pass_night(cache)
    DOWN.add("/flaky")
    assert _run_night(tmp_path, script, env) == 0  # night 3: down again -> failing, count 1
    night3 = json.loads((tmp_path / "linkaudit-report.json").read_text())
    assert night3["links"][0]["status"] == "failing"
    assert night3["links"][0]["failures"]["count"] == 1
