"""Attribution: who each body sentence is attributed to, by which cue, with which quote.

A sentence becomes a claim when it is attributed, quotes someone, or carries a body link.

``Attribution.via`` is always the *other end of a relay*, and ``source`` is what the claim rests
on: "X told AFP" -> source X via AFP; "X reported, citing Y" -> source Y via X. When the relaying
outlet is state media, the claim rests on the state media (DESIGN.md: state-media "also when it
relays an official statement"), so "KCNA reported on a statement from the Foreign Ministry" ->
source KCNA via the DPRK Foreign Ministry statement.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from urllib.parse import urljoin

from linkaudit.extract.continuations import find_continuations, joined_blocks
from linkaudit.extract.cues import BETWEEN, DETERMINERS, NOUN_LIKE, SPEECH_RE, wordset
from linkaudit.extract.language import detect_language
from linkaudit.extract.mentions import PRONOUNS, Hit, Mentions, owner_name, person_kind
from linkaudit.extract.narration import gender_after, learn_from_narration
from linkaudit.extract.nominals import BODY_KINDS
from linkaudit.extract.parsed_attribution import ParsedCues, ParseLookup, ParseStream
from linkaudit.extract.patterns import (
    ACCORDING,
    CITING,
    DOC_SUBJECT,
    IMPERSONAL,
    IN_ANALYSIS,
    IN_DOC,
    OBJECT,
    POSSESSIVE_VIEW,
    REFLEXIVES,
    RELAY,
    SCARE_QUOTE_WORDS,
    TIME_OPENERS,
    TIME_WORDS,
    WROTE_DOC,
    Found,
    kind_of,
    relay,
)
from linkaudit.extract.people import CLAUSE_WORDS, People, Person, Tok, tokens
from linkaudit.extract.protocols import E, RegistryLike, is_media
from linkaudit.extract.quote_speakers import QuoteSpeakers, is_question, signed_posts
from linkaudit.extract.quotes import QuoteSpan, find_quotes, mask, words
from linkaudit.extract.sentences import fold, split_sentences
from linkaudit.extract.spans import SpanIndex
from linkaudit.model import Attribution, CueKind, Document, Mention, Sentence
from linkaudit.parse.tokens import ParseLike

# A subject clause starts after these; "in", "at", "to" may sit inside a title ("head of ...").
_SUBJECT_STOPS = CLAUSE_WORDS - {"in", "at", "on", "to", "by", "with"}
APPOSITION_OPENERS = frozenset({"a", "an", "the", "who", "whose", "which", "now", "then"})
# what may follow a sentence-final inverted cue: ", reported Euro News." / ", said X, a Y."
TRAILING = re.compile(r"^\s+[A-Z][^,;:]*(?:,\s+(?:a|an|the|who)\b[^;:]*)?[.!?]?\s*$")
ADVERB = re.compile(r"^[a-z]+ly$")  # "Republicans in the state quickly speculated"
# "Associated Press writers X and Y contributed to this report": a byline, never a claim
CONTRIBUTOR_LINE = re.compile(
    r"\bcontributed(?:\s+reporting)?(?:\s+to\s+(?:this|the)\s+(?:report|story))?\.?\s*$"
)
FINDING_RE = re.compile(
    r"\b(?:(?:are|were|is|was)\s+)?(?P<verb>found|discovered|spotted|uncovered|identified|"
    r"warning)\b"
)
RESEARCHERS = wordset("researchers researcher scientists scientist investigators experts analysts")
AUXILIARIES = frozenset({"is", "was", "has", "does", "needs", "seems", "wants", "hopes"})
NOT_A_CUE_BEFORE = frozenset({"to", "is", "are", "was", "were", "be", "been", "being"})


def _walk_back(toks: list[Tok], end: int) -> int:
    """Index where the subject phrase ending at ``toks[end - 1]`` starts (``end`` if none)."""
    i = end
    while i > 0 and end - i < 14:
        word = toks[i - 1].text
        inside_name = (
            word in ("and", "&") and i >= 2 and i < end and toks[i - 2].text[0].isupper()
        ) and toks[i].text[0].isupper()  # "Universities and Colleges Employers’ Association"
        stop = word.lower() in _SUBJECT_STOPS and not inside_name
        if not (word[0].isalnum() or word in "’'-.") or stop:
            break
        i -= 1
    return i


def _words(text: str | None) -> set[str]:
    return {w.lower() for w in (text or "").split()}


class Extractor(ParsedCues, QuoteSpeakers):
    """Runs the parse cues, then the surface patterns, over one document's sentences."""

    def __init__(
        self,
        doc: Document,
        registry: RegistryLike[E],
        parses: ParseLookup | None = None,
    ) -> None:
        self.doc = doc
        self.parses: ParseLookup = parses if parses is not None else {}
        self.registry: RegistryLike[E] = registry
        hits = [Hit(m.start, m.end, m.entry) for m in registry.find_names(doc.text)]
        people = People()
        self.quotes: list[tuple[int, QuoteSpan]] = []
        blocked = SpanIndex([(h.start, h.end) for h in hits], lambda span: span)
        for gi, group in enumerate(joined_blocks(doc)):
            a, b = doc.blocks[group[0]].start, doc.blocks[group[-1]].end
            if doc.blocks[group[0]].kind != "heading":  # "Lindsey Graham Says …" is no name
                people.scan(doc.text, a, b, blocked)
            self.quotes.extend((gi, q) for q in find_quotes(doc.text, a, b))
        # per-sentence look-ups by bisection (a scan of every quote per sentence was quadratic)
        spans = [q for _, q in self.quotes]
        self.quote_marks = SpanIndex(spans, lambda q: (q.mark_start, q.mark_end))
        self.quote_words = SpanIndex(spans, lambda q: (q.start, q.end))
        self.ctx = Mentions(doc.text, sorted(hits, key=lambda h: h.start), people)
        self.opened: dict[int, Found] = {}  # quote mark_start -> who opened it
        self.previous: Attribution | None = None  # the claim of the sentence just before

    # ------------------------------------------------------------ cues

    def subject(self, masked: str, end: int, base: int) -> Mention | None:
        """The speaker written right before ``masked[end]`` (a verb)."""
        toks = tokens(masked[:end], base)
        while toks and (toks[-1].text.lower() in BETWEEN or ADVERB.match(toks[-1].text)):
            toks.pop()
        if len(toks) > 2 and toks[-1].text == ")":  # "the ... Association (UCEA) said"
            opening = max((k for k, t in enumerate(toks) if t.text == "("), default=0)
            toks = toks[:opening] if len(toks) - opening <= 6 else toks
        while toks and toks[-1].text.lower() in REFLEXIVES:
            toks.pop()  # "as Montoya-Lewis herself said"
        while (
            len(toks) > 2
            and toks[-1].text.lower() in TIME_WORDS
            and (toks[-2].text.lower() in TIME_OPENERS)
        ):
            del toks[-2:]  # "health officials this week said"
        if toks and toks[-1].text.lower() == "who" and len(toks) > 1:
            toks.pop()  # "a string of Tory MPs who said"
        if not toks:
            return None
        if toks[-1].text == ",":  # "Andrey Sushentsov, a prominent Russian pundit, wrote"
            return self._apposed_subject(masked, toks, base)
        if toks[-1].text.lower() in PRONOUNS:
            return self.ctx.pronoun(toks[-1].text)
        i = _walk_back(toks, len(toks))
        if i == len(toks):
            return None
        a, b = toks[i].start, toks[-1].end
        found = self.ctx.phrase(self.doc.text[a:b], a, at_end=True)
        if i > 1 and toks[i - 1].text.lower() == "who" and (found is None or found.start < a):
            # "The logger who stayed back claimed": the group the relative clause describes
            j = _walk_back(toks, i - 1)
            if j < i - 1:
                whole = self.ctx.phrase(self.doc.text[toks[j].start : b], toks[j].start, True)
                if whole is not None and whole.anonymous:
                    return whole
        return found

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
            return self._name_after_role(toks, commas)
        found = self.subject(masked, toks[commas[k]].start - base, base)
        if found is None or found.kind not in ("person", "official", "academic") or not role:
            return found
        if found.role is None or person_kind(role) != "person":
            return replace(found, role=role, kind=person_kind(role))
        return found

    def _name_after_role(self, toks: list[Tok], commas: list[int]) -> Mention | None:
        """The name set off by commas after a role: "a lawyer in attendance, Shannon
        Kilpatrick, tweeted" -> Shannon Kilpatrick, a lawyer in attendance."""
        if len(commas) < 2 or commas[-1] - commas[-2] < 2:
            return None
        first, last = toks[commas[-2] + 1], toks[commas[-1] - 1]
        named = self.ctx.phrase(self.doc.text[first.start : last.end], first.start, True)
        if named is None or named.kind not in ("person", "official") or named.start < 0:
            return None
        lo = commas[-3] + 1 if len(commas) >= 3 else 0
        if lo >= commas[-2] or toks[lo].text.lower() not in ("a", "an", "the"):
            return None
        role = self.doc.text[toks[lo].start : toks[commas[-2] - 1].end]
        return replace(named, role=role, kind=person_kind(role))

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
            if verb == "saying" and (not before or before[-1].endswith(",")):
                continue  # "…, saying that": the participle's subject is the whole clause's
            if verb in ("went on", "goes on") and re.match(r"\s+to\b", masked[vm.end() :]):
                continue  # "she went on to receive a master’s": not speech
            if verb in ("accused", "accuses") and re.match(r"\s+of\b", masked[vm.end() :]):
                continue  # "Mark Meadows accused of timing retirement": a passive headline
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
                np = told.group("np").strip().lower() if told else ""
                # "announced last April that": a time, not the speaker
                if (
                    told
                    and not np.startswith(("that", "the "))
                    and (np.split() or [""])[0] not in TIME_OPENERS
                ):
                    src = self.ctx.phrase(
                        told.group("np"), base + vm.end() + told.start("np"), False
                    )
            if src is None:
                continue
            if verb in ("wrote", "writes") and (doc := WROTE_DOC.match(after)):
                name = f"{src.name}'s {doc.group('noun')}"
                self.ctx.documents.append(Mention(name, "document", -1, -1, None, src.name))
                continue
            return self.cue_details(self._analyst(src, sent.end), verb, after, base + vm.end())
        return None

    def findings(self, sent: Sentence, masked: str) -> Found | None:
        """Unnamed researchers reporting what they found: "researchers found the links",
        "Researchers are warning of a new ransomware" (research verbs need such a subject)."""
        for m in FINDING_RE.finditer(masked):
            src = self.subject(masked, m.start(), sent.start)
            if src is not None and src.anonymous and _words(src.role) & RESEARCHERS:
                return Found(src, m.group("verb"), "anonymous")
        return None

    def _analyst(self, src: Mention, limit: int) -> Mention:
        """A person speaking "in an analysis" (or study, research paper) is its author, an
        analyst of others' acts: "said Lukas Stefanko with ESET in a Monday analysis"."""
        if src.start < 0 or src.kind != "person" or src.role:
            return src
        m = IN_ANALYSIS.match(self.doc.text[src.end : limit])
        if m is None:
            return src
        role = f"author of the {m.group('noun')}" + (
            f" ({m.group('org')})" if m.group("org") else ""
        )
        return replace(src, role=role)

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
        for h in self.ctx.hit_index.starting_at(at):
            if is_media(h.entry):
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
        m = IMPERSONAL.search(masked)
        if m:
            # "it is understood that", "it was learned": the paper's unnamed sources
            src = Mention("unnamed sources", "anonymous", -1, -1, "sources", None, True)
            return Found(src, fold(m.group(0)), "anonymous")
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

    def _person_by_pronoun(self, found: Found, masked: str, base: int) -> Found:
        """A lone unknown name is taken for a body ("Hamas said"), unless a he/she right after
        it says it is a person ("Brenz admitted that his pick …": a surname the text never
        gave in full); then it is a person a later "he" can mean."""
        src = found.source
        lone = src.kind == "organization" and src.start >= 0 and " " not in src.name
        if not lone or self.ctx.hit_in(src.start, src.end):
            return found
        if gender_after(masked, src.end - base) is None:
            return found
        person = self.ctx.people.add(Person(src.name, src.start, src.end))
        return replace(found, source=self.ctx.from_person(person, src.start, src.end))

    # ------------------------------------------------------------ per sentence

    def attribute(self, sent: Sentence, links: tuple[int, ...]) -> Attribution | None:
        self.ctx.sentence_no += 1
        raw = self.doc.text[sent.start : sent.end]
        qs = self.quote_marks.overlapping(sent.start, sent.end)
        masked = mask(raw, sent.start, qs)
        if CONTRIBUTOR_LINE.search(masked):
            self.previous = None
            return None
        surface = (
            self.document_subject(sent, masked)
            or self.other_cues(sent, masked)
            or self.speech(sent, masked)
            or self.findings(sent, masked)
            or self.mention(sent, masked)
        )
        found = self.reconcile(surface, self.parsed(sent, masked, qs))
        question = False
        if found is None:
            found = self.carried(sent, qs)
        if found is None:
            found = self.follow_on(sent, qs, masked)
            # a quoted question standing alone after someone spoke is the interviewer's
            # ("“What is it about Joe Biden …?” King asked Scott."), not the last speaker's
            question = found is not None and is_question(raw)
            found = None if question else found
        if found is None:
            found = self.link_source(links)
        quote, qa, qb = self.quote_of(sent, qs)
        if found is not None:
            found = self._person_by_pronoun(found, masked, sent.start)
            for q in qs:
                if q.mark_start >= sent.start:
                    self.opened.setdefault(q.mark_start, found)
            src = found.source
            if src.kind in ("person", "official", "academic") and src.start >= 0:
                self.ctx.last_person = src
                self.ctx.last_person_at = self.ctx.sentence_no
                self.ctx.people.add(Person(src.name, src.start, src.end, src.role, src.owner))
                self.ctx.note(src)
                self.ctx.learn_gender(src, gender_after(masked, src.end - sent.start))
            if found.cue_kind not in ("link", "quote"):
                self.ctx.last_speaker = found.source
            if src.kind in BODY_KINDS and not src.anonymous and src.name[:1].isupper():
                self.ctx.last_body = src
            if src.kind not in ("person", "official", "academic"):
                # "Ed Lee spoke to reporters after meeting members who endorsed her": the claim
                # rests on the members, but the person the sentence is about is who a later
                # "he" means, as after a sentence without a cue
                learn_from_narration(self.ctx, sent, masked)
        else:
            learn_from_narration(self.ctx, sent, masked)
            if not links and (quote is None or words(quote) <= SCARE_QUOTE_WORDS or question):
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
            also=found.also if found else (),
        )
        return self.previous


