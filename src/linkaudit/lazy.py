"""Package exports resolved on first use (PEP 562), so importing a package costs only itself.

``linkaudit.resolve`` re-exports the link checker (httpx, httpcore, tenacity) and
``linkaudit.archive`` the archive clients; an --offline run imports modules beside them
(``resolve.options``, ``archive.recover``) and must not pay for the rest. Each package keeps
its names under ``TYPE_CHECKING`` for mypy and hands ``exports()`` where each lives.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(
    package: str, namespace: dict[str, Any], where: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` importing ``where[name]`` (a module path) on first use, caching
    the value in ``namespace``; and a ``__dir__`` listing the exports."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *where})

    return __getattr__, __dir__
