"""The one interface every output format implements."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from linkaudit.model import Report


@runtime_checkable
class Renderer(Protocol):
    """Turns finished reports into one output document of a format.

    ``name`` is what ``--format`` takes; ``suffix`` names the files the CLI writes. Several
    reports (a run over several articles) go into one output.
    """

    name: str
    suffix: str

    def stream(self, reports: Sequence[Report], *, color: bool = False) -> Iterator[str]:
        """The output as pieces of text to write one after the other: a writer that streams
        them holds one piece (a link, a finding, a table chunk), never the whole document."""
        ...

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        """The whole output (the pieces of ``stream`` joined); ``color`` only matters to
        formats meant for a terminal."""
        ...
