"""Baseline files: findings a team has accepted, so CI fails only on new ones."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from linkaudit.errors import UsageError
from linkaudit.findings import fingerprint
from linkaudit.model import Report
from linkaudit.outfile import write_text

SCHEMA = "linkaudit/baseline/1"


def read_baseline(path: Path) -> frozenset[str]:
    """Fingerprints accepted by a baseline file; a missing file is an empty baseline."""
    if not path.exists():
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


def write_baseline(path: Path, reports: Sequence[Report]) -> int:
    """Accept every finding of these reports; returns how many. Written atomically."""
    entries = []
    for report in reports:
        for f in report.findings:
            entries.append(
                {
                    "fingerprint": fingerprint(
                        report.document.path, f, report.links, report.claims
                    ),
                    "rule": f.rule,
                    "document": report.document.path,
                    "message": f.message,
                }
            )
    # keep the findings a previous baseline accepted and that were filtered out of this run
    previous = read_baseline(path)
    known = {e["fingerprint"] for e in entries}
    entries += [{"fingerprint": fp} for fp in sorted(previous - known)]
    payload = json.dumps({"schema": SCHEMA, "findings": entries}, indent=1, ensure_ascii=False)
    atomic_write(path, payload + "\n")
    return len(entries)


def atomic_write(path: Path, text: str) -> None:
    """Write a file so that a reader never sees half of it (devices, FIFOs and symlinks are
    written through, never replaced: see linkaudit.outfile)."""
    write_text(path, text)
