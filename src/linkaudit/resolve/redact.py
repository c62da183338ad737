"""Secrets out of URLs before they reach a report: userinfo and token-like query values."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit, urlunsplit

REDACTED = "REDACTED"

# Names seen carrying credentials in the wild (OAuth, signed S3/GCS URLs, API keys, sessions).
_SECRET_NAME = re.compile(
    r"^(?:.*[-_.]?)?(?:token|secret|password|passwd|pwd|api[-_]?key|apikey|access[-_]?key|"
    r"auth|authorization|signature|sig|credential|session|sessionid|sid|jwt|bearer)$"
    r"|^(?:key|code|x-amz-security-token|x-goog-signature|private[-_]?token)$",
    re.IGNORECASE,
)
# Values that look like secrets whatever their parameter is called (JWTs, long hex/base64).
_SECRET_VALUE = re.compile(r"^(?:eyJ[\w-]+\.[\w-]+\.[\w-]+|[A-Fa-f0-9]{32,}|[\w+/=-]{40,})$")


def _redact_query(query: str) -> str:
    if not query:
        return query
    parts = query.split("&")
    out: list[str] = []
    for part in parts:
        name, sep, value = part.partition("=")
        if sep and value and (_SECRET_NAME.match(name) or _SECRET_VALUE.match(value)):
            out.append(f"{name}={REDACTED}")
        else:
            out.append(part)
    return "&".join(out)


def redact_url(url: str) -> str:
    """``url`` with userinfo and token-like query values replaced; unchanged when clean."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rpartition('@')[2]}"
    query = _redact_query(parts.query)
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit(SplitResult(parts.scheme, netloc, parts.path, query, parts.fragment))
