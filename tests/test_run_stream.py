"""Long runs: streamed JSON/NDJSON, --jobs, --resume, --shard and merge, politeness, progress."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linkaudit.render import render_reports
from linkaudit.run.output import reported
from linkaudit.run.progress import ProgressLine
from linkaudit.run.shard import Shard, registrable_domain, shard_of
from linkaudit.run.stream import Progress
from linkaudit.schema import validate_report
from many_hosts import ManyHosts, many_hosts, write_archive

VOLATILE = {"generated_at", "checked_at", "elapsed_ms", "from_cache"}


@pytest.fixture(scope="module")
def hosts() -> Iterator[ManyHosts]:
    """A 30-host loopback server whose answers take 40 ms, so requests to a host overlap."""
    with many_hosts(30, delay=0.04) as server:
        yield server


def linkaudit(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "linkaudit", *args], capture_output=True, text=True, timeout=timeout
    )


def stable(obj: Any) -> Any:
    """A report without the fields that differ between two runs of the same work."""
    if isinstance(obj, dict):
        return {k: stable(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [stable(v) for v in obj]
    return obj


def lines(path: Path) -> list[dict[str, Any]]:
    return [stable(json.loads(line)) for line in path.read_text().splitlines()]


def test_streamed_json_equals_rendering_at_once(tmp_path: Path) -> None:
    """The run object written report by report is byte-identical to --format json of them all."""
    write_archive(tmp_path / "a", 40, ["http://127.0.0.9:9"])
    out = linkaudit(
        "check", str(tmp_path / "a"), "--offline", "-q", "--jobs", "1",
        "-f", f"json:{tmp_path}/run.json", "-f", f"ndjson:{tmp_path}/run.ndjson",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    reports = list(reported(tmp_path / "run.ndjson"))
    assert len(reports) == 40
    assert (tmp_path / "run.json").read_text() == render_reports(reports, "json")
    assert (tmp_path / "run.ndjson").read_text() == render_reports(reports, "ndjson")
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["summary"]["documents"] == 40
    for line in (tmp_path / "run.ndjson").read_text().splitlines():
        validate_report(json.loads(line))


@pytest.mark.slow
def test_jobs_give_the_same_reports(tmp_path: Path) -> None:
    """Two worker processes extract exactly what one process does, in the same order."""
    write_archive(tmp_path / "a", 80, ["http://127.0.0.9:9"])
    for jobs in ("1", "2"):
        out = linkaudit(
            "check", str(tmp_path / "a"), "--offline", "-q", "--jobs", jobs,
            "-f", f"ndjson:{tmp_path}/j{jobs}.ndjson",
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
    assert lines(tmp_path / "j1.ndjson") == lines(tmp_path / "j2.ndjson")


def test_resume_skips_what_was_reported(tmp_path: Path) -> None:
    """A run cut off mid-line resumes: reported documents are kept as they were, the rest added."""
    write_archive(tmp_path / "a", 12, ["http://127.0.0.9:9"])
    full = tmp_path / "full.ndjson"
    args = ["check", str(tmp_path / "a"), "--offline", "-q", "--jobs", "1"]
    assert linkaudit(*args, "-f", f"ndjson:{full}").returncode == 0
    kept = full.read_text().splitlines(keepends=True)[:5]
    cut = tmp_path / "cut.ndjson"
    cut.write_text("".join(kept) + kept[0][:100])  # an interruption mid-way through line 6
    out = linkaudit(*args, "-f", f"ndjson:{cut}", "--resume", str(cut))
    assert out.returncode == 0, out.stderr
    resumed = cut.read_text().splitlines(keepends=True)
    assert resumed[:5] == kept  # byte for byte: not audited again
    assert [json.loads(x)["document"]["path"] for x in resumed] == [
        json.loads(x)["document"]["path"] for x in full.read_text().splitlines()
    ]
    assert not (tmp_path / "cut.ndjson.resumed").exists()


def test_resume_reads_a_json_run_cut_short(tmp_path: Path) -> None:
    """A JSON run object cut off after some reports yields exactly those reports."""
    write_archive(tmp_path / "a", 6, ["http://127.0.0.9:9"])
    run = tmp_path / "run.json"
    args = ["check", str(tmp_path / "a"), "--offline", "-q", "-f", f"json:{run}"]
    assert linkaudit(*args).returncode == 0
    text = run.read_text()
    third = text.index('"schema": "linkaudit/report/1"', text.index('"reports"') + 200)
    third = text.index('"schema": "linkaudit/report/1"', third + 1)
    (tmp_path / "cut.json").write_text(text[: third + 40])
    assert [r.document.path for r in reported(tmp_path / "cut.json")] == [
        r.document.path for r in reported(run)
    ][:2]


def test_urls_are_checked_once_across_documents(tmp_path: Path, hosts: ManyHosts) -> None:
    """200 documents sharing URLs over 30 hosts: every URL asked once, per-host limit reached."""
    unique = write_archive(tmp_path / "a", 200, hosts.hosts, paths_per_host=6)
    hosts.reset()
    out = linkaudit(
        "check", str(tmp_path / "a"), "--allow-private", "--no-cache", "--no-archive-dead",
        "-q", "--per-host", "3", "--batch", "20", "-f", f"ndjson:{tmp_path}/r.ndjson",
    )  # fmt: skip
    assert out.returncode == 1, out.stderr  # /gone/ links are dead: findings
    # only the archive's own URLs: soft-404 probes ask made-up paths beside them
    asked = {u: n for u, n in hosts.paths.items() if re.search(r"/(ok|gone)/\d+$", u)}
    assert len(asked) == unique
    assert set(asked.values()) == {1}
    assert hosts.max_concurrent() == 3  # the limit is reached, and never passed


def test_two_shards_at_once_stay_polite_and_merge(tmp_path: Path, hosts: ManyHosts) -> None:
    """Two shards running at once never pass --per-host on any host; merged, they equal one run."""
    write_archive(tmp_path / "a", 60, hosts.hosts, paths_per_host=8)
    common = ["check", str(tmp_path / "a"), "--allow-private", "--no-archive-dead", "-q"]
    common += ["--per-host", "2"]
    hosts.reset()
    procs = []
    for i in (1, 2):
        shard = ["--shard", f"{i}/2", "--cache", str(tmp_path / f"h{i}.sqlite3")]
        out = ["-f", f"ndjson:{tmp_path}/s{i}.ndjson"]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "linkaudit", *common, *shard, *out],
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for proc in procs:
        assert proc.wait(timeout=300) == 1, proc.stderr.read() if proc.stderr else ""
    assert 1 <= hosts.max_concurrent() <= 2
    one = linkaudit(*common, "--no-cache", "-f", f"ndjson:{tmp_path}/one.ndjson")
    assert one.returncode == 1, one.stderr
    merged = linkaudit(
        "merge", f"{tmp_path}/s1.ndjson", f"{tmp_path}/s2.ndjson",
        "-f", f"ndjson:{tmp_path}/merged.ndjson",
    )  # fmt: skip
    assert merged.returncode == 1, merged.stderr
    assert lines(tmp_path / "merged.ndjson") == lines(tmp_path / "one.ndjson")
    left = [
        link["status"]
        for report in lines(tmp_path / "s1.ndjson")
        for link in report["links"]
        if "left to shard 2/2" in (link["detail"] or "")
    ]
    assert left
    assert set(left) == {"unchecked"}


def test_shards_split_by_registrable_domain() -> None:
    """Hosts of one registrable domain share a shard; the split is stable and covers all."""
    assert registrable_domain("news.bbc.co.uk") == "bbc.co.uk"
    assert registrable_domain("127.0.0.5") == "127.0.0.5"
    for n in (2, 3, 7):
        assert shard_of("https://www.bbc.co.uk/a", n) == shard_of("http://news.bbc.co.uk/b", n)
    owners = {shard_of(f"http://site{i}.example/", 4) for i in range(200)}
    assert owners == {1, 2, 3, 4}
    assert Shard.parse("2/4") == Shard(2, 4)


@pytest.mark.parametrize("value", ["0/2", "3/2", "2", "a/b"])
def test_bad_shard_is_one_line_exit_2(tmp_path: Path, value: str) -> None:
    """A shard spec that is not I/N with 1 <= I <= N is a usage error."""
    write_archive(tmp_path / "a", 2, ["http://127.0.0.9:9"])
    out = linkaudit("check", str(tmp_path / "a"), "--offline", "--shard", value)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1
    assert "--shard" in out.stderr


def test_progress_lines_off_a_terminal() -> None:
    """Off a terminal, progress is plain lines: documents of total, links, archive look-ups,
    rate and ETA."""
    sink = io.StringIO()
    line = ProgressLine(sink, interval=0.0)
    line(Progress(documents_total=10, documents_done=4, links_checked=31, executor="processes"))
    line(Progress(10, 6, 40, "processes", archive_done=3, archive_total=12))
    line.finish()
    text = sink.getvalue()
    assert "4/10 documents" in text
    assert "31 links checked" in text
    assert "archive" not in text.splitlines()[0]  # no look-ups yet: no archive count
    assert "40 links checked, archive 3/12" in text
    assert "ETA" in text
    assert "docs/s" in text
    assert "\r" not in text


def test_baseline_round_trip_over_a_streamed_run(tmp_path: Path) -> None:
    """--write-baseline over many inputs accepts their findings; the next run passes with it."""
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "north-korea-geopolitics.txt"
    folder = tmp_path / "a"
    folder.mkdir()
    for name in ("one.txt", "two.txt", "three.txt"):
        (folder / name).write_bytes(fixture.read_bytes())
    base = tmp_path / "base.json"
    first = linkaudit("check", str(folder), "--offline", "-q", "-f", "ndjson:/dev/null",
                      "--write-baseline", str(base))  # fmt: skip
    assert first.returncode == 1, first.stderr  # the fixture's lost targets are findings
    again = linkaudit("check", str(folder), "--offline", "-q", "-f", f"ndjson:{tmp_path}/b.nd",
                      "--baseline", str(base), "--write-baseline", str(base))  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert all(not r["findings"] for r in lines(tmp_path / "b.nd"))
    assert json.loads(base.read_text())  # still accepted: they occur, only filtered out


@pytest.mark.parametrize(("size", "workers"), [(32, 2), (7, 2), (32, 3), (5, 4), (1, 2), (32, 1)])
def test_a_batch_is_dealt_to_every_worker_in_order(size: int, workers: int) -> None:
    """A batch becomes up to two extraction tasks per worker, near-equal, in input order."""
    from linkaudit.run.stream import _tasks

    batch = list(range(size))
    tasks = _tasks(batch, workers)
    assert [x for t in tasks for x in t] == batch
    if workers == 1:
        assert tasks == [batch]
        return
    slots = min(size, 2 * workers)
    assert len(tasks) == slots
    assert max(map(len, tasks)) == -(-size // slots)  # none bigger than its fair share
