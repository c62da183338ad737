"""Is ``#fragment`` a target on the page? Matched on id/name attributes without a full parse."""

from __future__ import annotations

import re
from urllib.parse import unquote

# Fragments no page needs to declare: the top of the document (HTML spec), text fragments
# (#:~:text=), client-side routes (#/path, #!path) that only a browser's script resolves, and
# client-side parameters (#access_token=...&state=..., OAuth's implicit flow): not element ids.
_ALWAYS = re.compile(r"^(?:|top|:~:.*|[/!].*|[^=]*=.*)$", re.IGNORECASE | re.DOTALL)


def fragment_is_checkable(fragment: str) -> bool:
    """False for fragments that no static HTML can confirm or refute."""
    return not _ALWAYS.match(unquote(fragment))


def has_anchor(html: str, fragment: str) -> bool:
    """True when an element of ``html`` has ``id`` or ``name`` equal to ``fragment``."""
    target = unquote(fragment)
    if not fragment_is_checkable(fragment):
        return True
    value = re.escape(target)
    pattern = (
        r"""[\s"'](?:id|name)\s*=\s*(?:"""
        rf'"{value}"|\'{value}\'|{value}(?=[\s/>]))'
    )
    if re.search(pattern, html):
        return True
    # HTML entities in attribute values are rare in ids; a plain substring check on the
    # escaped form covers them without an HTML parser
    escaped = target.replace("&", "&amp;")
    return (
        escaped != target
        and re.search(pattern.replace(value, re.escape(escaped)), html) is not None
    )
