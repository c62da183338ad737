"""The attribution gold set (tests/gold/) and the scoring logic of bench/attribution.py."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "gold"
GOLD_FILES = sorted(GOLD.glob("*.json"))


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
def page_text(source_path: str) -> str:
    """The page's readable text: visible HTML text, or the text file with its Markdown undone."""
    path = REPO / source_path
    if path.suffix == ".html":
        soup = BeautifulSoup(path.read_bytes(), "lxml")
        # Pull quotes repeat a body sentence in large type: page furniture, not a second sentence.
        for tag in soup(["script", "style", "noscript", "aside"]):
            tag.decompose()
        for tag in soup.find_all(class_=lambda c: bool(c) and "pull" in c):
            tag.decompose()
        return str(soup.get_text(" "))
    text = path.read_text(encoding="utf-8")
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("*", "")


def _gold(path: Path) -> dict[str, Any]:
    obj: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return obj


# Abbreviations that end in a period inside a sentence in these pages.
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Supt|St|Jan|Feb|Nov|Dec|Inc|Corp|p\.m|a\.m)\.$"
)


def _spans_sentences(snippet: str) -> bool:
    for m in re.finditer(r"[.!?][\"'”’]?\s+(?=[A-Z“\"])", snippet):
        if not _ABBREV.search(snippet[: m.start() + 1]):
            return True
    return False


# ---------------------------------------------------------------- the gold files


def test_sentence_span_check_tells_abbreviations_from_sentence_ends() -> None:
    """The snippet check flags two sentences but not a title abbreviation or "p.m."."""
    assert _spans_sentences("So that's important. I need to know")
    assert not _spans_sentences("Its standard, said Mr. Marcus, was 8 percent")
    assert not _spans_sentences("The second stage began at 6:25 p.m., when its reserves")


def test_gold_set_covers_twelve_news_pages_and_the_fixture() -> None:
    """The gold set annotates at least 12 corpus pages plus the fixture article."""
    pages = [_gold(p)["page"] for p in GOLD_FILES]
    assert "fixtures/north-korea-geopolitics.txt" in pages
    assert sum(p.endswith(".html") for p in pages) >= 12
    assert len(set(pages)) == len(pages)


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_is_well_formed(path: Path) -> None:
    """Each gold file has the documented fields, allowed classes and cue kinds, and a real page."""
    obj = _gold(path)
    assert bench.gold_problems(obj) == []
    assert obj["claims"], "a gold page with no claims measures nothing"
    assert (REPO / obj["source_path"]).is_file()
    assert Path(obj["source_path"]).name == Path(obj["page"]).name
    assert path.stem == Path(obj["page"]).stem


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_every_snippet_occurs_once_in_its_page(path: Path) -> None:
    """Every annotated snippet occurs exactly once in the page text and inside one sentence."""
    obj = _gold(path)
    text = bench.fold_text(page_text(obj["source_path"]))
    for claim in obj["claims"]:
        snippet = claim["sentence"]
        assert text.count(bench.fold_text(snippet)) == 1, snippet
        assert not _spans_sentences(snippet), snippet


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_labels_are_consistent(path: Path) -> None:
    """Labels agree: anonymous cues are flagged and only state outlets are state-media."""
    for claim in _gold(path)["claims"]:
        if claim["cue_kind"] == "anonymous":
            assert claim["anonymous"], claim["sentence"]
        if claim["class"] == "state-media":
            assert claim["source_kind"] == "state-media", claim["sentence"]
        if claim["source_kind"] in ("state-media", "public-media"):
            expected = "state-media" if claim["source_kind"] == "state-media" else "secondary"
            assert claim["class"] == expected, claim["sentence"]


def test_gold_pairs_are_unique() -> None:
    """No gold file lists the same (sentence, source) pair twice."""
    for path in GOLD_FILES:
        pairs = [(c["sentence"], c["source"]) for c in _gold(path)["claims"]]
        assert len(pairs) == len(set(pairs)), path.name


