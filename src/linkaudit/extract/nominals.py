"""Nominal coreference: "the president", "the newspaper", "the ministry" -> who was named.

A definite description as a cue's subject names no one by itself; the text means the last
named entity of that kind. Persons are matched by the title the text gave them ("President
Donald Trump" beats "Zippy Duvall, president of the Farm Bureau" for "the president").
"""

from __future__ import annotations

from linkaudit.extract.cues import OFFICIAL_TITLES, SECONDARY_TITLES, wordset
from linkaudit.extract.mentions import Hit, Mentions
from linkaudit.extract.protocols import is_media
from linkaudit.model import Mention

PERSON_NOUNS = frozenset(
    [
        "president",
        "minister",
        "senator",
        "governor",
        "mayor",
        "chancellor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "businessman",
        "businesswoman",
        "candidate",
        "lawmaker",
        "congressman",
        "congresswoman",
        "secretary",
        "premier",
        "ambassador",
        "prosecutor",
        "billionaire",
        "chairman",
        "chairwoman",
        "king",
        "queen",
        "prince",
        "pope",
        "general",
        "commander",
        "tycoon",
    ]
)
# every word that names a person by role: "the judge", "the senator", "the analyst"
ROLE_NOUNS = (
    PERSON_NOUNS
    | (OFFICIAL_TITLES | SECONDARY_TITLES) - {"former", "longtime", "political", "supreme", "head"}
    | frozenset(
        [
            "woman",
            "man",
            "judge",
            "lawyer",
            "attorney",
            "candidate",
            "nominee",
            "billionaire",
            "magnate",
        ]
    )
)
OUTLET_NOUNS = frozenset(
    ["newspaper", "paper", "daily", "agency", "broadcaster", "outlet", "network", "tabloid"]
)
GOVERNMENT_NOUNS = frozenset(["ministry", "government", "administration", "department", "kremlin"])
# bodies that are neither outlets nor governments: "the company said" after Microsoft spoke
BODY_NOUNS = wordset(
    """company firm group organization organisation charity coalition union nonprofit startup
    manufacturer maker retailer airline bank insurer utility developer studio carmaker automaker
    chain lab laboratory institute foundation"""
)
BODY_KINDS = frozenset(["organization", "think-tank"])
# plural heads that make a group of states, not an unnamed person: "Arab states condemned"
STATE_NOUNS = frozenset(["states", "countries", "governments", "nations", "capitals"])


def _last_hit(ctx: Mentions, before: int, media: bool) -> Hit | None:
    hits = [h for h in ctx.hits if h.end <= before and is_media(h.entry) == media]
    if not media:
        hits = [h for h in hits if h.entry.kind.lower().startswith(("government", "ministry"))]
    return hits[-1] if hits else None


def nominal_referent(ctx: Mentions, noun: str, before: int, end: int) -> Mention | None:
    """The entity ``the <noun>`` (text[before:end]) refers to, or None when unknown; the
    Mention spans the description, which is where the text names it."""
    noun = noun.lower()
    if noun in ROLE_NOUNS:
        earlier = [p for p in ctx.people.persons if p.end <= before]
        titled = [p for p in earlier if (p.role or "").split()[:1] == [noun.capitalize()]]
        roled = [p for p in earlier if noun in (p.role or "").lower().split()]
        picks = titled or roled
        if picks:
            return ctx.from_person(picks[-1], before, end)
        if noun in ("businessman", "businesswoman", "billionaire", "tycoon") and ctx.recent:
            last = ctx.recent[-1]
            return Mention(last.name, last.kind, before, end, last.role, last.owner)
        return None
    if noun in BODY_NOUNS:
        body = ctx.last_body
        if body is not None and (body.end <= before or body.start < 0):
            return Mention(body.name, body.kind, before, end, body.role, body.owner)
        return None
    if noun in OUTLET_NOUNS or noun in GOVERNMENT_NOUNS:
        hit = _last_hit(ctx, before, media=noun in OUTLET_NOUNS)
        if hit is not None:
            return Mention(hit.entry.name, ctx.registered(hit).kind, before, end)
    return None
