"""A second opinion on where the article is: trafilatura's extraction, mapped onto our blocks.

trafilatura decides main content better than our own finder on unseen layouts (bench/extraction.py
measures both), but it returns text without offsets, links or chrome. So it only votes: its text
is aligned, in document order, with the blocks our walker drafted, and a block is body when
trafilatura kept it. Offsets, links and the chrome blocks stay ours. lxml ships no type stubs,
hence ``Any``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from linkaudit.load.assemble import BlockDraft

_TOKEN = re.compile(r"\w+")
_WORD = _TOKEN  # words as the benchmark counts them
_SHINGLE = 4
_KEEP = 0.5  # share of a block's shingles trafilatura must have kept for it to be body
_SLACK = 40  # characters a short block may sit after where the last matched block ended
_MIN_VOTE_TOKENS = 30  # an extraction shorter than this is no opinion
_FRAGMENT = 5  # how many times longer than trafilatura's disjoint pick our body must be
# a caption that carries an image credit is the credit's furniture, not the article's
_CREDIT = re.compile(
    r"\b(?:photo(?:graph)?s?|image|picture|credit|illustration|video)\s*(?::|by\b)|©|"
    r"\((?:AP|AFP|Reuters|Getty|EPA)\b|\b(?:Getty Images|Shutterstock|AP Photo|AFP via)\b",
    re.IGNORECASE,
)
_ENDS = (".", "!", "?", '"', "”", "’", "'", ":")


def trafilatura_text(root: Any) -> str | None:
    """trafilatura's main text of the page parsed as ``root`` (lxml.html elements), None when
    it has none. It prunes the tree: hand it a tree nothing reads afterwards.

    fast mode (no readability/jusText comparison) and no comments: on aeb-dev it is both the
    faster and the more precise setting, and comments are never an article's body here.
    """
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a declared dependency; degrade to our finder
        return None
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        text = trafilatura.extract(
            root,
            fast=True,
            include_comments=False,
            include_images=False,
            with_metadata=False,
            deduplicate=False,
            output_format="txt",
        )
    except Exception:
        return None
    if not text or len(_TOKEN.findall(text)) < _MIN_VOTE_TOKENS:
        return None
    return str(text)


def _shingles(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    # zip of shifted slices: the shingles of a whole extraction in C, not a tuple per index
    return list(zip(*(tokens[k:] for k in range(_SHINGLE)), strict=False))


def vote(drafts: list[BlockDraft], text: str) -> list[bool]:
    """For each draft, whether trafilatura's ``text`` holds it (aligned in document order)."""
    tokens = _TOKEN.findall(text)
    joined = " " + " ".join(tokens) + " "
    kept = set(_shingles(tokens))
    pos = 0
    votes: list[bool] = []
    for draft in drafts:
        own = _TOKEN.findall(draft.text)
        if not own:
            votes.append(False)
            continue
        needle = " " + " ".join(own) + " "
        at = joined.find(needle, pos)
        if len(own) < _SHINGLE:
            # a short block ("Advertisement", a name) is body only where the extraction goes on
            # from the last block it kept: the same words elsewhere in the text say nothing
            hit = at >= 0 and at - pos <= _SLACK
        elif at >= 0:
            hit = True
        else:
            shingles = _shingles(own)
            hit = sum(1 for s in shingles if s in kept) >= _KEEP * len(shingles)
        if hit and at >= 0:
            pos = at + len(needle) - 1
        votes.append(hit)
    return votes


def take_vote(drafts: list[BlockDraft], second: str) -> None:
    """Body is what trafilatura kept between the first and last block both readers call body;
    outside that span both must agree (its "top stories", our sidebars). When they share no
    block, its choice stands: on aeb-dev it is then right more often than ours.
    Our first body heading above that span stays body: it is the document's title, which
    trafilatura leaves to its metadata; so does the standfirst under it. Captions stay ours
    unless they carry a credit, and so do the chunks of a cut-up body it did not read."""
    votes = vote(drafts, second)
    both = [
        i
        for i, (d, kept) in enumerate(zip(drafts, votes, strict=True))
        if kept and d.role == "body" and d.kind != "heading"
    ]
    if not both:
        # disjoint picks: trafilatura's stands, unless it is a fragment of a long body of ours
        # (a newsletter's greeting over its stories)
        ours = sum(len(_WORD.findall(d.text)) for d in drafts if d.role == "body")
        if len(_WORD.findall(second)) * _FRAGMENT < ours:
            return
    first, last = (both[0], both[-1]) if both else (0, len(drafts))
    title = next(
        (i for i, d in enumerate(drafts[: first + 1]) if d.kind == "heading" and d.role == "body"),
        -1,
    )
    # a chunk of a body cut up around ads (html_main._chunks) that trafilatura did not read at
    # all: it gave no opinion on it, and the publisher's markup says it is the article, all
    # but the teaser lists set inside it ("More Great Stories": list items holding links)
    read = {f for d, k in zip(drafts, votes, strict=True) if k for f in d.flags}
    for i, (draft, kept) in enumerate(zip(drafts, votes, strict=True)):
        if any(f.startswith("chunk") and f not in read for f in draft.flags):
            if draft.kind == "li" and draft.links:
                draft.role = "chrome"
            continue
        if i == title or "standfirst" in draft.flags or (i < first and draft.kind == "heading"):
            continue  # headings above the article: _tidy_body tells kickers from the title
        if draft.kind == "caption" and not _CREDIT.search(draft.text):
            continue
        if first <= i <= last:
            draft.role = "body" if kept else "chrome"
        else:
            draft.role = "body" if kept and draft.role == "body" else "chrome"


def _shingle_set(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def pull_quotes(drafts: list[BlockDraft]) -> None:
    """A blockquote that repeats the story's own words is a pull quote: furniture, and so is
    the short attribution line set under it."""
    body = [d for d in drafts if d.role == "body"]
    quotes = [d for d in body if d.kind == "quote"]
    if not quotes:
        return
    seen: dict[tuple[str, ...], int] = {}
    for d in body:
        if d.kind != "quote":
            for s in _shingle_set(d.text):
                seen[s] = seen.get(s, 0) + 1
    after_pull = False
    for d in body:
        if d.kind != "quote":
            after_pull = False
            continue
        own = _shingle_set(d.text)
        if own and sum(1 for s in own if s in seen) >= 0.6 * len(own):
            d.role, after_pull = "chrome", True
        elif after_pull and len(d.text.split()) <= 8 and not d.text.rstrip().endswith(_ENDS):
            d.role = "chrome"
        else:
            after_pull = False
