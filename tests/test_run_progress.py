"""Progress on a terminal reports the archive look-up stage, beside documents and links."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fake_archives import FakeArchives, FakeInThread
from many_hosts import ManyHosts, many_hosts, write_archive

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(scope="module")
def hosts() -> Iterator[ManyHosts]:
    """Three loopback hosts: /ok/N answers 200, /gone/N 404 (dead, so looked up)."""
    with many_hosts(3, delay=0.0) as server:
        yield server


def on_a_terminal(args: list[str], archive_base: str) -> tuple[int, str]:
    """Run linkaudit with stderr on a pseudo-terminal; (exit code, all it wrote there)."""
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_ACCESS_KEY", "_SECRET_KEY"))}
    env |= {"LINKAUDIT_ARCHIVE_BASE": archive_base, "COLUMNS": "200", "TERM": "xterm"}
    env["LINKAUDIT_ARCHIVE_PRIVATE"] = "1"  # the fake may hear of the loopback links
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "linkaudit", *args],
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    seen = bytearray()
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=60)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    # rich colours its bars: the words and counts are what is tested
    return code, ANSI.sub("", seen.decode("utf-8", "replace"))


def dead_urls(ndjson: Path) -> set[str]:
    return {
        link["url"]
        for line in ndjson.read_text().splitlines()
        for link in json.loads(line)["links"]
        if link["status"] == "dead"
    }


def test_streamed_progress_counts_archive_look_ups(tmp_path: Path, hosts: ManyHosts) -> None:
    """A streamed run's progress line ends on "archive N/N", N its unique dead URLs."""
    write_archive(tmp_path / "a", 24, hosts.hosts, links=6, paths_per_host=9, dead_every=3)
    out = tmp_path / "run.ndjson"
    fake = FakeArchives(slow={"availability": 0.05})  # the stage lasts long enough to be seen
    with FakeInThread(fake) as served:
        code, stderr = on_a_terminal(
            ["check", str(tmp_path / "a"), "--allow-private", "--no-cache", "--retries", "0",
             "--jobs", "1", "--batch", "8", "-f", f"ndjson:{out}"],
            served.base,
        )  # fmt: skip
    assert code == 1, stderr[-2000:]  # dead links are findings
    dead = dead_urls(out)
    assert dead
    assert fake.calls("availability") >= len(dead)  # the look-ups really went to the fake
    counts = [(int(a), int(b)) for a, b in re.findall(r"archive (\d+)/(\d+)", stderr)]
    assert counts, stderr[-2000:]
    assert counts[-1] == (len(dead), len(dead))
    assert all(done <= total for done, total in counts)
    assert "24/24 documents" in stderr


def test_one_document_bar_shows_the_archive_stage(tmp_path: Path, hosts: ManyHosts) -> None:
    """A one-document run on a terminal shows an archive look-ups bar after the links bar."""
    host = hosts.hosts[0]
    article = tmp_path / "a.md"
    lines = [f"The agency [reported]({host}/gone/{i}) it. The [page]({host}/ok/{i}).\n\n"
             for i in range(4)]  # fmt: skip
    article.write_text("# T\n\n" + "".join(lines))
    fake = FakeArchives(slow={"availability": 0.3})
    with FakeInThread(fake) as served:
        code, stderr = on_a_terminal(
            ["check", str(article), "--allow-private", "--no-cache", "--retries", "0",
             "-f", f"json:{tmp_path / 'r.json'}"],
            served.base,
        )  # fmt: skip
    assert code == 1, stderr[-2000:]
    assert "checking links" in stderr
    assert re.search(r"archive look-ups\W+0/4\b", stderr), stderr[-2000:]
    assert re.search(r"archive look-ups\W+4/4\b", stderr), stderr[-2000:]
