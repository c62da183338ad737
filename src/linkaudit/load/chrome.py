"""Body vs page chrome for plain-text/Markdown articles (reposts keep the site's furniture).

Zones, not strings: chrome lives before the first real prose paragraph and after the last one;
there, link-only lines, bylines, datelines and label lines ("Region:", "Copyright", ...) are
chrome. A document with no prose at all (a link list) is all body.
"""

from __future__ import annotations

import re

from linkaudit.load.assemble import BlockDraft
from linkaudit.load.dates import DATE_PATTERN

# phrases that are furniture wherever they open a block
_STRONG_LABEL = re.compile(
    r"^\W{0,3}(?:articles? by|filed under|copyright|©|\(c\)|all rights reserved|disclaimer|"
    r"in-depth report|the original source of this article is|originally published|"
    r"comment on\b.{0,80}\b(?:facebook|twitter|x)\b|become a (?:member|patron|subscriber)|"
    r"leave a (?:comment|reply)|about the author)\b",
    re.IGNORECASE,
)
# words that open furniture only as a label ("Tags:"), a short line or a line of links
_WEAK_LABEL = re.compile(
    r"^\W{0,3}(?:regions?|tags?|topics?|categor(?:y|ies)|keywords|more (?:articles |stories )?"
    r"(?:by|from)|related(?: articles| posts| stories| content)?|read more|see also|recommended|"
    r"trending|most read|popular|share(?: this(?: article| story)?)?|subscribe|sign up|newsletter|"
    r"follow us|support (?:us|our)|donate|advertisement|print this|email this|featured image|"
    r"image credit|photo credit)\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"copyright|fair use|all rights reserved|terms of (?:use|service)|privacy policy|"
    r"permission to (?:re)?(?:post|print|publish)|cross-post",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^\W{0,3}by\s+(\S.{0,80})$", re.IGNORECASE | re.DOTALL)
_SEPARATORS = re.compile(r"[\s,;:|/·•–—\-()\[\]&.]+")
_MIN_PROSE_WORDS = 15


def link_only(draft: BlockDraft) -> bool:
    """The block's text is nothing but link anchors (and separators)."""
    if not draft.links:
        return False
    rest: list[str] = []
    pos = 0
    for link in draft.links:
        rest.append(draft.text[pos : link.start])
        pos = max(pos, link.end)
    rest.append(draft.text[pos:])
    remainder = _SEPARATORS.sub("", "".join(rest))
    return not remainder or remainder.lower() in ("and", "or")


def _link_chars(draft: BlockDraft) -> int:
    return sum(link.end - link.start for link in draft.links)


def is_label(draft: BlockDraft) -> bool:
    """A label line: "Tags: ...", "Copyright ...", "Share this", a disclaimer."""
    text = draft.text
    if _STRONG_LABEL.match(text):
        return len(text.split()) <= 40 or text.lower().lstrip("*").startswith("disclaimer")
    m = _WEAK_LABEL.match(text)
    if m is None:
        return False
    rest = text[m.end() :].lstrip()
    return (
        rest.startswith(":")
        or (len(text.split()) <= 6 and not text.rstrip().endswith((".", "!", "?", "”", '"')))
        or (bool(draft.links) and _link_chars(draft) * 2 >= len(text))
    )


def is_byline(draft: BlockDraft) -> bool:
    return BYLINE.match(draft.text) is not None and len(draft.text.split()) <= 12


def is_dateline(draft: BlockDraft) -> bool:
    return len(draft.text.split()) <= 12 and DATE_PATTERN.search(draft.text) is not None


def is_clean_prose(draft: BlockDraft) -> bool:
    """A real paragraph of the article: long, mostly not links, not furniture."""
    if draft.kind not in ("p", "quote", "li"):
        return False
    text = draft.text
    if len(text.split()) < _MIN_PROSE_WORDS or _link_chars(draft) * 2 > len(text):
        return False
    if is_label(draft) or _BOILERPLATE.search(text):
        return False
    # boilerplate often opens with the site's own link ("www.example.org contains ...")
    return not (draft.links and draft.links[0].start == 0)


def _header_chrome(draft: BlockDraft) -> bool:
    if draft.kind == "heading":
        return link_only(draft)
    if link_only(draft) or is_label(draft) or is_byline(draft) or is_dateline(draft):
        return True
    return bool(draft.links) and len(draft.text.split()) < 8


def mark_chrome(drafts: list[BlockDraft]) -> None:
    """Set ``role`` on every draft in place."""
    prose = [i for i, d in enumerate(drafts) if is_clean_prose(d)]
    if not prose:
        return  # no prose: a link list or a fragment is all body
    first, last = prose[0], prose[-1]
    for i in range(first):
        if _header_chrome(drafts[i]):
            drafts[i].role = "chrome"
    cut = len(drafts)
    for i in range(last + 1, len(drafts)):
        d = drafts[i]
        if is_label(d) or "hr-before" in d.flags or link_only(d):
            cut = i
            break
    for i in range(cut, len(drafts)):
        drafts[i].role = "chrome"
    for i in range(first, cut):
        if is_label(drafts[i]) and drafts[i].kind != "heading" and len(drafts[i].text) < 300:
            drafts[i].role = "chrome"
