"""The blind attribution gold for ../shared/aeb-dev/ pages: tests/gold/aeb-heldout, -dev, -tune.

The pages' text is the hand-made ``articleBody`` of ``../shared/aeb-dev/ground-truth.json``; the
gold stores only snippets and labels. These tests check the files against that text; they never
run linkaudit. ``../shared`` is part of every checkout's environment, so a missing copy fails.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "gold"
SHARED = REPO.parent / "shared" / "aeb-dev"
HELDOUT = sorted((GOLD / "aeb-heldout").glob("*.json"))
DEV = sorted((GOLD / "aeb-dev").glob("*.json"))
TUNE = sorted((GOLD / "aeb-tune").glob("*.json"))
ALL = HELDOUT + DEV + TUNE
SELECTION_SEED = 20261201

# Guidelines v2 (tests/gold/README.md): the cue families of the aeb sets.
CUE_KINDS_V2 = {
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
    "mention",
}
CLASSES = {"primary", "state-media", "secondary"}
FIELDS = {
    "sentence",
    "source",
    "source_aliases",
    "source_kind",
    "class",
    "cue",
    "cue_kind",
    "anonymous",
    "via",
    "hard_case",
}


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_attribution", REPO / "bench" / "attribution.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


@cache
def ground_truth() -> dict[str, dict[str, str]]:
    """The benchmark's ground truth: sha256 -> {url, articleBody}."""
    path = SHARED / "ground-truth.json"
    assert path.is_file(), f"{path} is missing: the aeb gold is checked against it"
    obj: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return obj


def _gold(path: Path) -> dict[str, Any]:
    obj: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return obj


def _sha(obj: dict[str, Any]) -> str:
    return str(obj["page"]).removesuffix(".html.gz")


# Periods that end an abbreviation or an initial, not a sentence ("Lt. Matt Harris",
# "Mary E. Lovely", "U.S. Customs").
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Lt|Sgt|Capt|Col|Gen|Supt|St|Jan|Feb|Aug|Sept|Oct|Nov|Dec"
    r"|Inc|Corp|Jr|No|p\.m|a\.m|U\.S)|\b[A-Z])\.$"
)


def _spans_sentences(snippet: str) -> bool:
    for m in re.finditer(r"[.!?][\"'”’]?\s+(?=[A-Z“\"])", snippet):
        if not _ABBREV.search(snippet[: m.start() + 1]):
            return True
    return False


def selection_order() -> list[str]:
    """The page order of the selection procedure: sorted keys shuffled with the fixed seed."""
    keys = sorted(ground_truth())
    random.Random(SELECTION_SEED).shuffle(keys)
    return keys


