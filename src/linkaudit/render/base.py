"""The one interface every output format implements."""

from __future__ import annotations

from collections.abc import Sequence
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

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        """The whole output; ``color`` only matters to formats meant for a terminal."""
        ...
