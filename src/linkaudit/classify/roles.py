"""The class of a source: from the registry when it is there, else from its role in the text.

Rules (DESIGN.md "The classes a claim can rest on"):
- a registry entry keeps its class, a mirror or republisher takes its original's class;
- officials, governments, bodies and companies speaking for themselves: primary;
- pundits, analysts, academics, think tanks: secondary;
- data (figures, polls, surveys) are primary whoever publishes them;
- a study or analysis is secondary unless its owner is in the registry;
- a document (readout, press release, letter) takes its owner's class when the owner is in the
  registry or is an analyst, and is primary otherwise (a government's or a person's own record);
- a named person with no role in the text, quoted in their own words (a leader, a historical
  figure): primary, because they originate what they say;
- unnamed officials, witnesses, relatives, staff and "people familiar with the matter" (who
  relay insiders' knowledge): primary, flagged ``anonymous``; unnamed commentators
  ("analysts", "experts", "researchers"): secondary;
- experts commenting are secondary: a role word of an analyst ("professor", "analyst",
  "author of the analysis", "who studies ..."), a body described as a research firm or think
  tank, and *former* officials ("a former diplomat"): out of office they comment on others'
  acts rather than speak for a body. A title that is still held wins only without "former";
  the head of an analysis body ("director of the X Institute for International Economics")
  analyses, its spokesperson speaks for it;
- a named person or body with no role in the claim is classed by what the article says it is
  elsewhere (profiles.py): "X, the blogger behind ...", "the analysts at X", "X of Reuters",
  "he wrote in his book"; the basis quotes the description. A news outlet reporting, or its
  staff, takes the outlet's class (registry) and is never primary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from linkaudit.classify.profiles import Description, analysis_firm, describe_phrase, specialist
from linkaudit.extract.cues import (
    DATA_NOUNS,
    NATIONALITIES,
    OFFICIAL_TITLES,
    SECONDARY_TITLES,
    STUDY_NOUNS,
    wordset,
)
from linkaudit.extract.mentions import registry_kind
from linkaudit.extract.protocols import EntryLike, RegistryLike
from linkaudit.model import Mention, SourceClass, SourceKind

E = TypeVar("E", bound=EntryLike)
CLASSES: tuple[SourceClass, ...] = ("primary", "state-media", "secondary")
# Unnamed commentators: their view of others' acts is secondary; every other unnamed group
# (officials, witnesses, relatives, staff, voters) speaks of what it saw or did: primary.
# "who studies North Korea", "who researches supply chains": an expert's description.
STUDYING = wordset("studies researches teaches")
COMMENTING_ANONYMOUS = wordset(
    "experts analysts researchers researcher scientists operatives operative observers critics "
    "commentators reports historians economists scholars academics pundits strategists "
    "consultants planners studies advocates campaigners media journalists reporters outlets "
    "newspapers watchdogs pollsters forecasters columnists bloggers"
)
SPEAKS_FOR = wordset("spokesman spokeswoman spokesperson")
PRIMARY_KINDS = wordset("official government intergovernmental organization")
SECONDARY_KINDS = wordset("think-tank academic")


# The last word of a newspaper's name ("San Francisco Chronicle", "Tampa Bay Times"): an outlet
# reporting, never a person speaking. Not "Post", "Star", "Standard" or "Mirror": people and
# companies are named so too ("Emily Post").
NEWSPAPER_HEADS = wordset(
    "Chronicle Times Herald Tribune Gazette Journal Courier Examiner Telegraph Inquirer "
    "Enquirer Dispatch Sentinel Bulletin Post-Gazette Star-Tribune Star-Ledger Advertiser"
)


def newspaper_name(name: str) -> bool:
    """A capitalised name of two words or more that ends as newspapers' names do."""
    words = name.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words) and words[-1] in NEWSPAPER_HEADS


# Unnamed people named only by the view they hold ("those in favor of punishment", "those who
# believe the party is stuck"): a side of a debate about others' acts, so commentators.
_VIEW_HOLDERS = re.compile(
    r"(?:those|people|many|some|others)\s+(?:in\s+favou?r\s+of|who\s+(?:believe|argue|think)"
    r"|who\s+(?:believed|argued|thought))\b",
    re.IGNORECASE,
)


def _unnamed_commentators(m: Mention) -> bool:
    """A common-noun group of commentators the extractor named as a body ("Studies have
    shown", "Advocates say", "Campaigners said"): no proper name in it, a commentator head."""
    words = m.name.split()
    if not words or len(words) > 3 or any(w[:1].isupper() for w in words[1:]):
        return False
    return words[-1].lower() in COMMENTING_ANONYMOUS


@dataclass(frozen=True, slots=True)
class Verdict:
    """How one mention classifies."""

    name: str
    kind: SourceKind
    cls: SourceClass
    basis: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    registry_id: str | None = None


def _words(text: str | None) -> set[str]:
    return {w.strip(",.’'").lower() for w in (text or "").replace("-", " ").split()}


def from_entry(entry: E, registry: RegistryLike[E], name: str | None = None) -> Verdict:
    """Classify by a registry entry, following a mirror to its original."""
    original = registry.original(entry)
    cls: SourceClass = "secondary"
    for c in CLASSES:
        if original.cls == c:
            cls = c
    basis = f"registry: {original.basis}" if original.basis else "registry"
    if original.id != entry.id:
        basis = f"registry: republishes {original.name}; {basis.removeprefix('registry: ')}"
    return Verdict(
        name or entry.name,
        registry_kind(entry),
        cls,
        basis,
        tuple(entry.aliases),
        entry.country,
        entry.id,
    )


