"""Claims and their sources: the classify stage's logic over the extractor's Attributions.

A claim's basis is the class of its attributed source (``Attribution.source``, what the claim
rests on); ``via`` is listed among the claim's sources but does not change the basis, since the
extractor already puts a state-media relayer as the source. No source: "unsourced".
"""

from __future__ import annotations

import re
from dataclasses import replace

from linkaudit.classify.profiles import Description, TextIndex, describe, published_in
from linkaudit.classify.roles import E, Verdict, classify_mention, from_entry, newspaper_name
from linkaudit.extract.cues import NATIONALITIES
from linkaudit.extract.protocols import RegistryLike
from linkaudit.model import Attribution, Basis, Claim, Document, Mention, Source, claim_id, link_id


class _Sources:
    """Sources deduplicated by registry id or name, numbered in order of first use."""

    def __init__(self) -> None:
        self.items: list[Source] = []
        # key -> position in ``items``: a search of the list per claim was quadratic in sources
        self._at: dict[str, int] = {}

    def add(self, m: Mention, v: Verdict, described: str | None = None) -> Source:
        key = v.registry_id or f"{v.kind}:{v.name.lower()}"
        at = self._at.get(key)
        if at is not None:
            known = self.items[at]
            if described and described not in (known.name, *known.aliases):
                self.items[at] = replace(known, aliases=(*known.aliases, described))
            return self.items[at]
        src = Source(
            id=f"s{len(self.items) + 1}",
            name=v.name,
            kind=v.kind,
            cls=v.cls,
            basis=v.basis,
            aliases=(*v.aliases, described) if described and described != v.name else v.aliases,
            country=v.country,
            registry_id=v.registry_id,
            role=m.role,
            anonymous=m.anonymous,
        )
        self._at[key] = len(self.items)
        self.items.append(src)
        return src


def _in_outlet(
    m: Mention, host: str, described: tuple[Description, ...], registry: RegistryLike[E]
) -> Verdict | None:
    """A piece with no named owner that appeared in an outlet ("a blog post for InfoAmazonia")
    is the outlet's: its registry class when it is a registered outlet or think tank, else
    secondary when the article describes it as a news outlet or an analysis body."""
    entry = registry.by_name(host)
    if entry is not None:
        v = from_entry(entry, registry)
        if v.kind not in ("government", "intergovernmental", "official"):
            return Verdict(m.name, "document", v.cls, f"published in {v.name}; {v.basis}")
        return None
    for d in described:
        if d.verdict in ("news", "expert"):
            return Verdict(
                m.name, "document", "secondary", f"published in {host}, described as {d.phrase!r}"
            )
    return None


_DEFINITE = ("the ", "The ")
# The capitalised words right before a short name: "San Francisco " before "Chronicle".
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w’'&.-]*\s+){1,4}$")


# "Paganini and his team reported": the team is its leader's, and takes the leader's class.
_LEADER_AND = re.compile(r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})\s+and\s+$")
_FOLLOWERS = re.compile(
    r"(?:his|her|their)\s+(?:team|colleagues|co-?authors|co-?workers|group|lab|researchers)",
    re.IGNORECASE,
)


def _leader(doc: Document, m: Mention) -> Mention | None:
    """The named person "X and his team" puts at the head of a team source."""
    if m.start < 0 or not _FOLLOWERS.fullmatch(m.name):
        return None
    lead = _LEADER_AND.search(doc.text, max(0, m.start - 60), m.start)
    if lead is None:
        return None
    return replace(m, name=lead.group("name"), kind="person", role=None, owner=None)


