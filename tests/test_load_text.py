"""The plain-text/Markdown reader: plain text, exact link spans, blocks and input lines."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from linkaudit.load import load_bytes
from linkaudit.model import Document
from linkaudit.schema import load_schema
from test_cli import run


def load_md(source: str, path: str = "a.md") -> Document:
    return load_bytes(source.encode("utf-8"), path)


def spans_hold(doc: Document) -> bool:
    return all(doc.text[link.start : link.end] == link.anchor for link in doc.links)


def test_inline_link_becomes_its_anchor_with_exact_span() -> None:
    """`[a](href)` leaves only the anchor in the text and the span points at it."""
    doc = load_md("The agency [reported](https://ex.com/a) on it.\n")
    assert doc.text == "The agency reported on it."
    (link,) = doc.links
    assert (link.anchor, link.href, link.kind, link.start, link.end) == (
        "reported",
        "https://ex.com/a",
        "markdown",
        11,
        19,
    )


def test_link_titles_angle_destinations_and_nested_parens_are_parsed() -> None:
    """Titles are dropped, <dest> loses its brackets, balanced parens stay in the href."""
    doc = load_md(
        '[one](http://a.org/x "Title") [two](<http://b.org/a b>) '
        "[three](https://en.wikipedia.org/wiki/Foo_(bar)) [four](/rel 'T')\n"
    )
    assert doc.text == "one two three four"
    assert [link.href for link in doc.links] == [
        "http://a.org/x",
        "http://b.org/a b",
        "https://en.wikipedia.org/wiki/Foo_(bar)",
        "/rel",
    ]
    assert spans_hold(doc)


def test_lost_targets_are_kept_with_their_href() -> None:
    """Links whose target is `#`, empty or javascript: are kept as written."""
    doc = load_md("[a](#) and [b]() and [c](javascript:void(0))\n")
    assert [(link.anchor, link.href) for link in doc.links] == [
        ("a", "#"),
        ("b", ""),
        ("c", "javascript:void(0)"),
    ]


def test_reference_links_full_collapsed_and_shortcut() -> None:
    """`[a][ref]`, `[a][]` and `[a]` resolve through definitions, which leave no text."""
    doc = load_md(
        "See [the report][Rep], [Docs][] and [docs].\n\n"
        "[rep]: https://ex.com/report\n"
        '[docs]: <https://ex.com/docs> "Docs"\n'
    )
    assert doc.text == "See the report, Docs and docs."
    assert [(link.anchor, link.href) for link in doc.links] == [
        ("the report", "https://ex.com/report"),
        ("Docs", "https://ex.com/docs"),
        ("docs", "https://ex.com/docs"),
    ]
    assert len(doc.blocks) == 1


def test_undefined_reference_and_footnote_stay_literal() -> None:
    """Brackets that are no link stay in the text and make no RawLink."""
    doc = load_md("An [aside] and a note[^1] here.\n")
    assert doc.text == "An [aside] and a note[^1] here."
    assert doc.links == ()


def test_autolinks_and_mailto() -> None:
    """`<https://...>` and `<user@host>` autolinks and mailto: links are links."""
    doc = load_md("Mail <ed@ex.com> or see <https://ex.com/x>, [us](mailto:a@b.org).\n")
    assert doc.text == "Mail ed@ex.com or see https://ex.com/x, us."
    assert [(link.anchor, link.href) for link in doc.links] == [
        ("ed@ex.com", "mailto:ed@ex.com"),
        ("https://ex.com/x", "https://ex.com/x"),
        ("us", "mailto:a@b.org"),
    ]


@pytest.mark.parametrize(
    ("prose", "url"),
    [
        ("Read https://ex.com/a.", "https://ex.com/a"),
        ("(see https://ex.com/a)", "https://ex.com/a"),
        (
            "at https://en.wikipedia.org/wiki/Foo_(bar), then",
            "https://en.wikipedia.org/wiki/Foo_(bar)",
        ),
        ("visit www.ex.org/path?x=1!", "www.ex.org/path?x=1"),
        ("“quoted https://ex.com/q”", "https://ex.com/q"),
        ("write mailto:desk@ex.com;", "mailto:desk@ex.com"),
    ],
)
def test_bare_urls_trim_trailing_punctuation_and_unbalanced_brackets(prose: str, url: str) -> None:
    """A bare URL in prose ends before trailing punctuation and an unbalanced closer."""
    doc = load_md(prose + "\n", "a.txt")
    (link,) = doc.links
    assert (link.href, link.anchor, link.kind) == (url, url, "bare")
    assert doc.text[link.start : link.end] == url


def test_bare_url_inside_a_word_is_not_a_link() -> None:
    """`awww.example` or a URL glued to a word is not taken as a bare link."""
    doc = load_md("gawww.example.com and xhttps://nope.example\n", "a.txt")
    assert doc.links == ()


def test_markdown_syntax_is_removed_from_text() -> None:
    """Heading #s, emphasis, list markers, images, code ticks and escapes leave the text."""
    doc = load_md(
        "# Title #\n\n"
        "Some **bold**, *em*, _under_ and `code` with \\*stars\\*.\n\n"
        "- first item\n"
        "* second [item](http://x.org)\n"
        "1. third\n\n"
        "![a chart](chart.png)\n\n"
        "> quoted words\n"
    )
    texts = [doc.text[b.start : b.end] for b in doc.blocks]
    assert texts == [
        "Title",
        "Some bold, em, under and code with *stars*.",
        "first item",
        "second item",
        "third",
        "quoted words",
    ]
    assert [b.kind for b in doc.blocks] == ["heading", "p", "li", "li", "li", "quote"]
    assert doc.links[0].anchor == "item"


