"""The HTML reader: main content vs chrome, link spans and lines, metadata, the news corpus."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from linkaudit.load import load_bytes, load_path
from linkaudit.load.assemble import BlockDraft, DraftLink
from linkaudit.load.html_vote import take_vote
from linkaudit.model import Document

DATA = Path(__file__).parent / "data" / "load"
CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus" / "news"
if not CORPUS.is_dir():  # the repository may sit one level deeper than ../shared
    CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news"


def links_by_role(doc: Document, role: str) -> list[tuple[str, str]]:
    return [(link.anchor, link.href) for link in doc.links if link.role == role]


@pytest.fixture(scope="module")
def article() -> Document:
    return load_path(str(DATA / "article.html"))


def test_body_links_are_the_article_links(article: Document) -> None:
    """Only <a href> in the article's prose are body links (an image credit is not), as written."""
    assert links_by_role(article, "body") == [
        ("said on Tuesday", "https://gov.example/statement"),
        ("a wire service", "https://wire.example/story?id=1&src=a"),
        ("a report", "#"),
    ]


def test_chrome_links_are_kept_in_document_order(article: Document) -> None:
    """Cookie banner, nav, byline, share bar, credit, related box, tags, footer links are chrome."""
    assert [href for _, href in links_by_role(article, "chrome")] == [
        "/privacy",
        "/",
        "/world",
        "/authors/ana-reyes",
        "https://facebook.example/share",
        "https://photos.example/1",
        "/world/older-story",
        "/tag/diplomacy",
        "/terms",
    ]


def test_scripts_styles_and_hidden_elements_are_dropped(article: Document) -> None:
    """Script, style and display:none content never reaches the text."""
    for gone in ("injected", "color: red", "Hidden text", "hidden link", "NewsArticle"):
        assert gone not in article.text
    assert "/hidden" not in [link.href for link in article.links]


def test_spans_blocks_and_kinds(article: Document) -> None:
    """Anchors match their spans; blocks are joined by "\\n\\n"; headline and caption kinds."""
    assert all(article.text[lk.start : lk.end] == lk.anchor for lk in article.links)
    for a, b in zip(article.blocks, article.blocks[1:], strict=False):
        assert article.text[a.end : b.start] == "\n\n"
    kinds = {article.text[b.start : b.end]: (b.role, b.kind) for b in article.blocks}
    assert kinds["Envoy says talks have stalled"] == ("body", "heading")
    assert kinds["The envoy in Geneva. Photo: Example Photos"] == ("chrome", "caption")  # credit
    assert kinds["By Ana Reyes"] == ("chrome", "p")
    assert "Analysts\nwere less pessimistic" in article.text  # <br> is a line break


def test_lines_come_from_the_source(article: Document) -> None:
    """line_at of each link and of text after a <br> is its line in the HTML file."""
    source = (DATA / "article.html").read_text(encoding="utf-8").split("\n")
    for link in article.links:
        line = source[article.line_at(link.start) - 1]
        assert f">{link.anchor.split()[0]}" in line or link.anchor.split()[0] in line, link
    were = article.text.index("were less pessimistic")
    assert "were less pessimistic" in source[article.line_at(were) - 1]


def test_metadata_from_json_ld_og_and_canonical(article: Document) -> None:
    """JSON-LD headline/date/authors/publisher and rel=canonical fill the metadata."""
    assert article.format == "html"
    assert article.title == "Envoy says talks have stalled"
    assert article.publisher == "Daily Example Media"
    assert article.author == "Ana Reyes, Li Wei"
    assert article.authors == ("Ana Reyes", "Li Wei")
    assert article.date == "2024-03-05"
    assert article.canonical_url == "https://daily.example/world/envoy-talks"


def test_densest_paragraphs_win_without_markup_hints() -> None:
    """With no article markup, the block with the most paragraph text is the body."""
    prose = "A long sentence about the matter, with commas, clauses, and more words here. " * 3
    page = (
        "<html><head><title>T</title></head><body>"
        "<div id='menu'><a href='/a'>A section</a> <a href='/b'>B section</a></div>"
        f"<div><p>{prose}<a href='https://src.example/'>source</a>.</p><p>{prose}</p></div>"
        "<div><p>Short teaser <a href='/t'>teaser</a></p></div>"
        "</body></html>"
    ).encode()
    doc = load_bytes(page, "page.html")
    assert links_by_role(doc, "body") == [("source", "https://src.example/")]
    assert ("teaser", "/t") in links_by_role(doc, "chrome")
    assert ("A section", "/a") in links_by_role(doc, "chrome")
    assert doc.title == "T"


