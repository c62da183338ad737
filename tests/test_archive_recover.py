"""Anchor-text recovery of lost link targets from an HTML copy of the original page."""

from __future__ import annotations

from pathlib import Path

from linkaudit.archive import recover_targets
from linkaudit.archive.recover import is_lost, original_anchors
from linkaudit.load import load_path
from linkaudit.model import Document, RawLink

ROOT = Path(__file__).resolve().parents[1]
REPOST = ROOT / "fixtures" / "north-korea-geopolitics.txt"
ORIGINAL = ROOT / "fixtures" / "original" / "north-korea-geopolitics.html"
BASE = "https://www.indianpunchline.com/geopolitics-is-moving-north-koreas-way/"


def recovered_by_anchor() -> tuple[Document, dict[int, str]]:
    doc = load_path(str(REPOST))
    return doc, recover_targets(doc, ORIGINAL.read_text(encoding="utf-8"), BASE)


def test_every_body_link_of_the_repost_is_recovered() -> None:
    """Each lost [anchor](#) in the repost's body gets the original page's target."""
    doc, found = recovered_by_anchor()
    body = [i for i, link in enumerate(doc.links) if link.role == "body" and is_lost(link.href)]
    assert len(body) == 11
    assert all(i in found for i in body)
    by_anchor = {doc.links[i].anchor: found[i] for i in body}
    assert by_anchor["reported"].startswith("https://kcnawatch.org/")
    assert by_anchor["Russian readout"].startswith("https://mid.ru/en/")
    assert by_anchor["wrote recently"].startswith("https://globalaffairs.ru/")
    assert (
        "csis.org"
        in by_anchor[
            "Vaddi told Washington’s Center for Strategic and International Studies think tank"
        ]
    )


def test_split_link_gets_the_single_original_target() -> None:
    """The two halves of the split 'announced ... no longer possible' link share one target."""
    doc, found = recovered_by_anchor()
    first = next(i for i, lk in enumerate(doc.links) if lk.anchor.startswith("announced that"))
    second = first + 1
    assert doc.links[second].anchor == "South Korea is no longer possible"
    assert found[first] == found[second]
    assert "unification-with-south-no-longer-possible" in found[first]


def test_relative_hrefs_are_made_absolute_against_the_page() -> None:
    """An href relative to the original page resolves against the base URL given."""
    doc, found = recovered_by_anchor()
    i = next(i for i, lk in enumerate(doc.links) if lk.anchor.startswith("US-South Korea"))
    assert found[i] == (
        "https://www.indianpunchline.com/camp-david-summit-sets-the-stage-for-an-asian-nato/"
    )


def test_anchors_absent_from_the_original_stay_lost() -> None:
    """The repost's own chrome links (regions, membership) are not invented a target."""
    doc, found = recovered_by_anchor()
    for i, link in enumerate(doc.links):
        if link.anchor in ("Asia", "Russia and FSU", "Become a Member of Global Research"):
            assert i not in found, link.anchor
        if not is_lost(link.href):
            assert i not in found  # mailto: and real URLs are left alone


def test_chrome_anchors_present_in_the_original_are_recovered() -> None:
    """Chrome anchors match the original's chrome by text alone (author page, tag page)."""
    doc, found = recovered_by_anchor()
    tag = next(i for i, lk in enumerate(doc.links) if lk.anchor == "NORTH KOREA")
    # a known limit of matching by text: the repost's "In-depth Report" link takes the tag page
    assert found[tag] == "https://www.indianpunchline.com/tag/north-korea/"
    author = [i for i, lk in enumerate(doc.links) if lk.anchor == "M. K. Bhadrakumar"]
    assert author
    assert {found[i] for i in author} == {"https://www.indianpunchline.com/author/mkbhadrakumar/"}


def test_the_html_fixture_loads_as_an_article() -> None:
    """The original-page reconstruction loads with its canonical URL and body links."""
    doc = load_path(str(ORIGINAL))
    assert doc.canonical_url == BASE
    body_anchors = {lk.anchor for lk in doc.links if lk.role == "body"}
    assert "announced that unification with South Korea is no longer possible" in body_anchors


# ------------------------------------------------------------------ rules on small pages


