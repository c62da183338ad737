"""bench/attribution.py's multi-set logic and bench/polnear.py's loader, on synthetic data.

The brat sample below is written for these tests (no PolNeAR text is used).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"


def _load(name: str) -> ModuleType:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


polnear = _load("polnear")
common = _load("attribution_common")
score = _load("polnear_score")
attribution = _load("attribution")

TEXT = (
    "Mayor Ana Ruiz: City Will Rebuild Bridge\n"
    "\n"
    "Mayor Ana Ruiz said on Monday that the bridge would reopen in May. "
    "She added that the repairs were paid for. "
    "According to the transport agency, traffic fell by half. "
    "It is said to cost more than planned. "
    "Tom Bell, a local engineer, thinks the design is sound.\n"
)


def _at(phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def _t(n: int, kind: str, phrase: str, nth: int = 0) -> str:
    a, b = _at(phrase, nth)
    return f"T{n}\t{kind} {a} {b}\t{phrase}"


ANN = "\n".join(
    [
        _t(1, "Source", "Mayor Ana Ruiz"),  # the headline
        _t(2, "Cue", ":"),
        _t(3, "Content", "City Will Rebuild Bridge"),
        _t(4, "Attribution", ":"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        _t(5, "Source", "Mayor Ana Ruiz", 1),
        _t(6, "Cue", "said"),
        _t(7, "Content", "the bridge would reopen in May"),
        _t(8, "Attribution", "said"),
        "E2\tAttribution:T8 Cue:T6 Source:T5 Content:T7",
        _t(9, "Source", "She"),
        _t(10, "Cue", "added"),
        _t(11, "Content", "the repairs were paid for"),
        _t(12, "Attribution", "added"),
        "E3\tAttribution:T12 Content:T11 Cue:T10 Source:T9",
        _t(13, "Cue", "According to"),
        _t(14, "Source", "the transport agency"),
        _t(15, "Content", "traffic fell by half"),
        _t(16, "Attribution", "According to"),
        "E4\tAttribution:T16 Cue:T13 Source:T14 Content:T15",
        _t(17, "Cue", "is said to"),
        _t(18, "Content", "cost more than planned"),
        _t(19, "Attribution-no-source", "is said to"),
        "E5\tAttribution-no-source:T19 Cue:T17 Content:T18",
        _t(20, "Source", "Tom Bell, a local engineer"),
        _t(21, "Cue", "thinks"),
        f"T22\tContent {_at('the design')[0]} {_at('the design')[1]};"
        f"{_at('is sound')[0]} {_at('is sound')[1]}\tthe design is sound",
        "a continuation line of a span text that ran over a line break",
        "#1\tAnnotatorNotes T22\ttwo fragments on purpose",
        _t(23, "Attribution", "thinks"),
        "E6\tAttribution:T23 Content:T22 Cue:T21 Source:T20",
    ]
)


def _chain(*mentions: tuple[str, int, str, str, bool]) -> list[dict[str, Any]]:
    out = []
    for phrase, nth, pos, ner, rep in mentions:
        a, b = _at(phrase, nth)
        out.append(
            {"start": a, "end": b, "text": phrase, "head_pos": pos, "head_ner": ner,
             "representative": rep}
        )  # fmt: skip
    return out


def _write_split(root: Path, split: str = "dev", coref: bool = True) -> None:
    d = root / split
    (d / "text").mkdir(parents=True)
    (d / "attributions").mkdir()
    (d / "coref").mkdir()
    (d / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    (d / "attributions" / "doc_aaaa.ann").write_text(ANN, encoding="utf-8")
    # a second annotator's file: the loader must ignore it (it scores the first in sort order)
    (d / "attributions" / "doc_bbbb.ann").write_text("", encoding="utf-8")
    if coref:
        chains = [_chain(("Ana Ruiz", 1, "NNP", "PERSON", True), ("She", 0, "PRP", "O", False))]
        (d / "coref" / "doc.json").write_text(json.dumps(chains), encoding="utf-8")


@pytest.fixture
def doc(tmp_path: Path) -> Any:
    _write_split(tmp_path)
    (d,) = polnear.load_split(tmp_path, "dev")
    return d


def _claim(cid: str, phrase: str, source: str | None, cue_kind: str = "speech-verb") -> Any:
    a, b = _at(phrase)
    claim = common.PredClaim(cid, phrase, a, b, cue_kind)
    pair = None
    if source is not None:
        pair = common.PredPair(cid, phrase, source, (), None, None, cue_kind, False, None,
                               start=a, end=b)  # fmt: skip
    return claim, pair


def _score(doc: Any, *claims: tuple[Any, Any]) -> Any:
    return score.score_doc(doc, [c for c, _ in claims], [p for _, p in claims if p is not None])


# ---------------------------------------------------------------- the loader


def test_brat_events_become_attributions_with_span_texts_from_the_document(doc: Any) -> None:
    """Events in any role order, no-source events and two-fragment content are read exactly."""
    atts = {a.id: a for a in doc.attributions}
    assert list(atts) == ["E1", "E2", "E3", "E4", "E5", "E6"]
    assert atts["E2"].source.text == "Mayor Ana Ruiz"
    assert atts["E2"].content[0].text == "the bridge would reopen in May"
    assert atts["E5"].source is None
    assert atts["E6"].content[0].fragments == (_at("the design"), _at("is sound"))
    assert atts["E6"].content[0].text == "the design is sound"


def test_an_event_naming_an_undefined_span_is_an_error() -> None:
    """A broken annotation file is reported, not silently dropped."""
    with pytest.raises(ValueError, match="T9"):
        polnear.parse_ann("E1\tAttribution:T9 Cue:T9", TEXT)


def test_only_train_and_dev_are_ever_loaded(tmp_path: Path) -> None:
    """Asking for the test split is refused: the bench never reads it."""
    with pytest.raises(ValueError, match="not used"):
        polnear.load_split(tmp_path, "test")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_extract_copies_train_and_dev_but_not_test(tmp_path: Path) -> None:
    """From a clone laid out like PolNeAR's, extract writes train/dev and leaves test out."""
    src = tmp_path / "src"
    for split in ("train", "dev", "test"):
        for kind, name, body in (
            ("text", "d.txt", TEXT),
            ("attributions", "d_aaaa.ann", ANN),
            ("corenlp", "d.txt.xml", _corenlp_xml()),
        ):
            path = src / "data" / split / kind / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
    _git(src, "init", "-q")
    _git(src, "add", ".")
    _git(src, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "x")
    dest = tmp_path / "out"
    counts = polnear.extract(src / ".git", dest)
    assert sorted(p.name for p in dest.iterdir()) == ["dev", "train"]
    assert counts["train/text"] == 1
    assert (dest / "dev" / "text" / "d.txt").read_text(encoding="utf-8") == TEXT
    chains = json.loads((dest / "dev" / "coref" / "d.json").read_text(encoding="utf-8"))
    assert [m["text"] for m in chains[0]] == ["Ana Ruiz", "She"]
    assert chains[0][0]["start"] == _at("Ana Ruiz", 1)[0]
    assert chains[0][1]["head_pos"] == "PRP"


