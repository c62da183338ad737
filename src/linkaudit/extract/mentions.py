"""Who a noun phrase names: a person, an outlet, a document, an anonymous source, a body.

``Mentions`` holds what the extractor knows about the document (registry hits, the people
introduced, the documents seen so far, the last speaker) and turns a phrase next to a cue into a
``Mention``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from linkaudit.extract.antecedents import Antecedents
from linkaudit.extract.cues import (
    ANON_RE,
    CAPITALS,
    COUNTRIES,
    COUNTRY_ADJ,
    DATA_NOUNS,
    DOC_NOUN_RE,
    OFFICIAL_TITLES,
    SECONDARY_TITLES,
    STOP,
    wordset,
)
from linkaudit.extract.people import (
    People,
    Person,
    Tok,
    bare,
    is_initial,
    is_name_word,
    is_title,
    looks_like_person,
    name_of,
    runs,
    split_title,
    title_before,
    tokens,
)
from linkaudit.extract.protocols import EntryLike, is_media
from linkaudit.extract.spans import SpanIndex
from linkaudit.model import Mention, SourceKind

SOURCE_KINDS: frozenset[str] = wordset(
    """
    state-media public-media government intergovernmental official wire newspaper broadcaster
    magazine digital think-tank academic organization person document anonymous
    outlet"""
)
ACADEMIC = wordset("professor researcher historian scholar lecturer academic fellow")
GOVERNMENT_HEADS = wordset(
    """
    ministry government department embassy military army navy office council parliament
    kremlin commission committee police court authorities prosecutors cabinet presidency
    administration agency regulator"""
)
ORG_HEADS = wordset(
    "company firm group party union bank carrier maker manufacturer corp inc ltd llc plc co "
    "campaign"
)
OFFICIAL_HEADS = wordset(
    "spokesman spokeswoman spokesperson president minister ambassador official premier"
)
PRONOUNS = frozenset({"he", "she", "they", "it"})
INSTITUTION_HEADS = wordset(
    """
    Association Union Council Centre Center Institute University Foundation Organization
    Organisation Society Commission Committee Federation Alliance Coalition Network Group
    Agency Authority Board Bureau Trust Fund Company Corporation Partnership League Congress
    Assembly Party Ministry Department Service Office Administration"""
)
DESCRIBED_HEADS = (
    OFFICIAL_TITLES | SECONDARY_TITLES | wordset("mp mayor billionaire congressman")
) - {
    "official",
    "officials",
}
_OWNER_CUT = re.compile(
    r"\s+(?:following|after|on|about|over|regarding|concerning|which|that|during|amid|"
    r"in the wake of)\b.*$",
    re.S,
)
_DOC_IN_NP = re.compile(
    rf"(?P<mod>(?:[\w’'.\-]+\s+){{0,5}}?)(?P<noun>(?i:{DOC_NOUN_RE}))\b"
    r"(?:\s+(?:by|from|of|(?:issued|released|published|conducted|commissioned|prepared|written"
    r"|compiled|produced) by)\s+(?P<owner>.+))?",
)


def registry_kind(entry: EntryLike) -> SourceKind:
    """The model's SourceKind for a registry entry whose kind may be free text."""
    kind = entry.kind.lower()
    for k in SOURCE_KINDS:
        if kind == k:
            return k  # type: ignore[return-value]
    if entry.cls == "state-media" or kind.startswith("state-media"):
        return "state-media"
    for prefix, mapped in (
        ("think-tank", "think-tank"),
        ("public", "public-media"),
        ("international-broadcaster", "public-media"),
        ("government", "government"),
        ("state portal", "government"),
        ("intergovernmental", "intergovernmental"),
        ("wire", "wire"),
        ("newspaper", "newspaper"),
        ("broadcaster", "broadcaster"),
    ):
        if kind.startswith(prefix):
            return mapped  # type: ignore[return-value]
    return "outlet" if is_media(entry) else "organization"


def person_kind(role: str | None) -> SourceKind:
    """Kind of a named person from the title the text gives them."""
    words = {w.strip(",.").lower() for w in (role or "").replace("-", " ").split()}
    if words & OFFICIAL_TITLES:
        return "official"
    if words & ACADEMIC:
        return "academic"
    if "think" in words and "tank" in words:
        return "think-tank"
    return "person"


