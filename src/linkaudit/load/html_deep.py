"""Pathologically deep HTML: cut the nesting, keep every word and link.

libxml2 stops building the tree at 2,048 levels (256 without ``huge_tree``) and drops the rest
of the page; our walker recurses once per level. So a page nested deeper than ``MAX_DEPTH``
is rewritten before parsing: start and end tags below that depth are replaced by a space
(their newlines kept, so input line numbers stay right), except ``<a>`` and ``<br>``, whose
links and line breaks are content. Only used on pages that need it; a linear regex scan.
"""

from __future__ import annotations

import re

MAX_DEPTH = 250
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^>]*)?(/?)>", re.DOTALL)
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
_RAW = {"script", "style", "textarea", "title", "xmp", "plaintext"}
_KEPT = {"a", "br"}
_MATCH_WINDOW = 64  # how far down the stack an end tag looks for its start tag


def _blank(tag: str) -> str:
    return " " + "\n" * tag.count("\n")


def flatten(text: str, limit: int = MAX_DEPTH) -> tuple[str, int]:
    """``text`` with tags deeper than ``limit`` removed, and how many tags were removed."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag name, removed)
    pos = 0
    cut = 0
    n = len(text)
    while pos < n:
        m = _TAG.search(text, pos)
        if m is None:
            break
        closing, name, selfclose = m.group(1), m.group(2), m.group(3)
        out.append(text[pos : m.start()])
        pos = m.end()
        if name is None:  # a comment
            out.append(m.group(0))
            continue
        name = name.lower()
        if closing:
            for k in range(len(stack) - 1, max(-1, len(stack) - 1 - _MATCH_WINDOW), -1):
                if stack[k][0] == name:
                    removed = stack[k][1]
                    del stack[k:]
                    if removed:
                        out.append(_blank(m.group(0)))
                        cut += 1
                    else:
                        out.append(m.group(0))
                    break
            else:
                out.append(m.group(0))  # a stray end tag: libxml2 ignores it as before
            continue
        if name in _RAW:
            close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, pos)
            end = close.end() if close else n
            out.append(m.group(0))
            out.append(text[pos:end])
            pos = end
            continue
        if name in _VOID or selfclose:
            out.append(m.group(0))
            continue
        removed = len(stack) >= limit and name not in _KEPT
        stack.append((name, removed))
        if removed:
            out.append(_blank(m.group(0)))
            cut += 1
        else:
            out.append(m.group(0))
    out.append(text[pos:])
    return "".join(out), cut
