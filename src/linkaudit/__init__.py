"""linkaudit: who each claim in an article rests on, and whether every cited link still leads there."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
