"""The cue patterns of attribution and what one cue yields (``Found``).

Regexes run on a sentence whose quoted passages are blanked out (``quotes.mask``), so a cue
inside a quote never attributes the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linkaudit.extract.cues import DOC_NOUN_RE, wordset
from linkaudit.extract.mentions import Mentions
from linkaudit.model import CueKind, Mention

DOC_VERBS = (
    "said|says|stated|states|showed|shows|noted|notes|revealed|reveals|indicated|indicates|"
    "described|describes|called|calls|quoted|quotes|cited|cites|accused|accuses|urged|urges|"
    "welcomed|welcomes|praised|praises|criticised|criticized|condemned|condemns|highlighted|"
    "highlights|stressed|emphasised|emphasized|underlined|mentioned|mentions|reads|read|"
    "taunted|added|warned|claimed|announced|confirmed|declared|took note|argued|insisted|"
    "state|reflect|reflects|makes clear|make clear|explores|calls on|found|finds|suggests|"
    "suggested|estimates|predicts|predicted|concluded|concludes|showed|show|warns|claims|argues|"
    "alleges"
)
DOC_SUBJECT = re.compile(
    r"(?:^|[,;]\s+|\bthat\s+)(?P<np>(?:[Tt]he\s+|[Aa]n?\s+|^)(?P<mod>(?:[\w’'.\-]+\s+){0,3}?)"
    rf"(?P<noun>(?i:{DOC_NOUN_RE}))(?:\s+(?:by|from|of|issued by|released by)\s+"
    r"(?P<owner>[^,;:]+?))?)(?:\s+(?:on|last|this)\s+\w+)?"
    rf"\s+(?:\w+ly\s+)?(?:have\s+|has\s+|now\s+)*(?P<verb>{DOC_VERBS})\b"
)
# An object phrase runs to the next punctuation; a period inside it is an abbreviation ("Mr.")
# because the sentence splitter already cut at real sentence ends.
_PHRASE = r"(?P<np>(?:[^,;:.“”\"()]|\.(?=\s*[A-Z]))+?)"
_PHRASE_END = r"(?=[,;:“”\"()]|\.(?!\s*[A-Z])|$)"
ACCORDING = re.compile(r"\b[Aa]ccording to\s+" + _PHRASE + _PHRASE_END)
CITING = re.compile(r"^,?\s*citing\s+" + _PHRASE + _PHRASE_END)
RELAY = re.compile(
    rf"^\s+on\s+(?:a|an|the)\s+(?P<noun>{DOC_NOUN_RE})\s+(?:from|by|of)\s+"
    r"(?P<owner>[^,;:]+?)(?=\s+that\b|[,;:]|$)"
)
IN_DOC = re.compile(
    r"^\s+in\s+(?:a|an|the)\s+(?:\w+\s+)?(?P<noun>statement|press release|letter|post|interview)"
)
WROTE_DOC = re.compile(rf"^\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){{0,3}}?(?P<noun>{DOC_NOUN_RE})\b")
POSSESSIVE_VIEW = re.compile(
    r"^\s*(?P<np>[A-Z][\w’'\- ]*?)[’']s\s+(?P<noun>calculation|view|argument|position|assessment|"
    r"message|conclusion|verdict|reasoning|answer|response|belief|warning)\s+(?:was|is)\s+that\b"
)
OBJECT = re.compile(r"^\s+" + _PHRASE + r"(?=\s+(?:that|on|about|in|at)\b|" + _PHRASE_END[3:])
IN_ANALYSIS = re.compile(
    r"^(?:\s+(?:with|of|at|from)\s+(?P<org>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}))?,?\s+in\s+"
    r"(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?P<noun>analysis|study|research|paper)\b"
)
TIME_OPENERS = frozenset({"this", "last", "next", "earlier", "on", "late", "early"})
TIME_WORDS = wordset(
    "week month year morning afternoon evening night weekend monday tuesday wednesday "
    "thursday friday saturday sunday"
)
IMPERSONAL = re.compile(
    r"\b[Ii]t\s+(?:is|was|has\s+been|had\s+been)\s+(?:understood|learned|learnt|believed)\b"
)
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})
PERSON_KINDS = ("person", "official", "academic", "anonymous")
SCARE_QUOTE_WORDS = 2  # a quote this short, alone, is a scare quote, not a claim


@dataclass(frozen=True, slots=True)
class Found:
    """What a cue yielded for one sentence."""

    source: Mention
    cue: str | None
    cue_kind: CueKind
    via: Mention | None = None
    audience: str | None = None
    also: tuple[Mention, ...] = ()  # co-sources of the same cue ("X and Y said")


def relay(outlet: Mention, original: Mention, ctx: Mentions, cue: str) -> Found:
    hit = next((h for h in ctx.hits if h.entry.name == outlet.name), None)
    if hit is not None and hit.entry.cls == "state-media":
        return Found(outlet, cue, "speech-verb", via=original)
    return Found(original, cue, kind_of(original, "speech-verb"), via=outlet)


def kind_of(source: Mention, default: CueKind) -> CueKind:
    if source.anonymous:
        return "anonymous"
    if source.kind == "document" and default == "speech-verb":
        return "document"
    return default
