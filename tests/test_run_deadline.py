"""--deadline bounds a whole streamed run, not each batch of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hostile_servers import hostile_server
from linkaudit.schema import validate_report


def test_deadline_bounds_the_whole_streamed_run(tmp_path: Path) -> None:
    """A streamed run (one document per batch) meets --deadline 4 in its first batch of
    slowloris links: no later batch makes a request, their links are "unchecked" with the
    reason, every report from there on is partial, and stderr says so once."""
    with hostile_server(bomb_mb=0, drip=0.5) as server:
        docs = {
            "a-slow.md": [f"{server.base()}/slow/{i}" for i in range(6)],
            "b-fine.md": [f"{server.base()}/ok/b{i}" for i in range(3)],
            "c-fine.md": [f"{server.base()}/ok/c{i}" for i in range(3)],
        }
        for name, urls in docs.items():
            lines = [f"The ministry [said]({u}) so, item {i}." for i, u in enumerate(urls)]
            (tmp_path / name).write_text("# T\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
        out = tmp_path / "run.ndjson"
        env = {**os.environ, "LINKAUDIT_ARCHIVE_BASE": "http://127.0.0.1:9", "NO_COLOR": "1"}
        proc = subprocess.run(
            [sys.executable, "-m", "linkaudit", "check", *(str(tmp_path / n) for n in docs),
             "--allow-private", "--no-cache", "--no-archive-dead", "-q", "--jobs", "1",
             "--batch", "1", "-f", f"ndjson:{out}", "--timeout", "30", "--retries", "0",
             "--deadline", "4"],
            capture_output=True, text=True, env=env, timeout=120, check=False,
        )  # fmt: skip
        asked_ok = server.count("/ok/")
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stderr.count("--deadline 4 s reached: wrote partial reports") == 1, proc.stderr
    reports = [json.loads(line) for line in out.read_text().splitlines()]
    assert [Path(r["document"]["path"]).name for r in reports] == list(docs)
    for report in reports:
        validate_report(report)
        assert report["partial"] is True
        assert {k["status"] for k in report["links"]} == {"unchecked"}
        assert {k["detail"] for k in report["links"]} == {"run deadline reached"}
    assert asked_ok == 0  # the later batches got no deadline of their own
