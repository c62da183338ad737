"""Cues read off the dependency parse: who does the saying is the cue's grammatical subject.

Each family is one function yielding ``ParseCue`` records (DESIGN.md convention 12); the
dependency-label sets are the named constants below. What a subject phrase *names* (a person,
an outlet, an anonymous group) is decided afterwards by ``mentions.Mentions`` and the registry;
this module only finds the phrase, so a weekday, a date or the nearest capitalised word can no
longer stand in for the speaker.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from linkaudit.extract.cues import NON_PERSON, STOP, wordset
from linkaudit.extract.lexicon import AS_ONLY, Lexicon, lexicon
from linkaudit.parse.tokens import ParsedSentence, Tok

Family = Literal["speech", "belief", "according", "reportedly", "colon", "quoted", "nominal"]

_SUBJ_DEPS = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJ_DEPS = frozenset({"nsubjpass", "csubjpass"})
# what a source phrase keeps of its head's subtree: the name and its modifiers, not clauses
_CORE_DEPS = frozenset(
    {"compound", "amod", "det", "poss", "case", "nmod", "flat", "nummod", "quantmod"}
)
_CLAUSE_LINKS = frozenset({"conj", "advcl", "xcomp", "ccomp", "relcl", "acl"})
# entity types that are never a source: "On Monday, X warned" must not make Monday speak
NON_SOURCE_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "LAW", "EVENT"}
)
WEEKDAYS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
    ]
)
# participles that carry the main clause's subject as their speaker: "…, saying that …"
_SAYING = frozenset(
    {
        "say",
        "add",
        "tell",
        "claim",
        "note",
        "argue",
        "warn",
        "insist",
        "explain",
        "write",
        "accuse",
        "call",
        "urge",
        "describe",
        "deny",
        "ask",
        # verbs that only ever report words or a stance: "…, decrying the deal as a disaster"
        "suggest",
        "decry",
        "criticize",
        "criticise",
        "praise",
        "blame",
        "demand",
        "predict",
        "promise",
        "vow",
        "pledge",
        "acknowledge",
        "admit",
        "complain",
        "declare",
        "reiterate",
        "condemn",
        "denounce",
        "reject",
        "dismiss",
        "joke",
    }
)
# verbs and adjectives through which a to-infinitive cue keeps the subject as its speaker:
# "took to Twitter to say", "went on to say", "continues to insist", "were more likely to say"
CARRIERS = frozenset(
    {
        "take",
        "go",
        "continue",
        "begin",
        "start",
        "proceed",
        "rise",
        "hasten",
        "rush",
        "seem",
        "appear",
        "tend",
        "likely",
        "unlikely",
        "quick",
    }
)
RELATIVES = frozenset({"who", "which", "that", "whom"})
# words that stand alone for an unnamed group of people: "Many fear …", "Some said …"
GROUP_WORDS = frozenset({"many", "some", "others", "most", "few", "several"})
PRONOUN_SUBJECTS = frozenset({"he", "she", "they", "it"})
# outside a quote, "I" and "we" are the writer, "you" the reader: no one's attribution
FIRST_PERSON = frozenset({"i", "we", "you", "me", "us"})
_MAX_SUBJECT_TOKENS = 12


@dataclass(frozen=True, slots=True)
class ParseCue:
    """One cue in a parsed sentence and the phrase(s) naming who it is attributed to."""

    family: Family
    cue: str  # the cue words as written ("said", "according to", "called for")
    at: int  # token index of the cue word
    after: int  # character offset right after the cue words
    subjects: tuple[tuple[int, int], ...]  # character spans of each source phrase
    roles: tuple[str | None, ...] = ()  # an apposition describing each subject, if any
    inverted: bool = False  # ", reported Euro News.": the sentence rests on the trailing speaker


def _in_quote(tok: Tok, quoted: list[tuple[int, int]]) -> bool:
    return any(a <= tok.start < b for a, b in quoted)


def core_span(ps: ParsedSentence, head: int) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``head``: modifiers and "of"-phrases kept,
    relative clauses, appositions and coordinated names left out."""
    if ps.toks[head].lemma.lower() in ("those", "others") and ps.toks[head].pos == "PRON":
        # "Those in favor of punishment", "those who believe …": the description is the group
        lo, hi = ps.subtree(head)
        return lo, min(hi, lo + _MAX_SUBJECT_TOKENS - 1)
    keep = {head}
    stack = [head]
    while stack:
        k = stack.pop()
        for t in ps.toks:
            if t.head != k or t.i == k or t.i in keep:
                continue
            # "the head of the agency" keeps its of-phrase; "Renee Gold of Sarasota" does not
            of_phrase = t.dep == "prep" and t.lemma in ("of", "for") and ps.toks[k].pos != "PROPN"
            of_object = t.dep == "pobj" and ps.toks[k].lemma in ("of", "for")
            if t.dep in _CORE_DEPS or of_phrase or of_object:
                keep.add(t.i)
                stack.append(t.i)
            elif k == head and _issued_by(ps, head, t):
                # "a paper published by the New York Fed": who issued it is the source
                lo, hi = ps.subtree(t.i)
                keep.update(range(lo, hi + 1))
    # a dateline or an aside is not part of the name: "MACAU (AP) — Top donor Sheldon Adelson"
    for t in ps.toks:
        if t.text in ("—", "–", "(", ")", "--") and t.i in keep:
            keep.discard(t.i)
    cut = [t.i for t in ps.toks if t.text in ("—", "–", "--", "(") and t.i < head]
    if cut:
        keep = {k for k in keep if k > max(cut)}
    lo, hi = min(keep), max(keep)
    # a contiguous span only: stop at the first token not kept, going out from the head
    while lo < head and lo not in keep:
        lo += 1
    while hi > head and hi not in keep:
        hi -= 1
    # a word the tokenizer split at its hyphen is one word: "The neo-banks", "pro-Kremlin"
    while lo >= 2 and _joined(ps, lo - 1, lo) and _joined(ps, lo - 2, lo - 1):
        if ps.toks[lo - 1].text not in ("-", "–") or ps.toks[lo - 2].pos == "PUNCT":
            break
        lo -= 2
    if hi - lo >= _MAX_SUBJECT_TOKENS:
        lo = max(lo, hi - _MAX_SUBJECT_TOKENS + 1)
    return lo, hi


