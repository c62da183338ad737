"""--jobs worker processes never outlive the run: SIGTERM, SIGINT or SIGKILL of the parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from many_hosts import write_archive

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="reads the process tree from /proc"
)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    """Running (a zombie nobody reaps, in a container without init, has ended its work)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    state = next((line for line in status.splitlines() if line.startswith("State:")), "")
    return "Z" not in state.split(":", 1)[-1].split()[:1]


def _wait(condition: object, timeout: float) -> bool:
    """Poll ``condition()`` until true or ``timeout`` seconds (bounded, not a timing test)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_no_worker_outlives_a_stopped_run(tmp_path: Path, sig: signal.Signals) -> None:
    """A --jobs 2 run stopped mid-way, even by SIGKILL, leaves no worker process behind."""
    write_archive(tmp_path / "a", 300, ["http://127.0.0.9:9"])
    out = tmp_path / "run.ndjson"
    proc = subprocess.Popen(
        [sys.executable, "-m", "linkaudit", "check", str(tmp_path / "a"), "--offline", "-q",
         "--jobs", "2", "--batch", "4", "-f", f"ndjson:{out}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a signal to the parent alone, as a supervisor sends it
    )  # fmt: skip
    workers: list[int] = []
    try:

        def working() -> bool:
            workers[:] = [c for c in _children(proc.pid) if "spawn_main" in _cmdline(c)]
            return len(workers) == 2 and out.exists() and out.stat().st_size > 0

        assert _wait(working, 240), "the workers never produced a report"
        os.kill(proc.pid, sig)
        code = proc.wait(timeout=120)
        assert code == {signal.SIGTERM: 143, signal.SIGINT: 130, signal.SIGKILL: -9}[sig]
        assert _wait(lambda: not any(_alive(w) for w in workers), 60), [
            _cmdline(w) for w in workers if _alive(w)
        ]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        for pid in workers:  # only this test's own workers, by id, if the assertion failed
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
