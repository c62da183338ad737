"""Which spans overlap a range, without comparing the range with every span.

Extraction asks per sentence (or per name run) which quotes or registry hits fall in it;
scanning all of them each time made a 1 MB article quadratic. ``SpanIndex`` sorts the spans
by start once and keeps the running maximum of their ends, so a query bisects to the spans
starting before the range's end and walks back only while an earlier span can still reach
into the range. Answers are exact for any spans (nested or overlapping) and come in the
order the spans were given.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Items with a half-open span [start, end), queried by overlap or containment."""

    def __init__(self, items: Sequence[T], span: Callable[[T], tuple[int, int]]) -> None:
        self._items = list(items)
        order = sorted(range(len(self._items)), key=lambda i: span(self._items[i])[0])
        self._order = order
        self._starts = [span(self._items[i])[0] for i in order]
        self._ends = [span(self._items[i])[1] for i in order]
        reach: list[int] = []
        top = -(2**63)
        for end in self._ends:
            top = max(top, end)
            reach.append(top)
        self._reach = reach  # max end over the first k+1 spans by start

    def _hits(self, start: int, end: int, test: Callable[[int, int], bool]) -> list[int]:
        """Original indexes of spans starting before ``end`` that end after ``start`` and
        pass ``test(span_start, span_end)``, in the original order."""
        k = bisect.bisect_left(self._starts, end) - 1
        found: list[int] = []
        while k >= 0 and self._reach[k] > start:
            if self._ends[k] > start and test(self._starts[k], self._ends[k]):
                found.append(self._order[k])
            k -= 1
        found.sort()
        return found

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items whose span shares a character with [start, end)."""
        return [self._items[i] for i in self._hits(start, end, lambda a, b: True)]

    def any_overlapping(self, start: int, end: int) -> bool:
        """True when some item's span shares a character with [start, end)."""
        k = bisect.bisect_left(self._starts, end) - 1
        return k >= 0 and self._reach[k] > start

    def within(self, start: int, end: int) -> list[T]:
        """Items whose span lies inside [start, end], in the given order."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_right(self._starts, end)
        found = sorted(self._order[k] for k in range(lo, hi) if self._ends[k] <= end)
        return [self._items[i] for i in found]

    def starting_at(self, point: int) -> list[T]:
        """Items whose span starts at ``point``, in the given order."""
        lo = bisect.bisect_left(self._starts, point)
        hi = bisect.bisect_right(self._starts, point)
        return [self._items[i] for i in sorted(self._order[lo:hi])]

    def first_containing(self, point: int) -> T | None:
        """The first item (in the given order) whose span holds ``point``."""
        hits = self._hits(point, point + 1, lambda a, b: a <= point < b)
        return self._items[hits[0]] if hits else None