def _corenlp_xml() -> str:
    """A minimal CoreNLP XML document: one sentence, one chain (Ana Ruiz <- She)."""
    words = [("Ana", "NNP", "PERSON", 1), ("Ruiz", "NNP", "PERSON", 1), ("She", "PRP", "O", 0)]
    toks = []
    for i, (w, pos, ner, nth) in enumerate(words, 1):
        a, b = _at(w if w != "She" else "She", nth)
        toks.append(
            f"<token id='{i}'><word>{w}</word><CharacterOffsetBegin>{a}</CharacterOffsetBegin>"
            f"<CharacterOffsetEnd>{b}</CharacterOffsetEnd><POS>{pos}</POS><NER>{ner}</NER></token>"
        )
    return (
        "<root><document><sentences><sentence id='1'><tokens>" + "".join(toks)
        + "</tokens></sentence></sentences><coreference><coreference>"
        "<mention representative='true'><sentence>1</sentence><start>1</start><end>3</end>"
        "<head>2</head><text>Ana Ruiz</text></mention>"
        "<mention><sentence>1</sentence><start>3</start><end>4</end><head>3</head>"
        "<text>She</text></mention></coreference></coreference></document></root>"
    )  # fmt: skip


# ---------------------------------------------------------------- gold families and names


def test_gold_families_come_from_the_bench_own_tables(doc: Any) -> None:
    """Cue and source text give the family: colon, speech verb, pronoun, according-to, ..."""
    fams = {a.id: score.gold_family(a) for a in doc.attributions}
    assert fams == {
        "E1": "colon",
        "E2": "speech-verb",
        "E3": "pronoun",
        "E4": "according-to",
        "E5": "reportedly",
        "E6": "belief",
    }


