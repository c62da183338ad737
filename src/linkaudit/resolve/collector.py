"""The garbage collector while links are checked: out of the way of a CPU-bound loop.

Checking a link allocates a few hundred short-lived objects (coroutines, futures, timer
handles, headers, a Hop) and keeps a few (its LinkCheck). With the default thresholds the
collector ran a young collection every 700 net allocations and walked the whole heap now
and then (imports, documents, the results so far): on the 10k link zoo that was over a
third of the CPU of the resolve stage. Refcounting frees nearly all of it anyway: the link
checks make few reference cycles, and those few are still collected, just less often.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# A young collection per this many net allocations of tracked objects (default 700): the
# garbage cycles that can pile up in between are a few megabytes at most.
YOUNG_THRESHOLD = 20_000


_active = 0  # link checks running now (several may share a loop): the outermost one tunes


@contextmanager
def collector_for_checking() -> Iterator[None]:
    """Freeze what exists (the collector no longer walks it; refcounting still frees it) and
    collect young objects less often; both are undone when the last check ends, unless the
    caller had frozen the heap itself (audit.py does, and unfreezes at its end)."""
    global _active
    _active += 1
    if _active > 1:  # an enclosing check has tuned it already and will undo it
        try:
            yield
        finally:
            _active -= 1
        return
    thresholds = gc.get_threshold()
    frozen_before = gc.get_freeze_count() > 0
    gc.collect(0)  # young garbage first, so it is not frozen with the rest
    gc.freeze()
    gc.set_threshold(max(thresholds[0], YOUNG_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        _active -= 1
        gc.set_threshold(*thresholds)
        if not frozen_before:
            gc.unfreeze()
