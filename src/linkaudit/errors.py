"""One exception tree. Raised only when a run cannot go on; outcomes are values (model.py)."""

from __future__ import annotations


class LinkauditError(Exception):
    """Base of every error linkaudit raises on purpose."""


class InputError(LinkauditError):
    """The input cannot be read as an article: missing, a directory, binary, empty, undecodable.

    The CLI prints the message on one line and exits 2.
    """


class UsageError(LinkauditError):
    """Options that do not fit together or a bad value (exit 2)."""


class ConfigError(UsageError):
    """A bad ``[tool.linkaudit]`` / ``linkaudit.toml`` setting (exit 2)."""


class CacheError(LinkauditError):
    """The link-history cache cannot be opened or is not ours (exit 2)."""


class ReportError(LinkauditError):
    """A saved report cannot be read back (``linkaudit render``) (exit 2)."""


class ModelError(LinkauditError):
    """The pinned spaCy model is missing or is not the verified 3.8.0 files (exit 2)."""
