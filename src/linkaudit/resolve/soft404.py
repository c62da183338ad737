"""Soft 404s: a 200 that really means "not found".

Three signs, cheapest first: a deep link redirected to the site's home page; a title or first
heading that says "not found"; and a random sibling path on the same host answering 200 with
the same page (a catch-all host). The sibling probe is made once per host and directory and
shared by every link there, so a run over thousands of links on one host costs a few probes.
"""

from __future__ import annotations

import asyncio
import difflib
import html as htmllib
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from linkaudit.resolve.client import Hop

_NOT_FOUND = re.compile(
    r"\b(?:(?:page|file|article|document|content|resource|url)\s+)?not\s+found\b"
    # a bare 404 only as an error code, not as a number in a headline ("404 mayors found")
    r"|(?:^|\b(?:error|page|http|code)\W{0,3})404\b|\b404\s*(?:error|page|[-:|\u2013]|$)"
    r"|\bpage\s+(?:does\s+not|doesn'?t|no\s+longer)\s+exists?\b"
    r"|\bno\s+longer\s+(?:available|exists)\b|\bcould\s+not\s+be\s+found\b"
    r"|\bnicht\s+gefunden\b|\bintrouvable\b|\bno\s+encontrad[ao]\b|\bnon\s+trovat[ao]\b",
    re.IGNORECASE,
)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PageSketch:
    """What the soft-404 checks compare: title, first heading, a prefix of visible text."""

    title: str
    heading: str
    text: str


def _clean(fragment: str) -> str:
    return _SPACE.sub(" ", htmllib.unescape(_TAG.sub(" ", fragment))).strip()


def sketch(body: bytes, encoding: str | None = None) -> PageSketch:
    """A ``PageSketch`` of an HTML body (bytes as read, possibly truncated)."""
    text = body.decode(encoding or "utf-8", errors="replace")
    title = _TITLE.search(text)
    heading = _H1.search(text)
    visible = _clean(_SCRIPT.sub(" ", text))
    return PageSketch(
        title=_clean(title.group(1)) if title else "",
        heading=_clean(heading.group(1)) if heading else "",
        text=visible[:2000],
    )


def says_not_found(page: PageSketch) -> bool:
    """True when the title or the first heading announces a missing page."""
    return bool(_NOT_FOUND.search(page.title) or _NOT_FOUND.search(page.heading))


def redirected_home(original: str, final: str) -> bool:
    """True for a deep link (a path below the root) that ended on the same site's home page."""
    a, b = urlsplit(original), urlsplit(final)
    deep = a.path.strip("/") != ""
    home = b.path.strip("/") in ("", "index.html", "index.php", "home")
    same_site = (a.hostname or "").removeprefix("www.") == (b.hostname or "").removeprefix("www.")
    return deep and home and same_site and not b.query


def same_page(a: PageSketch, b: PageSketch) -> bool:
    """True when two sketches are the same template with at most small differences."""
    if not a.text and not b.text:
        return a.title == b.title
    ratio = difflib.SequenceMatcher(None, a.text, b.text, autojunk=False).ratio()
    return ratio >= 0.95 or (a.title == b.title and ratio >= 0.8)


def sibling_url(url: str) -> str:
    """A random path next to ``url``'s path on the same host: almost surely nonexistent."""
    parts = urlsplit(url)
    directory = parts.path.rsplit("/", 1)[0]
    probe = f"{directory}/linkaudit-probe-{secrets.token_hex(8)}"
    return urlunsplit((parts.scheme, parts.netloc, probe, "", ""))


Fetch = Callable[[str], Awaitable[Hop]]


class SiblingProber:
    """Asks each (host, directory) once whether it answers nonexistent paths with a 200 page."""

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch
        self._found: dict[str, PageSketch | None] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def catchall_page(self, url: str) -> PageSketch | None:
        """The page a random sibling of ``url`` gets when it is a 200, else None."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}{parts.path.rsplit('/', 1)[0]}/"
        if key in self._found:
            return self._found[key]
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key not in self._found:
                hop = await self._fetch(sibling_url(url))
                ok = hop.error is None and hop.status is not None and 200 <= hop.status < 300
                self._found[key] = sketch(hop.body, hop.encoding) if ok else None
        return self._found[key]

    async def is_soft404(self, url: str, page: PageSketch) -> bool:
        """True when ``url``'s page matches what the host gives for a random sibling."""
        probe = await self.catchall_page(url)
        return probe is not None and same_page(page, probe)
