"""Sharding by registrable domain: ``--shard i/n`` and the Dask executor's check tasks.

A link belongs to the shard its registrable domain (eTLD+1, from tldextract's bundled Public
Suffix List, never fetched) hashes to. Every host of a domain lands in the same shard, so when
shards run at once — CI matrix jobs, Dask tasks — each host is still asked by one of them only
and ``--per-host`` holds across all of them. The hash is a stable digest, not Python's
per-process ``hash``, so every machine agrees.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from linkaudit.errors import UsageError

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1-based, as CI matrices count) of ``count``."""

    index: int
    count: int

    @classmethod
    def parse(cls, value: str) -> Shard:
        """'2/4' -> Shard(2, 4); ``UsageError`` for anything else."""
        m = _SPEC.match(value)
        if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
            raise UsageError(f"--shard {value!r}: expected I/N with 1 <= I <= N, e.g. 2/4")
        return cls(int(m.group(1)), int(m.group(2)))

    def owns(self, url: str) -> bool:
        return shard_of(url, self.count) == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def _extractor() -> Any:
    # the registry's extractor (bundled Public Suffix List, no network): one per process, as
    # each copy of the list's trie holds ~6 MB
    from linkaudit.classify.registry import _extractor as shared

    return shared()


@functools.lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """``news.bbc.co.uk`` -> ``bbc.co.uk``; an IP address or a bare name is its own domain."""
    host = host.rstrip(".").lower()
    found = _extractor()(host).top_domain_under_public_suffix
    return str(found) if found else host


def domain_of(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    return registrable_domain(host) if host else url


def shard_of(url: str, count: int) -> int:
    """The 1-based shard of ``url``'s registrable domain among ``count``."""
    digest = hashlib.blake2b(domain_of(url).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count + 1


def split_by_domain(urls: list[str], parts: int) -> list[list[str]]:
    """``urls`` in ``parts`` groups, each registrable domain wholly inside one group."""
    groups: list[list[str]] = [[] for _ in range(max(1, parts))]
    for url in urls:
        groups[shard_of(url, len(groups)) - 1].append(url)
    return [g for g in groups if g]
