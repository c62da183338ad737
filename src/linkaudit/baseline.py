"""Baseline files: findings a team has accepted, so CI fails only on new ones.

Entries are keyed on each finding's content fingerprint (rule, document relative to the
project root, and what the finding is about), so an edit elsewhere in an article or a path
typed differently does not turn accepted findings into new ones.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

from linkaudit.errors import UsageError
from linkaudit.model import Finding, Report
from linkaudit.outfile import write_text

SCHEMA = "linkaudit/baseline/1"
log = logging.getLogger("linkaudit.baseline")


def read_baseline(path: Path) -> frozenset[str]:
    """Fingerprints accepted by a baseline file; a missing file accepts nothing, with a warning."""
    if not path.exists():
        log.warning(
            "baseline %s does not exist: no finding is accepted "
            "(create it with --write-baseline %s)",
            path,
            path,
        )
        return frozenset()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"cannot read baseline {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise UsageError(f"{path} is not a linkaudit baseline (expected schema {SCHEMA!r})")
    entries = data.get("findings", [])
    return frozenset(
        str(e["fingerprint"]) for e in entries if isinstance(e, dict) and "fingerprint" in e
    )


def _entry(document: str, f: Finding) -> dict[str, str]:
    return {
        "fingerprint": f.fingerprint,
        "rule": f.rule,
        "document": document,
        "message": f.message,
    }


def write_baseline(
    path: Path, reports: Sequence[Report], accepted: Sequence[tuple[str, Finding]] = ()
) -> tuple[int, int]:
    """Accept every finding that occurs in this run; returns (written, pruned).

    ``accepted`` are the findings an earlier baseline already accepted (left out of the
    reports); they still occur, so they stay. Entries of the old file that no longer occur
    are pruned. Written atomically.
    """
    entries = [_entry(r.document.path, f) for r in reports for f in r.findings]
    entries += [_entry(doc, f) for doc, f in accepted]
    unique = list({e["fingerprint"]: e for e in entries}.values())
    previous = read_baseline(path) if path.exists() else frozenset()
    pruned = len(previous - {e["fingerprint"] for e in unique})
    payload = json.dumps({"schema": SCHEMA, "findings": unique}, indent=1, ensure_ascii=False)
    atomic_write(path, payload + "\n")
    return len(unique), pruned


def atomic_write(path: Path, text: str) -> None:
    """Write a file so that a reader never sees half of it (devices, FIFOs and symlinks are
    written through, never replaced: see linkaudit.outfile)."""
    write_text(path, text)
