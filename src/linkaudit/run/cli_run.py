"""``linkaudit check`` over many inputs: the streaming run behind the command line.

JSON and NDJSON outputs are written report by report; other formats (text, HTML, SARIF, ...)
need every report at once and are rendered at the end from the reports kept for them.
``--resume REPORT`` copies the reports already in REPORT into the new outputs and audits
only the inputs it lacks; when REPORT is also an output, it is read from a copy set aside.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from linkaudit.audit import AuditOptions
from linkaudit.errors import InputError
from linkaudit.model import Finding, Report
from linkaudit.resolve.loop import run as run_loop
from linkaudit.run.output import STREAMED, StreamWriter, reported
from linkaudit.run.progress import ProgressLine
from linkaudit.run.stream import StreamOptions, audit_stream


def run_check(
    inputs: Sequence[str],
    options: AuditOptions,
    stream: StreamOptions,
    specs: Sequence[Any],
    *,
    color: bool | None,
    selected: Any,
    write_baseline: str | None,
    resume: str | None,
    quiet: bool,
) -> int:
    """Audit ``inputs`` as a stream; the exit code (0 clean, 1 findings, 2 bad inputs)."""
    from linkaudit.cli_support import write_outputs
    from linkaudit.findings import failing_findings

    source = _set_aside(Path(resume), specs) if resume else None
    done: frozenset[str] = frozenset()
    if source is not None:
        done = frozenset(r.document.path for r in reported(source))
    line = None if quiet else ProgressLine()
    stream = StreamOptions(
        jobs=stream.jobs,
        batch=stream.batch,
        shard=stream.shard,
        dask=stream.dask,
        skip=done,
        on_progress=line,
    )
    writers = [StreamWriter(s.fmt, s.path) for s in specs if s.fmt in STREAMED]
    others = [s for s in specs if s.fmt not in STREAMED]
    kept: list[Report] | None = [] if (others or write_baseline) else None
    errors: list[InputError] = []
    accepted: list[tuple[str, Finding]] = []  # what the baseline took out of the reports
    failing = False
    cut = [0, 0]  # links with a result, links, in the reports --deadline made partial

    def feed(report: Report) -> None:
        nonlocal failing
        if "deadline_reached_s" in report.options:
            cut[0] += sum(1 for k in report.links if k.status != "unchecked")
            cut[1] += len(report.links)
        for writer in writers:
            writer.add(report)
        if kept is not None:
            kept.append(report)
        failing = failing or bool(failing_findings(report.findings, selected))

    async def go() -> None:
        async for item in audit_stream(inputs, options, stream):
            if item.report is not None:
                feed(item.report)
                accepted.extend((item.report.document.path, f) for f in item.dropped or ())
            elif item.error is not None:
                errors.append(item.error)

    finished = False
    try:
        if source is not None:
            for report in reported(source):
                feed(report)
        run_loop(go(), network=not options.offline)
        finished = True
    finally:
        for writer in writers:
            writer.close() if finished else writer.abort()
        if line is not None:
            line.finish()
    if source is not None and source != Path(resume or ""):
        source.unlink(missing_ok=True)
    if kept is not None:
        if others:
            write_outputs(kept, others, color)
        if write_baseline:
            from linkaudit.baseline import write_baseline as write
            from linkaudit.cli_support import fail

            try:
                n, pruned = write(Path(write_baseline), kept, accepted)
            except OSError as exc:
                fail(f"cannot write {write_baseline}: {exc.strerror or exc}")
            if not quiet:
                gone = f"; {pruned} no longer found, pruned" if pruned else ""
                click.echo(
                    f"linkaudit: wrote {n} accepted finding(s) to {write_baseline}{gone}",
                    err=True,
                )
    if cut[1] and options.resolve.deadline_s is not None:
        click.echo(
            f"linkaudit: --deadline {options.resolve.deadline_s:g} s reached: wrote partial "
            f"reports ({cut[0]} of {cut[1]} links in them with a result)",
            err=True,
        )
    for err in errors:
        click.echo(f"linkaudit: error: {err}", err=True)
    if errors:
        return 2
    return 1 if failing else 0


def _set_aside(resume: Path, specs: Sequence[Any]) -> Path:
    """Where to read the resumed report from: itself, or a copy when it is also an output."""
    if not resume.is_file():
        from linkaudit.errors import UsageError

        raise UsageError(f"--resume {resume}: no such file")
    outputs = {s.path.resolve() for s in specs if s.path is not None}
    if resume.resolve() not in outputs:
        return resume
    aside = resume.with_name(resume.name + ".resumed")
    os.replace(resume, aside)
    return aside
