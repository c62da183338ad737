"""The command line: parses options, calls the library, renders, sets the exit code.

Exit codes: 0 clean, 1 findings selected by --fail-on, 2 usage or input error (one line on
stderr; whatever was already done is still written), 3 internal error (a bug: one line and a
hint to rerun with -v for the traceback), 130 / 143 stopped by SIGINT / SIGTERM (a run being
checked writes its partial report first, marked "partial": true). ``archive`` adds 4 and 5.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from linkaudit import __version__
from linkaudit.cli_support import (
    Terminal,
    check_original,
    expand_inputs,
    fail,
    os_reason,
    parse_codes,
    parse_date,
    parse_duration,
    plan_outputs,
    progress,
    write_outputs,
)
from linkaudit.errors import LinkauditError

# ---------------------------------------------------------------- the group

_VERBOSE: list[bool] = [False]  # set by -v on any command; read when a bug ends the run


def _set_verbose(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if value:
        _VERBOSE[0] = True
        # -v: one INFO line per stage; -vv: debugging detail too
        level = logging.DEBUG if value >= 2 else logging.INFO
        logging.getLogger("linkaudit").setLevel(level)


verbose_option = click.option(
    "-v",
    "--verbose",
    count=True,
    expose_value=False,
    is_eager=True,
    callback=_set_verbose,
    help="More on stderr: -v what each stage does, -vv debugging detail; on an internal "
    "error, the traceback too.",
)


class _Group(click.Group):
    """Loads linkaudit.toml / [tool.linkaudit] before the subcommand parses its options."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LinkauditError as exc:
            fail(str(exc))


EXIT_CODES_HELP = (
    "\b\nExit codes:\n"
    "  0    clean: no finding selected by --fail-on\n"
    "  1    findings selected by --fail-on (default: errors)\n"
    "  2    usage or input error (one line on stderr; what was done is still written)\n"
    "  3    internal error, a bug (one line; rerun with -v for the traceback)\n"
    "  130  interrupted by SIGINT (Ctrl-C); a run being checked writes a partial report\n"
    "  143  stopped by SIGTERM; likewise"
)


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=EXIT_CODES_HELP,
)
@click.version_option(__version__, prog_name="linkaudit")
@verbose_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, exists=True),
    help="Settings file (default: nearest linkaudit.toml or [tool.linkaudit] in pyproject.toml).",
)
@click.pass_context
def main_group(ctx: click.Context, config_path: str | None) -> None:
    """Audit the sources and links of published articles."""
    from linkaudit.config import default_map, find_config

    path = Path(config_path) if config_path else find_config(Path.cwd())
    if path is not None:
        ctx.default_map = {"check": default_map(path, _long_options(check))}
        ctx.meta["linkaudit.config_dir"] = path.resolve().parent


def _long_options(command: click.Command) -> dict[str, Any]:
    """Each option's long name (--no-x of a --x/--no-x pair left out) -> its parameter."""
    from linkaudit.config import OptionSpec

    out: dict[str, Any] = {}
    for param in command.params:
        if not isinstance(param, click.Option) or param.name is None:
            continue
        for opt in param.opts:
            if opt.startswith("--"):
                out[opt[2:]] = OptionSpec(param.name, param.multiple)
    return out


# ---------------------------------------------------------------- check


