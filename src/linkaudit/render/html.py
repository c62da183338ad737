"""One self-contained HTML page: the article with every claim highlighted by basis.

The page needs no network: CSS and JS are inline, the report data rides along as JSON in a
``<script type="application/json">`` block that the panel reads with ``textContent`` (never
``innerHTML``), and jinja2 autoescapes everything else.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from linkaudit.model import BASES, LINK_STATUSES, Claim, Link, Report, Source
from linkaudit.render.jsonfmt import report_to_dict
from linkaudit.render.labels import sources_label

BASIS_TAG = {"primary": "P", "state-media": "SM", "secondary": "S", "unsourced": "U"}
# statuses a reader must act on; the page sorts and colours them first
BAD_STATUSES = frozenset({"dead", "soft-404", "missing-target", "failing", "error", "timeout"})
# evidence that is gone for good (not merely failing tonight)
BROKEN = frozenset({"dead", "soft-404", "missing-target", "error"})
FOLD_MIN_CHARS = 120  # shorter chrome (a byline) is left in place
SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}
ARCHIVE_WORDS = {
    "none": "no archived copy",
    "unavailable": "archives unavailable",
    "skipped": "not looked up",
}


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    open: Markup
    close: Markup
    outer: bool  # claims wrap links, never the other way round


def _claim_span(prefix: str, c: Claim, sources: dict[str, Source]) -> _Span:
    tag = BASIS_TAG[c.basis]
    # who the claim rests on, readable in the text itself, not only on click
    names = sources_label(c, sources, with_class=False)
    close = (
        Markup('<span class="srcname"> — {names}</span></mark>').format(names=names)
        if names
        else Markup("</mark>")
    )
    return _Span(
        c.start,
        c.end,
        Markup(
            '<mark class="claim b-{basis}" id="{p}-{id}" data-claim="{id}" data-basis="{basis}"'
            ' tabindex="0" role="button" aria-label="claim {id}, {basis}">'
            '<span class="btag" aria-hidden="true">{tag}</span>'
        ).format(p=prefix, id=c.id, basis=c.basis, tag=tag),
        close,
        outer=True,
    )


def _link_span(prefix: str, k: Link) -> _Span:
    return _Span(
        k.start,
        k.end,
        Markup(
            '<span class="lnk s-{status}" id="{p}-{id}" data-link="{id}" data-status="{status}"'
            ' title="{id}: {status}">'
        ).format(p=prefix, id=k.id, status=k.status),
        Markup('<sup class="ltag">{status}</sup></span>').format(status=k.status),
        outer=False,
    )


def _kept_spans(report: Report, prefix: str, text: str) -> list[_Span]:
    """Claims that do not overlap, and links nested in one claim or outside all of them."""
    spans: list[_Span] = []
    last_end = 0
    sources = {s.id: s for s in report.sources}
    for c in sorted(report.claims, key=lambda c: (c.start, c.end)):
        if last_end <= c.start < c.end <= len(text):
            spans.append(_claim_span(prefix, c, sources))
            last_end = c.end
    claims = list(spans)
    # Kept claims are disjoint and sorted, so their ends are sorted too: the claims a link
    # crosses are found by bisection instead of comparing every link with every claim.
    ends = [s.end for s in claims]
    last_end = 0
    for k in sorted(report.links, key=lambda k: (k.start, k.end)):
        if not (last_end <= k.start < k.end <= len(text)):
            continue
        if _nests_cleanly(claims, ends, k):
            spans.append(_link_span(prefix, k))
            last_end = k.end
    return spans


def _nests_cleanly(claims: Sequence[_Span], ends: Sequence[int], k: Link) -> bool:
    """True when every claim the link crosses also contains it (nested in one, or in none)."""
    i = bisect.bisect_right(ends, k.start)  # first claim ending after the link starts
    while i < len(claims) and claims[i].start < k.end:
        if not (claims[i].start <= k.start and k.end <= claims[i].end):
            return False
        i += 1
    return True


def _crosses(spans: Sequence[_Span], starts: Sequence[int], pos: int) -> bool:
    """True when one of the disjoint, sorted ``spans`` runs across ``pos``."""
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and spans[i].start < pos < spans[i].end


def _chrome_runs(report: Report, spans: Sequence[_Span], size: int) -> list[tuple[int, int]]:
    """Runs of consecutive page-chrome blocks (navigation, bylines, footers) to fold away,
    each bounded where no claim or link span is cut in two."""
    runs: list[list[int]] = []  # [start, end, blocks]
    prev_chrome = False
    for b in report.document.blocks:
        chrome = b.role == "chrome" and 0 <= b.start < b.end <= size
        if chrome and prev_chrome and runs:
            runs[-1][1:] = [b.end, runs[-1][2] + 1]
        elif chrome:
            runs.append([b.start, b.end, 1])
        prev_chrome = chrome
    # a lone short block (a byline, a caption) stays in place; menus and footers fold
    kept = [(a, z) for a, z, n in runs if n >= 2 or z - a >= FOLD_MIN_CHARS]
    outer = sorted((s for s in spans if s.outer), key=lambda s: s.start)
    inner = sorted((s for s in spans if not s.outer), key=lambda s: s.start)
    o_starts, i_starts = [s.start for s in outer], [s.start for s in inner]
    return [
        (a, z)
        for a, z in kept
        if not any(
            _crosses(group, starts, pos)
            for pos in (a, z)
            for group, starts in ((outer, o_starts), (inner, i_starts))
        )
    ]


def article_html(report: Report, prefix: str) -> Markup:
    """The document text, escaped, with claim and link spans marked up and page chrome
    folded into closed <details>, so the article itself is what the reader sees first."""
    text = report.document.text or ""
    spans = _kept_spans(report, prefix, text)
    opens: dict[int, list[_Span]] = {}
    closes: dict[int, list[_Span]] = {}
    for s in spans:
        opens.setdefault(s.start, []).append(s)
        closes.setdefault(s.end, []).append(s)
    runs = _chrome_runs(report, spans, len(text))
    fold_open = {a: z for a, z in runs}
    fold_close = {z for _a, z in runs}
    cuts = sorted({0, len(text), *opens, *closes, *fold_open, *fold_close})
    out: list[str] = []
    for i, pos in enumerate(cuts):
        out.extend(s.close for s in sorted(closes.get(pos, []), key=lambda s: s.outer))
        if pos in fold_close:
            out.append(Markup("</details>"))
        if pos in fold_open:
            out.append(
                Markup(
                    '<details class="chrome"><summary>page chrome (navigation, bylines, '
                    "footers): {n} characters</summary>"
                ).format(n=fold_open[pos] - pos)
            )
        out.extend(s.open for s in sorted(opens.get(pos, []), key=lambda s: not s.outer))
        if i + 1 < len(cuts):
            out.append(escape(text[pos : cuts[i + 1]]))
    return Markup("").join(out)


def web_link(url: str, text: str | None = None) -> Markup:
    """An <a> for an http(s) URL; any other scheme (javascript:, data:) is shown as text only."""
    label = text if text is not None else url
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # "http://[::1" and the like: a broken citation, shown, never followed
        scheme = ""
    if scheme in ("http", "https"):
        return Markup('<a href="{url}" rel="noopener noreferrer">{label}</a>').format(
            url=url, label=label
        )
    return Markup("<span>{label}</span>").format(label=label)


def _script_json(data: object) -> Markup:
    # "</script>" or "<!--" inside article text must not end the script block early
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    raw = raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(raw.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _archive_note(k: Link) -> str:
    if k.archive is not None:
        return "archived"
    return ARCHIVE_WORDS.get(k.archive_state or "", "no archive lookup")


def _overview(report: Report) -> dict[str, Any]:
    """What an editor must see first: broken evidence, claims left without it, state media."""
    links = {k.id: k for k in report.links}
    bad_body = [k for k in report.links if k.role == "body" and k.status in BAD_STATUSES]
    only_broken = [
        c
        for c in report.claims
        if c.links
        and all(
            (k := links.get(lid)) is not None and k.status in BROKEN and k.archive is None
            for lid in c.links
        )
    ]
    findings = sorted(report.findings, key=lambda f: SEVERITY_ORDER[f.severity])
    return {
        "evidence": [(k, _archive_note(k)) for k in bad_body],
        "only_broken": only_broken,
        "state_only": [c for c in report.claims if c.basis == "state-media"],
        "findings": [f for f in findings if f.severity != "note"],
        "notes": [f for f in findings if f.severity == "note"],
        "dead": sum(1 for k in report.links if k.role == "body" and k.status in BROKEN),
        "unchecked": sum(1 for k in report.links if k.role == "body" and k.status == "unchecked"),
    }


def _view(report: Report, index: int) -> dict[str, Any]:
    prefix = f"r{index + 1}"
    by_status = report.by_status()
    sources = {s.id: s for s in report.sources}
    return {
        "overview": _overview(report),
        "prefix": prefix,
        "report": report,
        "doc": report.document,
        "article": article_html(report, prefix) if report.document.text else None,
        "by_basis": report.by_basis(),
        "statuses": [(s, by_status[s]) for s in LINK_STATUSES if by_status.get(s)],
        "sources": sources,
        "links_by_id": {k.id: k for k in report.links},
        "severity": {
            s: sum(1 for f in report.findings if f.severity == s)
            for s in ("error", "warning", "note")
        },
    }


def _panel_data(report: Report) -> dict[str, Any]:
    data = report_to_dict(report)
    # the article is already on the page; carrying it twice would double the file
    data["document"]["text"] = None
    return data


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("linkaudit.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["BASES"] = BASES
    env.globals["BASIS_TAG"] = BASIS_TAG
    env.globals["BAD_STATUSES"] = BAD_STATUSES
    env.globals["sources_label"] = sources_label
    env.globals["web_link"] = web_link
    return env


def html_pieces(reports: Sequence[Report]) -> Iterator[str]:
    """The whole page for ``reports`` (one section per document), as the template yields it.

    Not constant in memory: the page carries each report's data as one JSON block and the
    article as one marked-up string; the pieces spare only the final join of the page."""
    views = [_view(r, i) for i, r in enumerate(reports)]
    data = {v["prefix"]: _panel_data(v["report"]) for v in views}
    if len(reports) == 1:
        title = reports[0].document.title or reports[0].document.path
    else:
        title = f"{len(reports)} documents"
    template = _environment().get_template("report.html.j2")
    return template.generate(title=title, views=views, data=_script_json(data))


def render_html(reports: Sequence[Report]) -> str:
    """The whole page for ``reports`` (one section per document)."""
    return "".join(html_pieces(reports))


class HtmlRenderer:
    """``--format html``."""

    name = "html"
    suffix = ".html"

    def stream(self, reports: Sequence[Report], *, color: bool = False) -> Iterator[str]:
        return html_pieces(reports)

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        return render_html(reports)
