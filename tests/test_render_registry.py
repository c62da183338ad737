"""The renderer registry and Protocol: every format registered, dispatched and well-behaved."""

from __future__ import annotations

import pytest

from linkaudit.errors import UsageError
from linkaudit.render import RENDERERS, Renderer, get_renderer, render_reports
from report_samples import bare_report, rich_report

FORMATS = ["text", "json", "markdown", "html", "sarif", "junit", "ndjson"]


def test_registry_lists_every_format_text_first() -> None:
    """The registry holds exactly the seven formats, with text (the default) first."""
    assert list(RENDERERS) == FORMATS


@pytest.mark.parametrize("name", FORMATS)
def test_renderers_satisfy_the_protocol(name: str) -> None:
    """Each registered renderer is a Renderer whose name is its key and suffix a dot-suffix."""
    renderer = get_renderer(name)
    assert isinstance(renderer, Renderer)
    assert renderer.name == name
    assert renderer.suffix.startswith(".")
    assert len(renderer.suffix) > 1


def test_suffixes_are_distinct() -> None:
    """No two formats write files with the same suffix, so several outputs never collide."""
    suffixes = [r.suffix for r in RENDERERS.values()]
    assert len(set(suffixes)) == len(suffixes)


def test_unknown_format_is_a_usage_error() -> None:
    """An unknown format name raises UsageError listing the known ones."""
    with pytest.raises(UsageError, match="known: text, json"):
        get_renderer("pdf")


@pytest.mark.parametrize("name", FORMATS)
def test_render_reports_dispatches_by_name(name: str) -> None:
    """render_reports gives what the named renderer gives, ending in one newline."""
    reports = [rich_report(), bare_report()]
    out = render_reports(reports, name)
    assert out == RENDERERS[name].render(reports)
    assert out.endswith("\n")
    assert not out.endswith("\n\n")


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_handles_no_reports(name: str) -> None:
    """An empty run (no articles) renders without error in every format."""
    assert isinstance(render_reports([], name), str)