def test_intraword_underscores_and_lone_stars_are_text() -> None:
    """snake_case words and a spaced `*` are not emphasis and stay as written."""
    doc = load_md("Use snake_case_name and 5 * 3 here.\n")
    assert doc.text == "Use snake_case_name and 5 * 3 here."


def test_blocks_are_separated_by_exactly_two_newlines() -> None:
    """Every block span is a paragraph and the text between blocks is exactly "\\n\\n"."""
    doc = load_md("One\ntwo\n\n\n\nThree\n\n![img](x.png)\n\nFour\n")
    assert doc.text == "One\ntwo\n\nThree\n\nFour"
    for a, b in zip(doc.blocks, doc.blocks[1:], strict=False):
        assert doc.text[a.end : b.start] == "\n\n"


def test_split_paragraph_stays_two_blocks() -> None:
    """A paragraph split by a bad conversion is kept as two blocks for a later stage to repair."""
    doc = load_md("Stalin wrote: “Does it not? It\n\nundoubtedly does.”\n")
    assert [doc.text[b.start : b.end] for b in doc.blocks] == [
        "Stalin wrote: “Does it not? It",
        "undoubtedly does.”",
    ]


def test_line_numbers_of_links_follow_the_input_file() -> None:
    """Doc.line_at gives each link's 1-based line in the input, past removed lines."""
    source = (
        "---\ntitle: T\n---\n\n"  # front matter, lines 1-3
        "# Heading\n\n"  # line 5
        "first [a](#) line\n"  # line 7
        "![img](x.png)\n"  # line 8: removed
        "second [b](#) and\n"  # line 9
        "[rep]: http://x\n\n"  # line 10: not a definition (inside a paragraph)
        "```\ncode\n\nmore\n```\n\n"  # lines 12-16
        "> [c](#)\n"  # line 18
    )
    doc = load_md(source)
    lines = {link.anchor: doc.line_at(link.start) for link in doc.links}
    assert lines == {"a": 7, "b": 9, "http://x": 10, "c": 18}
    pre = next(b for b in doc.blocks if b.kind == "pre")
    assert doc.text[pre.start : pre.end] == "code\nmore"
    assert doc.line_at(pre.start) == 13
    assert doc.line_at(doc.text.index("more")) == 15
    assert doc.title == "T"


def test_crlf_input_keeps_lines_and_offsets() -> None:
    """CRLF line endings count as one line each and never reach the text."""
    doc = load_md("Para one.\r\n\r\nPara [two](#)\r\nwraps.\r\n")
    assert doc.text == "Para one.\n\nPara two\nwraps."
    assert doc.line_at(doc.links[0].start) == 3
    assert doc.line_at(doc.text.index("wraps")) == 4


