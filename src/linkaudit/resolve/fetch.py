"""Fetching one page's text (an article's original, an archived copy) through the same guard,
redirect handling and size cap as link checks."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urldefrag

import httpx
from charset_normalizer import from_bytes

from linkaudit.model import LinkCheck
from linkaudit.resolve.check import Checker
from linkaudit.resolve.client import build_client
from linkaudit.resolve.guard import Guard, Resolver
from linkaudit.resolve.options import ResolveOptions
from linkaudit.resolve.retry import RetryPolicy


@dataclass(frozen=True)
class FetchedPage:
    """A page's decoded text, at most ``ResolveOptions.max_bytes`` of it."""

    url: str
    final_url: str
    status: int
    content_type: str
    text: str
    truncated: bool = False


def decode_body(body: bytes, declared: str | None) -> str:
    """Text of ``body``: the declared charset, else UTF-8, else charset-normalizer's guess."""
    if declared:
        try:
            return body.decode(declared, errors="replace")
        except LookupError:
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(body).best()
        return str(best) if best is not None else body.decode("utf-8", errors="replace")


async def fetch_page(
    url: str,
    options: ResolveOptions,
    *,
    retry: RetryPolicy | None = None,
    resolver: Resolver | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> FetchedPage | LinkCheck:
    """GET ``url`` (guarded, redirects followed, size-capped); a ``LinkCheck`` when it fails."""
    started = time.monotonic()
    base = urldefrag(url)[0]
    guard = Guard(allow_private=options.allow_private, resolver=resolver)
    async with build_client(options, transport, guard.pinned) as client:
        checker = Checker(client, options, retry=retry, resolver=resolver, guard=guard)
        refusal = await checker.guard.check(base)
        if refusal is not None:
            return checker.refused(url, started, refusal, None, ())[0]
        chain = await checker.follow(base, method="GET", body_cap=options.max_bytes)
        hop = chain.final
        ok = hop.status is not None and 200 <= hop.status < 300 and not hop.bomb
        if chain.refusal is None and chain.problem is None and hop.status is not None and ok:
            return FetchedPage(
                url=url,
                final_url=chain.final_url,
                status=hop.status,
                content_type=hop.content_type,
                text=decode_body(hop.body, hop.encoding),
                truncated=hop.truncated,
            )
        return (await checker.verdict(url, base, "", chain, started))[0]
