"""The shipped schema and contract: one root for one or many inputs, every field described."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from linkaudit.schema import load_schema
from test_cli import FIXTURE, ROOT, run


def _properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (path, schema) of a named property anywhere in the schema."""
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{where}/{name}", sub
        for key, sub in node.items():
            yield from _properties(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _properties(sub, f"{where}/{i}")


def test_run_over_several_inputs_validates_at_the_schema_root(tmp_path: Path) -> None:
    """The linkaudit/run/1 object of a two-input run is valid against the shipped file as is."""
    second = tmp_path / "b.md"
    second.write_text("# B\n\nThe ministry [said](#) so.\n")
    proc = run("check", str(FIXTURE), str(second), "--offline", "-f", "json")
    data = json.loads(proc.stdout)
    assert data["schema"] == "linkaudit/run/1"
    validator = Draft202012Validator(load_schema())
    assert list(validator.iter_errors(data)) == []
    assert [r["schema"] for r in data["reports"]] == ["linkaudit/report/1"] * 2
    single = json.loads(run("check", str(second), "--offline", "-f", "json").stdout)
    assert list(validator.iter_errors(single)) == []
    assert set(single) == set(data["reports"][1])  # a run holds reports of the one shape


def test_schema_id_is_a_real_identifier() -> None:
    """$id is a UUID URN (a permanent name), not a placeholder host under .invalid."""
    schema_id = load_schema()["$id"]
    assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", schema_id)


def test_every_field_is_described() -> None:
    """Each property in the schema has a description a tool author can read."""
    missing = [path for path, sub in _properties(load_schema()) if not sub.get("description")]
    assert missing == []


def test_contract_document_is_in_the_repository() -> None:
    """docs/report-contract.md names every top-level report and link field of the schema."""
    text = (ROOT / "docs" / "report-contract.md").read_text()
    defs = load_schema()["$defs"]
    for name in [*defs["report"]["properties"], *defs["link"]["properties"]]:
        assert f'"{name}"' in text, name
    for state in ("found", "none", "unavailable", "skipped"):
        assert f"`{state}`" in text


def test_document_blocks_tell_body_from_chrome() -> None:
    """document.blocks lists {start, end, role, kind}, with body and chrome on an HTML page."""
    page = next((ROOT.parent / "shared" / "corpus" / "news").glob("*.html"), None)
    target = page if page is not None else FIXTURE
    data = json.loads(run("check", str(target), "--offline", "-f", "json").stdout)
    blocks = data["document"]["blocks"]
    assert blocks
    assert all(set(b) == {"start", "end", "role", "kind"} for b in blocks)
    assert all(0 <= b["start"] <= b["end"] <= len(data["document"]["text"]) for b in blocks)
    if page is not None:
        assert {b["role"] for b in blocks} == {"body", "chrome"}


def test_report_files_follow_the_umask(tmp_path: Path) -> None:
    """Report and baseline files get the process umask's mode (0644 under umask 022)."""
    out = tmp_path / "r.json"
    base = tmp_path / "b.json"
    script = "import os, sys; os.umask(0o022); from linkaudit.cli import main; main(sys.argv[1:])"
    proc = subprocess.run(
        [sys.executable, "-c", script, "check", str(FIXTURE), "--offline",
         "-f", f"json:{out}", "--write-baseline", str(base)],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=120,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    for written in (out, base):
        assert stat.S_IMODE(written.stat().st_mode) == 0o644, written
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_html_of_malformed_hrefs_renders(tmp_path: Path) -> None:
    """-f html and `render -f html` on hrefs such as http://[::1 write a page, no traceback."""
    article = tmp_path / "odd.md"
    article.write_text(
        "# Odd\n\nThe agency [said](http://[::1/x) and [b](http://example.com:99999/) so.\n"
    )
    page = tmp_path / "r.html"
    saved = tmp_path / "r.json"
    proc = run("check", str(article), "--offline", "-f", f"html:{page}", "-f", f"json:{saved}")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "http://[::1/x" in page.read_text()
    again = run("render", str(saved), "-f", "html")
    assert again.returncode == 0, again.stderr
    assert "<html" in again.stdout
