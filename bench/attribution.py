"""Score linkaudit's attribution extraction on several data sets, in one table.

    .venv/bin/python bench/attribution.py [--sets gold,aeb-dev,aeb-tune,aeb-heldout,
        polnear-train,polnear-dev] [--limit N] [--json] [-v] [--cli] [--reports DIR] [--page TEXT]

Data sets (a missing one is skipped with a note):

* ``gold`` — tests/gold/*.json: 19 corpus pages and the fixture (tuned on);
* ``aeb-dev`` — tests/gold/aeb-dev/ and ``aeb-tune`` — tests/gold/aeb-tune/ (both tuning; the
  tune set is the 20 pages after the dev set in the seeded order) and ``aeb-heldout`` —
  tests/gold/aeb-heldout/ (held out): the same format over ../shared/aeb-dev/html/*.html.gz
  pages, read decompressed;
* ``polnear-train`` / ``polnear-dev`` — PolNeAR's train and dev splits under data/polnear/
  (``bench/polnear.py extract``; never its test split). Scoring rules: bench/polnear_score.py.

For each set: precision, recall and F1 of (claim, source) pairs, claim recall (a gold claim found
as some claim, whatever its source), class accuracy (where the gold has classes; PolNeAR has
none: "—"), for "speech and reporting" cues, for all cue families, and per family. Per-family
precision counts predicted pairs by the predicted claim's cue_kind; per-family recall counts
gold pairs by the gold cue_kind. Gold-set matching (attribution_gold.py): the folded gold
snippet occurs in the folded claim text and the names match (``names_match``).

The system runs in this process (``linkaudit.audit.audit`` per page, offline, no cache);
``--cli`` runs ``linkaudit check --offline`` per gold page instead and ``--reports DIR`` scores
saved JSON reports ``DIR/<gold stem>.json``. It is a measurement: it always exits 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling bench modules

import polnear
import polnear_score
from attribution_common import (  # noqa: F401  (re-exported for tests/test_gold.py)
    AGGREGATES,
    FAMILIES,
    SPEECH_FAMILIES,
    PredClaim,
    PredPair,
    Tally,
    fold_name,
    fold_text,
    names_match,
    pred_claims,
    pred_pairs,
)
from attribution_gold import (  # noqa: F401
    CLASSES,
    CUE_KINDS,
    MIN_WORDS,
    SOURCE_KINDS,
    GoldPage,
    GoldPair,
    PageScore,
    gold_problems,
    load_gold,
    load_gold_dir,
    score_page,
)

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "tests" / "gold"
RUN_TIMEOUT_S = 120.0
GOLD_SETS = {
    "gold": GOLD_DIR,
    "aeb-dev": GOLD_DIR / "aeb-dev",
    "aeb-tune": GOLD_DIR / "aeb-tune",  # tuning, like aeb-dev: never a target set
    "aeb-heldout": GOLD_DIR / "aeb-heldout",
}
POLNEAR_SETS = {"polnear-train": "train", "polnear-dev": "dev"}
ALL_SETS = (*GOLD_SETS, *POLNEAR_SETS)
# The targets, on the held-out aeb sample and PolNeAR dev.
TARGET_SETS = ("aeb-heldout", "polnear-dev")
TARGETS = {"speech and reporting": 0.85, "all cue families": 0.70}
CLASS_TARGET = 0.95


@dataclass(slots=True)
class SetResult:
    name: str
    documents: int = 0
    tally: Tally = field(default_factory=Tally)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    notes: dict[str, int] = field(default_factory=dict)  # unscored counts and the like
    details: list[dict[str, Any]] = field(default_factory=list)  # misses / FPs for -v

    def note(self, key: str, n: int) -> None:
        self.notes[key] = self.notes.get(key, 0) + n

    def figures(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "seconds": round(self.seconds, 3),
            "pages_per_second": round(self.documents / self.seconds, 2) if self.seconds else None,
            "aggregates": {k: self.tally.figures(fams) for k, fams in AGGREGATES.items()},
            "families": self.tally.by_family(),
            "notes": self.notes,
            "errors": self.errors,
        }


# ---------------------------------------------------------------- running the system


def report_to_dict(report: Any) -> dict[str, Any]:
    """A model.Report shaped like the JSON contract, as far as scoring reads it."""
    return {
        "sources": [{**dataclasses.asdict(x), "class": x.cls} for x in report.sources],
        "claims": [dataclasses.asdict(c) for c in report.claims],
        "document_text": report.document.text,
    }


def _readable(page: Path, tmp: Path) -> Path:
    """The page itself, or a decompressed copy of a .gz page (named without .gz)."""
    if page.suffix != ".gz":
        return page
    out = tmp / page.stem
    out.write_bytes(gzip.decompress(page.read_bytes()))
    return out


def run_in_process(page: Path) -> tuple[dict[str, Any] | None, float, str | None]:
    """Audit one page with ``linkaudit.audit.audit`` in this process: (report, seconds, error)."""
    t0 = time.perf_counter()
    try:
        from linkaudit.audit import AuditOptions, audit

        with tempfile.TemporaryDirectory(prefix="bench-attr-") as tmp:
            path = _readable(page, Path(tmp))
            t0 = time.perf_counter()
            report = audit(str(path), AuditOptions(offline=True, use_cache=False))
    except Exception as exc:  # a measurement reports a broken stage, it does not crash on it
        return None, time.perf_counter() - t0, f"in-process audit failed: {exc!r}"
    return report_to_dict(report), time.perf_counter() - t0, None


def run_cli(page: Path) -> tuple[dict[str, Any] | None, float, str | None]:
    """Run the CLI offline on one page: (report, seconds, error)."""
    exe = REPO / ".venv" / "bin" / "linkaudit"
    with tempfile.TemporaryDirectory(prefix="bench-attr-") as tmp:
        path = _readable(page, Path(tmp))
        cmd = [str(exe), "check", str(path), "--offline", "--format", "json"]
        if not exe.exists():
            cmd = [sys.executable, "-m", "linkaudit", *cmd[1:]]
        t0 = time.perf_counter()
        try:
            done = subprocess.run(
                cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, cwd=REPO
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, time.perf_counter() - t0, f"could not run linkaudit: {exc}"
    seconds = time.perf_counter() - t0
    # The exit code reports findings, so a non-zero code with a JSON report is a normal run.
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return None, seconds, f"linkaudit is not runnable (exit {done.returncode}): {tail}"
    return (report, seconds, None) if isinstance(report, dict) else (None, seconds, "not a report")


def saved_report(directory: Path, gold: GoldPage) -> tuple[dict[str, Any] | None, str | None]:
    for stem in (gold.name, Path(gold.page).stem, Path(gold.page).name):
        path = directory / f"{stem}.json"
        if path.exists():
            try:
                return json.loads(path.read_text(encoding="utf-8")), None
            except (OSError, json.JSONDecodeError) as exc:
                return None, f"unreadable report {path}: {exc}"
    return None, f"no saved report for {gold.name} in {directory}"


# ---------------------------------------------------------------- the data sets


def score_gold_set(name: str, directory: Path, args: argparse.Namespace) -> SetResult:
    res = SetResult(name)
    golds = [g for g in load_gold_dir(directory) if args.page in g.name]
    for g in golds:
        if args.reports:
            report, err = saved_report(args.reports, g)
            seconds = 0.0
        else:
            runner = run_cli if args.cli else run_in_process
            report, seconds, err = runner((REPO / g.source_path).resolve())
        res.seconds += seconds
        res.documents += 1
        if err:
            res.errors.append(f"{g.name}: {err}")
        rep = report or {}
        s = score_page(g.name, g.pairs, pred_pairs(rep), args.score_links, pred_claims(rep))
        res.tally.add(s.tally)
        res.note("unscored link-only pairs", s.unscored_link)
        res.note(f"unscored claims under {MIN_WORDS} words", s.unscored_short)
        res.note("anonymous flag right", s.anonymous_ok)
        res.note("via gold", s.via_gold)
        res.note("via found", s.via_ok)
        for m in s.misses:
            res.details.append({"doc": g.name, "type": "MISS", **m})
        for w in s.wrong_class:
            res.details.append({"doc": g.name, "type": "CLASS", **w})
        for fp in s.false_positives:
            res.details.append({"doc": g.name, "type": "FP", **fp})
    return res


def _shifted(report: dict[str, Any], doc: polnear.PolnearDoc) -> dict[str, Any]:
    """The report with its claim offsets moved onto the .txt file's (usually unchanged)."""
    claims = pred_claims(report)
    delta = polnear_score.align(claims, str(report.get("document_text", "")), doc.text)
    moved = []
    for c in report.get("claims", []):
        d = delta.get(str(c.get("id")))
        start, end = (c["start"] + d, c["end"] + d) if d is not None else (-1, -1)
        moved.append({**c, "start": start, "end": end})
    return {**report, "claims": moved}


