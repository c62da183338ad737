"""The parse-based cue step of the Extractor: parse cues -> named sources -> ``Found``.

``Extractor.attribute`` asks this step before the older surface patterns: the parse knows the
verb's subject, so it is believed first; the patterns remain for what the parse does not cover
(documents as subjects, relayed statements, outlets acting, carried quotes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from linkaudit.extract.cues import wordset
from linkaudit.extract.gender import from_name, pronoun_gender
from linkaudit.extract.lexicon import Lexicon, lexicon
from linkaudit.extract.mentions import Mentions, person_kind
from linkaudit.extract.nominals import BODY_KINDS, ROLE_NOUNS, STATE_NOUNS, nominal_referent
from linkaudit.extract.parsed_cues import (
    GROUP_WORDS,
    PRONOUN_SUBJECTS,
    ParseCue,
    core_span,
    find_cues,
    is_age,
    is_share,
)
from linkaudit.extract.patterns import Found, kind_of
from linkaudit.extract.people import Person
from linkaudit.extract.quotes import QuoteSpan
from linkaudit.model import CueKind, Document, Mention, Sentence, SourceKind
from linkaudit.parse.pipeline import BATCH_SIZE
from linkaudit.parse.tokens import ParsedSentence, ParseLike, Tok

PERSON_KINDS = frozenset({"person", "official", "academic"})
UNNAMED_REPORTS = Mention("unnamed reports", "anonymous", -1, -1, "reports", None, True)
_ENT_KIND = {"PERSON": "person", "ORG": "organization", "GPE": "government", "NORP": "anonymous"}


# pronouns heading a described group: "those in favor of", "some who study it"
_GROUP_PRONOUNS = frozenset(["those", "some", "others", "many", "few"])
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}
# what someone's words are called when they are the subject: "her view is", "his words were"
_VIEWS = frozenset(
    ["view", "views", "finding", "findings", "work", "words", "comments", "argument"]
)

# a person described by party: "the Wisconsin Republican says" (after "House Speaker Paul Ryan")
PARTY_WORDS = frozenset(["Republican", "Democrat", "Conservative", "Tory", "Socialist"])


def _describes_person(ps: ParsedSentence, head: Tok) -> bool:
    return head.text in PARTY_WORDS or is_age(ps, head)


def worth_parsing(text: str, lex: Lexicon) -> bool:
    """Cheap test: could this sentence hold a cue the parse would find?"""
    if ": " in text and not text.lstrip().startswith(("http", "www")):
        return True  # a colon cue ("Name: '…'"), not the colon of a URL
    words = {w.strip(".,;:!?\"'“”‘’()").lower() for w in text.split()}
    if not words.isdisjoint(lex.surface):
        return True
    return any(not lex.companions[w].isdisjoint(words) for w in words if w in lex.companions)


def _candidates(doc: Document, sentences: Sequence[Sentence]) -> list[Sentence]:
    lex = lexicon()
    # a headline or a teaser is never a claim: headings are not parsed for cues
    return [
        s
        for s in sentences
        if s.role == "body" and doc.blocks[s.block].kind != "heading" and worth_parsing(s.text, lex)
    ]


def parse_sentences(
    doc: Document, sentences: Sequence[Sentence], parser: ParseLike
) -> dict[int, ParsedSentence]:
    """Parse, in one batch, the body sentences that may hold a cue; keyed by sentence start."""
    todo = _candidates(doc, sentences)
    parsed = parser.parse_spans(doc.text, [(s.start, s.end) for s in todo])
    return {s.start: p for s, p in zip(todo, parsed, strict=True)}


class ParseLookup(Protocol):
    """The parse of a sentence by its start offset (None: not parsed, no cue possible)."""

    def get(self, start: int, /) -> ParsedSentence | None: ...


# Candidate sentences parsed per step of a ParseStream: a multiple of the parser's batch size,
# so that spaCy sees the same batches as in one call over the whole document.
STREAM_CHUNK = 8 * BATCH_SIZE


class ParseStream:
    """The parses of a document's candidate sentences, made a chunk at a time as the extractor
    walks the sentences in order, and dropped once it has moved past them.

    The extractor reads one sentence's parse at a time; parsing the whole document first held
    every sentence's tokens at once (about 250 MB per 4 MB of prose, most of a 20 MB input's
    memory). A look-up behind the current chunk (never made by ``extract``) is parsed alone.
    """

    def __init__(
        self,
        doc: Document,
        sentences: Sequence[Sentence],
        parser: ParseLike,
        chunk: int = STREAM_CHUNK,
    ) -> None:
        self._text = doc.text
        self._todo = _candidates(doc, sentences)
        self._parser = parser
        self._chunk = chunk
        self._next = 0  # index in _todo of the first sentence not parsed yet
        self._current: dict[int, ParsedSentence] = {}
        self._index = {s.start: i for i, s in enumerate(self._todo)}
        self.chunks_parsed = 0  # for tests: how many parse calls were made

    def get(self, start: int, /) -> ParsedSentence | None:
        at = self._index.get(start)
        if at is None:
            return None
        if start in self._current:
            return self._current[start]
        if at < self._next:  # behind the window: parse that one sentence again
            s = self._todo[at]
            return self._parser.parse_spans(self._text, [(s.start, s.end)])[0]
        while self._next <= at:
            batch = self._todo[self._next : self._next + self._chunk]
            parsed = self._parser.parse_spans(self._text, [(s.start, s.end) for s in batch])
            self._current = {s.start: p for s, p in zip(batch, parsed, strict=True)}
            self._next += len(batch)
            self.chunks_parsed += 1
        return self._current[start]


_CONTRASTS = frozenset(["while", "whereas", "although", "though"])


def _coordinated(ps: ParsedSentence, cues: list[ParseCue], cue: ParseCue) -> list[ParseCue]:
    """The speech and belief cues of clauses coordinated with ``cue``'s ("X said …, and Y
    said …", "X said …, while Y said …") that name their own subject: the sentence rests on
    each of them. A cue inside what ``cue`` reports ("X said Y believes …") is not one."""
    out = []
    for other in cues:
        if other.at == cue.at or other.family not in ("speech", "belief") or not other.subjects:
            continue
        if cue.family == "according" and ps.toks[cue.at].head == other.at:
            # "According to exit polls, nearly half said …": the polls and the respondents
            out.append(other)
            continue
        a, b = sorted((cue.at, other.at))
        low, high = ps.toks[a], ps.toks[b]
        marks = {c.text.lower() for c in ps.children(b) if c.dep == "mark"}
        contrast = high.dep == "advcl" and bool(marks & _CONTRASTS)
        # the parser may hang the "while" clause on the first speaker's reported clause
        said = ps.toks[high.head]
        speech = cue.family == other.family == "speech"
        # "half say they prefer X, while 4 in 10 want Y": another share of the same poll
        share = cue.family == "speech" and other.family == "belief" and _share_subject(ps, other)
        via_content = (speech or share) and contrast and said.dep == "ccomp" and said.head == a
        if high.head != a and not via_content:
            continue
        # "Six in 10 said …, and three-quarters said …": the parser may take the second
        # clause for what the first reports; the same verb after ", and" is a second speaker
        parallel = high.lemma == low.lemma and _after_conjunction(ps, other)
        linked = high.dep == "conj" or contrast or parallel
        own = any(c.dep in ("nsubj", "nsubjpass") for c in ps.children(other.at))
        if linked and own and low.dep in ("ROOT", "conj", "ccomp"):
            out.append(other)
    return out


def _subject_start(ps: ParsedSentence, cue: ParseCue) -> int | None:
    """Token index where the cue's first subject phrase starts."""
    start = cue.subjects[0][0]
    return next((t.i for t in ps.toks if t.start == start), None)


