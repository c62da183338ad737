"""The link zoo (../shared/linkzoo/server.py) as a session-scoped pytest fixture.

Import it in tests/conftest.py (or a test module): ``from zoo import link_zoo  # noqa: F401``
The server listens on 127.0.0.1:PORT, PORT+1 is its catch-all
host and PORT+2 is checked to be closed (the "offsite-down" target).
"""

from __future__ import annotations

import contextlib
import json
import random
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SERVER = REPO_ROOT.parent / "shared" / "linkzoo" / "server.py"


@dataclass(frozen=True)
class Zoo:
    """A running link zoo: base URLs and its manifest."""

    port: int
    main: str
    catch: str
    down: str
    manifest: dict[str, Any]

    def url(self, kind: str, ident: str) -> str:
        """The URL of zoo ``kind`` carrying the unique id ``ident``."""
        template = self.manifest["kinds"][kind]["path_template"]
        path = str(template.format(id=ident, catch=self.catch, code=301, hops=2))
        return path if path.startswith("http") else self.main + path

    def reset(self) -> None:
        """Clear the zoo's per-URL state (flaky and 429 counters)."""
        with urllib.request.urlopen(self.main + "/__reset", timeout=5) as resp:
            resp.read()

    def stats(self) -> dict[str, Any]:
        """The zoo's request counters."""
        with urllib.request.urlopen(self.main + "/__stats", timeout=5) as resp:
            data: dict[str, Any] = json.load(resp)
        return data


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _port_triple() -> int:
    rng = random.Random()
    for _ in range(200):
        port = rng.randrange(20000, 60000)
        if all(_free(port + i) for i in range(3)):
            return port
    raise RuntimeError("no free port triple on 127.0.0.1")


@contextlib.contextmanager
def run_zoo(python: str = sys.executable) -> Iterator[Zoo]:
    """Start server.py on a free port triple, wait for its manifest, stop it by PID."""
    port = _port_triple()
    proc = subprocess.Popen(
        [python, str(SERVER), "--port", str(port), "--no-uvloop"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        manifest: dict[str, Any] | None = None
        deadline = time.monotonic() + 20
        while manifest is None and time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"link zoo exited: {proc.stderr.read() if proc.stderr else ''!r}"
                )
            try:
                url = f"http://127.0.0.1:{port}/manifest.json"
                with urllib.request.urlopen(url, timeout=2) as resp:
                    manifest = json.load(resp)
            except OSError:
                time.sleep(0.1)
        if manifest is None:
            raise RuntimeError("link zoo did not start within 20 s")
        yield Zoo(
            port=port,
            main=manifest["main"],
            catch=manifest["catchall_host"],
            down=manifest["down_host"],
            manifest=manifest,
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def link_zoo() -> Iterator[Zoo]:
    """The link zoo server for the whole test session."""
    with run_zoo() as zoo:
        yield zoo