def _joined(ps: ParsedSentence, a: int, b: int) -> bool:
    """Are tokens a and b written with no space between them?"""
    return ps.toks[a].end == ps.toks[b].start


# participles naming who issued a document: "a report published by", "a poll conducted by"
_ISSUING = wordset("publish conduct commission prepare release issue write compile produce author")


def _issued_by(ps: ParsedSentence, head: int, t: Tok) -> bool:
    return (
        t.dep == "acl"
        and t.tag == "VBN"
        and t.lemma in _ISSUING
        and ps.toks[head].lemma.lower() in lexicon().documents
        and any(c.dep == "agent" for c in ps.children(t.i))
    )


def _apposition(ps: ParsedSentence, head: int) -> str | None:
    for t in ps.children(head):
        if t.dep == "appos" and t.pos in ("NOUN", "PROPN"):
            lo, hi = ps.subtree(t.i)
            return " ".join(x.text for x in ps.toks[lo : hi + 1]).strip(" ,")
    return None


def _named_head(ps: ParsedSentence, head: int) -> tuple[int, str | None]:
    """The name and the role of a subject: "Ramdehol's sister, Inderdai Deyal" -> (Deyal,
    "Ramdehol's sister"); "Mulgrew, president of the union" -> (Mulgrew, "president of …")."""
    h = ps.toks[head]
    if h.pos != "PROPN":  # "Ramdehol's sister, Inderdai Deyal", "Another, Pelco,"
        for t in ps.children(head):
            if t.dep in ("appos", "npadvmod") and t.pos == "PROPN":
                lo, hi = core_span(ps, head)
                return t.i, " ".join(x.text for x in ps.toks[lo : hi + 1])
    return head, _apposition(ps, head)


# a poll's respondents: "47 percent said", "Six in 10 said", "half said", "a third said"
SHARE_WORDS = frozenset(["percent", "half", "third", "quarter", "majority", "majorities", "most"])


def is_share(ps: ParsedSentence, tok: Tok) -> bool:
    """A share of people as a subject ("Twenty-four percent", "Six in 10", "half")."""
    if tok.lemma.lower() in SHARE_WORDS:
        return True
    return tok.pos == "NUM" and any(c.lemma == "in" for c in ps.children(tok.i))


def _is_source_head(tok: Tok, ps: ParsedSentence | None = None) -> bool:
    if ps is not None and is_share(ps, tok):
        return True
    if tok.text.lower() in FIRST_PERSON:
        return False
    if tok.ent in NON_SOURCE_ENTS or tok.lemma.lower() in WEEKDAYS:
        return False
    if ps is not None and is_age(ps, tok):
        return True  # "the 46-year-old said": the parser heads the phrase with "old"
    if tok.dep == "nsubj" and tok.lemma.lower() in GROUP_WORDS:
        return True  # "Many fear …", "Some chanted …": the tagger calls the word an adjective
    return tok.pos in ("PROPN", "NOUN", "PRON", "X")


def is_age(ps: ParsedSentence, tok: Tok) -> bool:
    """The head of "the 46-year-old": a person described by age."""
    return tok.lemma == "old" and tok.i >= 2 and ps.toks[tok.i - 2].lemma == "year"


def _heads_of(ps: ParsedSentence, subj: int) -> list[int]:
    """The subject and the names coordinated with it: "X and Y said" -> [X, Y]."""
    out = [subj]
    frontier = [subj]
    while frontier:
        k = frontier.pop()
        for t in ps.children(k):
            if t.dep == "conj" and t.pos in ("PROPN", "NOUN", "PRON"):
                out.append(t.i)
                frontier.append(t.i)
    return out