def test_setext_heading_and_hr() -> None:
    """`===` underlines make a heading; a lone `---` rule leaves no text."""
    doc = load_md("Big Title\n=========\n\nText.\n\n---\n\nMore text.\n")
    assert [(doc.text[b.start : b.end], b.kind) for b in doc.blocks] == [
        ("Big Title", "heading"),
        ("Text.", "p"),
        ("More text.", "p"),
    ]


def test_inline_html_links_and_tags_in_markdown() -> None:
    """`<a href>` in Markdown is an html-kind link and other inline tags vanish."""
    doc = load_md('A <b>bold</b> <a href="https://ex.com/?a=1&amp;b=2">claim</a>.<br>\n')
    assert doc.text == "A bold claim."
    (link,) = doc.links
    assert (link.anchor, link.href, link.kind) == ("claim", "https://ex.com/?a=1&b=2", "html")


def test_linked_image_keeps_an_empty_anchor_link() -> None:
    """`[![alt](img)](href)` keeps the link (empty anchor) but drops the image."""
    doc = load_md("Logo [![logo](l.png)](https://ex.com) end\n")
    assert doc.text == "Logo  end"
    (link,) = doc.links
    assert (link.anchor, link.href) == ("", "https://ex.com")


def test_emphasis_inside_anchor_is_removed_and_span_exact() -> None:
    """An anchor with emphasis inside yields the plain anchor and an exact span."""
    doc = load_md("Read [the **full** text](http://x.org/a) now.\n")
    assert doc.text == "Read the full text now."
    assert doc.links[0].anchor == "the full text"
    assert spans_hold(doc)


def _link_list(sections: int) -> str:
    lines = []
    for section in range(sections):
        lines.append(f"## Section {section}\n")
        lines += [
            f"- [link {section * 100 + k}](http://127.0.0.1:8765/ok?id=x{section}-{k})"
            for k in range(100)
        ]
        lines.append("")
    return "\n".join(lines) + "\n"