def classify_mention(
    m: Mention, registry: RegistryLike[E], described: tuple[Description, ...] = ()
) -> Verdict:
    """The class of what a mention names, and why; ``described`` is what the article says the
    source is elsewhere (profiles.describe), used when the mention itself gives no role."""
    if m.kind not in ("person", "official", "academic", "document", "anonymous"):
        entry = registry.by_name(m.name)
        if entry is not None:
            return from_entry(entry, registry, m.name)
    role_words = _words(m.role)
    if m.kind == "document":
        return _document(m, registry)
    return _speaker(m, role_words, registry, described)


def _document(m: Mention, registry: RegistryLike[E]) -> Verdict:
    """Data are primary; a document takes its registered owner's class; a study is secondary."""
    if m.name.split()[-1].lower() in DATA_NOUNS:
        return Verdict(m.name, "document", "primary", "data: the originator's own record")
    owner = registry.by_name(m.owner) if m.owner else None
    if owner is not None:
        v = from_entry(owner, registry)
        return Verdict(m.name, "document", v.cls, f"document of {v.name}; {v.basis}")
    if (
        _words(m.owner) & SECONDARY_TITLES
        or m.name.split()[-1].lower() in STUDY_NOUNS
        or analysis_firm(m.owner)
    ):
        return Verdict(m.name, "document", "secondary", "document: an analysis of others' acts")
    who = f" of {m.owner}" if m.owner else ""
    if m.owner in NATIONALITIES:
        who = f" of the {m.owner} government"
    return Verdict(m.name, "document", "primary", f"document{who}: the originator's own record")


def _evidence(
    m: Mention, described: tuple[Description, ...], registry: RegistryLike[E]
) -> Description | None:
    """What the article says the source is, if anything.

    The name or role itself first when it is a description ("the news organization", "Fact
    Checker", "university's student newspaper"). Then the first description that says
    something; an official's description wins over a vehicle ("in his book") or a cited work
    ("guidance from"), which come last in ``described``.
    """
    for own in (m.name, m.role or ""):
        said = describe_phrase(own, registry) if own else None
        if said is not None and (
            said.verdict == "news" or (said.verdict == "expert" and own[:1].islower())
        ):
            return said
    if not described:
        return None
    if any(d.verdict == "official" for d in described):
        return next(d for d in described if d.verdict in ("official", "expert", "news"))
    return described[0]


def _described(
    m: Mention, described: tuple[Description, ...], registry: RegistryLike[E]
) -> Verdict | None:
    """The class the article's own description of the source gives, quoting it. An outlet
    reporting is its registry entry's class (by its name or its owner's), else secondary:
    never primary."""
    d = _evidence(m, described, registry)
    if d is None:
        return None
    if d.verdict == "official":
        return Verdict(m.name, m.kind, "primary", f"described in the article: {d.phrase!r}")
    if d.verdict == "news":
        for name in (d.body, m.name, m.owner):
            entry = registry.by_name(name) if name else None
            if entry is not None:
                v = from_entry(entry, registry, m.name)
                return Verdict(m.name, m.kind, v.cls, f"a news outlet ({d.phrase!r}); {v.basis}")
    what = "a news outlet" if d.verdict == "news" else "an expert or analyst"
    return Verdict(m.name, m.kind, "secondary", f"described in the article as {what}: {d.phrase!r}")


def _speaker(
    m: Mention,
    role_words: set[str],
    registry: RegistryLike[E],
    described: tuple[Description, ...] = (),
) -> Verdict:
    """A person, group or body speaking: by the role the text gives it, else by what the
    article says it is elsewhere."""
    if m.kind == "anonymous":
        if role_words & COMMENTING_ANONYMOUS or specialist(m.role) or _VIEW_HOLDERS.match(m.name):
            return Verdict(m.name, "anonymous", "secondary", f"anonymous: unnamed {m.role}")
        return Verdict(m.name, "anonymous", "primary", f"anonymous: unnamed {m.role or 'source'}")
    role = f"role: {m.role or m.kind}"
    if m.owner and m.owner not in role:
        role += f" ({m.owner})"
    if role_words & (SECONDARY_TITLES | STUDYING) or m.kind in SECONDARY_KINDS:
        return Verdict(m.name, m.kind, "secondary", role)
    if role_words & OFFICIAL_TITLES and not role_words & SPEAKS_FOR and m.role:
        # "director of the Peterson Institute for International Economics": the head of an
        # analysis body analyses; its spokesperson still speaks for it
        body = describe_phrase(m.role, registry)
        if body is not None and body.verdict == "expert":
            return Verdict(m.name, m.kind, "secondary", f"{role}: an analysis body")
    if m.kind in PRIMARY_KINDS - {"organization"} or role_words & OFFICIAL_TITLES:
        return Verdict(m.name, m.kind, "primary", role)
    if m.kind in ("organization", "person") and analysis_firm(m.name):
        return Verdict(m.name, m.kind, "secondary", "an analysis firm, by its name")
    if m.kind in ("organization", "person", "outlet") and _unnamed_commentators(m):
        return Verdict(m.name, m.kind, "secondary", f"unnamed commentators: {m.name}")
    if m.kind in ("organization", "person", "outlet") and newspaper_name(m.name):
        return Verdict(m.name, "newspaper", "secondary", "a newspaper, by its name")
    by_text = _described(m, described, registry)
    if by_text is not None:
        return by_text
    if m.kind == "organization":
        return Verdict(m.name, m.kind, "primary", role)
    if m.kind == "person":
        return Verdict(
            m.name, "person", "primary", "named person in their own words; no analyst role given"
        )
    if m.kind == "state-media":
        return Verdict(m.name, m.kind, "state-media", "kind: state media")
    return Verdict(m.name, m.kind, "secondary", f"kind: {m.kind}")
