"""Quote check: do a claim's quoted words appear on the page it links to?

Both sides are folded the same way before comparing: Unicode compatibility forms, case,
quotation marks (removed: a page and an article rarely agree on them), dashes (one ``-``) and
whitespace runs. An ellipsis in the quote marks an elision, so each part must appear, in order.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = re.compile(r"[\"'`´‘’‚‛“”„‟‹›«»「」『』″′]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d-]+")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\s*\.(?:\s*\.)*)\s*")
_SPACE = re.compile(r"\s+")
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "head")
# a fragment shorter than this (after folding) proves nothing on its own
MIN_PART = 3


def fold(text: str) -> str:
    """The comparison form of ``text``: see the module docstring."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _QUOTES.sub("", text)
    text = _DASHES.sub(" - ", text)
    return _SPACE.sub(" ", text).strip()


def quote_parts(quote: str) -> list[str]:
    """The folded parts of a quote between its ellipses, dropping edge punctuation."""
    parts = [fold(p).strip(" .,;:") for p in _ELLIPSIS.split(quote)]
    return [p for p in parts if len(p) >= MIN_PART]


def quote_found(quote: str, page_text: str) -> bool:
    """True when every part of ``quote`` appears in ``page_text`` in order (after folding)."""
    parts = quote_parts(quote)
    if not parts:
        return False
    page = fold(page_text)
    pos = 0
    for part in parts:
        at = page.find(part, pos)
        if at < 0:
            return False
        pos = at + len(part)
    return True


def html_to_text(html: str) -> str:
    """The readable text of an HTML page (scripts, styles and the head dropped)."""
    from bs4 import BeautifulSoup  # here: recover.fold and is_lost are used without a page

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    return _SPACE.sub(" ", soup.get_text(" ")).strip()
