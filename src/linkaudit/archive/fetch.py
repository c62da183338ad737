"""The archive stage's one HTTP seam: bounded requests to archive services, outcomes as values.

Only archive service endpoints (configuration) are requested here, never a user's URL. httpx
errors are translated into ``Reply`` values at this seam so no caller handles exceptions.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

from linkaudit.archive.options import ArchiveOptions

DEFAULT_RETRY_AFTER_S = 60.0


@dataclass(frozen=True, slots=True)
class Reply:
    """What a service said, or why it said nothing (``status`` 0 and ``error`` set)."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300

    @property
    def outage(self) -> bool:
        """The service did not answer usefully: network failure, timeout or a 5xx."""
        return self.error is not None or self.status >= 500

    def json(self) -> object:
        """The body parsed as JSON; ``None`` when it is not JSON."""
        try:
            parsed: object = json.loads(self.body.decode("utf-8", errors="replace"))
        except ValueError:
            return None
        return parsed

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def retry_after(self) -> float | None:
        """For a 429 answer, the seconds it asks us to wait; ``None`` otherwise."""
        return retry_after_s(self.headers.get("retry-after")) if self.status == 429 else None

    def describe(self) -> str:
        return self.error or f"HTTP {self.status}"


def make_client(options: ArchiveOptions) -> httpx.AsyncClient:
    """One client per stage call; its timeouts bound every single request."""
    timeout = httpx.Timeout(options.timeout, connect=min(options.timeout, 5.0))
    return httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": options.user_agent},
        limits=httpx.Limits(max_connections=max(2, options.max_concurrency * 2)),
    )


async def request(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    max_bytes: int,
    params: Mapping[str, str] | None = None,
    data: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Reply:
    """Send one request and read at most ``max_bytes`` of the answer."""
    try:
        async with client.stream(
            method, url, params=params, data=data, headers=headers
        ) as response:
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    return Reply(
                        response.status_code,
                        error=f"response larger than {max_bytes} bytes",
                        headers=dict(response.headers),
                    )
            return Reply(response.status_code, b"".join(chunks), dict(response.headers))
    except httpx.TimeoutException:
        return Reply(0, error="timed out")
    except httpx.ConnectError as exc:
        return Reply(0, error=f"cannot connect: {_short(exc)}")
    except httpx.HTTPError as exc:
        return Reply(0, error=f"{type(exc).__name__}: {_short(exc)}")


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def retry_after_s(value: str | None, default: float = DEFAULT_RETRY_AFTER_S) -> float:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date)."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return default
