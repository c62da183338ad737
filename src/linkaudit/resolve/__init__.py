"""Stage "resolve": check every link of an article, over HTTP, with a history cache.

Public API (the orchestration calls these; everything else is internal)::

    check_urls(urls, options, cache=..., retry=..., on_progress=...) -> {url: LinkCheck}
    fetch_page(url, options) -> FetchedPage | LinkCheck
    LinkCache.open(path), open_history(path or postgresql:// URL), default_cache_path(),
    redact_url(url), ResolveOptions, RetryPolicy
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from linkaudit.lazy import exports

if TYPE_CHECKING:
    from linkaudit.resolve.cache import LinkCache, default_cache_path
    from linkaudit.resolve.check import check_urls
    from linkaudit.resolve.fetch import FetchedPage, fetch_page
    from linkaudit.resolve.guard import Resolver, SystemResolver
    from linkaudit.resolve.options import ResolveOptions
    from linkaudit.resolve.redact import redact_url
    from linkaudit.resolve.retry import RetryPolicy
    from linkaudit.resolve.store import LinkHistory, open_history


__all__ = [
    "FetchedPage",
    "LinkCache",
    "LinkHistory",
    "ResolveOptions",
    "Resolver",
    "RetryPolicy",
    "SystemResolver",
    "check_urls",
    "default_cache_path",
    "fetch_page",
    "open_history",
    "redact_url",
]

__getattr__, __dir__ = exports(
    __name__,
    globals(),
    {
        "FetchedPage": "linkaudit.resolve.fetch",
        "LinkCache": "linkaudit.resolve.cache",
        "LinkHistory": "linkaudit.resolve.store",
        "ResolveOptions": "linkaudit.resolve.options",
        "Resolver": "linkaudit.resolve.guard",
        "RetryPolicy": "linkaudit.resolve.retry",
        "SystemResolver": "linkaudit.resolve.guard",
        "check_urls": "linkaudit.resolve.check",
        "default_cache_path": "linkaudit.resolve.cache",
        "fetch_page": "linkaudit.resolve.fetch",
        "open_history": "linkaudit.resolve.store",
        "redact_url": "linkaudit.resolve.redact",
    },
)