def subject_of(ps: ParsedSentence, verb: int, depth: int = 0, agent: bool = True) -> list[int]:
    """Token heads of the verb's subject(s), looking through coordination and relative clauses
    ("X, who said", "X said … and added", "…, saying")."""
    v = ps.toks[verb]
    subjects = [t for t in ps.children(verb) if t.dep in _SUBJ_DEPS]
    if len(subjects) > 1:
        # "Speaking in Salem, New Hampshire, Trump went after Bush": a place closing a fronted
        # phrase the parser also made a subject; the one nearest the verb is the speaker
        # ("Figures — whose party … — both suggested": a floating "both" is no subject)
        before = [t for t in subjects if t.i < verb and t.pos in ("PROPN", "NOUN")]
        subjects = [before[-1]] if before else subjects
    for t in subjects:
        if t.lemma.lower() in RELATIVES and v.dep == "relcl":
            return _heads_of(ps, v.head)
        return _heads_of(ps, _past_dateline(ps, t.i, verb))
    for t in ps.children(verb):
        if t.dep in ("nummod", "npadvmod") and is_share(ps, t):
            return [t.i]  # "About 4 in 10 say": the parser hangs the share on the verb
    for t in ps.children(verb) if agent else ():
        if t.dep == "agent":  # "was denounced by the Arab League"
            objs = [c for c in ps.children(t.i) if c.dep == "pobj"]
            if objs:
                return _heads_of(ps, objs[0].i)
    swallowed = _swallowed_subject(ps, verb)
    if swallowed is not None:
        return _heads_of(ps, swallowed)
    if v.dep == "advcl" and v.tag == "VBG" and v.lemma not in _SAYING:
        return []  # "Clinicians gain visibility, highlighting alarms": not the subject's words
    if depth < 3 and v.dep in ("conj", "advcl", "xcomp", "acomp") and v.head != verb:
        # "…and added", "…, saying": the subject of the verb it hangs on
        return subject_of(ps, v.head, depth + 1, agent=False)
    if v.dep == "relcl" and ps.toks[v.head].pos in ("PROPN", "NOUN"):
        return _heads_of(ps, v.head)
    head = ps.toks[v.head]
    if depth < 3 and v.dep == "pcomp" and head.dep == "prep" and head.lemma == "by":
        # "began by saying", "punctuated his list by saying": the subject of the main verb
        return subject_of(ps, head.head, depth + 1, agent=False)
    if depth < 3 and v.dep == "xcomp" and head.dep == "acomp" and head.lemma in CARRIERS:
        # "voters were more likely to say": the subject of "were"
        return subject_of(ps, head.head, depth + 1, agent=False)
    if v.dep == "acl" and v.tag == "VBG" and _holder(head) and v.lemma in lexicon().needs_object:
        return _heads_of(ps, v.head)  # "an outside group backing Rubio"
    if v.dep == "acl" and v.tag == "VBG" and v.lemma in _SAYING and head.pos in ("NOUN", "PROPN"):
        prep = ps.toks[head.head]
        if depth < 3 and head.dep == "pobj" and prep.lemma not in ("from", "by", "of"):
            # "made a pitch to New York voters saying …", "was heard on a microphone telling
            # …": the participle goes with the clause's subject, not the noun it follows
            clause = prep.head  # "made an appeal to X saying": up to the verb
            while ps.toks[clause].pos not in ("VERB", "AUX") and ps.toks[clause].head != clause:
                clause = ps.toks[clause].head
            return subject_of(ps, clause, depth + 1, agent=False)
        if head.pos == "NOUN":
            return _heads_of(ps, v.head)  # "911 calls saying shots had been fired"
    return []


def _swallowed_subject(ps: ParsedSentence, verb: int) -> int | None:
    """ "In a statement to the Gazette, her adviser, Sam Reyes, said": the parser may hang the
    subject on the fronted phrase's last noun as an apposition, leaving the verb without one.
    The apposition that closes the fronted phrase right before the verb is the subject."""
    fronted = [c for c in ps.children(verb) if c.dep == "prep" and c.i < verb]
    if not fronted:
        return None
    lo, hi = ps.subtree(fronted[-1].i)
    if any(t.pos != "PUNCT" for t in ps.toks[hi + 1 : verb]):
        return None  # something else stands between the phrase and the verb
    for t in ps.toks[lo : hi + 1]:
        # the outermost apposition (its head is no apposition) whose span runs to the verb
        outermost = t.dep == "appos" and ps.toks[t.head].dep != "appos"
        if outermost and t.pos in ("NOUN", "PROPN") and ps.subtree(t.i)[1] >= hi - 1:
            return t.i
    return None


_DASHES = frozenset(["—", "–", "--"])


def _past_dateline(ps: ParsedSentence, subj: int, verb: int) -> int:
    """ "MACAU (Reuters) – Top donor Sheldon Adelson said": the parser may make the dateline's
    place the subject and hang the name after the dash on it (or on the verb); the speaker is
    the name between the last dash and the verb, never the place or the wire before it."""
    dashes = [t.i for t in ps.toks[subj + 1 : verb] if t.text in _DASHES]
    if len(dashes) != 1:  # none, or an aside: "Jason Sims — a teacher — says"
        return subj
    dash = dashes[0]
    line = ps.toks[:dash]
    # a dateline is names, a date and the wire before the dash: "WASHINGTON, June 10 (UPI) —",
    # "SIOUX FALLS, S.D. –"; a place in capitals, a date or a wire in brackets tells it
    marked = any(
        t.text == "(" or t.pos == "NUM" or (t.text.isupper() and len(t.text) > 2) for t in line
    )
    if not marked or not all(t.pos in ("PROPN", "NUM", "PUNCT") for t in line):
        return subj
    after = [
        c.i
        for c in [*ps.children(subj), *ps.children(verb)]
        if dash < c.i < verb
        and c.dep in ("appos", "nsubj", "conj", "npadvmod")
        and c.pos in ("PROPN", "NOUN")
    ]
    return max(after) if after else subj


def _concessive(ps: ParsedSentence, i: int) -> bool:
    """ "While Richardson wants him disciplined, …": a belief stated in a concessive clause."""
    t = ps.toks[i]
    marks = [c.text.lower() for c in ps.children(i) if c.dep == "mark"]
    return (
        t.dep == "advcl" and bool(marks) and marks[0] in ("while", "although", "though", "whereas")
    )


