"""Secrets out of URLs before anything is stored, printed, rendered or sent.

What counts as a secret part of a URL: the userinfo (``user:pass@``); query and fragment
values whose name says credential (``token``, ``access_token``, ``sig``, ``token[]``,
``auth[key]`` ...) or whose value looks like one (a JWT, 32+ hex digits, 40+ base64ish
characters) -- fragments matter because OAuth's implicit flow puts ``#access_token=`` there;
and path parameters such as ``;jsessionid=``.

Three ways out, one rule (``secret_spans``) behind them:

* ``redact_url`` for URL fields (``href``, ``url``, ``final_url``, redirects): each secret
  part becomes ``REDACTED``.
* ``mask_text`` for text that carries offsets (``document.text``, anchors and so claim text):
  each secret part inside a URL in the text is overwritten by ``*`` of the same length, so
  every offset into the text (blocks, links, sentences, claims, line map) stays right.
* ``redact_text`` for messages (check details, warnings on stderr): URLs in free text through
  ``redact_url``.

``secret_digest`` gives a keyed hash (HMAC-SHA256) of a URL's secret parts, so that a cache can
key on ``redact_url(url)`` plus the digest and still tell two tokens apart without storing
either (resolve/history.py).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import replace

from linkaudit.model import LinkCheck, Redirect

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
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# A URL inside prose: a scheme, or a bare "www." host; it ends at white space or a delimiter
# that cannot be part of it in running text.
_URL_IN_TEXT = re.compile(r"""(?:\b[A-Za-z][A-Za-z0-9+.-]*://|\bwww\.)[^\s<>"'`{}|\\^]+""")
_FRAGMENT_IN_TEXT = re.compile(r"""(?<![\w/])#[^\s<>"'`#]*=[^\s<>"'`#]*""")
_PATH_PARAM = re.compile(r";([^/;=?#]*)=([^/;?#]*)")


def _secret_name(name: str) -> bool:
    # "token[]", "auth[token]", "user[api_key]": any bracketed part may be the telling name
    parts = [p for p in re.split(r"[\[\]]+", name) if p]
    return any(_SECRET_NAME.match(p) for p in parts or [name])


def _pairs(text: str, offset: int) -> list[tuple[int, int]]:
    """Spans (absolute) of secret values in a ``name=value&name=value`` run at ``offset``."""
    spans: list[tuple[int, int]] = []
    pos = offset
    for part in re.split(r"[&;]", text) if text else []:
        name, sep, value = part.partition("=")
        if sep and value and (_secret_name(name) or _SECRET_VALUE.match(value)):
            start = pos + len(name) + 1
            spans.append((start, start + len(value)))
        pos += len(part) + 1
    return spans


def secret_spans(url: str) -> list[tuple[int, int]]:
    """Where the secret parts of ``url`` are: sorted, disjoint (start, end) offsets."""
    m = _SCHEME.match(url)
    spans: list[tuple[int, int]] = []
    pos = 0
    if m:
        pos = m.end()
        netloc_end = len(url)
        for ch in "/?#":
            i = url.find(ch, pos)
            if i != -1:
                netloc_end = min(netloc_end, i)
        at = url.rfind("@", pos, netloc_end)
        if at != -1:
            spans.append((pos, at))
        pos = netloc_end
    hash_at = url.find("#", pos)
    end_before_fragment = len(url) if hash_at == -1 else hash_at
    query_at = url.find("?", pos, end_before_fragment)
    path_end = end_before_fragment if query_at == -1 else query_at
    for p in _PATH_PARAM.finditer(url, pos, path_end):
        if p.group(2) and (_secret_name(p.group(1)) or _SECRET_VALUE.match(p.group(2))):
            spans.append((p.start(2), p.end(2)))
    if query_at != -1:
        spans += _pairs(url[query_at + 1 : end_before_fragment], query_at + 1)
    if hash_at != -1 and "=" in url[hash_at + 1 :]:
        spans += _pairs(url[hash_at + 1 :], hash_at + 1)
    return sorted(s for s in spans if s[0] < s[1])


def _replace(url: str, spans: list[tuple[int, int]], mask: str | None) -> str:
    out: list[str] = []
    last = 0
    for a, b in spans:
        out.append(url[last:a])
        out.append(REDACTED if mask is None else mask * (b - a))
        last = b
    out.append(url[last:])
    return "".join(out)


def redact_url(url: str) -> str:
    """``url`` with each secret part replaced by ``REDACTED``; unchanged when clean."""
    spans = secret_spans(url)
    return _replace(url, spans, None) if spans else url


def secret_digest(url: str, key: bytes) -> str | None:
    """HMAC-SHA256 (hex, 32 digits) of the secret parts of ``url``; None when it has none."""
    spans = secret_spans(url)
    if not spans:
        return None
    secret = "\x00".join(url[a:b] for a, b in spans).encode("utf-8", "surrogatepass")
    return hmac.new(key, secret, hashlib.sha256).hexdigest()[:32]


def mask_text(text: str) -> str:
    """``text`` with the secret parts of the URLs in it overwritten by ``*``, same length."""
    if "://" not in text and "www." not in text.lower():
        return text
    out: list[str] = []
    last = 0
    for m in _URL_IN_TEXT.finditer(text):
        spans = secret_spans(m.group(0))
        if spans:
            out.append(text[last : m.start()])
            out.append(_replace(m.group(0), spans, "*"))
            last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def redact_text(text: str) -> str:
    """A message with every URL in it through ``redact_url`` (lengths may change), and any
    lone ``#name=value`` fragment ("fragment #access_token=... not found") likewise."""
    if "://" in text or "www." in text.lower():
        text = _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)
    if "#" in text and "=" in text:
        text = _FRAGMENT_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)
    return text


def redact_check(check: LinkCheck) -> LinkCheck:
    """A link check with its URLs and its detail message redacted."""
    redirects = tuple(Redirect(redact_url(r.url), r.status) for r in check.redirects)
    return replace(
        check,
        url=redact_url(check.url),
        final_url=redact_url(check.final_url) if check.final_url else None,
        redirects=redirects,
        detail=redact_text(check.detail) if check.detail else check.detail,
    )
