"""What a resolve run can be told: one frozen value the CLI and library users fill in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from linkaudit import __version__

Method = Literal["auto", "head", "get"]
Engine = Literal["httpx", "aiohttp"]

# the detail of a link --deadline left unchecked (here, not in check.py: an offline run reads
# it and must not import the checker)
DEADLINE_DETAIL = "run deadline reached"

USER_AGENT = f"linkaudit/{__version__} (+https://github.com/linkaudit/linkaudit)"


@dataclass(frozen=True)
class ResolveOptions:
    """Limits and policies for checking links; every field has a safe default."""

    timeout: float = 10.0  # per request: connect, read, write and pool waits each
    max_concurrency: int = 64
    per_host: int = 8
    min_interval: float = 0.0  # seconds between request starts to one host
    retries: int = 2
    allow_private: bool = False
    max_bytes: int = 2 * 1024 * 1024  # most body read for fragments; reading stops there
    sniff_bytes: int = 64 * 1024  # body read for soft-404 heuristics when no fragment is asked
    max_redirects: int = 10
    user_agent: str = USER_AGENT
    check_fragments: bool = True
    soft404_probe: bool = True
    exclude: tuple[str, ...] = ()  # regexes (re.search) of URLs not to check
    include: tuple[str, ...] = ()  # regexes of URLs checked even when an exclude matches
    headers: tuple[tuple[str, str], ...] = ()  # extra request headers (--header NAME: VALUE)
    accept: frozenset[int] = frozenset()  # extra HTTP statuses counted ok
    max_age_s: float = 86400.0  # cached results younger than this are reused
    fail_checks: int = 3  # K: transient failures needed before "dead"
    fail_span_s: float = 72 * 3600.0  # D: ...spread over at least this long
    retry_after_cap_s: float = 60.0
    # "auto": GET with a capped, streamed body when soft-404 or fragment checks need the body
    # (HEAD would cost a second request), HEAD first otherwise.
    method: Method = "auto"
    http2: bool = True
    deadline_s: float | None = None  # whole run; links not done by then are "unchecked"
    # the request path under client.request(): aiohttp (resolve/aio.py) spends ~3x less CPU
    # per request than httpx on the link zoo; httpx stays for tests' MockTransport and HTTP/2
    engine: Engine = "aiohttp"
