"""Stable identity: content fingerprints on links, claims and findings, and baselines on them."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import run

ARTICLE = (
    "# Talks\n\n"
    "Kim Jong Un rejected talks, the Korean Central News Agency [reported](#).\n\n"
    "Seoul said it was ready, according to [Reuters](https://www.reuters.com/world/x).\n"
)
INSERTED = "A new paragraph about the weather, with [a link](https://example.org/w).\n\n"


def _json(proc_stdout: str) -> dict:
    return json.loads(proc_stdout)


def _project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "news").mkdir()
    article = tmp_path / "news" / "a.md"
    article.write_text(ARTICLE)
    return article


def test_fingerprints_survive_an_inserted_paragraph(tmp_path: Path) -> None:
    """Inserting a paragraph shifts ids (l2 -> l3) but no link, claim or finding fingerprint."""
    article = _project(tmp_path)
    before = _json(run("check", str(article), "--offline", "-f", "json").stdout)
    head, _, tail = ARTICLE.partition("Seoul")
    article.write_text(head + INSERTED + "Seoul" + tail)
    after = _json(run("check", str(article), "--offline", "-f", "json").stdout)

    def reuters(report: dict) -> dict:
        return next(k for k in report["links"] if k["anchor"] == "Reuters")

    assert reuters(before)["id"] != reuters(after)["id"]  # positional ids move
    assert reuters(before)["fingerprint"] == reuters(after)["fingerprint"]
    claims_before = {c["text"]: c["fingerprint"] for c in before["claims"]}
    claims_after = {c["text"]: c["fingerprint"] for c in after["claims"]}
    assert all(claims_after[t] == fp for t, fp in claims_before.items())
    findings_before = {f["fingerprint"] for f in before["findings"]}
    assert findings_before  # the lost KCNA target is a finding
    assert findings_before <= {f["fingerprint"] for f in after["findings"]}
    everything = [*after["links"], *after["claims"], *after["findings"]]
    assert all(x["fingerprint"] for x in everything)
    assert len({k["fingerprint"] for k in after["links"]}) == len(after["links"])


def test_baseline_matches_however_the_path_is_typed(tmp_path: Path) -> None:
    """A baseline written for ./news/a.md accepts the findings of news/a.md by absolute path
    and from inside the news folder."""
    article = _project(tmp_path)
    base = tmp_path / "baseline.json"
    first = run("check", "./news/a.md", "--offline", "--write-baseline", str(base), cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    by_abs = run("check", str(article), "--offline", "--baseline", str(base), cwd=tmp_path)
    assert by_abs.returncode == 0, by_abs.stdout + by_abs.stderr
    inside = run("check", "a.md", "--offline", "--baseline", str(base), cwd=tmp_path / "news")
    assert inside.returncode == 0, inside.stdout + inside.stderr


def test_missing_baseline_file_warns(tmp_path: Path) -> None:
    """--baseline naming a file that does not exist says so on stderr instead of silence."""
    article = _project(tmp_path)
    proc = run("check", str(article), "--offline", "--baseline", str(tmp_path / "nope.json"))
    assert proc.returncode == 1
    assert "nope.json does not exist" in proc.stderr


def test_write_baseline_prunes_fixed_findings_and_keeps_accepted_ones(tmp_path: Path) -> None:
    """Rewriting a baseline keeps findings that still occur (even accepted ones) and drops
    findings that were fixed."""
    article = _project(tmp_path)
    article.write_text(ARTICLE + "\nThe ministry [said](#) so too.\n")
    base = tmp_path / "baseline.json"
    run("check", str(article), "--offline", "--write-baseline", str(base))
    written = json.loads(base.read_text())["findings"]
    assert sum(1 for w in written if w["rule"] == "LA001") == 2
    article.write_text(ARTICLE)  # the ministry's lost link is fixed (gone)
    proc = run(
        "check", str(article), "--offline", "--baseline", str(base), "--write-baseline", str(base)
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 no longer found, pruned" in proc.stderr
    kept = json.loads(base.read_text())["findings"]
    fixed = [w for w in written if "'said'" in w["message"]]
    assert len(fixed) == 1
    assert {k["fingerprint"] for k in kept} == {w["fingerprint"] for w in written} - {
        fixed[0]["fingerprint"]
    }


def test_document_key_and_url_normalisation(tmp_path: Path) -> None:
    """Paths key relative to the project root; URLs fold case of scheme/host and default ports."""
    from linkaudit.fingerprints import document_key, normal_url

    (tmp_path / "linkaudit.toml").write_text("")
    (tmp_path / "d").mkdir()
    assert document_key(str(tmp_path / "d" / "x.md")) == "d/x.md"
    assert document_key(str(tmp_path / "d" / ".." / "d" / "x.md")) == "d/x.md"
    assert document_key("-") == "-"
    assert document_key("https://example.org/a") == "https://example.org/a"
    assert normal_url("HTTPS://Example.ORG:443/a?b=1") == "https://example.org/a?b=1"
    assert normal_url("http://example.org:8080") == "http://example.org:8080/"
    assert normal_url("http://[::1") == "http://[::1"
