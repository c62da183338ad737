"""Every output format pinned on the fixture article (offline), against golden files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from golden import assert_golden
from linkaudit.audit import AuditOptions, audit
from linkaudit.model import Report
from linkaudit.render import RENDERERS, render_reports
from linkaudit.schema import validate_report

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = "fixtures/north-korea-geopolitics.txt"
FIXED = "2024-01-25T00:00:00Z"


@pytest.fixture(scope="module")
def report(request: pytest.FixtureRequest) -> Report:
    """The fixture's offline report with its clock-dependent fields pinned."""
    request.getfixturevalue("monkeypatch_module").chdir(ROOT)
    got = audit(FIXTURE, AuditOptions(offline=True))
    links = tuple(
        replace(link, check=replace(link.check, checked_at=FIXED)) if link.check else link
        for link in got.links
    )
    return replace(got, generated_at=FIXED, links=links)


@pytest.fixture(scope="module")
def monkeypatch_module():  # type: ignore[no-untyped-def]
    """A module-scoped monkeypatch (the report is built once for all formats)."""
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_fixture_golden(report: Report, fmt: str) -> None:
    """The fixture article renders exactly as its golden file in this format."""
    text = render_reports([report], fmt)
    if fmt == "json":
        validate_report(json.loads(text))
    assert_golden(f"fixture{RENDERERS[fmt].suffix}", text)