def test_fixture_gold_has_the_expected_sources() -> None:
    """The fixture's gold names the sources the issue requires, with their classes and cues."""
    claims = _gold(GOLD / "north-korea-geopolitics.json")["claims"]
    by_source: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        by_source.setdefault(c["source"], []).append(c)
    expect = {
        "Korean Central News Agency": "state-media",
        "TASS": "state-media",
        "Reuters": "secondary",
        "Pranay Vaddi": "primary",
        "Dmitry Peskov": "primary",
        "Russian readout": "primary",
        "DPRK Foreign Ministry": "primary",
        "Andrey Sushentsov": "secondary",
        "Joseph Stalin": "primary",
        "Kim Jong Un": "primary",
    }
    for source, cls in expect.items():
        assert {c["class"] for c in by_source[source]} == {cls}, source
    assert [c["cue_kind"] for c in by_source["TASS"]] == ["mention"]
    assert sum(c["cue_kind"] == "pronoun" for c in by_source["Pranay Vaddi"]) == 2
    assert by_source["Russian readout"][0]["source_kind"] == "document"
    assert any(c["cue"] == "wrote" for c in by_source["Joseph Stalin"])


def test_gold_set_covers_every_scored_cue_kind() -> None:
    """The gold set has speech verbs, according-to, documents, anonymous cues and pronouns."""
    kinds = {c["cue_kind"] for p in GOLD_FILES for c in _gold(p)["claims"]}
    assert {"speech-verb", "according-to", "document", "anonymous", "pronoun", "quote"} <= kinds


# ---------------------------------------------------------------- scoring logic


def _report(claims: list[tuple[str, list[str]]], sources: dict[str, tuple[str, str]]) -> Any:
    """A tiny report/1 object: claims as (text, source ids), sources as id -> (name, class)."""
    return {
        "schema": "linkaudit/report/1",
        "sources": [
            {"id": sid, "name": name, "aliases": [], "class": cls, "kind": "person"}
            for sid, (name, cls) in sources.items()
        ],
        "claims": [
            {"id": f"c{i + 1}", "text": text, "sources": ids, "cue_kind": "speech-verb"}
            for i, (text, ids) in enumerate(claims)
        ],
    }


def _gp(
    sentence: str,
    source: str,
    cls: str = "primary",
    cue_kind: str = "speech-verb",
    aliases: tuple[str, ...] = (),
) -> Any:
    return bench.GoldPair(
        "p", sentence, source, aliases, "official", cls, None, cue_kind, False, None, None
    )


PESKOV = (
    "Kremlin spokesman Dmitry Peskov asserted that North Korea “is our very important partner.”"
)


def test_a_correct_pair_scores_full_marks() -> None:
    """A claim containing the gold snippet, with the same source and class, scores full marks."""
    pred = bench.pred_pairs(_report([(PESKOV, ["s1"])], {"s1": ("Peskov", "primary")}))
    s = bench.score_page(
        "p", [_gp("Dmitry Peskov asserted that North Korea", "Dmitry Peskov")], pred
    )
    f = s.figures()
    assert (f["precision"], f["recall"], f["f1"], f["class_accuracy"]) == (1.0, 1.0, 1.0, 1.0)


def test_a_wrong_source_is_both_a_miss_and_a_false_positive() -> None:
    """The right sentence credited to the wrong source counts against precision and recall."""
    pred = bench.pred_pairs(_report([(PESKOV, ["s1"])], {"s1": ("Sergey Lavrov", "primary")}))
    s = bench.score_page(
        "p", [_gp("Dmitry Peskov asserted that North Korea", "Dmitry Peskov")], pred
    )
    assert (s.matched_gold, s.matched_pred) == (0, 0)
    assert s.misses[0]["system_sources"] == ["Sergey Lavrov (primary)"]
    assert s.false_positives[0]["source"] == "Sergey Lavrov"


def test_a_wrong_class_lowers_only_class_accuracy() -> None:
    """A matched pair with the wrong class keeps F1 but lowers class accuracy."""
    text = "In essence, as a Reuters report took note, Moscow says it will develop ties."
    gold = [
        _gp("as a Reuters report took note", "Reuters", cls="secondary", cue_kind="document"),
        _gp("Dmitry Peskov asserted that North Korea", "Dmitry Peskov"),
    ]
    pred = bench.pred_pairs(
        _report(
            [(text, ["s1"]), (PESKOV, ["s2"])],
            {"s1": ("Reuters", "state-media"), "s2": ("Peskov", "primary")},
        )
    )
    f = bench.score_page("p", gold, pred).figures()
    assert f["f1"] == 1.0
    assert f["class_accuracy"] == 0.5


