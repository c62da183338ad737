"""What the command line needs around the library: parsing option values, expanding input
folders, planning and writing outputs, the progress bar, and the one-line error exit."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click

from linkaudit.model import Report

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def fail(message: str) -> NoReturn:
    """Print one line and exit 2: the contract for bad input and usage."""
    click.echo(f"linkaudit: error: {message}", err=True)
    sys.exit(2)


def parse_duration(value: str) -> float:
    """'90', '90s', '15m', '6h', '3d', '1w' -> seconds."""
    m = _DURATION.match(str(value))
    if not m:
        raise click.BadParameter(f"{value!r} is not a duration like 90s, 15m, 6h, 3d")
    return float(m.group(1)) * _UNITS[m.group(2)]


def parse_date(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date like 2024-01-24") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def expand_inputs(paths: Sequence[str]) -> list[str]:
    """Files as given; folders become the articles inside them (sorted, hidden ones skipped)."""
    out: list[str] = []
    for raw in paths:
        if not raw:  # Path("") is "."; an empty argument (an unset $VAR) must not audit the cwd
            fail("an empty path was given (use '.' for the current folder)")
        p = Path(raw)
        if raw != "-" and p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                fail(f"{raw}: folder holds no articles ({', '.join(ARTICLE_SUFFIXES)})")
            out.extend(found)
        else:
            out.append(raw)
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class OutputSpec:
    fmt: str
    path: Path | None  # None: stdout


def plan_outputs(
    formats: Sequence[str], output: str | None, known: Sequence[str]
) -> list[OutputSpec]:
    """--format FMT[:PATH] (repeatable) and --output PATH -> where each format goes."""
    specs: list[OutputSpec] = []
    stdout_taken = False
    for i, item in enumerate(formats or ("text",)):
        fmt, _, path = item.partition(":")
        fmt = fmt.strip().lower()
        if fmt not in known:
            raise click.BadParameter(
                f"unknown format {fmt!r} (one of: {', '.join(known)})", param_hint="'--format'"
            )
        if path == "-" or (not path and output == "-" and i == 0):
            if stdout_taken:
                raise click.BadParameter(
                    f"only one format can go to stdout ('-'): give {fmt} a path",
                    param_hint="'--format'",
                )
            specs.append(OutputSpec(fmt, None))
            stdout_taken = True
        elif path:
            specs.append(OutputSpec(fmt, Path(path)))
        elif output == "-":
            raise click.BadParameter(
                f"only one format can go to stdout ('-'): give {fmt} a path "
                f"(--format {fmt}:report{_suffix(fmt)})",
                param_hint="'--format'",
            )
        elif output and i == 0:
            specs.append(OutputSpec(fmt, Path(output)))
        elif output:
            specs.append(OutputSpec(fmt, Path(output).with_suffix(_suffix(fmt))))
        elif not stdout_taken:
            specs.append(OutputSpec(fmt, None))
            stdout_taken = True
        else:
            raise click.BadParameter(
                f"only one format can go to stdout: give {fmt} a path "
                f"(--format {fmt}:report{_suffix(fmt)}) or use --output",
                param_hint="'--format'",
            )
    return specs


def _suffix(fmt: str) -> str:
    from linkaudit.render import get_renderer

    return get_renderer(fmt).suffix


@dataclass(frozen=True)
class StageBars:
    """The progress callbacks of a one-document run: links checked, archive look-ups ended."""

    links: Callable[[int, int], None]
    archive: Callable[[int, int], None]


@contextmanager
def progress(enabled: bool) -> Iterator[StageBars | None]:
    """Progress bars on stderr for link checking and the archive look-ups, only on a terminal;
    the archive bar appears when that stage starts."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        links = bar.add_task("checking links", total=None)
        archive: list[TaskID] = []

        def update_links(done: int, total: int) -> None:
            bar.update(links, completed=done, total=total)

        def update_archive(done: int, total: int) -> None:
            if not archive:
                archive.append(bar.add_task("archive look-ups", total=total))
            bar.update(archive[0], completed=done, total=total)

        yield StageBars(update_links, update_archive)


def check_original(value: str) -> str:
    """--original is a local file or an http(s) URL with a host; anything else is exit 2."""
    if Path(value).is_file():
        return value
    from urllib.parse import urlsplit

    from linkaudit.resolve.redact import redact_url

    shown = redact_url(value)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise click.BadParameter(
            f"{shown!r} is not a URL ({exc})", param_hint="'--original'"
        ) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(
            f"{shown!r} is neither a file nor an http(s) URL", param_hint="'--original'"
        )
    return value


