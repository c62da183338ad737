"""HTML format (static checks): self-contained, escaped, every claim highlighted by basis."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html import unescape

from bs4 import BeautifulSoup

from golden import assert_golden
from linkaudit.model import BASES
from linkaudit.render import render_reports
from linkaudit.render.html import article_html
from report_samples import bare_report, rich_report


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_html_golden() -> None:
    """The HTML rendering of the rich sample matches its golden file exactly."""
    assert_golden("rich.html", render_reports([rich_report()], "html"))


def test_html_multi_golden() -> None:
    """Two reports (one without article text) render as the golden file pins."""
    assert_golden("multi.html", render_reports([rich_report(), bare_report()], "html"))


def test_page_is_self_contained() -> None:
    """No external stylesheet, script, image, font or frame is loaded by the page."""
    soup = _soup(render_reports([rich_report()], "html"))
    assert not soup.find_all("link")
    assert not soup.find_all(["img", "iframe", "object", "embed"])
    assert all(not s.get("src") for s in soup.find_all("script"))
    css = " ".join(s.get_text() for s in soup.find_all("style"))
    assert "url(" not in css
    assert "@import" not in css


def test_claim_text_is_escaped() -> None:
    """'<script>' in a claim appears only as text: no script element is injected."""
    html = render_reports([rich_report()], "html")
    soup = _soup(html)
    assert len(soup.find_all("script")) == 2  # the data block and the page's own script
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert" in html
    assert any('<script>alert("x")</script>' in m.get_text() for m in soup.select("mark.claim"))


def test_data_block_is_json_that_cannot_close_the_script() -> None:
    """The embedded report data parses as JSON and holds no '</' that could end the block."""
    soup = _soup(render_reports([rich_report()], "html"))
    block = soup.find("script", id="linkaudit-data")
    assert block is not None
    raw = block.get_text()
    assert "</" not in raw
    data = json.loads(raw)
    assert [c["id"] for c in data["r1"]["claims"]] == [f"c{i}" for i in range(1, 7)]
    assert data["r1"]["document"]["text"] is None  # the article is on the page already


def test_every_claim_is_highlighted_with_its_basis() -> None:
    """Each claim is one <mark> with its basis class and letter tag, spanning its sentence."""
    report = rich_report()
    soup = _soup(render_reports([report], "html"))
    marks = {m["data-claim"]: m for m in soup.select("mark.claim")}
    assert set(marks) == {c.id for c in report.claims}
    for c in report.claims:
        mark = marks[c.id]
        assert f"b-{c.basis}" in mark["class"]
        assert mark["data-basis"] == c.basis
        assert mark.select_one(".btag") is not None
        text = mark.get_text()
        # the letter tag, link status tags and source names are additions; the sentence
        # itself is all there
        for tag in mark.select(".btag, .ltag, .srcname"):
            text = text.replace(tag.get_text(), "", 1)
        assert text == c.text


def test_article_keeps_the_text_between_claims() -> None:
    """With the markup stripped, the article is exactly the document text."""
    report = rich_report()
    # regexes, not bs4: bs4 folds whitespace-only strings, and blank lines matter here
    html = str(article_html(report, "r1"))
    html = re.sub(r'<(span|sup) class="([bl]tag|srcname)"[^>]*>[^<]*</\1>', "", html)
    html = re.sub(r"<summary>[^<]*</summary>", "", html)  # the fold's label of page chrome
    assert unescape(re.sub(r"<[^>]+>", "", html)) == report.document.text


def test_links_are_marked_inside_their_claims() -> None:
    """Each body link's anchor is marked with its status inside the claim it belongs to."""
    report = rich_report()
    soup = _soup(render_reports([report], "html"))
    for k in report.links:
        span = soup.select_one(f'.lnk[data-link="{k.id}"]')
        assert span is not None, k.id
        assert span["data-status"] == k.status
        owner = span.find_parent("mark")
        assert (owner["data-claim"] if owner else None) == k.claim


