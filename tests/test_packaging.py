"""Packaging: a distribution name of our own, the example workflow, action.yml, the hook."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from test_workflow import server  # noqa: F401 - the loopback site fixture

ROOT = Path(__file__).resolve().parents[1]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_distribution_name_is_not_the_index_linkaudit() -> None:
    """The distribution is not called "linkaudit" (an unrelated index project); the command
    and the import package still are."""
    project = _pyproject()["project"]
    assert project["name"] == "linkaudit-provenance"
    assert project["scripts"] == {"linkaudit": "linkaudit.cli:main"}
    from importlib.metadata import distribution

    assert distribution("linkaudit-provenance").entry_points.names == {"linkaudit"}


def test_example_workflow_installs_this_project() -> None:
    """The nightly example installs this project's distribution, never `pip install linkaudit`."""
    workflow = yaml.safe_load((ROOT / "examples/github-actions/linkaudit.yml").read_text())
    runs = [s.get("run", "") for s in workflow["jobs"]["audit"]["steps"]]
    installs = [r for r in runs if "pip install" in r]
    assert installs
    name = _pyproject()["project"]["name"]
    for line in installs:
        assert not re.search(r"pip install\s+['\"]?linkaudit(['\"\s]|$)", line), line
        assert name in line


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text())


def test_action_is_composite_and_installs_itself() -> None:
    """action.yml is a composite action that installs linkaudit from its own checkout and
    keeps the link history with actions/cache."""
    action = _action()
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install linkaudit")
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    assert any(str(s.get("uses", "")).startswith("actions/cache@") for s in steps)
    assert set(action["inputs"]) >= {"paths", "args", "fail-on"}
    assert all(s.get("shell") == "bash" for s in steps if "run" in s)


def test_action_audit_step_runs_against_loopback(tmp_path: Path, server: str) -> None:  # noqa: F811
    """The action's audit step, run as GitHub would run it, writes the reports and exit=1 for a
    dead link."""
    step = next(s for s in _action()["runs"]["steps"] if s.get("id") == "audit")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text(
        f"# S\n\nThe ministry [said]({server}/ok/statement) and the agency "
        f"[reported]({server}/missing) it.\n"
    )
    output = tmp_path / "out"
    output.write_text("")
    env = {
        **os.environ,
        "INPUT_PATHS": "articles/",
        "INPUT_ARGS": "--allow-private --retries 0",
        "INPUT_FAIL_ON": "error",
        "INPUT_FAILURE_CHECKS": "2",
        "INPUT_FAILURE_SPAN": "20h",
        "GITHUB_OUTPUT": str(output),
        "LINKAUDIT_ARCHIVE_BASE": "http://127.0.0.1:9",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, check=True, timeout=180
    )
    assert output.read_text().strip().splitlines()[-1] == "exit=1"
    report = json.loads((tmp_path / "linkaudit-report.json").read_text())
    assert {k["status"] for k in report["links"]} == {"ok", "dead"}
    for name in ("linkaudit-summary.md", "linkaudit-report.html", "linkaudit.sarif"):
        assert (tmp_path / name).stat().st_size > 0
    assert (tmp_path / ".linkaudit-cache" / "links.sqlite").exists()


def _hook_matches(hook: dict, path: str) -> bool:
    """pre-commit's selection: `files` and `exclude` regexes (search), then `types`."""
    if not re.search(hook.get("files", ""), path):
        return False
    if hook.get("exclude") and re.search(hook["exclude"], path):
        return False
    return set(hook.get("types", ["file"])) <= {"file"} and "types_or" not in hook


def test_pre_commit_hook_matches_only_article_files() -> None:
    """The hooks pass articles (.md, .txt, .html) and no code, config, or boilerplate."""
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    offline = hooks["linkaudit"]
    for path in ("articles/2024/kim.md", "news/a.html", "drafts/b.txt", "c.markdown"):
        assert _hook_matches(offline, path), path
    for path in (
        "src/app.py", "setup.cfg", "package.json", "poetry.lock", ".github/workflows/ci.yml",
        "README.md", "docs/CHANGELOG.md", "requirements-dev.txt", "Makefile", "LICENSE",
    ):  # fmt: skip
        assert not _hook_matches(offline, path), path
    assert not _hook_matches(hooks["linkaudit-online"], "notes.txt")
