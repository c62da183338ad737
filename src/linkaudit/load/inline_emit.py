"""Plain text of a Markdown block, built with the input line of every piece of it.

The inline reader (inline.py) puts each piece of text with the source position it came from;
this keeps the (offset, input line) entries the Document's line map needs, only where the line
is not implied by newlines already emitted, and trims the block without moving a link span.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from linkaudit.load.assemble import DraftLink


@dataclass(slots=True)
class InlineResult:
    text: str
    links: list[DraftLink]
    lines: list[tuple[int, int]]


class Emitter:
    """Accumulates plain text and (offset, line) entries where the input line is not implied."""

    def __init__(self, line_of: list[tuple[int, int]]) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.links: list[DraftLink] = []
        self.lines: list[tuple[int, int]] = []
        self._line_pos = [p for p, _ in line_of]
        self._line_no = [n for _, n in line_of]
        self._entry_line = 0
        self._newlines = 0
        self._ends_newline = True  # a block starts as if after a line break

    def line_of(self, pos: int) -> int:
        if not self._line_no:
            return 1
        k = max(bisect.bisect_right(self._line_pos, pos) - 1, 0)
        return self._line_no[k]

    def put(self, text: str, pos: int) -> None:
        if not text:
            return
        line = self.line_of(pos)
        if self._ends_newline:
            # collapse removed-content gaps so a block never holds a blank line
            stripped = text.lstrip("\n")
            line += len(text) - len(stripped)
            text = stripped
            if not text:
                return
        if not self.lines or self._entry_line + self._newlines != line:
            self.lines.append((self.length, line))
            self._entry_line = line
            self._newlines = 0
        self.parts.append(text)
        self.length += len(text)
        self._newlines += text.count("\n")
        self._ends_newline = text.endswith("\n") or (text.strip(" \t") == "" and self._ends_newline)

    def text(self) -> str:
        return "".join(self.parts)


def strip_block(result: InlineResult) -> InlineResult:
    """Trim the block's outer whitespace, keeping link spans and line entries aligned."""
    text = result.text
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    if lead == 0 and len(body) == len(text):
        return result
    size = len(body)

    def shift(offset: int) -> int:
        return min(max(offset - lead, 0), size)

    links = [DraftLink(shift(d.start), shift(d.end), d.href, d.kind) for d in result.links]
    lines: list[tuple[int, int]] = []
    for offset, line in result.lines:
        if offset < lead:
            line += text.count("\n", offset, lead)
        new = (shift(offset), line)
        if lines and lines[-1][0] == new[0]:
            lines[-1] = new
        else:
            lines.append(new)
    return InlineResult(body, links, lines)
