"""The command line end to end: `linkaudit check` on the fixture, bad input, options, config."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from linkaudit.schema import validate_report

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "north-korea-geopolitics.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "news"


def run(
    *args: str,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would (a real process), capturing text output."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "linkaudit", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=120,
        check=False,
        text=stdin is None,
    )


@pytest.fixture(scope="module")
def fixture_report() -> dict:
    """The fixture article's JSON report (offline)."""
    proc = run("check", str(FIXTURE), "--offline", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout)


def test_fixture_report_validates_against_schema(fixture_report: dict) -> None:
    """The JSON report of the fixture article follows the shipped JSON Schema."""
    validate_report(fixture_report)
    assert fixture_report["schema"] == "linkaudit/report/1"
    assert fixture_report["document"]["format"] == "markdown"


def _source(report: dict, needle: str) -> dict:
    for s in report["sources"]:
        names = [s["name"], *s.get("aliases", [])]
        if any(needle.lower() in n.lower() for n in names):
            return s
    raise AssertionError(f"no source like {needle!r} in {[s['name'] for s in report['sources']]}")


@pytest.mark.parametrize(
    ("needle", "cls"),
    [
        ("Korean Central News Agency", "state-media"),
        ("TASS", "state-media"),
        ("Reuters", "secondary"),
        ("Vaddi", "primary"),
        ("Peskov", "primary"),
        ("readout", "primary"),
        ("press release", "primary"),
        ("Sushentsov", "secondary"),
        ("Stalin", "primary"),
    ],
)
def test_fixture_sources_and_classes(fixture_report: dict, needle: str, cls: str) -> None:
    """Each source the fixture cites is found with the class it rests on."""
    assert _source(fixture_report, needle)["class"] == cls


def test_fixture_body_links_are_missing_targets_tied_to_claims(fixture_report: dict) -> None:
    """All 11 body links lost their target, and each belongs to a claim."""
    body = [link for link in fixture_report["links"] if link["role"] == "body"]
    assert len(body) == 11
    claims = {c["id"]: c for c in fixture_report["claims"]}
    for link in body:
        assert link["status"] == "missing-target"
        assert link["claim"] in claims, link
        assert link["id"] in claims[link["claim"]]["links"]
    split = [link for link in body if link.get("continues")]
    assert len(split) == 1
    first = next(x for x in body if x["id"] == split[0]["continues"])
    assert first["claim"] == split[0]["claim"]
    assert first["anchor"] == "announced that unification with"


def test_fixture_chrome_links(fixture_report: dict) -> None:
    """Byline, tags and the Global Research footer links are page chrome."""
    chrome = {link["anchor"] for link in fixture_report["links"] if link["role"] == "chrome"}
    assert {
        "M. K. Bhadrakumar",
        "Asia",
        "Russia and FSU",
        "NORTH KOREA",
        "Become a Member of Global Research",
    } <= chrome
    assert any("Facebook" in a for a in chrome)


def test_fixture_findings_fail_the_run(fixture_report: dict) -> None:
    """Missing targets in the body are errors; those in chrome are only notes."""
    by_link = {link["id"]: link for link in fixture_report["links"]}
    missing = [f for f in fixture_report["findings"] if f["rule"] == "LA001"]
    assert missing
    for f in missing:
        expected = "error" if by_link[f["link"]]["role"] == "body" else "note"
        assert f["severity"] == expected