_RANGE = re.compile(r"^(\d{3})?\.\.(=)?(\d{3})?$")


def parse_codes(values: Sequence[str]) -> frozenset[int]:
    """--accept values: codes and ranges, comma-separated, as lychee spells them.

    ``403``, ``200..=299`` (inclusive), ``200..300`` (end excluded), ``500..`` (500-999),
    ``..=204`` (100-204).
    """
    codes: set[int] = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            m = _RANGE.match(part)
            if m:
                low = int(m.group(1) or 100)
                high = int(m.group(3)) + (1 if m.group(2) else 0) if m.group(3) else 1000
                if not (100 <= low < high <= 1000):
                    raise click.BadParameter(
                        f"{part!r} is not a range of HTTP status codes", param_hint="'--accept'"
                    )
                codes.update(range(low, high))
                continue
            if not part.isdigit() or not 100 <= int(part) <= 999:
                raise click.BadParameter(
                    f"{part!r} is not an HTTP status code or range (200..=299)",
                    param_hint="'--accept'",
                )
            codes.add(int(part))
    return frozenset(codes)


@dataclass(frozen=True)
class Terminal:
    """How text goes to standard output: colour, width, and counts-and-findings only."""

    color: bool | None = None  # --color / --no-color; None: decide from the environment
    summary: bool = False


def use_color(flag: bool | None, environ: Mapping[str, str], isatty: bool) -> bool:
    """--color/--no-color first, then NO_COLOR (any value), then FORCE_COLOR, then the TTY."""
    if flag is not None:
        return flag
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    return isatty


def text_width(environ: Mapping[str, str], isatty: bool) -> int:
    """The terminal's width on a TTY, else $COLUMNS, else 100 (stable pipes and goldens)."""
    columns = environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if isatty:
        return shutil.get_terminal_size((100, 24)).columns
    return 100


def write_outputs(
    reports: Sequence[Report],
    specs: Sequence[OutputSpec],
    color: bool | None,
    terminal: Terminal | None = None,
) -> None:
    """Render and write every planned output, each streamed piece by piece (the rendering
    never holds a whole document); one that cannot be written (a full disk, a closed pipe)
    does not stop the others, and ends the run with one line and exit 2."""
    from linkaudit.outfile import write_text
    from linkaudit.render import stream_reports

    term = terminal or Terminal(color=color)
    problems: list[str] = []
    for spec in specs:
        if spec.path is None:
            tty = sys.stdout.isatty()
            colour = use_color(term.color if term.color is not None else color, os.environ, tty)
            pieces = stream_reports(
                reports,
                spec.fmt,
                color=colour,
                width=text_width(os.environ, tty),
                summary=term.summary,
            )
            try:
                echo_pieces(pieces, colour)
            except OSError as exc:
                silence_stdout()
                problems.append(f"cannot write standard output: {os_reason(exc)}")
        else:
            try:
                write_text(
                    spec.path,
                    stream_reports(reports, spec.fmt, color=False, summary=term.summary),
                )
            except OSError as exc:
                problems.append(f"cannot write {spec.path}: {os_reason(exc)}")
    if problems:
        fail("; ".join(problems))


_ECHO_CHUNK = 1 << 16  # pieces are joined up to this many characters per write to stdout


def echo_pieces(pieces: Iterable[str], colour: bool) -> None:
    """Write pieces of text to stdout, ending with a newline; raises OSError.

    Small pieces are joined into chunks first: click.echo flushes on every call. Each piece
    is whole lines or whole tokens, so an ANSI sequence is never cut between two chunks.
    """
    buffer: list[str] = []
    size = 0
    last = ""
    for piece in pieces:
        if not piece:
            continue
        buffer.append(piece)
        size += len(piece)
        last = piece
        if size >= _ECHO_CHUNK:
            # click.echo strips colour codes on a pipe unless told the colour is wanted
            click.echo("".join(buffer), nl=False, color=colour)
            buffer, size = [], 0
    click.echo("".join(buffer), nl=not last.endswith("\n"), color=colour)
    sys.stdout.flush()


def os_reason(exc: OSError) -> str:
    """'no space left on device', not '[Errno 28] No space left on device'."""
    return str(exc.strerror or exc).lower()


def silence_stdout() -> None:
    """Point stdout at /dev/null after a failed write, so the interpreter's final flush of
    what is still buffered cannot fail again and print a traceback-like warning."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
