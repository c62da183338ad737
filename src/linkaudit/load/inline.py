"""Markdown inline syntax -> plain text with exact link spans, parsed by markdown-it-py.

markdown-it-py's inline parser (CommonMark: emphasis, code spans, links, references, autolinks,
entities, escapes, inline HTML) reads each block; what it does not give is where in the source
a token's text came from, which the line numbers need. ``_TrackedState`` records it: pending
text is always a contiguous run of the source (every rule that appends to it appends from the
current position), and a pushed token sits at the position its rule was at. Every character of
the output is then placed at a known position of the input.

What linkaudit keeps over CommonMark's HTML output: hrefs as written (no percent-encoding, and
``javascript:`` or ``#`` targets are links too: a lost target is a finding, not a non-link),
bare URLs in prose (GFM's autolink extension, as pasted articles carry them), ``<a href>`` in
Markdown as a link of kind "html", and images dropped with their alt text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from markdown_it import MarkdownIt, rules_inline
from markdown_it.common.utils import normalizeReference, unescapeAll
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from linkaudit.load.assemble import DraftLink, LinkKind
from linkaudit.load.inline_emit import Emitter, InlineResult, strip_block

__all__ = ["InlineResult", "References", "add_reference", "render_inline"]

# label -> {"href", "title"}: the shape markdown-it reads from env["references"]
References = dict[str, dict[str, str]]

_URL_START = r"https?://|www\.|mailto:"
_BARE_URL = re.compile(r"(?:https?://|www\.|mailto:)[^\s<>\"\[\]{}|\\^`]+", re.IGNORECASE)
_GLUE = set("/@.-_:%+=")  # a URL start after one of these is inside a longer token
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_TRAILING_TRIM = set(".,;:!?'\"”’»*_")
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_HTML_A_OPEN = re.compile(r"<a(?:\s[^<>]*)?>\Z", re.IGNORECASE)
_HTML_A_CLOSE = re.compile(r"</a\s*>\Z", re.IGNORECASE)
_HREF_ATTR = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def add_reference(refs: References, label: str, dest: str) -> None:
    """Record ``[label]: dest``; the first definition of a label wins (CommonMark).

    A footnote definition (``[^1]: ...``) is no link target.
    """
    key = normalizeReference(label)
    if label.startswith("^") or not key or key in refs:
        return
    refs[key] = {"href": unescapeAll(dest), "title": ""}


class _Parser(MarkdownIt):
    """CommonMark with hrefs kept as written: a link auditor reports the target the author
    wrote, and a ``javascript:`` or empty target is a finding, not a reason to drop the link."""

    def validateLink(self, url: str) -> bool:
        return True

    def normalizeLink(self, url: str) -> str:
        return url

    def normalizeLinkText(self, link: str) -> str:
        return link


class _TrackedState(StateInline):
    """markdown-it's inline state, recording the source position of every token in
    ``token.meta["at"]``."""

    def __init__(self, src: str, md: MarkdownIt, env: dict[str, Any], out: list[Token]) -> None:
        self.pending_from = -1  # source position of the first pending character; -1: none
        self._run_at = -1  # position of the last pushed token, when it was a "text" token
        self._run_k = 0
        self.last_bracket = src.rfind("]")  # no link or image can open after it
        super().__init__(src, md, env, out)

    @property
    def pending(self) -> str:
        return StateInline.pending.fget(self)  # type: ignore[attr-defined,no-any-return]

    @pending.setter
    def pending(self, value: str) -> None:
        StateInline.pending.fset(self, value)  # type: ignore[attr-defined]
        if not value:
            self.pending_from = -1

    def append_pending(self, text: str) -> None:
        # every caller appends source text read at the current position
        if self.pending_from < 0:
            self.pending_from = self.pos
        super().append_pending(text)

    def pushPending(self) -> Token:
        at = self.pending_from
        token = super().pushPending()
        token.meta = {"at": at}
        self._run_at = -1
        return token

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        prev = self.tokens[-1] if self.tokens else None
        token = super().push(ttype, tag, nesting)
        at = self.pos
        if ttype == "text":
            if self._run_at == at:
                # emphasis pushes one token per delimiter character, all at the run's start
                self._run_k += 1
                at += self._run_k
            else:
                self._run_at, self._run_k = at, 0
                if prev is not None and prev.type == "link_open" and prev.markup == "autolink":
                    at += 1  # past the "<"
        else:
            self._run_at = -1
        token.meta = {"at": at}
        return token


def _trim_url(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets (GFM autolink rules)."""
    while url:
        last = url[-1]
        unbalanced = last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last])
        if last in _TRAILING_TRIM or unbalanced:
            url = url[:-1]
        else:
            break
    return url


def _bare_url(state: StateInline, silent: bool) -> bool:
    """A URL in prose (``https://``, ``www.``, ``mailto:``) not glued to the word before it.

    Inside a link's text it is read too (and _emit keeps it as text): markdown-it's link level
    also counts an unclosed ``<a>``, which must not turn off the bare URLs after it.
    """
    pos = state.pos
    src = state.src
    if src[pos] not in "hHwWmM":
        return False
    prev = src[pos - 1] if pos > 0 else ""
    if prev and (prev.isalnum() or prev in _GLUE):
        return False
    m = _BARE_URL.match(src, pos, state.posMax)
    if m is None:
        return False
    url = _trim_url(m.group(0))
    if not (len(url) > len(m.group(0).split(":")[0]) + 3 or url.lower().startswith("www.")):
        return False
    if not silent:
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": url}
        token.info = "bare"
        token = state.push("text", "", 0)
        token.content = url
        state.push("link_close", "a", -1)
    state.pos = pos + len(url)
    return True


