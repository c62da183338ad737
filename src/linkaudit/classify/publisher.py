"""The publisher of an article, and a repost's original publisher, as registry entries.

An article published by RT or Sputnik rests on state media as a whole, whatever its claims
cite; a repost ("The original source of this article is Indian Punchline") is classified by the
original (DESIGN.md: a mirror or republisher is classified by the original).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from linkaudit.classify.registry import Registry, RegistryEntry
from linkaudit.model import Document, PublisherRef

# Repost notes, as republishers write them; the name runs to the end of the sentence or link.
_ORIGINAL = re.compile(
    r"(?:[Tt]he\s+original\s+source\s+of\s+this\s+(?:article|story|post)\s+is"
    r"|[Tt]his\s+(?:article|story|post)\s+(?:was\s+)?(?:first|originally)\s+"
    r"(?:appeared|published|ran)\s+(?:in|on|at|by)"
    r"|[Oo]riginally\s+published\s+(?:in|on|at|by))\s+"
    r"(?P<name>[^\n.;]{2,80}?)(?=\s*(?:[.;\n]|$))"
)


def _ref(entry: RegistryEntry, basis: str, url: str | None = None) -> PublisherRef:
    return PublisherRef(entry.name, entry.cls, entry.kind, entry.id, f"{basis}; {entry.basis}", url)


def _entry_named(registry: Registry, name: str) -> RegistryEntry | None:
    """The entry a name is, or the first registry name it contains ("Global Research.ca")."""
    entry = registry.by_name(name)
    if entry is None:
        found = registry.find_names(name)
        entry = found[0].entry if found else None
    return entry


def publisher_of(doc: Document, registry: Registry) -> PublisherRef | None:
    """The registry entry of the site the document was published on: by its own URL, else by
    the publisher name its metadata gives."""
    if doc.canonical_url:
        entry = registry.by_url(doc.canonical_url)
        if entry is not None:
            return _ref(entry, f"registry: site of {doc.canonical_url}")
    if doc.publisher:
        entry = _entry_named(registry, doc.publisher)
        if entry is not None:
            return _ref(entry, f"registry: publisher named {doc.publisher!r}")
        return PublisherRef(
            doc.publisher, None, basis="publisher named by the page; not in the registry"
        )
    return None


def original_of(doc: Document, registry: Registry) -> PublisherRef | None:
    """A repost's original publisher, from the note that names it (and its link, if any)."""
    for m in _ORIGINAL.finditer(doc.text):
        name = m.group("name").strip(" \"'“”‘’*_")
        if not name:
            continue
        url = None
        for link in doc.links:
            if m.start("name") <= link.start < m.end("name") + 1 and link.href.startswith("http"):
                url = urljoin(doc.canonical_url or "", link.href)
        entry = registry.by_url(url) if url else None
        if entry is None:
            entry = _entry_named(registry, name)
        if entry is not None:
            return _ref(entry, f"repost note: {m.group(0).strip()!r}", url)
        return PublisherRef(name, None, None, None, "repost note; not in the registry", url)
    return None