def test_fragment_entities_pre_and_time() -> None:
    """A fragment with entities, <pre> lines and <time datetime> loads with exact values."""
    page = (
        b"<div><p>Fish &amp; chips&nbsp;cost <a href='/p?a=1&amp;b=2'>&pound;5</a> now, the owner "
        b"said to reporters on the pier, and nobody there disagreed with that assessment.</p>\n"
        b"<pre>line one\nline two</pre>\n"
        b"<p>Posted <time datetime='2021-06-30T10:00'>June 30</time></p></div>"
    )
    doc = load_bytes(page, "frag")
    assert doc.format == "html"
    assert doc.links[0].anchor == "£5"
    assert doc.links[0].href == "/p?a=1&b=2"
    assert "Fish & chips\u00a0cost £5 now" in doc.text
    two = doc.text.index("line two")
    assert doc.line_at(two) == 3
    assert doc.date == "2021-06-30"


def test_anchor_whitespace_is_collapsed_and_trimmed_from_the_span() -> None:
    """Whitespace inside and around an anchor collapses; the span covers only its words."""
    page = (
        b'<p>See<a href="/a"> the  report </a>now, and <a href="/b">\n  more\n</a> <em>x</em>.</p>'
    )
    doc = load_bytes(page, "x.html")
    assert doc.text == "See the report now, and more x."
    assert [(lk.anchor, lk.start, lk.end) for lk in doc.links] == [
        ("the report", 4, 14),
        ("more", 24, 28),
    ]


def test_link_spanning_blocks_keeps_its_first_block_anchor() -> None:
    """A teaser <a> wrapping a heading and a paragraph is one link anchored on the heading."""
    page = b"<body><a href='/story'><h3>Headline</h3><p>Summary text</p></a></body>"
    doc = load_bytes(page, "t.html")
    assert [(lk.anchor, lk.href) for lk in doc.links] == [("Headline", "/story")]


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared news corpus absent")


@needs_corpus
def test_every_corpus_page_loads_fast_with_body_text() -> None:
    """All 20 news pages load, each with body blocks, exact spans and well under a second."""
    pages = sorted(CORPUS.glob("*.html"))
    assert len(pages) == 20
    slowest = 0.0
    for page in pages:
        started = time.perf_counter()
        doc = load_path(str(page))
        slowest = max(slowest, time.perf_counter() - started)
        assert doc.format == "html"
        assert sum(1 for b in doc.blocks if b.role == "body") >= 3, page.name
        assert any(b.role == "chrome" for b in doc.blocks), page.name
        assert all(doc.text[lk.start : lk.end] == lk.anchor for lk in doc.links), page.name
        assert doc.title, page.name
    assert slowest < 1.0, slowest


@pytest.mark.parametrize(
    ("page", "body", "chrome", "meta"),
    [
        (
            "theguardian.com.academics.html",
            [
                (
                    "report by the University and College Union",
                    "https://www.ucu.org.uk/media/10681/",
                ),
                ("Universities and Colleges Employers’ Association", "https://www.ucea.ac.uk/"),
            ],
            [("Skip to main content", "#maincontent"), ("Higher education", None)],
            ("Richard Adams", "2020-01-20"),
        ),
        (
            "timesofisrael.com.washington.html",
            [
                ("only the second", None),
                ("Gov. Inslee said", None),
                ("said after her appointment", None),
            ],
            [],
            (None, None),
        ),
        (
            "nytimes.com.blackouts.html",
            [
                ("data", "https://www.caiso.com/Documents/CaliforniaISOPeakLoadHistory.pdf"),
                ("2019 resource assessment.", None),
            ],
            [
                ("Skip to content", "#site-content"),
                ("Ivan Penn", "https://www.nytimes.com/by/ivan-penn"),
            ],
            ("Ivan Penn", "2020-08-16"),
        ),
        (
            "bbc.com.52241221.html",
            [
                ("according to government data", None),
                ("unemployment claims had topped 6 million", None),
            ],
            [("Homepage", "https://www.bbc.co.uk"), ("iPlayer", "https://www.bbc.co.uk/iplayer")],
            (None, "2020-04-10"),
        ),
    ],
)
@needs_corpus
def test_corpus_page_body_and_chrome_links(
    page: str,
    body: list[tuple[str, str | None]],
    chrome: list[tuple[str, str | None]],
    meta: tuple[str | None, str | None],
) -> None:
    """Known article links of a real page are body (href prefix); its nav links are chrome."""
    doc = load_path(str(CORPUS / page))
    for role, expected in (("body", body), ("chrome", chrome)):
        found = [(lk.anchor, lk.href) for lk in doc.links if lk.role == role]
        for anchor, href in expected:
            assert any(a == anchor and (href is None or h.startswith(href)) for a, h in found), (
                role,
                anchor,
            )
    author, date = meta
    if author is not None:
        assert doc.author == author
    if date is not None:
        assert doc.date == date


