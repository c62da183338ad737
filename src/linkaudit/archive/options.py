"""Configuration of the archive stage: where the services live and how long to wait for them.

The service endpoints are configuration, not constants, so that tests (and an end-to-end CLI
run) can point every lookup at a loopback fake through ``LINKAUDIT_ARCHIVE_BASE``.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from linkaudit import __version__
from linkaudit.resolve.special import is_refused_address, parse_address

BASE_ENV = "LINKAUDIT_ARCHIVE_BASE"
# Set to 1 when the configured archive is itself private (a newsroom's own pywb): only then
# are private and loopback URLs looked up in it.
PRIVATE_ENV = "LINKAUDIT_ARCHIVE_PRIVATE"
# Our own variable names first, then the names the Internet Archive's own tools (``ia``) use.
ACCESS_ENV = ("LINKAUDIT_IA_ACCESS_KEY", "IA_ACCESS_KEY")
SECRET_ENV = ("LINKAUDIT_IA_SECRET_KEY", "IA_SECRET_KEY")

DAY_S = 86_400.0


@dataclass(frozen=True)
class ArchiveEndpoints:
    """URLs of the archive services; ``replay`` prefixes ``<14-digit timestamp>/<url>``."""

    availability: str = "https://archive.org/wayback/available"
    cdx: str = "https://web.archive.org/cdx/search/cdx"
    timemaps: tuple[str, ...] = ("https://timetravel.mementoweb.org/timemap/link/",)
    spn: str = "https://web.archive.org/save"
    spn_status: str = "https://web.archive.org/save/status/"
    replay: str = "https://web.archive.org/web/"
    # the archive may be told about private URLs (it is the newsroom's own, not a public one)
    private: bool = False

    def may_ask(self, url: str) -> bool:
        """Whether looking ``url`` up here leaks nothing: a public URL, or a private archive
        -- and never a URL carrying a secret (token, session, userinfo), wherever it goes."""
        from linkaudit.resolve.redact import secret_spans

        if secret_spans(url):
            return False
        return self.private or not is_private_url(url)

    @classmethod
    def from_base(cls, base_url: str, *, private: bool = False) -> ArchiveEndpoints:
        """Every service under one base URL, laid out as the loopback fake serves them."""
        base = base_url.rstrip("/")
        return cls(
            availability=f"{base}/wayback/available",
            cdx=f"{base}/cdx/search/cdx",
            timemaps=(f"{base}/timemap/link/",),
            spn=f"{base}/save",
            spn_status=f"{base}/save/status/",
            replay=f"{base}/web/",
            private=private,
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ArchiveEndpoints:
        """The real services, or all of them under ``$LINKAUDIT_ARCHIVE_BASE`` when it is set.

        Only an archive declared private (``LINKAUDIT_ARCHIVE_PRIVATE=1``) hears of private
        URLs; where it lives says nothing about who else reads its logs.
        """
        source = os.environ if env is None else env
        base = source.get(BASE_ENV, "").strip()
        private = source.get(PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")
        return cls.from_base(base, private=private) if base else cls(private=private)


def is_private_url(url: str) -> bool:
    """True for loopback, private, link-local, reserved and single-label hosts."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return True  # not a URL any archive could hold
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal", ".lan")):
        return True
    literal = parse_address(host)
    if literal is not None:  # the SSRF guard's table: 100.64/10, 6to4 of 10/8... not public
        return is_refused_address(literal)
    if re.fullmatch(r"[0-9a-fx.]+", host):
        # what inet_aton (and so a browser or curl) makes of "0177.0.0.1", "127.1",
        # "0x7f000001" or "2130706433": all 127.0.0.1
        try:
            return is_refused_address(ipaddress.IPv4Address(socket.inet_aton(host)))
        except (OSError, ValueError):
            return True  # digits that are no address: nothing an archive could hold
    return "." not in host


def _first_env(names: tuple[str, ...], env: Mapping[str, str] | None = None) -> str | None:
    source = os.environ if env is None else env
    for name in names:
        value = source.get(name, "").strip()
        if value:
            return value
    return None


def access_key_from_env(env: Mapping[str, str] | None = None) -> str | None:
    """The Internet Archive S3 access key from the environment, if any."""
    return _first_env(ACCESS_ENV, env)


def secret_key_from_env(env: Mapping[str, str] | None = None) -> str | None:
    """The Internet Archive S3 secret key from the environment, if any."""
    return _first_env(SECRET_ENV, env)


@dataclass(frozen=True)
class ArchiveOptions:
    """How the archive stage runs. Not slotted: callers copy it with ``{**opts.__dict__}``.

    ``when`` is the article's date (``None`` means now); ``budget_s`` bounds the whole stage
    call (``find_copies`` or ``save_live``) however slow or broken the services are.
    """

    endpoints: ArchiveEndpoints = field(default_factory=ArchiveEndpoints)
    when: datetime | None = None
    timeout: float = 10.0
    budget_s: float = 60.0
    max_concurrency: int = 4
    if_not_archived_within: str = "30d"
    recent_s: float = 30 * DAY_S
    poll_interval_s: float = 5.0
    poll_max_s: float = 120.0
    access_key: str | None = field(default_factory=access_key_from_env)
    secret_key: str | None = field(default_factory=secret_key_from_env)
    cache_path: Path | str | None = None  # a SQLite file or a postgresql:// URL
    max_age_s: float = 7 * DAY_S
    # how far around ``when`` the CDX query looks, and how many rows it may return
    cdx_window_days: int = 3 * 365
    cdx_limit: int = 2000
    # a capture after the date wins only when it is this much closer than the one before it
    prefer_before_s: float = 30 * DAY_S
    # SPN2 allows a handful of concurrent captures per account (error:user-session-limit)
    spn_concurrency: int = 2
    max_response_bytes: int = 4 * 1024 * 1024
    user_agent: str = f"linkaudit/{__version__} (archive lookups)"
