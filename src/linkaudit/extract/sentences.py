"""Sentence segmentation of a Document's body with character offsets into ``Document.text``.

Rule-based on purpose: news prose has few patterns that fool a period-splitter (titles, months,
initials, "U.S.", "No. 3", decimals, ellipses, a closing quote after the period), and rules keep
the offsets exact and the stage fast and dependency-free.
"""

from __future__ import annotations

import re

from linkaudit.extract.continuations import block_index, joined_blocks
from linkaudit.extract.cues import wordset
from linkaudit.model import Document, Sentence

# Words that end with a period without ending the sentence.
ABBREVIATIONS = wordset(
    """
    mr mrs ms dr gen jan feb mar apr jun jul aug sep sept oct nov dec st jr sr prof sen rep gov
    lt col capt sgt maj adm cmdr rev hon mt ft inc corp ltd co bros vs approx dept fig vol pp
    e.g i.e cf al ave blvd rd gov't pres supt cpl pvt"""
)
# After a dotted acronym ("U.S.") the sentence ends only if one of these opens the next one.
STARTERS = wordset(
    """
    the a an he she it they we i you this that these those but and or so yet in on at for
    as if when while after before there here his her its their our my some many most no not
    one two three both however meanwhile still then"""
)

_PUNCT = re.compile(r"[.!?…]+[\"”’'»)\]*_]*")
_OPENERS = "\"“‘'«([*_"
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]$")
_SPACE = re.compile(r"\s+")
_WORD_AHEAD = re.compile(r"[\W_]*(\w+)")
# How far back the token before a period is read. Abbreviations, initials and dotted acronyms
# are short; reading further only re-scanned the whole prefix at every period (quadratic).
_TOKEN_LOOKBACK = 64


def fold(text: str) -> str:
    """Collapse whitespace runs (a repaired paragraph break, a hard line break) to one space."""
    return _SPACE.sub(" ", text).strip()


def _starts_sentence(text: str, i: int) -> bool:
    while i < len(text) and text[i] in _OPENERS:
        i += 1
    return i < len(text) and (text[i].isupper() or text[i].isdigit())


def _next_word(text: str, i: int) -> str:
    m = _WORD_AHEAD.match(text, i)  # no text[i:] slice: that copied the rest at every period
    return m.group(1) if m else ""


def _token_before(text: str, end: int) -> str:
    """The non-space run ending at ``end`` (at most its last _TOKEN_LOOKBACK characters)."""
    start = end
    floor = max(0, end - _TOKEN_LOOKBACK)
    while start > floor and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    """Decide whether the punctuation run ``m`` inside ``text`` ends a sentence."""
    ws = _SPACE.match(text, m.end())
    if ws is None:
        return m.end() >= len(text)
    nxt = ws.end()
    if nxt >= len(text) or not _starts_sentence(text, nxt):
        return False
    punct = m.group(0)
    if punct[0] != "." or punct.startswith(".."):
        return True  # ?, !, an ellipsis before a capital: the sentence ended
    token = _token_before(text, m.start()).lstrip("\"“‘'(«[*_")
    word = token.lower()
    if word == "no" or word == "nos":
        return not text[nxt].isdigit()
    if word in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "M. K. Bhadrakumar"
    if _DOTTED.search(token):
        return _next_word(text, nxt).lower() in STARTERS  # "U.S. officials" vs "the U.S. The"
    return True


def split_text(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within ``text``, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _PUNCT.finditer(text):
        if _is_boundary(text, m):
            spans.append((start, m.end()))
            start = m.end()
    spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def split_sentences(doc: Document) -> tuple[Sentence, ...]:
    """The sentences of the document's body blocks, in order, with offsets into ``doc.text``.

    Blocks split by a bad conversion (one ending without terminal punctuation followed by one
    starting in lowercase, or a torn link) are repaired into one sentence spanning both.
    """
    out: list[Sentence] = []
    for group in joined_blocks(doc):
        first, last = doc.blocks[group[0]], doc.blocks[group[-1]]
        base = first.start
        for a, b in split_text(doc.text[base : last.end]):
            raw = doc.text[base + a : base + b]
            if not any(ch.isalnum() for ch in raw):
                continue
            block = block_index(doc, base + a)
            out.append(
                Sentence(base + a, base + b, fold(raw), group[0] if block is None else block)
            )
    return tuple(out)