def _share_subject(ps: ParsedSentence, cue: ParseCue) -> bool:
    """Whether the cue's subject is a share of people ("about 4 in 10", "half")."""
    a, b = cue.subjects[0]
    return any(is_share(ps, t) for t in ps.toks if a <= t.start < b and t.dep == "nsubj")


def _after_conjunction(ps: ParsedSentence, cue: ParseCue) -> bool:
    """Whether the cue's subject follows ", and" / ", but" (a clause of its own)."""
    i = _subject_start(ps, cue)
    return (
        i is not None
        and i >= 2
        and ps.toks[i - 1].text.lower() in ("and", "but")
        and ps.toks[i - 2].text == ","
    )


def _relabelled(text: str, surname: str, after: int) -> bool:
    """Whether a later line opens with the shouted surname as a speaker label ("TAPPER:")."""
    label = re.compile(rf"^[ \t]*{re.escape(surname.upper())}:", re.MULTILINE)
    return label.search(text, after) is not None


_INFORMANTS = frozenset(["source", "sources", "official", "officials", "person", "people"])


def _citing(ps: ParsedSentence, verb: int) -> list[tuple[int, int]]:
    """Spans of what "…, citing Y" cites, when it hangs on the cue verb."""
    out = []
    for t in ps.toks:
        if t.text.lower() == "citing" and t.head == verb:
            for c in ps.children(t.i):
                # a name, a document or unnamed informants: "citing Reuters", "citing a
                # report", "citing officials"; not the reasons given ("citing low growth")
                cited = c.pos == "PROPN" or c.lemma in lexicon().documents | _INFORMANTS
                if c.dep in ("dobj", "pobj") and cited:
                    lo, hi = ps.subtree(c.i)
                    out.append((ps.toks[lo].start, ps.toks[hi].end))
    return out