def owner_name(text: str, country: str | None = None) -> str:
    """Normalise who owns a document: "the foreign ministry in Pyongyang" -> "DPRK Foreign
    Ministry"; "the country's Foreign Ministry" uses ``country`` (the relaying outlet's)."""
    text = _OWNER_CUT.sub("", text.strip()).strip()
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    m = re.match(r"(?P<body>.+?)\s+in\s+(?P<city>[A-Z][\w ]+)$", text)
    prefix = None
    if m and m.group("city") in CAPITALS:
        prefix, text = CAPITALS[m.group("city")], m.group("body")
    m2 = re.match(r"(?:the\s+)?country['’]s\s+(?P<body>.+)$", text, flags=re.I)
    if m2 and country:
        prefix, text = COUNTRY_ADJ.get(country, country), m2.group("body")
    if prefix:
        text = f"{prefix} {text.title() if text.islower() else text}"
    return bare(text) if text.endswith(("’s", "'s")) else text


def _by_fullness(rs: list[list[Tok]]) -> list[list[Tok]]:
    """Runs with a full name (two words after the title) first, each group in text order."""
    return sorted(rs, key=lambda r: len(split_title(r)[1]) < 2)


def _after_connector(toks: list[Tok], first: Tok) -> bool:
    i = toks.index(first)
    return i > 0 and toks[i - 1].text.lower() in ("of", "for", "and", "&", "the")


_ORG_NAME = re.compile(r"^[A-Z][\w’'&.+-]*(?:\s+(?:[A-Z0-9][\w’'&.+-]*|of|for|and|&|the|de))*$")
RESEARCH_WORDS = wordset(
    "research think-tank tank consultancy consulting analytics analysis institute university"
)


def _words_of(text: str) -> set[str]:
    return {w.strip(",.’'").lower() for w in text.split()}


PERSON_OF_PLACE = re.compile(r"^(?P<who>.*[a-z]\S*)\s+of\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?$")
SPEAKER_FOR = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:[\w-]+\s+)?(?:spokes(?:man|woman|person)|representative|"
    r"press officer|statement)\s+(?:for|of|from|at)\s+(?P<org>.+)$",
    re.IGNORECASE,
)


def _whole_organisation(text: str) -> str | None:
    """A capitalised phrase whose head is an institution word and which holds no title:
    "Universities and Colleges Employers’ Association", not "Foreign Minister Sergey Lavrov"."""
    name = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    words = name.split()
    if len(words) < 2 or not _ORG_NAME.match(name) or any(is_title(w) for w in words):
        return None
    return name if bare(words[-1]) in INSTITUTION_HEADS else None


NEWS_BODIES = re.compile(r"(?:news agency|newspaper|broadcaster|news service|wire service)\b")


@dataclass(frozen=True, slots=True)
class Hit:
    """A registry name found in the document."""

    start: int
    end: int
    entry: EntryLike


