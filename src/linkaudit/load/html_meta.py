"""Page metadata: JSON-LD NewsArticle, og:/article: meta, rel=canonical, <time>, <title>.

Read before scripts are dropped from the tree. lxml ships no type stubs, hence ``Any``.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

from linkaudit.load.assemble import split_authors
from linkaudit.load.dates import parse_date
from linkaudit.load.html_main import text_of

_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "scholarlyarticle",
    "liveblogposting",
    "report",
}


@dataclass(frozen=True, slots=True)
class HtmlMeta:
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    canonical_url: str | None = None
    authors: tuple[str, ...] = ()
    lang: str | None = None  # the language the page declares (<html lang>), as written


_NO_AUTHOR = {"no author", "staff", "admin", "unknown", "none"}
_TITLE_SUFFIX = re.compile(r"\s+(?:\||-|–|—|::)\s+[^|\-–—]{1,40}$")


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    # some CMSs escape entities twice, so the parsed value still holds "&#8216;"
    text = " ".join(html.unescape(value).split()) if "&" in value else " ".join(value.split())
    return text or None


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.lower() for v in values if isinstance(v, str)}


def _walk_ld(node: object, found: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node[:200]:
            _walk_ld(item, found, depth + 1)
    elif isinstance(node, dict):
        if _types(node) & _ARTICLE_TYPES:
            found.append(node)
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in node:
                _walk_ld(node[key], found, depth + 1)


def _name_list(value: object) -> list[str]:
    """The names of a JSON-LD person/organization or list of them."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:10]:
        name = _clean(item.get("name")) if isinstance(item, dict) else _clean(item)
        if name and not name.startswith("http") and name not in names:
            names.append(name)
    return names


def _names(value: object) -> str | None:
    """A JSON-LD person/organization (or list of them) as "A, B"."""
    return ", ".join(_name_list(value)) or None


def _json_ld(root: Any) -> dict[str, Any]:
    found: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            _walk_ld(json.loads(script.text or "", strict=False), found)
        except (ValueError, RecursionError):
            continue
    return found[0] if found else {}


def _metas(root: Any) -> dict[str, str]:
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = _clean(meta.get("content"))
        if key and content:
            metas.setdefault(key.strip().lower(), content)
    return metas


def _first_text(root: Any, tag: str) -> str | None:
    for el in root.iter(tag):
        text = _clean(text_of(el))
        if text:
            return text
    return None


def _page_title(root: Any) -> str | None:
    """<title> without its " | Site" suffix."""
    title = _first_text(root, "title")
    if title is None:
        return None
    return _TITLE_SUFFIX.sub("", title) or title


def _title_suffix(root: Any) -> str | None:
    """ "The Tribune" of "<title>Two more gunned down | The Tribune</title>"."""
    title = _first_text(root, "title")
    m = _TITLE_SUFFIX.search(title or "")
    if m is None:
        return None
    return m.group(0).strip(" |-–—:") or None


def html_meta(root: Any) -> HtmlMeta:
    """Metadata of a parsed page; every field None when the page does not say it."""
    ld = _json_ld(root)
    metas = _metas(root)
    title = (
        _clean(ld.get("headline"))
        or metas.get("og:title")
        or metas.get("twitter:title")
        or _page_title(root)
        or _first_text(root, "h1")
    )
    # the article's own structured data beats og:site_name, which some sites fill with a section
    publisher = (
        _names(ld.get("publisher"))
        or metas.get("og:site_name")
        or metas.get("application-name")
        or metas.get("publisher")
        or _title_suffix(root)
    )
    author = metas.get("author") or _names(ld.get("author"))
    if author is None:
        value = metas.get("article:author") or metas.get("sailthru.author")
        author = value if value and not value.startswith("http") else None
    if author is not None and author.lower().startswith("by "):
        author = author[3:].strip() or None
    if author is not None and author.lower() in _NO_AUTHOR:
        author = None
    # "BBC News" as author is the house, not a byline
    if author is not None and publisher is not None and author.casefold() == publisher.casefold():
        author = None
    date = None
    for candidate in (
        _clean(ld.get("datePublished")),
        metas.get("article:published_time"),
        metas.get("datepublished"),
        metas.get("pubdate"),
        metas.get("publishdate"),
        metas.get("date"),
        metas.get("dc.date.issued"),
        metas.get("dc.date"),
        metas.get("sailthru.date"),
        metas.get("parsely-pub-date"),
        _clean(ld.get("dateCreated")),
    ):
        date = parse_date(candidate)
        if date is not None:
            break
    if date is None:
        for time in root.iter("time"):
            date = parse_date(time.get("datetime"))
            if date is not None:
                break
    canonical = None
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and _clean(link.get("href")):
            canonical = _clean(link.get("href"))
            break
    canonical = canonical or metas.get("og:url")
    listed = _name_list(ld.get("author"))
    authors = tuple(listed) if author and ", ".join(listed) == author else split_authors(author)
    return HtmlMeta(title, publisher, author, date, canonical, authors, _declared_lang(root, metas))


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _declared_lang(root: Any, metas: dict[str, str]) -> str | None:
    """The language the page says it is in: <html lang>, xml:lang, then the meta tags."""
    for value in (
        root.get("lang"),
        root.get("xml:lang"),
        root.get(_XML_LANG),
        metas.get("content-language"),
        metas.get("language"),
        metas.get("dc.language"),
        metas.get("og:locale"),
    ):
        if cleaned := _clean(value):
            return cleaned[:35]
    return None
