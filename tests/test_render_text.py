"""The default text format: grouped claims, links, findings, summary; colour only on request."""

from __future__ import annotations

import re
from dataclasses import replace

from rich.cells import cell_len

from golden import assert_golden
from linkaudit.render import render_reports
from linkaudit.render.labels import sources_label
from report_samples import bare_report, rich_report

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_text_golden() -> None:
    """The text rendering of the rich sample matches its golden file exactly."""
    assert_golden("rich.txt", render_reports([rich_report()], "text"))


def test_text_multi_golden() -> None:
    """Two reports render one after the other, separated by a rule, as the golden file pins."""
    assert_golden("multi.txt", render_reports([rich_report(), bare_report()], "text"))


def test_plain_output_has_no_escape_codes() -> None:
    """Without colour the output holds no ANSI escape sequences."""
    out = render_reports([rich_report()], "text", color=False)
    assert "\x1b" not in out


def test_color_output_differs_only_by_escape_codes() -> None:
    """With colour, stripping the ANSI codes gives back the plain output's words."""
    plain = render_reports([rich_report()], "text")
    colored = render_reports([rich_report()], "text", color=True)
    assert "\x1b[" in colored
    assert ANSI.sub("", colored).split() == plain.split()


def test_fits_100_columns() -> None:
    """No line is wider than 100 terminal cells, counting wide CJK characters as two."""
    out = render_reports([rich_report(), bare_report()], "text")
    assert max(cell_len(line) for line in out.splitlines()) <= 100


def test_claims_are_grouped_by_basis_in_order() -> None:
    """Claim groups appear as primary, state-media, secondary, unsourced, then links, findings."""
    out = render_reports([rich_report()], "text")
    heads = ["PRIMARY (1)", "STATE-MEDIA (2)", "SECONDARY (2)", "UNSOURCED (1)"]
    heads += ["LINKS (12)", "ARCHIVED COPIES (3)", "FINDINGS (12)"]
    positions = [out.index(h) for h in heads]
    assert positions == sorted(positions)
    assert out.rstrip().splitlines()[-1] == (
        "articles/korea talks.txt: 3 errors, 5 warnings, 4 notes · 6 claims, 12 links"
    )


def test_empty_groups_are_left_out() -> None:
    """A basis with no claims gets no table, and a report without findings no findings list."""
    out = render_reports([bare_report()], "text")
    assert "PRIMARY (1)" in out
    assert "UNSOURCED (1)" in out
    assert "STATE-MEDIA" not in out
    assert "SECONDARY" not in out
    assert "FINDINGS" not in out
    assert "0 errors, 0 warnings, 0 notes" in out


def test_lost_target_and_final_url_are_shown() -> None:
    """A link with no target says it is lost, and a moved link shows where it ends."""
    out = render_reports([rich_report()], "text")
    assert "(lost: #)" in out
    assert "https://www.reuters.com/world/asia/sat →" in out


def test_long_claim_is_shortened() -> None:
    """A very long claim sentence is cut with an ellipsis instead of flooding the table."""
    report = rich_report()
    long = replace(report.claims[0], text="word " * 200)
    out = render_reports([replace(report, claims=(long, *report.claims[1:]))], "text")
    assert "…" in out
    assert out.count("word") < 60


def test_several_reports_end_with_a_run_total() -> None:
    """A run over several documents ends with one line totalling findings, claims and links."""
    out = render_reports([rich_report(), bare_report()], "text")
    assert out.rstrip().splitlines()[-1] == (
        "2 documents: 3 errors, 5 warnings, 4 notes · 8 claims, 13 links"
    )
    assert "(html) · linkaudit" in out  # an untitled document names its path once


def test_sources_label_names_the_relay_once() -> None:
    """A relayed claim reads 'speaker via outlet', an unsourced one is empty, others are listed."""
    report = rich_report()
    sources = {s.id: s for s in report.sources}
    by_id = {c.id: c for c in report.claims}
    assert sources_label(by_id["c6"], sources) == "Dmitry Peskov (primary) via TASS (state-media)"
    assert sources_label(by_id["c6"], sources, with_class=False) == "Dmitry Peskov via TASS"
    assert sources_label(by_id["c4"], sources) == ""
    assert sources_label(by_id["c2"], sources) == "Ned Price (primary)"
    relayed_only = replace(by_id["c2"], sources=(), via="Yonhap")
    assert sources_label(relayed_only, sources) == "via Yonhap"