def _main_clause(ps: ParsedSentence, i: int) -> bool:
    """Is token i the sentence's main verb (or coordinated with it)?"""
    t = ps.toks[i]
    return t.dep == "ROOT" or (t.dep == "conj" and ps.toks[t.head].dep == "ROOT")


def _carried_main(ps: ParsedSentence, i: int) -> bool:
    """ "Voters were more likely to want …", "she continues to believe …": a belief stated
    through a carrier of the main clause."""
    t = ps.toks[i]
    if t.dep != "xcomp" or ps.toks[t.head].lemma not in CARRIERS:
        return False
    carrier = ps.toks[t.head]
    return _main_clause(ps, carrier.head if carrier.dep == "acomp" else carrier.i)


def _trailing_speaker(ps: ParsedSentence, i: int) -> int | None:
    """ ", reported Euro News." closing a sentence: the parser often reads the speaker as the
    verb's object; a subjectless verb after a comma whose only object is a name is inverted."""
    t = ps.toks[i]
    if i == 0 or ps.toks[i - 1].text != "," or any(c.dep in _SUBJ_DEPS for c in ps.children(i)):
        return None
    objs = [c for c in ps.children(i) if c.dep == "dobj"]
    rest = [x for x in ps.toks[i + 1 :] if x.pos != "PUNCT"]
    if len(objs) == 1 and objs[0].pos == "PROPN" and t.dep in ("ccomp", "conj", "parataxis"):
        _, hi = ps.subtree(objs[0].i)
        if hi - i == len(rest):  # nothing after the name but punctuation
            return objs[0].i
    return None


def _cue_words(
    ps: ParsedSentence, i: int, lex: Lexicon, quoted: list[tuple[int, int]]
) -> tuple[str, int] | None:
    """The cue as written and the offset after it, or None when token i is no cue."""
    t = ps.toks[i]
    # "The candidate plans to be back": the tagger may call a sentence's main verb a plural
    # noun; one heading the sentence with a subject and a clause of its own is the verb
    misread = (
        t.pos == "NOUN"
        and t.dep == "ROOT"
        # "plans", or a bare speech verb after a plural subject ("Port records show that")
        and (t.text.lower().endswith("s") or t.lemma in lex.speech)
        and any(c.dep == "nsubj" for c in ps.children(i))
        and any(c.dep in ("xcomp", "ccomp") for c in ps.children(i))
    )
    if (t.pos not in ("VERB", "AUX") and not misread) or t.dep in ("amod", "compound"):
        return None
    if i > 0 and ps.toks[i - 1].tag == "POS":
        return None  # "Stadia’s recommended Chromecast": a participle the tagger made a verb
    after = ps.toks[i + 1] if i + 1 < len(ps.toks) else None
    if after is not None and (t.lemma, after.text.lower()) in lex.phrasal and after.dep == "mark":
        # "is calling for his rivals to drop out": the parser makes "for" the clause's marker
        return f"{t.text} {after.text}", after.end
    for c in ps.children(i):
        if (
            (t.lemma, c.lemma.lower()) in lex.phrasal
            and c.i > i
            and c.dep in ("prep", "prt", "dobj", "advmod", "dative", "ccomp", "acomp", "oprd")
        ):
            if (t.lemma, c.lemma.lower()) in lex.belief_phrasal and any(
                k.dep == "aux" and k.lemma in _OBLIGED for k in ps.children(i)
            ):
                return None  # "delegates must vote for the winner": a rule, not a position
            return f"{t.text} {c.text}", c.end
    if t.lemma in lex.speech or t.lemma in lex.belief:
        if t.dep == "acl" and t.tag == "VBN":
            return None  # "the deal announced on Friday": a participle, not a cue
        if any(c.dep == "prt" and c.lemma in ("out", "up", "down") for c in ps.children(i)):
            return None  # "has not ruled out", "added up"
        kids = ps.children(i)
        # "went on to say", "took to Twitter to say that …" (the parser may call it advcl);
        # "went to the podium to explain his decision" has no said content: a purpose
        carried = ps.toks[t.head].lemma in CARRIERS and (
            t.dep == "xcomp" or (t.dep == "advcl" and _has_content(ps, i, quoted))
        )
        if any(c.dep == "aux" and c.text.lower() == "to" for c in kids) and not carried:
            return None  # "to explain his decision": an infinitive of purpose, not a cue
        if t.tag == "VBN" and not any(c.dep in ("aux", "auxpass", "nsubj") for c in kids):
            return None  # "Mark Meadows accused of timing retirement": a headline passive
        if (
            t.lemma == "accuse"
            and any(c.dep == "prep" and c.lemma == "of" for c in kids)
            and not (any(c.dep == "dobj" for c in kids))
        ):
            return None  # "Meadows accused of timing …": passive, the accusers unnamed
        if (
            t.lemma == "warn"
            and any(c.dep == "prep" and c.lemma == "of" for c in kids)
            and not (any(c.dep == "ccomp" for c in kids))
        ):
            return None  # "residents are warning of a flood": a situation, not a statement
        if t.lemma in ("know", "realize", "realise", "understand") and (
            any(c.dep == "neg" for c in kids) or not _that_clause(ps, i)
        ):
            return None  # "don't know what happened", "knows the city": no belief stated
        if t.lemma in AS_ONLY and not any(c.dep == "prep" and c.lemma == "as" for c in kids):
            return None  # "sees it as a test" is a view; "saw the film" is not
        if (
            t.lemma in ("believe", "trust")
            and any(c.dep == "dobj" for c in kids)
            and not any(c.dep in ("ccomp", "xcomp", "oprd") for c in kids)
        ):
            return None  # "believed the waitress": trusted her, who is the one who said it
        if t.lemma in lex.needs_object and not _position(ps, i):
            # "backed away from", "while studies have not supported its use": no one's position
            return None
        if t.lemma in ("like", "seek") and not any(c.dep == "xcomp" for c in kids):
            return None  # "would like to make", "seeks to end": intentions; "sought a war": no
        if t.lemma == "agree" and not any(c.dep == "ccomp" for c in kids):
            return None  # "agreed to a ceasefire", "agreeing contracts": an act; "agreed that"
        if t.lemma in lex.needs_content and not (
            _has_content(ps, i, quoted)
            or _reported_by(ps, i)
            or _said_infinitive(ps, i)
            or _finding(ps, i, lex)
        ):
            obj = next((c for c in ps.children(i) if c.dep == "dobj"), None)
            announced = t.lemma in lex.announcing and obj is not None and obj.pos == "NOUN"
            if not announced or obj is None or obj.lemma in lex.act_objects:
                return None  # "announced his retirement": an act; "announced the deal": a cue
        return t.text, t.end
    return None


