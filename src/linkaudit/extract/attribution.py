"""Attribution: who each body sentence is attributed to, by which cue, with which quote.

A sentence becomes a claim when it is attributed, quotes someone, or carries a body link.

``Attribution.via`` is always the *other end of a relay*, and ``source`` is what the claim rests
on: "X told AFP" -> source X via AFP; "X reported, citing Y" -> source Y via X. When the relaying
outlet is state media, the claim rests on the state media (DESIGN.md: state-media "also when it
relays an official statement"), so "KCNA reported on a statement from the Foreign Ministry" ->
source KCNA via the DPRK Foreign Ministry statement.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urljoin

from linkaudit.extract.continuations import find_continuations, joined_blocks
from linkaudit.extract.cues import BETWEEN, DETERMINERS, NOUN_LIKE, SPEECH_RE
from linkaudit.extract.mentions import PRONOUNS, Hit, Mentions, owner_name, person_kind
from linkaudit.extract.patterns import (
    ACCORDING,
    CITING,
    DOC_SUBJECT,
    IN_DOC,
    OBJECT,
    PERSON_KINDS,
    POSSESSIVE_VIEW,
    RELAY,
    SCARE_QUOTE_WORDS,
    WROTE_DOC,
    Found,
    kind_of,
    relay,
)
from linkaudit.extract.people import CLAUSE_WORDS, People, Person, Tok, runs, tokens
from linkaudit.extract.protocols import E, RegistryLike, is_media
from linkaudit.extract.quotes import QuoteSpan, find_quotes, mask, words
from linkaudit.extract.sentences import fold, split_sentences
from linkaudit.model import Attribution, CueKind, Document, Mention, Sentence

# A subject clause starts after these; "in", "at", "to" may sit inside a title ("head of ...").
_SUBJECT_STOPS = CLAUSE_WORDS - {"in", "at", "on", "to", "by", "with"}
APPOSITION_OPENERS = frozenset({"a", "an", "the", "who", "whose", "which", "now", "then"})
# what may follow a sentence-final inverted cue: ", reported Euro News." / ", said X, a Y."
TRAILING = re.compile(r"^\s+[A-Z][^,;:]*(?:,\s+(?:a|an|the|who)\b[^;:]*)?[.!?]?\s*$")
ADVERB = re.compile(r"^[a-z]+ly$")  # "Republicans in the state quickly speculated"
AUXILIARIES = frozenset({"is", "was", "has", "does", "needs", "seems", "wants", "hopes"})
NOT_A_CUE_BEFORE = frozenset({"to", "is", "are", "was", "were", "be", "been", "being"})


class Extractor:
    """Runs the cue patterns over one document's sentences, in order."""

    def __init__(self, doc: Document, registry: RegistryLike[E]) -> None:
        self.doc = doc
        self.registry: RegistryLike[E] = registry
        hits = [Hit(m.start, m.end, m.entry) for m in registry.find_names(doc.text)]
        people = People()
        self.quotes: list[tuple[int, QuoteSpan]] = []
        for gi, group in enumerate(joined_blocks(doc)):
            a, b = doc.blocks[group[0]].start, doc.blocks[group[-1]].end
            people.scan(doc.text, a, b, [(h.start, h.end) for h in hits])
            self.quotes.extend((gi, q) for q in find_quotes(doc.text, a, b))
        self.ctx = Mentions(doc.text, sorted(hits, key=lambda h: h.start), people)
        self.opened: dict[int, Found] = {}  # quote mark_start -> who opened it
        self.previous: Attribution | None = None  # the claim of the sentence just before

    # ------------------------------------------------------------ cues

    def subject(self, masked: str, end: int, base: int) -> Mention | None:
        """The speaker written right before ``masked[end]`` (a verb)."""
        toks = tokens(masked[:end], base)
        while toks and (toks[-1].text.lower() in BETWEEN or ADVERB.match(toks[-1].text)):
            toks.pop()
        if not toks:
            return None
        if toks[-1].text == ",":  # "Andrey Sushentsov, a prominent Russian pundit, wrote"
            return self._apposed_subject(masked, toks, base)
        if toks[-1].text.lower() in PRONOUNS:
            return self.ctx.pronoun(toks[-1].text)
        i = len(toks)
        while i > 0 and len(toks) - i < 14:
            word = toks[i - 1].text
            if not (word[0].isalnum() or word in "’'-.") or word.lower() in _SUBJECT_STOPS:
                break
            i -= 1
        if i == len(toks):
            return None
        a, b = toks[i].start, toks[-1].end
        return self.ctx.phrase(self.doc.text[a:b], a, at_end=True)

    def _apposed_subject(self, masked: str, toks: list[Tok], base: int) -> Mention | None:
        """The subject before a chain of appositions: "Chi Onwurah, the Labour MP for
        Newcastle Central, who is supporting the report, said" -> Chi Onwurah, its role."""
        commas = [i for i, t in enumerate(toks) if t.text == ","]
        role: str | None = None
        k = len(commas) - 1
        while k >= 1:
            head = toks[commas[k - 1] + 1].text.lower()
            if head not in APPOSITION_OPENERS:
                break
            if head in ("a", "an", "the"):
                role = self.doc.text[toks[commas[k - 1] + 1].start : toks[commas[k] - 1].end]
            k -= 1
        if k == len(commas) - 1:
            return None
        found = self.subject(masked, toks[commas[k]].start - base, base)
        if found is None or found.kind not in ("person", "official", "academic") or not role:
            return found
        if found.role is None or person_kind(role) != "person":
            return replace(found, role=role, kind=person_kind(role))
        return found

    def speech(self, sent: Sentence, masked: str) -> Found | None:
        """The first reporting verb with a speaker; a trailing ", reported X." wins, since
        "Bolivia declared an emergency, reported Euro News" rests on Euro News."""
        matches = list(SPEECH_RE.finditer(masked))
        trailing = [m for m in matches if TRAILING.match(masked[m.end() :])]
        trailing = [m for m in trailing if masked[: m.start()].rstrip().endswith(",")]
        return self._speech(sent, masked, trailing[-1:]) or self._speech(sent, masked, matches)

    def _speech(self, sent: Sentence, masked: str, matches: list[re.Match[str]]) -> Found | None:
        base = sent.start
        for vm in matches:
            verb = vm.group("verb")
            before = masked[: vm.start()].split()
            prev = before[-1].lower() if before else ""
            if prev in DETERMINERS or prev.endswith(("’s", "'s", "’", "'")):
                continue  # "the reported cases", "Vaddi’s remarks": a noun, not a cue
            if prev in NOT_A_CUE_BEFORE:
                continue  # "to explain", "are estimated": an infinitive or a passive
            if verb == "added" and re.match(r"\s+to\b", masked[vm.end() :]):
                continue  # "Iceland added to the quarantine list"
            if verb in NOUN_LIKE and not (
                before and (before[-1][:1].isupper() or prev in PRONOUNS)
            ):
                continue  # "unemployment claims", "blog posts": nouns unless a name precedes
            src = self.subject(masked, vm.start(), base)
            after = masked[vm.end() :]
            if src is None and (not before or masked[: vm.start()].rstrip().endswith(",")):
                told = OBJECT.match(after)
                if told and not told.group("np").strip().lower().startswith(("that", "the ")):
                    src = self.ctx.phrase(
                        told.group("np"), base + vm.end() + told.start("np"), False
                    )
            if src is None:
                continue
            if verb in ("wrote", "writes") and (doc := WROTE_DOC.match(after)):
                name = f"{src.name}'s {doc.group('noun')}"
                self.ctx.documents.append(Mention(name, "document", -1, -1, None, src.name))
                continue
            return self.cue_details(src, verb, after, base + vm.end())
        return None

    def cue_details(self, src: Mention, verb: str, after: str, at: int) -> Found:
        """Complete a "<source> <verb>" cue with what follows the verb."""
        if verb in ("wrote", "writes") and src.kind != "document":
            letters = [d for d in self.ctx.documents if d.owner == src.name]
            if letters:
                return Found(letters[-1], verb, "document")
        if verb in ("told", "tells", "tell"):
            told = OBJECT.match(after)
            if told:
                listener = self.ctx.phrase(told.group("np"), at + told.start("np"), False)
                if listener is not None and self._is_outlet(listener):
                    return Found(src, verb, kind_of(src, "speech-verb"), via=listener)
                return Found(src, verb, kind_of(src, "speech-verb"), audience=told.group("np"))
        citing = CITING.match(after)
        if citing:
            original = self.ctx.phrase(citing.group("np"), at + citing.start("np"), False)
            if original is not None:
                return relay(src, original, self.ctx, f"{verb}, citing")
        relayed = RELAY.match(after)
        if relayed and self._is_outlet(src):
            hit = next((h for h in self.ctx.hits if h.entry.name == src.name), None)
            country = hit.entry.country if hit else None
            owner = owner_name(relayed.group("owner"), country)
            noun = relayed.group("noun")
            doc = Mention(f"{owner} {noun}", "document", -1, -1, None, owner)
            self.ctx.documents.append(doc)
            return relay(src, doc, self.ctx, verb)
        if verb in ("reported", "reports") and src.kind == "organization":
            src = replace(src, kind="outlet")  # "reported Euro News": what reports is a medium
        kind: CueKind = "pronoun" if src.start < 0 and src.kind != "document" else "speech-verb"
        in_doc = IN_DOC.match(after)
        if in_doc:
            cue = f"{verb} {fold(in_doc.group(0))}"  # "said in a statement"
            if in_doc.group("noun") != "interview":
                kind = "document"
            return Found(src, cue, kind_of(src, kind))
        return Found(src, verb, kind_of(src, kind))

    def _is_outlet(self, m: Mention) -> bool:
        return any(h.entry.name == m.name and is_media(h.entry) for h in self.ctx.hits)

    def document_subject(self, sent: Sentence, masked: str) -> Found | None:
        m = DOC_SUBJECT.search(masked)
        if m is None:
            return None
        mod_hits = self.ctx.hit_in(sent.start + m.start("np"), sent.start + m.end("np"))
        media = [h for h in mod_hits if is_media(h.entry)]
        if media:
            return Found(self.ctx.registered(media[0]), m.group("verb"), "speech-verb")
        doc = self.ctx.document(m, sent.start)
        doc = replace(doc, start=sent.start + m.start("np"), end=sent.start + m.end("noun"))
        self.ctx.documents.append(doc)
        cue = fold(m.group("np")[: m.end("noun") - m.start("np")])
        return Found(doc, re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", cue), "document")

    def mention(self, sent: Sentence, masked: str) -> Found | None:
        """An outlet as the actor of the sentence: "Tass played up the press release"."""
        lead = re.match(r"\s*(?:[Tt]he\s+)?", masked)
        at = sent.start + (lead.end() if lead else 0)
        for h in self.ctx.hits:
            if h.start == at and is_media(h.entry):
                rest = masked[h.end - sent.start :]
                verb = re.match(r"\s+(?P<v>[a-z]+(?:ed|s)(?:\s+(?:up|down|out|on))?)\b", rest)
                if verb is None or verb.group("v").split()[0] in AUXILIARIES:
                    return None  # "Evening Standard would like to ...": not the outlet's report
                via = None
                for d in reversed(self.ctx.documents):
                    noun = d.name.split()[-1] if d.name else ""
                    if noun and re.search(rf"\bthe\s+(?:\w+\s+)?{re.escape(noun)}\b", rest):
                        via = d
                        break
                return Found(self.ctx.registered(h), verb.group("v"), "mention", via=via)
        return None

    def other_cues(self, sent: Sentence, masked: str) -> Found | None:
        m = ACCORDING.search(masked)
        if m:
            src = self.ctx.phrase(m.group("np"), sent.start + m.start("np"), False)
            if src is not None:
                return Found(src, "according to", kind_of(src, "according-to"))
        m = POSSESSIVE_VIEW.match(masked)
        if m:
            src = self.ctx.phrase(m.group("np"), sent.start + m.start("np"), True)
            if src is not None:
                return Found(src, m.group("noun"), "mention")
        return None

    def link_source(self, links: tuple[int, ...]) -> Found | None:
        """No cue in the text: a link to a registry site names that site as the source."""
        for i in links:
            href = urljoin(self.doc.canonical_url or "", self.doc.links[i].href.strip())
            if not href.lower().startswith(("http://", "https://")):
                continue
            entry = self.registry.by_url(href)
            if entry is not None:
                return Found(self.ctx.registered(Hit(-1, -1, entry)), None, "link")
        return None

    # ------------------------------------------------------------ per sentence

    def attribute(self, sent: Sentence, links: tuple[int, ...]) -> Attribution | None:
        self.ctx.sentence_no += 1
        raw = self.doc.text[sent.start : sent.end]
        qs = [q for _, q in self.quotes if q.mark_start < sent.end and q.mark_end > sent.start]
        masked = mask(raw, sent.start, qs)
        found = (
            self.document_subject(sent, masked)
            or self.other_cues(sent, masked)
            or self.speech(sent, masked)
            or self.mention(sent, masked)
        )
        if found is None:
            found = self.carried(sent, qs) or self.follow_on(sent, qs, masked)
        if found is None:
            found = self.link_source(links)
        quote, qa, qb = self.quote_of(sent, qs)
        if found is not None:
            for q in qs:
                if q.mark_start >= sent.start:
                    self.opened.setdefault(q.mark_start, found)
            src = found.source
            if src.kind in ("person", "official", "academic") and src.start >= 0:
                self.ctx.last_person = src
                self.ctx.last_person_at = self.ctx.sentence_no
                self.ctx.people.add(Person(src.name, src.start, src.end, src.role, src.owner))
            if found.cue_kind not in ("link", "quote"):
                self.ctx.last_speaker = found.source
        else:
            self._learn_people(sent, masked)
            if not links and (quote is None or words(quote) <= SCARE_QUOTE_WORDS):
                self.previous = None
                return None
        self.previous = Attribution(
            sentence=sent,
            source=found.source if found else None,
            cue=found.cue if found else None,
            cue_kind=found.cue_kind if found else "none",
            quote=quote,
            quote_start=qa,
            quote_end=qb,
            via=found.via if found else None,
            audience=found.audience if found else None,
            links=links,
        )
        return self.previous

    def _learn_people(self, sent: Sentence, masked: str) -> None:
        # a person named in an unattributed sentence is still the antecedent of a later "he"
        toks = tokens(masked, sent.start)
        for run in runs(toks):
            if run[-1].text.endswith(("’s", "'s")):
                continue  # "Joe Biden’s administration": not who a later "he" is
            if any(h.start <= run[0].start < h.end for h in self.ctx.hits):
                continue
            person = self.ctx.person(run, toks, toks.index(run[0]))
            unresolved = person is not None and " " not in person.name
            if person is not None and person.kind != "government" and not unresolved:
                self.ctx.last_named = person

    def follow_on(self, sent: Sentence, qs: list[QuoteSpan], masked: str) -> Found | None:
        """A sentence that is only a quote, right after a quoted speaker, is that speaker's."""
        prev = self.previous
        if prev is None or prev.quote is None or prev.source is None or not qs:
            return None
        if any(ch.isalnum() for ch in masked) or prev.source.kind not in PERSON_KINDS:
            return None
        between = self.doc.text[prev.sentence.end : sent.start]
        if between.strip():
            return None
        return Found(prev.source, None, "quote", via=prev.via)

    def carry_back(self, atts: list[Attribution]) -> tuple[Attribution, ...]:
        """Give a quote's earlier sentences the speaker named after it ("“A. B,” X said.")."""
        out = list(atts)
        for i in range(len(out) - 1, -1, -1):
            att = out[i]
            if att.source is not None or att.quote is None:
                continue
            span = next((q for _, q in self.quotes if q.start <= att.quote_start < q.end), None)
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


def extract(doc: Document, registry: RegistryLike[E]) -> tuple[Attribution, ...]:
    """One Attribution per claim of the document's body, in document order."""
    ex = Extractor(doc, registry)
    continued = find_continuations(doc)
    out: list[Attribution] = []
    for sent in split_sentences(doc):
        links = tuple(
            i
            for i, link in enumerate(doc.links)
            if link.role == "body" and sent.start <= link.start < sent.end
        )
        links = tuple(sorted(set(links) | {j for j, i in continued.items() if i in links}))
        att = ex.attribute(sent, links)
        if att is not None:
            out.append(att)
    return ex.carry_back(out)
