"""Links and paragraphs torn apart by a bad conversion, and how to put them back together.

A converter that turns a line-wrapped HTML paragraph into Markdown sometimes ends a paragraph in
the middle of a sentence: ``[announced that unification with](#)`` / blank line /
``[South Korea is no longer possible](#).`` or ``... It`` / blank line / ``undoubtedly does.``
Both halves belong to one sentence, and a torn link is one citation.
"""

from __future__ import annotations

from linkaudit.model import Block, Document

# A block ending in one of these (possibly followed by closing quotes or emphasis marks)
# finished its sentence; anything else may have been cut by the conversion.
_TERMINAL = ".!?…:;"
_CLOSERS = "\"”’'»)]*_ \t\n"


def block_index(doc: Document, offset: int) -> int | None:
    """Index in ``doc.blocks`` of the block containing ``offset``."""
    return doc.block_index(offset)


def _last_kept(text: str, start: int, end: int) -> int:
    """Offset of the last character of ``text[start:end]`` not in _CLOSERS (``start - 1``: none).
    Read from the end, without copying the block: a block can be a whole 20 MB document."""
    i = end - 1
    while i >= start and text[i] in _CLOSERS:
        i -= 1
    return i


def ends_open(doc: Document, block: Block) -> bool:
    """True when the block's text stops without ending its sentence."""
    i = _last_kept(doc.text, block.start, block.end)
    return i >= block.start and doc.text[i] not in _TERMINAL


def first_char(doc: Document, block: Block) -> int:
    """Offset of the first non-blank, non-emphasis character of the block (or its end)."""
    i = block.start
    while i < block.end and doc.text[i] in " \t\n*_":
        i += 1
    return i


def _mergeable(a: Block, b: Block) -> bool:
    # Only prose paragraphs are torn by a bad conversion; list items, headings and captions
    # are separate by nature (a 10,000-item link list is not one sentence).
    return a.role == b.role == "body" and a.kind == b.kind and a.kind in ("p", "quote")


def find_continuations(doc: Document) -> dict[int, int]:
    """Link index -> index of the link it continues, for links split across two blocks.

    A link continues another when the other ends its block with no terminal punctuation and this
    one opens the next block.
    """
    result: dict[int, int] = {}
    starts: dict[int, int] = {}
    for j, link in enumerate(doc.links):
        starts.setdefault(link.start, j)
    for i, link in enumerate(doc.links):
        bi = block_index(doc, link.start)
        if bi is None or bi + 1 >= len(doc.blocks):
            continue
        block, nxt = doc.blocks[bi], doc.blocks[bi + 1]
        if not _mergeable(block, nxt) or link.role != "body":
            continue
        # only closers after the link, up to the block's end (no copy of the rest of the block:
        # that was quadratic in a long block with many links)
        tail = _last_kept(doc.text, link.end, block.end) >= link.end
        if tail or not ends_open(doc, block):
            continue
        nxt_link = starts.get(first_char(doc, nxt))
        if nxt_link is not None and nxt_link != i and doc.links[nxt_link].role == "body":
            result[nxt_link] = i
    return result


def joined_blocks(doc: Document) -> list[list[int]]:
    """Body blocks grouped into runs that form one text: a torn sentence or a torn link."""
    continued = find_continuations(doc)
    torn_link_blocks: set[int] = set()
    for j in continued:
        bj = block_index(doc, doc.links[j].start)
        if bj is not None:
            torn_link_blocks.add(bj)
    groups: list[list[int]] = []
    for i, block in enumerate(doc.blocks):
        if block.role != "body":
            continue
        if groups and groups[-1][-1] == i - 1:
            prev = doc.blocks[i - 1]
            start = first_char(doc, block)
            lower = start < block.end and doc.text[start].islower()
            if _mergeable(prev, block) and (
                i in torn_link_blocks or (lower and ends_open(doc, prev))
            ):
                groups[-1].append(i)
                continue
        groups.append([i])
    return groups
