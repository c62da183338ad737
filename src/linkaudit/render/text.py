"""The default terminal report: claims grouped by basis, then links, findings and a summary.

Rich tables at the width the caller gives (the terminal's, for a person; 100 columns by
default, so pipes and golden files stay the same); colour only when the caller asks for it.
Below 100 columns the claim tables drop their cue column and the links table its http column,
so each row keeps room for its text instead of folding into a column of fragments.
``summary`` prints only the counts, the findings and the totals.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from linkaudit.model import BASES, LINK_STATUSES, Claim, Finding, Link, Report, Severity
from linkaudit.render.labels import sources_label

WIDTH = 100
MIN_WIDTH = 40
MAX_WIDTH = 400
NARROW = 100  # below this, tables drop their least useful columns
CHUNK = 256  # table rows printed (and handed to the writer) at a time

BASIS_STYLE = {
    "primary": "bold green",
    "state-media": "bold red",
    "secondary": "bold blue",
    "unsourced": "bold yellow",
}
STATUS_STYLE = {
    "ok": "green",
    "redirected": "cyan",
    "failing": "yellow",
    "dead": "bold red",
    "soft-404": "red",
    "blocked": "magenta",
    "rate-limited": "magenta",
    "timeout": "yellow",
    "error": "yellow",
    "missing-target": "bold red",
    "excluded": "dim",
    "unchecked": "dim",
}
SEVERITY_STYLE: dict[Severity, str] = {"error": "bold red", "warning": "yellow", "note": "cyan"}


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _counts_line(report: Report) -> Text:
    line = Text()
    line.append(f"{_plural(len(report.claims), 'claim')}: ")
    by_basis = report.by_basis()
    line.append_text(
        Text(" · ").join(Text(f"{b} {by_basis[b]}", style=BASIS_STYLE[b]) for b in BASES)
    )
    by_status = report.by_status()
    line.append(f"\n{_plural(len(report.links), 'link')}: ")
    present = [s for s in LINK_STATUSES if by_status.get(s)]
    line.append_text(
        Text(" · ").join(Text(f"{s} {by_status[s]}", style=STATUS_STYLE[s]) for s in present)
        if present
        else Text("none")
    )
    return line


def _table(title: str, style: str = "bold", first: bool = True) -> Table:
    # a table's later parts (see _chunked) have neither title nor header
    return Table(
        title=Text(title, style=style) if first else None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        show_header=first,
        pad_edge=False,
        expand=True,
    )


def _claims_tables(console: Console, report: Report) -> Iterator[None]:
    names = {s.id: s for s in report.sources}
    wide = console.width >= NARROW
    for basis in BASES:
        count = sum(1 for c in report.claims if c.basis == basis)
        if not count:
            continue

        def table(first: bool, basis: str = basis, count: int = count) -> Table:
            t = _table(f"{basis.upper()} ({count})", BASIS_STYLE[basis], first)
            t.add_column("id", no_wrap=True, width=4)
            t.add_column("line", justify="right", no_wrap=True, width=4)
            t.add_column("claim", ratio=4, overflow="fold")
            t.add_column("source", ratio=2)
            if wide:
                t.add_column("cue", width=12, overflow="fold")
            t.add_column("links", no_wrap=False, width=7)
            return t

        def row(c: Claim) -> list[str | Text]:
            cells: list[str | Text] = [c.id, str(c.line), _short(c.text, 120)]
            cells.append(sources_label(c, names) or "—")
            if wide:
                cells.append(c.cue or "—")
            return [*cells, " ".join(c.links) or "—"]

        claims = (c for c in report.claims if c.basis == basis)
        yield from _chunked(console, table, (row(c) for c in claims))
        console.print()


def _chunked(
    console: Console, table: Callable[[bool], Table], rows: Iterable[list[str | Text]]
) -> Iterator[None]:
    """Print a table ``CHUNK`` rows at a time, yielding after each part: every column has a
    fixed width or a ratio, so the parts line up exactly as one table would."""
    part = table(True)
    for n, cells in enumerate(rows, 1):
        part.add_row(*cells)
        if n % CHUNK == 0:
            console.print(part)
            yield
            part = table(False)
    if part.row_count or part.show_header:
        console.print(part)
    yield


def _target(link: Link) -> str:
    url = link.url or f"(lost: {link.href or 'empty'})"
    final = link.check.final_url if link.check else None
    if final and final != link.url:
        url += f" → {final}"
    return url


def _links_table(console: Console, report: Report) -> Iterator[None]:
    if not report.links:
        return
    wide = console.width >= NARROW

    def table(first: bool) -> Table:
        t = _table(f"LINKS ({len(report.links)})", first=first)
        t.add_column("id", no_wrap=True, width=4)
        t.add_column("line", justify="right", no_wrap=True, width=4)
        t.add_column("status", no_wrap=True, width=14)
        if wide:
            t.add_column("http", justify="right", no_wrap=True, width=4)
        t.add_column("anchor", ratio=1)
        t.add_column("target", ratio=3, overflow="fold")
        return t

    def row(k: Link) -> list[str | Text]:
        http = k.check.http_status if k.check and k.check.http_status else None
        anchor = Text(_short(k.anchor, 40))
        if k.role == "chrome":
            anchor.append(" (chrome)", style="dim")
        status = Text(k.status, style=STATUS_STYLE[k.status])
        cells: list[str | Text] = [k.id, str(k.line), status]
        if wide:
            cells.append(str(http or "—"))
        return [*cells, anchor, _target(k)]

    yield from _chunked(console, table, (row(k) for k in report.links))
    archived = [k for k in report.links if k.archive is not None]
    if archived:
        # on their own lines: archive URLs are long and would fold the table into a column;
        # one grid, not parts: its source column is as wide as its widest cell
        console.print(Text(f"ARCHIVED COPIES ({len(archived)})", style="bold"))
        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(no_wrap=True, width=4)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for k in archived:
            assert k.archive is not None
            when = k.archive.timestamp[:10] + (" saved now" if k.archive.saved_now else "")
            grid.add_row(k.id, Text(f"{k.archive.source} {when}", style="dim"), k.archive.url)
        console.print(grid)
    console.print()
    yield


def _findings(console: Console, report: Report) -> Iterator[None]:
    if not report.findings:
        return
    console.print(Text(f"FINDINGS ({len(report.findings)})", style="bold"))

    # a grid, so a long message wraps inside its own column instead of under the rule id
    def grid(first: bool) -> Table:
        g = Table.grid(padding=(0, 1), expand=True)
        g.add_column(no_wrap=True, width=9)
        g.add_column(no_wrap=True, width=5)
        g.add_column(no_wrap=True, justify="right", width=7)
        g.add_column(ratio=1, overflow="fold")
        return g

    def row(f: Finding) -> list[str | Text]:
        where = f"{f.line}:{f.column}" if f.line is not None and f.column is not None else ""
        where = where or (str(f.line) if f.line is not None else "")
        subject = " ".join(x for x in (f.link, f.claim) if x)
        message = Text(f.message)
        if subject:
            message.append(f" [{subject}]", style="dim")
        return [
            Text(f"  {f.severity}", style=SEVERITY_STYLE[f.severity]),
            f.rule,
            Text(where, style="dim"),
            message,
        ]

    yield from _chunked(console, grid, (row(f) for f in report.findings))
    console.print()
    yield


def _summary(report: Report) -> Text:
    sev = {s: sum(1 for f in report.findings if f.severity == s) for s in SEVERITY_STYLE}
    text = Text(f"{report.document.path}: ")
    text.append(
        _plural(sev["error"], "error"), style=SEVERITY_STYLE["error"] if sev["error"] else ""
    )
    text.append(", ")
    text.append(_plural(sev["warning"], "warning"), style="yellow" if sev["warning"] else "")
    text.append(f", {_plural(sev['note'], 'note')} · ")
    text.append(f"{_plural(len(report.claims), 'claim')}, {_plural(len(report.links), 'link')}")
    return text


def _header(report: Report) -> Text:
    doc = report.document
    head = Text(doc.title or doc.path, style="bold")
    meta = [x for x in (doc.publisher, doc.author, doc.date) if x]
    if meta:
        head.append(" — " + ", ".join(meta))
    where = f"{doc.path} ({doc.format})" if doc.title else f"({doc.format})"
    head.append(f"\n{where} · linkaudit {report.tool_version}", style="dim")
    if doc.language is not None and doc.language.note:
        head.append(f"\nlanguage {doc.language.code}: {doc.language.note}", style="dim")
    return head


def _run_total(reports: Sequence[Report]) -> Text:
    sev = {
        s: sum(1 for r in reports for f in r.findings if f.severity == s) for s in SEVERITY_STYLE
    }
    claims = sum(len(r.claims) for r in reports)
    links = sum(len(r.links) for r in reports)
    text = Text(f"{len(reports)} documents: ", style="bold")
    text.append(
        _plural(sev["error"], "error"), style=SEVERITY_STYLE["error"] if sev["error"] else ""
    )
    text.append(f", {_plural(sev['warning'], 'warning')}, {_plural(sev['note'], 'note')} · ")
    text.append(f"{_plural(claims, 'claim')}, {_plural(links, 'link')}")
    return text


def report_parts(console: Console, report: Report, *, summary: bool = False) -> Iterator[None]:
    """Print one report on ``console`` part by part, yielding after each part (a table chunk)
    so the caller can take what was printed; only counts, findings and totals with
    ``summary``."""
    console.print(_header(report))
    console.print(_counts_line(report))
    console.print()
    if not summary:
        yield from _claims_tables(console, report)
        yield from _links_table(console, report)
    yield from _findings(console, report)
    console.print(_summary(report))
    yield


def render_report(console: Console, report: Report, *, summary: bool = False) -> None:
    """Print one report on ``console`` (only counts, findings and totals with ``summary``)."""
    for _ in report_parts(console, report, summary=summary):
        pass


class TextRenderer:
    """``--format text`` (the default): what a person reads in a terminal."""

    name = "text"
    suffix = ".txt"

    def __init__(self, width: int = WIDTH, *, summary: bool = False) -> None:
        self.width = max(MIN_WIDTH, min(MAX_WIDTH, width))
        self.summary = summary

    def stream(self, reports: Sequence[Report], *, color: bool = False) -> Iterator[str]:
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            width=self.width,
            force_terminal=color,
            color_system="standard" if color else None,
            no_color=not color,
            highlight=False,
            emoji=False,
            legacy_windows=False,
            # a fixed environment: no COLUMNS/TERM sniffing, so pipes and goldens match
            force_jupyter=False,
            force_interactive=False,
            _environ={},
        )

        def printed() -> str:
            # rich pads table lines to the width; trailing spaces only make diffs noisy
            text = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            return "".join(line.rstrip() + "\n" for line in text.splitlines())

        wrote = False
        for i, report in enumerate(reports):
            if i:
                console.rule(style="dim")
            for _ in report_parts(console, report, summary=self.summary):
                piece = printed()
                wrote = wrote or bool(piece)
                yield piece
        if len(reports) > 1:
            console.rule(style="dim")
            console.print(_run_total(reports))
        piece = printed()
        yield piece if (piece or wrote) else "\n"

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        return "".join(self.stream(reports, color=color))