def _cpu_to_load(source: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        load_md(source, "zoo.md")
        best = min(best, time.process_time() - started)
    return best


def test_link_list_document_is_all_body_and_linear() -> None:
    """A 10,000-line Markdown link list loads every link as body, and its cost grows with the
    input, not its square. Compared with a tenth of it, not with a clock: an absolute CPU bound
    failed on a quiet shared machine (1.05 s against 1.0), and speed is the benches' job."""
    source = _link_list(100)
    doc = load_md(source, "zoo.md")
    assert len(doc.links) == 10_000
    assert {link.role for link in doc.links} == {"body"}
    assert doc.links[-1].href == "http://127.0.0.1:8765/ok?id=x99-99"
    assert doc.line_at(doc.links[-1].start) == source.count("\n") - 1
    assert spans_hold(doc)
    ratio = _cpu_to_load(source) / _cpu_to_load(_link_list(10))
    assert ratio < 30, ratio  # linear is 10; quadratic would be about 100


def test_bare_url_per_line_list_keeps_every_url_including_the_first() -> None:
    """A links.txt-style file (one bare URL a line) yields every URL as a body bare link."""
    urls = [f"http://127.0.0.1:8765/ok?id=ok-{k}" for k in range(50)]
    doc = load_md("\n".join(urls) + "\n", "links.txt")
    assert doc.format == "text"
    assert [link.href for link in doc.links] == urls
    assert {link.role for link in doc.links} == {"body"}
    assert [doc.line_at(link.start) for link in doc.links] == list(range(1, 51))


def test_plain_text_reads_as_text_with_paragraphs() -> None:
    """Plain prose is format text; its paragraphs are blocks and line breaks stay newlines."""
    doc = load_md("First paragraph\nwraps here.\n\nSecond one.\n", "note.txt")
    assert doc.format == "text"
    assert doc.text == "First paragraph\nwraps here.\n\nSecond one."
    assert [(b.start, b.end, b.kind) for b in doc.blocks] == [(0, 27, "p"), (29, 40, "p")]
    assert doc.line_at(doc.text.index("Second")) == 4


def test_text_chrome_zones_and_label_lines() -> None:
    """Header byline/link lines and footer labels are chrome; prose and mid link lines are body."""
    prose = (
        "The minister said on Monday that the budget would be balanced within three short years."
    )
    doc = load_md(
        "# Budget plan\n\n"
        "By [Jo Smith](/jo)\n\n"
        "[Home](/) | [Politics](/politics)\n\n"
        f"{prose} [Source](https://gov.example/budget).\n\n"
        "[Full statement](https://gov.example/statement)\n\n"
        "Share prices fell.\n\n"
        "Tags: [budget](/t/budget), [tax](/t/tax)\n\n"
        f"{prose}\n\n"
        "Share this\n\n"
        "[Subscribe to our newsletter](/subscribe)\n"
    )
    roles = {doc.text[b.start : b.end]: b.role for b in doc.blocks}
    assert roles == {
        "Budget plan": "body",
        "By Jo Smith": "chrome",
        "Home | Politics": "chrome",
        f"{prose} Source.": "body",
        "Full statement": "body",
        "Share prices fell.": "body",
        "Tags: budget, tax": "chrome",
        prose: "body",
        "Share this": "chrome",
        "Subscribe to our newsletter": "chrome",
    }
    assert doc.author == "Jo Smith"
    assert doc.title == "Budget plan"


def test_front_matter_is_read_as_yaml() -> None:
    """Front matter goes through a YAML parser: an author list is a list, quoted values keep
    their colons, a date is ISO, and keys after a nested mapping are still read."""
    source = (
        "---\n"
        'title: "Envoy: talks stalled"\n'
        "author: [A. B. Smith, C. D. Jones]\n"
        "seo:\n  keywords: [talks]\n"
        "date: 2024-03-05\n"
        "canonical_url: https://x.example/a\n"
        "---\n\n"
        "The special envoy said on Tuesday that talks between the two delegations had stalled, "
        "according to a statement.\n"
    )
    doc = load_md(source, "a.md")
    assert doc.title == "Envoy: talks stalled"
    assert doc.authors == ("A. B. Smith", "C. D. Jones")
    assert doc.author == "A. B. Smith, C. D. Jones"
    assert doc.date == "2024-03-05"
    assert doc.canonical_url == "https://x.example/a"
    assert doc.text.startswith("The special envoy")
    assert doc.line_at(0) == 10


def test_front_matter_yaml_cannot_read_falls_back_to_key_value_lines() -> None:
    """Front matter that is not valid YAML is still read line by line, not lost."""
    source = "---\ntitle: Talks: {stalled\nauthor: Ana Reyes and Li Wei\n---\n\nSome text here.\n"
    doc = load_md(source, "a.md")
    assert doc.title == "Talks: {stalled"
    assert doc.authors == ("Ana Reyes", "Li Wei")
    assert doc.text == "Some text here."


def test_front_matter_authors_reach_the_json_report(tmp_path: Path) -> None:
    """`author: [A. B., C. D.]` is two names in the report's document.authors, and the report
    with the new field still validates against the shipped schema."""
    article = tmp_path / "a.md"
    article.write_text(
        "---\ntitle: Talks\nauthor: [A. B. Smith, C. D. Jones]\n---\n\n"
        "The envoy [said](https://gov.example/envoy) on Tuesday that talks had stalled.\n",
        encoding="utf-8",
    )
    proc = run("check", str(article), "--offline", "-f", "json")
    report = json.loads(proc.stdout)
    assert report["document"]["authors"] == ["A. B. Smith", "C. D. Jones"]
    assert report["document"]["author"] == "A. B. Smith, C. D. Jones"
    assert list(Draft202012Validator(load_schema()).iter_errors(report)) == []


# CommonMark cases: the expected values are the spec's (CommonMark 0.31.2, §6.1-6.7), read as
# plain text and links; several of them the old hand-written scanner got wrong.


def links_of(source: str) -> tuple[str, list[tuple[str, str]]]:
    doc = load_md(source)
    assert spans_hold(doc)
    return doc.text, [(link.anchor, link.href) for link in doc.links]


@pytest.mark.parametrize(
    ("source", "text", "links"),
    [
        ("[link [foo [bar]]](/uri)", "link [foo [bar]]", [("link [foo [bar]]", "/uri")]),
        ("[link \\[bar](/uri)", "link [bar", [("link [bar", "/uri")]),
        ("[link [bar](/uri)", "[link bar", [("bar", "/uri")]),
        ("[link] bar](/uri)", "[link] bar](/uri)", []),
        # links may not contain other links: the inner one wins, the outer brackets are text
        ("[foo [bar](/uri)](/uri)", "[foo bar](/uri)", [("bar", "/uri")]),
    ],
)
def test_nested_brackets_in_anchors(source: str, text: str, links: list[tuple[str, str]]) -> None:
    """Balanced brackets belong to the anchor; a link inside a link's brackets is the link."""
    assert links_of(source) == (text, links)


def test_reference_style_links() -> None:
    """`[a][1]` with `[1]: url` is a link; labels match case-folded (ẞ = SS), the first
    definition wins, a label after a space is its own shortcut, escapes in a definition's
    destination are unescaped."""
    source = (
        "Per [the ministry][1], [ẞ] and [foo] [bar], then [Esc][].\n\n"
        "[1]: https://gov.example/statement\n"
        "[SS]: /sharp-s\n"
        "[bar]: /first\n"
        "[BAR]: /second\n"
        "[esc]: /u\\*x\n"
    )
    assert links_of(source) == (
        "Per the ministry, ẞ and [foo] bar, then Esc.",
        [
            ("the ministry", "https://gov.example/statement"),
            ("ẞ", "/sharp-s"),
            ("bar", "/first"),
            ("Esc", "/u*x"),
        ],
    )


@pytest.mark.parametrize(
    ("source", "text", "links"),
    [
        (
            "<https://foo.bar.baz/test?q=hello&id=22&boolean>",
            "https://foo.bar.baz/test?q=hello&id=22&boolean",
            [("https://foo.bar.baz/test?q=hello&id=22&boolean",) * 2],
        ),
        (
            "<made-up-scheme://foo,bar>",
            "made-up-scheme://foo,bar",
            [("made-up-scheme://foo,bar",) * 2],
        ),
        (
            "<foo@bar.example.com>",
            "foo@bar.example.com",
            [("foo@bar.example.com", "mailto:foo@bar.example.com")],
        ),
        # an autolink binds tighter than link brackets
        (
            "[foo<http://example.com/?search=](uri)>",
            "[foohttp://example.com/?search=](uri)",
            [("http://example.com/?search=](uri)",) * 2],
        ),
    ],
)
def test_autolinks(source: str, text: str, links: list[tuple[str, ...]]) -> None:
    """`<scheme:...>` and `<address>` autolinks are links to exactly what they hold."""
    assert links_of(source) == (text, [tuple(link) for link in links])


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("`[not](a link)`", "[not](a link)"),
        ("[foo`](/uri)`", "[foo](/uri)"),
        ("`<https://ex.com/x>`", "<https://ex.com/x>"),
        ("`` a`[b](c)`b ``", "a`[b](c)`b"),
        ("see `code\nspan` here", "see code\nspan here"),
    ],
)
def test_code_spans_holding_brackets_make_no_link(source: str, text: str) -> None:
    """A code span binds tighter than links: brackets and autolinks in it are its text."""
    assert links_of(source) == (text, [])


