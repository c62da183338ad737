"""The registry as extract and classify see it: a Protocol, so the stages can be tested with a
fake and the real ``linkaudit.classify.registry.Registry`` plugs in unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar


class EntryLike(Protocol):
    """What we read of a registry entry (``RegistryEntry``)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def kind(self) -> str: ...
    @property
    def cls(self) -> str: ...
    @property
    def country(self) -> str | None: ...
    @property
    def basis(self) -> str: ...


E = TypeVar("E", bound=EntryLike)
E_co = TypeVar("E_co", bound=EntryLike, covariant=True)


class NameMatchLike(Protocol[E_co]):
    """A registry name found in a text: ``NameMatch(entry, start, end, surface)``."""

    @property
    def entry(self) -> E_co: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def surface(self) -> str: ...


class RegistryLike(Protocol[E]):
    """The source registry (outlets, agencies, governments, think tanks)."""

    def find_names(self, text: str) -> Sequence[NameMatchLike[E]]: ...
    def by_name(self, name: str) -> E | None: ...
    def by_url(self, url: str) -> E | None: ...
    def original(self, entry: E) -> E: ...


# Registry kinds are free text in the source data ("state-media (news agency)"); these are the
# kinds that make an entry a publication, whose naming in a sentence is a "mention" cue.
MEDIA_KIND_PREFIXES = (
    "state-media",
    "public-media",
    "public-broadcaster",
    "international-broadcaster",
    "wire",
    "newspaper",
    "broadcaster",
    "magazine",
    "digital",
    "outlet",
    "news",
    "specialist-news",
    "website",
    "blog",
    "aggregator",
    "state-linked outlet",
    "pro-",
)


def is_media(entry: EntryLike) -> bool:
    """True when the entry is a publication rather than a government body or think tank."""
    kind = entry.kind.lower()
    return entry.cls == "state-media" or kind.startswith(MEDIA_KIND_PREFIXES)
