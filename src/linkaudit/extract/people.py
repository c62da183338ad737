"""People named in a text: full names, the titles that introduce them, later surname mentions.

News style introduces a person once with title and full name ("Kremlin spokesman Dmitry
Peskov") and then uses the surname alone ("Peskov"); Korean names put the surname first ("Kim
Jong Un" -> "Kim"). A surname resolves to the *first* person introduced with it before the
mention: the main actor is introduced first, and later namesakes ("Kim Il Sung") are usually
mentioned in passing.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from linkaudit.extract.cues import NATIONALITIES, NON_PERSON, STOP, TITLE_WORDS, wordset
from linkaudit.extract.spans import SpanIndex

# An initial keeps its period ("M."); any other word leaves it as a separate token.
_TOKEN = re.compile(r"[A-Z]\.(?![a-z’'])|[^\W\d_][\w’'\-]*|\d[\w.,:]*|[^\w\s]")
_POSSESSIVE = re.compile(r"[’']s?$")
PARTICLES = wordset("de van von der bin al da di la le du del dos ibn")
# Words at which a backward walk for a title stops: they open a clause.
CLAUSE_WORDS = wordset(
    "that as and but while when because which who whom after before said says told by with "
    "according on to in at than if so whereas although"
)


@dataclass(frozen=True, slots=True)
class Tok:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Person:
    """A person as first introduced: full name, its span, and the title around it."""

    name: str
    start: int
    end: int
    role: str | None = None
    owner: str | None = None


def tokens(text: str, offset: int = 0) -> list[Tok]:
    """Word and punctuation tokens of ``text`` with offsets shifted by ``offset``."""
    return [Tok(m.group(0), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def iter_tokens(text: str, start: int, end: int) -> Iterator[Tok]:
    """The tokens of ``text[start:end]`` (offsets into ``text``), one at a time, no copy."""
    return (Tok(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end))


def bare(word: str) -> str:
    """The word without a possessive ending or a trailing period."""
    return _POSSESSIVE.sub("", word.rstrip("."))


def is_initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def is_name_word(word: str) -> bool:
    """Capitalised like a name part: "Vaddi", "Son-hui", "M.", not "US" or "The"."""
    if is_initial(word):
        return True
    core = bare(word)
    if not core or not core[0].isupper() or not core[0].isalpha():
        return False
    return not (len(core) > 1 and core.isupper())


def is_title(word: str) -> bool:
    return bare(word).lower() in TITLE_WORDS


def split_title(run: list[Tok]) -> tuple[list[Tok], list[Tok]]:
    """(title tokens, name tokens) of a capitalised run: "Czechoslovak President" + the rest."""
    last = -1
    for i, t in enumerate(run[:-1]):  # the last word is a name: "Gayle King", not a king
        if is_title(t.text) or bare(t.text) in NATIONALITIES:
            last = i
    return run[: last + 1], run[last + 1 :]


def looks_like_person(name: list[Tok]) -> bool:
    """A run of name words that is not a place, an organisation or a sentence opener."""
    words = [bare(t.text) for t in name]
    if not words or all(is_initial(t.text) for t in name):
        return False
    if len(words) == 1 and is_title(words[0]):
        return False  # "Governor says": a title, not a name
    # an initial ("Walter A. Clyburn Reed") is not the article "A"
    if any(
        (w in NON_PERSON or w in STOP) and not is_initial(t.text)
        for w, t in zip(words, name, strict=True)
    ):
        return False
    return not any(t.text.endswith((".",)) and not is_initial(t.text) for t in name)


# Present-tense cue verbs as a title-case headline writes them ("Lindsey Graham Says …",
# "Glenn Beck Blasts Drudge"): never part of a name, whatever the case of the line.
_HEADLINE_VERBS = wordset(
    """Says Tells Slams Blasts Warns Urges Accuses Denies Rejects Claims Vows Calls Praises
    Attacks Mocks Rips Knocks Blames Thanks Welcomes Demands Insists Predicts Reveals Admits
    Criticizes Criticises Defends"""
)


def runs(toks: list[Tok]) -> list[list[Tok]]:
    """Maximal runs of name words (with lowercase particles inside) in ``toks``."""
    return [run for _, run in indexed_runs(iter(toks))]


def indexed_runs(toks: Iterator[Tok], context: int = 0) -> Iterator[tuple[list[Tok], list[Tok]]]:
    """``runs`` over a token stream, each run with up to ``context`` tokens just before it.

    A stream, so that a whole block (one 20 MB paragraph) need not be tokenised at once: only
    the current run, the look-ahead token and the context are held."""
    before: deque[Tok] = deque(maxlen=context)
    cur: list[Tok] = []
    lead: list[Tok] = []  # the context before ``cur``'s first token

    def done(run: list[Tok], ahead: list[Tok]) -> tuple[list[Tok], list[Tok]] | None:
        # a capitalised sentence opener is not part of a name: "But Vice-President Mike Pence"
        k = next((i for i, t in enumerate(run) if bare(t.text) not in STOP), len(run))
        if k == len(run):
            return None
        ctx = ahead + run[:k]
        return ctx[-context:] if context else [], run[k:]

    t = next(toks, None)
    while t is not None:
        nxt = next(toks, None)
        if cur and t.text in _HEADLINE_VERBS:
            out = done(cur, lead)  # "Glenn Beck Blasts Drudge": a headline's verb ends the name
            if out:
                yield out
            cur = []
        elif is_name_word(t.text):
            if not cur:
                lead = list(before)
            cur.append(t)
            if _POSSESSIVE.search(t.text) and t.text[-1] != ".":
                out = done(cur, lead)
                if out:
                    yield out
                cur = []
        elif cur and t.text == "." and is_title(cur[-1].text) and nxt and is_name_word(nxt.text):
            pass  # "Dr. Sherine Abed": the abbreviation's period stays inside the name
        elif cur and t.text in PARTICLES and nxt is not None and is_name_word(nxt.text):
            cur.append(t)
        else:
            if cur:
                out = done(cur, lead)
                if out:
                    yield out
            cur = []
        before.append(t)
        t = nxt
    if cur:
        out = done(cur, lead)
        if out:
            yield out


def name_of(toks: list[Tok]) -> str:
    return " ".join(bare(t.text) if i == len(toks) - 1 else t.text for i, t in enumerate(toks))


# Tokens title_before reads before a name: it walks back at most 11 (then gives up).
_TITLE_CONTEXT = 12


def title_before(
    text: str, toks: list[Tok], index: int, inner: list[Tok]
) -> tuple[str | None, str | None]:
    """(role, owner) written before the name starting at ``toks[index]``.

    Walks back to the start of the clause: "The White House’s senior director for arms control
    Pranay Vaddi" -> ("senior director for arms control", "White House"); "Kremlin spokesman
    Dmitry Peskov" -> ("Kremlin spokesman", "Kremlin").
    """
    j = index
    while j > 0:
        prev = toks[j - 1].text
        if not (prev[0].isalnum() or prev in "’'-") or prev.lower() in CLAUSE_WORDS:
            break
        if text[toks[j - 1].end : toks[j].start].strip():
            break  # a token the stream did not keep lies between: the clause starts here
        j -= 1
        if index - j > 10:
            return None, None
    words = toks[j:index] + inner
    while words and words[0].text.lower() in ("the", "a", "an", "then"):
        words = words[1:]
    if not words or not any(is_title(t.text) for t in words):
        return None, None
    start, end = words[0].start, words[-1].end
    # possessive owner: "White House’s", "North Korea's"
    for k, t in enumerate(words):
        if _POSSESSIVE.search(t.text) and t.text[-1] != "." and k + 1 < len(words):
            owner_toks = words[: k + 1]
            if all(is_name_word(o.text) for o in owner_toks):
                return text[words[k + 1].start : end].strip(), name_of(owner_toks)
            break
    lead = [t for t in _leading_caps(words) if not is_title(t.text)]
    return text[start:end].strip(), " ".join(bare(t.text) for t in lead) or None


def _leading_caps(words: list[Tok]) -> list[Tok]:
    out: list[Tok] = []
    for t in words:
        if not is_name_word(t.text):
            break
        out.append(t)
    return out


def one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one substituted letter (same length, same initial)."""
    if len(a) != len(b) or a == b or a[0] != b[0]:
        return False
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


