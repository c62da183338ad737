"""GitHub-flavoured Markdown: fits a job summary ($GITHUB_STEP_SUMMARY) or an issue body.

Every cell goes through ``cell()``: a ``|`` or a newline in article text would otherwise break
the table, and ``<script>`` would be swallowed by GitHub's sanitiser instead of shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from linkaudit.model import BASES, LINK_STATUSES, Finding, Link, Report
from linkaudit.render.labels import sources_label

SEVERITY_MARK = {"error": "❌ error", "warning": "⚠️ warning", "note": "ℹ️ note"}
# GitHub refuses a job summary over 1 MiB (1,048,576 bytes) per step; stay well under it,
# leaving room for the notes that say what was cut
MAX_BYTES = 1_000_000


def cell(text: str | None, limit: int = 0) -> str:
    """Text made safe for one GFM table cell (or list item)."""
    if not text:
        return "—"
    text = " ".join(text.split()) if limit else text
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    return text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def _url(url: str | None) -> str:
    if not url:
        return "—"
    # angle-bracket autolinks cannot hold spaces, "<" or ">"; show those as plain text
    if any(ch in url for ch in " <>|") or not url.startswith(("http://", "https://")):
        return cell(url)
    return f"<{url}>"


def _summary_tables(report: Report) -> list[str]:
    by_basis = report.by_basis()
    by_status = report.by_status()
    lines = [
        "| Basis | Claims |",
        "|---|---:|",
        *(f"| {b} | {by_basis[b]} |" for b in BASES),
        f"| **total** | **{len(report.claims)}** |",
        "",
        "| Link status | Links |",
        "|---|---:|",
        *(f"| {s} | {by_status[s]} |" for s in LINK_STATUSES if by_status.get(s)),
        f"| **total** | **{len(report.links)}** |",
        "",
    ]
    return lines


def _finding_row(f: Finding) -> str:
    where = f"line {f.line}" if f.line is not None else ""
    if where and f.column is not None:
        where += f":{f.column}"
    subject = ", ".join(x for x in (f.link, f.claim) if x)
    tail = " · ".join(x for x in (where, subject) if x)
    return f"- {SEVERITY_MARK[f.severity]} `{f.rule}` {cell(f.message)}" + (
        f" ({tail})" if tail else ""
    )


def _claim_rows(report: Report) -> Iterator[str]:
    names = {s.id: s for s in report.sources}
    for c in report.claims:
        sources = sources_label(c, names)
        yield (
            f"| {c.id} | {c.line} | {c.basis} | {cell(c.text, 200)} | {cell(sources)} "
            f"| {cell(c.cue)} | {' '.join(c.links) or '—'} |"
        )


def _link_row(k: Link) -> str:
    http = k.check.http_status if k.check and k.check.http_status else None
    final = k.check.final_url if k.check else None
    target = _url(k.url) if k.url else f"lost ({cell(k.href or 'empty')})"
    if final and final != k.url:
        target += f" → {_url(final)}"
    archive = "—"
    if k.archive is not None:
        label = cell(f"{k.archive.source} {k.archive.timestamp[:10]}")
        url = k.archive.url
        # <...> destinations allow parentheses and spaces; only < > and newlines break them
        safe = url.startswith(("http://", "https://")) and not any(ch in url for ch in "<>\n")
        archive = f"[{label}](<{url}>)" if safe else f"{label} {cell(url)}"
        if k.archive.saved_now:
            archive += " (saved now)"
    status = k.status + (" (chrome)" if k.role == "chrome" else "")
    return (
        f"| {k.id} | {k.line} | {status} | {http or '—'} | {cell(k.anchor, 60)} "
        f"| {target} | {archive} |"
    )


@dataclass
class _Part:
    """A run of lines that may be cut row by row: ``head`` lines first, then ``count`` rows
    drawn from ``rows`` one at a time, so only the rows kept are ever held."""

    head: list[str]
    rows: Iterator[str]
    count: int
    what: str = ""  # "findings", "claims", "links": named in the cut note
    kept: list[str] | None = None  # the rows kept; None: all of them (nothing was cut)
    tail: list[str] = field(default_factory=lambda: [""])

    def lines(self) -> Iterator[str]:
        yield from self.head
        if self.kept is None:
            yield from self.rows
        else:
            yield from self.kept
            if len(self.kept) < self.count:
                yield (
                    f"| _… {self.count - len(self.kept)} more {self.what} cut to fit GitHub's "
                    "1 MiB job summary; the JSON or HTML report has them all_ |"
                    if self.head and self.head[-1].startswith("|")
                    else f"- _… {self.count - len(self.kept)} more {self.what} cut to fit "
                    "GitHub's 1 MiB job summary; the JSON or HTML report has them all_"
                )
        if self.count or self.kept is None:
            yield from self.tail


def _head(report: Report, level: int) -> list[str]:
    """A report's heading, its counts and its summary tables: never cut."""
    doc = report.document
    title = doc.title or doc.path
    meta = " · ".join(cell(x) for x in (doc.publisher, doc.author, doc.date) if x)
    sev = {s: sum(1 for f in report.findings if f.severity == s) for s in SEVERITY_MARK}
    path = doc.path.replace("`", "'")
    return [
        f"{'#' * level} linkaudit: {cell(title)}",
        "",
        f"`{path}` ({doc.format})" + (f" · {meta}" if meta else ""),
        "",
        *(
            [f"_Language {doc.language.code}: {cell(doc.language.note)}_", ""]
            if doc.language is not None and doc.language.note
            else []
        ),
        f"**{sev['error']} errors, {sev['warning']} warnings, {sev['note']} notes** · "
        f"{len(report.claims)} claims · {len(report.links)} links",
        "",
        *_summary_tables(report),
    ]


