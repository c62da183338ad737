"""Sentence segmentation and the repair of paragraphs and links torn by a bad conversion."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkaudit.extract import find_continuations, split_sentences
from linkaudit.extract.sentences import fold
from linkaudit.extract.testing import build_document

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "north-korea-geopolitics.txt"


def texts(*paragraphs: str) -> list[str]:
    return [s.text for s in split_sentences(build_document(*paragraphs))]


def test_abbreviations_titles_and_months_do_not_end_sentences() -> None:
    """Mr., Dr., Gen. and Jan. keep their sentence together; the real period still splits."""
    got = texts("Mr. Smith met Dr. Jones and Gen. Milley on Jan. 5 in Paris. They spoke.")
    assert got == ["Mr. Smith met Dr. Jones and Gen. Milley on Jan. 5 in Paris.", "They spoke."]


def test_initials_and_numbers_do_not_end_sentences() -> None:
    """Initials ("M. K."), "No. 3" and decimals are not boundaries."""
    got = texts("By M. K. Bhadrakumar, page No. 3 says growth was 3.5 percent. It rose.")
    assert got == ["By M. K. Bhadrakumar, page No. 3 says growth was 3.5 percent.", "It rose."]


def test_dotted_acronym_splits_only_before_a_sentence_starter() -> None:
    """Given "U.S. officials" stays together, "the U.S. The ..." splits."""
    assert texts("U.S. officials met in the U.S. The talks failed.") == [
        "U.S. officials met in the U.S.",
        "The talks failed.",
    ]


def test_closing_quote_after_period_stays_with_its_sentence() -> None:
    """A closing quote after the period belongs to the sentence it closes, straight or curly."""
    assert texts('He said, "We will go." Then she left. “Fine.” It ended.') == [
        'He said, "We will go."',
        "Then she left.",
        "“Fine.”",
        "It ended.",
    ]


def test_ellipsis_splits_before_a_capital_only() -> None:
    """An ellipsis before a capital ends a sentence; before lowercase ("Putin,.. courting") not."""
    assert texts("It grew... Then it fell. For Putin,.. courting Kim helps.") == [
        "It grew...",
        "Then it fell.",
        "For Putin,.. courting Kim helps.",
    ]


def test_question_and_exclamation_marks_split() -> None:
    """? and ! end sentences, but not when the next word is lowercase (“...?” he asked)."""
    assert texts("Why? “Who knows?” he asked. Wow! Done.") == [
        "Why?",
        "“Who knows?” he asked.",
        "Wow!",
        "Done.",
    ]


def test_offsets_point_into_the_document_text() -> None:
    """Every sentence's text is the folded ``doc.text[start:end]`` and names its block."""
    doc = build_document("First one. Second one.", "Third para here.")
    sents = split_sentences(doc)
    assert [fold(doc.text[s.start : s.end]) for s in sents] == [s.text for s in sents]
    assert [s.block for s in sents] == [0, 0, 1]


def test_paragraph_torn_mid_sentence_is_repaired() -> None:
    """A block ending without punctuation followed by a lowercase block is one sentence."""
    doc = build_document(
        "Stalin wrote that “it is clear. Does it help? It", "undoubtedly does.”", "Next one."
    )
    sents = split_sentences(doc)
    assert [s.text for s in sents] == [
        "Stalin wrote that “it is clear.",
        "Does it help?",
        "It undoubtedly does.”",
        "Next one.",
    ]
    torn = sents[2]
    assert doc.text[torn.start : torn.end] == "It\n\nundoubtedly does.”"
    assert torn.block == 0


def test_blocks_ending_in_punctuation_or_followed_by_capitals_stay_apart() -> None:
    """Only the lowercase-continuation pattern repairs: complete paragraphs are left alone."""
    assert texts("A heading without a period", "Body starts here.", "Ends.", "lower but new.") == [
        "A heading without a period",
        "Body starts here.",
        "Ends.",
        "lower but new.",
    ]


def test_chrome_blocks_and_headings_are_handled() -> None:
    """Chrome blocks yield no sentences and a heading is never merged into the next block."""
    doc = build_document(
        ("Share this on Facebook", "chrome", "p"),
        ("Title of the piece", "body", "heading"),
        "lowercase lede starts here.",
    )
    assert [s.text for s in split_sentences(doc)] == [
        "Title of the piece",
        "lowercase lede starts here.",
    ]


def test_torn_link_is_a_continuation_and_one_sentence() -> None:
    """A link ending an unfinished block continues into a link opening the next block."""
    doc = build_document(
        "Kim [announced that unification with](#)",
        "[South Korea is no longer possible](#). Kim said more.",
    )
    assert find_continuations(doc) == {1: 0}
    assert [s.text for s in split_sentences(doc)] == [
        "Kim announced that unification with South Korea is no longer possible.",
        "Kim said more.",
    ]


@pytest.mark.parametrize(
    "paragraphs",
    [
        ("He [said so](#).", "[Next link](#) opens a block."),
        ("He [said so](#) today", "[Next link](#) opens a block."),
        ("He [said so](#)", "Then [a link](#) inside."),
    ],
)
def test_no_continuation_without_a_torn_link(paragraphs: tuple[str, str]) -> None:
    """Finished blocks, text after the link, or a next block not opening with a link: no pair."""
    assert find_continuations(build_document(*paragraphs)) == {}


def test_fixture_sentences() -> None:
    """On the fixture article the torn quote and the torn link are repaired into sentences."""
    load = pytest.importorskip("linkaudit.load", reason="the loader is not there yet")
    doc = load.load_path(str(FIXTURE))
    sents = split_sentences(doc)
    got = [s.text for s in sents]
    assert "It undoubtedly does.”" in got
    assert any(
        t.endswith("Kim announced that unification with South Korea is no longer possible.")
        for t in got
    )
    assert all(doc.blocks[s.block].role == "body" for s in sents)
    continued = find_continuations(doc)
    assert len(continued) == 1
    ((second, first),) = continued.items()
    assert doc.links[first].anchor == "announced that unification with"
    assert doc.links[second].anchor == "South Korea is no longer possible"
