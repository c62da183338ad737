"""Lost link targets: recover ``[anchor](#)`` hrefs from the original page by anchor text.

Reposts and text conversions often keep a link's anchor text but lose its target. The page the
article was first published on still has ``<a href>`` with the same words, so each lost link is
matched to the original's anchors after folding (case, whitespace, quote marks, dashes):

1. the same folded text; the k-th lost link with a text takes the k-th such original anchor
   (or the last one when the original has fewer);
2. a run of up to ``MAX_PARTS`` consecutive lost links whose texts, joined, equal one original
   anchor: a link the conversion split in two (at a line break) gets the one target;
3. a lost link whose text (at least ``MIN_PREFIX`` characters) begins exactly one original
   anchor target: the conversion cut the anchor short.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from linkaudit.archive.quotes import fold
from linkaudit.model import Document

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

# bs4 is imported where a page is read: every run asks is_lost(), few have an original to read.

# A Wayback replay rewrites every href to /web/<timestamp><modifier>/<original URL>; the
# original may come to us as such a replay when the page itself is gone.
_REPLAY = re.compile(r"^(?:https?://[^/]+)?/web/\d{1,14}(?:[a-z]{2}_)?/(https?:/{1,2})(.+)$", re.I)

MAX_PARTS = 3
MIN_PREFIX = 12
_EDGE = " .,;:!?()[]{}*_"


def is_lost(href: str) -> bool:
    """True for an href that no longer says where the link went."""
    h = href.strip().lower()
    return h in ("", "#") or h.startswith("javascript:")


def anchor_key(text: str) -> str:
    """The folded form anchors are matched by."""
    return fold(text).strip(_EDGE)


def unwrap_replay(href: str) -> str:
    """The original URL inside a Wayback replay link; any other href unchanged."""
    match = _REPLAY.match(href)
    if match is None:
        return href
    scheme = match.group(1).split(":")[0].lower()
    return f"{scheme}://{match.group(2)}"


def original_anchors(html: str, base_url: str) -> list[tuple[str, str]]:
    """``(folded anchor text, absolute http(s) href)`` of every usable link, in page order."""
    from bs4 import BeautifulSoup, Tag

    soup = BeautifulSoup(html, "lxml")
    if urlsplit(base_url).scheme not in ("http", "https"):
        # a saved copy (a local file) still names its own URL; relative hrefs need it
        base_url = _page_url(soup) or base_url
    base_tag = soup.find("base", href=True)
    base = urljoin(base_url, str(base_tag["href"])) if isinstance(base_tag, Tag) else base_url
    out: list[tuple[str, str]] = []
    for a in soup.find_all("a", href=True):
        if not isinstance(a, Tag):
            continue
        href = str(a["href"]).strip()
        if is_lost(href) or href.startswith("#"):
            continue
        absolute = unwrap_replay(urljoin(base, unwrap_replay(href)))
        if urlsplit(absolute).scheme not in ("http", "https"):
            continue
        key = anchor_key(a.get_text(" "))
        if key:
            out.append((key, absolute))
    return out


def _page_url(soup: BeautifulSoup) -> str | None:
    """The page's own http(s) URL from ``<link rel=canonical>`` or ``og:url``."""
    from bs4 import Tag

    for tag in soup.find_all(["link", "meta"]):
        if not isinstance(tag, Tag):
            continue
        rel = tag.get("rel")
        rels = rel if isinstance(rel, list) else str(rel or "").split()
        value = tag.get("href") if "canonical" in rels else None
        if value is None and tag.get("property") == "og:url":
            value = tag.get("content")
        url = unwrap_replay(str(value or "").strip())
        if urlsplit(url).scheme in ("http", "https"):
            return url
    return None


def recover_targets(doc: Document, original_html: str, base_url: str) -> dict[int, str]:
    """Link index -> recovered absolute href, for the lost links of ``doc`` (rules above)."""
    anchors = original_anchors(original_html, base_url)
    by_text: dict[str, list[str]] = {}
    for key, href in anchors:
        by_text.setdefault(key, []).append(href)
    lost = [i for i, link in enumerate(doc.links) if is_lost(link.href)]
    keys = {i: anchor_key(doc.links[i].anchor) for i in lost}
    seen: dict[str, int] = {}
    found: dict[int, str] = {}
    for pos, index in enumerate(lost):
        if index in found or not keys[index]:
            continue
        key = keys[index]
        if key in by_text:
            hrefs = by_text[key]
            found[index] = hrefs[min(seen.get(key, 0), len(hrefs) - 1)]
            seen[key] = seen.get(key, 0) + 1
            continue
        joined = _joined(lost, pos, keys, by_text)
        if joined is not None:
            parts, href = joined
            found.update(dict.fromkeys(parts, href))
            continue
        prefixed = {h for k, h in anchors if len(key) >= MIN_PREFIX and k.startswith(key)}
        if len(prefixed) == 1:
            found[index] = prefixed.pop()
    return found


def _joined(
    lost: list[int], pos: int, keys: dict[int, str], by_text: dict[str, list[str]]
) -> tuple[list[int], str] | None:
    """The run of lost links from ``lost[pos]`` whose joined texts name one original anchor."""
    for count in range(2, MAX_PARTS + 1):
        run = lost[pos : pos + count]
        if len(run) < count or any(b - a != 1 for a, b in pairwise(run)):
            return None  # only links next to each other can be halves of one link
        joined = anchor_key(" ".join(keys[i] for i in run))
        hrefs = by_text.get(joined)
        if hrefs:
            return run, hrefs[0]
    return None
