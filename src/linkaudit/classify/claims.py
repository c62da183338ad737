"""Claims and their sources: the classify stage's logic over the extractor's Attributions.

A claim's basis is the class of its attributed source (``Attribution.source``, what the claim
rests on); ``via`` is listed among the claim's sources but does not change the basis, since the
extractor already puts a state-media relayer as the source. No source: "unsourced".
"""

from __future__ import annotations

from linkaudit.classify.roles import E, Verdict, classify_mention
from linkaudit.extract.protocols import RegistryLike
from linkaudit.model import Attribution, Basis, Claim, Document, Mention, Source, claim_id, link_id


class _Sources:
    """Sources deduplicated by registry id or name, numbered in order of first use."""

    def __init__(self) -> None:
        self.items: list[Source] = []
        self._ids: dict[str, str] = {}

    def add(self, m: Mention, v: Verdict) -> Source:
        key = v.registry_id or f"{v.kind}:{v.name.lower()}"
        if key in self._ids:
            sid = self._ids[key]
            return next(s for s in self.items if s.id == sid)
        src = Source(
            id=f"s{len(self.items) + 1}",
            name=v.name,
            kind=v.kind,
            cls=v.cls,
            basis=v.basis,
            aliases=v.aliases,
            country=v.country,
            registry_id=v.registry_id,
            role=m.role,
            anonymous=m.anonymous,
        )
        self._ids[key] = src.id
        self.items.append(src)
        return src


def classify(
    doc: Document, attributions: tuple[Attribution, ...], registry: RegistryLike[E]
) -> tuple[tuple[Source, ...], tuple[Claim, ...]]:
    """Sources (s1.. in order of first use) and claims (c1.. in document order)."""
    sources = _Sources()
    claims: list[Claim] = []
    for i, att in enumerate(attributions):
        ids: list[str] = []
        basis: Basis = "unsourced"
        if att.source is not None:
            main = sources.add(att.source, classify_mention(att.source, registry))
            ids.append(main.id)
            basis = main.cls
        for co in att.also:  # "X and Y said": every co-source, after the first
            other = sources.add(co, classify_mention(co, registry))
            if other.id not in ids:
                ids.append(other.id)
        if att.via is not None:
            via = sources.add(att.via, classify_mention(att.via, registry))
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
