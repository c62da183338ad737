"""Golden-file helper: compare rendered output with a file under tests/golden/, exactly.

Run with LINKAUDIT_UPDATE_GOLDEN=1 to (re)write the files instead; review the diff before
committing it. A missing golden fails the test (with a hint) rather than passing silently.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
UPDATE_ENV = "LINKAUDIT_UPDATE_GOLDEN"


def updating() -> bool:
    """True when this run regenerates golden files."""
    return os.environ.get(UPDATE_ENV) == "1"


def assert_golden(name: str, text: str) -> None:
    """Assert ``text`` equals tests/golden/<name>, or write it when updating."""
    path = GOLDEN_DIR / name
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    if not path.exists():
        raise AssertionError(f"golden file {path} is missing; run with {UPDATE_ENV}=1 to create it")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"golden/{name}",
                tofile="rendered",
                n=2,
            )
        )
        if len(diff) > 6000:
            diff = diff[:6000] + "\n... (diff cut)"
        raise AssertionError(
            f"output differs from golden/{name} ({UPDATE_ENV}=1 rewrites it):\n{diff}"
        )