# verbs whose passive names who made something known: "was first reported by the Ledger"
_REPORTED_BY = frozenset(["report", "announce", "confirm", "disclose", "reveal"])


def _reported_by(ps: ParsedSentence, i: int) -> bool:
    """ "The fraud was first reported by the Ledger": a passive with its agent, whose subject
    is what the agent made known."""
    kids = ps.children(i)
    return (
        ps.toks[i].lemma in _REPORTED_BY
        and any(c.dep in _PASSIVE_SUBJ_DEPS for c in kids)
        and any(c.dep == "agent" for c in kids)
    )


# verbs whose to-infinitive is what was said: a commitment ("promised to rebuild the pier")
# or a request ("asked the council to delay the vote", "encouraged residents to join")
_SAID_TO = wordset("promise pledge threaten ask encourage remind request beg")
# verbs that report a finding when a document is their subject ("a poll shows Holt ahead")
_FINDING = wordset("show find indicate")


def _said_infinitive(ps: ParsedSentence, i: int) -> bool:
    """ "Holt promised to rebuild the pier", "asked the council to delay the vote": a
    commitment or a request whose content is the infinitive (not "to explain it", a purpose,
    which hangs on a verb outside this list)."""
    return ps.toks[i].lemma in _SAID_TO and any(
        c.dep == "xcomp"
        and any(k.dep == "aux" and k.text.lower() == "to" for k in ps.children(c.i))
        for c in ps.children(i)
    )


def _finding(ps: ParsedSentence, i: int, lex: Lexicon) -> bool:
    """ "A new poll shows Holt with 47 percent", "the survey found a dead heat": with a
    document as subject, the object of show/find is the finding, not a thing shown. Not a
    hedged one ("the review allegedly showed"): that rests on whoever alleges it."""
    kids = ps.children(i)
    return (
        ps.toks[i].lemma in _FINDING
        and not any(c.lemma.lower() in lex.reportedly for c in kids)
        and any(c.dep == "dobj" and c.pos in ("NOUN", "PROPN") for c in kids)
        and any(c.dep == "nsubj" and c.lemma.lower() in lex.documents for c in kids)
    )


# modals that make "vote for" a duty or a possibility, not a stated position
_OBLIGED = frozenset(["must", "should", "can", "could", "may", "might", "have"])
_CONTENT_DEPS = frozenset({"ccomp", "parataxis", "xcomp"})
# verbs whose "as"-phrase is what was said of someone: "cast her rival as out of touch"
_AS_VERBS = wordset(
    "portray characterise characterize depict label brand describe cast paint call attack"
    " regard view see"
)


def _has_content(ps: ParsedSentence, i: int, quoted: list[tuple[int, int]]) -> bool:
    """Does the verb report something said: a clause, a quote in the sentence, a colon?"""
    if quoted:
        return True
    # a clause said, but not a trailing ", reported X." (that clause is the speaker's cue)
    kids = [c for c in ps.children(i) if _trailing_speaker(ps, c.i) is None]
    if any(c.dep == "oprd" for c in kids):
        return True  # "Noem called the campaign a bold effort"
    about = ("to",) if ps.toks[i].lemma == "refer" else ("about", "on", "of", "against")
    if ps.toks[i].lemma in ("talk", "speak", "refer", "comment") and any(
        c.dep == "prep"
        and c.lemma in about
        and not any(
            o.ent in NON_SOURCE_ENTS or o.pos in ("PROPN", "NUM") or o.lemma.lower() in WEEKDAYS
            for o in ps.children(c.i)
        )
        for c in kids
    ):
        return True  # "spoke about the plan", "referring to the US as …"; not "spoke to"
    if any(c.dep in ("ccomp", "parataxis") for c in kids):
        return True
    if ps.toks[i].lemma in _AS_VERBS and any(c.dep == "prep" and c.lemma == "as" for c in kids):
        return True  # "portrayed Sanders as focused on one issue", "labelled it as a hoax"
    return any(t.text == ":" for t in ps.toks[i + 1 : i + 3])


