"""The linear-time helpers give the same answers as the quadratic code they replaced."""

from __future__ import annotations

import random

from linkaudit.extract.sentences import split_text
from linkaudit.extract.spans import SpanIndex
from linkaudit.model import Block, Document


def _doc(text: str, line_map: tuple[tuple[int, int], ...]) -> Document:
    return Document(
        path="-",
        format="text",
        text=text,
        sha256="0" * 64,
        blocks=(Block(0, len(text), "body"),),
        links=(),
        line_map=line_map,
    )


def test_line_and_column_match_naive_counting() -> None:
    """line_at and column_at agree with counting newlines from the start, at every offset."""
    rng = random.Random(3)
    text = "".join(rng.choice("ab \n") for _ in range(2000))
    line_map = ((0, 1), (500, 40), (1500, 90))
    doc = _doc(text, line_map)
    for offset in range(len(text) + 1):
        base, line = max((m for m in line_map if m[0] <= offset), key=lambda m: m[0])
        assert doc.line_at(offset) == line + text.count("\n", base, max(base, offset))
        assert doc.column_at(offset) == offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_sentence_split_reads_only_the_token_before_a_period() -> None:
    """Abbreviations, initials and acronyms still hold a sentence together after a long text."""
    prefix = "Words go on and on. " * 2000
    text = prefix + "Dr. Smith met M. K. Bhadrakumar in the U.S. capital. The end came."
    spans = split_text(text)
    tail = [text[a:b] for a, b in spans][-2:]
    assert tail == ["Dr. Smith met M. K. Bhadrakumar in the U.S. capital.", "The end came."]


def test_span_index_matches_a_scan_of_every_span() -> None:
    """SpanIndex answers overlap, containment and point queries exactly like a full scan,
    for nested and overlapping spans, in the order the spans were given."""
    rng = random.Random(5)
    spans = []
    for _ in range(300):
        a = rng.randrange(0, 1000)
        spans.append((a, a + rng.choice([0, 1, 2, 5, 40, 300])))
    index = SpanIndex(spans, lambda s: s)
    for _ in range(500):
        start = rng.randrange(-5, 1010)
        end = start + rng.choice([0, 1, 3, 20, 200])
        assert index.overlapping(start, end) == [s for s in spans if s[0] < end and s[1] > start]
        assert index.any_overlapping(start, end) == any(
            s[0] < end and s[1] > start for s in spans
        )
        assert index.within(start, end) == [s for s in spans if start <= s[0] and s[1] <= end]
        assert index.starting_at(start) == [s for s in spans if s[0] == start]
        inside = [s for s in spans if s[0] <= start < s[1]]
        assert index.first_containing(start) == (inside[0] if inside else None)