def score_polnear_set(name: str, split: str, args: argparse.Namespace) -> SetResult:
    res = SetResult(name)
    docs = polnear.load_split(args.polnear, split, args.limit)
    for doc in docs:
        report, seconds, err = run_in_process(doc.path)
        res.seconds += seconds
        res.documents += 1
        if err:
            res.errors.append(f"{doc.name}: {err}")
        rep = _shifted(report, doc) if report else {}
        s = polnear_score.score_doc(doc, pred_claims(rep), pred_pairs(rep), args.score_links)
        res.tally.add(s.tally)
        res.note("headline attributions (not scored)", s.headline)
        res.note("unjudgeable gold (no nameable source)", s.unjudgeable)
        res.note("unscored pairs (on unjudgeable gold only)", s.unscored)
        res.note("unscored link-only pairs", s.unscored_link)
        for m in s.misses:
            res.details.append({"doc": doc.name, "type": "MISS", **m})
        for fp in s.false_positives:
            res.details.append({"doc": doc.name, "type": "FP", **fp})
    return res


# ---------------------------------------------------------------- output


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}"


def _row(label: str, f: dict[str, Any], class_ok: bool) -> str:
    cls = _pct(f["class_accuracy"]) if class_ok else "—"
    return (
        f"| {label} | {f['gold_pairs']} | {f['predicted_pairs']} | {_pct(f['precision'])} "
        f"| {_pct(f['recall'])} | {_pct(f['f1'])} | {_pct(f['claim_recall'])} | {cls} |"
    )


