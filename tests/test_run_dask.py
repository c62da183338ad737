"""--dask on a real dask.distributed LocalCluster: as --jobs, polite, one shared history."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linkaudit.resolve import open_history
from many_hosts import ManyHosts, many_hosts, write_archive
from pg_server import pg_server, pg_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow
VOLATILE = {"generated_at", "checked_at", "elapsed_ms", "from_cache"}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two Dask worker processes and a scheduler, on loopback, without the dashboard."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    ) as local:
        yield local


@pytest.fixture(scope="module")
def hosts() -> Iterator[ManyHosts]:
    """A 30-host loopback server whose answers take 40 ms, so requests to a host overlap."""
    with many_hosts(30, delay=0.04) as server:
        yield server


def stable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: stable(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [stable(v) for v in obj]
    return obj


def sorted_lines(path: Path) -> list[str]:
    """The report lines with run-to-run fields dropped, sorted: what must be byte-identical."""
    return sorted(
        json.dumps(stable(json.loads(x)), sort_keys=True) for x in path.read_text().splitlines()
    )


def test_dask_run_equals_jobs_run_and_stays_polite(
    tmp_path: Path,
    cluster: Any,
    hosts: ManyHosts,
    pg_server: Any,  # noqa: F811
) -> None:
    """Two Dask workers sharing PostgreSQL give --jobs 2's reports; no host passes --per-host."""
    unique = write_archive(tmp_path / "a", 90, hosts.hosts, paths_per_host=5)
    common = ["check", str(tmp_path / "a"), "--allow-private", "--no-archive-dead", "-q"]
    common += ["--per-host", "2", "--batch", "15"]
    outputs = {}
    for name, extra in (("jobs", ["--jobs", "2"]), ("dask", ["--dask", cluster.scheduler_address])):
        db = pg_server.new_database()
        out = tmp_path / f"{name}.ndjson"
        hosts.reset()
        proc = subprocess.run(
            [sys.executable, "-m", "linkaudit", *common, *extra, "--cache", db, "-f",
             f"ndjson:{out}"],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert proc.returncode == 1, proc.stderr  # the /gone/ links are findings
        assert 1 <= hosts.max_concurrent() <= 2
        with open_history(db) as store:
            assert store.count() == unique  # every URL checked once, by whichever worker
        outputs[name] = sorted_lines(out)
    assert outputs["dask"] == outputs["jobs"]


def test_dask_address_from_the_settings_file(tmp_path: Path, cluster: Any) -> None:
    """`dask = ADDRESS` in linkaudit.toml sends the run to the cluster like --dask does."""
    write_archive(tmp_path / "a", 40, ["http://127.0.0.9:9"])
    (tmp_path / "linkaudit.toml").write_text(f'dask = "{cluster.scheduler_address}"\n')
    (tmp_path / ".git").mkdir()  # the settings search stops at the project root
    proc = subprocess.run(
        [sys.executable, "-m", "linkaudit", "check", "a", "--offline", "--batch", "10",
         "-f", "ndjson:out.ndjson"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert len((tmp_path / "out.ndjson").read_text().splitlines()) == 40


def test_unreachable_scheduler_is_one_line_exit_2(tmp_path: Path) -> None:
    """A --dask address nobody listens at is a usage error, not a hang or a traceback."""
    write_archive(tmp_path / "a", 3, ["http://127.0.0.9:9"])
    proc = subprocess.run(
        [sys.executable, "-m", "linkaudit", "check", str(tmp_path / "a"), "--offline",
         "--dask", "tcp://127.0.0.1:9"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert "--dask" in proc.stderr
