"""An --offline run never imports the link checker's or the archive's stack (issue 14: memory).

Each case runs in a fresh interpreter, which calls the CLI's ``main`` and then dumps
``sys.modules``: what a run imported is exactly what is in there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "north-korea-geopolitics.txt"

# What only link checks and archive look-ups need. httpx and rich are not here: spaCy's own
# import brings them in (spacy/__init__ -> spacy.cli -> weasel -> httpx), so whether an
# offline run has them is not linkaudit's to decide; httpcore (httpx imports it only when a
# client is built), HTTP/2, tenacity and bs4 are.
NETWORK_ONLY = (
    "aiohttp",
    "anyio",
    "bs4",
    "h11",
    "h2",
    "hpack",
    "httpcore",
    "tenacity",
    "yarl",
    "linkaudit.archive.fetch",
    "linkaudit.archive.lookup",
    "linkaudit.archive.memento",
    "linkaudit.archive.save",
    "linkaudit.archive.wayback",
    "linkaudit.resolve.aio",
    "linkaudit.resolve.check",
    "linkaudit.resolve.client",
    "linkaudit.resolve.fetch",
    "linkaudit.resolve.history",
    "linkaudit.resolve.pinning",
    "linkaudit.resolve.retry",
    "linkaudit.resolve.soft404",
)

_RUN_AND_DUMP = """
import json, sys
from linkaudit.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"exit": code, "modules": sorted(sys.modules)}))
"""

_IMPORT_AND_DUMP = """
import json, sys
exec(sys.argv[1])
print(json.dumps({"exit": 0, "modules": sorted(sys.modules)}))
"""

ARTICLE_HTML = """<!doctype html><html><head><title>Talks resume</title></head><body>
<article><h1>Talks resume</h1>
<p>The Kremlin said on Monday that talks would resume, according to
<a href="https://tass.com/politics/1">TASS</a>.</p>
<p>"We are ready," the spokesman told <a href="https://www.reuters.com/world/x">Reuters</a>.</p>
</article></body></html>
"""


def _fresh(code: str, *args: str) -> tuple[object, set[str]]:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=True,
    )
    dumped = json.loads(done.stdout.strip().splitlines()[-1])
    return dumped["exit"], set(dumped["modules"])


@pytest.mark.slow
def test_offline_check_imports_no_network_stack(tmp_path: Path) -> None:
    """`linkaudit check FILES --offline` parses and reports, importing none of the network stack."""
    page = tmp_path / "talks.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    out = tmp_path / "o.json"
    code, modules = _fresh(
        _RUN_AND_DUMP,
        "check",
        str(FIXTURE),
        str(page),
        "--offline",
        "-q",
        "-f",
        f"json:{out}",
    )
    assert code in (0, 1)
    reports = json.loads(out.read_text(encoding="utf-8"))["reports"]
    assert len(reports) == 2
    assert all(r["claims"] for r in reports)
    assert "spacy" in modules  # the parse really ran in this process
    assert sorted(m for m in NETWORK_ONLY if m in modules) == []


def test_a_link_list_never_loads_the_parser(tmp_path: Path) -> None:
    """A page of bare links holds no sentence worth parsing: spaCy is never imported."""
    page = tmp_path / "links.md"
    lines = [f"- [link {i}](https://example.org/page/{i})" for i in range(50)]
    page.write_text("# Links\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "o.json"
    code, modules = _fresh(
        _RUN_AND_DUMP, "check", str(page), "--offline", "-q", "-f", f"json:{out}"
    )
    assert code in (0, 1)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert len(report["links"]) == 50
    assert "spacy" not in modules
    assert "linkaudit.parse.pipeline" in modules  # the extractor did ask, lazily


def test_online_exports_still_import_the_checker() -> None:
    """The lazy package exports resolve: naming ``check_urls`` loads the checker's stack."""
    code, modules = _fresh(
        _IMPORT_AND_DUMP,
        "from linkaudit.resolve import check_urls, fetch_page; "
        "from linkaudit.archive import find_copies, html_to_text; "
        "assert callable(check_urls) and callable(find_copies)",
    )
    assert code == 0
    for name in ("httpcore", "tenacity", "linkaudit.resolve.check", "linkaudit.archive.lookup"):
        assert name in modules


def test_lazy_exports_behave_like_attributes() -> None:
    """Package exports are real attributes: listed by dir(), cached, and unknown names raise."""
    import linkaudit
    import linkaudit.resolve

    assert {"audit", "AuditOptions"} <= set(dir(linkaudit))
    assert linkaudit.audit is linkaudit.audit
    assert linkaudit.resolve.ResolveOptions().per_host >= 1
    assert "ResolveOptions" in vars(linkaudit.resolve)  # cached after the first use
    unknown = "no_such_name"
    with pytest.raises(AttributeError, match=unknown):
        getattr(linkaudit.resolve, unknown)
