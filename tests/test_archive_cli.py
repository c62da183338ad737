"""``linkaudit archive URL...`` end to end, pointed at the fake through LINKAUDIT_ARCHIVE_BASE."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from fake_archives import FakeArchives, FakeInThread

URL = "https://www.reuters.com/world/asia-pacific/kim-unification-2024-01-15/"
GONE = "https://tass.com/politics/0000000"


def run_archive(base: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_ACCESS_KEY", "_SECRET_KEY"))}
    env["LINKAUDIT_ARCHIVE_BASE"] = base
    return subprocess.run(
        [sys.executable, "-m", "linkaudit", "archive", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_archive_command_uses_the_environment_base_and_the_date() -> None:
    """The command finds the capture before --date on the fake and reports a missing one."""
    fake = FakeArchives(captures={URL: [("20240116093000", 200), ("20240301000000", 200)]})
    with FakeInThread(fake) as served:
        proc = run_archive(served.base, "--json", "--date", "2024-01-24", URL, GONE)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert proc.returncode == 1, proc.stderr  # one URL has no copy
    by_url = {row["url"]: row for row in lines}
    assert by_url[URL]["archive"]["timestamp"] == "2024-01-16T09:30:00Z"
    assert by_url[URL]["archive"]["source"] == "wayback"
    assert by_url[GONE]["archive"] is None
    assert fake.calls("availability") >= 2


def test_archive_save_without_keys_says_so() -> None:
    """With --save but no keys in the environment, the outcome is no-credentials."""
    fake = FakeArchives()
    with FakeInThread(fake) as served:
        proc = run_archive(served.base, "--json", "--save", URL)
    row = json.loads(proc.stdout.splitlines()[0])
    assert row["save"]["status"] == "no-credentials"
    assert fake.calls("save") == 0