_OUTLET_KINDS = frozenset(
    [
        "outlet",
        "newspaper",
        "wire",
        "broadcaster",
        "magazine",
        "digital",
        "public-media",
        "organization",
    ]
)


def _governs(ps: ParsedSentence, verb: int, at: int) -> bool:
    """Is token ``at`` inside what ``verb`` governs (the verb itself or its clause)?"""
    i, steps = at, 0
    while steps < len(ps.toks):
        i = ps.toks[i].head
        if i == verb:
            return True
        if ps.toks[i].head == i:
            return False
        steps += 1
    return False


# nouns for people by their ending: the manager, the waitress, the resident, the scientist
_PERSON_ENDING = re.compile(r"(?:er|or|ist|ian|ess|ant|ent|man|woman|person|ee|ive|ic)$")
_NOT_PERSONS = wordset(
    """number order paper letter water power matter border center centre computer chapter
    quarter corner meter offer layer cancer weather answer register monitor sector factor
    error motor event statement comment document agreement government department parliament
    movement incident accident element moment content percent"""
)


def _person_noun(head: Tok) -> bool:
    word = head.lemma.lower()
    if word in ROLE_NOUNS:
        return True
    return word not in _NOT_PERSONS and _PERSON_ENDING.search(word) is not None


class ParsedCues:
    """Mixin for the Extractor: needs ``doc``, ``ctx`` and ``parses``."""

    doc: Document
    ctx: Mentions
    parses: ParseLookup

    def cue_details(self, src: Mention, verb: str, after: str, at: int) -> Found:
        raise NotImplementedError  # provided by the Extractor

    def _analyst(self, src: Mention, limit: int) -> Mention:
        raise NotImplementedError  # provided by the Extractor

    def _is_outlet(self, m: Mention) -> bool:
        raise NotImplementedError  # provided by the Extractor

    def reconcile(self, surface: Found | None, parsed: Found | None) -> Found | None:
        """Choose between the surface patterns' answer and the parse's.

        The parse knows the verb's subject, so it wins where the patterns picked a name outside
        that subject (the nearest name, a weekday, a headline fragment) or found nothing; the
        patterns keep what they read better (documents, relays, carried speakers), and the
        parse adds the co-sources they cannot express ("X and Y said")."""
        if parsed is None:
            return surface
        if surface is None:
            return parsed
        s, p = surface.source, parsed.source
        overlap = s.start >= 0 and p.start >= 0 and s.start < p.end and p.start < s.end
        if overlap and s.name != p.name and s.name in p.name.split():
            return parsed  # "Arab states" where the patterns saw the adjective "Arab"
        described = self.doc.text[p.start : p.end]
        resolved = p.kind in PERSON_KINDS or p.kind in BODY_KINDS
        if overlap and resolved and p.name not in described and s.name in described:
            # "the Wisconsin Republican says in a statement": the person the description means
            longer = surface.cue and parsed.cue and surface.cue.startswith(parsed.cue)
            return replace(parsed, cue=surface.cue if longer else parsed.cue)
        same = s.name == p.name or overlap
        named_doc = s.kind == "document" and (p.kind == "document" or p.start < 0)
        if same or named_doc or parsed.cue_kind in ("reportedly", "belief"):
            extra = tuple(m for m in parsed.also if m.name != s.name)
            if same and parsed.cue and surface.cue and parsed.cue.startswith(f"{surface.cue} "):
                surface = replace(surface, cue=parsed.cue)  # "claimed responsibility"
            if same and parsed.via is not None and surface.via is None:
                surface = replace(surface, via=parsed.via)  # "he said, according to the X"
            return replace(surface, also=surface.also + extra) if extra and same else surface
        if p.start >= 0:
            return parsed  # the patterns named someone who is not the verb's subject
        return surface

    def parsed(self, sent: Sentence, masked: str, qs: Sequence[QuoteSpan]) -> Found | None:
        """The first cue of the parse whose subject names a source, with every co-source."""
        ps = self.parses.get(sent.start)
        if ps is None:
            return None
        quoted = [(q.mark_start, q.mark_end) for q in qs]
        cues = find_cues(ps, lexicon(), quoted)
        relayed = self._relayed_speech(ps, cues)
        if relayed is not None:
            return relayed
        reported = [c for c in cues if c.family == "reportedly"]
        for cue in cues:
            if cue.family == "reportedly":
                continue
            pairs = zip(cue.subjects, cue.roles, strict=True)
            if cue.family == "colon":
                named = [self._speaker(ps, span) for span, _ in pairs]
            else:
                named = [self._name(ps, span, role) for span, role in pairs]
            mentions = [m for m in named if m is not None]
            if not mentions:
                continue
            if any(ps.toks[r.at].head == cue.at for r in reported):
                # "the minister reportedly agreed": what the claim rests on is the report
                return Found(UNNAMED_REPORTS, f"{ps.toks[reported[0].at].text}", "reportedly")
            for other in _coordinated(ps, cues, cue):
                # "Six in 10 said …, while half said …": each clause's speaker is a source
                for span, role in zip(other.subjects, other.roles, strict=True):
                    m = self._name(ps, span, role)
                    if m is not None and all(m.name != k.name for k in mentions):
                        mentions.append(m)
            return self._found(sent, masked, ps, cue, mentions)
        if reported and not any(c.subjects for c in cues if c.family != "reportedly"):
            return Found(UNNAMED_REPORTS, reported[0].cue, "reportedly")
        return None

    def _relayed_speech(self, ps: ParsedSentence, cues: list[ParseCue]) -> Found | None:
        """ "He said, according to the Intelligencer, that …": the speaker said it, and the
        outlet the "according to" names is how it reached us (its via), not the source."""
        for acc in (c for c in cues if c.family == "according" and len(c.subjects) == 1):
            said = next(
                (c for c in cues if c.family == "speech" and _governs(ps, c.at, acc.at)), None
            )
            outlet = self._name(ps, acc.subjects[0], None)
            if said is None or outlet is None:
                continue
            if not (self._is_outlet(outlet) or outlet.kind in _OUTLET_KINDS):
                continue
            speakers = [
                self._name(ps, span, role)
                for span, role in zip(said.subjects, said.roles, strict=True)
            ]
            if not speakers or speakers[0] is None:
                continue
            kind: CueKind = "pronoun" if speakers[0].start < 0 else "speech-verb"
            return Found(speakers[0], said.cue, kind_of(speakers[0], kind), via=outlet)
        return None

    def _found(
        self,
        sent: Sentence,
        masked: str,
        ps: ParsedSentence,
        cue: ParseCue,
        mentions: list[Mention],
    ) -> Found:
        src = mentions[0]
        cited = [self._name(ps, span, None) for span in _citing(ps, cue.at)]
        also = tuple(
            m for m in [*mentions[1:], *(c for c in cited if c is not None)] if m.name != src.name
        )
        if cue.family in ("speech", "quoted"):
            after = masked[cue.after - sent.start :]
            found = self.cue_details(self._analyst(src, sent.end), cue.cue, after, cue.after)
        else:
            kind: CueKind = {
                "belief": "belief",
                "according": "according-to",
                "colon": "colon",
                "nominal": "nominal",
            }.get(cue.family, "speech-verb")  # type: ignore[assignment]
            if src.start < 0 and kind == "belief":
                kind = "pronoun"
            found = Found(src, cue.cue, kind_of(src, kind))
        return replace(found, also=also) if also else found

    def _speaker(self, ps: ParsedSentence, span: tuple[int, int]) -> Mention | None:
        """A transcript's speaker label: "TAPPER:" only when it is the surname of someone the
        text has named (a capitalised label alone is as often a section head: "STRESS:")."""
        a, b = span
        label = self.doc.text[a:b]
        toks = [t for t in ps.toks if a <= t.start < b]
        if not label.isupper() and all(t.pos == "PROPN" for t in toks):
            return self._name(ps, span, None)
        # a shouted label, or a surname the tagger did not call a name ("Lopez: Well, …")
        words = label.title().split()
        person = self.ctx.people.resolve(words[-1], a) if words else None
        shouted_name = label.isupper() and 2 <= len(words) <= 3
        if (
            person is None
            and shouted_name
            and (from_name(label.title()) or _relabelled(self.doc.text, words[-1], b))
        ):
            # "JAKE TAPPER:" opening a transcript: a given name, or a later "TAPPER:" label,
            # makes the label a person, who that later label is
            person = self.ctx.people.add(Person(" ".join(words), a, b))
        if person is None:
            return None
        return self.ctx.from_person(person, a, b)

    def _name(self, ps: ParsedSentence, span: tuple[int, int], role: str | None) -> Mention | None:
        """The Mention a subject phrase names (registry, people, anonymous groups, pronouns)."""
        a, b = span
        text = self.doc.text[a:b]
        text = _POSSESSIVE_PRONOUNS.get(text.lower(), text)  # "in her view": she
        if text.lower() in PRONOUN_SUBJECTS:
            return self._clause_antecedent(ps, a, text) or self.ctx.pronoun(text)
        toks = [t for t in ps.toks if a <= t.start < b]
        head = next((t for t in toks if not a <= ps.toks[t.head].start < b or t.head == t.i), None)
        definite = bool(toks) and toks[0].text.lower() in ("the", "this", "that")
        if head is not None and len(toks) <= 4 and toks[0].text.lower() in _POSSESSIVE_PRONOUNS:
            vehicle = head.lemma.lower()
            if vehicle in lexicon().documents or vehicle in lexicon().nominal or vehicle in _VIEWS:
                # "Her findings suggest", "His statement said": whoever the pronoun means
                word = _POSSESSIVE_PRONOUNS[toks[0].text.lower()]
                return self._clause_antecedent(ps, a, word) or self.ctx.pronoun(word)
        described = all(t.pos in ("PROPN", "ADJ", "DET", "NOUN") for t in toks)
        if head is not None and head.tag == "NN" and definite and described and len(toks) <= 5:
            referent = nominal_referent(self.ctx, head.lemma, a, b)
            if referent is not None:  # "the president", "the newspaper", "the ministry"
                return referent
            if head.lemma.lower() in ROLE_NOUNS:
                # no one was introduced by that title: the description is all the text gives,
                # and the last person named is not meant ("the judge" is not the lawyer)
                return self._described(toks, head, a, b)
        if head is not None and definite and len(toks) <= 6 and _describes_person(ps, head):
            last = next((m for m in reversed(self.ctx.recent) if m.kind in PERSON_KINDS), None)
            if last is not None:  # "the Wisconsin Republican", "the 46-year-old": who was named
                return Mention(last.name, last.kind, a, b, last.role, last.owner)
        if (
            head is not None
            and head.tag == "NNS"
            and head.lemma.lower() in lexicon().documents
            and all(t.pos in ("DET", "ADJ", "NOUN", "NUM") and t.dep != "poss" for t in toks)
        ):
            # "Studies have shown", "Recent polls show": no one's documents, an unnamed source
            return Mention(text, "anonymous", a, b, head.text.lower(), None, True)
        if head is not None and head.lemma.lower() in _GROUP_PRONOUNS and len(toks) > 1:
            # "Those in favor of punishment have said": an unnamed group, described
            return Mention(text.strip(" ,"), "anonymous", a, b, head.text.lower(), None, True)
        if len(toks) == 1 and toks[0].dep == "nsubj" and toks[0].lemma.lower() in GROUP_WORDS:
            # "Many fear …", "Some chanted …": an unnamed group
            return Mention(text, "anonymous", a, b, text.lower(), None, True)
        if head is not None and is_share(ps, head):
            # poll respondents: an unnamed group, speaking for themselves
            return Mention(text, "anonymous", a, b, "respondents", None, True)
        found = self.ctx.phrase(text, a, True)
        if found is None:
            found = self._entity(ps, a, b)
        if found is None and head is not None and head.pos == "NOUN":
            found = self._described(toks, head, a, b)
        if found is None:
            return None
        if (
            head is not None
            and head.tag == "NN"
            and found.end <= head.start
            and found.kind in ("government", "organization")
            and head.lemma not in lexicon().documents
        ):
            # "New York's chief medical examiner": the official, not the place before the title
            return self._described(toks, head, a, b)
        if head is not None and head.tag == "NNS" and found.end <= head.start:
            # "Arab states condemned": the group, not the adjective the name resolver saw
            group = self.doc.text[toks[1].start : b] if definite and len(toks) > 1 else text
            anonymous = head.lemma.lower() + "s" not in STATE_NOUNS and head.text.lower() not in (
                STATE_NOUNS
            )
            kind: SourceKind = "anonymous" if anonymous else "government"
            return Mention(group, kind, a, b, head.text.lower(), None, anonymous)
        if "leaning" in text or "think tank" in text.lower():
            found = replace(found, kind="think-tank")  # "the conservative-leaning Tax Foundation"
        if role and found.kind in PERSON_KINDS and not found.role:
            role = role.split(", which")[0].split(", who")[0].strip()
            found = replace(found, role=role, kind=person_kind(role))
        return found

    def _clause_antecedent(self, ps: ParsedSentence, at: int, word: str) -> Mention | None:
        """ "Rubio spoke over boos as he congratulated Trump": a he/she after the sentence's
        own named subject is that subject, not whoever spoke in an earlier sentence."""
        gender = pronoun_gender(word)
        if gender is None:
            return None
        for t in ps.toks:
            if t.start >= at:
                return None
            if t.dep != "nsubj" or t.pos != "PROPN" or ps.toks[t.head].dep != "ROOT":
                continue
            lo, hi = core_span(ps, t.i)
            m = self._name(ps, (ps.toks[lo].start, ps.toks[hi].end), None)
            if m is None or m.kind not in PERSON_KINDS:
                return None
            known = self.ctx.gender(m)
            if known is not None and known != gender:
                return None
            self.ctx.learn_gender(m, gender)
            return replace(m, start=-1, end=-1)
        return None

    def _described(self, toks: list[Tok], head: Tok, a: int, b: int) -> Mention:
        """A source the text only describes ("the judge", "a woman in Worcester", "Sanders'
        aides"): the description itself, unnamed unless it is a definite singular."""
        text = self.doc.text[a:b].strip(" ,")
        definite = toks[0].text.lower() in ("the", "this", "that") or toks[0].dep == "poss"
        article = toks[0].text.lower() in ("the", "a", "an") and len(toks) > 1
        # by token offsets, not by splitting on a space: the gap may be a no-break space
        name = self.doc.text[toks[1].start : b].strip(" ,") if article else text
        anonymous = not (definite and head.tag == "NN")
        kind: SourceKind = "anonymous" if anonymous else person_kind(text)
        if not anonymous and not _person_noun(head):
            # "the court system ruled", "That decision … emphasizes": a body or a thing, never
            # a person a later "he" or "she" could mean
            kind = "organization"
        return Mention(name, kind, a, b, head.text.lower(), None, anonymous)

    def _entity(self, ps: ParsedSentence, a: int, b: int) -> Mention | None:
        """A named entity inside the subject the other resolvers did not know."""
        ents = [t for t in ps.toks if a <= t.start < b and t.ent in _ENT_KIND]
        if not ents:
            names = [t for t in ps.toks if a <= t.start < b and t.pos == "PROPN"]
            if not names:
                return None
            # a name the model did not type: an organisation (a person would be in People)
            text = self.doc.text[names[0].start : names[-1].end]
            return Mention(text, "organization", names[0].start, names[-1].end)
        label = ents[-1].ent
        run = [t for t in ents if t.ent == label]
        name = self.doc.text[run[0].start : run[-1].end]
        kind = _ENT_KIND[label]
        return Mention(name, kind, run[0].start, run[-1].end, None, None, kind == "anonymous")  # type: ignore[arg-type]
