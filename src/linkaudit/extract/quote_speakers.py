"""Who speaks a quote: its later sentences, a quote standing alone after a speaker, and a quote
whose speaker is named only after its first sentences ("“A. B,” X said.").

A mixin of ``attribution.Extractor``: it reads the extractor's quote spans, the speaker each
opened quote was given, and the claim of the sentence just before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from linkaudit.extract.patterns import PERSON_KINDS, Found
from linkaudit.extract.quotes import QuoteSpan
from linkaudit.extract.sentences import fold
from linkaudit.extract.spans import SpanIndex
from linkaudit.model import Attribution, Document, Mention, Sentence

# An embedded post's signature line: "— Seth Goldstein (@Rabbi_360) January 7, 2020".
SIGNATURE = re.compile(
    r"^\s*[—–-]+\s*(?P<name>[^()@\n]{2,60}?)\s*\(@\w+\)\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}\s*$"
)


def signed_posts(
    doc: Document, sentences: Sequence[Sentence], atts: tuple[Attribution, ...]
) -> tuple[Attribution, ...]:
    """Sentences of an embedded post (a tweet) rest on its author, named in the signature line
    the embed puts after the post's text; they carry no cue of their own (cue kind "quote")."""
    by_start = {a.sentence.start: a for a in atts}
    changed = False
    for bi, block in enumerate(doc.blocks):
        sig = SIGNATURE.match(doc.text[block.start : block.end])
        if sig is None or bi == 0 or block.role != "body":
            continue
        post = doc.blocks[bi - 1]
        if post.role != "body":
            continue
        author = Mention(sig.group("name").strip(), "person", block.start + sig.start("name"))
        author = replace(author, end=author.start + len(author.name))
        for sent in sentences:
            if not (post.start <= sent.start < post.end) or len(sent.text.split()) < 2:
                continue
            old = by_start.get(sent.start)
            if old is not None and old.cue_kind not in ("none", "link"):
                continue
            links = old.links if old is not None else ()
            by_start[sent.start] = Attribution(sent, author, None, "quote", links=links)
            changed = True
    if not changed:
        return atts
    return tuple(by_start[k] for k in sorted(by_start))


def is_question(text: str) -> bool:
    return text.rstrip().rstrip("”\"’'»)").endswith("?")


class QuoteSpeakers:
    """Quote-speaker rules over the state ``Extractor`` keeps."""

    doc: Document
    quotes: list[tuple[int, QuoteSpan]]  # (paragraph group, span)
    quote_words: SpanIndex[QuoteSpan]  # the same spans by their words, for point look-ups
    opened: dict[int, Found]  # quote mark_start -> who opened it
    previous: Attribution | None  # the claim of the sentence just before

    def follow_on(self, sent: Sentence, qs: list[QuoteSpan], masked: str) -> Found | None:
        """A sentence that is only a quote, right after a quoted speaker, is that speaker's."""
        prev = self.previous
        if prev is None or prev.source is None or not qs:
            return None
        if prev.quote is None and prev.cue_kind not in ("speech-verb", "pronoun"):
            return None  # a quote after "X said that ..." is X's; after a mere mention it is not
        speakers = (*PERSON_KINDS, "organization", "government")  # not an outlet's report
        if any(ch.isalnum() for ch in masked) or prev.source.kind not in speakers:
            return None
        if self._body_between(prev.sentence.end, sent.start):
            return None
        return Found(prev.source, None, "quote", via=prev.via)

    def _body_between(self, a: int, b: int) -> bool:
        """True when body text lies between offsets a and b (page chrome, such as a "Read
        more" teaser set between two paragraphs of one quote, does not count)."""
        for block in self.doc.blocks:
            lo, hi = max(a, block.start), min(b, block.end)
            if lo < hi and block.role == "body" and self.doc.text[lo:hi].strip():
                return True
        return False

    def carry_back(self, atts: list[Attribution]) -> tuple[Attribution, ...]:
        """Give a quote's earlier sentences the speaker named after it ("“A. B,” X said.")."""
        out = list(atts)
        for i in range(len(out) - 1, -1, -1):
            att = out[i]
            if att.source is not None or att.quote is None:
                continue
            span = self.quote_words.first_containing(att.quote_start)
            if span is None:
                continue
            for later in out[i + 1 :]:
                if later.sentence.start >= span.mark_end:
                    break
                if later.source is not None:
                    out[i] = replace(
                        att, source=later.source, cue=None, cue_kind="quote", via=later.via
                    )
                    break
        return self._speaker_of_spans(out)

    def _speaker_of_spans(self, out: list[Attribution]) -> tuple[Attribution, ...]:
        """One quote, one speaker: a speaker named inside the quote's span ("“… It grows,”
        Walter said") wins over the previous quote's speaker guessed for its first sentences."""
        groups: dict[int, list[int]] = {}
        for i, att in enumerate(out):
            if att.quote is None:
                continue
            span = self.quote_words.first_containing(att.quote_start)
            if span is not None:
                groups.setdefault(span.mark_start, []).append(i)
        for members in groups.values():
            first = out[members[0]]
            if first.cue_kind != "quote":
                continue
            named = [out[i] for i in members if out[i].cue_kind not in ("quote", "none", "link")]
            if not named or named[0].source is None:
                continue
            for i in members:
                if out[i].cue_kind == "quote" and out[i].source != named[0].source:
                    out[i] = replace(out[i], source=named[0].source, via=named[0].via)
        return tuple(out)

    def carried(self, sent: Sentence, qs: list[QuoteSpan]) -> Found | None:
        """The speaker of a quote that opened in an earlier sentence or paragraph."""
        for q in qs:
            if q.mark_start < sent.start and q.mark_start in self.opened:
                return replace(self.opened[q.mark_start], cue=None, cue_kind="quote", audience=None)
        if qs and qs[0].mark_start >= sent.start:
            # a paragraph opening with a quote continues a quote the previous one left open
            para = [gi for gi, q in self.quotes if q is qs[0]]
            prev = [q for gi, q in self.quotes if para and gi == para[0] - 1]
            lead = self.doc.text[sent.start : qs[0].mark_start].strip()
            if prev and not prev[-1].closed and not lead and prev[-1].mark_start in self.opened:
                found = replace(self.opened[prev[-1].mark_start], cue=None, cue_kind="quote")
                return replace(found, audience=None)
        return None

    def quote_of(self, sent: Sentence, qs: list[QuoteSpan]) -> tuple[str | None, int, int]:
        for q in qs:
            a, b = max(q.start, sent.start), min(q.end, sent.end)
            text = self.doc.text[a:b]
            stripped = text.strip().rstrip(",")
            if not stripped.strip():
                continue
            a += len(text) - len(text.lstrip())
            b = a + len(stripped.strip())
            return fold(self.doc.text[a:b]), a, b
        return None, -1, -1
