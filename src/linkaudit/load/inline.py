"""Markdown inline syntax -> plain text with exact link spans (a hand-written scanner).

Offsets matter more than full CommonMark fidelity: every character of the output comes from a
known position of the input, so links and line numbers stay exact. Emphasis follows CommonMark's
flanking rules with a simple opener stack; links follow CommonMark's destination/title grammar.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass, field

from linkaudit.load.assemble import DraftLink, LinkKind

_SPECIAL = re.compile(r"[\\`*_\[!<&]|https?://|www\.|mailto:", re.IGNORECASE)
_BARE_URL = re.compile(r"(?:https?://|www\.|mailto:)[^\s<>\"\[\]{}|\\^`]+", re.IGNORECASE)
_AUTOLINK = re.compile(
    r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)>"
)
_HTML_A_OPEN = re.compile(r"<a(?:\s[^<>]*)?>", re.IGNORECASE)
_HTML_A_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_HREF_ATTR = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_TRAILING_TRIM = set(".,;:!?'\"”’»*_")
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_MAX_SCAN = 2000  # how far a construct may reach for its closer; bounds pathological input
_BRACKETISH = re.compile(r"[\\\[\]`]")


def normalize_label(label: str) -> str:
    """Reference labels match case-insensitively with whitespace runs folded (CommonMark)."""
    return " ".join(label.split()).casefold()


@dataclass(slots=True)
class _Text:
    text: str
    pos: int


@dataclass(slots=True)
class _Delim:
    char: str
    count: int
    pos: int
    can_open: bool
    can_close: bool
    matched: bool = False


@dataclass(slots=True)
class _Link:
    href: str
    kind: LinkKind
    anchor: list[_Token] = field(default_factory=list)


_Token = _Text | _Delim | _Link


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_punct(ch: str) -> bool:
    return ch != "" and (ch in _ASCII_PUNCT or unicodedata.category(ch).startswith(("P", "S")))


class _Scanner:
    def __init__(self, src: str, refs: dict[str, str]) -> None:
        self.src = src
        self.refs = refs
        self._pairs: dict[int, int] | None = None

    def tokens(self, start: int, end: int, allow_links: bool) -> list[_Token]:
        src = self.src
        out: list[_Token] = []
        i = start
        while i < end:
            m = _SPECIAL.search(src, i, end)
            if m is None:
                out.append(_Text(src[i:end], i))
                break
            j = m.start()
            if j > i:
                out.append(_Text(src[i:j], i))
            i = self._special(j, end, allow_links, out)
        return out

    def _special(self, i: int, end: int, allow_links: bool, out: list[_Token]) -> int:
        """Consume the construct at ``i``; returns the position after it."""
        src = self.src
        ch = src[i]
        if ch == "\\":
            nxt = src[i + 1] if i + 1 < end else ""
            if nxt in _ASCII_PUNCT and nxt:
                out.append(_Text(nxt, i + 1))
                return i + 2
            if nxt == "\n":  # hard line break: the backslash is syntax
                return i + 1
            out.append(_Text("\\", i))
            return i + 1
        if ch == "`":
            return self._code_span(i, end, out)
        if ch in "*_":
            return self._delim(i, end, out)
        if ch == "[":
            if allow_links:
                got = self._link(i, end, out)
                if got is not None:
                    return got
            out.append(_Text("[", i))
            return i + 1
        if ch == "!":
            if i + 1 < end and src[i + 1] == "[":
                got = self._link(i + 1, end, [])  # an image: parsed to find its end, then dropped
                if got is not None:
                    return got
            out.append(_Text("!", i))
            return i + 1
        if ch == "<":
            return self._angle(i, end, allow_links, out)
        if ch == "&":
            m = _ENTITY.match(src, i, end)
            if m is not None:
                out.append(_Text(html.unescape(m.group(0)), i))
                return m.end()
            out.append(_Text("&", i))
            return i + 1
        # a bare URL start (http://, https://, www., mailto:)
        prev = src[i - 1] if i > 0 else ""
        glued = prev != "" and (prev.isalnum() or prev in "/@.-_:%+=")
        if allow_links and not glued:
            m = _BARE_URL.match(src, i, end)
            if m is not None:
                url = _trim_url(m.group(0))
                if len(url) > len(m.group(0).split(":")[0]) + 3 or url.lower().startswith("www."):
                    out.append(_Link(url, "bare", [_Text(url, i)]))
                    return i + len(url)
        out.append(_Text(ch, i))
        return i + 1

    def _code_span(self, i: int, end: int, out: list[_Token]) -> int:
        src = self.src
        j = i
        while j < end and src[j] == "`":
            j += 1
        ticks = src[i:j]
        k = _code_close(src, j, ticks, end)
        if k == -1:
            out.append(_Text(ticks, i))
            return j
        content_start, content_end = j, k
        inner = src[content_start:content_end]
        if len(inner) > 2 and inner[0] == " " and inner[-1] == " " and inner.strip():
            content_start += 1
            content_end -= 1
        if content_end > content_start:
            out.append(_Text(src[content_start:content_end], content_start))
        return k + len(ticks)

    def _delim(self, i: int, end: int, out: list[_Token]) -> int:
        src = self.src
        ch = src[i]
        j = i
        while j < end and src[j] == ch:
            j += 1
        prev = src[i - 1] if i > 0 else ""
        nxt = src[j] if j < len(src) else ""
        left = not _is_space(nxt) and (not _is_punct(nxt) or _is_space(prev) or _is_punct(prev))
        right = not _is_space(prev) and (not _is_punct(prev) or _is_space(nxt) or _is_punct(nxt))
        if ch == "*":
            can_open, can_close = left, right
        else:
            can_open = left and (not right or _is_punct(prev))
            can_close = right and (not left or _is_punct(nxt))
        out.append(_Delim(ch, j - i, i, can_open, can_close))
        return j

    def _matching_bracket(self, i: int, end: int) -> int:
        """Index of the ``]`` closing the ``[`` at ``i`` (before ``end``), or -1."""
        if self._pairs is None:
            self._pairs = _bracket_pairs(self.src)
        close = self._pairs.get(i, -1)
        return close if close < end else -1

    def _link(self, i: int, end: int, out: list[_Token]) -> int | None:
        """Parse ``[anchor](dest "title")``, ``[anchor][ref]``, ``[anchor][]`` or ``[ref]``."""
        src = self.src
        close = self._matching_bracket(i, end)
        if close == -1:
            return None
        after = close + 1
        href: str | None = None
        if after < end and src[after] == "(":
            parsed = _destination(src, after + 1, end)
            if parsed is not None:
                href, after = parsed
        if href is None and after < end and src[after] == "[":
            label_end = src.find("]", after + 1, min(end, after + 1000))
            if label_end != -1:
                label = src[after + 1 : label_end] or src[i + 1 : close]
                found = self.refs.get(normalize_label(label))
                if found is not None:
                    href, after = found, label_end + 1
        if href is None:
            label = src[i + 1 : close]
            if label.startswith("^"):  # a footnote marker, not a link
                return None
            found = self.refs.get(normalize_label(label))
            if found is None:
                return None
            href, after = found, close + 1
        anchor = self.tokens(i + 1, close, allow_links=False)
        out.append(_Link(href, "markdown", anchor))
        return after

    def _angle(self, i: int, end: int, allow_links: bool, out: list[_Token]) -> int:
        src = self.src
        stop = min(end, i + _MAX_SCAN)
        m = _AUTOLINK.match(src, i, stop)
        if m is not None:
            target = m.group(1)
            if allow_links:
                href = target if ":" in target else f"mailto:{target}"
                out.append(_Link(href, "markdown", [_Text(target, i + 1)]))
            else:
                out.append(_Text(target, i + 1))
            return m.end()
        m = _HTML_A_OPEN.match(src, i, stop)
        if m is not None and allow_links:
            closing = _HTML_A_CLOSE.search(src, m.end(), min(end, m.end() + _MAX_SCAN))
            href_m = _HREF_ATTR.search(m.group(0))
            if closing is not None and href_m is not None:
                href = html.unescape(next(g for g in href_m.groups() if g is not None))
                anchor = self.tokens(m.end(), closing.start(), allow_links=False)
                out.append(_Link(href, "html", anchor))
                return closing.end()
        m = _HTML_TAG.match(src, i, stop)
        if m is not None:
            return m.end()
        out.append(_Text("<", i))
        return i + 1


def _code_close(src: str, start: int, ticks: str, end: int) -> int:
    """Start of the backtick run closing a code span opened by ``ticks``, or -1."""
    limit = min(end, start + _MAX_SCAN)
    k = src.find(ticks, start, limit)
    while k != -1:
        run_end = k
        while run_end < len(src) and src[run_end] == "`":
            run_end += 1
        if run_end - k == len(ticks):
            return k
        k = src.find(ticks, run_end, limit)
    return -1


def _bracket_pairs(src: str) -> dict[int, int]:
    """``[`` position -> its ``]`` for the whole block, in one pass (escapes, code spans skipped).

    One pass keeps pathological input ("[[[[..." ) linear instead of quadratic.
    """
    pairs: dict[int, int] = {}
    stack: list[int] = []
    skip = 0
    for m in _BRACKETISH.finditer(src):
        pos = m.start()
        if pos < skip:
            continue
        c = src[pos]
        if c == "\\":
            skip = pos + 2
        elif c == "`":
            run_end = pos
            while run_end < len(src) and src[run_end] == "`":
                run_end += 1
            close = _code_close(src, run_end, src[pos:run_end], len(src))
            skip = close + (run_end - pos) if close != -1 else run_end
        elif c == "[":
            stack.append(pos)
        elif stack:
            pairs[stack.pop()] = pos
    return pairs


def _destination(src: str, i: int, end: int) -> tuple[str, int] | None:
    """Parse a link destination and optional title after ``(``; returns (href, after ``)``)."""
    j = i
    while j < end and src[j] in " \t\n":
        j += 1
    if j < end and src[j] == "<":
        k = j + 1
        while k < end and src[k] not in "<>\n":
            k += 2 if src[k] == "\\" else 1
        if k >= end or src[k] != ">":
            return None
        href = src[j + 1 : k]
        j = k + 1
    else:
        depth = 0
        k = j
        while k < end:
            c = src[k]
            if c == "\\" and k + 1 < end:
                k += 2
                continue
            if c.isspace() or ord(c) < 0x20:
                break
            if c == "(":
                depth += 1
                if depth > 32:
                    return None
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            k += 1
        if depth != 0:
            return None
        href = src[j:k]
        j = k
    ws = j
    while j < end and src[j] in " \t\n":
        j += 1
    if j < end and src[j] in "\"'(" and j > ws:
        closer = ")" if src[j] == "(" else src[j]
        limit = min(end, j + _MAX_SCAN)
        k = j + 1
        while k < limit and src[k] != closer:
            k += 2 if src[k] == "\\" else 1
        if k >= limit:
            return None
        j = k + 1
        while j < end and src[j] in " \t\n":
            j += 1
    if j < end and src[j] == ")":
        return _unescape_dest(href), j + 1
    return None


def _unescape_dest(href: str) -> str:
    if "\\" not in href and "&" not in href:
        return href
    href = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", href)
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), href)


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


def _resolve_emphasis(tokens: list[_Token]) -> None:
    """Mark delimiter runs that pair up; unpaired ones stay literal text."""
    stack: list[_Delim] = []
    for tok in tokens:
        if not isinstance(tok, _Delim):
            continue
        if tok.can_close:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k].char == tok.char:
                    stack[k].matched = True
                    tok.matched = True
                    del stack[k:]
                    break
            if tok.matched:
                continue
        if tok.can_open:
            stack.append(tok)


@dataclass(slots=True)
class InlineResult:
    text: str
    links: list[DraftLink]
    lines: list[tuple[int, int]]


class _Emitter:
    """Accumulates plain text and (offset, line) entries where the input line is not implied."""

    def __init__(self, line_of: list[tuple[int, int]]) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.links: list[DraftLink] = []
        self.lines: list[tuple[int, int]] = []
        self._line_pos = [p for p, _ in line_of]
        self._line_no = [n for _, n in line_of]
        self._entry_line = 0
        self._newlines = 0
        self._ends_newline = True  # a block starts as if after a line break

    def line_of(self, pos: int) -> int:
        if not self._line_no:
            return 1
        k = max(bisect.bisect_right(self._line_pos, pos) - 1, 0)
        return self._line_no[k]

    def put(self, text: str, pos: int) -> None:
        if not text:
            return
        line = self.line_of(pos)
        if self._ends_newline:
            # collapse removed-content gaps so a block never holds a blank line
            stripped = text.lstrip("\n")
            line += len(text) - len(stripped)
            text = stripped
            if not text:
                return
        if not self.lines or self._entry_line + self._newlines != line:
            self.lines.append((self.length, line))
            self._entry_line = line
            self._newlines = 0
        self.parts.append(text)
        self.length += len(text)
        self._newlines += text.count("\n")
        self._ends_newline = text.endswith("\n") or (text.strip(" \t") == "" and self._ends_newline)

    def emit(self, tokens: list[_Token]) -> None:
        _resolve_emphasis(tokens)
        for tok in tokens:
            if isinstance(tok, _Text):
                self.put(tok.text, tok.pos)
            elif isinstance(tok, _Delim):
                if not tok.matched:
                    self.put(tok.char * tok.count, tok.pos)
            else:
                start = self.length
                self.emit(tok.anchor)
                self.links.append(DraftLink(start, self.length, tok.href, tok.kind))


def render_inline(
    src: str, line_of: list[tuple[int, int]], refs: dict[str, str], links: bool = True
) -> InlineResult:
    """Plain text of one block's Markdown source.

    ``line_of`` lists (position in ``src``, input line) at each source line start.
    """
    scanner = _Scanner(src, refs)
    emitter = _Emitter(line_of)
    emitter.emit(scanner.tokens(0, len(src), allow_links=links))
    text = "".join(emitter.parts)
    return _strip(InlineResult(text, emitter.links, emitter.lines))


def _strip(result: InlineResult) -> InlineResult:
    """Trim the block's outer whitespace, keeping link spans and line entries aligned."""
    text = result.text
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    if lead == 0 and len(body) == len(text):
        return result
    size = len(body)

    def shift(offset: int) -> int:
        return min(max(offset - lead, 0), size)

    links = [DraftLink(shift(d.start), shift(d.end), d.href, d.kind) for d in result.links]
    lines: list[tuple[int, int]] = []
    for offset, line in result.lines:
        if offset < lead:
            line += text.count("\n", offset, lead)
        new = (shift(offset), line)
        if lines and lines[-1][0] == new[0]:
            lines[-1] = new
        else:
            lines.append(new)
    return InlineResult(body, links, lines)