def test_legend_counts_match_report() -> None:
    """The legend shows each basis count and each present link status count."""
    report = rich_report()
    soup = _soup(render_reports([report], "html"))
    by_basis = report.by_basis()
    counts = {el["data-basis-count"]: el.get_text() for el in soup.select("[data-basis-count]")}
    assert counts == {b: str(by_basis[b]) for b in BASES}
    statuses = {el["data-status-count"]: el.get_text() for el in soup.select("[data-status-count]")}
    assert statuses == {s: str(n) for s, n in report.by_status().items()}
    inputs = soup.select(".legend input[type=checkbox]")
    assert len(inputs) == len(BASES) + len(report.by_status())


def test_report_without_text_lists_claims() -> None:
    """With document.text null there is no article, and the claims table still lists them."""
    soup = _soup(render_reports([bare_report()], "html"))
    assert soup.select_one("article.text") is None
    assert "carries no article text" in soup.get_text()
    rows = soup.select("tr.claim-row")
    assert [r["data-claim"] for r in rows] == ["c1", "c2"]
    assert [r["data-basis"] for r in rows] == ["primary", "unsourced"]


def test_overlapping_claims_do_not_break_nesting() -> None:
    """A claim overlapping another is left unmarked in the text (still in the table)."""
    report = rich_report()
    c1 = report.claims[0]
    overlap = replace(report.claims[1], start=c1.end - 5, end=c1.end + 5)
    report = replace(report, claims=(c1, overlap, *report.claims[2:]))
    html = render_reports([report], "html")
    soup = _soup(html)
    assert soup.select_one('mark.claim[data-claim="c2"]') is None
    assert soup.select_one('tr.claim-row[data-claim="c2"]') is not None
    assert len(re.findall("<mark ", html)) == len(re.findall("</mark>", html))


def test_link_urls_are_attribute_escaped() -> None:
    """A URL holding '&' and '<' is escaped inside href and never opens a tag."""
    html = render_reports([rich_report()], "html")
    assert 'href="https://blog.example.com/p?id=1&amp;x=&lt;b&gt;"' in html
    assert "x=<b>" not in html


def test_only_web_urls_become_links() -> None:
    """A javascript: URL from a tampered saved report is shown as text, never as an href."""
    report = rich_report()
    evil = "javascript:alert(document.cookie)"
    link = replace(report.links[3], url=evil)
    doc = replace(report.document, canonical_url="javascript:alert(2)")
    html = render_reports(
        [replace(report, document=doc, links=(*report.links[:3], link, *report.links[4:]))],
        "html",
    )
    soup = _soup(html)
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs
    # web URLs, and in-page links from the overview to a claim or link
    assert all(h.startswith(("http://", "https://", "#")) for h in hrefs)
    assert evil in soup.get_text()


def test_overview_comes_first_and_names_what_an_editor_must_fix() -> None:
    """Before the article: broken evidence with its archive state, claims left with only
    broken evidence, state-media-only claims and findings linked to their place."""
    report = rich_report()
    html = render_reports([report], "html")
    soup = _soup(html)
    overview = soup.select_one(".overview")
    assert overview is not None
    assert html.index('class="overview"') < html.index('<article class="text">')
    bad = [k for k in report.links if k.role == "body" and k.status in ("dead", "missing-target")]
    evidence = overview.select("ul.evidence li")
    assert len(evidence) >= len(bad)
    assert any("archived" in li.get_text() for li in evidence)
    state = {a.get_text() for a in overview.select("ul.state-only a")}
    assert state == {c.id for c in report.claims if c.basis == "state-media"}
    for a in overview.select("li.finding a"):
        assert soup.select_one(a["href"]) is not None  # every finding jumps to its place


def test_index_table_for_many_documents() -> None:
    """A run of several documents starts with one index row per document, linking to it."""
    soup = _soup(render_reports([rich_report(), bare_report()], "html"))
    rows = soup.select("table.index tbody tr")
    assert [r.select_one("a")["href"] for r in rows] == ["#r1", "#r2"]
    assert soup.select_one("table.index tfoot") is not None
    assert soup.select_one("#r2") is not None