@pytest.mark.parametrize(
    ("cue", "source", "family"),
    [
        ("said in a statement", "The ministry", "speech-verb"),
        ("in a statement", "The ministry", "nominal"),
        ("found", "A new report", "document"),
        ("told reporters", "Senior officials", "anonymous"),
        ("told reporters", "White House officials", "speech-verb"),
        ("has long wanted", "Ruiz", "belief"),
        ("was quoted as saying", "Ruiz", "reportedly"),
        # acts and evaluations report no words: "other", whatever the source
        ("voted for", "Ruiz", "other"),
        ("booed", "The crowd", "other"),
        ("stumped for", "he", "other"),
        ("seemed", "Senior officials", "other"),
        # verbs of communication beyond the first table stay speech and reporting
        ("slammed", "Ruiz", "speech-verb"),
        ("criticises", "Ruiz", "speech-verb"),
        ("was quipping", "Ruiz", "speech-verb"),
        ("testified", "Ruiz", "speech-verb"),
        ("found", "The audit", "document"),
        ("pointed out", "she", "pronoun"),
        ("made it clear", "Ruiz", "speech-verb"),
        ("weighed in", "Ruiz", "speech-verb"),
        ("is planning", "Ruiz", "belief"),
        # a nominal cue noun is no speech verb, even where a verb shares its form
        ("in a tweet", "Ruiz", "nominal"),
        ("in remarks", "Ruiz", "nominal"),
    ],
)
def test_gold_family_rules(cue: str, source: str, family: str) -> None:
    """Each family rule fires on its cue or source and not on the neighbouring cases."""
    att = polnear.Attribution(
        "E1", polnear.Span(((0, 1),), source), polnear.Span(((2, 3),), cue), ()
    )
    assert score.gold_family(att) == family


def test_a_pronoun_source_is_named_by_its_coreference_chain(doc: Any) -> None:
    """'She' takes the PERSON mention of her chain; the pronoun itself is no name."""
    she = next(a for a in doc.attributions if a.id == "E3")
    assert score.gold_names(she, doc) == ("Ana Ruiz",)


def test_an_unresolved_pronoun_or_a_missing_source_is_unjudgeable(tmp_path: Path) -> None:
    """Without a chain, 'She' has no name; a no-source attribution never has one."""
    _write_split(tmp_path, coref=False)
    (d,) = polnear.load_split(tmp_path, "dev")
    atts = {a.id: a for a in d.attributions}
    assert score.gold_names(atts["E3"], d) == ()
    assert score.gold_names(atts["E5"], d) == ()


def test_a_pronoun_takes_only_an_agreeing_mention(doc: Any) -> None:
    """'it' cannot stand for a PERSON mention, so an 'it' in Ruiz's chain stays unnamed."""
    m = polnear.Mention(0, 5, "Ana Ruiz", "NNP", "PERSON", True)
    assert score._agrees("she", m)
    assert not score._agrees("it", m)