def test_link_list_page_without_prose_is_all_body() -> None:
    """A page that is only a list of links (the link-zoo corpus shape) has every link body."""
    items = "\n".join(
        f'<li><a href="http://127.0.0.1:8765/ok?id=ok-{k}">link {k}</a></li>' for k in range(30)
    )
    page = f"<!DOCTYPE html>\n<html><head><title>Links</title></head><body>\n<ul>\n{items}\n</ul>"
    doc = load_bytes(page.encode(), "links.html")
    assert len(doc.links) == 30
    assert {link.role for link in doc.links} == {"body"}
    assert doc.line_at(doc.links[29].start) == 33


GOLD = Path(__file__).parent / "gold"


def _fold(text: str) -> str:
    for a, b in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    return "".join(text.lower().split())


@needs_corpus
@pytest.mark.skipif(not GOLD.is_dir(), reason="attribution gold set absent")
def test_gold_claim_sentences_land_in_body_blocks() -> None:
    """At least 98% of hand-annotated claim snippets fall inside body (not chrome) text."""
    total = found = 0
    for gold in sorted(GOLD.glob("*.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        page = str(data.get("page", ""))
        path = Path(__file__).parents[1] / page if page.startswith("fixtures") else CORPUS / page
        if not path.is_file():
            continue
        doc = load_path(str(path))
        body = _fold("".join(doc.text[b.start : b.end] for b in doc.blocks if b.role == "body"))
        for claim in data.get("claims", []):
            total += 1
            found += _fold(str(claim["sentence"])) in body
    assert total >= 100
    assert found / total >= 0.98, (found, total)


@pytest.mark.parametrize("eol", ["\r\n", "\r", "\n"])
def test_html_lines_with_any_line_ending(eol: str) -> None:
    """CRLF, CR-only and LF pages give each link the line an editor shows."""
    page = eol.join(
        ["<html>", "<body>", '<p>One <a href="/a">a</a>', 'line <a href="/b">b</a></p>']
    )
    doc = load_bytes(page.encode(), "x.html")
    assert [(lk.anchor, doc.line_at(lk.start)) for lk in doc.links] == [("a", 3), ("b", 4)]


def _chunked_page() -> bytes:
    """An invented column whose body is cut into three containers of one class around an ad
    slot and a newsletter box, with a teaser list set inside the last container."""
    para = (
        "<p>The {n} paragraph of the column says something about ferry timetables, harbour "
        "fees and the island councils, with enough words and commas to read as prose.</p>"
    )
    chunk = '<div class="grid-item story__body">{}</div>'
    first = chunk.format("".join(para.format(n=f"opening {i}") for i in range(2)))
    second = chunk.format("".join(para.format(n=f"middle {i}") for i in range(5)))
    teasers = (
        '<div class="heading-h3">More Great Stories</div><ul>'
        '<li>Gulls learn <a href="/gulls">the ferry timetable</a></li>'
        '<li>Why harbours <a href="/harbours">charge what they charge</a>, and more</li></ul>'
    )
    third = chunk.format(para.format(n="closing") + teasers)
    page = (
        "<html><head><title>Ferries</title></head><body><main><article><h1>Ferries</h1>"
        f'<div class="chunks">{first}<div class="ad-slot">Advertisement</div>{second}'
        f'<div class="newsletter-box"><p>Sign up for the harbour letter.</p></div>{third}</div>'
        "</article></main><footer><p>Footer text of the site.</p></footer></body></html>"
    )
    return page.encode()


def test_a_body_cut_into_chunks_is_all_body() -> None:
    """Every container of the body's class is the article, not just the densest one; the ad,
    the newsletter box and the teaser list inside the last container stay chrome."""
    doc = load_bytes(_chunked_page(), "chunked.html")
    body = [doc.text[b.start : b.end] for b in doc.blocks if b.role == "body"]
    prose = [t for t in body if t.startswith("The ")]
    assert [t.split()[1] for t in prose] == ["opening"] * 2 + ["middle"] * 5 + ["closing"]
    assert not any("Advertisement" in t or "harbour letter" in t for t in body)


def test_the_vote_leaves_a_chunk_it_did_not_read() -> None:
    """trafilatura often reads one container of a cut-up body: the others keep our role (it had
    no opinion on them), all but the teaser list items with links set inside them; a chunk it
    did read is voted on as usual."""
    prose = "The {} paragraph talks at length about ferry timetables and harbour fees here."

    def draft(text: str, chunk: int, kind: str = "p", link: bool = False) -> BlockDraft:
        links = [DraftLink(0, 5, "/x", "html")] if link else []
        return BlockDraft(text, kind, "body", links, flags={f"chunk{chunk}"})

    drafts = [
        draft(prose.format("first"), 1),
        draft(prose.format("second"), 1),
        draft("Sign up for our harbour letter today, readers, it is free.", 1),
        draft(prose.format("third"), 2),
        draft("Gulls learn the ferry timetable", 2, "li", link=True),
    ]
    second = " ".join(d.text for d in drafts[:2])  # trafilatura read chunk 1, not the letter
    take_vote(drafts, second)
    assert [d.role for d in drafts] == ["body", "body", "chrome", "body", "chrome"]
