"""``--format ndjson``: one report per line, each the contract object of ``--format json``.

A long run writes each line as its document finishes (``run/output.py``); this renderer
writes the same lines for reports already in hand (``linkaudit render``, ``merge``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from linkaudit.model import Report
from linkaudit.render.jsonfmt import _report_obj, iter_line, report_to_dict


def ndjson_line(report: Report) -> str:
    """One report as one line of JSON, newline-ended."""
    return json.dumps(report_to_dict(report), ensure_ascii=False) + "\n"


class NdjsonRenderer:
    """Newline-delimited JSON: a line per report."""

    name = "ndjson"
    suffix = ".ndjson"

    def stream(self, reports: Sequence[Report], *, color: bool = False) -> Iterator[str]:
        # each line in pieces, its links converted one at a time (see jsonfmt.Items)
        return (piece for r in reports for piece in iter_line(_report_obj(r, lazy=True)))

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        return "".join(self.stream(reports, color=color))
