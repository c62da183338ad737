"""A real PostgreSQL server for the tests, started in a temporary folder on 127.0.0.1 only.

Debian's ``postgresql`` package provides the binaries. When they are missing the fixture
apt-installs the package if LINKAUDIT_INSTALL_POSTGRES=1 (scripts/test.sh sets it), and skips
otherwise — or fails, when LINKAUDIT_REQUIRE_POSTGRES=1 (CI). PostgreSQL refuses to run as
root, so under root (CI) the server runs as the package's ``postgres`` user (or ``nobody``).

Import the fixtures in a test module: ``from pg_server import pg_server, pg_url  # noqa: F401``
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest

_BIN_GLOB = "/usr/lib/postgresql/*/bin"
_names = itertools.count()


def _skip(reason: str) -> NoReturn:
    if os.environ.get("LINKAUDIT_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL required but unavailable: {reason}")
    pytest.skip(reason)


def _bin_dir() -> Path | None:
    found = sorted(
        (Path(p) for p in glob.glob(_BIN_GLOB) if (Path(p) / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return found[-1] if found else None


def _install() -> None:
    """apt-get Debian's postgresql; bounded so a stuck mirror cannot hang the suite."""
    apt = shutil.which("apt-get")
    if apt is None:
        _skip("LINKAUDIT_INSTALL_POSTGRES=1 but apt-get is not available")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([apt, "update"], check=True, env=env, timeout=600, capture_output=True)
    subprocess.run(
        [apt, "install", "-y", "--no-install-recommends", "postgresql"],
        check=True,
        env=env,
        timeout=900,
        capture_output=True,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    """A running server: ``url(name)`` is a connection URL, ``new_database()`` a clean one."""

    port: int
    proc: subprocess.Popen[bytes]
    root: Path

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://linkaudit@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """A fresh empty database; its URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(_names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _as_user() -> dict[str, Any]:
    """Popen arguments that drop root, which postgres refuses to run as."""
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return {"user": entry.pw_uid, "group": entry.pw_gid}
    _skip("running as root and no unprivileged user to run postgres as")


def start_server() -> PgServer:
    """initdb in a temporary folder and start postgres on 127.0.0.1 and a free port."""
    bindir = _bin_dir()
    if bindir is None:
        if os.environ.get("LINKAUDIT_INSTALL_POSTGRES") != "1":
            _skip("no PostgreSQL binaries; set LINKAUDIT_INSTALL_POSTGRES=1 to apt-get them")
        _install()
        bindir = _bin_dir()
        if bindir is None:
            _skip("postgresql installed but no initdb under /usr/lib/postgresql")
    user = _as_user()
    root = Path(tempfile.mkdtemp(prefix="linkaudit-pg-"))
    if user:
        os.chown(root, user["user"], user["group"])
    data = root / "data"
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "linkaudit", "--auth=trust"]
    initdb += ["-E", "UTF8", "--no-sync"]
    for attempt in (1, 2):  # once more after a failure: a busy shared machine can fail one
        made = subprocess.run(initdb, capture_output=True, text=True, timeout=120, **user)
        if made.returncode == 0:
            break
        shutil.rmtree(data, ignore_errors=True)
        if attempt == 2:
            pytest.fail(f"initdb failed: {made.stderr.strip()[-800:]}")
    port = _free_port()
    log = open(root / "server.log", "wb")  # noqa: SIM115 - the server writes it while running
    proc = subprocess.Popen(
        [
            str(bindir / "postgres"),
            "-D",
            str(data),
            "-p",
            str(port),
            "-k",
            str(root),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off",
            "-c",
            "max_connections=200",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        **user,
    )
    server = PgServer(port, proc, root)
    _wait_ready(server)
    return server


def _wait_ready(server: PgServer) -> None:
    import psycopg

    deadline = time.monotonic() + 60
    while True:
        if server.proc.poll() is not None:
            tail = (server.root / "server.log").read_text(errors="replace")[-800:]
            pytest.fail(f"postgres exited at start: {tail}")
        try:
            with psycopg.connect(server.url(), connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                stop_server(server)
                pytest.fail("postgres did not accept connections within 60 s")
            time.sleep(0.2)


def stop_server(server: PgServer) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(timeout=10)
    shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the test session, on loopback."""
    server = start_server()
    yield server
    stop_server(server)


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL of a fresh, empty database for one test."""
    return pg_server.new_database()
