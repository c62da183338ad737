"""The Dask distributed executor: ``--dask ADDRESS`` (or ``[tool.linkaudit] dask``).

Extraction runs as one task per batch of documents, link checking as one task per domain
group of a batch (``run/shard.py``: a registrable domain never spans two tasks, and a batch's
groups finish before the next batch's start, so ``--per-host`` holds across workers). Workers
read the documents by path, so they must see the same files (a shared folder), and share the
link history through PostgreSQL (``--cache postgresql://…``). The only module importing dask.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any

from linkaudit.errors import UsageError
from linkaudit.run.worker import warm_worker


class DaskExecutor:
    """Tasks on the Dask cluster whose scheduler listens at ``address``."""

    name = "dask"
    checks_remotely = True

    def __init__(self, address: str, *, timeout_s: float = 30.0) -> None:
        try:
            import distributed
        except ImportError:
            raise UsageError("--dask needs the dask extra: pip install 'linkaudit[dask]'") from None
        try:
            client_class: Any = distributed.Client  # untyped library: one Any seam here
            self._client: Any = client_class(address, timeout=timeout_s, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"--dask {address}: cannot reach the scheduler ({exc})") from None
        self._client.run(warm_worker)  # once per worker process, as --jobs' initializer
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))

    def submit(self, fn: Callable[..., Any], *args: Any) -> concurrent.futures.Future[Any]:
        task: Any = self._client.submit(fn, *args, pure=False)
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()

        def done(finished: Any) -> None:
            try:
                future.set_result(finished.result())
            except Exception as exc:  # the task's own error, raised again in the pipeline
                future.set_exception(exc)

        task.add_done_callback(done)
        return future

    def close(self) -> None:
        self._client.close()

    def abort(self) -> None:
        # the scheduler releases the tasks of a client that goes away: the workers are the
        # cluster's, not this run's, and stay up
        self._client.close()
