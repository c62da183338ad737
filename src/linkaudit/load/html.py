"""HTML -> Document: lxml tree, main content marked body, everything else kept as chrome.

Chrome blocks stay in ``text`` (in document order) so their links exist with offsets; scripts,
styles and hidden elements are dropped. Lines come from lxml's ``sourceline``.
"""

from __future__ import annotations

import bisect
import logging
import re
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from lxml import html as lxml_html  # type: ignore[import-untyped, unused-ignore]

from linkaudit.errors import InputError
from linkaudit.load.assemble import BlockDraft, DraftLink, assemble, make_document
from linkaudit.load.chrome import (
    is_byline,
    is_clean_prose,
    is_dateline,
    is_label,
    link_only,
)
from linkaudit.load.html_deep import MAX_DEPTH as DEEP_LIMIT
from linkaudit.load.html_deep import flatten
from linkaudit.load.html_main import MainContent, find_main, text_of
from linkaudit.load.html_meta import HtmlMeta, html_meta
from linkaudit.load.html_vote import pull_quotes, take_vote, trafilatura_text
from linkaudit.model import Document, Role

_DROP = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "select", "option", "textarea", "input", "button", "head", "title", "meta", "link", "map",
    "audio", "video", "source", "picture", "img",
}  # fmt: skip
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "thead", "tfoot", "tr", "td", "th", "ul", "caption", "center", "html", "legend", "menu",
}  # fmt: skip
_KINDS = {
    "p": "p", "li": "li", "dt": "p", "dd": "p", "td": "p", "th": "p", "blockquote": "quote",
    "figcaption": "caption", "caption": "caption", "pre": "pre",
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading",
}  # fmt: skip
_INHERITING = {"li", "quote", "caption", "pre"}
_WS = re.compile(r"[ \t\n\r\f]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_MAX_DEPTH = 300  # walker recursion; deeper pages are flattened to html_deep.MAX_DEPTH first
log = logging.getLogger("linkaudit.load")
_PROMO = re.compile(
    r"\b(?:sign[- ]?up|subscribe (?:to|for|now)|our newsletters?|keep you informed|"
    r"privacy (?:notice|policy)|terms of (?:use|service)|unsubscribe|never miss|"
    r"(?:in|to) your inbox|become a (?:member|subscriber|patron)|support (?:our|independent) "
    r"journalism)\b",
    re.IGNORECASE,
)
_TERMINAL = (".", "!", "?", '"', "”", "’", "'", ":")


class _OpenLink:
    __slots__ = ("done", "href", "start")

    def __init__(self, href: str, start: int) -> None:
        self.href = href
        self.start = start
        self.done = False


class _Walker:
    def __init__(self, main: MainContent, headline: Any) -> None:
        self.main = main
        self.headline = headline
        self.drafts: list[BlockDraft] = []
        self.buf: list[str] = []
        self.starts: list[int] = []  # offset of each chunk of ``buf`` in the block
        self.size = 0
        self.kind = "p"
        self.role: Role | None = None
        self.links: list[DraftLink] = []
        self.lines: list[tuple[int, int]] = []
        self.newlines = 0  # newlines emitted since the last entry of ``lines``
        self.open_links: list[_OpenLink] = []
        self.line = 1
        self.ends_space = True  # nothing emitted yet: leading whitespace is dropped
        self.pre = 0
        self.standfirst = 0  # inside a standfirst element: its blocks keep our role
        self.chunk = 0  # which chunk of a cut-up body the walk is in (MainContent.chunks)
        self.flags: set[str] = set()

    # ------------------------------------------------------------ emission
    def text(self, raw: str | None, line: int | None, role: Role, kind: str) -> None:
        if not raw:
            return
        if line is not None:
            self.line = max(self.line, line)
        if self.ends_space and not self.pre and raw.isspace():
            self.line += raw.count("\n")  # whitespace between tags: nothing to emit
            return
        start_line = self.line
        if self.pre:
            lead = len(raw) - len(raw.lstrip("\n")) if not self.size else 0
            chunk = raw[lead:]
            start_line += lead
        else:
            stripped = raw.lstrip(" \t\n\r\f")
            start_line += raw.count("\n", 0, len(raw) - len(stripped))
            # most chunks hold no whitespace run to fold: skip the regex for them
            chunk = _WS.sub(" ", raw) if _needs_folding(raw) else raw
            if self.ends_space:
                chunk = chunk.lstrip(" ")
        self.line += raw.count("\n")
        if not chunk:
            return
        if self.role is None:
            self.role, self.kind = role, kind
        if self.standfirst:
            self.flags.add("standfirst")
        if self.chunk:
            self.flags.add(f"chunk{self.chunk}")
        # an entry only where the input line is not implied by newlines already in the block
        if not self.lines or self.lines[-1][1] + self.newlines != start_line:
            self.lines.append((self.size, start_line))
            self.newlines = 0
        self.newlines += chunk.count("\n")
        self.buf.append(chunk)
        self.starts.append(self.size)
        self.size += len(chunk)
        self.ends_space = chunk.endswith((" ", "\n"))

    def char_at(self, offset: int) -> str:
        # chunk lookup instead of joining the buffer: a block may hold thousands of links
        k = bisect.bisect_right(self.starts, offset) - 1
        chunk = self.buf[k]
        return chunk[offset - self.starts[k]] if offset - self.starts[k] < len(chunk) else " "

    def newline(self) -> None:
        if not self.size or (self.ends_space and self.buf[-1].endswith("\n")):
            return
        if self.buf[-1].endswith(" "):
            self.buf[-1] = self.buf[-1][:-1]
            self.size -= 1
        self.buf.append("\n")
        self.starts.append(self.size)
        self.size += 1
        self.newlines += 1
        self.ends_space = True

    def flush(self) -> None:
        if not self.buf:  # most block boundaries close an empty block: allocate nothing
            for link in self.open_links:
                if not link.done:
                    link.start = 0
            if self.links:
                self.links = []
            if self.lines:
                self.lines = []
            self.newlines = 0
            self.role, self.kind, self.ends_space = None, "p", True
            if self.flags:
                self.flags = set()
            return
        text = "".join(self.buf).rstrip()
        size = len(text)
        for link in self.open_links:
            if link.done:
                continue
            if link.start < size:
                self.links.append(DraftLink(link.start, size, link.href, "html"))
                link.done = True
            else:
                link.start = 0  # nothing of it here yet: it continues in the next block
        if text:
            links = [
                DraftLink(min(d.start, size), min(d.end, size), d.href, d.kind) for d in self.links
            ]
            lines = [(min(o, size), n) for o, n in self.lines if o < size or o == 0]
            role = self.role or "chrome"
            self.drafts.append(BlockDraft(text, self.kind, role, links, lines, self.flags))
        self.flags = set()
        self.buf, self.starts, self.size = [], [], 0
        self.links, self.lines, self.newlines = [], [], 0
        self.role, self.kind, self.ends_space = None, "p", True

    # ------------------------------------------------------------ traversal
    def walk(self, el: Any, role: Role, kind: str, depth: int) -> None:
        # the hottest function of a page's load (once per element): attributes are read once
        # and calls with nothing to do are skipped
        raw_tag = el.tag
        tag = raw_tag.lower() if isinstance(raw_tag, str) else ""
        main = self.main
        standfirst = el in main.standfirst
        chunk = main.chunks.get(el, 0) if main.chunks else 0
        if el in main.roots or el is self.headline or standfirst:
            role = "body"
        elif el in main.chrome:
            role = "chrome"
        block = tag in _BLOCKS
        if block:
            self.flush()
            own = _KINDS.get(tag)
            if own is not None:
                kind = kind if own == "p" and kind in _INHERITING else own
        line = el.sourceline
        if not isinstance(line, int):
            line = None
        elif line > self.line:
            self.line = line
        if tag == "br":
            self.newline()
            return
        href = el.get("href") if tag == "a" else None
        link = None
        if href is not None:
            link = _OpenLink(href, self.size)
            self.open_links.append(link)
        if tag == "pre":
            self.pre += 1
        self.standfirst += standfirst
        outer_chunk = self.chunk
        if chunk:
            self.chunk = chunk
        text = el.text
        if text:
            self.text(text, line, role, kind)
        for child in el:
            if _dropped(child):
                pass
            elif depth >= _MAX_DEPTH:
                raise _TooDeep
            else:
                self.walk(child, role, kind, depth + 1)
            tail = child.tail
            if tail:
                self.text(tail, None, role, kind)
        if tag == "pre":
            self.pre -= 1
        self.standfirst -= standfirst
        self.chunk = outer_chunk
        if link is not None:
            self.open_links.remove(link)
            if not link.done:
                start, end = link.start, self.size
                while start < end and self.char_at(start) == " ":
                    start += 1
                while end > start and self.char_at(end - 1) in " \n":
                    end -= 1
                self.links.append(DraftLink(start, end, link.href, "html"))
        if block:
            self.flush()


def _needs_folding(raw: str) -> bool:
    """Whether ``_WS`` would change ``raw``: it holds a whitespace character other than a
    space, or two spaces in a row."""
    return "\n" in raw or "  " in raw or "\t" in raw or "\r" in raw or "\f" in raw


def _dropped(el: Any) -> bool:
    raw_tag = el.tag
    if not isinstance(raw_tag, str):
        return True  # comments and processing instructions
    tag = raw_tag.lower()
    if tag in _DROP:
        return True
    attrib = el.attrib
    if not attrib:  # most elements carry no attribute at all
        return False
    if attrib.get("hidden") is not None or attrib.get("aria-hidden") == "true":
        return tag not in ("body", "html", "main", "article")
    style = attrib.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _headline(root: Any, main: MainContent, title: str | None) -> Any:
    """The page's headline <h1>: it reads as body (kind heading) even outside the main root."""
    wanted = " ".join((title or "").split()).casefold()
    for h1 in root.iter("h1"):
        text = " ".join(text_of(h1).split()).casefold()
        if not text:
            continue
        if wanted and (text in wanted or wanted in text):
            return h1
        if any(a in main.roots for a in h1.iterancestors()):
            return h1
    return None


def _tidy_body(drafts: list[BlockDraft]) -> None:
    """Furniture the main root carries inside it: labels, the link lists under them, trailers."""
    after_label = False
    for draft in drafts:
        if draft.role != "body":
            after_label = False
            continue
        if draft.kind != "heading" and is_label(draft):
            draft.role = "chrome"
            after_label = True
        elif after_label and link_only(draft) and len(draft.text.split()) <= 8:
            draft.role = "chrome"
        else:
            after_label = False
    body = [i for i, d in enumerate(drafts) if d.role == "body"]
    prose = [i for i in body if is_clean_prose(drafts[i])]
    if not prose:
        return
    for i in body:
        draft = drafts[i]
        if draft.kind == "heading":
            if i > prose[-1] or (i < prose[0] and link_only(draft)):
                # "Similar Articles" and teasers under the story; section kickers above it
                draft.role = "chrome"
            continue
        words = len(draft.text.split())
        unfinished = not draft.text.rstrip().endswith(_TERMINAL)
        if words <= 4 and unfinished and (not draft.links or link_only(draft)):
            # widget words ("Close", "Advertisement"), author names and handles, datelines
            draft.role = "chrome"
            continue
        if words <= 60 and _PROMO.search(draft.text):
            draft.role = "chrome"  # newsletter and subscription pitches inside the story
            continue
        if draft.kind == "li" and link_only(draft):
            draft.role = "chrome"  # "related stories" promos set as lists inside the story
            continue
        if i < prose[0] and (
            link_only(draft)
            or is_byline(draft)
            or is_dateline(draft)
            or (words <= 3 and unfinished)
        ):
            draft.role = "chrome"  # bylines, datelines, kickers above the article's first paragraph
        elif i > prose[-1] and (link_only(draft) or is_label(draft) or (words <= 4 and unfinished)):
            draft.role = "chrome"


def _parse(source: bytes) -> tuple[Any, bool]:
    """The lxml tree of ``_source(text)`` (None when there is none) and whether libxml2 gave up
    on its depth."""
    # lxml.html's element classes, as trafilatura reads the same tree (html_vote): one parse
    # instead of two; its class look-up costs our walk 3 % (bench/extraction.py), its own
    # decode, repair and parse of the page cost trafilatura a tenth of its time
    parser = lxml_html.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
        collect_ids=False,
        default_doctype=False,
    )
    try:
        root = etree.fromstring(source, parser=parser)
    except (etree.ParserError, etree.LxmlError, ValueError):
        return None, False
    if root is None:
        return None, False
    return root, any("Excessive depth" in e.message for e in parser.error_log)


