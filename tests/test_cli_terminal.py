"""Text output for people: terminal width, --summary, -v, -q, colour flags and variables."""

from __future__ import annotations

from pathlib import Path

from fake_archives import FakeArchives, FakeInThread
from linkaudit.cli_support import text_width, use_color
from test_audit_online import check, site  # noqa: F401 - the loopback site fixture
from test_cli import FIXTURE, run

ANSI = "\x1b["


def _text(*args: str, **env: str) -> str:
    proc = run("check", str(FIXTURE), "--offline", *args, env={"NO_COLOR": "", **env})
    assert proc.returncode == 1, proc.stderr
    return proc.stdout


def test_text_fits_the_terminal_width() -> None:
    """At COLUMNS=80 no line is wider than 80; at 140 the tables use the room."""
    narrow = _text(COLUMNS="80")
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert "PRIMARY (" in narrow
    wide = _text(COLUMNS="140")
    assert 100 < max(len(line) for line in wide.splitlines()) <= 140


def test_summary_prints_counts_and_findings_only() -> None:
    """--summary leaves out the claim and link tables but keeps counts, findings, totals."""
    out = _text("--summary")
    assert "PRIMARY (" not in out
    assert "LINKS (" not in out
    assert "FINDINGS (" in out
    assert "claims:" in out


def test_color_flag_is_honoured_when_piped() -> None:
    """--color puts colour codes into piped output; --no-color and NO_COLOR keep them out."""
    assert ANSI in _text("--color")
    assert ANSI not in _text()
    assert ANSI in _text(FORCE_COLOR="1")
    assert ANSI not in _text(FORCE_COLOR="1", NO_COLOR="1")
    assert ANSI not in _text("--no-color", FORCE_COLOR="1")


def test_colour_and_width_rules() -> None:
    """The flag beats NO_COLOR beats FORCE_COLOR beats the TTY; COLUMNS beats the default."""
    assert use_color(True, {"NO_COLOR": "1"}, isatty=False)
    assert not use_color(None, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, isatty=True)
    assert use_color(None, {"FORCE_COLOR": "1"}, isatty=False)
    assert not use_color(None, {"FORCE_COLOR": "0"}, isatty=False)
    assert use_color(None, {}, isatty=True)
    assert text_width({"COLUMNS": "72"}, isatty=False) == 72
    assert text_width({}, isatty=False) == 100


def test_verbose_tells_what_the_stages_did() -> None:
    """-v adds one INFO line per stage on stderr; without it there is none."""
    loud = run("check", str(FIXTURE), "--offline", "-v")
    assert "INFO: read 1 document(s)" in loud.stderr
    assert "INFO" not in run("check", str(FIXTURE), "--offline").stderr


def test_quiet_still_shows_warnings(tmp_path: Path, site: str) -> None:  # noqa: F811
    """--quiet drops progress, not the warning that the archives could not be asked."""
    article = tmp_path / "a.md"
    article.write_text(f"# T\n\nThe agency [reported]({site}/gone).\n")
    fake = FakeArchives(down={"availability", "cdx", "timemap", "timegate"})
    with FakeInThread(fake) as served:
        code, _report, err = check(article, served.base)  # runs with --quiet
    assert code == 1
    assert "WARNING" in err
    assert "archive lookup" in err
