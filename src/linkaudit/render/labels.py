"""Wording shared by the human-readable formats, so text, Markdown and HTML say the same."""

from __future__ import annotations

from linkaudit.model import Claim, Source


def sources_label(claim: Claim, sources: dict[str, Source], *, with_class: bool = True) -> str:
    """ "Dmitry Peskov (primary) via TASS (state-media)"; "" for an unsourced claim.

    Classification lists a relaying outlet among the claim's sources too; naming it once,
    after "via", shows who said it and who carried it.
    """

    def name(sid: str) -> str:
        s = sources.get(sid)
        if s is None:
            return sid
        return f"{s.name} ({s.cls})" if with_class else s.name

    relay = [sid for sid in claim.sources if claim.via and sid in sources]
    relay = [sid for sid in relay if sources[sid].name == claim.via]
    said = "; ".join(name(sid) for sid in claim.sources if sid not in relay)
    if claim.via:
        via = name(relay[0]) if relay else claim.via
        return f"{said} via {via}" if said else f"via {via}"
    return said
