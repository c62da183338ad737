"""Quotations: where each quoted passage starts and ends, in ``Document.text`` offsets.

Only double quotation marks delimit quotes: single marks are mostly apostrophes and scare
quotes ('Asian version of NATO'). Quotes do not nest: an opening mark inside an open quote is
taken as a typo or an inner quote, and the next closing mark ends the quote, so one stray mark
cannot swallow the rest of a paragraph. A quote left open runs to the end of its paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN = "“«„"
CLOSE = "”»"
STRAIGHT = '"'
# The marks that close a quote, by the mark that opened it. German and several Central European
# languages open low and close high („so“, „so”), so “ closes a quote „ opened; German also
# sets guillemets pointing inward (»so«).
CLOSERS = {"“": "”", "«": "»", "„": "“”", STRAIGHT: STRAIGHT, "»": "«"}


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quoted passage: marks at ``mark_start``/``mark_end``, words at ``start``/``end``."""

    mark_start: int
    mark_end: int  # just after the closing mark, or the paragraph end when left open
    start: int
    end: int
    closed: bool


def find_quotes(text: str, start: int, end: int) -> list[QuoteSpan]:
    """Quoted passages of the paragraph ``text[start:end]``, in order."""
    spans: list[QuoteSpan] = []
    opened = -1
    closers = ""
    for i in range(start, end):
        ch = text[i]
        if opened < 0:
            if ch in OPEN or ch == STRAIGHT or (ch == "»" and _opens_inward(text, i, end)):
                opened, closers = i, CLOSERS[ch]
        elif ch in closers or (ch in CLOSE or ch == STRAIGHT):
            # the opener's own closer, or any closing mark: a mismatched pair ("so» or “so")
            # is a typo, and waiting for the right mark would swallow the paragraph
            spans.append(QuoteSpan(opened, i + 1, opened + 1, i, True))
            opened = -1
    if opened >= 0:
        stop = end
        while stop > opened + 1 and text[stop - 1].isspace():
            stop -= 1
        spans.append(QuoteSpan(opened, end, opened + 1, stop, False))
    return spans


def _opens_inward(text: str, i: int, end: int) -> bool:
    """A » that opens a German »quote«: a word follows it at once and a « closes it later in
    the paragraph (a French closing » follows its words after a space)."""
    return i + 1 < end and text[i + 1].isalnum() and "«" in text[i + 1 : end]


def mask(text: str, offset: int, quotes: list[QuoteSpan]) -> str:
    """``text`` (which starts at ``offset`` in the document) with quoted passages blanked out.

    Cue words inside a quote belong to the quoted speaker ("Moscow says ..."), not to the
    sentence, so the cue patterns run on the masked copy; blanking keeps offsets aligned.
    """
    chars = list(text)
    for q in quotes:
        a = max(q.mark_start - offset, 0)
        b = min(q.mark_end - offset, len(chars))
        for i in range(a, b):
            chars[i] = " "
    return "".join(chars)


def words(text: str) -> int:
    """Number of words in a quoted passage (short ones are scare quotes, not claims)."""
    return len(text.split())
