"""What the extractor may read of a parse: plain frozen records, no spaCy types.

Offsets are character offsets into ``Document.text``; ``head`` indexes the same sentence's
``toks`` (a root is its own head, as in spaCy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Tok:
    i: int  # index in the sentence
    text: str
    start: int
    end: int
    lemma: str
    pos: str  # universal POS: PROPN, VERB, NOUN, PRON ...
    tag: str  # Penn tag: VBD, NNP ...
    dep: str  # nsubj, nsubjpass, agent, appos, compound ...
    head: int
    ent: str = ""  # entity label (PERSON, ORG, GPE, NORP, DATE ...) or ""
    ent_iob: str = "O"  # B, I or O
    gender: str = ""  # Masc | Fem | Neut from the morphology (pronouns), else ""
    number: str = ""  # Sing | Plur, else ""


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    start: int
    end: int
    toks: tuple[Tok, ...]

    # dependents of each token, built once: the cue rules ask for children many times a sentence
    _kids: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        kids: list[list[int]] = [[] for _ in self.toks]
        for t in self.toks:
            if t.head != t.i and 0 <= t.head < len(kids):
                kids[t.head].append(t.i)
        object.__setattr__(self, "_kids", tuple(tuple(k) for k in kids))

    def children(self, i: int) -> list[Tok]:
        """The dependents of token ``i`` in order."""
        return [self.toks[k] for k in self._kids[i]]

    def subtree(self, i: int) -> tuple[int, int]:
        """(first, last) token indexes of the subtree under ``i`` (projective parses)."""
        lo = hi = i
        stack = [i]
        while stack:
            for k in self._kids[stack.pop()]:
                lo, hi = min(lo, k), max(hi, k)
                stack.append(k)
        return lo, hi


class ParseLike(Protocol):
    """Anything that parses spans of a text into ParsedSentences (the real parser or a fake)."""

    def parse_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[ParsedSentence]: ...