def test_a_pronoun_claim_matches_only_when_resolved_to_the_speaker() -> None:
    """'He added' resolved to the last named speaker matches; resolved to someone else it misses."""
    gold = [
        _gp(
            "He added, “And I say ‘unprecedented’ very deliberately",
            "Pranay Vaddi",
            cue_kind="pronoun",
            aliases=("Vaddi",),
        )
    ]
    text = "He added, \"And I say 'unprecedented' very deliberately - We have never seen this.\""
    right = bench.pred_pairs(_report([(text, ["s1"])], {"s1": ("Pranay Vaddi", "primary")}))
    wrong = bench.pred_pairs(_report([(text, ["s1"])], {"s1": ("Dmitry Peskov", "primary")}))
    hit, miss = bench.score_page("p", gold, right), bench.score_page("p", gold, wrong)
    assert hit.hit_by_cue["pronoun"] == 1
    assert hit.gold_by_cue["pronoun"] == 1
    assert miss.hit_by_cue["pronoun"] == 0
    assert miss.figures()["recall"] == 0.0


def test_unsourced_claims_make_no_pairs() -> None:
    """A claim without sources is not a predicted pair, so it cannot be a false positive."""
    pred = bench.pred_pairs(_report([("Readouts seldom go that far.", [])], {}))
    assert pred == []


def test_a_merged_sentence_can_match_two_gold_pairs() -> None:
    """A predicted claim that spans two gold sentences of one speaker matches both of them."""
    text = "“It is a big risk,” said Paul Begala. “He has not debated since 2009, and that was it.”"
    gold = [
        _gp("It is a big risk,” said Paul Begala", "Paul Begala", "secondary"),
        _gp("He has not debated since 2009", "Paul Begala", "secondary", "quote"),
    ]
    pred = bench.pred_pairs(_report([(text, ["s1"])], {"s1": ("Begala", "secondary")}))
    f = bench.score_page("p", gold, pred).figures()
    assert (f["recall"], f["precision"]) == (1.0, 1.0)


@pytest.mark.parametrize(
    ("gold", "pred", "same"),
    [
        (["Dmitry Peskov"], ["Peskov"], True),
        (["Jason Kersten"], ["Department of Correction spokesman Jason Kersten"], True),
        (["Anthony Fauci"], ["Dr Anthony Fauci"], True),
        (["Korean Central News Agency", "KCNA"], ["KCNA"], True),
        (["The Spokesman-Review"], ["Spokesman-Review"], True),
        (["Bloomberg's campaign"], ["Bloomberg campaign"], True),
        (["Dmitry Peskov"], ["Sergey Lavrov"], False),
        (["Reuters"], ["TASS"], False),
        (["Kim Jong Un", "Kim"], ["Kim Il Sung"], False),
        (["officials"], ["health officials"], True),
        (["Reuters"], ["Reuters report"], False),
    ],
)
def test_names_match_rules(gold: list[str], pred: list[str], same: bool) -> None:
    """Names match on equality or a shared last word, not on a first name or a prefix."""
    assert bench.names_match(gold, pred) is same


def test_fold_text_ignores_quotes_dashes_case_and_spacing() -> None:
    """Folding makes curly/straight quotes, dashes, case and inline-tag spacing irrelevant."""
    assert bench.fold_text("He said , “Yes — it’s\n  TRUE”") == bench.fold_text(
        'he said, "yes - it\'s true"'
    )


def test_gold_problems_reports_bad_labels() -> None:
    """The structure check rejects an unknown class, a short snippet and a bad cue kind."""
    bad = {
        "page": "x.html",
        "source_path": "x.html",
        "claims": [
            {
                "sentence": "too short",
                "source": "X",
                "source_kind": "person",
                "class": "tertiary",
                "cue_kind": "gossip",
                "anonymous": False,
            }
        ],
    }
    problems = " ".join(bench.gold_problems(bad))
    assert ">= 6 words" in problems
    assert "class" in problems
    assert "cue_kind" in problems


