"""The Global Research repost fixture: body vs chrome split, its 11 body links and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkaudit.load import load_path
from linkaudit.model import Document

FIXTURE = Path(__file__).parents[1] / "fixtures" / "north-korea-geopolitics.txt"

BODY_ANCHORS = [
    "reported",
    "agonising speculation",
    "Vaddi told Washington’s Center for Strategic and International Studies think tank",
    "Russian readout",
    "announced that unification with",
    "South Korea is no longer possible",
    "making a personal visit",
    "strengthen trilateral deterrence",
    "US-South Korea-Japan trilateral alliance",
    "sinking a US nuclear-powered aircraft carrier",
    "wrote recently",
]


@pytest.fixture(scope="module")
def doc() -> Document:
    if not FIXTURE.exists():
        pytest.skip("fixture article absent")
    return load_path(str(FIXTURE))


def block_texts(doc: Document, role: str) -> list[str]:
    return [doc.text[b.start : b.end] for b in doc.blocks if b.role == role]


def test_fixture_body_links_are_exactly_the_eleven_article_links(doc: Document) -> None:
    """The body links are the 11 in-article links, in order, all with the lost target `#`."""
    body = [link for link in doc.links if link.role == "body"]
    assert [link.anchor for link in body] == BODY_ANCHORS
    assert {link.href for link in body} == {"#"}
    assert all(doc.text[link.start : link.end] == link.anchor for link in doc.links)


def test_fixture_header_and_footer_are_chrome(doc: Document) -> None:
    """Byline, dateline, region/report labels and all from the source line down are chrome."""
    chrome = block_texts(doc, "chrome")
    assert chrome[:5] == [
        "By M. K. Bhadrakumar",
        "Global Research, January 24, 2024",
        "Indian Punchline",
        "Region: Asia, Russia and FSU",
        "In-depth Report: NORTH KOREA",
    ]
    assert chrome[5] == "The original source of this article is Indian Punchline"
    assert chrome[-1] == "For media inquiries: publications@globalresearch.ca"
    assert any(text.startswith("Disclaimer:") for text in chrome)
    assert "Become a Member of Global Research" in chrome
    chrome_hrefs = [link.href for link in doc.links if link.role == "chrome"]
    assert "http://www.globalresearch.ca" in chrome_hrefs
    assert chrome_hrefs.count("mailto:publications@globalresearch.ca") == 2


def test_fixture_body_keeps_title_lead_caption_and_every_paragraph(doc: Document) -> None:
    """The title heading is body (kind heading), then the italic lead and the bold caption."""
    body = [b for b in doc.blocks if b.role == "body"]
    assert (doc.text[body[0].start : body[0].end], body[0].kind) == (
        "Geopolitics is moving North Korea's way",
        "heading",
    )
    assert doc.text[body[1].start :].startswith("In less than three years")
    captions = [b for b in body if b.kind == "caption"]
    assert len(captions) == 1
    assert doc.text[captions[0].start : captions[0].end].startswith("President Vladimir Putin")
    last = doc.text[body[-1].start : body[-1].end]
    assert last.startswith("At any rate, an eastern front is opening")
    assert len(body) == 29  # title + 28 paragraphs, the split one counted twice


def test_fixture_split_paragraph_is_two_blocks(doc: Document) -> None:
    """ "It\\n\\nundoubtedly does.”" stays two blocks, both body."""
    texts = block_texts(doc, "body")
    i = next(k for k, t in enumerate(texts) if t.startswith("Stalin wrote that"))
    assert texts[i].endswith("It")
    assert texts[i + 1] == "undoubtedly does.”"


def test_fixture_metadata(doc: Document) -> None:
    """Title, publisher, author, date and format come from the header zone."""
    assert doc.format == "markdown"
    assert doc.title == "Geopolitics is moving North Korea's way"
    assert doc.publisher == "Global Research"
    assert doc.author == "M. K. Bhadrakumar"
    assert doc.date == "2024-01-24"
    assert doc.encoding == "utf-8"


def test_fixture_link_lines_match_the_file(doc: Document) -> None:
    """Every link's line_at is the line of the file where its `[anchor](#)` is written."""
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    for link in doc.links:
        line = lines[doc.line_at(link.start) - 1]
        assert f"[{link.anchor}](" in line, (link.anchor, doc.line_at(link.start))


def test_fixture_caption_lines_and_blocks_tile_the_text(doc: Document) -> None:
    """Blocks tile the text joined by exactly "\\n\\n"; the caption's second line maps."""
    for a, b in zip(doc.blocks, doc.blocks[1:], strict=False):
        assert doc.text[a.end : b.start] == "\n\n"
    assert doc.blocks[0].start == 0
    assert doc.blocks[-1].end == len(doc.text)
    moscow = doc.text.index("Moscow, Jan. 16, 2024")
    assert doc.line_at(moscow) == 20