def _fuller_outlet(
    doc: Document, m: Mention, index: TextIndex, registry: RegistryLike[E]
) -> Mention | None:
    """The article's own fuller name of a one-word source that hits another registry entry:
    "The Chronicle says" after "The San Francisco Chronicle says" is the San Francisco paper,
    not Zimbabwe's The Chronicle. Taken only when the fuller name is a registered entry of its
    own or a newspaper's name, so "Reuters" stays Reuters after "Thomson Reuters"."""
    short = None if " " in m.name else registry.by_name(m.name)
    if short is None:
        return None
    for start in index.starts(m.name):
        run = _NAME_BEFORE.search(doc.text, max(0, start - 60), start)
        if run is None:
            continue
        words = run.group(0).split()
        while words and words[0] in ("The", "A", "An"):
            words.pop(0)
        if not words:
            continue
        fuller = " ".join((*words, m.name))
        entry = registry.by_name(fuller)
        if (entry is not None and entry is not short) or (entry is None and newspaper_name(fuller)):
            return replace(m, name=fuller, kind="outlet")
    return None


def _description(doc: Document, m: Mention) -> str | None:
    """The description a source was resolved from ("the Wisconsin Republican" for Paul Ryan,
    "the president" for Barack Obama), or a document's owner: kept among the source's
    aliases (issue 9)."""
    if m.kind == "document" and m.owner and m.owner != m.name and m.owner not in NATIONALITIES:
        return m.owner  # "the ministry's statement": the statement is the ministry's word
    if m.start < 0 or m.end <= m.start:
        return None
    text = doc.text[m.start : m.end].strip(" ,")
    if not text.startswith(_DEFINITE) or m.name in text:
        return None
    return text[4:] if len(text) > 4 else None


def classify(
    doc: Document, attributions: tuple[Attribution, ...], registry: RegistryLike[E]
) -> tuple[tuple[Source, ...], tuple[Claim, ...]]:
    """Sources (s1.. in order of first use) and claims (c1.. in document order)."""
    sources = _Sources()
    claims: list[Claim] = []
    said: dict[str, list[str]] = {}  # each speaker's claim sentences, for their vehicles
    for att in attributions:
        for who in (att.source, *att.also):
            if who is not None:
                said.setdefault(who.name, []).append(att.sentence.text)
    profiles: dict[str, tuple[Description, ...]] = {}
    index = TextIndex(doc.text)  # one pass over the text for every name described

    def verdict(m: Mention) -> Verdict:
        if m.kind == "document" and not m.owner:
            host = published_in(doc.text, m.end)
            if host is not None:
                v = _in_outlet(m, host, describe(doc.text, host, (), registry, index), registry)
                if v is not None:
                    return v
        fuller = _fuller_outlet(doc, m, index, registry)
        if fuller is not None:
            return verdict(fuller)
        leader = _leader(doc, m)
        if leader is not None:
            v = verdict(leader)
            return replace(v, name=m.name, kind=m.kind, basis=f"{leader.name}'s team; {v.basis}")
        if m.kind in ("person", "organization") and m.name not in profiles:
            profiles[m.name] = describe(doc.text, m.name, said.get(m.name, ()), registry, index)
        return classify_mention(m, registry, profiles.get(m.name, ()))

    for i, att in enumerate(attributions):
        ids: list[str] = []
        basis: Basis = "unsourced"
        if att.source is not None:
            main = sources.add(att.source, verdict(att.source), _description(doc, att.source))
            ids.append(main.id)
            basis = main.cls
        for co in att.also:  # "X and Y said": every co-source, after the first
            other = sources.add(co, verdict(co))
            if other.id not in ids:
                ids.append(other.id)
        if att.via is not None:
            via = sources.add(att.via, verdict(att.via))
            if via.id not in ids:
                ids.append(via.id)
        claims.append(
            Claim(
                id=claim_id(i),
                text=att.sentence.text,
                start=att.sentence.start,
                end=att.sentence.end,
                line=doc.line_at(att.sentence.start),
                sources=tuple(ids),
                cue=att.cue,
                cue_kind=att.cue_kind,
                quote=att.quote,
                basis=basis,
                via=att.via.name if att.via is not None else None,
                audience=att.audience,
                links=tuple(link_id(j) for j in att.links),
            )
        )
    return tuple(sources.items), tuple(claims)