def speech_cues(
    ps: ParsedSentence, lex: Lexicon, quoted: list[tuple[int, int]]
) -> Iterator[ParseCue]:
    """ "X said", "said X", "X and Y said", "X denounced", "X called for", "X wants"."""
    for t in ps.toks:
        if _in_quote(t, quoted):
            continue
        if t.lemma == "quote" and any(c.dep in _PASSIVE_SUBJ_DEPS for c in ps.children(t.i)):
            yield from _passive_report(ps, t, quoted)  # "X was quoted as saying"
            continue
        words = _cue_words(ps, t.i, lex, quoted)
        if words is None:
            continue
        trailing = _trailing_speaker(ps, t.i)
        heads = [
            h
            for h in ([trailing] if trailing is not None else [])
            or subject_of(ps, t.i, agent=t.lemma in lex.stance or _reported_by(ps, t.i))
            if _is_source_head(ps.toks[h], ps)
        ]
        if any(c.dep in _PASSIVE_SUBJ_DEPS for c in ps.children(t.i)) and not any(
            c.dep == "agent" for c in ps.children(t.i)
        ):
            yield from _passive_report(ps, t, quoted)
            continue
        if len(heads) > 1 and any(ps.toks[h].pos == "PROPN" for h in heads):
            # "Early retiree and self-made millionaire Grant Sabatier suggests": a bare singular
            # noun coordinated with a name is one more title of that person, not a co-source
            heads = [h for h in heads if not _bare_title(ps, h)]
        if not heads:
            continue
        spans = []
        roles = []
        seen: set[int] = set()
        for h in heads:
            named, role = _named_head(ps, h)
            # "Senators Chuck Schumer and Mitch McConnell": the names coordinated in the apposition
            for k in [named] if named == h else _heads_of(ps, named):
                if k in seen:
                    continue
                seen.add(k)
                lo, hi = ps.subtree(k) if is_share(ps, ps.toks[k]) else core_span(ps, k)
                spans.append((ps.toks[lo].start, ps.toks[hi].end))
                roles.append(role)
        stance = (t.lemma, words[0].rsplit(" ", 1)[-1].lower()) in lex.belief_phrasal
        family: Family = (
            "belief"
            if stance or (t.lemma in lex.belief and t.lemma not in lex.speech)
            else "speech"
        )
        held = t.lemma in lex.needs_object  # where a position is stated: see _position
        main = _main_clause(ps, t.i) or _carried_main(ps, t.i)
        if family == "belief" and not (held or main or _concessive(ps, t.i)):
            continue  # "because he wanted …": the writer's explanation, not an attribution
        yield ParseCue(
            family, words[0], t.i, words[1], tuple(spans), tuple(roles), trailing is not None
        )


def _position(ps: ParsedSentence, i: int) -> bool:
    """Does "support"/"back" at token i state someone's position: an object, in the main
    clause ("62 percent support the ban"), an unnegated concessive ("while 19 percent support
    Clinton") or on its holder ("an outside group backing Rubio")?"""
    t, kids = ps.toks[i], ps.children(i)
    if not any(c.dep == "dobj" for c in kids):
        return False
    if _main_clause(ps, i):
        return True
    if _concessive(ps, i):
        return not any(c.dep == "neg" for c in kids)
    return t.dep == "acl" and t.tag == "VBG" and _holder(ps.toks[t.head])


# who can hold a position a participle states: "a group backing Rubio", "a PAC supporting
# Cruz"; not "beams supporting the roof"
_GROUPS = wordset(
    "group committee union party coalition campaign organization organisation pac network"
    " alliance association caucus faction movement lobby federation council"
)


def _holder(tok: Tok) -> bool:
    return tok.ent in ("PERSON", "ORG", "NORP") or tok.lemma.lower() in _GROUPS


_WH_WORDS = frozenset(
    ["what", "who", "whom", "whose", "which", "whether", "if", "how", "why", "where", "when"]
)


def _that_clause(ps: ParsedSentence, i: int) -> bool:
    """Has token i a clause complement that states something ("that …", or no marker),
    not an indirect question ("what happened", "whether to run")?"""
    for c in ps.children(i):
        if c.dep != "ccomp":
            continue
        lo, _ = ps.subtree(c.i)
        if ps.toks[lo].text.lower() not in _WH_WORDS:
            return True
    return False


def _source_spans(ps: ParsedSentence, heads: list[int]) -> list[tuple[int, int]]:
    """Character spans of the subject phrases whose heads can name a source."""
    spans = []
    for h in heads:
        if _is_source_head(ps.toks[h], ps):
            lo, hi = core_span(ps, h)
            spans.append((ps.toks[lo].start, ps.toks[hi].end))
    return spans


def belief_adjective_cues(
    ps: ParsedSentence, lex: Lexicon, quoted: list[tuple[int, int]]
) -> Iterator[ParseCue]:
    """ "X was skeptical that …", "X is convinced the plan will fail": a belief cue on the
    adjective, its holder the subject of the copula."""
    for t in ps.toks:
        if t.pos != "ADJ" or t.dep != "acomp" or t.lemma.lower() not in lex.belief_adjectives:
            continue
        if _in_quote(t, quoted) or not _main_clause(ps, t.head):
            continue
        if not _that_clause(ps, t.i) or any(c.dep == "neg" for c in ps.children(t.head)):
            continue  # "was confident", "is not sure she can": no belief stated
        spans = _source_spans(ps, subject_of(ps, t.i))
        if spans:
            yield ParseCue("belief", t.text, t.i, t.end, tuple(spans), (None,) * len(spans))


