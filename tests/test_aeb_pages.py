"""Every aeb-dev page (167 real pages from many sites) audits offline without an internal error."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

AEB = Path(__file__).resolve().parent.parent.parent / "shared" / "aeb-dev" / "html"


@pytest.mark.slow
def test_every_aeb_dev_page_audits_offline(tmp_path: Path) -> None:
    """One offline run over all pages exits 0 or 1 (findings), never 2 or 3, and reports each."""
    pages = sorted(AEB.glob("*.html.gz"))
    assert len(pages) >= 160, AEB
    for page in pages:
        (tmp_path / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
    out = tmp_path / "run.ndjson"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "linkaudit",
            "check",
            str(tmp_path),
            "--offline",
            "--no-cache",
            "-q",
            "-f",
            f"ndjson:{out}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    assert len(out.read_text().splitlines()) == len(pages)
