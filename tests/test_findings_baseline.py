"""Baseline filtering: what it accepts, and that its work is one index per report, never a
search of the link list per finding (quadratic at 100,000 links)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import overload

import pytest

from linkaudit import findings as findings_module
from linkaudit.findings import drop_baselined, legacy_fingerprint
from linkaudit.model import Claim, Finding, Link


def _link(i: int) -> Link:
    return Link(
        id=f"l{i}",
        anchor=f"source  {i}",
        href=f"https://example.org/{i}",
        url=f"https://example.org/{i}",
        start=i * 10,
        end=i * 10 + 8,
        line=i + 1,
        role="body",
        status="dead",
    )


def _finding(i: int) -> Finding:
    return Finding(
        "LA002", "error", f"dead {i}", link=f"l{i}", line=i + 1, fingerprint=f"fp{i:04d}"
    )


class CountingLinks(Sequence[Link]):
    """A link list that counts how often it is walked from the start."""

    def __init__(self, links: list[Link]) -> None:
        self.links = links
        self.walks = 0

    @overload
    def __getitem__(self, index: int) -> Link: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Link]: ...
    def __getitem__(self, index: int | slice) -> Link | Sequence[Link]:
        return self.links[index]

    def __len__(self) -> int:
        return len(self.links)

    def __iter__(self) -> Iterator[Link]:
        self.walks += 1
        return iter(self.links)


def test_the_old_baseline_key_still_accepts_its_finding() -> None:
    """A baseline written before fingerprints (rule|path|url|anchor) still accepts the finding."""
    link = _link(3)
    old = hashlib.sha256(b"LA002|a.md|https://example.org/3|source 3").hexdigest()[:24]
    kept, dropped = drop_baselined(
        "a.md", [_finding(3), _finding(4)], [link, _link(4)], [], frozenset({old})
    )
    assert [f.link for f in dropped] == ["l3"]
    assert [f.link for f in kept] == ["l4"]
    assert legacy_fingerprint("a.md", _finding(3), {"l3": link}, {}) == old


def test_a_claims_old_key_is_its_text() -> None:
    """A claim finding's old key is its text with white space folded."""
    claim = Claim("c1", "He  said\nso.", 0, 12, 1, (), "said", "speech", None, "unsourced")
    finding = Finding("LA011", "warning", "quote", claim="c1")
    want = hashlib.sha256(b"LA011|a.md|He said so.").hexdigest()[:24]
    assert legacy_fingerprint("a.md", finding, {}, {"c1": claim}) == want


def test_empty_baseline_accepts_nothing_and_hashes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no baseline every finding is kept without computing a single old-style key."""

    def refuse(*args: object) -> str:
        raise AssertionError("legacy key computed with an empty baseline")

    monkeypatch.setattr(findings_module, "legacy_fingerprint", refuse)
    found = [_finding(i) for i in range(50)]
    kept, dropped = drop_baselined("a.md", found, [_link(i) for i in range(50)], [], frozenset())
    assert kept == found
    assert dropped == []


def test_links_are_indexed_once_not_searched_per_finding() -> None:
    """2,000 findings against a baseline walk the link list once (a dict), not once each."""
    links = CountingLinks([_link(i) for i in range(2_000)])
    found = [_finding(i) for i in range(2_000)]
    accepted = frozenset({"fp0007", "fp1999"})
    kept, dropped = drop_baselined("a.md", found, links, [], accepted)
    assert [f.link for f in dropped] == ["l7", "l1999"]
    assert len(kept) == 1_998
    assert links.walks == 1
