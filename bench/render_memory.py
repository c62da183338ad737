"""Render memory and time at 1k, 10k and 100k links: streamed, beside the whole-text peer.

    .venv/bin/python bench/render_memory.py [--links 1000,10000,100000] [--formats json,...]
        [--repeats 3] [--bound 900]

Each measurement is a fresh child interpreter that builds one report of N checked links in
memory (a dead link every tenth, each with its finding, so every format has rows to write),
renders it once small to warm up (templates, imports), collects garbage, then resets the
kernel's peak-RSS mark (``echo 5 > /proc/self/clear_refs``) and writes the format to a file:

* ``stream``: what the CLI does, ``outfile.write_text(path, stream_reports(...))``: pieces
  written as they come;
* ``whole``: the peer in the same run, ``write_text(path, render_reports(...))``: the whole
  document as one string first (what every format did before it was streamed).

Render memory is the peak RSS during the write minus the RSS before it (the report itself is
not counted: it is the same in both). Printed per format: the medians at each size, and the
ratios time(N)/time(first) — linear is 10 and 100 — and render memory(N)/memory(first) —
constant is 1. Markdown is capped at 1 MB by design (GitHub's job summary), and HTML carries
each report's data as one JSON block, so neither is constant in the same way. A measurement:
exits 0 (2 on bad arguments).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linkaudit.model import Link, Report

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv" / "bin" / "python"
FORMATS = ("json", "ndjson", "sarif", "junit", "markdown", "text", "html")


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def build_report(n: int) -> Report:
    """One report of ``n`` checked links, every tenth dead with its LA002 finding."""
    from linkaudit.model import DocumentInfo, Finding, Link, LinkCheck, LinkStatus, Report

    links: list[Link] = []
    findings = []
    for i in range(n):
        url = f"https://host{i % 200}.example.com/page/{i}"
        dead = i % 10 == 0
        status: LinkStatus = "dead" if dead else "ok"
        links.append(
            Link(
                id=f"l{i + 1}",
                anchor=f"source {i}",
                href=url,
                url=url,
                start=i * 40,
                end=i * 40 + 10,
                line=i + 3,
                role="body",
                status=status,
                check=LinkCheck(
                    url=url,
                    status=status,
                    checked_at="2026-01-01T00:00:00Z",
                    http_status=404 if dead else 200,
                    detail="HTTP 404" if dead else None,
                ),
                fingerprint=f"{i:016x}",
            )
        )
        if dead:
            findings.append(
                Finding(
                    "LA002",
                    "error",
                    f"Link 'source {i}' ({url}) is dead: HTTP 404",
                    link=f"l{i + 1}",
                    line=i + 3,
                    column=3,
                    fingerprint=f"{i:024x}",
                )
            )
    doc = DocumentInfo(path="links.md", format="markdown", sha256="0" * 64, text=None)
    return Report(
        document=doc,
        sources=(),
        claims=(),
        links=tuple(links),
        findings=tuple(findings),
        tool_version="bench",
        generated_at="2026-01-01T00:00:00Z",
    )


def child(fmt: str, n: int, mode: str, out: str) -> None:
    """Build, warm up, reset the peak, write; print one JSON line of figures."""
    import gc
    import time

    from linkaudit.outfile import write_text
    from linkaudit.render import render_reports, stream_reports

    report = build_report(n)
    write_text(Path(out), stream_reports([build_report(10)], fmt))
    gc.collect()
    before = _status_kb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # the peak RSS mark starts again from here
    started = time.perf_counter()
    if mode == "stream":
        write_text(Path(out), stream_reports([report], fmt))
    else:
        write_text(Path(out), render_reports([report], fmt))
    seconds = time.perf_counter() - started
    peak = _status_kb("VmHWM")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_before_mb": before / 1024,
                "peak_mb": peak / 1024,
                "render_mb": max(0, peak - before) / 1024,
                "bytes": Path(out).stat().st_size,
            }
        )
    )


def measure(fmt: str, n: int, mode: str, work: Path, bound: float) -> dict[str, float]:
    out = work / f"out-{fmt}-{n}-{mode}"
    proc = subprocess.run(
        [str(PY), __file__, "--child", fmt, str(n), mode, str(out)],
        capture_output=True,
        text=True,
        timeout=bound,
        check=True,
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--links", default="1000,10000,100000")
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--bound", type=float, default=900.0, help="seconds per child run")
    ap.add_argument("--child", nargs=4, metavar=("FMT", "N", "MODE", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        fmt, n, mode, out = args.child
        child(fmt, int(n), mode, out)
        return 0
    sizes = [int(s) for s in args.links.split(",")]
    formats = [f for f in args.formats.split(",") if f]
    if args.repeats < 1 or not sizes or any(f not in FORMATS for f in formats):
        print(f"--repeats >= 1, --links N,..., --formats from {','.join(FORMATS)}")
        return 2
    print(f"render of one report, median of {args.repeats} interleaved runs per figure")
    with tempfile.TemporaryDirectory(prefix="linkaudit-render-") as tmp:
        work = Path(tmp)
        for fmt in formats:
            med: dict[tuple[str, int], dict[str, float]] = {}
            for n in sizes:
                runs: dict[str, list[dict[str, float]]] = {"stream": [], "whole": []}
                for _ in range(args.repeats):  # interleaved: load on the machine hits both
                    for mode in runs:
                        runs[mode].append(measure(fmt, n, mode, work, args.bound))
                for mode, rs in runs.items():
                    m = {k: statistics.median(r[k] for r in rs) for k in rs[0]}
                    med[(mode, n)] = m
                s, w = med[("stream", n)], med[("whole", n)]
                print(
                    f"{fmt:8} {n:>7} links  {s['bytes'] / 1e6:8.2f} MB out  "
                    f"stream {s['seconds']:7.3f} s, render +{s['render_mb']:6.1f} MB "
                    f"(peak {s['peak_mb']:6.1f})  |  whole {w['seconds']:7.3f} s, "
                    f"render +{w['render_mb']:6.1f} MB (peak {w['peak_mb']:6.1f})",
                    flush=True,
                )
            first = sizes[0]
            for mode in ("stream", "whole"):
                base = med[(mode, first)]
                ratios = "  ".join(
                    f"t({n})/t({first}) = {med[(mode, n)]['seconds'] / base['seconds']:.1f}, "
                    f"mem({n})/mem({first}) = "
                    f"{_ratio(med[(mode, n)]['render_mb'], base['render_mb'])}"
                    for n in sizes[1:]
                )
                print(f"{fmt:8} {mode:6} ratios: {ratios}", flush=True)
    return 0


def _ratio(a: float, b: float) -> str:
    # a render that added under 1 MB is at the RSS page noise: compare against 1 MB
    return f"{max(a, 1.0) / max(b, 1.0):.1f}"


if __name__ == "__main__":
    sys.exit(main())