def test_an_apposition_is_cut_from_a_source_name(doc: Any) -> None:
    """'Tom Bell, a local engineer' is also named 'Tom Bell'."""
    bell = next(a for a in doc.attributions if a.id == "E6")
    assert "Tom Bell" in score.gold_names(bell, doc)


# ---------------------------------------------------------------- matching


def test_an_overlapping_claim_with_the_right_source_matches(doc: Any) -> None:
    """A claim over the content, credited to 'Ruiz', matches the gold 'Mayor Ana Ruiz'."""
    s = _score(doc, _claim("c1", "the bridge would reopen in May", "Ruiz"))
    assert s.tally.gold_hit["speech-verb"] == 1
    assert s.tally.pred_hit["speech-verb"] == 1
    assert s.false_positives == []


def test_a_resolved_pronoun_matches_and_an_unresolved_one_does_not(doc: Any) -> None:
    """'She added' credited to Ana Ruiz matches; credited to 'she' it is a miss and an FP."""
    right = _score(doc, _claim("c1", "She added that the repairs", "Ana Ruiz", "pronoun"))
    wrong = _score(doc, _claim("c1", "She added that the repairs", "she", "pronoun"))
    assert right.tally.gold_hit["pronoun"] == 1
    assert wrong.tally.gold_hit["pronoun"] == 0
    assert wrong.tally.pred["pronoun"] == 1
    assert wrong.tally.pred_hit["pronoun"] == 0
    assert len(wrong.false_positives) == 1


def test_the_right_source_on_a_sentence_without_attribution_is_a_false_positive(
    doc: Any,
) -> None:
    """Overlap is required: a claim elsewhere does not match even with the right name."""
    s = _score(doc, _claim("c1", "Tom Bell, a local engineer", "Ana Ruiz"))
    assert s.tally.gold_hit["speech-verb"] == 0
    assert len(s.false_positives) == 1


def test_a_pair_on_an_unjudgeable_attribution_is_counted_apart(doc: Any) -> None:
    """A sourced claim over a no-source attribution is neither right nor wrong."""
    s = _score(doc, _claim("c1", "cost more than planned", "officials", "reportedly"))
    assert s.unscored == 1
    assert s.unjudgeable == 1
    assert sum(s.tally.pred.values()) == 0
    assert s.tally.claim_hit["reportedly"] == 1


def test_headline_attributions_are_left_out(doc: Any) -> None:
    """The first line's attribution is not gold; a claim on the headline is a false positive."""
    s = _score(doc, _claim("c1", "City Will Rebuild Bridge", "Ana Ruiz"))
    assert s.headline == 1
    assert "colon" not in s.tally.gold
    assert len(s.false_positives) == 1


def test_claim_recall_ignores_the_source(doc: Any) -> None:
    """A sourceless claim over the content counts for claim recall, not for pairs."""
    s = _score(doc, _claim("c1", "traffic fell by half", None, "according-to"))
    assert s.tally.claim_hit["according-to"] == 1
    assert s.tally.gold_hit["according-to"] == 0


# ---------------------------------------------------------------- the tally and the sets


def test_an_other_gold_pair_counts_in_all_families_but_not_in_speech_and_reporting() -> None:
    """A missed act ("voted for") lowers the all-families recall and leaves S&R alone."""
    assert "other" in common.FAMILIES
    assert "other" not in common.SPEECH_FAMILIES
    t = common.Tally()
    t.gold["speech-verb"] += 1
    t.gold_hit["speech-verb"] += 1
    t.pred["speech-verb"] += 1
    t.pred_hit["speech-verb"] += 1
    t.gold["other"] += 1
    assert t.figures(common.SPEECH_FAMILIES)["recall"] == 1.0
    assert t.figures(None)["recall"] == 0.5
    assert "other" in t.by_family()


