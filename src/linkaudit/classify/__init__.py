"""Classify stage: each claim's sources and the basis it rests on.

The source registry lives in ``linkaudit.classify.registry``; this package's ``classify`` works
against the ``RegistryLike`` protocol so any registry (or a test fake) plugs in.
"""

from __future__ import annotations

from linkaudit.classify.claims import classify

__all__ = ["classify"]