def test_bench_scores_saved_reports_and_prints_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --reports the bench scores saved JSON reports, prints figures as JSON and exits 0."""
    gold_dir, reports = tmp_path / "gold", tmp_path / "reports"
    gold_dir.mkdir()
    reports.mkdir()
    gold = {
        "page": "fixtures/north-korea-geopolitics.txt",
        "source_path": "fixtures/north-korea-geopolitics.txt",
        "annotator_notes": "",
        "claims": [
            {
                "sentence": "Kremlin spokesman Dmitry Peskov asserted that North Korea",
                "source": "Dmitry Peskov",
                "source_aliases": ["Peskov"],
                "source_kind": "official",
                "class": "primary",
                "cue": "asserted",
                "cue_kind": "speech-verb",
                "anonymous": False,
                "via": None,
                "hard_case": None,
            }
        ],
    }
    (gold_dir / "nk.json").write_text(json.dumps(gold))
    report = _report(
        [(PESKOV, ["s1"]), ("Tass played up the press release.", ["s2"])],
        {"s1": ("Dmitry Peskov", "primary"), "s2": ("TASS", "state-media")},
    )
    (reports / "nk.json").write_text(json.dumps(report))
    code = bench.main(
        ["--sets", "gold", "--gold", str(gold_dir), "--reports", str(reports), "--json"]
    )
    out = json.loads(capsys.readouterr().out)["sets"]["gold"]
    assert code == 0
    overall = out["aggregates"]["all cue families"]
    assert overall["recall"] == 1.0
    assert overall["precision"] == 0.5
    assert out["families"]["speech-verb"]["gold_pairs"] == 1


def test_bench_reports_a_missing_saved_report_without_failing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A page without a saved report is reported as an error row, and the bench still exits 0."""
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "bbc.com.52241221.json").write_text((GOLD / "bbc.com.52241221.json").read_text())
    code = bench.main(["--sets", "gold", "--gold", str(gold_dir), "--reports", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "no saved report" in out


def test_a_relaying_via_source_is_not_a_false_positive() -> None:
    """A claim's via listed after its own source is not counted against precision."""
    text = "Dr Anthony Fauci told NBC News' Today show the final number looks like 60,000."
    report = _report(
        [(text, ["s1", "s2"])],
        {"s1": ("Anthony Fauci", "primary"), "s2": ("NBC News", "secondary")},
    )
    report["claims"][0]["via"] = "NBC News"
    pred = bench.pred_pairs(report)
    assert [p.relay for p in pred] == [False, True]
    s = bench.score_page(
        "p", [_gp("told NBC News' Today show the final number", "Anthony Fauci")], pred
    )
    assert (s.predicted, s.matched_pred, s.false_positives) == (1, 1, [])


def test_a_relaying_via_source_can_still_match_a_gold_pair() -> None:
    """When the gold set lists the relayer as a source too, the via pair earns its match."""
    text = (
        "Citing the Global Fire Emissions Database, NASA noted that fire levels are below average."
    )
    report = _report(
        [(text, ["s1", "s2"])],
        {"s1": ("Global Fire Emissions Database", "primary"), "s2": ("NASA", "primary")},
    )
    report["claims"][0]["via"] = "NASA"
    gold = [
        _gp("Citing the Global Fire Emissions Database, NASA noted", "NASA"),
        _gp(
            "Citing the Global Fire Emissions Database, NASA noted",
            "GFED",
            aliases=("Global Fire Emissions Database",),
        ),
    ]
    f = bench.score_page("p", gold, bench.pred_pairs(report)).figures()
    assert (f["recall"], f["precision"], f["matched_predicted"]) == (1.0, 1.0, 2)


def test_in_process_reports_are_read_like_json_reports() -> None:
    """A model.Report converts to the JSON contract's shape, so in-process runs score the same."""
    from linkaudit.model import Claim, DocumentInfo, Report, Source

    report = Report(
        document=DocumentInfo(path="x.txt", format="text", sha256="0"),
        sources=(Source("s1", "TASS", "state-media", "state-media", "registry", ("Tass",)),),
        claims=(
            Claim(
                "c1",
                "Tass played up the press release, carving reports.",
                0,
                50,
                1,
                ("s1",),
                "played up",
                "mention",
                None,
                "state-media",
            ),
        ),
        links=(),
        findings=(),
        tool_version="0",
        generated_at="now",
    )
    (pair,) = bench.pred_pairs(bench.report_to_dict(report))
    assert (pair.source, pair.cls, pair.cue_kind, pair.aliases) == (
        "TASS",
        "state-media",
        "mention",
        ("Tass",),
    )


def test_claims_the_gold_cannot_hold_are_counted_apart() -> None:
    """Unmatched link-only pairs and claims under 6 words are reported apart, not as errors."""
    report = _report(
        [
            ("“No, not really,” Scott said.", ["s1"]),
            ("His rapid rise in the polls has brought Bloomberg a spot on the stage.", ["s2"]),
        ],
        {"s1": ("Bernice Scott", "primary"), "s2": ("Los Angeles Times", "secondary")},
    )
    report["claims"][1]["cue_kind"] = "link"
    pred = bench.pred_pairs(report)
    s = bench.score_page("p", [], pred)
    assert (s.predicted, s.unscored_short, s.unscored_link) == (0, 1, 1)
    strict = bench.score_page("p", [], pred, score_links=True)
    assert (strict.predicted, strict.figures()["precision"]) == (1, 0.0)
