"""The network stages' event loop (resolve/loop.py), the collector while links are checked
(resolve/collector.py), the cached ISO stamps, and the politeness slot."""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import math
import weakref
from datetime import UTC, datetime

import pytest

from linkaudit.resolve.collector import YOUNG_THRESHOLD, collector_for_checking
from linkaudit.resolve.loop import ENV, run
from linkaudit.resolve.politeness import Politeness
from linkaudit.resolve.store import iso

HAVE_UVLOOP = importlib.util.find_spec("uvloop") is not None


async def _loop_module() -> str:
    return type(asyncio.get_running_loop()).__module__


@pytest.mark.skipif(not HAVE_UVLOOP, reason="uvloop is not installed here")
def test_network_runs_go_on_uvloop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert run(_loop_module()).startswith("uvloop")


def test_offline_runs_and_the_switch_keep_asyncio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert run(_loop_module(), network=False).startswith("asyncio")
    monkeypatch.setenv(ENV, "asyncio")
    assert run(_loop_module()).startswith("asyncio")


def test_run_returns_the_value_and_raises_the_error() -> None:
    async def value() -> int:
        await asyncio.sleep(0)
        return 42

    async def fails() -> None:
        raise KeyError("boom")

    assert run(value()) == 42
    with pytest.raises(KeyError):
        run(fails())


class _CountsReprs:
    calls = 0

    def __repr__(self) -> str:
        type(self).calls += 1
        return "counted"


@pytest.mark.parametrize("network", [True, False])
def test_the_result_is_never_repr_d_on_the_way_out(network: bool) -> None:
    # a run's result is the whole AuditRun: asyncio.Runner's SIGINT bookkeeping repr'd it
    async def result() -> list[_CountsReprs]:
        return [_CountsReprs() for _ in range(3)]

    _CountsReprs.calls = 0
    out = run(result(), network=network)
    assert len(out) == 3
    assert _CountsReprs.calls == 0


@pytest.mark.parametrize(
    "epoch", [0.0, 0.999, 1_700_000_000.5, 1_700_000_001.0, -0.5, -86_400.25, 4_102_444_800.9]
)
def test_iso_matches_the_uncached_formatting(epoch: float) -> None:
    expected = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert iso(epoch) == expected
    assert iso(math.floor(epoch)) == expected


async def test_a_slot_cancelled_while_spaced_goes_back() -> None:
    """A request cancelled while it waits for the host's spacing does not keep the slot."""
    polite = Politeness(per_host=1, min_interval=5.0)
    url = "http://h.example/x"
    async with polite.slot(url):
        pass  # claims the first start: the next one is 5 s away

    async def second() -> None:
        async with polite.slot(url):
            pytest.fail("the spaced start came early")

    waiter = asyncio.create_task(second())
    await asyncio.sleep(0.05)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    # the one slot is free again: a third request gets it at once (no spacing now)
    polite.min_interval = 0.0
    async with asyncio.timeout(1.0):
        async with polite.slot(url):
            pass


def test_the_collector_is_tuned_while_checking_and_restored_after() -> None:
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with collector_for_checking():
        assert gc.get_threshold()[0] == max(before[0], YOUNG_THRESHOLD)
        assert gc.get_freeze_count() > 0  # what existed is out of the collector's sight
        with collector_for_checking():  # a second check in the same loop changes nothing
            assert gc.get_threshold()[0] == max(before[0], YOUNG_THRESHOLD)
        assert gc.get_threshold()[0] == max(before[0], YOUNG_THRESHOLD)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_caller_s_frozen_heap_stays_frozen() -> None:
    """audit.py freezes the analysed documents and unfreezes at its own end."""
    gc.freeze()
    try:
        with collector_for_checking():
            pass
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_cycles_made_while_checking_are_still_collected() -> None:
    class Node:
        other: object = None

    with collector_for_checking():
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
        del a, b
        gc.collect()
        assert alive() is None
