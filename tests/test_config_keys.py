"""Config keys are exactly the long option names of `linkaudit check`."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import FIXTURE, run


def _project(tmp_path: Path, settings: str) -> None:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / "linkaudit.toml").write_text(settings)
    (tmp_path / "a.txt").write_bytes(FIXTURE.read_bytes())


def test_long_option_names_are_the_keys(tmp_path: Path) -> None:
    """cache, format, baseline and date, as on the command line, are accepted and used."""
    _project(
        tmp_path,
        'offline = true\ncache = "state/links.sqlite"\nformat = ["json:out/r.json"]\n'
        'baseline = "base.json"\ndate = "2024-01-24"\nfail-on = "none"\n',
    )
    sub = tmp_path / "sub"
    sub.mkdir()
    proc = run("check", "../a.txt", cwd=sub)
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "out" / "r.json").read_text())  # relative to the config
    assert report["schema"] == "linkaudit/report/1"
    assert "base.json does not exist" in proc.stderr  # the baseline key was read


def test_parameter_names_are_refused(tmp_path: Path) -> None:
    """Internal names such as cache_path or formats are unknown settings (exit 2, one line)."""
    for key in ("cache_path = 'x'", "formats = ['json']", "date_ = '2024-01-01'"):
        _project(tmp_path, key + "\n")
        proc = run("check", "a.txt", cwd=tmp_path)
        assert proc.returncode == 2, key
        assert "unknown setting" in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


def test_list_options_accept_a_string(tmp_path: Path) -> None:
    """fail-on = "none" and exclude = "regex" work as one-item lists."""
    _project(tmp_path, 'offline = true\nfail-on = "none"\nexclude = "example\\\\.org"\n')
    proc = run("check", "a.txt", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    _project(tmp_path, 'offline = true\nfail-on = "error"\n')
    assert run("check", "a.txt", "-f", "json", cwd=tmp_path).returncode == 1
