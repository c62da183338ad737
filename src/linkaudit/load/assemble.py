"""Drafts -> Document parts: join blocks with exactly "\\n\\n" and shift every offset.

Both readers produce ``BlockDraft``s whose offsets are relative to the draft's own text, so the
body/chrome decision can be made after drafting without recomputing spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, Protocol

from linkaudit.model import Block, DocFormat, Document, RawLink, Role

LinkKind = Literal["markdown", "html", "bare"]


@dataclass(slots=True)
class DraftLink:
    start: int
    end: int
    href: str
    kind: LinkKind


@dataclass(slots=True)
class BlockDraft:
    """One block under construction; ``lines`` holds (offset in ``text``, 1-based input line)."""

    text: str
    kind: str = "p"
    role: Role = "body"
    links: list[DraftLink] = field(default_factory=list)
    lines: list[tuple[int, int]] = field(default_factory=list)
    # reader-specific hints for the body/chrome pass (e.g. "hr-before", "strong-only")
    flags: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Assembled:
    text: str
    blocks: tuple[Block, ...]
    links: tuple[RawLink, ...]
    line_map: tuple[tuple[int, int], ...]


def assemble(drafts: list[BlockDraft]) -> Assembled:
    """Concatenate non-empty drafts; line_map entries are sorted with unique offsets."""
    parts: list[str] = []
    blocks: list[Block] = []
    links: list[RawLink] = []
    line_map: list[tuple[int, int]] = []
    pos = 0
    for draft in drafts:
        if not draft.text:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        parts.append(draft.text)
        blocks.append(Block(pos, pos + len(draft.text), draft.role, draft.kind))
        for link in draft.links:
            links.append(
                RawLink(
                    anchor=draft.text[link.start : link.end],
                    href=link.href,
                    start=pos + link.start,
                    end=pos + link.end,
                    role=draft.role,
                    kind=link.kind,
                )
            )
        for offset, line in draft.lines:
            entry = (pos + offset, line)
            if line_map and line_map[-1][0] == entry[0]:
                line_map[-1] = entry
            elif not line_map or line_map[-1][0] < entry[0]:
                line_map.append(entry)
        pos += len(draft.text)
    if not line_map or line_map[0][0] != 0:
        line_map.insert(0, (0, line_map[0][1] if line_map else 1))
    return Assembled("".join(parts), tuple(blocks), tuple(links), tuple(line_map))


class PageMeta(Protocol):
    """What the text and HTML metadata readers both find about a page."""

    @property
    def title(self) -> str | None: ...
    @property
    def publisher(self) -> str | None: ...
    @property
    def author(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def canonical_url(self) -> str | None: ...
    @property
    def authors(self) -> tuple[str, ...]: ...
    @property
    def lang(self) -> str | None: ...


_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


def split_authors(author: str | None) -> tuple[str, ...]:
    """ "A. B., C. D. and E. F." as its names; one name when a piece is no name ("Jr.")."""
    if not author:
        return ()
    parts = [p for p in _AUTHOR_SPLIT.split(author) if p]
    if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts):
        return tuple(parts)
    return (author,)


def make_document(
    path: str,
    fmt: DocFormat,
    sha256: str,
    parts: Assembled,
    meta: PageMeta,
    encoding: str,
    notes: tuple[str, ...] = (),
) -> Document:
    """The Document of assembled parts and page metadata."""
    return Document(
        path=path,
        format=fmt,
        text=parts.text,
        sha256=sha256,
        blocks=parts.blocks,
        links=parts.links,
        line_map=parts.line_map,
        title=meta.title,
        publisher=meta.publisher,
        author=meta.author,
        date=meta.date,
        canonical_url=meta.canonical_url,
        authors=meta.authors,
        encoding=encoding,
        notes=notes,
        lang=meta.lang,
    )
