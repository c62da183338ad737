"""Progress of a long run on stderr: documents done of total, links checked, archive
look-ups ended of those met so far ("archive 3/12"), rates, ETA.

On a terminal one line is rewritten in place; elsewhere (CI logs) a plain line is printed
every ``interval`` seconds, and a last one at the end, so a nightly job's log shows where
it was without filling up.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from linkaudit.run.stream import Progress

TTY_REDRAW_S = 0.1


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class ProgressLine:
    """A ``StreamOptions.on_progress`` sink that writes to ``stream`` (stderr)."""

    def __init__(self, stream: TextIO | None = None, interval: float = 10.0) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.interval = interval
        self.started = time.monotonic()
        self._last = self.started
        self._drawn = 0.0  # when the terminal line was last rewritten
        self._latest: Progress | None = None

    def line(self, p: Progress) -> str:
        elapsed = max(1e-6, time.monotonic() - self.started)
        rate = p.documents_done / elapsed
        left = p.documents_total - p.documents_done
        eta = _clock(left / rate) if rate > 0 else "?"
        archive = f", archive {p.archive_done}/{p.archive_total}" if p.archive_total else ""
        return (
            f"linkaudit: {p.documents_done}/{p.documents_total} documents, "
            f"{p.links_checked} links checked{archive}, {rate:.1f} docs/s, "
            f"{p.links_checked / elapsed:.1f} links/s, ETA {eta} ({p.executor})"
        )

    def _draw(self, p: Progress) -> None:
        self.stream.write("\r" + self.line(p) + "\x1b[K")
        self.stream.flush()

    def __call__(self, p: Progress) -> None:
        self._latest = p
        now = time.monotonic()
        if self.tty:
            # progress comes per link and per look-up: a terminal is redrawn 10 times a second
            if now - self._drawn >= TTY_REDRAW_S:
                self._drawn = now
                self._draw(p)
        elif now - self._last >= self.interval:
            self._last = now
            self.stream.write(self.line(p) + "\n")
            self.stream.flush()

    def finish(self) -> None:
        """The last line: on a terminal the in-place line is ended; elsewhere the totals."""
        if self._latest is None:
            return
        if self.tty:
            self._draw(self._latest)
            self.stream.write("\n")
        elif time.monotonic() - self.started >= self.interval:
            self.stream.write(self.line(self._latest) + "\n")
        self.stream.flush()