def test_family_precision_uses_the_predicted_kind_and_recall_the_gold_kind() -> None:
    """A gold speech-verb pair found as a 'quote' claim: recall under speech-verb, P under quote."""
    t = common.Tally()
    t.gold["speech-verb"] += 1
    t.gold_hit["speech-verb"] += 1
    t.pred["quote"] += 2
    t.pred_hit["quote"] += 1
    t.gold["belief"] += 1
    fams = t.by_family()
    assert fams["speech-verb"]["recall"] == 1.0
    assert fams["speech-verb"]["precision"] is None
    assert fams["quote"]["precision"] == 0.5
    speech = t.figures(common.SPEECH_FAMILIES)
    assert (speech["recall"], speech["precision"]) == (1.0, 0.5)
    assert t.figures()["recall"] == 0.5  # the belief pair counts in the all-families figure


def test_a_gzipped_page_is_read_decompressed(tmp_path: Path) -> None:
    """aeb pages are .html.gz: the bench hands the decompressed HTML to linkaudit."""
    page = tmp_path / "p.html.gz"
    page.write_bytes(gzip.compress(b"<html><body><p>Hi</p></body></html>"))
    out = attribution._readable(page, tmp_path)
    assert out.name == "p.html"
    assert out.read_bytes().startswith(b"<html>")


def test_the_bench_scores_a_polnear_split_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--sets polnear-dev runs linkaudit on the text and prints a figure table as JSON."""
    _write_split(tmp_path)
    code = attribution.main(["--sets", "polnear-dev", "--polnear", str(tmp_path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    dev = out["sets"]["polnear-dev"]
    assert dev["documents"] == 1
    assert dev["errors"] == []
    assert dev["aggregates"]["all cue families"]["gold_pairs"] == 4
    assert dev["notes"]["headline attributions (not scored)"] == 1


def test_an_unknown_set_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt --sets name is one line on stderr and exit 2."""
    assert attribution.main(["--sets", "polnear-test"]) == 2
    assert "unknown data set" in capsys.readouterr().err


def test_a_swapped_source_and_cue_is_put_back() -> None:
    """Source 'said' with cue 'Mulgrew' is read as source 'Mulgrew', cue 'said'."""
    att = polnear.Attribution(
        "E1", polnear.Span(((0, 4),), "said"), polnear.Span(((5, 12),), "Mulgrew"), ()
    )
    fixed = score.unswap(att)
    assert (fixed.source.text, fixed.cue.text) == ("Mulgrew", "said")
    keep = polnear.Attribution(
        "E2", polnear.Span(((0, 7),), "reports"), polnear.Span(((8, 12),), "that"), ()
    )
    assert score.unswap(keep) is keep


def test_f1_is_undefined_when_a_family_is_found_only_under_other_kinds() -> None:
    """Gold 'nominal' pairs matched by claims of another kind have recall but no F1."""
    t = common.Tally()
    t.gold["nominal"] += 2
    t.gold_hit["nominal"] += 1
    t.gold["belief"] += 1
    fams = t.by_family()
    assert fams["nominal"]["recall"] == 0.5
    assert fams["nominal"]["f1"] is None
    assert fams["belief"]["f1"] == 0.0


def test_align_places_a_claim_whose_text_had_its_spaces_normalised() -> None:
    """A claim's text has a no-break space or a double space made one space; the report's
    own characters at the claim still find it in the .txt file (which may differ only by a
    trailing newline, so the two texts are not equal)."""
    report_text = "Intro line.\n\nThe mayor said,\u00a0“Rents  will rise.”"
    doc_text = report_text + "\n"
    start = report_text.index("The mayor")
    claim = common.PredClaim(
        "c1", "The mayor said, “Rents will rise.”", start, len(report_text), None
    )
    assert score.align([claim], report_text, doc_text) == {"c1": 0}
    shifted = "X" + report_text
    assert score.align([claim], report_text, shifted) == {"c1": 1}
