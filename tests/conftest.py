"""Fixtures shared across test modules."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from fake_archives import FakeArchives


@pytest.fixture
async def fake() -> AsyncIterator[FakeArchives]:
    """The archive services' loopback fake, started for one test."""
    server = FakeArchives()
    await server.start()
    yield server
    await server.close()
