"""Offline audit speed on the aeb-dev pages: one ``linkaudit check DIR --offline`` run per trial.

    .venv/bin/python bench/offline_speed.py [--runs 5] [--pages ../shared/aeb-dev/html]
        [--limit N] [--json]

The pages are ``.html.gz``; they are decompressed once into a temporary folder, which each run
audits in one process: ``linkaudit check DIR --offline --no-cache -q --format json -o
TMP/report.json``. (Not ``-o /dev/null``: linkaudit writes ``-o`` atomically, by renaming a
temporary file over the target, which replaces a device such as /dev/null with a regular file.)
Every run is wrapped in ``/usr/bin/time -v`` (GNU time) for its peak RSS; without it,
``resource.getrusage(RUSAGE_CHILDREN)`` gives the largest child's peak. Start-up is
``linkaudit --version`` (three samples per run). Each figure is the median over the runs,
beside a peer measured in the same runs (interleaved), so a noisy shared machine shows in both:

* the audit's peer parses every page with lxml.html and takes its text (a floor for any
  HTML-reading auditor);
* start-up's peer is ``python -c pass`` (the interpreter alone).

Targets (issue 9): >= 10 pages/s, peak RSS <= 400 MB, start-up <= 1.5 s. A measurement: it
exits 0 whatever the figures (2 on bad input).

``--corpus`` measures instead the run issue 14 names, as a user types it:
``linkaudit check ../shared/aeb-dev ../shared/corpus/news --offline -f json:TMP/o.json``
(the folder scan takes aeb-dev's README and the news pages; the .html.gz pages are not
articles to it), median wall and peak RSS over the runs against the 150 MB target, beside
the peer ``python -c "import spacy; spacy.load(model)"``: the parser's own floor.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PAGES = REPO.parent / "shared" / "aeb-dev" / "html"
GNU_TIME = Path("/usr/bin/time")
RUN_TIMEOUT_S = 900.0
TARGETS = {"pages_per_second": 10.0, "peak_rss_mb": 400.0, "startup_seconds": 1.5}
CORPUS = (REPO.parent / "shared" / "aeb-dev", REPO.parent / "shared" / "corpus" / "news")
CORPUS_RSS_TARGET_MB = 150.0
SPACY_FLOOR = (
    "import spacy\n"
    "from linkaudit.parse.model_files import locate_model\n"
    "spacy.load(locate_model(None).path, exclude=['ner', 'senter', 'strings'])\n"
)
PEER = (
    "import sys, pathlib, lxml.html\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).iterdir()):\n"
    "    lxml.html.fromstring(p.read_bytes()).text_content()\n"
)


def linkaudit_cmd() -> list[str]:
    exe = REPO / ".venv" / "bin" / "linkaudit"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "linkaudit"]


def unpack(src: Path, dest: Path, limit: int | None) -> int:
    """Decompress the .html.gz pages of src into dest; the number of pages."""
    pages = sorted(src.glob("*.html.gz"))[:limit]
    for page in pages:
        (dest / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
    return len(pages)


def timed(cmd: Sequence[str]) -> dict[str, Any]:
    """Run a command once: wall seconds, peak RSS in MB, exit code, last stderr line."""
    use_gnu = GNU_TIME.exists()
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = [str(GNU_TIME), "-v", "-o", tf.name, *cmd] if use_gnu else list(cmd)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        done = subprocess.run(full, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        wall = time.perf_counter() - t0
        rss_kb: float | None = None
        if use_gnu:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", Path(tf.name).read_text())
            rss_kb = float(m.group(1)) if m else None
        else:
            after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            rss_kb = float(after) if after > before else None  # the largest child so far
    tail = (done.stderr.strip().splitlines() or [""])[-1]
    return {
        "wall": wall,
        "rss_mb": None if rss_kb is None else rss_kb / 1024,
        "exit": done.returncode,
        "stderr": tail,
    }


def _median(values: Sequence[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def measure(pages_dir: Path, n_pages: int, runs: int, report: Path) -> dict[str, Any]:
    audit_cmd = [*linkaudit_cmd(), "check", str(pages_dir), "--offline", "--no-cache", "-q"]
    audit_cmd += ["--format", "json", "-o", str(report)]
    audits: list[dict[str, Any]] = []
    peers: list[dict[str, Any]] = []
    starts: list[dict[str, Any]] = []
    bare: list[dict[str, Any]] = []
    # Interleaved, so a burst of load from other work on the machine hits all four alike.
    for _ in range(runs):
        audits.append(timed(audit_cmd))
        peers.append(timed([sys.executable, "-c", PEER, str(pages_dir)]))
        for _ in range(3):  # start-up is short and noisy: three samples per trial
            starts.append(timed([*linkaudit_cmd(), "--version"]))
            bare.append(timed([sys.executable, "-c", "pass"]))
    wall = _median([r["wall"] for r in audits])
    peer_wall = _median([r["wall"] for r in peers])
    rss = _median([r["rss_mb"] for r in audits])
    start = _median([r["wall"] for r in starts])
    # Exit 0 or 1 (findings) is a finished run; anything else is a broken one.
    failed = [r for r in audits if r["exit"] not in (0, 1)]
    return {
        "pages": n_pages,
        "runs": runs,
        "median_wall_seconds": None if wall is None else round(wall, 3),
        "pages_per_second": round(n_pages / wall, 2) if wall else None,
        "peak_rss_mb": None if rss is None else round(rss, 1),
        "startup_seconds": None if start is None else round(start, 3),
        "peer_lxml_wall_seconds": None if peer_wall is None else round(peer_wall, 3),
        "wall_ratio_vs_lxml_peer": _ratio(wall, peer_wall),
        "peer_python_startup_seconds": round(_median([r["wall"] for r in bare]) or 0.0, 3),
        "startup_ratio_vs_python": _ratio(start, _median([r["wall"] for r in bare])),
        "all_walls": [round(r["wall"], 3) for r in audits],
        "failed_runs": [{"exit": r["exit"], "stderr": r["stderr"]} for r in failed],
    }


def verdicts(fig: dict[str, Any]) -> dict[str, bool | None]:
    pps, rss, start = fig["pages_per_second"], fig["peak_rss_mb"], fig["startup_seconds"]
    return {
        "pages_per_second": None if pps is None else pps >= TARGETS["pages_per_second"],
        "peak_rss_mb": None if rss is None else rss <= TARGETS["peak_rss_mb"],
        "startup_seconds": None if start is None else start <= TARGETS["startup_seconds"],
    }


def measure_corpus(runs: int, report: Path) -> dict[str, Any]:
    """The issue-14 offline run, ``runs`` times, interleaved with the parser-only peer."""
    cmd = [*linkaudit_cmd(), "check", *map(str, CORPUS), "--offline", "-q"]
    cmd += ["-f", f"json:{report}"]
    audits = []
    floors = []
    for _ in range(runs):
        audits.append(timed(cmd))
        floors.append(timed([sys.executable, "-c", SPACY_FLOOR]))
    rss = _median([r["rss_mb"] for r in audits])
    return {
        "runs": runs,
        "median_wall_seconds": _median([r["wall"] for r in audits]),
        "peak_rss_mb": None if rss is None else round(rss, 1),
        "all_rss_mb": [None if r["rss_mb"] is None else round(r["rss_mb"], 1) for r in audits],
        "peer_spacy_load_rss_mb": _median([r["rss_mb"] for r in floors]),
        "target_rss_mb": CORPUS_RSS_TARGET_MB,
        "met": None if rss is None else rss < CORPUS_RSS_TARGET_MB,
        "failed_runs": [r for r in audits if r["exit"] not in (0, 1)],
    }


def corpus_main(runs: int, as_json: bool) -> int:
    if not all(p.is_dir() for p in CORPUS):
        print(f"missing {' or '.join(map(str, CORPUS))}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-offline-") as tmp:
        fig = measure_corpus(runs, Path(tmp) / "o.json")
    if as_json:
        print(json.dumps(fig, indent=1))
        return 0
    mark = {True: "met", False: "NOT met", None: "not measured"}[fig["met"]]
    print(f"linkaudit check aeb-dev corpus/news --offline -f json: {runs} runs (medians)")
    print(f"  wall {fig['median_wall_seconds']:.2f} s")
    print(f"  peak RSS {fig['peak_rss_mb']} MB (runs: {fig['all_rss_mb']}; target < 150: {mark})")
    print(f"  peer: spaCy and the model alone peak at {fig['peer_spacy_load_rss_mb']:.1f} MB")
    for r in fig["failed_runs"]:
        print(f"  FAILED RUN exit {r['exit']}: {r['stderr']}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--corpus", action="store_true", help="the issue-14 run (aeb-dev + news)")
    ap.add_argument("--pages", type=Path, default=PAGES, help="folder of .html.gz pages")
    ap.add_argument("--runs", type=int, default=5, help="trials per figure (median)")
    ap.add_argument("--limit", type=int, help="only the first N pages")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.corpus and args.runs >= 1:
        return corpus_main(args.runs, args.json)
    if args.runs < 1 or not args.pages.is_dir() or not any(args.pages.glob("*.html.gz")):
        print(f"no .html.gz pages in {args.pages} (or --runs < 1)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="bench-offline-"))
    try:
        pages = tmp / "pages"
        pages.mkdir()
        n = unpack(args.pages, pages, args.limit)
        fig = measure(pages, n, args.runs, tmp / "report.json")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    fig["targets"] = TARGETS
    fig["met"] = verdicts(fig)
    if args.json:
        print(json.dumps(fig, indent=1))
        return 0
    met = fig["met"]

    def mark(key: str) -> str:
        return {True: "met", False: "NOT met", None: "not measured"}[met[key]]

    print(f"linkaudit check DIR --offline: {n} pages, {args.runs} runs (medians)")
    print(f"  wall {fig['median_wall_seconds']} s  (runs: {fig['all_walls']})")
    print(f"  pages/s {fig['pages_per_second']}  (target >= 10: {mark('pages_per_second')})")
    print(f"  peak RSS {fig['peak_rss_mb']} MB  (target <= 400: {mark('peak_rss_mb')})")
    print(f"  start-up {fig['startup_seconds']} s  (target <= 1.5: {mark('startup_seconds')})")
    print(
        f"  peer lxml parse of the same pages {fig['peer_lxml_wall_seconds']} s: "
        f"linkaudit/peer = {fig['wall_ratio_vs_lxml_peer']}x; start-up / bare python = "
        f"{fig['startup_ratio_vs_python']}x ({fig['peer_python_startup_seconds']} s)"
    )
    for r in fig["failed_runs"]:
        print(f"  FAILED RUN exit {r['exit']}: {r['stderr']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
