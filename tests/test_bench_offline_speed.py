"""bench/offline_speed.py's own logic: unpacking the pages, timing a child, the verdicts."""

from __future__ import annotations

import gzip
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_offline_speed", REPO / "bench" / "offline_speed.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


speed = _load()


def test_pages_are_decompressed_under_their_html_names(tmp_path: Path) -> None:
    """Each .html.gz page becomes a .html file with the original bytes; --limit caps them."""
    src, dest = tmp_path / "src", tmp_path / "dest"
    src.mkdir()
    dest.mkdir()
    for name in ("a", "b", "c"):
        (src / f"{name}.html.gz").write_bytes(gzip.compress(f"<p>{name}</p>".encode()))
    assert speed.unpack(src, dest, 2) == 2
    assert sorted(p.name for p in dest.iterdir()) == ["a.html", "b.html"]
    assert (dest / "a.html").read_bytes() == b"<p>a</p>"


def test_a_child_is_timed_with_its_peak_memory() -> None:
    """A child that holds ~60 MB reports a peak RSS above that and its exit code."""
    fig = speed.timed(
        [sys.executable, "-c", "b = bytearray(60 * 2**20); b[::4096] = b'x' * len(b[::4096])"]
    )
    assert fig["exit"] == 0
    assert fig["wall"] > 0
    assert fig["rss_mb"] is not None
    assert fig["rss_mb"] > 60


def test_verdicts_compare_against_the_issue_targets() -> None:
    """Fast, lean, quick to start passes; slow fails; an unmeasured figure is None."""
    ok = {"pages_per_second": 12.0, "peak_rss_mb": 300.0, "startup_seconds": 1.0}
    assert speed.verdicts(ok) == dict.fromkeys(ok, True)
    slow = {**ok, "pages_per_second": 3.0, "peak_rss_mb": None}
    assert speed.verdicts(slow)["pages_per_second"] is False
    assert speed.verdicts(slow)["peak_rss_mb"] is None
