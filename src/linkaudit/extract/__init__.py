"""Extract stage: sentences, split links, and who each claim is attributed to."""

from __future__ import annotations

from linkaudit.extract.attribution import extract
from linkaudit.extract.continuations import find_continuations
from linkaudit.extract.protocols import EntryLike, NameMatchLike, RegistryLike
from linkaudit.extract.sentences import split_sentences

__all__ = [
    "EntryLike",
    "NameMatchLike",
    "RegistryLike",
    "extract",
    "find_continuations",
    "split_sentences",
]
