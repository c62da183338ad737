"""Score linkaudit's attribution extraction against the hand-made gold set in tests/gold/.

    .venv/bin/python bench/attribution.py [--verbose] [--json] [--reports DIR] [--page TEXT]

For every gold file it runs ``linkaudit check <page> --offline --format json`` (or reads a saved
report from ``--reports DIR``) and compares (claim, source) pairs:

* a predicted pair is one (claim, source id) of the report; claims without sources make no pair;
* a gold pair matches a predicted pair when the folded gold snippet occurs in the folded claim
  text and the source names match (``names_match``);
* recall = matched gold pairs / gold pairs; precision = predicted pairs matching some gold pair /
  predicted pairs (a claim that merges two gold sentences may match both: sentence splitting is
  not what this measures);
* class accuracy = matched gold pairs whose predicted source class equals the gold class.

Folding (``fold_text``): NFKC, curly quotes and dashes to ASCII, lower case, all whitespace
removed, so loaders that put spaces around inline tags differently still agree.
It is a measurement: it always exits 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "tests" / "gold"
RUN_TIMEOUT_S = 120.0
MIN_WORDS = 6  # a gold snippet has at least this many words

CLASSES = ("primary", "state-media", "secondary")
CUE_KINDS = (
    "speech-verb",
    "according-to",
    "document",
    "pronoun",
    "anonymous",
    "quote",
    "link",
    "mention",
)
SOURCE_KINDS = [
    "official",
    "government",
    "intergovernmental",
    "state-media",
    "public-media",
    "wire",
    "newspaper",
    "broadcaster",
    "magazine",
    "digital",
    "think-tank",
    "academic",
    "organization",
    "person",
    "document",
    "anonymous",
    "outlet",
]

_QUOTES = str.maketrans(
    {c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛′`"} | {c: "-" for c in "–—‐‑‒―"}
)
_ARTICLES = {"the", "a", "an"}


def fold_text(text: str) -> str:
    """Fold a sentence for containment tests (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return re.sub(r"\s+", "", folded)


def fold_name(name: str) -> str:
    """Fold a source name: case, quotes, possessive 's, punctuation and leading articles."""
    n = unicodedata.normalize("NFKC", name).translate(_QUOTES).lower()
    n = re.sub(r"'s\b", "", n)
    words = re.sub(r"[^\w]+", " ", n).split()
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def names_match(gold_names: Iterable[str], pred_names: Iterable[str]) -> bool:
    """True when any gold name/alias and any predicted name/alias denote the same source.

    Equal after folding, or the last word is the same: one name ends with the other's words
    ("Peskov" / "Kremlin spokesman Dmitry Peskov", "officials" / "health officials") or both
    have two words or more and share the last word ("Dr Anthony Fauci" / "Anthony Fauci").
    A first name alone does not match ("Kim" is not "Kim Il Sung").
    """
    golds = [g.split() for g in (fold_name(n) for n in gold_names) if g]
    preds = [p.split() for p in (fold_name(n) for n in pred_names) if p]
    for gw in golds:
        for pw in preds:
            short, long_ = sorted((gw, pw), key=len)
            if long_[len(long_) - len(short) :] == short:
                return True
            if len(gw) > 1 and len(pw) > 1 and gw[-1] == pw[-1]:
                return True
    return False


@dataclass(frozen=True, slots=True)
class GoldPair:
    page: str
    sentence: str
    source: str
    aliases: tuple[str, ...]
    kind: str
    cls: str
    cue: str | None
    cue_kind: str
    anonymous: bool
    via: str | None
    hard_case: str | None


@dataclass(frozen=True, slots=True)
class PredPair:
    claim_id: str
    text: str
    source: str
    aliases: tuple[str, ...]
    cls: str | None
    kind: str | None
    cue_kind: str | None
    anonymous: bool
    via: str | None
    relay: bool = False  # this source is the claim's via, listed after its main source


@dataclass(frozen=True, slots=True)
class GoldPage:
    name: str  # the gold file's stem
    page: str
    source_path: str
    pairs: tuple[GoldPair, ...]


@dataclass(slots=True)
class PageScore:
    name: str
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_pred: int = 0
    class_ok: int = 0
    anonymous_ok: int = 0
    via_gold: int = 0
    via_ok: int = 0
    unscored_link: int = 0  # unmatched link-only pairs: outside the gold's scope
    unscored_short: int = 0  # unmatched claims under MIN_WORDS: too short to annotate
    gold_by_cue: Counter[str] = field(default_factory=Counter)
    hit_by_cue: Counter[str] = field(default_factory=Counter)
    pred_by_cue: Counter[str] = field(default_factory=Counter)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    wrong_class: list[dict[str, Any]] = field(default_factory=list)
    seconds: float | None = None
    error: str | None = None

    def add(self, other: PageScore) -> None:
        for name in ("gold", "predicted", "matched_gold", "matched_pred", "class_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("anonymous_ok", "via_gold", "via_ok", "unscored_link", "unscored_short"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.gold_by_cue.update(other.gold_by_cue)
        self.hit_by_cue.update(other.hit_by_cue)
        self.pred_by_cue.update(other.pred_by_cue)

    def figures(self) -> dict[str, Any]:
        p = ratio(self.matched_pred, self.predicted)
        r = ratio(self.matched_gold, self.gold)
        f1 = 2 * p * r / (p + r) if p and r else 0.0
        return {
            "gold_pairs": self.gold,
            "predicted_pairs": self.predicted,
            "matched_gold": self.matched_gold,
            "matched_predicted": self.matched_pred,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "class_accuracy": round(ratio(self.class_ok, self.matched_gold), 4),
            "anonymous_accuracy": round(ratio(self.anonymous_ok, self.matched_gold), 4),
            "via_recall": round(ratio(self.via_ok, self.via_gold), 4),
            "unscored_link_pairs": self.unscored_link,
            "unscored_short_pairs": self.unscored_short,
            "cue_kinds": {
                k: {
                    "gold": self.gold_by_cue[k],
                    "recall": round(ratio(self.hit_by_cue[k], self.gold_by_cue[k]), 4),
                    "predicted": self.pred_by_cue[k],
                }
                for k in sorted(set(self.gold_by_cue) | set(self.pred_by_cue))
            },
            "seconds": None if self.seconds is None else round(self.seconds, 4),
            "error": self.error,
        }


def ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


# ---------------------------------------------------------------- gold


def gold_problems(obj: Any) -> list[str]:
    """Structural problems of one gold file's JSON (empty when valid)."""
    if not isinstance(obj, dict):
        return ["top level is not an object"]
    out = [f"missing {k}" for k in ("page", "source_path", "claims") if k not in obj]
    for i, c in enumerate(obj.get("claims") or []):
        where = f"claims[{i}]"
        if not isinstance(c, dict):
            out.append(f"{where} is not an object")
            continue
        sentence = c.get("sentence")
        if not isinstance(sentence, str) or len(sentence.split()) < MIN_WORDS:
            out.append(f"{where}.sentence must be a string of >= 6 words")
        if not isinstance(c.get("source"), str) or not c["source"].strip():
            out.append(f"{where}.source must be a non-empty string")
        if not all(isinstance(a, str) for a in c.get("source_aliases", [])):
            out.append(f"{where}.source_aliases must be strings")
        checks = (("source_kind", SOURCE_KINDS), ("class", CLASSES), ("cue_kind", CUE_KINDS))
        for key, allowed in checks:
            if c.get(key) not in allowed:
                out.append(f"{where}.{key}={c.get(key)!r} not in the allowed set")
        if not isinstance(c.get("anonymous"), bool):
            out.append(f"{where}.anonymous must be a boolean")
        for key in ("cue", "via", "hard_case"):
            if c.get(key) is not None and not isinstance(c.get(key), str):
                out.append(f"{where}.{key} must be a string or null")
    return out


def load_gold(path: Path) -> GoldPage:
    """Read one gold file; raises ValueError listing its problems when it is malformed."""
    obj = json.loads(path.read_text(encoding="utf-8"))
    problems = gold_problems(obj)
    if problems:
        raise ValueError(f"{path.name}: " + "; ".join(problems))
    pairs = tuple(
        GoldPair(
            page=obj["page"],
            sentence=c["sentence"],
            source=c["source"],
            aliases=tuple(c.get("source_aliases", [])),
            kind=c["source_kind"],
            cls=c["class"],
            cue=c.get("cue"),
            cue_kind=c["cue_kind"],
            anonymous=c["anonymous"],
            via=c.get("via"),
            hard_case=c.get("hard_case"),
        )
        for c in obj["claims"]
    )
    return GoldPage(path.stem, obj["page"], obj["source_path"], pairs)


def load_gold_dir(directory: Path) -> list[GoldPage]:
    return [load_gold(p) for p in sorted(directory.glob("*.json"))]


# ---------------------------------------------------------------- predictions


def pred_pairs(report: Mapping[str, Any]) -> list[PredPair]:
    """(claim, source) pairs of a JSON report (the linkaudit/report/1 contract).

    classify lists a claim's via after its own source; such a pair is marked ``relay``.
    """
    sources = {s.get("id"): s for s in report.get("sources", []) if isinstance(s, dict)}
    out: list[PredPair] = []
    for claim in report.get("claims", []):
        via = claim.get("via")
        for n, sid in enumerate(claim.get("sources") or []):
            src = sources.get(sid, {"name": str(sid)})
            name = str(src.get("name", ""))
            out.append(
                PredPair(
                    claim_id=str(claim.get("id")),
                    text=str(claim.get("text", "")),
                    source=name,
                    aliases=tuple(str(a) for a in src.get("aliases") or ()),
                    cls=src.get("class"),
                    kind=src.get("kind"),
                    cue_kind=claim.get("cue_kind"),
                    anonymous=bool(src.get("anonymous", False)),
                    via=via,
                    relay=n > 0 and bool(via) and names_match([str(via)], [name]),
                )
            )
    return out


def _pair_matches(g: GoldPair, p: PredPair) -> bool:
    return fold_text(g.sentence) in fold_text(p.text) and names_match(
        (g.source, *g.aliases), (p.source, *p.aliases)
    )


def score_page(
    name: str, gold: Sequence[GoldPair], pred: Sequence[PredPair], score_links: bool = False
) -> PageScore:
    """Compare one page's gold pairs with the predicted pairs (pure).

    Unmatched predicted pairs the gold cannot contain are counted apart, not as errors: claims
    under MIN_WORDS words (no snippet can pin them) and, unless ``score_links``, pairs whose only
    cue is a link (the gold annotates textual attribution only).
    """
    s = PageScore(name, gold=len(gold))
    used: set[int] = set()
    for g in gold:
        s.gold_by_cue[g.cue_kind] += 1
        hits = [i for i, p in enumerate(pred) if _pair_matches(g, p)]
        if not hits:
            said = [
                f"{p.source} ({p.cls})" for p in pred if fold_text(g.sentence) in fold_text(p.text)
            ]
            s.misses.append(
                {
                    "sentence": g.sentence,
                    "source": g.source,
                    "cue_kind": g.cue_kind,
                    "system_sources": said,
                }
            )
            continue
        used.update(hits)
        s.matched_gold += 1
        s.hit_by_cue[g.cue_kind] += 1
        p = pred[hits[0]]
        if p.cls == g.cls:
            s.class_ok += 1
        else:
            s.wrong_class.append(
                {"sentence": g.sentence, "source": g.source, "gold": g.cls, "system": p.cls}
            )
        s.anonymous_ok += p.anonymous == g.anonymous
        if g.via:
            s.via_gold += 1
            s.via_ok += bool(p.via) and names_match([g.via], [p.via or ""])
    for i, p in enumerate(pred):
        # A relaying source (the claim's via) may satisfy a gold pair, but an unmatched one is
        # not a wrong attribution: the claim's own source already stands for it.
        if p.relay and i not in used:
            continue
        if i not in used and len(p.text.split()) < MIN_WORDS:
            s.unscored_short += 1
            continue
        if i not in used and p.cue_kind == "link" and not score_links:
            s.unscored_link += 1
            continue
        s.predicted += 1
        s.pred_by_cue[p.cue_kind or "?"] += 1
        if i in used:
            s.matched_pred += 1
        else:
            s.false_positives.append(
                {"claim": p.claim_id, "text": p.text[:160], "source": p.source, "class": p.cls}
            )
    return s


# ---------------------------------------------------------------- running the system


def run_cli(page: Path) -> tuple[dict[str, Any] | None, float, str | None]:
    """Run the CLI offline on one page: (report, seconds, error)."""
    exe = REPO / ".venv" / "bin" / "linkaudit"
    cmd = [str(exe), "check", str(page), "--offline", "--format", "json"]
    if not exe.exists():
        cmd = [sys.executable, "-m", "linkaudit", *cmd[1:]]
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, cwd=REPO)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, time.perf_counter() - t0, f"could not run linkaudit: {exc}"
    seconds = time.perf_counter() - t0
    # The exit code reports findings, so a non-zero code with a JSON report is a normal run.
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return None, seconds, f"linkaudit is not runnable yet (exit {done.returncode}): {tail}"
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


def report_to_dict(report: Any) -> dict[str, Any]:
    """A model.Report shaped like the JSON contract, as far as scoring reads it."""
    return {
        "sources": [{**dataclasses.asdict(x), "class": x.cls} for x in report.sources],
        "claims": [dataclasses.asdict(c) for c in report.claims],
    }


def run_in_process(page: Path) -> tuple[dict[str, Any] | None, float, str | None]:
    """Audit one page with ``linkaudit.audit.audit`` in this process: (report, seconds, error)."""
    t0 = time.perf_counter()
    try:
        from linkaudit.audit import AuditOptions, audit

        report = audit(str(page), AuditOptions(offline=True))
    except Exception as exc:  # a measurement reports a broken stage, it does not crash on it
        return None, time.perf_counter() - t0, f"in-process audit failed: {exc!r}"
    return report_to_dict(report), time.perf_counter() - t0, None


def in_process_seconds(pages: Sequence[Path]) -> float | None:
    """Seconds to audit all pages in-process, or None when linkaudit.audit cannot run them."""
    runs = [run_in_process(page) for page in pages]
    return None if any(err for _, _, err in runs) else sum(secs for _, secs, _ in runs)


# ---------------------------------------------------------------- output


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def print_text(
    scores: Sequence[PageScore], total: PageScore, speed: dict[str, Any], verbose: bool
) -> None:
    print(
        f"{'page':42} {'gold':>4} {'pred':>4} {'hitG':>4} {'hitP':>4} "
        f"{'P%':>5} {'R%':>5} {'F1%':>5} {'cls%':>5}"
    )
    for s in [*scores, total]:
        f = s.figures()
        if s is total:
            print("-" * 86)
        line = (
            f"{s.name[:42]:42} {s.gold:4} {s.predicted:4} {s.matched_gold:4} "
            f"{s.matched_pred:4} {_pct(f['precision'])} {_pct(f['recall'])} "
            f"{_pct(f['f1'])} {_pct(f['class_accuracy'])}"
        )
        print(line + (f"  ERROR: {s.error}" if s.error else ""))
    f = total.figures()
    print(
        f"\nanonymous flag accuracy on matched pairs: {_pct(f['anonymous_accuracy'])}%   "
        f"via found: {total.via_ok}/{total.via_gold}"
        f"\nnot scored: {total.unscored_link} link-only pairs (outside the gold; --score-links), "
        f"{total.unscored_short} claims under {MIN_WORDS} words"
    )
    print("\ncue kind        gold  recall%  predicted")
    for k, v in f["cue_kinds"].items():
        print(f"{k:14} {v['gold']:5}   {_pct(v['recall'])}  {v['predicted']:9}")
    print("\nspeed: " + ", ".join(f"{k}={v}" for k, v in speed.items()))
    errors = {s.error for s in scores if s.error}
    if errors:
        print(
            "\nNOTE: some pages were not scored (see ERROR); the figures count them as all-miss."
            " Pass --reports DIR to score saved JSON reports instead."
        )
    if verbose:
        for s in scores:
            for m in s.misses:
                print(
                    f"MISS {s.name}: [{m['source']} / {m['cue_kind']}] {m['sentence']!r}"
                    f" system: {m['system_sources'] or 'no pair'}"
                )
            for w in s.wrong_class:
                print(
                    f"CLASS {s.name}: {w['source']}: gold {w['gold']}, system {w['system']}"
                    f" — {w['sentence']!r}"
                )
            for fp in s.false_positives:
                print(f"FP {s.name}: {fp['source']} ({fp['class']}) {fp['claim']}: {fp['text']!r}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD_DIR, help="directory of gold JSON files")
    ap.add_argument("--reports", type=Path, help="score saved JSON reports instead of running")
    ap.add_argument("--page", default="", help="only gold files whose name contains this")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses and false positives")
    ap.add_argument("--no-in-process", action="store_true", help="skip the in-process timing")
    ap.add_argument(
        "--score-links", action="store_true", help="count unmatched link-only pairs as errors"
    )
    ap.add_argument(
        "--in-process", action="store_true", help="score linkaudit.audit.audit() instead of the CLI"
    )
    args = ap.parse_args(argv)

    try:
        golds = [g for g in load_gold_dir(args.gold) if args.page in g.name]
    except (OSError, ValueError) as exc:
        print(f"bad gold set: {exc}", file=sys.stderr)
        return 0
    scores: list[PageScore] = []
    total = PageScore("ALL")
    run_seconds = 0.0
    runs = 0
    for g in golds:
        if args.reports:
            report, err = saved_report(args.reports, g)
            seconds = None
        else:
            runner = run_in_process if args.in_process else run_cli
            report, seconds, err = runner(REPO / g.source_path)
            run_seconds += seconds
            runs += 1
        pred = pred_pairs(report) if report is not None else []
        s = score_page(g.name, g.pairs, pred, score_links=args.score_links)
        s.seconds, s.error = seconds, err
        scores.append(s)
        total.add(s)
    speed: dict[str, Any] = {"pages": len(golds)}
    if runs:
        key = "in_process" if args.in_process else "cli"
        speed[f"{key}_seconds_per_page"] = round(run_seconds / runs, 4)
    if not args.no_in_process and not args.in_process and golds:
        secs = in_process_seconds([REPO / g.source_path for g in golds])
        speed["in_process_seconds_per_page"] = None if secs is None else round(secs / len(golds), 4)
        speed["in_process_pages_per_second"] = round(len(golds) / secs, 1) if secs else None
    if args.json:
        out = {
            "pages": {s.name: s.figures() for s in scores},
            "overall": total.figures(),
            "speed": speed,
        }
        if args.verbose:
            out["details"] = {
                s.name: {
                    "misses": s.misses,
                    "false_positives": s.false_positives,
                    "wrong_class": s.wrong_class,
                }
                for s in scores
            }
        print(json.dumps(out, indent=1))
    else:
        print_text(scores, total, speed, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
