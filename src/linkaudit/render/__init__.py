"""Renderers: one module per format behind one Protocol, chosen from an explicit registry."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from linkaudit.errors import UsageError
from linkaudit.model import Report
from linkaudit.render.base import Renderer
from linkaudit.render.html import HtmlRenderer
from linkaudit.render.jsonfmt import JsonRenderer
from linkaudit.render.junit import JunitRenderer
from linkaudit.render.markdown import MarkdownRenderer
from linkaudit.render.ndjson import NdjsonRenderer
from linkaudit.render.sarif import SarifRenderer
from linkaudit.render.text import WIDTH, TextRenderer

__all__ = ["RENDERERS", "Renderer", "get_renderer", "render_reports", "stream_reports"]

# Explicit, ordered: the first is the default format; adding a format is one line here.
RENDERERS: dict[str, Renderer] = {
    r.name: r
    for r in (
        TextRenderer(),
        JsonRenderer(),
        MarkdownRenderer(),
        HtmlRenderer(),
        SarifRenderer(),
        JunitRenderer(),
        NdjsonRenderer(),
    )
}


def get_renderer(name: str) -> Renderer:
    """The renderer registered as ``name``; UsageError naming the known formats otherwise."""
    try:
        return RENDERERS[name]
    except KeyError:
        known = ", ".join(RENDERERS)
        raise UsageError(f"unknown format {name!r} (known: {known})") from None


def stream_reports(
    reports: Sequence[Report],
    fmt: str,
    *,
    color: bool = False,
    width: int | None = None,
    summary: bool = False,
) -> Iterator[str]:
    """Render ``reports`` in format ``fmt`` as pieces of one document, to be written in order
    (``outfile.write_text`` takes them): the rendering holds one piece at a time.

    ``width`` and ``summary`` shape the text format (a terminal's width, counts and findings
    only); the other formats have one layout.
    """
    renderer = get_renderer(fmt)
    if fmt == "text" and (width is not None or summary):
        renderer = TextRenderer(width or WIDTH, summary=summary)
    return renderer.stream(reports, color=color)


def render_reports(
    reports: Sequence[Report],
    fmt: str,
    *,
    color: bool = False,
    width: int | None = None,
    summary: bool = False,
) -> str:
    """Render ``reports`` in format ``fmt`` as one document (``stream_reports`` joined)."""
    return "".join(stream_reports(reports, fmt, color=color, width=width, summary=summary))