def skipped() -> dict[str, str]:
    """Pages the selection passed over (sha256 prefix -> reason), from aeb-heldout/skipped.txt."""
    out: dict[str, str] = {}
    for line in (GOLD / "aeb-heldout" / "skipped.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            prefix, _, reason = line.partition(" ")
            out[prefix] = reason.strip()
    return out


# ---------------------------------------------------------------- the checks


def test_span_check_tells_initials_and_titles_from_sentence_ends() -> None:
    """The one-sentence check flags two sentences but not an initial or a title abbreviation."""
    assert _spans_sentences("America is no longer for sale. Thanks to my tariffs")
    assert not _spans_sentences("said Lt. Matt Harris, Columbus Police Department spokesman")
    assert not _spans_sentences("have seen impacts, too, said Mary E. Lovely, an economist")


def test_the_sets_have_their_sizes_and_do_not_overlap() -> None:
    """Held-out 18+ pages, dev 8-12, tune 20; no page is in two sets or twice in one."""
    held = [_gold(p)["page"] for p in HELDOUT]
    dev = [_gold(p)["page"] for p in DEV]
    tune = [_gold(p)["page"] for p in TUNE]
    assert len(held) >= 18
    assert 8 <= len(dev) <= 12
    assert len(tune) == 20
    for pages in (held, dev, tune):
        assert len(set(pages)) == len(pages)
    assert not set(held) & set(dev)
    assert not (set(held) | set(dev)) & set(tune)


def test_pages_follow_the_seeded_selection_order() -> None:
    """Held-out, dev, then tune pages are the first pages of the seeded order, skips apart."""
    skip = skipped()
    order = [k for k in selection_order() if k[:16] not in skip]
    held = {_sha(_gold(p)) for p in HELDOUT}
    dev = {_sha(_gold(p)) for p in DEV}
    tune = {_sha(_gold(p)) for p in TUNE}
    assert set(order[: len(held)]) == held
    assert set(order[len(held) : len(held) + len(dev)]) == dev
    start = len(held) + len(dev)
    assert set(order[start : start + len(tune)]) == tune
    # every skip is a real page passed over before the last annotated one
    last = max(selection_order().index(k) for k in held | dev | tune)
    assert all(any(k.startswith(prefix) for k in selection_order()[:last]) for prefix in skip), skip
    assert all(reason for reason in skip.values())


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_file_is_well_formed(path: Path) -> None:
    """Each file names its page, path and URL as the ground truth has them, with valid labels."""
    obj = _gold(path)
    sha = _sha(obj)
    assert obj["page"] == f"{sha}.html.gz"
    assert path.stem == sha[:16]
    assert obj["source_path"] == f"../shared/aeb-dev/html/{sha}.html.gz"
    assert (REPO / obj["source_path"]).is_file()
    assert obj["url"] == ground_truth()[sha]["url"]
    assert isinstance(obj["annotator_notes"], str)
    assert obj["claims"], "a gold page with no claims measures nothing"
    for claim in obj["claims"]:
        assert set(claim) == FIELDS, claim
        assert isinstance(claim["source"], str)
        assert claim["source"].strip()
        assert all(isinstance(a, str) and a for a in claim["source_aliases"]), claim
        assert claim["source_kind"] in bench.SOURCE_KINDS, claim
        assert claim["class"] in CLASSES, claim
        assert claim["cue_kind"] in CUE_KINDS_V2, claim
        assert isinstance(claim["anonymous"], bool)
        for key in ("cue", "via", "hard_case"):
            assert claim[key] is None or isinstance(claim[key], str), claim
        if claim["cue_kind"] != "quote":
            assert claim["cue"], f"only carried quotes lack a cue: {claim['sentence']}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_snippet_occurs_once_in_the_article_body(path: Path) -> None:
    """Every snippet has 6+ words, lies in one sentence and occurs once in the folded body."""
    obj = _gold(path)
    body = bench.fold_text(ground_truth()[_sha(obj)]["articleBody"])
    for claim in obj["claims"]:
        snippet = claim["sentence"]
        assert len(snippet.split()) >= bench.MIN_WORDS, snippet
        assert body.count(bench.fold_text(snippet)) == 1, snippet
        assert not _spans_sentences(snippet), snippet


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_labels_follow_the_guidelines(path: Path) -> None:
    """Anonymous and 'reportedly' cues are unnamed sources; only state outlets are state-media."""
    pairs = []
    for claim in _gold(path)["claims"]:
        pairs.append((claim["sentence"], claim["source"]))
        if claim["cue_kind"] == "anonymous":
            assert claim["anonymous"], claim["sentence"]
        if claim["cue_kind"] == "reportedly":
            assert claim["anonymous"], claim["sentence"]
            assert claim["class"] == "secondary", claim["sentence"]
            assert claim["source"] == "reports", claim["sentence"]
        if claim["anonymous"]:
            assert claim["source_kind"] == "anonymous", claim["sentence"]
        if claim["class"] == "state-media" or claim["source_kind"] == "state-media":
            assert claim["class"] == claim["source_kind"] == "state-media", claim["sentence"]
        if claim["source_kind"] == "public-media":
            assert claim["class"] == "secondary", claim["sentence"]
    assert len(pairs) == len(set(pairs)), "a (sentence, source) pair is listed twice"


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_one_source_has_one_description_per_page(path: Path) -> None:
    """Within a page a source name keeps one kind and one alias list, so entries agree."""
    seen: dict[str, tuple[str, tuple[str, ...], bool]] = {}
    for claim in _gold(path)["claims"]:
        desc = (claim["source_kind"], tuple(claim["source_aliases"]), claim["anonymous"])
        assert seen.setdefault(claim["source"], desc) == desc, claim["source"]
