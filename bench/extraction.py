"""Article-body extraction on ../shared/aeb-dev: linkaudit against trafilatura, same run.

    .venv/bin/python bench/extraction.py [--pages N] [--worst K] [--only linkaudit|trafilatura]

The metric is the benchmark's own (aeb-dev/README.md): ``\\w+`` tokens, shingles of 4, per page
tp/fp/fn over the shingle multisets normalised to sum 1; precision and recall are means over
pages (1.0 when a page has neither fp nor fn) and F1 is taken of the two means. linkaudit's
prediction is the text of the Document's body blocks. Speed is pages/s of the whole load
(``load_bytes`` on the decompressed page, trafilatura included; trafilatura's own ``extract``
on the same bytes), median of ``--repeat`` timed passes interleaved between the two, as wall
time and as this process's CPU time (the machine is shared: CPU time is the steadier figure).
The headline is left out of linkaudit's prediction: the benchmark's bodies never hold the
title. It is a measurement: it always exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_TOKEN = re.compile(r"\w+")


def _find_aeb() -> Path:
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "aeb-dev"
        if candidate.is_dir():
            return candidate
    raise SystemExit("bench/extraction.py: ../shared/aeb-dev not found beside the repository")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def page_scores(truth: str, pred: str) -> tuple[float, float]:
    """(precision, recall) of one page, the benchmark's normalisation."""
    t, p = shingles(truth), shingles(pred)
    tp = sum(min(t[k], p[k]) for k in t.keys() & p.keys())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0
    tp_, fp_, fn_ = tp / total, fp / total, fn / total
    precision = tp_ / (tp_ + fp_) if tp_ + fp_ else (1.0 if fn_ == 0 else 0.0)
    recall = tp_ / (tp_ + fn_) if tp_ + fn_ else (1.0 if fp_ == 0 else 0.0)
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    return precision, recall


@dataclass
class Result:
    name: str
    precision: float
    recall: float
    f1: float
    pages_per_s: float
    cpu_pages_per_s: float
    per_page: dict[str, tuple[float, float]]


def linkaudit_body(data: bytes, name: str) -> str:
    from linkaudit.load import load_bytes

    doc = load_bytes(data, name)
    body = [b for b in doc.blocks if b.role == "body"]
    if body and body[0].kind == "heading":
        body = body[1:]  # the headline: the benchmark's articleBody never holds the title
    return "\n".join(doc.text[b.start : b.end] for b in body)


def trafilatura_body(data: bytes, name: str) -> str:
    import trafilatura

    return trafilatura.extract(data, fast=True, include_comments=False) or ""


def _timed_pass(
    extract: Callable[[bytes, str], str], pages: list[tuple[str, bytes, str]]
) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one pass over the pages."""
    started, cpu_started = time.perf_counter(), time.process_time()
    for key, data, _ in pages:
        with contextlib.suppress(Exception):  # scored (as empty) by the scoring pass
            extract(data, f"{key}.html")
    return time.perf_counter() - started, time.process_time() - cpu_started


def score(
    name: str, extract: Callable[[bytes, str], str], pages: list[tuple[str, bytes, str]]
) -> dict[str, tuple[float, float]]:
    """(precision, recall) of each page."""
    per_page: dict[str, tuple[float, float]] = {}
    for key, data, truth in pages:
        try:
            pred = extract(data, f"{key}.html")
        except Exception as exc:  # a page the extractor refuses scores as empty
            print(f"  {name}: {key[:12]} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            pred = ""
        per_page[key] = page_scores(truth, pred)
    return per_page


def run_all(
    extractors: list[tuple[str, Callable[[bytes, str], str]]],
    pages: list[tuple[str, bytes, str]],
    repeat: int,
) -> list[Result]:
    """Score each extractor, then time them in interleaved passes (the machine is shared:
    interleaving spreads its noise over both)."""
    scored = [score(name, fn, pages) for name, fn in extractors]
    walls: list[list[float]] = [[] for _ in extractors]
    cpus: list[list[float]] = [[] for _ in extractors]
    for _ in range(repeat):
        for i, (_, fn) in enumerate(extractors):
            wall, cpu = _timed_pass(fn, pages)
            walls[i].append(wall)
            cpus[i].append(cpu)
    results = []
    for (name, _), per_page, wall_s, cpu_s in zip(extractors, scored, walls, cpus, strict=True):
        precision = statistics.fmean(p for p, _ in per_page.values())
        recall = statistics.fmean(r for _, r in per_page.values())
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        n = len(pages)
        results.append(
            Result(
                name,
                precision,
                recall,
                f1,
                n / statistics.median(wall_s),
                n / statistics.median(cpu_s),
                per_page,
            )
        )
    return results


def run(
    name: str,
    extract: Callable[[bytes, str], str],
    pages: list[tuple[str, bytes, str]],
    repeat: int,
) -> Result:
    """One extractor's figures (the test suite's check of the scores uses this)."""
    return run_all([(name, extract)], pages, repeat)[0]


_FIGURES = ("f1", "precision", "recall", "pages_per_s", "cpu_pages_per_s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (median quoted)")
    parser.add_argument("--worst", type=int, default=0, help="list the K worst pages by F1")
    parser.add_argument("--only", choices=("linkaudit", "trafilatura"), default=None)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    aeb = _find_aeb()
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    pages: list[tuple[str, bytes, str]] = []
    for key in sorted(truth):
        path = aeb / "html" / f"{key}.html.gz"
        if path.is_file():
            pages.append((key, gzip.decompress(path.read_bytes()), truth[key]["articleBody"]))
    if args.pages:
        pages = pages[: args.pages]
    extractors: list[tuple[str, Callable[[bytes, str], str]]] = []
    if args.only != "trafilatura":
        extractors.append(("linkaudit", linkaudit_body))
    if args.only != "linkaudit":
        extractors.append(("trafilatura", trafilatura_body))
    try:
        import trafilatura  # noqa: F401  (both extractors need it: linkaudit's loader votes with it)
    except ImportError:
        raise SystemExit(
            "bench/extraction.py: trafilatura is not installed (pip install -e '.[dev]')"
        ) from None
    results = run_all(extractors, pages, args.repeat)
    if args.json:
        print(
            json.dumps(
                {r.name: {k: getattr(r, k) for k in _FIGURES} for r in results},
                indent=2,
            )
        )
    else:
        print(f"aeb-dev: {len(pages)} pages, median of {args.repeat} passes")
        print(f"{'extractor':<12} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>8} {'CPU p/s':>8}")
        for r in results:
            print(
                f"{r.name:<12} {r.f1:6.3f} {r.precision:6.3f} {r.recall:6.3f} "
                f"{r.pages_per_s:8.1f} {r.cpu_pages_per_s:8.1f}"
            )
        if len(results) == 2 and results[1].f1 > 0:
            a, b = results
            print(
                f"ratio linkaudit/trafilatura: F1 {a.f1 / b.f1:.3f}, "
                f"speed {a.pages_per_s / b.pages_per_s:.2f}x (CPU "
                f"{a.cpu_pages_per_s / b.cpu_pages_per_s:.2f}x)"
            )
    if args.worst:
        for r in results:
            print(f"\nworst pages for {r.name}:")
            ranked = sorted(
                r.per_page.items(),
                key=lambda kv: 2 * kv[1][0] * kv[1][1] / (kv[1][0] + kv[1][1] or 1),
            )
            for key, (p, rc) in ranked[: args.worst]:
                print(f"  {key[:16]}  P {p:.3f}  R {rc:.3f}  {truth[key]['url'][:80]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
