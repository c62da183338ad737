"""Does linkaudit stay linear in its input? Time and peak RSS at 1x, 10x and 100x input.

    .venv/bin/python bench/scaling.py [--workloads text,markdown,html,longline,urltext,render]
        [--scales 1,10,100] [--repeats 3] [--bound 1800]

Workloads (each scale multiplies the input; 1x is the base size below):
* ``text``: plain text with single newlines (one long paragraph per 50 lines), prose with
  abbreviations, initials, "U.S." and a bare URL per sentence -- 5 KB at 1x (500 KB at 100x).
* ``markdown``: paragraphs with inline links, quotes and attributions -- 10 KB at 1x (1 MB).
* ``html``: an article page with paragraphs, links and a nav -- 10 KB at 1x (1 MB).
* ``longline``: one line of words and URLs, no newline at all -- 50 KB at 1x (5 MB).
* ``urltext``: the issue-13 input -- one 20 MB paragraph of single-newline lines of short
  sentences, a bare URL every ~330 bytes (a 19.9 MiB file of 62,458 URLs did not finish in
  25 min and grew to ~1 GB) -- 200 KB at 1x (20 MB at 100x).
* ``render``: a report with 1,000 links at 1x (100,000 at 100x) rendered in every format
  (json, text, markdown, html, sarif, junit); only the rendering is timed.

Every measurement runs ``linkaudit`` in-process in a fresh child interpreter (so peak RSS is
that run's own): the audit is offline (``AuditOptions(offline=True)``: load, extract, classify,
findings and the JSON report, streamed to a file as ``check -o`` writes it), timed after
imports. Prints per workload the median time and peak RSS at each scale and the ratios
t(10x)/t(1x), t(100x)/t(1x) -- linear is 10 and 100; the target is t(100x) <= 150 x t(1x) --
and RSS(Nx)/RSS(1x), which stays near 1 when memory is bounded (the interpreter, spaCy and the
registry are most of a small run's RSS). It is a measurement: exits 0.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv" / "bin" / "python"
BASE_BYTES = {
    "text": 5_000,
    "markdown": 10_000,
    "html": 10_000,
    "longline": 50_000,
    "urltext": 200_000,
}
BASE_LINKS = 1_000
_VOCABULARY = (
    "the minister said officials in Washington told reporters that a report published by "
    "the ministry was wrong according to experts who studied data from agencies"
)
WORDS = tuple(_VOCABULARY.split())
# The issue-13 file's vocabulary: news filler with cue words, so that many sentences are parsed.
_URLTEXT_VOCABULARY = (
    "tuesday officials ministry said figures on to were week plan talks would ahead after "
    "according resumed preliminary that go the"
)
_URLTEXT_WORDS = tuple(_URLTEXT_VOCABULARY.split())


def _urltext_line(rng: random.Random, i: int) -> str:
    """One line of the issue-13 input: one to three short sentences, a bare URL in some."""
    out: list[str] = []
    for k in range(rng.choice((1, 1, 2, 3))):
        words = " ".join(rng.choice(_URLTEXT_WORDS) for _ in range(rng.randrange(6, 18)))
        sentence = words.capitalize() if rng.random() < 0.8 else words
        if rng.random() < 0.3:
            sentence += f" https://site{(i + k) % 60}.example.org/news/{i + k}?ref=x"
        out.append(sentence + ".")
    return " ".join(out) + "\n"


def _prose(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make_input(kind: str, size: int, seed: int = 7) -> str:
    """About ``size`` characters of the workload ``kind``, deterministic for a seed."""
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    i = 0
    if kind == "html":
        out.append(
            "<!doctype html><html><head><title>Scaling</title></head><body>"
            '<nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Title</h1>'
        )
    elif kind == "markdown":
        out.append("# Title\n\n")
    while total < size:
        if kind == "text":
            piece = (
                f"{_prose(rng, 10).capitalize()}, Dr. J. Smith said on Jan. 3 in the U.S. "
                f"capital, citing https://site{i % 50}.example.com/r/{i}?page=2 for data."
                + ("\n\n" if i % 50 == 49 else "\n")
            )
        elif kind == "markdown":
            piece = (
                f"According to [the ministry](https://gov{i % 40}.example.org/r/{i}), officials "
                f'said {_prose(rng, 18)}. "We did it," said Jane Doe of the U.S. agency.\n\n'
            )
        elif kind == "html":
            piece = (
                f'<p>According to <a href="https://gov{i % 40}.example.org/r/{i}">the '
                f"ministry</a>, officials said {_prose(rng, 18)}. &ldquo;We did it,&rdquo; "
                "said Jane Doe of the U.S. agency.</p>\n"
            )
        elif kind == "urltext":
            piece = _urltext_line(rng, i)
        else:  # longline
            piece = f"{_prose(rng, 6)} https://h{i % 100}.example.net/x/{i} e.g. more text "
        out.append(piece)
        total += len(piece)
        i += 1
    if kind == "html":
        out.append('</article><footer><a href="/about">About</a></footer></body></html>')
    return "".join(out)


def _suffix(kind: str) -> str:
    return {"text": ".txt", "markdown": ".md", "html": ".html"}.get(kind, ".txt")


# ---------------------------------------------------------------- child side


def _warm_up(suffix: str) -> None:
    """One tiny audit first, so the timed run measures the input, not one-off set-up
    (the registry, lazily imported modules, compiled patterns)."""
    from linkaudit.audit import AuditOptions, audit_paths
    from linkaudit.render import render_reports

    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / f"warm{suffix}"
        kind = {".md": "markdown", ".html": "html"}.get(suffix, "text")
        small.write_text(make_input(kind, 500), encoding="utf-8")
        render_reports(audit_paths([str(small)], AuditOptions(offline=True)).reports, "json")


def child_audit(path: str) -> None:
    """Audit one file offline and print {"seconds", "rss_mb"} (this process's peak RSS)."""
    import resource
    import time

    from linkaudit.audit import AuditOptions, audit_paths
    from linkaudit.outfile import write_text
    from linkaudit.render import stream_reports

    _warm_up(Path(path).suffix)
    started = time.perf_counter()
    run = audit_paths([path], AuditOptions(offline=True, use_cache=False))
    with tempfile.TemporaryDirectory() as tmp:  # streamed to a file, as `check -o` writes it
        write_text(Path(tmp) / "report.json", stream_reports(run.reports, "json"))
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_mb": rss, "links": len(run.reports[0].links)}))


def child_render(path: str) -> None:
    """Audit a links-only file offline (untimed), then time rendering it in every format."""
    import resource
    import time

    from linkaudit.audit import AuditOptions, audit_paths
    from linkaudit.render import RENDERERS, render_reports

    run = audit_paths([path], AuditOptions(offline=True, use_cache=False))
    for fmt in RENDERERS:  # warm-up: templates compiled, modules imported
        render_reports(run.reports[:0], fmt)
    started = time.perf_counter()
    for fmt in RENDERERS:
        render_reports(run.reports, fmt)
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_mb": rss, "links": len(run.reports[0].links)}))


# ---------------------------------------------------------------- parent side


def _links_file(n: int) -> str:
    lines = ["# Links", ""]
    lines += [f"- [source {i}](https://host{i % 200}.example.com/page/{i})" for i in range(n)]
    return "\n".join(lines) + "\n"


def measure(kind: str, scale: int, work: Path, bound: float) -> dict[str, float]:
    if kind == "render":
        path = work / f"render-{scale}.md"
        if not path.exists():
            path.write_text(_links_file(BASE_LINKS * scale), encoding="utf-8")
        mode = "render"
    else:
        path = work / f"{kind}-{scale}{_suffix(kind)}"
        if not path.exists():
            path.write_text(make_input(kind, BASE_BYTES[kind] * scale), encoding="utf-8")
        mode = "audit"
    proc = subprocess.run(
        [str(PY), __file__, "--child", mode, str(path)],
        capture_output=True,
        text=True,
        timeout=bound,
        check=True,
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["bytes"] = path.stat().st_size
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workloads", default="text,markdown,html,longline,urltext,render")
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--bound", type=float, default=1800.0, help="seconds per child run")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, path = args.child
        (child_render if mode == "render" else child_audit)(path)
        return
    scales = [int(s) for s in args.scales.split(",")]
    with tempfile.TemporaryDirectory(prefix="linkaudit-scaling-") as tmp:
        work = Path(tmp)
        for kind in args.workloads.split(","):
            medians: dict[int, float] = {}
            rss_medians: dict[int, float] = {}
            for scale in scales:
                runs = [measure(kind, scale, work, args.bound) for _ in range(args.repeats)]
                t = statistics.median(r["seconds"] for r in runs)
                rss = statistics.median(r["rss_mb"] for r in runs)
                medians[scale] = t
                rss_medians[scale] = rss
                each = ", ".join(f"{r['seconds']:.3f}" for r in runs)
                print(
                    f"{kind:9} {scale:>4}x  {runs[0]['bytes'] / 1e6:8.3f} MB  "
                    f"{int(runs[0]['links']):>7} links  median {t:8.3f} s  "
                    f"(runs: {each})  "
                    f"peak RSS {rss:7.1f} MB",
                    flush=True,
                )
            first = scales[0]
            ratios = "  ".join(
                f"t({s}x)/t({first}x) = {medians[s] / medians[first]:.1f}"
                f" RSS({s}x)/RSS({first}x) = {rss_medians[s] / rss_medians[first]:.2f}"
                for s in scales[1:]
            )
            verdict = ""
            if 100 in medians and 1 in medians:
                ok = medians[100] <= 150 * medians[1]
                verdict = f"  [{'within' if ok else 'OVER'} the 150x target]"
            print(f"{kind:9} ratios: {ratios}{verdict}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