@main_group.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FMT[:PATH]",
    help="text (default), json, markdown, html, sarif, junit; repeat for several, "
    "each with its own :PATH.",
)
@click.option("-o", "--output", metavar="PATH", help="Write the (first) format here.")
@click.option("--offline", is_flag=True, help="Do not check links or look up archives.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow links to private, loopback and link-local addresses.",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the link-history cache.")
@click.option(
    "--cache",
    "cache_path",
    metavar="PATH|URL",
    help="Link history: a SQLite file, or postgresql://... shared by many processes.",
)
@click.option(
    "--max-age",
    default="1d",
    show_default=True,
    metavar="DURATION",
    help="Reuse a cached result younger than this.",
)
@click.option("--max-concurrency", default=64, show_default=True, type=click.IntRange(1, 1024))
@click.option(
    "--per-host",
    default=8,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Concurrent requests to one host.",
)
@click.option(
    "--min-interval",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0, 60),
    help="Seconds between requests to one host.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1, 300),
    help="Seconds per request.",
)
@click.option(
    "--deadline",
    type=click.FloatRange(0, 7 * 86400),
    metavar="SECONDS",
    help="Bound the whole run: links not checked by then are reported unchecked and the "
    "report is written, marked partial.",
)
@click.option("--retries", default=2, show_default=True, type=click.IntRange(0, 10))
@click.option("--exclude", multiple=True, metavar="REGEX", help="Do not check matching URLs.")
@click.option(
    "--include",
    multiple=True,
    metavar="REGEX",
    help="Check matching URLs even when an --exclude or the ignore file matches them.",
)
@click.option(
    "--ignore-file",
    metavar="PATH",
    help="Regexes of URLs not to check, one a line (default: .linkauditignore in the current "
    "folder or the config file's).",
)
@click.option(
    "--accept",
    multiple=True,
    metavar="CODES",
    help="Extra HTTP status codes counted as ok: codes and ranges, e.g. 403,999 or 200..=299.",
)
@click.option(
    "--header",
    "headers",
    multiple=True,
    metavar="'NAME: VALUE'",
    help="Send this header with every link check (repeatable).",
)
@click.option("--user-agent", metavar="TEXT", help="User-Agent of the link checks.")
@click.option(
    "--max-redirects",
    default=10,
    show_default=True,
    type=click.IntRange(0, 50),
    help="Redirects followed before a link is an error.",
)
@click.option(
    "--max-retry-wait",
    default="60s",
    show_default=True,
    metavar="DURATION",
    help="Longest Retry-After wait honoured before a retry.",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="Resolve relative links against this URL (default: the page's canonical URL; "
    "without one they are checked as local files).",
)
@click.option(
    "--root-dir",
    type=click.Path(file_okay=False, exists=True),
    help="Folder that root-relative links (/img/a.png) of local files are checked under.",
)
@click.option(
    "--files-from",
    metavar="PATH",
    help="Read more inputs from this file, one a line ('-': standard input).",
)
@click.option(
    "--failure-checks",
    default=3,
    show_default=True,
    type=click.IntRange(1, 100),
    help="Failed checks before a transiently failing link is dead.",
)
@click.option(
    "--failure-span",
    default="72h",
    show_default=True,
    metavar="DURATION",
    help="...spread over at least this long.",
)
@click.option(
    "--fail-on",
    multiple=True,
    metavar="RULES",
    help="Findings that fail the run: error (default), warning, none, or rule names "
    "(dead, missing-target, soft-404, failing, state-media-only, "
    "unsourced-quote, ...).",
)
@click.option(
    "--baseline",
    "baseline_path",
    metavar="PATH",
    help="Accept the findings listed in this baseline file.",
)
@click.option("--write-baseline", metavar="PATH", help="Write this run's findings as a baseline.")
@click.option(
    "--archive-dead/--no-archive-dead",
    default=True,
    show_default=True,
    help="Look up archived copies of dead and at-risk links.",
)
@click.option(
    "--archive-live",
    is_flag=True,
    help="Submit live links without a recent capture to Save Page Now.",
)
@click.option("--date", "date_", metavar="DATE", help="The article's date (for snapshot choice).")
@click.option(
    "--original",
    metavar="URL|FILE",
    help="The original of a repost: recover lost link targets by anchor text.",
)
@click.option(
    "--check-quotes", is_flag=True, help="Check that quoted words appear on the linked page."
)
@click.option(
    "--check-chrome/--skip-chrome",
    default=True,
    show_default=True,
    help="Check page-chrome links (bylines, tags, footers) too.",
)
@click.option(
    "--jobs",
    "-j",
    default=0,
    type=click.IntRange(0, 256),
    help="Worker processes for extraction (default: one per CPU).",
)
@click.option(
    "--batch",
    default=32,
    show_default=True,
    type=click.IntRange(1, 10000),
    help="Documents per extraction task in a run over many inputs.",
)
@click.option(
    "--shard",
    metavar="I/N",
    help="Check only the links whose registrable domain hashes to shard I of N "
    "(join the shards' reports with 'linkaudit merge').",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    help="Run extraction and link checking on this Dask scheduler (tcp://host:8786).",
)
@click.option(
    "--resume",
    metavar="REPORT",
    type=click.Path(dir_okay=False),
    help="Keep the documents already in this JSON/NDJSON report; audit only the rest.",
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress bar and no progress notes; warnings and errors are still shown.",
)
@verbose_option
@click.option(
    "--summary",
    is_flag=True,
    help="Text output: only the counts, the findings and the totals (no claim or link tables).",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour in text output, also when piped (default: on a TTY; NO_COLOR turns it off, "
    "FORCE_COLOR on).",
)
def check(
    paths: tuple[str, ...],
    formats: tuple[str, ...],
    output: str | None,
    offline: bool,
    allow_private: bool,
    no_cache: bool,
    cache_path: str | None,
    max_age: str,
    max_concurrency: int,
    per_host: int,
    min_interval: float,
    timeout: float,
    deadline: float | None,
    retries: int,
    exclude: tuple[str, ...],
    include: tuple[str, ...],
    ignore_file: str | None,
    accept: tuple[str, ...],
    headers: tuple[str, ...],
    user_agent: str | None,
    max_redirects: int,
    max_retry_wait: str,
    base_url: str | None,
    root_dir: str | None,
    files_from: str | None,
    failure_checks: int,
    failure_span: str,
    fail_on: tuple[str, ...],
    baseline_path: str | None,
    write_baseline: str | None,
    archive_dead: bool,
    archive_live: bool,
    date_: str | None,
    original: str | None,
    check_quotes: bool,
    check_chrome: bool,
    jobs: int,
    batch: int,
    shard: str | None,
    dask: str | None,
    resume: str | None,
    quiet: bool,
    summary: bool,
    color: bool | None,
) -> None:
    """Audit articles: claims, their sources and basis, and every link.

    PATHS are files (plain text, Markdown or HTML, detected by content), folders of them,
    http(s) URLs of live articles (fetched and audited), or - for standard input.
    """
    from linkaudit.archive import ArchiveEndpoints, ArchiveOptions
    from linkaudit.audit import AuditOptions, audit_paths
    from linkaudit.baseline import read_baseline
    from linkaudit.cli_controls import ignore_patterns, parse_headers, read_files_from
    from linkaudit.findings import failing_findings, parse_fail_on
    from linkaudit.render import RENDERERS
    from linkaudit.resolve import ResolveOptions, default_cache_path
    from linkaudit.resolve.options import USER_AGENT

    # warnings (archive outages, a missing baseline) matter even with --quiet: it only drops
    # the progress bar and notes; -v adds what each stage does (verbose_option)
    specs = plan_outputs(formats, output, list(RENDERERS))
    try:
        selected = parse_fail_on(fail_on or ("error",))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--fail-on'") from exc
    for hint, patterns in (("'--exclude'", exclude), ("'--include'", include)):
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise click.BadParameter(f"{pattern!r}: {exc}", param_hint=hint) from exc
    if base_url is not None and not re.match(r"^https?://[^/]", base_url, re.IGNORECASE):
        raise click.BadParameter(f"{base_url!r} is not an http(s) URL", param_hint="'--base-url'")
    config_dir = click.get_current_context().meta.get("linkaudit.config_dir")
    ignored = ignore_patterns(ignore_file, [Path.cwd(), *([config_dir] if config_dir else [])])
    accepted = parse_codes(accept)
    listed = [*paths, *(read_files_from(files_from) if files_from else [])]
    if not listed:
        raise click.UsageError("no input: give PATHS or --files-from")
    inputs = expand_inputs(listed)
    if original and len(inputs) != 1:
        raise click.BadParameter("--original needs exactly one input", param_hint="'--original'")
    if original:
        check_original(original)

    resolve = ResolveOptions(
        timeout=timeout,
        max_concurrency=max_concurrency,
        per_host=per_host,
        min_interval=min_interval,
        retries=retries,
        allow_private=allow_private,
        exclude=(*exclude, *ignored),
        include=tuple(include),
        accept=accepted,
        headers=parse_headers(headers),
        max_redirects=max_redirects,
        retry_after_cap_s=parse_duration(max_retry_wait),
        user_agent=user_agent or USER_AGENT,
        max_age_s=parse_duration(max_age),
        fail_checks=failure_checks,
        fail_span_s=parse_duration(failure_span),
        deadline_s=deadline,
    )
    # archive look-ups are cached in the same SQLite file as the link history
    history = None if no_cache else _cache_spec(cache_path) or default_cache_path()
    archive = ArchiveOptions(
        endpoints=ArchiveEndpoints.from_env(), timeout=timeout, cache_path=history
    )
    streaming = len(inputs) > 1 or bool(shard or dask or resume)
    show_progress = not quiet and sys.stderr.isatty() and not offline and not streaming
    with progress(show_progress) as bars:
        options = AuditOptions(
            offline=offline,
            resolve=resolve,
            use_cache=not no_cache,
            cache_path=_cache_spec(cache_path),
            archive_dead=archive_dead,
            archive_live=archive_live,
            archive=archive,
            date=parse_date(date_),
            original_url=original,
            check_quotes=check_quotes,
            check_chrome=check_chrome,
            baseline=read_baseline(Path(baseline_path)) if baseline_path else frozenset(),
            on_progress=bars.links if bars else None,
            on_archive_progress=bars.archive if bars else None,
            handle_signals=True,
            project_root=config_dir,
            base_url=base_url,
            root_dir=Path(root_dir) if root_dir else None,
        )
        if streaming:
            from linkaudit.run.cli_run import run_check
            from linkaudit.run.shard import Shard
            from linkaudit.run.stream import StreamOptions

            plan = StreamOptions(
                jobs=jobs, batch=batch, shard=Shard.parse(shard) if shard else None, dask=dask
            )
            sys.exit(
                run_check(
                    inputs,
                    options,
                    plan,
                    specs,
                    color=color,
                    selected=selected,
                    write_baseline=write_baseline,
                    resume=resume,
                    quiet=quiet,
                )
            )
        run = audit_paths(inputs, options)

    if run.reports:
        write_outputs(run.reports, specs, color, Terminal(color=color, summary=summary))
        if write_baseline:
            from linkaudit.baseline import write_baseline as write

            try:
                n, pruned = write(Path(write_baseline), run.reports, run.accepted)
            except OSError as exc:
                fail(f"cannot write {write_baseline}: {os_reason(exc)}")
            if not quiet:
                gone = f"; {pruned} no longer found, pruned" if pruned else ""
                click.echo(
                    f"linkaudit: wrote {n} accepted finding(s) to {write_baseline}{gone}",
                    err=True,
                )
    for err in run.errors:
        click.echo(f"linkaudit: error: {err}", err=True)
    if run.interrupted is not None:
        from linkaudit.interrupt import signal_name

        done = sum(1 for r in run.reports for k in r.links if k.check is not None)
        total = sum(len(r.links) for r in run.reports)
        click.echo(
            f"linkaudit: interrupted by {signal_name(run.interrupted)}: wrote a partial "
            f"report ({done} of {total} links with a result)",
            err=True,
        )
        sys.exit(128 + run.interrupted)
    if run.deadline_reached:
        done = sum(1 for r in run.reports for k in r.links if k.status != "unchecked")
        total = sum(len(r.links) for r in run.reports)
        click.echo(
            f"linkaudit: --deadline {deadline:g} s reached: wrote a partial report "
            f"({done} of {total} links with a result)",
            err=True,
        )
    if run.errors:
        sys.exit(2)
    failing = [f for r in run.reports for f in failing_findings(r.findings, selected)]
    sys.exit(1 if failing else 0)


def _cache_spec(value: str | None) -> Path | str | None:
    """--cache: a postgresql:// URL stays a string, anything else is a SQLite file path."""
    from linkaudit.resolve.store import is_postgres

    if value is None:
        return None
    return value if is_postgres(value) else Path(value)


# ---------------------------------------------------------------- archive


ARCHIVE_EXIT = {"found": 0, "none": 1, "skipped": 4, "unavailable": 5}


@main_group.command(
    "archive",
    epilog=(
        "\b\nExit codes: 0 every URL has a copy; 1 the archives hold no copy of some URL;\n"
        "4 some URL was not looked up (a private address: never sent to a public archive);\n"
        "5 the archives could not be asked about some URL (timeout, refused, 5xx) - try again;\n"
        "2 usage error. With several URLs the highest code applies."
    ),
)
@click.argument("urls", nargs=-1, required=True)
@click.option("--save", is_flag=True, help="Also submit each URL to Save Page Now 2.")
@click.option("--date", "date_", metavar="DATE", help="Pick the capture closest to this date.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 300))
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines.")
@verbose_option
def archive_cmd(
    urls: tuple[str, ...], save: bool, date_: str | None, timeout: float, as_json: bool
) -> None:
    """Find (and with --save, create) archived copies of URLs."""
    from linkaudit.archive import ArchiveEndpoints, ArchiveOptions, lookup_copies, save_live
    from linkaudit.resolve.redact import redact_url

    for url in urls:
        if not re.match(r"^https?://", url, re.IGNORECASE):
            fail(f"{redact_url(url)!r} is not an http(s) URL")
        if redact_url(url) != url:
            # the archive services are public: a capture would publish the token
            fail(f"{redact_url(url)}: carries a secret (token, session, password); not sent")
    options = ArchiveOptions(
        endpoints=ArchiveEndpoints.from_env(), when=parse_date(date_), timeout=timeout
    )
    # a private URL is never sent to a public archive, neither to look up nor to save
    public = [u for u in dict.fromkeys(urls) if options.endpoints.may_ask(u)]
    found = asyncio.run(lookup_copies(public, options)) if public else {}
    saved = asyncio.run(save_live(public, options)) if save and public else {}
    code = 0
    for url in urls:
        lookup = found.get(url)
        outcome = saved.get(url)
        copy = lookup.copy if lookup else None
        if outcome is not None and outcome.copy is not None:
            copy = outcome.copy
        if url not in public:
            state, detail = "skipped", "private address: not sent to a public archive"
        elif copy is not None:
            state, detail = "found", None
        elif lookup is not None and lookup.errors:
            state, detail = "unavailable", "; ".join(dict.fromkeys(lookup.errors))
        else:
            state, detail = "none", None
        code = max(code, ARCHIVE_EXIT[state])
        _print_archive(url, state, detail, copy, outcome, as_json)
    sys.exit(code)


def _print_archive(
    url: str, state: str, detail: str | None, copy: Any, outcome: Any, as_json: bool
) -> None:
    import json

    if as_json:
        archive = (
            None
            if copy is None
            else {
                "url": copy.url,
                "timestamp": copy.timestamp,
                "source": copy.source,
                "saved_now": copy.saved_now,
            }
        )
        save = None if outcome is None else {"status": outcome.status, "message": outcome.message}
        row = {"url": url, "state": state, "detail": detail, "archive": archive, "save": save}
        click.echo(json.dumps(row, ensure_ascii=False))
        return
    where = {
        "found": f"{copy.url}  ({copy.source}, {copy.timestamp})" if copy else "",
        "none": "no archived copy (the archives answered)",
        "unavailable": f"archives unavailable, unknown whether a copy exists ({detail})",
        "skipped": f"not looked up: {detail}",
    }[state]
    note = (
        f"  [save: {outcome.status}{': ' + outcome.message if outcome.message else ''}]"
        if outcome
        else ""
    )
    click.echo(f"{url}\n  -> {where}{note}")


# ---------------------------------------------------------------- merge


@main_group.command("merge")
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FMT[:PATH]",
    help="Output format(s), as for check (default: json).",
)
@click.option("-o", "--output", metavar="PATH")
@click.option("--fail-on", multiple=True, metavar="RULES", help="As for check.")
def merge_cmd(
    reports: tuple[str, ...], formats: tuple[str, ...], output: str | None, fail_on: tuple[str, ...]
) -> None:
    """Join the JSON/NDJSON reports of a run's shards (--shard i/n) into one run report."""
    from linkaudit.findings import failing_findings, parse_fail_on
    from linkaudit.render import RENDERERS
    from linkaudit.run.merge import merge_reports
    from linkaudit.run.output import reported

    specs = plan_outputs(formats or ("json",), output, list(RENDERERS))
    try:
        selected = parse_fail_on(fail_on or ("error",))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--fail-on'") from exc
    for path in reports:
        if not Path(path).is_file():
            fail(f"{path}: no such file")
    merged = merge_reports(list(reported(Path(path))) for path in reports)
    write_outputs(merged, specs, None)
    failing = [f for r in merged for f in failing_findings(r.findings, selected)]
    sys.exit(1 if failing else 0)


# ---------------------------------------------------------------- render


@main_group.command("render")
@click.argument("report", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FMT[:PATH]",
    help="Output format(s), as for check.",
)
@click.option("-o", "--output", metavar="PATH")
@click.option("--color/--no-color", default=None)
@verbose_option
def render_cmd(
    report: str, formats: tuple[str, ...], output: str | None, color: bool | None
) -> None:
    """Turn a saved JSON report into another format."""
    import json

    from linkaudit.render import RENDERERS
    from linkaudit.render.jsonfmt import report_from_dict

    specs = plan_outputs(formats, output, list(RENDERERS))
    try:
        raw = sys.stdin.read() if report == "-" else Path(report).read_text(encoding="utf-8")
        data = json.loads(raw)
    except FileNotFoundError:
        fail(f"{report}: no such file")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        fail(f"{report}: not a JSON report ({exc})")
    items = data.get("reports", [data]) if isinstance(data, dict) else None
    if not isinstance(items, list):
        fail(f"{report}: not a linkaudit report")
    reports = [report_from_dict(item) for item in items]
    write_outputs(reports, specs, color)


def _redacting(record: logging.LogRecord) -> bool:
    """Every warning on stderr goes through URL redaction, whichever module logged it."""
    from linkaudit.resolve.redact import redact_text

    message = record.getMessage()
    clean = redact_text(message)
    if clean != message:
        record.msg, record.args = clean, None
    return True


def _report_bug(exc: Exception) -> None:
    from linkaudit.resolve.redact import redact_text

    if _VERBOSE[0]:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    what = " ".join(redact_text(str(exc)).split())[:200]
    click.echo(
        f"linkaudit: internal error: {type(exc).__name__}{': ' + what if what else ''} "
        "(a bug in linkaudit; rerun with -v for the traceback and please report it)",
        err=True,
    )
    sys.exit(3)


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: every usage error becomes one line and exit 2."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("linkaudit: %(levelname)s: %(message)s"))
    handler.addFilter(_redacting)
    logging.getLogger("linkaudit").addHandler(handler)
    from linkaudit.interrupt import Terminated, raise_terminated

    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        signal.signal(signal.SIGTERM, raise_terminated)
    try:
        code = main_group.main(
            args=list(argv) if argv is not None else None,
            prog_name="linkaudit",
            standalone_mode=False,
        )
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        fail(exc.format_message().replace("\n", " ") + hint)
    except click.ClickException as exc:
        fail(exc.format_message())
    except (KeyboardInterrupt, click.Abort):
        click.echo("linkaudit: interrupted (SIGINT)", err=True)
        sys.exit(130)
    except Terminated:
        click.echo("linkaudit: terminated (SIGTERM)", err=True)
        sys.exit(143)
    except Exception as exc:  # a bug: one line and exit 3, the traceback only when asked
        _report_bug(exc)
    sys.exit(code if isinstance(code, int) else 0)
