"""Streamed rendering: every format's pieces join to its whole text, the JSON writer holds
one link at a time, and a file written from pieces keeps the output-write guarantees."""

from __future__ import annotations

import io
import json
import os
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from linkaudit.model import Link, LinkCheck, Report
from linkaudit.outfile import write_text
from linkaudit.render import RENDERERS, render_reports, stream_reports
from linkaudit.render.jsonfmt import dumps, report_pieces, report_to_dict, run_to_dict
from linkaudit.schema import validate_report
from report_samples import bare_report, rich_report

FORMATS = list(RENDERERS)


def _many_links(n: int) -> Report:
    """The rich sample with ``n`` checked links (a dead one every tenth)."""
    base = rich_report()
    links = tuple(
        Link(
            id=f"l{i + 1}",
            anchor=f"source {i}",
            href=f"https://host{i % 50}.example.com/page/{i}",
            url=f"https://host{i % 50}.example.com/page/{i}",
            start=i,
            end=i + 1,
            line=i + 1,
            role="body",
            status="dead" if i % 10 == 0 else "ok",
            check=LinkCheck(
                url=f"https://host{i % 50}.example.com/page/{i}",
                status="dead" if i % 10 == 0 else "ok",
                checked_at="2026-01-01T00:00:00Z",
                http_status=404 if i % 10 == 0 else 200,
            ),
            fingerprint=f"{i:016x}",
        )
        for i in range(n)
    )
    return replace(base, links=links)


@pytest.mark.parametrize("name", FORMATS)
def test_pieces_join_to_the_whole_output(name: str) -> None:
    """For one report, several and none, the streamed pieces are exactly the rendered text."""
    for reports in ([rich_report()], [rich_report(), bare_report()], []):
        whole = RENDERERS[name].render(reports)
        pieces = list(stream_reports(reports, name))
        assert all(isinstance(p, str) for p in pieces)
        assert "".join(pieces) == whole


@pytest.mark.parametrize("name", ["text", "markdown", "junit", "json", "ndjson", "sarif"])
def test_a_large_report_comes_in_many_small_pieces(name: str) -> None:
    """3,000 links are written as many pieces, none holding a large part of the document."""
    report = _many_links(3_000)
    pieces = list(stream_reports([report], name))
    total = sum(len(p) for p in pieces)
    assert "".join(pieces) == render_reports([report], name)
    if name == "markdown":  # capped at 1 MB: cut, never larger than the cap
        assert total <= 1_000_000
    assert len(pieces) > 10
    assert max(len(p) for p in pieces) < max(total // 5, 20_000)


def test_text_tables_in_parts_match_one_table_at_every_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tables printed in parts of a few rows line up exactly as one table, narrow or wide."""
    from linkaudit.render import text as text_module

    report = _many_links(70)
    for width in (40, 99, 100, 180):
        for color in (False, True):
            monkeypatch.setattr(text_module, "CHUNK", 10**9)
            whole = text_module.TextRenderer(width).render([report], color=color)
            monkeypatch.setattr(text_module, "CHUNK", 7)
            parts = list(text_module.TextRenderer(width).stream([report], color=color))
            assert "".join(parts) == whole
            assert len(parts) > 10


def test_streamed_json_is_json_dumps_and_valid() -> None:
    """The JSON pieces spell exactly json.dumps(indent=2) and validate against the schema."""
    for reports in ([_many_links(300)], [_many_links(40), bare_report()]):
        text = "".join(report_pieces(reports))
        obj = report_to_dict(reports[0]) if len(reports) == 1 else run_to_dict(reports)
        assert text == json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
        assert text == dumps(obj)
        validate_report(json.loads(text))


def _peak_while_writing(report: Report) -> int:
    sink = io.StringIO()
    tracemalloc.start()
    try:
        for piece in report_pieces([report]):
            sink.write(piece)
            sink.seek(0)
            sink.truncate()  # the sink keeps nothing: only the writer's own memory counts
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_json_writer_memory_does_not_grow_with_the_links() -> None:
    """Writing 20,000 links takes no more memory than writing 2,000: one link at a time."""
    small = _peak_while_writing(_many_links(2_000))
    large = _peak_while_writing(_many_links(20_000))
    assert large < 2 * small + 256 * 1024
    assert large < 2 * 1024 * 1024


def _failing_pieces() -> Iterator[str]:
    yield '{"partial": '
    raise RuntimeError("renderer bug")


def test_a_failed_rendering_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    """A renderer that fails mid-way leaves the old file whole and no temporary file."""
    target = tmp_path / "report.json"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        write_text(target, _failing_pieces())
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_pieces_go_through_a_fifo(tmp_path: Path) -> None:
    """Pieces written to a FIFO reach its reader, and the FIFO stays a FIFO."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_text(fifo, iter(["a", "b", "c\n"]))
    reader.join(timeout=30)
    assert got == [b"abc\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_pieces_to_a_regular_file_keep_the_umask(tmp_path: Path) -> None:
    """A new file written from pieces gets 0666 minus the umask, atomically."""
    old = os.umask(0o027)
    try:
        write_text(tmp_path / "out.txt", iter(["x", "y"]))
    finally:
        os.umask(old)
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "xy"
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o640