def test_images_are_no_links_and_leave_no_text() -> None:
    """An image is dropped with its alt text, links in the alt included; a linked image keeps
    its link (empty anchor)."""
    assert links_of('A ![foo](/url "title") and ![alt [x](y)](i.png) pic.') == (
        "A  and  pic.",
        [],
    )
    assert links_of("See [![moon](moon.jpg)](/uri).") == ("See .", [("", "/uri")])


@pytest.mark.parametrize(
    ("source", "text", "links"),
    [
        ("\\[not a link\\](/foo)", "[not a link](/foo)", []),
        ("[a\\]b](/u)", "a]b", [("a]b", "/u")]),
        ("\\![x](y)", "!x", [("x", "y")]),
        ("[link](foo\\)\\:)", "link", [("link", "foo):")]),
        ("\\*not em\\*", "*not em*", []),
    ],
)
def test_escaped_brackets(source: str, text: str, links: list[tuple[str, str]]) -> None:
    """A backslash-escaped bracket is a literal character, in text and destinations alike."""
    assert links_of(source) == (text, links)


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ('[link](/url "title")', "/url"),
        ("[link](/url 'title')", "/url"),
        ("[link](/url (title))", "/url"),
        ("[link](/url 'title \"and\" title')", "/url"),
        ('[link](   /uri\n  "title"  )', "/uri"),
        ('[link](/u "ti)tle")', "/u"),
        ("[link](foo%20b&auml;)", "foo%20bä"),
    ],
)
def test_links_with_titles_keep_the_destination_only(source: str, href: str) -> None:
    """A title in quotes or parentheses is no part of the href; entities are decoded."""
    assert links_of(source) == ("link", [("link", href)])