def _source(text: str) -> bytes:
    # lone CRs end lines for editors (and the text reader) but not for libxml2's sourceline
    return text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8", "surrogatepass")


class _TooDeep(Exception):
    """The walker reached ``_MAX_DEPTH``: the page is read again with its nesting cut."""


def _drafts(root: Any, meta: HtmlMeta) -> list[BlockDraft]:
    main = find_main(root)
    headline = _headline(root, main, meta.title)
    walker = _Walker(main, headline)
    body = root.find("body")
    # a page without article prose (a link list) is all body, as in the text reader
    default: Role = "chrome" if main.roots else "body"
    walker.walk(body if body is not None else root, default, "p", 0)
    walker.flush()
    # a publisher's own itemprop=articleBody is a body trafilatura does not improve on
    # (bench/extraction.py: F1 0.962 without its vote there, 0.961 with it), so it is not asked;
    # asked last, as it prunes the tree it is handed
    second = None if main.how == "itemprop" else trafilatura_text(root)
    if second is not None:
        take_vote(walker.drafts, second)
    pull_quotes(walker.drafts)
    _tidy_body(walker.drafts)
    return walker.drafts


def _cut_note(path: str, cut: int) -> str:
    note = (
        f"{path}: HTML nested deeper than {DEEP_LIMIT} levels; {cut} tags below that depth "
        "were flattened (their text and links are kept)"
    )
    log.warning("%s", note)
    return note


def load_html(text: str, path: str, sha256: str, encoding: str) -> Document:
    """Document of an HTML page (metadata read before scripts are dropped)."""
    root, too_deep = _parse(_source(text))
    notes: list[str] = []
    if too_deep:
        # libxml2 dropped everything after the deep part: parse the page with its nesting cut
        text, cut = flatten(text)
        root, _ = _parse(_source(text))
        notes.append(_cut_note(path, cut))
    if root is None:
        raise InputError(f"cannot read {path}: no HTML content could be parsed")
    meta = html_meta(root)
    try:
        drafts = _drafts(root, meta)
    except _TooDeep:
        text, cut = flatten(text)
        root, _ = _parse(_source(text))
        if root is None:  # pragma: no cover - the same page parsed a moment ago
            raise InputError(f"cannot read {path}: no HTML content could be parsed") from None
        notes.append(_cut_note(path, cut))
        drafts = _drafts(root, meta)
    parts = assemble(drafts)
    if not parts.text and not parts.links:
        raise InputError(f"cannot read {path}: the page holds no text")
    return make_document(path, "html", sha256, parts, meta, encoding, tuple(notes))