HEAD = (
    "| {} | gold | pred | P% | R% | F1% | claim R% | class% |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|"
)


def print_markdown(results: Sequence[SetResult], verbose: bool) -> None:
    print(HEAD.format("data set / cues"))
    for r in results:
        has_cls = not r.name.startswith("polnear")
        for agg, fams in AGGREGATES.items():
            print(_row(f"{r.name} ({r.documents} docs): {agg}", r.tally.figures(fams), has_cls))
    for r in results:
        has_cls = not r.name.startswith("polnear")
        print(f"\n### {r.name}: by cue family ({r.documents} documents, {r.seconds:.1f} s)\n")
        print(HEAD.format("cue family"))
        for fam, f in r.tally.by_family().items():
            print(_row(fam, f, has_cls))
        if r.notes:
            print("\n" + "; ".join(f"{k}: {v}" for k, v in r.notes.items()))
        for e in r.errors[:10]:
            print(f"ERROR {e}")
        if len(r.errors) > 10:
            print(f"... and {len(r.errors) - 10} more errors")
    print("\n### Targets (issue 9)\n")
    for r in results:
        if r.name not in TARGET_SETS:
            continue
        for agg, goal in TARGETS.items():
            f1 = r.tally.figures(AGGREGATES[agg])["f1"] or 0.0
            print(
                f"- {r.name} {agg} pair F1 {_pct(f1)}% (target ≥ {100 * goal:.0f}%): "
                f"{'met' if f1 >= goal else 'NOT met'}"
            )
        acc = r.tally.figures()["class_accuracy"]
        if not r.name.startswith("polnear") and acc is not None:
            print(
                f"- {r.name} class accuracy {_pct(acc)}% (target ≥ {100 * CLASS_TARGET:.0f}%): "
                f"{'met' if acc >= CLASS_TARGET else 'NOT met'}"
            )
    if verbose:
        for r in results:
            print(f"\n### {r.name}: misses, wrong classes, false positives\n")
            for d in r.details:
                rest = {k: v for k, v in d.items() if k not in ("doc", "type")}
                print(f"{d['type']} {d['doc']}: {json.dumps(rest, ensure_ascii=False)}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sets", default=",".join(ALL_SETS), help="comma-separated data sets")
    ap.add_argument("--limit", type=int, help="score only the first N PolNeAR documents per set")
    ap.add_argument("--gold", type=Path, help="directory of the 'gold' set (default tests/gold)")
    ap.add_argument("--gold-root", type=Path, default=GOLD_DIR, help="folder of the aeb sets")
    ap.add_argument("--polnear", type=Path, default=polnear.DEFAULT_ROOT, help="PolNeAR root")
    ap.add_argument("--reports", type=Path, help="score saved JSON reports (gold-format sets)")
    ap.add_argument("--cli", action="store_true", help="run the CLI per gold page, not in process")
    ap.add_argument("--in-process", action="store_true", help="(the default; kept for old scripts)")
    ap.add_argument("--no-in-process", action="store_true", help="(no separate timing run now)")
    ap.add_argument("--page", default="", help="only gold files whose name contains this")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses and false positives")
    ap.add_argument("--score-links", action="store_true", help="count link-only pairs as errors")
    args = ap.parse_args(argv)
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in ALL_SETS]
    if unknown:
        print(
            f"unknown data set(s): {', '.join(unknown)} (known: {', '.join(ALL_SETS)})",
            file=sys.stderr,
        )
        return 2
    results: list[SetResult] = []
    skipped: dict[str, str] = {}
    for name in wanted:
        try:
            if name in GOLD_SETS:
                directory = GOLD_SETS[name]
                if name == "gold" and args.gold:
                    directory = args.gold
                elif name != "gold":
                    directory = args.gold_root / directory.name
                if not directory.is_dir() or not any(directory.glob("*.json")):
                    skipped[name] = f"no gold files in {directory}"
                    continue
                results.append(score_gold_set(name, directory, args))
            else:
                split = POLNEAR_SETS[name]
                if split not in polnear.available(args.polnear):
                    skipped[name] = f"{args.polnear / split} is missing (bench/polnear.py extract)"
                    continue
                results.append(score_polnear_set(name, split, args))
        except (OSError, ValueError) as exc:
            skipped[name] = f"unreadable: {exc}"
    if args.json:
        out: dict[str, Any] = {"sets": {r.name: r.figures() for r in results}, "skipped": skipped}
        if args.verbose:
            out["details"] = {r.name: r.details for r in results}
        print(json.dumps(out, indent=1, ensure_ascii=False))
    else:
        print_markdown(results, args.verbose)
        for name, why in skipped.items():
            print(f"\nskipped {name}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
