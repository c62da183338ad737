"""Where a page's article is: markup that says so, else the densest run of paragraphs.

Returns the main-content roots and the chrome elements nested inside them (share bars, related
lists, bylines ...). lxml ships no type stubs, hence ``Any``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

_BODY_NAMES = re.compile(
    r"article[-_]{0,2}body|articlebody|story[-_]?body|storytext|story[-_]?content|post[-_]content|"
    r"post[-_]body|entry[-_]content|article[-_]{0,2}content|article[-_]text|articletext|body[-_]text|"
    r"content[-_]body|body[-_]content|caas-body|article-main|article__main|rich[-_]text",
    re.IGNORECASE,
)
_CHROME_NAMES = re.compile(
    r"share|sharing|social|related|newsletter|subscri|signup|sign-up|comment|breadcrumb|cookie|"
    r"consent|promo|sidebar|byline|author[-_]?(?:bio|info|box)|recommend|trending|most[-_]?read|"
    r"most[-_]?popular|popular|outbrain|taboola|advert|sponsor|taglist|tag-list|tags|topics|"
    r"more[-_]stories|read[-_]?more|further[-_]reading|footer|navigation|navbar|menu|toolbar|"
    r"paywall|modal|overlay|banner|disclaimer|copyright",
    re.IGNORECASE,
)
# the summary under a headline is part of the article even where it sits outside the body root
_STANDFIRST = re.compile(
    r"standfirst|article[-_]?summary|sub[-_]?head|\bdek\b|strapline|article[-_]?lede|"
    r"article[-_]?description",
    re.IGNORECASE,
)
_STANDFIRST_HINTS = ("standfirst", "summary", "sub", "dek", "strapline", "lede", "description")
_AD_PARTS = {"ad", "ads", "adslot", "ad-slot", "advertisement", "dfp", "gpt", "nav"}
_CHROME_TAGS = {"nav", "aside", "footer", "button", "menu", "dialog"}
_CHROME_XPATH = ".//*[@class or @id] | " + " | ".join(f".//{t}" for t in sorted(_CHROME_TAGS))
_SPLIT = re.compile(r"[\s_\-]+")
_MIN_MAIN_CHARS = 200


text_of = etree.XPath("string()")  # an element's text with its descendants' (text_content)


@dataclass(frozen=True, slots=True)
class MainContent:
    roots: frozenset[Any]
    chrome: frozenset[Any]
    standfirst: frozenset[Any] = frozenset()
    how: str = "none"  # which rule found the roots: itemprop | name | tag | density | none
    # the roots of a body cut into chunks (_chunks), numbered from 1 in document order: the
    # vote leaves a chunk be when trafilatura, which reads one of them, kept none of it
    chunks: dict[Any, int] = field(default_factory=dict)


def _names(el: Any) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def _paragraph_text(root: Any) -> dict[Any, int]:
    """Characters of <p> text under each element (one pass over the <p>s)."""
    totals: dict[Any, int] = {}
    for p in root.iter("p"):
        size = len(" ".join(text_of(p).split()))
        if size == 0:
            continue
        el = p
        while el is not None:
            totals[el] = totals.get(el, 0) + size
            el = el.getparent()
    return totals


def _readability_best(root: Any) -> Any:
    """The element whose paragraphs score highest (readability's parent/grandparent scheme)."""
    scores: dict[Any, float] = {}
    for p in root.iter("p"):
        text = " ".join(text_of(p).split())
        if len(text) < 25:
            continue
        score = 1 + text.count(",") + min(len(text) / 100, 3)
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + score
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + score / 2
    if not scores:
        return None
    return max(scores, key=lambda el: scores[el])


def is_chrome_name(el: Any) -> bool:
    names = _names(el)
    return bool(names) and _chrome_names(names)


# Pages repeat a few class strings on hundreds of elements: these caches turn most of the
# regex searches (a fifth of a page's own load time) into dictionary look-ups.
@lru_cache(maxsize=8192)
def _chrome_names(names: str) -> bool:
    if _CHROME_NAMES.search(names):
        return True
    return any(part.lower() in _AD_PARTS for part in _SPLIT.split(names))


@lru_cache(maxsize=8192)
def _standfirst_names(names: str) -> bool:
    # every _STANDFIRST alternative holds one of these words; ASCII only, as IGNORECASE also
    # folds a few non-ASCII letters (the long s, the Kelvin sign) that lower() keeps
    if names.isascii():
        low = names.lower()
        if not any(hint in low for hint in _STANDFIRST_HINTS):
            return False
    return _STANDFIRST.search(names) is not None


def _chunks(top: Any, named: list[Any]) -> list[Any]:
    """The body ``top`` is one chunk of: some layouts cut the article into sibling containers
    of one class around ads and newsletter boxes (WIRED's ``article__body`` grid items), and
    the densest one alone leaves the rest of the article as chrome. Same tag, same class
    string, neither inside the other, none inside chrome (a page's <body> class names the
    whole page's theme, "navigation-border-...", and is no chrome)."""
    names = _names(top)
    same = [
        el
        for el in named
        if el.tag == top.tag
        and _names(el) == names
        and not any(
            a.tag in _CHROME_TAGS or (a.tag not in ("body", "html") and is_chrome_name(a))
            for a in el.iterancestors()
        )
    ]
    outer = [el for el in same if not any(a in same for a in el.iterancestors())]
    return outer if top in outer else [top]


def find_main(root: Any) -> MainContent:
    """Main-content roots of a page (empty when it has no paragraphs to speak of)."""
    ptext = _paragraph_text(root)
    best = _readability_best(root)
    best_chars = ptext.get(best, 0) if best is not None else 0
    floor = max(_MIN_MAIN_CHARS, best_chars // 4)

    def enough(els: list[Any]) -> bool:
        return sum(ptext.get(el, 0) for el in els) >= floor

    # XPath selects in C the few elements the rules look at; a Python pass over every
    # element of the page was most of this function's time
    named_els = [(el, _names(el)) for el in root.xpath("//*[@class or @id]")]
    roots: list[Any] = []
    chunks: list[Any] = []
    how = "none"
    marked = root.xpath('//*[@itemprop="articleBody"]')
    outer = [el for el in marked if not any(a in marked for a in el.iterancestors())]
    if outer and enough(outer):
        roots, how = outer, "itemprop"
    if not roots:
        named = [el for el, names in named_els if ptext.get(el, 0) and _BODY_NAMES.search(names)]
        if named:
            top = max(named, key=lambda el: ptext.get(el, 0))
            pieces = _chunks(top, named)
            if enough(pieces):
                roots, how = pieces, "name"
                chunks = pieces if len(pieces) > 1 else []
    if not roots:
        for tag in ("article", "main"):
            found = list(root.iter(tag))
            found += [el for el in root.xpath('//*[@role="main"]') if el.tag != tag]
            if found:
                top = max(found, key=lambda el: ptext.get(el, 0))
                # a <main> wrapping a whole page with sidebars is worse than the densest block
                if enough([top]) and (tag == "article" or ptext.get(top, 0) <= best_chars * 1.5):
                    roots, how = [top], "tag"
                    break
    if not roots and best is not None and best_chars >= _MIN_MAIN_CHARS // 2:
        el = best
        parent = el.getparent()
        # climb while the parent adds little paragraph text (headings, figures around the body)
        while (
            parent is not None
            and parent.tag not in ("body", "html")
            and ptext.get(parent, 0) <= ptext.get(el, 0) * 1.15
        ):
            el, parent = parent, parent.getparent()
        roots, how = [el], "density"
    main_chars = sum(ptext.get(el, 0) for el in roots)
    chrome: list[Any] = []
    for main_root in roots:
        for el in main_root.xpath(_CHROME_XPATH):
            if (el.tag in _CHROME_TAGS or is_chrome_name(el)) and ptext.get(
                el, 0
            ) * 10 < main_chars * 3:
                chrome.append(el)
    chrome_set = set(chrome)
    standfirst = [
        el
        for el, names in named_els
        if _standfirst_names(names)
        and 40 <= len(text_of(el)) <= 800
        and not any(a in chrome_set or a.tag in _CHROME_TAGS for a in el.iterancestors())
    ]
    return MainContent(
        frozenset(roots),
        frozenset(chrome),
        frozenset(standfirst),
        how,
        {el: n for n, el in enumerate(chunks, 1)},
    )