def nominal_cues(
    ps: ParsedSentence, lex: Lexicon, quoted: list[tuple[int, int]]
) -> Iterator[ParseCue]:
    """ "Her remark that …", "the mayor's promise to cut …": a possessor's words as a noun."""
    for t in ps.toks:
        word = t.lemma.lower()
        if t.pos != "NOUN" or word not in lex.said_nouns or _in_quote(t, quoted):
            continue
        kids = ps.children(t.i)
        owner = next((c for c in kids if c.dep == "poss"), None)
        if owner is None or not _is_source_head(owner, ps):
            continue
        said = any(
            c.dep in ("acl", "ccomp")
            and any(
                (m.dep == "mark" and m.text.lower() == "that")
                or (m.dep == "aux" and m.text.lower() == "to" and word in lex.said_to)
                for m in ps.children(c.i)
            )
            for c in kids
        )
        if not said:
            continue
        lo, hi = core_span(ps, owner.i) if owner.pos != "PRON" else (owner.i, owner.i)
        while hi > lo and ps.toks[hi].dep == "case":
            hi -= 1  # "the mayor's claim": the name without its 's
        span = (ps.toks[lo].start, ps.toks[hi].end)
        yield ParseCue("nominal", t.text, t.i, t.end, (span,), (None,))


def view_cues(
    ps: ParsedSentence, lex: Lexicon, quoted: list[tuple[int, int]]
) -> Iterator[ParseCue]:
    """ "In her view, …", "in the opinion of the court": the view's holder."""
    for t in ps.toks:
        if t.lemma.lower() not in lex.views or t.dep != "pobj" or _in_quote(t, quoted):
            continue
        prep = ps.toks[t.head]
        if prep.lemma.lower() == "of" and ps.toks[prep.head].lemma == "be":
            # "Experts and brokerages are of the view that …": the copula's subject holds it
            heads = subject_of(ps, prep.head)
            spans = _source_spans(ps, heads)
            if spans and len(spans) == len(heads):  # every subject a source
                yield ParseCue(
                    "belief", f"of the {t.text}", t.i, t.end, tuple(spans), (None,) * len(spans)
                )
            continue
        if prep.lemma.lower() != "in":
            continue
        holder = next((c for c in ps.children(t.i) if c.dep == "poss"), None)
        if holder is None:
            of = next((c for c in ps.children(t.i) if c.dep == "prep" and c.lemma == "of"), None)
            holder = next((c for c in ps.children(of.i) if c.dep == "pobj"), None) if of else None
        if holder is None or not _is_source_head(holder, ps):
            continue
        lo, hi = core_span(ps, holder.i) if holder.pos != "PRON" else (holder.i, holder.i)
        while hi > lo and ps.toks[hi].dep == "case":
            hi -= 1  # "In Lee's view": the name without its 's
        cue = " ".join(x.text for x in ps.toks[t.head : t.i + 1]).replace(" ’s", "’s")
        cue = cue.replace(" 's", "'s")
        yield ParseCue("speech", cue, t.i, t.end, ((ps.toks[lo].start, ps.toks[hi].end),), (None,))


def _bare_title(ps: ParsedSentence, i: int) -> bool:
    t = ps.toks[i]
    return t.tag == "NN" and not any(c.dep in ("det", "poss") for c in ps.children(i))


def _passive_report(
    ps: ParsedSentence, verb: Tok, quoted: list[tuple[int, int]]
) -> Iterator[ParseCue]:
    """ "X is said to …": unnamed reports; "X was quoted as saying": X, quoted by someone."""
    subj = next(c for c in ps.children(verb.i) if c.dep in _PASSIVE_SUBJ_DEPS)
    if verb.lemma == "quote":
        lo, hi = core_span(ps, subj.i)
        yield ParseCue(
            "quoted",
            "was quoted as saying",
            verb.i,
            verb.end,
            ((ps.toks[lo].start, ps.toks[hi].end),),
            (None,),
        )
    elif verb.lemma in ("say", "report", "believe", "think", "allege", "rumour", "rumor"):
        yield ParseCue("reportedly", f"{verb.text}", verb.i, verb.end, (), ())


def according_cues(ps: ParsedSentence, quoted: list[tuple[int, int]]) -> Iterator[ParseCue]:
    """ "according to X" (also "X, according to Y and Z": every pobj conjunct)."""
    for t in ps.toks:
        if t.text.lower() != "according" or _in_quote(t, quoted):
            continue
        to = next((c for c in ps.children(t.i) if c.text.lower() == "to"), None)
        if to is None:
            continue
        obj = next((c for c in ps.children(to.i) if c.dep == "pobj"), None)
        if obj is None or not _is_source_head(obj):
            continue
        spans: list[tuple[int, int]] = []
        roles: list[str | None] = []
        heads = _heads_of(ps, obj.i)
        if len(heads) == 1:  # the whole object: "according to data from the Bureau of X"
            lo, hi = ps.subtree(obj.i)
            hi = _before_commissioner(ps, obj.i, hi)
            while hi > lo and ps.toks[hi].pos == "PUNCT":
                hi -= 1
            spans.append((ps.toks[lo].start, ps.toks[hi].end))
            roles.append(None)
        for h in heads if len(heads) > 1 else ():
            lo, hi = core_span(ps, h)
            spans.append((ps.toks[lo].start, ps.toks[hi].end))
            roles.append(_apposition(ps, h))
        yield ParseCue("according", "according to", t.i, to.end, tuple(spans), tuple(roles))