class People:
    """The persons introduced in a document, for resolving surnames and recalling titles."""

    def __init__(self) -> None:
        self.persons: list[Person] = []
        self._seen: dict[str, Person] = {}
        self._at: dict[str, int] = {}  # name -> its position in ``persons``
        # positions in ``persons`` (ascending, each once) by name word, and by (length,
        # initial) of a word after the first for the misspelt-surname look-up: a surname is
        # resolved once per mention, and a scan of every person introduced so far made a long
        # document quadratic.
        self._by_word: dict[str, list[int]] = {}
        self._by_shape: dict[tuple[int, str], list[int]] = {}

    def add(self, person: Person) -> Person:
        known = self._seen.get(person.name)
        if known is None:
            self._seen[person.name] = person
            self._at[person.name] = len(self.persons)
            self._index(person.name, len(self.persons))
            self.persons.append(person)
            return person
        if known.role is None and person.role is not None:
            better = Person(known.name, known.start, known.end, person.role, person.owner)
            self._seen[person.name] = better
            self.persons[self._at[known.name]] = better
            return better
        return known

    def _index(self, name: str, at: int) -> None:
        for w in {*name.replace("-", " ").split(), *name.split()}:
            self._by_word.setdefault(w, []).append(at)
        for w in set(name.split()[1:]):
            if w:
                self._by_shape.setdefault((len(w), w[0]), []).append(at)

    def get(self, name: str) -> Person | None:
        return self._seen.get(name)

    def resolve(self, surname: str, before: int) -> Person | None:
        """The full-named person a lone surname refers to, if one was introduced."""
        word = bare(surname)
        hits = [self.persons[i] for i in self._by_word.get(word, ())]
        if not hits and len(word) >= 5:
            # a misspelt surname ("Hauser" for "Trevor Houser") is the same person
            hits = [
                self.persons[i]
                for i in self._by_shape.get((len(word), word[0]), ())
                if any(one_edit(word, w) for w in self.persons[i].name.split()[1:])
            ]
        if not hits:
            return None
        earlier = [p for p in hits if p.start < before]
        return (earlier or hits)[0]

    def scan(self, text: str, start: int, end: int, blocked: SpanIndex[tuple[int, int]]) -> None:
        """Learn the full names (two name words or more) in ``text[start:end]``."""
        # streamed: a block is not tokenised whole, and each run comes with the tokens before
        # it (``toks.index(run[0])`` in a whole block's token list was quadratic)
        for before, run in indexed_runs(iter_tokens(text, start, end), _TITLE_CONTEXT):
            title, name = split_title(run)
            if len(name) < 2 or not looks_like_person(name):
                continue
            if blocked.any_overlapping(name[0].start, name[-1].end):
                continue
            if not title and before and before[-1].text in ("the", "a", "an"):
                continue  # "the Trump Train", "a Koch Industries": a thing named, not a person
            role, owner = title_before(text, before + run, len(before), title)
            self.add(Person(name_of(name), name[0].start, name[-1].end, role, owner))
