"""Test helpers for the extract and classify stages: hand-built Documents and a static registry.

Shipped in the package (like ``httpx.MockTransport``) so that every stage's tests, and library
users' tests, can build the exact input they need without the loaders or the real registry.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from linkaudit.model import Block, Document, RawLink, Role

_MD_LINK = re.compile(r"\[(?P<anchor>[^\]]*)\]\((?P<href>[^)]*)\)")


def build_document(*paragraphs: str | tuple[str, Role, str], path: str = "test.md") -> Document:
    """A Document from paragraphs joined by blank lines; ``[anchor](href)`` becomes a link.

    A paragraph may be ``(text, role, kind)`` to mark page chrome or a heading.
    """
    text = ""
    blocks: list[Block] = []
    links: list[RawLink] = []
    for para in paragraphs:
        role: Role = "body"
        kind = "p"
        if isinstance(para, str):
            body = para
        else:
            body, role, kind = para
        if text:
            text += "\n\n"
        start = len(text)
        pos = 0
        for m in _MD_LINK.finditer(body):
            text += body[pos : m.start()]
            a = len(text)
            text += m.group("anchor")
            links.append(RawLink(m.group("anchor"), m.group("href"), a, len(text), role))
            pos = m.end()
        text += body[pos:]
        blocks.append(Block(start, len(text), role, kind))
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(path, "markdown", text, digest, tuple(blocks), tuple(links))


@dataclass(frozen=True, slots=True)
class StaticEntry:
    """A registry entry with the fields of ``classify.registry.RegistryEntry``."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    kind: str = "newspaper"
    cls: str = "secondary"
    country: str | None = None
    basis: str = "test entry"
    state_affiliation: str | None = None
    mirrors: str | None = None  # id of the original when this site republishes another's
    unsure: bool = False


@dataclass(frozen=True, slots=True)
class StaticMatch:
    entry: StaticEntry
    start: int
    end: int
    surface: str


@dataclass
class StaticRegistry:
    """A registry over a fixed list of entries, matching names and aliases as whole words."""

    entries: list[StaticEntry] = field(default_factory=list)

    def find_names(self, text: str) -> list[StaticMatch]:
        found: list[StaticMatch] = []
        for e in self.entries:
            for n in (e.name, *e.aliases):
                for hit in re.finditer(r"\b" + re.escape(n) + r"(?:['’]s)?(?!\w)", text):
                    found.append(StaticMatch(e, hit.start(), hit.end(), hit.group(0)))
        found.sort(key=lambda f: (f.start, -f.end))
        out: list[StaticMatch] = []
        for f in found:
            if not out or f.start >= out[-1].end:
                out.append(f)
        return out

    def by_name(self, name: str) -> StaticEntry | None:
        low = name.lower()
        return next(
            (e for e in self.entries if low in (e.name.lower(), *(a.lower() for a in e.aliases))),
            None,
        )

    def by_url(self, url: str) -> StaticEntry | None:
        host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].split(":")[0]
        for e in self.entries:
            if any(host == d or host.endswith("." + d) for d in e.domains):
                return e
        return None

    def original(self, entry: StaticEntry) -> StaticEntry:
        if entry.mirrors is None:
            return entry
        return next((e for e in self.entries if e.id == entry.mirrors), entry)


def news_registry() -> StaticRegistry:
    """A small registry with the outlets and bodies the tests and the fixture article name."""
    return StaticRegistry(
        [
            StaticEntry(
                "kcna",
                "Korean Central News Agency",
                ("KCNA",),
                ("kcna.kp",),
                "state-media",
                "state-media",
                "KP",
                "MJRC State Media Monitor: SC",
            ),
            StaticEntry(
                "tass",
                "TASS",
                ("Tass",),
                ("tass.com", "tass.ru"),
                "state-media",
                "state-media",
                "RU",
            ),
            StaticEntry("reuters", "Reuters", (), ("reuters.com",), "wire", "secondary", "GB"),
            StaticEntry(
                "afp", "Agence France-Presse", ("AFP",), ("afp.com",), "wire", "secondary", "FR"
            ),
            StaticEntry(
                "csis",
                "Center for Strategic and International Studies",
                ("CSIS",),
                ("csis.org",),
                "think-tank",
                "secondary",
                "US",
            ),
            StaticEntry("kremlin", "Kremlin", (), ("kremlin.ru",), "government", "primary", "RU"),
            StaticEntry(
                "tass-mirror",
                "TASS Mirror",
                (),
                ("tassmirror.example",),
                "website",
                "secondary",
                "RU",
                mirrors="tass",
            ),
        ]
    )