def _before_commissioner(ps: ParsedSentence, obj: int, hi: int) -> int:
    """ "according to exit polls conducted for The Associated Press by Edison Research": the
    polls are the source, not the outlet that paid for them; the span ends before the
    participle that names who they were made for."""
    lo, _ = ps.subtree(obj)
    for t in ps.toks[lo : hi + 1]:
        if (
            t.dep == "acl"
            and t.tag == "VBN"
            and any(c.dep == "prep" and c.lemma == "for" for c in ps.children(t.i))
        ):
            end = t.i - 1
            while end > lo and ps.toks[end].pos == "PUNCT":
                end -= 1
            return end
    return hi


def reportedly_cues(
    ps: ParsedSentence, lex: Lexicon, quoted: list[tuple[int, int]]
) -> Iterator[ParseCue]:
    """ "X reportedly agreed": an unnamed report is what the claim rests on."""
    for t in ps.toks:
        if t.text.lower() in lex.reportedly and not _in_quote(t, quoted):
            yield ParseCue("reportedly", t.text, t.i, t.end, (), ())


def colon_cues(ps: ParsedSentence) -> Iterator[ParseCue]:
    """ "Name: '…'" — a named speaker opening the sentence with a colon (transcripts, Q&A), or
    a name right before a colon that opens a quote ("POLLS WERE EARLY - Ann Lee: “…”", "More
    from Lee: “…”", "It did not surprise pollster Ann Lee: “…”")."""
    toks = ps.toks
    for k, t in enumerate(toks[:6]):
        if t.text == ":" and k > 0:
            names = toks[:k]
            if _speaker_label(names) and k + 1 < len(toks) and _opens_speech(toks[k + 1]):
                yield ParseCue("colon", ":", k, t.end, ((names[0].start, names[-1].end),), (None,))
                return
            break
    for k, t in enumerate(toks):
        if t.text != ":" or k < 2 or k + 1 >= len(toks) or toks[k + 1].text not in _QUOTE_OPENERS:
            continue
        spans = _names_before(ps, k)
        if spans:
            yield ParseCue("colon", ":", k, t.end, spans, (None,) * len(spans))
        return


_NAME_JOINERS = frozenset(["and", "&"])


def _names_before(ps: ParsedSentence, k: int) -> tuple[tuple[int, int], ...]:
    """The proper names ending right before token ``k`` ("Ann Lee and Bo Ma"), one span each;
    none after a preposition other than "from" or "by" (a place, as entities are not parsed)."""
    toks = ps.toks
    j = k
    while j > 0 and k - j < 8 and (toks[j - 1].pos == "PROPN" or toks[j - 1].text in (".",)):
        j -= 1
        if j > 1 and toks[j - 1].text in _NAME_JOINERS and toks[j - 2].pos == "PROPN":
            j -= 1
    words = toks[j:k]
    if not words or words[0].pos != "PROPN" or not _speaker_label(words):
        return ()
    if j > 0 and toks[j - 1].pos == "ADP" and toks[j - 1].lemma not in ("from", "by"):
        return ()  # "flew on to Boston: “…”" is a place; "More from Marsh: “…”" a speaker
    spans: list[tuple[int, int]] = []
    run: list[Tok] = []
    for w in [*words, None]:
        if w is None or w.text in _NAME_JOINERS:
            if run:
                spans.append((run[0].start, run[-1].end))
            run = []
        else:
            run.append(w)
    return tuple(spans)


def _speaker_label(names: Sequence[Tok]) -> bool:
    """A transcript's speaker label: proper names ("Sen. Warren") or a capitalised surname
    ("TAPPER", which the tagger may call a number), never a place, a date or a section word
    ("Washington:", "Update:", "Photo:"): told by the words, since entities are not parsed."""
    words = [x for x in names if x.text not in (".", "-", "and", "&")]
    if not words or (names[-1].text.endswith("s") and names[-1].tag == "NNPS"):
        return False
    if any(x.text in NON_PERSON or x.text in STOP or x.lemma.lower() in WEEKDAYS for x in words):
        return False
    shouting = all(x.text.isupper() and x.text.isalpha() and len(x.text) > 2 for x in words)
    # a lone capitalised word the tagger took for something else ("Lopez: Well, …"): the
    # extractor accepts it only as the surname of someone the text has named
    surname = len(words) == 1 and words[0].text.istitle() and words[0].text.isalpha()
    return shouting or surname or all(x.pos == "PROPN" and x.text[:1].isupper() for x in words)


_QUOTE_OPENERS = frozenset("\"“‘'")


def _opens_speech(t: Tok) -> bool:
    return t.text[:1] in _QUOTE_OPENERS or (t.text[:1].isupper() and t.pos != "NUM")


def _depth(ps: ParsedSentence, i: int) -> int:
    d = 0
    while ps.toks[i].head != i and d < len(ps.toks):
        i = ps.toks[i].head
        d += 1
    return d


def find_cues(ps: ParsedSentence, lex: Lexicon, quoted: list[tuple[int, int]]) -> list[ParseCue]:
    """Every cue of the sentence, the families in order of how directly they name a source."""
    out = list(according_cues(ps, quoted))
    # the main verb first: "Commenting on X, Peskov asserted" is Peskov asserting
    verbal = [*speech_cues(ps, lex, quoted), *belief_adjective_cues(ps, lex, quoted)]
    out += sorted(verbal, key=lambda c: _depth(ps, c.at))
    out += list(view_cues(ps, lex, quoted))
    out += list(nominal_cues(ps, lex, quoted))
    out += list(colon_cues(ps))
    if not out:
        out += list(reportedly_cues(ps, lex, quoted))
    return out