def _escape(state: StateInline, silent: bool) -> bool:
    """markdown-it's escape rule, except that a backslash before a character that is not ASCII
    punctuation is left as a literal backslash and the character read on its own (CommonMark);
    markdown-it takes both as one text, so ``\\https://...`` lost its bare URL."""
    pos = state.pos
    if state.src[pos] == "\\" and pos + 1 < state.posMax:
        nxt = state.src[pos + 1]
        if nxt != "\n" and nxt not in _ASCII_PUNCT:
            return False
    return rules_inline.escape(state, silent)


def _needs_bracket(
    rule: Callable[[StateInline, bool], bool],
) -> Callable[[StateInline, bool], bool]:
    def guarded(state: StateInline, silent: bool) -> bool:
        """markdown-it's link or image rule, not tried where no ``]`` follows: each unclosed
        ``[`` costs it a scan of the rest of the block, which made 100 KB of brackets take
        seconds."""
        if isinstance(state, _TrackedState) and state.pos > state.last_bracket:
            return False
        return rule(state, silent)

    return guarded


def _text_rule(stop: re.Pattern[str]) -> Callable[[StateInline, bool], bool]:
    def text(state: StateInline, silent: bool) -> bool:
        """markdown-it's text rule, also stopping where a bare URL may start."""
        found = stop.search(state.src, state.pos, state.posMax)
        end = found.start() if found else state.posMax
        if end == state.pos:
            return False
        if not silent:
            state.append_pending(state.src[state.pos : end])
        state.pos = end
        return True

    return text


@cache
def _parser() -> _Parser:
    md = _Parser("commonmark")
    stop = re.compile(md.inline.terminator_re.pattern + "|" + _URL_START, re.IGNORECASE)
    md.inline.ruler.at("text", _text_rule(stop))
    md.inline.ruler.at("escape", _escape)
    md.inline.ruler.at("link", _needs_bracket(rules_inline.link))
    md.inline.ruler.at("image", _needs_bracket(rules_inline.image))
    md.inline.ruler.after("text", "bare_url", _bare_url)
    # adjacent text tokens stay apart: each keeps its own source position
    md.inline.ruler2.disable("fragments_join")
    return md


def _tokens(src: str, refs: References) -> list[Token]:
    md = _parser()
    state = _TrackedState(src, md, {"references": refs}, [])
    md.inline.tokenize(state)
    for rule in md.inline.ruler2.getRules(""):
        rule(state)
    return state.tokens


def _code_source(src: str, token: Token) -> tuple[str, int]:
    """A code span's content as written (newlines kept) and where it starts."""
    start = token.meta["at"] + len(token.markup)
    size = len(token.content)
    raw = src[start : start + size]
    if raw.replace("\n", " ") == token.content and src.startswith(token.markup, start + size):
        return raw, start
    # CommonMark stripped one space from each side
    return src[start + 1 : start + 1 + size], start + 1


def _html_href(tag: str) -> str | None:
    if _HTML_A_OPEN.match(tag) is None:
        return None
    m = _HREF_ATTR.search(tag)
    if m is None:
        return None
    return unescapeAll(next(g for g in m.groups() if g is not None))


@dataclass(slots=True)
class _Open:
    href: str
    kind: LinkKind
    start: int


def _emit(src: str, tokens: list[Token], out: Emitter, links: bool) -> None:
    opened: _Open | None = None  # the link being read; links inside a link's text are text
    depth = 0  # link_open tokens inside it
    # an <a href> is a link only when a </a> follows: an unclosed one must not swallow the
    # links after it
    last_close = max(
        (
            i
            for i, t in enumerate(tokens)
            if t.type == "html_inline" and _HTML_A_CLOSE.match(t.content)
        ),
        default=-1,
    )
    for i, token in enumerate(tokens):
        kind = token.type
        if kind in ("text", "text_special"):
            out.put(token.content, token.meta["at"])
        elif kind in ("softbreak", "hardbreak"):
            out.put("\n", token.meta["at"])
        elif kind == "code_inline":
            out.put(*_code_source(src, token))
        elif kind == "link_open":
            if opened is not None:
                depth += 1
            elif links:
                href = str(token.attrs.get("href", ""))
                link_kind: LinkKind = "bare" if token.info == "bare" else "markdown"
                opened = _Open(href, link_kind, out.length)
        elif kind == "link_close":
            if depth:
                depth -= 1
            elif opened is not None and opened.kind != "html":
                out.links.append(DraftLink(opened.start, out.length, opened.href, opened.kind))
                opened = None
        elif kind == "html_inline":
            content = token.content
            if opened is None and links and i < last_close:
                html_href = _html_href(content)
                if html_href is not None:
                    opened = _Open(html_href, "html", out.length)
            elif opened is not None and opened.kind == "html" and _HTML_A_CLOSE.match(content):
                out.links.append(DraftLink(opened.start, out.length, opened.href, "html"))
                opened = None
        # emphasis, strong and images leave no text


def render_inline(
    src: str, line_of: list[tuple[int, int]], refs: References, links: bool = True
) -> InlineResult:
    """Plain text of one block's Markdown source.

    ``line_of`` lists (position in ``src``, input line) at each source line start.
    """
    emitter = Emitter(line_of)
    _emit(src, _tokens(src, refs), emitter, links)
    return strip_block(InlineResult(emitter.text(), emitter.links, emitter.lines))
