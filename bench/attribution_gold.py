"""The gold format of tests/gold/ (README there) and its scoring, for bench/attribution.py.

A gold pair matches a predicted pair when the folded gold snippet occurs in the folded claim text
and the source names match (``names_match``); a gold claim is found (claim recall) when its
snippet occurs in any predicted claim, sourced or not.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attribution_common import FAMILIES, PredClaim, PredPair, Tally, fold_text, names_match, ratio

MIN_WORDS = 6  # a gold snippet has at least this many words
CLASSES = ("primary", "state-media", "secondary")
CUE_KINDS = FAMILIES
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
    tally: Tally = field(default_factory=Tally)  # the same counts by cue family, claim recall

    def add(self, other: PageScore) -> None:
        for name in ("gold", "predicted", "matched_gold", "matched_pred", "class_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("anonymous_ok", "via_gold", "via_ok", "unscored_link", "unscored_short"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.gold_by_cue.update(other.gold_by_cue)
        self.hit_by_cue.update(other.hit_by_cue)
        self.pred_by_cue.update(other.pred_by_cue)
        self.tally.add(other.tally)

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


def _pair_matches(g: GoldPair, p: PredPair) -> bool:
    return fold_text(g.sentence) in fold_text(p.text) and names_match(
        (g.source, *g.aliases), (p.source, *p.aliases)
    )


def score_page(
    name: str,
    gold: Sequence[GoldPair],
    pred: Sequence[PredPair],
    score_links: bool = False,
    claims: Sequence[PredClaim] = (),
) -> PageScore:
    """Compare one page's gold pairs with the predicted pairs and claims (pure).

    ``claims`` (every predicted claim, sourced or not) feed claim recall; without them it is 0.

    Unmatched predicted pairs the gold cannot contain are counted apart, not as errors: claims
    under MIN_WORDS words (no snippet can pin them) and, unless ``score_links``, pairs whose only
    cue is a link (the gold annotates textual attribution only).
    """
    s = PageScore(name, gold=len(gold))
    t = s.tally
    used: set[int] = set()
    for g in gold:
        s.gold_by_cue[g.cue_kind] += 1
        t.gold[g.cue_kind] += 1
        t.claim_gold[g.cue_kind] += 1
        snippet = fold_text(g.sentence)
        t.claim_hit[g.cue_kind] += any(snippet in fold_text(c.text) for c in claims)
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
        t.gold_hit[g.cue_kind] += 1
        p = pred[hits[0]]
        t.cls_gold[g.cue_kind] += 1
        if p.cls == g.cls:
            s.class_ok += 1
            t.cls_ok[g.cue_kind] += 1
        else:
            s.wrong_class.append(
                {
                    "sentence": g.sentence,
                    "source": g.source,
                    "gold": g.cls,
                    "system": p.cls,
                    "system_source": p.source,
                    "system_kind": p.kind,
                    "system_role": p.role,
                    "system_basis": p.basis,
                    "cue": p.cue,
                }
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
        t.pred[p.cue_kind or "?"] += 1
        if i in used:
            s.matched_pred += 1
            t.pred_hit[p.cue_kind or "?"] += 1
        else:
            s.false_positives.append(
                {"claim": p.claim_id, "text": p.text[:160], "source": p.source, "class": p.cls}
            )
    return s
