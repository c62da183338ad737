"""Which reader an input needs: decided by its content; the file extension only breaks ties."""

from __future__ import annotations

import re

from linkaudit.model import DocFormat

_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(
    r"<(?:p|div|span|a\s[^>]{0,300}href|br|h[1-6]|ul|ol|li|table|tr|td|article|section|main|nav|"
    r"header|footer|meta|link|script|style|title|img|figure|blockquote|em|strong|b|i)[\s/>]",
    re.IGNORECASE,
)
_MD_FEATURES = re.compile(
    r"\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)"  # inline link
    r"|^\s{0,3}#{1,6}\s+\S"  # ATX heading
    r"|^\s{0,3}\[[^\]\n]{1,300}\]:\s*\S"  # reference definition
    r"|^\s{0,3}(?:```|~~~)"  # fenced code
    r"|\*\*[^*\n]{1,300}\*\*"  # strong emphasis
    r"|^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+\S.*$(?:\n\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+\S)"  # a list
    r"|^\s{0,3}>\s"  # block quote
    r"|\]\[[^\]\n]{0,300}\]"  # reference link
    r"|<https?://[^>\s]{1,500}>",  # autolink
    re.MULTILINE,
)

_EXTENSIONS: dict[str, DocFormat] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".txt": "text",
    ".text": "text",
}


def _extension_format(path: str | None) -> DocFormat | None:
    if not path or path == "-":
        return None
    lower = path.lower()
    for ext, fmt in _EXTENSIONS.items():
        if lower.endswith(ext):
            return fmt
    return None


def detect_format(text: str, path: str | None = None) -> DocFormat:
    """The input's format by content first (an HTML page named .txt is HTML), extension second."""
    head = text[:100_000]
    if _HTML_START.match(head):
        return "html"
    tags = len(_HTML_TAG.findall(head))
    md = len(_MD_FEATURES.findall(head))
    by_ext = _extension_format(path)
    # every repetition above is bounded: "[[[[..." must not make detection quadratic
    # a page fragment (no <html>) still reads as HTML when tags dominate and it begins with one
    if tags >= 3 and head.lstrip().startswith("<") and tags > md:
        return "html"
    if md >= 1 and md >= tags:
        return "markdown"
    if tags >= 5 and tags > 2 * md:
        return "html"
    if by_ext is not None:
        return by_ext
    return "text"
