"""GitHub-flavoured Markdown: fits a job summary ($GITHUB_STEP_SUMMARY) or an issue body.

Every cell goes through ``cell()``: a ``|`` or a newline in article text would otherwise break
the table, and ``<script>`` would be swallowed by GitHub's sanitiser instead of shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from linkaudit.model import BASES, LINK_STATUSES, Link, Report
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


def _findings(report: Report) -> list[str]:
    if not report.findings:
        return ["No findings.", ""]
    lines = [f"### Findings ({len(report.findings)})", ""]
    for f in report.findings:
        where = f"line {f.line}" if f.line is not None else ""
        if where and f.column is not None:
            where += f":{f.column}"
        subject = ", ".join(x for x in (f.link, f.claim) if x)
        tail = " · ".join(x for x in (where, subject) if x)
        lines.append(
            f"- {SEVERITY_MARK[f.severity]} `{f.rule}` {cell(f.message)}"
            + (f" ({tail})" if tail else "")
        )
    lines.append("")
    return lines


def _claims(report: Report) -> list[str]:
    if not report.claims:
        return []
    names = {s.id: s for s in report.sources}
    lines = [
        f"### Claims ({len(report.claims)})",
        "",
        "| # | Line | Basis | Claim | Sources | Cue | Links |",
        "|---|---:|---|---|---|---|---|",
    ]
    for c in report.claims:
        sources = sources_label(c, names)
        lines.append(
            f"| {c.id} | {c.line} | {c.basis} | {cell(c.text, 200)} | {cell(sources)} "
            f"| {cell(c.cue)} | {' '.join(c.links) or '—'} |"
        )
    lines.append("")
    return lines


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


def _links(report: Report) -> list[str]:
    if not report.links:
        return []
    return [
        f"### Links ({len(report.links)})",
        "",
        "| # | Line | Status | HTTP | Anchor | URL | Archive |",
        "|---|---:|---|---:|---|---|---|",
        *(_link_row(k) for k in report.links),
        "",
    ]


def render_report(report: Report, level: int = 2) -> list[str]:
    """The Markdown lines of one report, its heading at ``level``."""
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
        f"**{sev['error']} errors, {sev['warning']} warnings, {sev['note']} notes** · "
        f"{len(report.claims)} claims · {len(report.links)} links",
        "",
        *_summary_tables(report),
        *_findings(report),
        *_claims(report),
        *_links(report),
    ]


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


@dataclass
class _Part:
    """A run of lines that may be cut row by row: ``head`` lines first, then ``rows``."""

    head: list[str]
    rows: list[str]
    what: str = ""  # "findings", "claims", "links": named in the cut note
    kept: int = -1  # rows kept; -1 until the budget decides
    tail: list[str] = field(default_factory=lambda: [""])

    def lines(self) -> list[str]:
        kept = len(self.rows) if self.kept < 0 else self.kept
        if not self.rows:
            return [*self.head, *self.tail]
        out = [*self.head, *self.rows[:kept]]
        if kept < len(self.rows):
            out.append(
                f"| _… {len(self.rows) - kept} more {self.what} cut to fit GitHub's 1 MiB job "
                "summary; the JSON or HTML report has them all_ |"
                if self.head and self.head[-1].startswith("|")
                else f"- _… {len(self.rows) - kept} more {self.what} cut to fit GitHub's 1 MiB "
                "job summary; the JSON or HTML report has them all_"
            )
        return [*out, *self.tail]


def _split(lines: list[str], head: int, what: str) -> _Part:
    # every part's lines end with one blank line; rows are what lies between head and it
    body = lines[:-1] if lines and lines[-1] == "" else lines
    return _Part(body[:head], body[head:], what)


def _parts(report: Report, level: int) -> list[_Part]:
    """One report as parts: the essentials (never cut), then findings, claims, links."""
    essentials = render_report(report, level)[: 6 + len(_summary_tables(report))]
    parts = [_Part(essentials, [], tail=[])]
    findings = _findings(report)
    parts.append(_split(findings, 2, "findings") if report.findings else _Part(findings, []))
    for what, lines in (("claims", _claims(report)), ("links", _links(report))):
        if lines:
            parts.append(_split(lines, 4, what))
    return parts


def _size(lines: Sequence[str]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _fit(groups: list[list[_Part]], budget: int) -> int:
    """Keep rows by priority (findings, then claims, then links) within ``budget`` bytes,
    taking one row from each document in turn so no document's findings crowd out another's;
    returns how many rows were cut."""
    used = sum(_size(g[0].lines()) for g in groups)
    for what in ("findings", "claims", "links"):
        parts = [p for g in groups for p in g if p.what == what]
        open_parts = []
        for part in parts:
            part.kept = 0
            fixed = _size([*part.head, *part.tail]) + 200  # head, blank, the cut note
            if used + fixed <= budget:
                used += fixed
                open_parts.append(part)
        row = 0
        while open_parts:
            still = []
            for part in open_parts:
                if row >= len(part.rows):
                    continue
                size = _size([part.rows[row]])
                if used + size <= budget:
                    used += size
                    part.kept += 1
                    still.append(part)
            open_parts = still
            row += 1
    return sum(len(p.rows) - max(p.kept, 0) for g in groups for p in g if p.what)


class MarkdownRenderer:
    """``--format markdown``: whole, or cut row by row to stay under ``max_bytes``."""

    name = "markdown"
    suffix = ".md"

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        if len(reports) == 1:
            lines = render_report(reports[0])
        else:
            lines = _run_header(reports)
            for r in reports:
                lines += render_report(r, level=2)
        text = "\n".join(lines).rstrip("\n") + "\n"
        if len(text.encode("utf-8")) <= self.max_bytes:
            return text
        return self._cut(reports)

    def _cut(self, reports: Sequence[Report]) -> str:
        head = _run_header(reports) if len(reports) > 1 else []
        groups = [_parts(r, 2) for r in reports]
        note = (
            "> **Cut to fit GitHub's 1 MiB job summary:** {n} rows of findings, claims and links "
            "are left out (findings are kept first). The JSON or HTML report has everything."
        )
        cut = _fit(groups, self.max_bytes - _size(head) - len(note) - 20)
        lines = [*head, note.format(n=cut), ""]
        for group in groups:
            for part in group:
                lines += part.lines()
        return "\n".join(lines).rstrip("\n") + "\n"
