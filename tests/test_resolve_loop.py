"""The network stages' event loop (resolve/loop.py), the cached ISO stamps, and the
politeness slot as a plain context manager."""

from __future__ import annotations

import asyncio
import importlib.util
import math
from datetime import UTC, datetime

import pytest

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
