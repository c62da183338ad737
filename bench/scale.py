"""A newsroom archive in one nightly job: what streaming, --jobs, shards and Dask cost and give.

    .venv/bin/python bench/scale.py [--sizes 1000,10000] [--repeat 3] [--hosts 100]

Writes synthetic archives (Markdown articles of about 10 links each over HOSTS loopback hosts,
127.0.0.2 and up, all served by one server in this process that records the most concurrent
requests per host) and runs the real ``linkaudit check`` on them as subprocesses:

1. each size, online with --jobs 2 and a SQLite history: wall time, peak RSS of the main
   process and of its whole process tree, links/s; the RSS ratio of the largest size to the
   smallest (streaming: it must stay within 1.3x);
2. the extraction stage (--offline) with --jobs 1 and --jobs 2: median wall, speed-up;
3. a Dask LocalCluster (2 worker processes) against --jobs 2, both with a fresh PostgreSQL
   history: wall of each, and whether the reports are byte-identical once sorted and stripped
   of run-to-run fields (times, cache flags);
4. politeness: the most concurrent requests to any host, for every run above and for two
   shards running at once, against --per-host;
5. two processes sharing one PostgreSQL history over simulated nights: rows lost or doubled,
   K-over-D outcomes against SQLite's.

The machine is shared: figures are medians of --repeat runs, and ratios are measured in the
same run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from history_nights import play, play_into  # noqa: E402
from many_hosts import ManyHosts, many_hosts, write_archive  # noqa: E402

VOLATILE = {"generated_at", "checked_at", "elapsed_ms", "from_cache"}
PER_HOST = 4


def _rss_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB, (0, 0) once it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    values = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)

    def kb(key: str) -> int:
        return int(values.get(key, "0 kB").split()[0])

    return kb("VmRSS"), kb("VmHWM")


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    kids = [int(x) for x in text.split()]
    return kids + [g for k in kids for g in _children(k)]


def run(args: list[str], cwd: Path | None = None) -> dict[str, Any]:
    """Run linkaudit; wall seconds, peak RSS of the main process and of the process tree."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "linkaudit", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
    )
    peak_main = peak_tree = 0
    stop = threading.Event()

    def watch() -> None:
        nonlocal peak_main, peak_tree
        while not stop.is_set():
            rss, hwm = _rss_kb(proc.pid)
            tree = rss + sum(_rss_kb(k)[0] for k in _children(proc.pid))
            peak_main = max(peak_main, hwm)
            peak_tree = max(peak_tree, tree)
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _out, err = proc.communicate(timeout=3600)
    stop.set()
    watcher.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"linkaudit {' '.join(args)} failed ({proc.returncode}): {err[-1500:]}")
    return {
        "wall": time.monotonic() - started,
        "rss_main_mb": peak_main / 1024,
        "rss_tree_mb": peak_tree / 1024,
    }


def stable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: stable(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [stable(v) for v in obj]
    return obj


def sorted_lines(path: Path) -> list[str]:
    return sorted(
        json.dumps(stable(json.loads(x)), sort_keys=True) for x in path.read_text().splitlines()
    )


def median(values: list[float]) -> float:
    return statistics.median(values)


def online(archive: Path, out: Path, cache: str, extra: list[str]) -> list[str]:
    return [
        "check", str(archive), "--allow-private", "--no-archive-dead", "-q",
        "--per-host", str(PER_HOST), "--cache", cache, "-f", f"ndjson:{out}", *extra,
    ]  # fmt: skip


def sizes_stage(
    work: Path, server: ManyHosts, sizes: list[int], repeat: int, paths: int
) -> dict[int, Any]:
    print("\n== 1. archive sizes (online, --jobs 2, SQLite history) ==")
    print(f"{'docs':>7} {'links':>7} {'unique':>7} {'wall s':>8} {'links/s':>8} {'urls/s':>8} "
          f"{'RSS main MB':>11} {'RSS tree MB':>11} {'peak/host':>9}")  # fmt: skip
    results: dict[int, Any] = {}
    for size in sizes:
        archive = work / f"archive-{size}"
        unique = write_archive(archive, size, server.hosts, paths_per_host=paths)
        runs, peaks = [], []
        for i in range(repeat):
            server.reset()
            cache = work / f"h-{size}-{i}.sqlite3"
            runs.append(run(online(archive, work / f"out-{size}.ndjson", str(cache), ["-j", "2"])))
            peaks.append(server.max_concurrent())
        wall = median([r["wall"] for r in runs])
        main = median([r["rss_main_mb"] for r in runs])
        tree = median([r["rss_tree_mb"] for r in runs])
        links = size * 10
        results[size] = {"wall": wall, "main": main, "tree": tree, "peak": max(peaks)}
        print(f"{size:>7} {links:>7} {unique:>7} {wall:>8.1f} {links / wall:>8.0f} "
              f"{unique / wall:>8.0f} {main:>11.0f} {tree:>11.0f} {max(peaks):>9}")  # fmt: skip
    if len(sizes) > 1:
        small, large = results[sizes[0]], results[sizes[-1]]
        print(f"RSS {sizes[-1]} / {sizes[0]}: main {large['main'] / small['main']:.2f}x, "
              f"tree {large['tree'] / small['tree']:.2f}x (target <= 1.3x)")  # fmt: skip
    return results


def jobs_stage(work: Path, size: int, repeat: int) -> None:
    print(f"\n== 2. extraction stage (--offline, {size} documents) ==")
    archive = work / f"archive-{size}"
    walls: dict[str, list[float]] = {"1": [], "2": []}
    for _ in range(repeat):
        for jobs in ("1", "2"):
            out = work / f"offline-{jobs}.ndjson"
            args = ["check", str(archive), "--offline", "-q", "-j", jobs, "-f", f"ndjson:{out}"]
            walls[jobs].append(run(args)["wall"])
    one, two = median(walls["1"]), median(walls["2"])
    same = sorted_lines(work / "offline-1.ndjson") == sorted_lines(work / "offline-2.ndjson")
    print(f"--jobs 1: {one:.1f} s   --jobs 2: {two:.1f} s   speed-up {one / two:.2f}x "
          f"(median of {repeat}; same reports: {same})")  # fmt: skip


def dask_stage(work: Path, server: ManyHosts, size: int, repeat: int, paths: int) -> None:
    print(f"\n== 3. Dask LocalCluster (2 workers) vs --jobs 2 ({size} documents, PostgreSQL) ==")
    from distributed import LocalCluster

    from pg_server import start_server, stop_server

    pg = start_server()
    archive = work / f"dask-archive-{size}"
    write_archive(archive, size, server.hosts, paths_per_host=paths, seed=3)
    try:
        with LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=40,
        ) as cluster:
            walls: dict[str, list[float]] = {"jobs": [], "dask": []}
            peaks: dict[str, int] = {"jobs": 0, "dask": 0}
            for _ in range(repeat):
                for name, extra in (
                    ("jobs", ["-j", "2"]),
                    ("dask", ["--dask", cluster.scheduler_address]),
                ):
                    server.reset()
                    out = work / f"{name}.ndjson"
                    walls[name].append(run(online(archive, out, pg.new_database(), extra))["wall"])
                    peaks[name] = max(peaks[name], server.max_concurrent())
        same = sorted_lines(work / "jobs.ndjson") == sorted_lines(work / "dask.ndjson")
        print(f"--jobs 2: {median(walls['jobs']):.1f} s (peak/host {peaks['jobs']})   "
              f"--dask: {median(walls['dask']):.1f} s (peak/host {peaks['dask']})   "
              f"reports byte-identical after sorting: {same}")  # fmt: skip
    finally:
        stop_server(pg)


