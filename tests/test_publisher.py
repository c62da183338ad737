"""The report's document names its publisher's registry entry and a repost's original."""

from __future__ import annotations

from pathlib import Path

from linkaudit.audit import AuditOptions, audit

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "north-korea-geopolitics.txt"


def test_fixture_publisher_and_original() -> None:
    """The Global Research repost: Global Research as publisher, Indian Punchline as original."""
    doc = audit(str(FIXTURE), AuditOptions(offline=True, cache_path=None)).document
    assert doc.publisher_source is not None
    assert doc.publisher_source.registry_id == "globalresearch"
    assert doc.original is not None
    assert doc.original.registry_id == "indian-punchline"


def test_state_outlet_page_rests_on_state_media(tmp_path: Path) -> None:
    """A page whose canonical URL is on rt.com has an RT publisher entry of class state-media."""
    page = tmp_path / "rt.html"
    page.write_text(
        "<html><head><title>Moscow responds</title>"
        '<link rel="canonical" href="https://www.rt.com/russia/123-moscow-responds/"></head>'
        "<body><article><h1>Moscow responds</h1><p>The Kremlin said on Monday that the talks "
        "would go on, according to a spokesman.</p><p>Officials said more talks were planned for "
        "next week in Geneva.</p></article></body></html>",
        encoding="utf-8",
    )
    doc = audit(str(page), AuditOptions(offline=True, cache_path=None)).document
    assert doc.publisher_source is not None
    assert doc.publisher_source.cls == "state-media"
    assert doc.original is None


def test_unknown_publisher_has_no_class(tmp_path: Path) -> None:
    """A publisher the registry does not know is named, with no class invented for it."""
    page = tmp_path / "a.md"
    page.write_text(
        "---\npublisher: The Smalltown Gazette\n---\n\nThe mayor said the road would reopen.\n",
        encoding="utf-8",
    )
    doc = audit(str(page), AuditOptions(offline=True, cache_path=None)).document
    assert doc.publisher_source is not None
    assert doc.publisher_source.name == "The Smalltown Gazette"
    assert doc.publisher_source.cls is None