def test_unbalanced_title_quotes_are_no_link() -> None:
    """`[link](/url "title "and" title")` is not a link: the title's quotes do not balance."""
    source = '[link](/url "title "and" title")'
    assert links_of(source) == (source, [])


def test_raw_html_binds_tighter_than_link_brackets() -> None:
    """`[foo <bar attr="](baz)">` is text and a tag, not a link to baz."""
    assert links_of('[foo <bar attr="](baz)">') == ("[foo", [])


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("**foo*", "*foo"),
        ("*foo**", "foo*"),
        ("*foo *bar**", "foo bar"),
        ("_foo_bar_baz_", "foo_bar_baz"),
    ],
)
def test_emphasis_delimiters_pair_as_commonmark_says(source: str, text: str) -> None:
    """Unmatched delimiter characters stay in the text; matched runs leave none."""
    assert links_of(source) == (text, [])


def test_unclosed_html_anchor_does_not_swallow_later_links() -> None:
    """An `<a href>` without `</a>` is no link, and the links after it still are."""
    text, links = links_of('An <a href="/x">open tag, [a link](/y) and https://ex.com/z here.')
    assert text == "An open tag, a link and https://ex.com/z here."
    assert links == [("a link", "/y"), ("https://ex.com/z", "https://ex.com/z")]


def test_backslash_before_a_letter_is_literal_and_the_url_after_it_a_link() -> None:
    """`\\h` is no escape: the backslash stays and the bare URL after it is still found."""
    assert links_of("path \\https://ex.com/a here") == (
        "path \\https://ex.com/a here",
        [("https://ex.com/a", "https://ex.com/a")],
    )


def test_link_lines_inside_a_wrapped_paragraph() -> None:
    """Links on the second and third line of a paragraph, past emphasis and a code span that
    spans a line break, sit on their input lines."""
    doc = load_md("Intro *em* and `a\nb` then [one](#)\nand **[two](/t)** end\n")
    assert doc.text == "Intro em and a\nb then one\nand two end"
    assert [(link.anchor, doc.line_at(link.start)) for link in doc.links] == [
        ("one", 2),
        ("two", 3),
    ]


@pytest.mark.parametrize(
    ("source", "heading"),
    [
        # a short first line standing alone before a longer paragraph: the headline
        (
            "Mayor calls on council to fund the bridge repairs now.\n\n"
            "The mayor asked the council on Monday to approve the money, saying that the bridge "
            "had been closed twice this year.\n\nCouncil members will vote next week.\n",
            True,
        ),
        # a lede as long as what follows is a paragraph, not a headline
        (
            "The mayor asked the council on Monday to approve the money for the bridge.\n\n"
            "Members will vote.\n\nThe vote is next week.\n",
            False,
        ),
    ],
)
def test_a_plain_text_first_line_is_a_headline_when_it_stands_alone(
    source: str, heading: bool
) -> None:
    doc = load_bytes(source.encode("utf-8"), "a.txt")
    assert (doc.blocks[0].kind == "heading") is heading
