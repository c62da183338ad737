"""Content fingerprints: keys for links, claims and findings that survive edits elsewhere.

Report ids (l1, c1) follow document order, so one inserted paragraph renumbers everything
after it. A fingerprint is a hash of what the thing *is* — a link's normalised URL and anchor,
a claim's normalised text and sources, a finding's rule, document and subject — so tools and
baselines can follow it from one run to the next. The document part is the path relative to
the project root (the folder holding linkaudit.toml, a pyproject.toml or .git), so ``a.md``,
``./a.md``, an absolute path and a path typed from another folder give the same key.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from linkaudit.model import Claim, Finding, Link, Source

_ROOT_MARKERS = ("linkaudit.toml", "pyproject.toml", ".git")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_URL_INPUT = re.compile(r"^https?://", re.IGNORECASE)


def _digest(*parts: str, length: int = 16) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def normal_url(url: str) -> str:
    """Scheme and host lower-cased, default port and empty fragment dropped; else as written."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = parts.netloc.rsplit("@", 1)[-1].lower()  # the userinfo is redacted anyway
    default = _DEFAULT_PORTS.get(scheme)
    if default is not None and host.endswith(f":{default}"):
        host = host[: -len(str(default)) - 1]
    return urlunsplit((scheme, host, parts.path or "/", parts.query, parts.fragment))


@cache
def _project_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in _ROOT_MARKERS):
            return candidate
    return None


def document_key(path: str, root: Path | None = None) -> str:
    """How a document is named in fingerprints: relative to the project root when inside one.

    ``root`` (the config file's folder, when the run has one) wins over the search upwards.
    Standard input and URL inputs are their own names.
    """
    if path == "-" or _URL_INPUT.match(path):
        return path
    absolute = Path(os.path.abspath(path))
    base = root.resolve() if root is not None else _project_root(absolute.parent)
    if base is not None:
        try:
            return absolute.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return absolute.as_posix()


def link_fingerprints(links: Sequence[Link]) -> list[str]:
    """One key per link; the n-th repeat of the same URL and anchor gets ``n`` mixed in."""
    seen: dict[tuple[str, str], int] = {}
    out: list[str] = []
    for link in links:
        key = (normal_url(link.url) if link.url else link.href.strip(), _words(link.anchor))
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(_digest("link", *key, *([str(n)] if n else [])))
    return out


def claim_fingerprints(claims: Sequence[Claim], sources: Mapping[str, Source]) -> list[str]:
    """One key per claim from its text and the names of its sources (repeats numbered)."""
    seen: dict[tuple[str, str], int] = {}
    out: list[str] = []
    for claim in claims:
        names = sorted(_words(sources[s].name) for s in claim.sources if s in sources)
        key = (_words(claim.text), "|".join(names))
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(_digest("claim", *key, *([str(n)] if n else [])))
    return out


def finding_fingerprint(
    doc_key: str, finding: Finding, links: Mapping[str, Link], claims: Mapping[str, Claim]
) -> str:
    """Rule + document + the fingerprint of what the finding is about."""
    subject = ""
    if finding.link is not None and finding.link in links:
        subject = links[finding.link].fingerprint
    elif finding.claim is not None and finding.claim in claims:
        subject = claims[finding.claim].fingerprint
    return _digest("finding", finding.rule, doc_key, subject, length=24)


def with_fingerprints(
    doc_key: str,
    links: Sequence[Link],
    claims: Sequence[Claim],
    sources: Sequence[Source],
    findings: Sequence[Finding],
) -> tuple[list[Link], list[Claim], list[Finding]]:
    """Links, claims and findings with their fingerprints filled in."""
    fl = [replace(k, fingerprint=fp) for k, fp in zip(links, link_fingerprints(links), strict=True)]
    by_source = {s.id: s for s in sources}
    fc = [
        replace(c, fingerprint=fp)
        for c, fp in zip(claims, claim_fingerprints(claims, by_source), strict=True)
    ]
    links_by_id = {k.id: k for k in fl}
    claims_by_id = {c.id: c for c in fc}
    ff = [
        replace(f, fingerprint=finding_fingerprint(doc_key, f, links_by_id, claims_by_id))
        for f in findings
    ]
    return fl, fc, ff