def _parts(report: Report, level: int) -> list[_Part]:
    """One report as parts: the essentials (never cut), then findings, claims, links."""
    parts = [_Part(_head(report, level), iter(()), 0, tail=[])]
    if report.findings:
        head = [f"### Findings ({len(report.findings)})", ""]
        rows = (_finding_row(f) for f in report.findings)
        parts.append(_Part(head, rows, len(report.findings), "findings"))
    else:
        parts.append(_Part(["No findings."], iter(()), 0))
    if report.claims:
        head = [
            f"### Claims ({len(report.claims)})",
            "",
            "| # | Line | Basis | Claim | Sources | Cue | Links |",
            "|---|---:|---|---|---|---|---|",
        ]
        parts.append(_Part(head, _claim_rows(report), len(report.claims), "claims"))
    if report.links:
        head = [
            f"### Links ({len(report.links)})",
            "",
            "| # | Line | Status | HTTP | Anchor | URL | Archive |",
            "|---|---:|---|---:|---|---|---|",
        ]
        rows = (_link_row(k) for k in report.links)
        parts.append(_Part(head, rows, len(report.links), "links"))
    return parts


def report_lines(report: Report, level: int = 2) -> Iterator[str]:
    """The Markdown lines of one report, its heading at ``level``, one at a time."""
    for part in _parts(report, level):
        yield from part.lines()


def render_report(report: Report, level: int = 2) -> list[str]:
    """The Markdown lines of one report, its heading at ``level``."""
    return list(report_lines(report, level))


def _run_header(reports: Sequence[Report]) -> list[str]:
    errors = sum(1 for r in reports for f in r.findings if f.severity == "error")
    warnings = sum(1 for r in reports for f in r.findings if f.severity == "warning")
    lines = [
        f"# linkaudit: {len(reports)} documents",
        "",
        "| Document | Claims | Links | Errors | Warnings |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in reports:
        e = sum(1 for f in r.findings if f.severity == "error")
        w = sum(1 for f in r.findings if f.severity == "warning")
        lines.append(f"| {cell(r.document.path)} | {len(r.claims)} | {len(r.links)} | {e} | {w} |")
    lines += [f"| **total** | | | **{errors}** | **{warnings}** |", ""]
    return lines


def _size(lines: Iterable[str]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _fit(groups: list[list[_Part]], budget: int) -> int:
    """Keep rows by priority (findings, then claims, then links) within ``budget`` bytes,
    taking one row from each document in turn so no document's findings crowd out another's;
    returns how many rows were cut. Rows are drawn from each part only while they fit."""
    used = sum(_size(g[0].lines()) for g in groups)
    for what in ("findings", "claims", "links"):
        parts = [p for g in groups for p in g if p.what == what]
        open_parts = []
        for part in parts:
            part.kept = []
            fixed = _size([*part.head, *part.tail]) + 200  # head, blank, the cut note
            if used + fixed <= budget:
                used += fixed
                open_parts.append(part)
        while open_parts:
            still = []
            for part in open_parts:
                row = next(part.rows, None)
                if row is None:
                    continue
                size = _size([row])
                if used + size <= budget:
                    used += size
                    assert part.kept is not None
                    part.kept.append(row)
                    still.append(part)
            open_parts = still
    return sum(p.count - len(p.kept or ()) for g in groups for p in g if p.what)


def _ended(lines: Iterable[str]) -> Iterator[str]:
    """``"\\n".join(lines).rstrip("\\n") + "\\n"`` as pieces, holding back only newlines."""
    held = ""
    first = True
    for line in lines:
        piece = line if first else "\n" + line
        first = False
        body = piece.rstrip("\n")
        if body:
            yield held + body
            held = piece[len(body) :]
        else:
            held += piece
    yield "\n"


class MarkdownRenderer:
    """``--format markdown``: whole, or cut row by row to stay under ``max_bytes``."""

    name = "markdown"
    suffix = ".md"

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes

    def _lines(self, reports: Sequence[Report]) -> Iterator[str]:
        if len(reports) == 1:
            yield from report_lines(reports[0])
            return
        yield from _run_header(reports)
        for r in reports:
            yield from report_lines(r, level=2)

    def stream(self, reports: Sequence[Report], *, color: bool = False) -> Iterator[str]:
        # The output never exceeds max_bytes (about 1 MB): lines are held only until they
        # pass it, and past it the cut keeps only rows within the budget.
        held: list[str] = []
        size = 0  # bytes of "\n".join(held)
        trailing = 0  # of which the newlines at its end, which the output drops
        for line in self._lines(reports):
            sep = 1 if held else 0
            held.append(line)
            size += sep + len(line.encode("utf-8"))
            body = line.rstrip("\n")
            trailing = len(line) - len(body) if body else trailing + sep + len(line)
            if size - trailing + 1 > self.max_bytes:  # what is held already passes the cap
                return self._cut(reports)
        return _ended(held)

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        return "".join(self.stream(reports, color=color))

    def _cut(self, reports: Sequence[Report]) -> Iterator[str]:
        head = _run_header(reports) if len(reports) > 1 else []
        groups = [_parts(r, 2) for r in reports]
        note = (
            "> **Cut to fit GitHub's 1 MiB job summary:** {n} rows of findings, claims and links "
            "are left out (findings are kept first). The JSON or HTML report has everything."
        )
        cut = _fit(groups, self.max_bytes - _size(head) - len(note) - 20)

        def lines() -> Iterator[str]:
            yield from [*head, note.format(n=cut), ""]
            for group in groups:
                for part in group:
                    yield from part.lines()

        return _ended(lines())
