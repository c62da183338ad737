"""Writing a long run's JSON and NDJSON as it goes, and reading back what a run reported.

``StreamWriter`` writes each report the moment it is finished and flushes it, so an
interrupted run leaves every finished report on disk; ``reported`` reads those back — the
complete lines of an NDJSON file, the complete reports of a JSON run cut short — for
``--resume``. The JSON written piece by piece is byte-identical to ``--format json``
rendering the same reports at once (the run summary is summed as it goes; a run that ends
with one report is that report's object, so the first report is held until a second comes).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from linkaudit.errors import ReportError
from linkaudit.model import Report
from linkaudit.render.jsonfmt import (
    _dump,
    report_from_dict,
    report_to_dict,
    run_summary,
    run_to_dict,
)
from linkaudit.render.ndjson import ndjson_line

STREAMED = ("json", "ndjson")
_MARK = "\u0000linkaudit-reports\u0000"
_PAD = "    "  # a report's indent inside the run object (depth 2)


def _add(total: Any, part: Any) -> Any:
    """Sum two run summaries field by field (counts add, tables add per key)."""
    if isinstance(total, dict) and isinstance(part, dict):
        return {k: _add(total.get(k, 0), part.get(k, 0)) for k in {**total, **part}}
    if isinstance(total, int | float) and isinstance(part, int | float):
        return total + part
    return total


def _frame(summary: dict[str, Any]) -> tuple[str, str]:
    """The run object's text before its first report and after its last."""
    obj = run_to_dict([])
    obj["reports"] = [_MARK]
    obj["summary"] = summary
    text = _dump(obj, 0, "") + "\n"
    head, _, tail = text.partition(json.dumps(_MARK))
    return head, tail


class StreamWriter:
    """One streamed output (json or ndjson) to a file path or stdout."""

    def __init__(self, fmt: str, path: Path | None) -> None:
        if fmt not in STREAMED:
            raise ValueError(f"{fmt} is not written as a stream")
        self.fmt = fmt
        self.path = path
        self._out: IO[str] = (
            sys.stdout if path is None else open(path, "w", encoding="utf-8")  # noqa: SIM115
        )
        self._count = 0
        self._held: Report | None = None
        self._summary: dict[str, Any] = run_summary([])
        # the key order comes from an empty summary: a later sum keeps it
        self._order = list(self._summary)

    def add(self, report: Report) -> None:
        if self.fmt == "ndjson":
            self._out.write(ndjson_line(report))
        elif self._count == 0:
            # held back: a run that ends up with one report writes it alone, as json does
            self._held = report
        else:
            if self._held is not None:
                self._out.write(_frame(self._summary)[0])
                self._write_item(self._held)
                self._held = None
            self._out.write(",\n" + _PAD)
            self._write_item(report)
        self._count += 1
        self._out.flush()

    def _write_item(self, report: Report) -> None:
        self._out.write(_dump(report_to_dict(report), 2, _PAD))
        self._summary = _add(self._summary, run_summary([report]))

    def abort(self) -> None:
        """Stop where the run stopped: every finished report stays, the run object unclosed."""
        if self._held is not None:
            self._out.write(_dump(report_to_dict(self._held), 0, "") + "\n")
        self._out.flush()
        if self._out is not sys.stdout:
            self._out.close()

    def close(self) -> None:
        """Finish the output: the JSON run's summary, and the file closed and synced."""
        if self.fmt == "json":
            if self._count == 0:
                self._out.write(_dump(run_to_dict([]), 0, "") + "\n")
            elif self._held is not None:
                self._out.write(_dump(report_to_dict(self._held), 0, "") + "\n")
            else:
                ordered = {k: self._summary[k] for k in self._order if k in self._summary}
                self._out.write(_frame(ordered)[1])
        self._out.flush()
        if self._out is not sys.stdout:
            with contextlib.suppress(OSError):  # a device (/dev/null, a FIFO) has no fsync
                os.fsync(self._out.fileno())
            self._out.close()


def reported(path: Path) -> Iterator[Report]:
    """The complete reports in a JSON or NDJSON report file, even one cut off mid-way."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ReportError(f"{path}: not a linkaudit report ({exc})") from exc
    for obj in _objects(text):
        try:
            yield report_from_dict(obj)
        except ReportError:
            raise
        except Exception as exc:
            raise ReportError(f"{path}: not a linkaudit report ({exc})") from exc


def _objects(text: str) -> Iterator[dict[str, Any]]:
    stripped = text.lstrip()
    if not stripped:
        return
    decoder = json.JSONDecoder()
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict):
        items = whole.get("reports", [whole])
        yield from (i for i in items if isinstance(i, dict))
        return
    if "\n{" in stripped and stripped.startswith('{"'):  # NDJSON: one object per line
        for line in text.splitlines():
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue  # the line an interruption cut short
            if isinstance(obj, dict):
                yield obj
        return
    # a JSON run cut short: the reports before the cut, one by one
    start = text.find('"reports": [')
    if start < 0:
        raise ReportError("not a linkaudit report (no reports found)")
    pos = start + len('"reports": [')
    while True:
        while pos < len(text) and text[pos] in " \r\n\t,":
            pos += 1
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            return
        if isinstance(obj, dict):
            yield obj
