"""The cue lexicon (data/cues.toml) with the inflected forms used to pick what to parse."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources

# Past and participle forms the suffix rules below cannot make.
_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "think": ("thought",),
    "find": ("found",),
    "feel": ("felt",),
    "swear": ("swore", "sworn"),
    "speak": ("spoke", "spoken"),
    "show": ("shown",),
    "forecast": ("forecast",),
    "make": ("made",),
    "take": ("took", "taken"),
    "seek": ("sought",),
    "see": ("saw", "seen"),
}


@dataclass(frozen=True, slots=True)
class Lexicon:
    speech: frozenset[str]
    belief: frozenset[str]
    phrasal: frozenset[tuple[str, str]]
    belief_phrasal: frozenset[tuple[str, str]]  # phrasal cues that state a position
    needs_object: frozenset[str]  # belief verbs that are cues only with a direct object
    documents: frozenset[str]
    nominal: frozenset[str]
    said_nouns: frozenset[str]  # "her remark that …": a possessor's words as a noun
    said_to: frozenset[str]  # said nouns whose to-infinitive is the words: "a promise to …"
    reportedly: frozenset[str]
    needs_content: frozenset[str]
    stance: frozenset[str]
    act_objects: frozenset[str]
    announcing: frozenset[str]
    belief_adjectives: frozenset[str]
    views: frozenset[str]
    surface: frozenset[str]  # lower-case word forms that make a sentence worth parsing
    # forms of common verbs that are cues only beside another word ("made clear", "sees it
    # as"): the sentence is worth parsing only when that word is in it too
    companions: dict[str, frozenset[str]]


def _forms(lemma: str) -> set[str]:
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out |= {lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "vowed" stays, "admitted"
    out |= set(_IRREGULAR.get(lemma, ()))
    return out


# belief verbs that hold a view only with an as-phrase ("sees it as a test")
AS_ONLY = frozenset(["see", "regard", "view"])


@functools.cache
def lexicon() -> Lexicon:
    """The shipped lexicon, read once."""
    raw = resources.files("linkaudit.extract").joinpath("data/cues.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    speech = frozenset(data["speech"]["lemmas"].split())
    belief = frozenset(data["belief"]["lemmas"].split())
    belief_phrasal = frozenset(
        (a, b) for a, b in (p.split(maxsplit=1) for p in data["belief"]["phrasal"])
    )
    phrasal = frozenset(tuple(p.split(maxsplit=1)) for p in data["speech"]["phrasal"])
    phrasal |= belief_phrasal
    reportedly = frozenset(data["reportedly"]["adverbs"].split())
    belief_adjectives = frozenset(data["belief"]["adjectives"].split())
    views = frozenset(data["belief"]["views"].split())
    surface: set[str] = {"according"} | reportedly | belief_adjectives | views
    cue_lemmas = speech | belief
    for lemma in cue_lemmas - AS_ONLY:
        surface |= _forms(lemma)
    surface -= set(data["belief"]["not_surface"].split())
    companions: dict[str, set[str]] = {}
    for verb, word in phrasal:
        if verb not in cue_lemmas:
            for form in _forms(verb):
                companions.setdefault(form, set()).update(_forms(word))
    for lemma in AS_ONLY:
        for form in _forms(lemma):
            companions.setdefault(form, set()).add("as")
    said_nouns = frozenset(data["nominal"]["said_nouns"].split())
    said_to = frozenset(data["nominal"]["said_to"].split())
    for noun in said_nouns:
        # worth parsing only with the clause that carries the words
        for form in (noun, noun + "s"):
            companions.setdefault(form, set()).update(
                {"that", "to"} if noun in said_to else {"that"}
            )
    # Every form counts, noun-like ones too ("hope", "show", "claims"): leaving out the forms
    # that are mostly nouns lost "Party leaders hope that …" and "Polls show that …", and the
    # parse tells the verb from the noun at a cost the offline speed bench shows is small.
    return Lexicon(
        speech=speech,
        belief=belief,
        phrasal=frozenset((a, b) for a, b in phrasal),
        belief_phrasal=belief_phrasal,
        needs_object=frozenset(data["belief"]["needs_object"].split()),
        documents=frozenset(data["documents"]["nouns"].split()),
        nominal=frozenset(data["nominal"]["nouns"].split()),
        said_nouns=said_nouns,
        said_to=said_to,
        reportedly=reportedly,
        needs_content=frozenset(data["speech"]["needs_content"].split()),
        stance=frozenset(data["speech"]["stance"].split()),
        act_objects=frozenset(data["speech"]["act_objects"].split()),
        announcing=frozenset(data["speech"]["announcing"].split()),
        belief_adjectives=belief_adjectives,
        views=views,
        surface=frozenset(surface),
        companions={form: frozenset(words) for form, words in companions.items()},
    )