def test_default_text_output_is_readable() -> None:
    """The default format is a text report that names the bases and the links."""
    proc = run("check", str(FIXTURE), "--offline")
    assert proc.returncode == 1
    out = proc.stdout
    for word in ("state-media", "primary", "secondary", "missing-target", "Peskov"):
        assert word in out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "nope.txt", "no such file"),
        (lambda d: "", "empty path"),  # an unset $VAR: not the current folder
        (lambda d: d, "no articles"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "blank.md", b"  \n\n\t\n"), "empty"),
        (lambda d: _write(d / "bin.txt", b"\x00\x01\x02binary\x00" * 50), "binary"),
        (lambda d: _write(d / "doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), "PDF"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, make, message: str) -> None:
    """Bad input gets one clear line on stderr, exit code 2 and no traceback."""
    target = make(tmp_path)
    proc = run("check", str(target), "--offline")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert message.lower() in lines[0].lower()
    assert "Traceback" not in proc.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_usage_error_is_one_line(tmp_path: Path) -> None:
    """An unknown format or fail-on value is a one-line usage error with exit 2."""
    for args in (["--format", "pdf"], ["--fail-on", "everything"], ["--max-concurrency", "0"]):
        proc = run("check", str(FIXTURE), "--offline", *args)
        assert proc.returncode == 2, args
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_partial_results_written_when_one_input_is_bad(tmp_path: Path) -> None:
    """With one good and one bad input, the good one's report is still written; exit is 2."""
    out = tmp_path / "report.json"
    proc = run(
        "check", str(FIXTURE), str(tmp_path / "missing.md"), "--offline", "--format", f"json:{out}"
    )
    assert proc.returncode == 2
    assert "missing.md" in proc.stderr
    data = json.loads(out.read_text())
    validate_report(data)
    assert data["document"]["path"].endswith("north-korea-geopolitics.txt")


def test_stdin_is_read() -> None:
    """`-` reads the article from standard input."""
    proc = run("check", "-", "--offline", "--format", "json", stdin=FIXTURE.read_bytes())
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["document"]["path"] == "-"
    assert data["summary"]["links"] == len(data["links"]) > 11


def test_several_formats_in_one_run(tmp_path: Path) -> None:
    """--format json:PATH --format html:PATH writes both files; stdout stays free."""
    j, h = tmp_path / "r.json", tmp_path / "r.html"
    proc = run("check", str(FIXTURE), "--offline", "-f", f"json:{j}", "-f", f"html:{h}")
    assert proc.returncode == 1
    assert json.loads(j.read_text())["summary"]["claims"] > 0
    assert h.read_text().lstrip().lower().startswith("<!doctype html")


def test_render_saved_report(tmp_path: Path) -> None:
    """`linkaudit render report.json -f markdown` rebuilds another format from saved JSON."""
    j = tmp_path / "r.json"
    run("check", str(FIXTURE), "--offline", "-f", f"json:{j}")
    proc = run("render", str(j), "-f", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert "missing-target" in proc.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    proc = run("render", str(bad), "-f", "text")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1


def test_fail_on_and_baseline(tmp_path: Path) -> None:
    """--fail-on none passes; a baseline written from a run accepts its findings next time."""
    assert (
        run("check", str(FIXTURE), "--offline", "-f", "json", "--fail-on", "none").returncode == 0
    )
    base = tmp_path / "baseline.json"
    first = run("check", str(FIXTURE), "--offline", "-f", "json", "--write-baseline", str(base))
    assert first.returncode == 1
    second = run("check", str(FIXTURE), "--offline", "-f", "json", "--baseline", str(base))
    assert second.returncode == 0, second.stderr
    data = json.loads(second.stdout)
    assert data["findings"] == []
    assert data["options"]["baselined"] > 0


def test_config_file_and_command_line_wins(tmp_path: Path) -> None:
    """[tool.linkaudit] in pyproject.toml sets defaults; the command line overrides them."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.linkaudit]\nfail-on = ["none"]\noffline = true\n'
    )
    article = tmp_path / "a.txt"
    article.write_bytes(FIXTURE.read_bytes())
    assert run("check", "a.txt", "-f", "json", cwd=tmp_path).returncode == 0
    assert run("check", "a.txt", "-f", "json", "--fail-on", "error", cwd=tmp_path).returncode == 1
    (tmp_path / "pyproject.toml").write_text("[tool.linkaudit]\nno-such-option = 1\n")
    proc = run("check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "no-such-option" in proc.stderr


def test_every_command_has_help() -> None:
    """Each subcommand answers --help (CLI and library stay documented together)."""
    for cmd in ("check", "archive", "render"):
        proc = run(cmd, "--help")
        assert proc.returncode == 0
        assert "Usage" in proc.stdout
    assert run("--version").stdout.startswith("linkaudit")


def test_help_documents_the_exit_codes() -> None:
    """`linkaudit --help` and `check --help` list 0, 1, 2, 3, 130 and 143; `archive --help`
    its own codes per archive state."""
    for args in (["--help"], ["check", "--help"]):
        text = run(*args).stdout
        codes = re.findall(r"^\s+(\d+)\s+\S", text.split("Exit codes:", 1)[1], re.MULTILINE)
        assert codes == ["0", "1", "2", "3", "130", "143"], text
    archive = " ".join(run("archive", "--help").stdout.split())
    for code, words in (("0", "has a copy"), ("1", "no copy"), ("4", "not looked up"),
                        ("5", "could not be asked"), ("2", "usage error")):  # fmt: skip
        assert re.search(rf"\b{code} [^;.]*{words}", archive), archive


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/news not beside the repo")
def test_every_corpus_page_audits_offline(tmp_path: Path) -> None:
    """All 20 real news pages run through the offline audit without an error."""
    out = tmp_path / "run.json"
    proc = run("check", str(CORPUS), "--offline", "-f", f"json:{out}", "--fail-on", "none")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert len(data["reports"]) == len(list(CORPUS.glob("*.html")))
    for report in data["reports"]:
        validate_report(report)
        assert report["document"]["format"] == "html"


def test_original_recovers_lost_targets_before_classification() -> None:
    """--original FILE fills every lost body target by anchor text, and the recovered URL's
    domain can then name the source of a claim that was unsourced."""
    original = ROOT / "fixtures" / "original" / "north-korea-geopolitics.html"
    proc = run("check", str(FIXTURE), "--offline", "--original", str(original), "-f", "json")
    data = json.loads(proc.stdout)
    validate_report(data)
    body = [link for link in data["links"] if link["role"] == "body"]
    assert all(link["url"] and link["recovered_from"] for link in body)
    assert all(link["status"] == "unchecked" for link in body)  # offline: recovered, not checked
    split = {link["id"]: link for link in body if link["anchor"].startswith(("announced", "South"))}
    assert len({link["url"] for link in split.values()}) == 1
    assert any(f["rule"] == "LA013" for f in data["findings"])
    sources = {s["id"]: s for s in data["sources"]}
    claim = next(c for c in data["claims"] if "making a personal visit" in c["text"])
    assert claim["cue_kind"] == "link"
    assert [sources[s]["name"] for s in claim["sources"]] == ["Reuters"]
    assert data["summary"]["by_basis"]["unsourced"] < 5


def test_odd_urls_are_link_findings_not_crashes(tmp_path: Path) -> None:
    """Malformed hrefs become 'error' links with an LA014 finding; the run itself goes on."""
    article = tmp_path / "odd.md"
    article.write_text(
        "# Odd\n\nThe agency [said](http://[::1) and [b](http://example.com:99999/) and "
        "[c](ftp://x.org/f) and [d](//cdn.example.org/x) and "
        "[e](http://user:pw@example.org/?token=abc&x=1) it.\n"
    )
    proc = run("check", str(article), "--offline", "-f", "json")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    validate_report(data)
    links = {link["anchor"]: link for link in data["links"]}
    assert links["said"]["status"] == links["b"]["status"] == "error"
    assert links["said"]["detail"].startswith("malformed URL")
    assert links["c"]["status"] == "excluded"
    assert links["d"]["url"] == "https://cdn.example.org/x"
    assert "user:pw" not in json.dumps(data)
    assert "abc" not in links["e"]["url"]
    malformed = [f for f in data["findings"] if f["rule"] == "LA014"]
    assert {f["link"] for f in malformed} == {links["said"]["id"], links["b"]["id"]}
    assert {f["severity"] for f in malformed} == {"error"}