class Mentions(Antecedents):
    """Document-wide knowledge for naming sources."""

    def __init__(self, text: str, hits: list[Hit], people: People) -> None:
        super().__init__()
        self.text = text
        self.hits = hits
        self.hit_index = SpanIndex(hits, lambda h: (h.start, h.end))
        self.people = people
        self.documents: list[Mention] = []

    def hit_in(self, start: int, end: int) -> list[Hit]:
        return self.hit_index.within(start, end + 2)

    def registered(self, hit: Hit) -> Mention:
        """The Mention of a registry entry (outlet, agency, government, think tank)."""
        return Mention(hit.entry.name, registry_kind(hit.entry), hit.start, hit.end)

    def person(self, run: list[Tok], toks: list[Tok], index: int) -> Mention | None:
        """The person a run of name words names, resolving a lone surname."""
        title, name = split_title(run)
        if not name:
            return None
        at = name[0].start
        if len(name) == 1:
            known = self.people.resolve(name[0].text, at)
            if known is None:
                word = bare(name[0].text)
                if word in CAPITALS or word in COUNTRY_ADJ or word in COUNTRIES:
                    return Mention(word, "government", name[0].start, name[-1].end)
                if word in STOP or is_title(word) or is_initial(name[0].text):
                    return None
                role, owner = title_before(self.text, toks, index, title)
                if not title and role is None:
                    # a lone unknown capitalised word with no title ("Bolivia declared",
                    # "Hamas said") is a body: news style introduces people by full name
                    return Mention(word, "organization", name[0].start, name[-1].end)
                if not looks_like_person(name):
                    return None
                return Mention(word, person_kind(role), name[0].start, name[-1].end, role, owner)
            return self.from_person(known, name[0].start, name[-1].end)
        if not looks_like_person(name):
            return None
        full = name_of(name)
        known = self.people.get(full)
        if known is None:
            role, owner = title_before(self.text, toks, index, title)
            known = Person(full, name[0].start, name[-1].end, role, owner)
        return self.from_person(known, name[0].start, name[-1].end)

    def from_person(self, p: Person, start: int, end: int) -> Mention:
        """The Mention of an introduced person, spanning ``start:end`` (-1: no span)."""
        return Mention(p.name, person_kind(p.role), start, end, p.role, p.owner)

    def document(self, m: re.Match[str], base: int, country: str | None = None) -> Mention:
        """A document Mention from a ``_DOC_IN_NP``-shaped match (offsets from ``base``)."""
        noun = m.group("noun").lower()
        mod = (m.group("mod") or "").strip()
        if m.group("owner"):  # "a press release by the foreign ministry in Pyongyang"
            owner: str | None = owner_name(m.group("owner"), country)
            name = f"{owner} {noun}"
        elif mod and all(w[0].isupper() for w in mod.split()):  # "Russian", "Kremlin’s"
            owner = owner_name(mod, country)
            name = f"{owner} {noun}"
        else:  # "the grid operator’s 2019 resource assessment", "new data"
            possessive = re.split(r"[’']s\s", f"{mod} ")
            owner = owner_name(possessive[0]) if len(possessive) > 1 else None
            name = f"{mod} {noun}".strip()
        return Mention(name, "document", base + m.start(), base + m.end(), None, owner)

    # ------------------------------------------------------------ phrases

    def phrase(self, text: str, base: int, at_end: bool) -> Mention | None:
        """Name the source in phrase ``text`` (at ``base``); ``at_end``: it is a subject and its
        head is its last word, else an object whose head comes first ("according to X")."""
        stripped = text.strip()
        if not stripped:
            return None
        lead = len(text) - len(text.lstrip())
        base += lead
        text = stripped
        if text.lower() in PRONOUNS:
            return self.pronoun(text)
        anon = ANON_RE.match(text)
        studied = not at_end and _DOC_IN_NP.match(re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I))
        if anon and not studied and not self._names_person(text, base):
            name = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
            return Mention(
                name, "anonymous", base, base + len(text), anon.group("noun").lower(), None, True
            )
        home = PERSON_OF_PLACE.match(text) if at_end else None
        if home:
            # "Sen. Elizabeth Warren of Massachusetts": the person, not the place
            person = self.phrase(home.group("who"), base, True)
            if person is not None and person.kind in ("person", "official", "academic"):
                return person
        speaker_for = SPEAKER_FOR.match(text)
        if speaker_for:
            # "a spokesperson for the Universities and Colleges Employers’ Association": an
            # unnamed spokesperson of a named body is the body
            body = self.phrase(speaker_for.group("org"), base + speaker_for.start("org"), False)
            if body is not None and body.kind not in ("person", "official", "academic"):
                self.spokesbody, self.spokesbody_at = body, self.sentence_no
                return body
        toks = tokens(text, base)
        hits = self.hit_in(base, base + len(text))
        if not hits and (org := _whole_organisation(text)) is not None:
            body = Mention(org, "organization", base + len(text) - len(org), base + len(text))
            return body if at_end else self._apposition(body)
        rs = [r for r in runs(toks) if r]
        lead_doc = _DOC_IN_NP.match(re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I))
        media = [h for h in hits if is_media(h.entry)]
        if lead_doc and not at_end:
            obtained = re.search(r"\b(?:obtained|seen|reviewed)\s+by\b", text)
            if media and lead_doc.group("noun").lower() not in DATA_NOUNS and not obtained:
                return self.registered(media[0])  # "an investigation by The Intercept"
            return self.document(_DOC_IN_NP.search(text) or lead_doc, base)
        head = len(text) - len(re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I))
        if media and not at_end and media[0].start == base + head:
            return self.registered(media[0])  # "told NBC News' Today show the final number"
        candidates = ([rs[-1]] if at_end else _by_fullness(rs)) if rs else []
        for run in candidates:
            if len(split_title(run)[1]) == 1 and _after_connector(toks, run[0]):
                continue  # "Department of Correction", "the Pentagon": part of a body's name
            if at_end and run[-1].end < base + len(text.rstrip("’'s")) - 2:
                continue  # the name is not the head of the phrase
            if any(h.start <= run[0].start and run[-1].end <= h.end + 2 for h in hits):
                continue
            found = self.person(run, toks, toks.index(run[0]))
            if found is not None:
                if found.role is None and not at_end:
                    found = self._apposition(found)
                return found
        doc = _DOC_IN_NP.search(text)
        if media:
            return self.registered(media[-1] if at_end else media[0])
        if doc:
            return self.document(doc, base)
        if hits:
            return self.registered(hits[-1] if at_end else hits[0])
        found = (
            self._described(text, base) or self._body(text, base) or self._organisation(text, base)
        )
        if found is not None and found.kind == "organization" and not at_end:
            found = self._apposition(found)  # "the Rhodium Group, a research firm"
        return found

    def _described(self, text: str, base: int) -> Mention | None:
        """A definite description ("the Conservative MP"): the person last given that title,
        spanning the description (where the text names them: it joins their aliases)."""
        m = re.match(r"^the\s+(?:[\w’'-]+\s+){0,3}?(?P<head>[\w-]+)$", text, flags=re.I)
        if m is None or m.group("head").lower() not in DESCRIBED_HEADS:
            return None
        head = m.group("head").lower()
        people = [p for p in (self.last_person, self.last_named) if p is not None]
        people += [self.from_person(p, -1, -1) for p in reversed(self.people.persons)]
        # one given the title ("President Donald Trump") before one holding a post of that
        # name ("Zippy Duvall, president of the Farm Bureau")
        titled = [p for p in people if p.role and p.role.split()[:1] == [head.capitalize()]]
        roled = [p for p in people if p.role and head in p.role.lower().replace("-", " ").split()]
        for p in titled[:1] or roled[:1]:
            return replace(p, start=base, end=base + len(text))
        # no one was given that title: the description stands for the person being discussed
        return self.pronoun("he")

    def _organisation(self, text: str, base: int) -> Mention | None:
        """A capitalised name that is not a person: "California Independent System Operator",
        "Amnesty International", "UCEA" (a body speaking for itself)."""
        name = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
        if (
            not _ORG_NAME.match(name)
            or name in CAPITALS
            or name in COUNTRY_ADJ
            or name in COUNTRIES
        ):
            return None
        words = name.split()
        acronym = len(words) == 1 and words[0].isupper() and len(words[0]) > 1
        if len(words) < 2 and not acronym:
            return None
        return Mention(name, "organization", base + len(text) - len(name), base + len(text))

    def _names_person(self, text: str, base: int) -> bool:
        """True when ``text`` names a person ("officials" yes, "Officials including Peskov" no)."""
        for run in runs(tokens(text, base)):
            _, name = split_title(run)
            if ANON_RE.match(bare(name[-1].text)) if name else False:
                continue  # "Tory MPs", "Senate Republicans": a group, not a person
            if len(name) > 1 and looks_like_person(name):
                return True
            if len(name) == 1 and self.people.resolve(name[0].text, base) is not None:
                return True
        return False

    def _apposition(self, found: Mention) -> Mention:
        # "said Dmitry Peskov, the Kremlin spokesman"
        rest = self.text[found.end : found.end + 80]
        m = re.match(
            r",\s+(?:who\s+(?:is|was|has been)\s+)?(?P<role>(?:a|an|the)\s+[^,.;“”\"]+|"
            r"who\s+(?:studies|researches|teaches)\s[^,.;“”\"]+)",
            rest,
        )
        if m and len(m.group("role").split()) <= 20:
            role = m.group("role")
            if found.kind == "organization":
                # a body described as a research firm or think tank analyses others' acts
                research = _words_of(role) & RESEARCH_WORDS
                return replace(found, role=role, kind="think-tank" if research else found.kind)
            return replace(found, role=role, kind=person_kind(role))
        return found

    def _body(self, text: str, base: int) -> Mention | None:
        """A body named by its role: "the Foreign Ministry", "police", "the company"."""
        name = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
        words = name.split()
        if not words or len(words) > 6:
            return None
        head = bare(words[-1]).lower()
        kind: SourceKind | None = None
        lowered = {bare(w).lower() for w in words}
        if NEWS_BODIES.search(name.lower()):
            kind = "outlet"
        elif head in GOVERNMENT_HEADS or (
            lowered & GOVERNMENT_HEADS and all(is_name_word(w) or w == "of" for w in words)
        ):
            kind = "government"
        elif head in ORG_HEADS:
            kind = "organization"
        elif head in OFFICIAL_HEADS or (len(words) == 1 and head in OFFICIAL_TITLES):
            kind = "official"
        elif name in CAPITALS or name in COUNTRY_ADJ or name in COUNTRIES:
            kind = "government"
        if kind is None:
            return None
        return Mention(name, kind, base, base + len(text), name if kind == "official" else None)