def doc_with(*links: tuple[str, str]) -> Document:
    text = " ".join(a for a, _ in links)
    raw: list[RawLink] = []
    pos = 0
    for anchor, href in links:
        raw.append(RawLink(anchor, href, pos, pos + len(anchor), "body"))
        pos += len(anchor) + 1
    return Document("t.md", "markdown", text, "0" * 64, (), tuple(raw))


def test_folding_ignores_case_quotes_dashes_and_spacing() -> None:
    """Anchors differing only in case, quote marks, dash kind and spacing still match."""
    html = '<a href="/a">The “Kremlin’s”  readout — in full</a>'
    doc = doc_with(('the "kremlin\'s" readout - in  full', "#"))
    assert recover_targets(doc, html, "https://site.example/p/") == {0: "https://site.example/a"}


def test_repeated_anchors_map_in_order() -> None:
    """The k-th lost link with a text takes the k-th original anchor with that text."""
    html = '<a href="https://x/1">said</a> <a href="https://x/2">said</a>'
    doc = doc_with(("said", "#"), ("said", ""), ("said", "javascript:void(0)"))
    assert recover_targets(doc, html, "https://x/") == {
        0: "https://x/1",
        1: "https://x/2",
        2: "https://x/2",
    }


def test_only_adjacent_links_are_joined() -> None:
    """Halves are joined only when no other link stands between them."""
    html = '<a href="https://x/whole">first half second half</a>'
    split = doc_with(("first half", "#"), ("second half", "#"))
    assert recover_targets(split, html, "https://x/") == {
        0: "https://x/whole",
        1: "https://x/whole",
    }
    apart = doc_with(("first half", "#"), ("other", "https://y/"), ("second half", "#"))
    assert recover_targets(apart, html, "https://x/") == {}


def test_truncated_anchor_matches_a_unique_longer_one() -> None:
    """A long enough anchor that begins exactly one original anchor takes its target."""
    html = '<a href="https://x/long">strengthen trilateral deterrence efforts</a>'
    assert recover_targets(doc_with(("strengthen trilateral", "#")), html, "https://x/") == {
        0: "https://x/long"
    }
    assert recover_targets(doc_with(("strengthen", "#")), html, "https://x/") == {}


def test_unusable_original_hrefs_are_ignored() -> None:
    """javascript:, fragment-only and mailto: anchors in the original are never targets."""
    html = (
        '<base href="https://cdn.example/">'
        '<a href="javascript:void(0)">Search</a><a href="#top">Top</a>'
        '<a href="mailto:a@b.c">Mail</a><a href="rel/x">Rel</a>'
    )
    assert original_anchors(html, "https://site.example/") == [("rel", "https://cdn.example/rel/x")]


def test_targets_from_a_wayback_replay_are_the_original_urls() -> None:
    """Hrefs rewritten by a Wayback replay recover to the URLs they wrap, not to the archive."""
    html = (
        '<a href="/web/20240121064217/https://www.reuters.com/world/x/">Reuters report</a>'
        '<a href="https://web.archive.org/web/20240121064217id_/http://mid.ru/en/1/">readout</a>'
        '<a href="https://www.csis.org/analysis/y">CSIS</a>'
    )
    doc = doc_with(("Reuters report", "#"), ("readout", "#"), ("CSIS", "#"))
    base = "https://web.archive.org/web/20240121064217/https://www.indianpunchline.com/p/"
    assert recover_targets(doc, html, base) == {
        0: "https://www.reuters.com/world/x/",
        1: "http://mid.ru/en/1/",
        2: "https://www.csis.org/analysis/y",
    }


def test_local_copy_resolves_relative_hrefs_by_its_canonical_url() -> None:
    """Given a file path as base, relative hrefs resolve against the page's canonical URL."""
    doc = load_path(str(REPOST))
    found = recover_targets(doc, ORIGINAL.read_text(encoding="utf-8"), str(ORIGINAL))
    i = next(i for i, lk in enumerate(doc.links) if lk.anchor.startswith("US-South Korea"))
    assert found[i].startswith("https://www.indianpunchline.com/camp-david-summit")
    page = '<meta property="og:url" content="https://x.example/a/b"><a href="c">See</a>'
    assert recover_targets(doc_with(("see", "#")), page, "saved.html") == {
        0: "https://x.example/a/c"
    }