def extract(
    doc: Document, registry: RegistryLike[E], parser: ParseLike | None = None
) -> tuple[Attribution, ...]:
    """One Attribution per claim of the document's body, in document order.

    ``parser`` defaults to the process's verified spaCy parser (parse.get_parser), loaded only
    when a sentence is to be parsed. A page in another language is read by its cue lexicon
    instead (extract/foreign.py), never parsed."""
    language = detect_language(doc)
    if language.method == "patterns":
        from linkaudit.extract.foreign import extract_foreign

        return extract_foreign(doc, registry, language)
    if parser is None:
        from linkaudit.parse import DeferredParser  # spaCy loads at the first parse only

        parser = DeferredParser()
    sentences = split_sentences(doc)
    # parsed as the sentences are attributed, a chunk at a time: memory stays flat in the input
    ex = Extractor(doc, registry, ParseStream(doc, sentences, parser))
    return attribute_sentences(doc, sentences, ex)


# A pass over every sentence's attribution (None: no claim) before headings are dropped.
Amend = Callable[[Document, list[Attribution | None], Sequence[Sentence]], None]


def attribute_sentences(
    doc: Document, sentences: Sequence[Sentence], ex: Extractor, amend: Amend | None = None
) -> tuple[Attribution, ...]:
    """Run ``ex`` over the sentences in order, each with its body links."""
    continued = find_continuations(doc)
    found: list[Attribution | None] = []
    # links by start offset, so each sentence finds its own by bisection, not by a scan
    order = sorted(range(len(doc.links)), key=lambda i: doc.links[i].start)
    starts = [doc.links[i].start for i in order]
    continuing: dict[int, list[int]] = {}
    for j, i in continued.items():
        continuing.setdefault(i, []).append(j)
    for sent in sentences:
        lo = bisect.bisect_left(starts, sent.start)
        hi = bisect.bisect_left(starts, sent.end)
        own = [i for i in order[lo:hi] if doc.links[i].role == "body"]
        links = tuple(sorted({*own, *(j for i in own for j in continuing.get(i, ()))}))
        found.append(ex.attribute(sent, links))
    if amend is not None:
        amend(doc, found, sentences)
    # a headline or a subhead is never a claim ("…, Austria says"), though what it names
    # stays known to the sentences after it
    out = [
        att
        for att, sent in zip(found, sentences, strict=True)
        if att is not None and doc.blocks[sent.block].kind != "heading"
    ]
    return signed_posts(doc, sentences, ex.carry_back(out))
