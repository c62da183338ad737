"""What bench/attribution.py and bench/polnear_score.py share: name matching, predicted pairs,
cue families and the per-family tallies that make the table."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# Claims' cue_kind values (model.CueKind, being extended by issue 9).
FAMILIES = (
    "speech-verb",
    "according-to",
    "nominal",
    "document",
    "belief",
    "colon",
    "reportedly",
    "pronoun",
    "anonymous",
    "quote",
    "link",
    "mention",
    # a cue that reports no words: an act or an evaluation ("voted", "booed"); PolNeAR only
    "other",
)
# The "speech and reporting cues" aggregate.
SPEECH_FAMILIES = frozenset(
    {
        "speech-verb",
        "according-to",
        "nominal",
        "pronoun",
        "anonymous",
        "quote",
        "colon",
        "reportedly",
    }
)
AGGREGATES: dict[str, frozenset[str] | None] = {
    "speech and reporting": SPEECH_FAMILIES,
    "all cue families": None,  # None: every family, including unknown predicted values
}

_QUOTES = str.maketrans(
    {c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛′`"} | {c: "-" for c in "–—‐‑‒―"}
)
_ARTICLES = {"the", "a", "an"}


def fold_text(text: str) -> str:
    """Fold a sentence for containment tests: NFKC, ASCII quotes/dashes, lower case, no spaces."""
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
    start: int = -1  # the claim's character span in the document text
    end: int = -1
    cue: str | None = None
    basis: str | None = None  # the source's stated reason for its class (class-error listing)
    role: str | None = None


@dataclass(frozen=True, slots=True)
class PredClaim:
    """Any predicted claim, with or without a source (claim recall counts these)."""

    claim_id: str
    text: str
    start: int
    end: int
    cue_kind: str | None


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
                    start=int(claim.get("start", -1)),
                    end=int(claim.get("end", -1)),
                    cue=claim.get("cue"),
                    basis=src.get("basis"),
                    role=src.get("role"),
                )
            )
    return out


def pred_claims(report: Mapping[str, Any]) -> list[PredClaim]:
    return [
        PredClaim(
            str(c.get("id")),
            str(c.get("text", "")),
            int(c.get("start", -1)),
            int(c.get("end", -1)),
            c.get("cue_kind"),
        )
        for c in report.get("claims", [])
    ]


def ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p and r else 0.0


@dataclass(slots=True)
class Tally:
    """Counts by cue family: gold side by the gold family, predicted side by the claim's."""

    gold: Counter[str] = field(default_factory=Counter)  # judgeable gold pairs
    gold_hit: Counter[str] = field(default_factory=Counter)  # ... matched by a predicted pair
    claim_gold: Counter[str] = field(default_factory=Counter)  # gold claims (all gold items)
    claim_hit: Counter[str] = field(default_factory=Counter)  # ... found as some claim
    cls_gold: Counter[str] = field(default_factory=Counter)  # matched gold pairs with a class
    cls_ok: Counter[str] = field(default_factory=Counter)
    pred: Counter[str] = field(default_factory=Counter)  # scored predicted pairs
    pred_hit: Counter[str] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        for name in self.__slots__:
            getattr(self, name).update(getattr(other, name))

    def figures(self, families: frozenset[str] | None = None) -> dict[str, Any]:
        """P/R/F1, claim recall and class accuracy over the given families (None: all)."""

        def total(c: Counter[str]) -> int:
            return sum(v for k, v in c.items() if families is None or k in families)

        gold, hit = total(self.gold), total(self.gold_hit)
        pred, pred_hit = total(self.pred), total(self.pred_hit)
        p, r = ratio(pred_hit, pred), ratio(hit, gold)
        cls_gold, claims = total(self.cls_gold), total(self.claim_gold)
        # A figure with nothing to count is None ("—"), not 0.
        return {
            "gold_pairs": gold,
            "predicted_pairs": pred,
            "matched_gold": hit,
            "matched_predicted": pred_hit,
            "precision": round(p, 4) if pred else None,
            "recall": round(r, 4) if gold else None,
            # F1 needs both sides: no gold, or hits credited only to other predicted families.
            "f1": round(_f1(p, r), 4) if gold and (pred or not hit) else None,
            "gold_claims": claims,
            "claim_recall": round(ratio(total(self.claim_hit), claims), 4) if claims else None,
            "class_pairs": cls_gold,
            "class_accuracy": round(ratio(total(self.cls_ok), cls_gold), 4) if cls_gold else None,
        }

    def by_family(self) -> dict[str, dict[str, Any]]:
        seen = set(self.gold) | set(self.pred) | set(self.claim_gold)
        order = [f for f in FAMILIES if f in seen] + sorted(seen - set(FAMILIES))
        return {f: self.figures(frozenset({f})) for f in order}


def overlaps(a_start: int, a_end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return a_start >= 0 and any(s < a_end and a_start < e for s, e in spans)
