"""Markdown format: GitHub-flavoured tables that survive pipes, newlines and HTML in cells."""

from __future__ import annotations

import re
from dataclasses import replace

from golden import assert_golden
from linkaudit.render import render_reports
from linkaudit.render.markdown import cell
from report_samples import bare_report, rich_report

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _tables(md: str) -> list[list[str]]:
    tables: list[list[str]] = []
    current: list[str] = []
    for line in md.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def test_markdown_golden() -> None:
    """The Markdown rendering of the rich sample matches its golden file exactly."""
    assert_golden("rich.md", render_reports([rich_report()], "markdown"))


def test_markdown_multi_golden() -> None:
    """Two reports render with an overview table first, as the golden file pins."""
    assert_golden("multi.md", render_reports([rich_report(), bare_report()], "markdown"))


def test_every_table_row_has_its_header_column_count() -> None:
    """Unescaped pipes in every row match the header's, so no cell text splits a table."""
    md = render_reports([rich_report(), bare_report()], "markdown")
    tables = _tables(md)
    assert len(tables) >= 6
    for table in tables:
        width = len(UNESCAPED_PIPE.findall(table[0]))
        assert all(len(UNESCAPED_PIPE.findall(row)) == width for row in table), table


def test_cell_escapes_pipes_newlines_and_html() -> None:
    """cell() escapes |, newlines, backticks and angle brackets, and marks an empty cell."""
    assert cell("a|b") == "a\\|b"
    assert cell("line1\nline2") == "line1<br>line2"
    assert cell("<script>x</script> & `y`") == "&lt;script&gt;x&lt;/script&gt; &amp; \\`y\\`"
    assert cell(None) == "—"
    assert cell("") == "—"


def test_claim_text_with_newline_and_script_stays_in_one_row() -> None:
    """A claim with a newline and <script> renders escaped within one table row."""
    report = rich_report()
    odd = replace(report.claims[3], text="first line\nsecond | <script>alert(1)</script>")
    md = render_reports([replace(report, claims=(*report.claims[:3], odd))], "markdown")
    row = next(line for line in md.splitlines() if line.startswith("| c4 |"))
    assert "first line second \\| &lt;script&gt;alert(1)&lt;/script&gt;" in row
    assert "<script>" not in md


def test_summary_counts_match_report() -> None:
    """The summary tables give each basis and each present status its count and the totals."""
    md = render_reports([rich_report()], "markdown")
    assert "| state-media | 2 |" in md
    assert "| unsourced | 1 |" in md
    assert "| missing-target | 1 |" in md
    assert "| **total** | **12** |" in md
    assert "**3 errors, 5 warnings, 4 notes**" in md


def test_report_without_findings_says_so() -> None:
    """A report without findings says 'No findings.' and lists only statuses present."""
    md = render_reports([bare_report()], "markdown")
    assert "No findings." in md
    assert "| ok | 1 |" in md
    assert "| dead |" not in md


def test_only_web_urls_become_markdown_links() -> None:
    """A javascript: URL in a link or archive is shown as escaped text, not as a link target."""
    report = rich_report()
    evil = "javascript:alert(1)"
    first = report.links[0]
    assert first.archive is not None
    bad = replace(first, url=evil, archive=replace(first.archive, url=evil))
    md = render_reports([replace(report, links=(bad, *report.links[1:]))], "markdown")
    row = next(line for line in md.splitlines() if line.startswith("| l1 |"))
    assert "(<javascript:" not in row
    assert "<javascript:" not in row
    assert row.count(evil) == 2


def _huge_run(documents: int, links_each: int) -> list:
    """Reports whose full Markdown is several MiB: many dead links, each a finding."""
    from dataclasses import replace

    from linkaudit.model import Finding, Link

    base = rich_report()
    reports = []
    for d in range(documents):
        links = tuple(
            Link(
                id=f"l{i + 1}", anchor=f"source number {i} " + "x" * 40,
                href=f"https://example.org/{d}/{i}/" + "p" * 60,
                url=f"https://example.org/{d}/{i}/" + "p" * 60,
                start=0, end=1, line=i + 1, role="body", status="dead",
            )
            for i in range(links_each)
        )  # fmt: skip
        findings = tuple(
            Finding(
                "LA002", "error", f"Link {k.anchor!r} ({k.url}) is dead", link=k.id, line=k.line
            )
            for k in links
        )
        doc = replace(base.document, path=f"articles/{d}.md")
        reports.append(replace(base, document=doc, links=links, findings=findings))
    return reports


def test_job_summary_stays_under_github_limit_with_a_note() -> None:
    """A run whose Markdown would be several MiB is cut under 1 MiB, findings kept first, with a
    note saying what was cut."""
    reports = _huge_run(documents=5, links_each=3000)
    full = len("\n".join(render_reports(reports[:1], "json")).encode())
    assert full > 1_048_576  # the input is big
    text = render_reports(reports, "markdown")
    assert len(text.encode("utf-8")) < 1_048_576
    assert "Cut to fit GitHub's 1 MiB job summary" in text
    assert "more links cut" in text
    # every document keeps its heading and counts; the run table lists all five
    for d in range(5):
        assert f"`articles/{d}.md`" in text
    assert text.count("❌ error") > 1000  # findings are kept before the tables


def test_small_summary_is_not_cut() -> None:
    """A report that fits is rendered whole, without a cut note."""
    text = render_reports([rich_report()], "markdown")
    assert "Cut to fit" not in text
