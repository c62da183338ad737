"""Title, author, publisher and date of a plain-text/Markdown article.

Front matter wins; otherwise the header zone's heading, byline and dateline
("Global Research, January 24, 2024") speak for the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linkaudit.load.assemble import BlockDraft, split_authors
from linkaudit.load.chrome import BYLINE, is_clean_prose
from linkaudit.load.dates import DATE_PATTERN, parse_date
from linkaudit.load.text import FrontMatter

_ARTICLES_BY = re.compile(r"^\W{0,3}(?:articles?|posts?|more) by\s*:?\s*(\S.{0,80})$", re.I)
_NAME = re.compile(r"^[A-Z0-9][\w.&'’\- ]{0,60}$")


@dataclass(frozen=True, slots=True)
class TextMeta:
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    canonical_url: str | None = None
    authors: tuple[str, ...] = ()
    lang: str | None = None  # plain text and Markdown declare no language


def _clean_name(value: str) -> str | None:
    value = re.split(r"\s*[,|•·]\s*|\s+[–—-]\s+", value.strip())[0].strip(" .*_")
    if not value or len(value.split()) > 6 or DATE_PATTERN.search(value):
        return None
    return value


def _one(front: FrontMatter, *keys: str) -> str | None:
    """The first of ``keys`` that front matter holds, a list read as its first item."""
    for key in keys:
        value = front.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            return value
    return None


def text_meta(drafts: list[BlockDraft], front: FrontMatter) -> TextMeta:
    """Metadata from front matter, else from the blocks before the first prose paragraph."""
    title = _one(front, "title")
    listed = front.get("author") or front.get("authors")
    authors = tuple(listed) if isinstance(listed, list) else ()
    author = ", ".join(authors) if authors else _one(front, "author", "authors")
    publisher = _one(front, "publisher", "site", "site_name")
    date = parse_date(_one(front, "date", "published"))
    canonical = _one(front, "canonical_url", "canonical", "url")
    header: list[BlockDraft] = []
    for draft in drafts:
        if is_clean_prose(draft):
            break
        header.append(draft)
    for draft in header:
        text = draft.text
        if title is None and draft.kind == "heading":
            title = text
            continue
        m = BYLINE.match(text)
        if author is None and m is not None and len(text.split()) <= 12:
            author = _clean_name(m.group(1))
            continue
        found = DATE_PATTERN.search(text)
        if date is None and found is not None and len(text.split()) <= 12:
            date = parse_date(found.group(0))
            before = text[: found.start()].strip(" ,|–—-")
            if publisher is None and before and _NAME.match(before):
                publisher = _clean_name(before)
    if author is None:
        for draft in drafts:
            m = _ARTICLES_BY.match(draft.text)
            if m is not None:
                author = _clean_name(m.group(1))
                break
    return TextMeta(title, author, publisher, date, canonical, authors or split_authors(author))
