"""`-o` / `-f fmt:PATH` write into what a path is instead of replacing it (issue 13)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "Officials said the plan failed, according to https://example.org/report.\n"


def run(*args: str, cwd: Path, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI as a real process (optionally under a given umask)."""

    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "linkaudit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
        check=False,
        preexec_fn=set_umask,
    )


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """A small plain-text article."""
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can make or replace device nodes")
def test_null_device_stays_a_character_device(article: Path, tmp_path: Path) -> None:
    """As root, `-o` on a null device writes into it and leaves it a character device.

    The node is a private copy of /dev/null (same major/minor, made with mknod), so a failure
    cannot destroy the machine's /dev/null the way the old rename did.
    """
    real = os.stat("/dev/null")
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, real.st_rdev)
    before = os.lstat(null)
    proc = run("check", str(article), "--offline", "-f", "json", "-o", str(null), cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    after = os.lstat(null)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".null")] == []


def test_symlink_stays_a_symlink_and_its_target_gets_the_report(
    article: Path, tmp_path: Path
) -> None:
    """`-o LINK` leaves LINK a symlink and writes the report into the file it points to."""
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    proc = run("check", str(article), "--offline", "-f", "json", "-o", str(link), cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "linkaudit/report/1"


def test_fifo_reader_gets_the_bytes(article: Path, tmp_path: Path) -> None:
    """`-f json:FIFO` writes the report into the FIFO's reader; the FIFO stays a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc = run("check", str(article), "--offline", "-f", f"json:{fifo}", cwd=tmp_path)
    reader.join(timeout=30)
    assert proc.returncode in (0, 1), proc.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(received[0])["schema"] == "linkaudit/report/1"


def test_regular_file_keeps_the_umask(article: Path, tmp_path: Path) -> None:
    """A new report file gets 0666 minus the umask (not mkstemp's 0600), written whole."""
    out = tmp_path / "r.json"
    proc = run(
        "check", str(article), "--offline", "-f", "json", "-o", str(out), cwd=tmp_path, umask=0o022
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "linkaudit/report/1"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.json")] == []


def test_existing_file_keeps_its_mode(article: Path, tmp_path: Path) -> None:
    """Rewriting an existing report keeps that file's permissions."""
    out = tmp_path / "r.json"
    out.write_text("{}", encoding="utf-8")
    out.chmod(0o640)
    proc = run("check", str(article), "--offline", "-f", "json", "-o", str(out), cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_dash_means_standard_output(article: Path, tmp_path: Path) -> None:
    """`-o -` prints the report on stdout and creates no file named '-'."""
    proc = run("check", str(article), "--offline", "-f", "json", "-o", "-", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["schema"] == "linkaudit/report/1"
    assert not (tmp_path / "-").exists()