def shards_stage(work: Path, server: ManyHosts, size: int) -> None:
    print(f"\n== 4. two shards at once ({size} documents) ==")
    archive = work / f"archive-{size}"
    server.reset()
    started = time.monotonic()
    procs = []
    for i in (1, 2):
        shard = ["-j", "1", "--shard", f"{i}/2"]
        args = online(archive, work / f"s{i}.ndjson", str(work / f"s{i}.sqlite3"), shard)
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "linkaudit", *args],
                stderr=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        )
    for proc in procs:
        proc.wait(timeout=3600)
    wall = time.monotonic() - started
    merged = work / "merged.ndjson"
    subprocess.run(
        [sys.executable, "-m", "linkaudit", "merge", str(work / "s1.ndjson"),
         str(work / "s2.ndjson"), "-f", f"ndjson:{merged}"],
        check=False, capture_output=True,
    )  # fmt: skip
    same = sorted_lines(merged) == sorted_lines(work / f"out-{size}.ndjson")
    print(f"2 shards: {wall:.1f} s, peak concurrent requests per host {server.max_concurrent()} "
          f"(--per-host {PER_HOST}); merged equals the one-process run: {same}")  # fmt: skip


def history_stage(work: Path) -> None:
    print("\n== 5. two processes sharing one PostgreSQL history (6 simulated nights) ==")
    from linkaudit.resolve import open_history
    from pg_server import start_server, stop_server

    pg = start_server()
    try:
        url = pg.new_database()
        urls = list(range(200))
        ctx = multiprocessing.get_context("spawn")
        barrier = ctx.Barrier(2)
        queue = ctx.Queue()
        shared = "http://shared.example/both"
        procs = [
            ctx.Process(target=play_into, args=(queue, url, half, 6, shared, barrier))
            for half in (urls[0::2], urls[1::2])
        ]
        for proc in procs:
            proc.start()
        together = sorted(r for _ in procs for r in queue.get(timeout=300))
        for proc in procs:
            proc.join()
        alone = sorted(play(str(work / "nights.sqlite3"), urls, 6))
        with open_history(url) as store:
            stored = store.count()
        expected = len(urls) * 6 + 2 * 6
        print(f"rows stored {stored}, expected {expected} (lost {max(0, expected - stored)}, "
              f"doubled {max(0, stored - expected)}); K-over-D outcomes identical to SQLite: "
              f"{together == alone}")  # fmt: skip
    finally:
        stop_server(pg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (median)")
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--delay", type=float, default=0.005, help="server answer delay, s")
    parser.add_argument("--skip", default="", help="stages to skip, e.g. 3,5")
    parser.add_argument("--paths", type=int, default=20, help="URL paths per host")
    parser.add_argument("--dask-docs", type=int, default=300, help="documents for stage 3")
    opts = parser.parse_args()
    sizes = [int(s) for s in opts.sizes.split(",")]
    skip = set(opts.skip.split(","))
    print(f"linkaudit scale bench: {os.cpu_count()} CPUs, {opts.hosts} loopback hosts, "
          f"{opts.paths} URL paths per host, --per-host {PER_HOST}, "
          f"repeat {opts.repeat}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="linkaudit-scale-") as tmp, many_hosts(
        opts.hosts, opts.delay
    ) as server:
        work = Path(tmp)
        sizes_stage(work, server, sizes, opts.repeat, opts.paths)
        if "2" not in skip:
            jobs_stage(work, sizes[0], opts.repeat)
        if "3" not in skip:
            dask_stage(work, server, opts.dask_docs, opts.repeat, opts.paths)
        if "4" not in skip:
            shards_stage(work, server, sizes[0])
        if "5" not in skip:
            history_stage(work)


if __name__ == "__main__":
    main()
