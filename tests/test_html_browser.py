"""The HTML report in a real headless Chromium: highlights, legend counts, filters, a screenshot.

Chromium is Debian's package. The session fixture uses /usr/bin/chromium when present, installs
it with apt-get when LINKAUDIT_INSTALL_BROWSER=1 (CI sets it), and skips otherwise. Playwright
drives it with its own bundled driver only; ``playwright install`` is never run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from linkaudit.model import Report
from linkaudit.render import render_reports
from report_samples import bare_report, rich_report

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _install_chromium() -> None:
    """apt-get the Debian chromium package; bounded so a stuck mirror cannot hang the suite."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt = shutil.which("apt-get")
    if apt is None:
        pytest.skip("LINKAUDIT_INSTALL_BROWSER=1 but apt-get is not available")
    subprocess.run([apt, "update"], check=True, env=env, timeout=600, capture_output=True)
    subprocess.run(
        [apt, "install", "-y", "--no-install-recommends", "chromium"],
        check=True,
        env=env,
        timeout=900,
        capture_output=True,
    )


def _skip(reason: str) -> NoReturn:
    """Skip, or fail where the browser is required (CI sets LINKAUDIT_REQUIRE_BROWSER=1)."""
    if os.environ.get("LINKAUDIT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser required but unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Path of a usable Chromium, installing it in CI; skip with the reason otherwise."""
    if not CHROMIUM.exists():
        if os.environ.get("LINKAUDIT_INSTALL_BROWSER") != "1":
            _skip("no /usr/bin/chromium; set LINKAUDIT_INSTALL_BROWSER=1 to apt-get install it")
        _install_chromium()
    if not CHROMIUM.exists():
        _skip("chromium install finished but /usr/bin/chromium is missing")
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium_path: Path) -> Iterator[Any]:
    """One headless Chromium for this module, driven by playwright's bundled driver.

    Module-scoped: sync playwright runs an event loop while open, which must be gone before
    the asyncio tests of other modules start.
    """
    try:
        import playwright.sync_api as sync_api
    except ImportError:
        _skip("playwright is not installed (pip install -e '.[dev]')")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(chromium_path), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records script errors and any request leaving file://."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.errors = []
    page.remote = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on(
        "request",
        lambda req: None if req.url.startswith(("file:", "data:")) else page.remote.append(req.url),
    )
    try:
        yield page
    finally:
        page.close()


def _open(page: Any, tmp_path: Path, reports: list[Report], name: str = "report.html") -> None:
    path = tmp_path / name
    path.write_text(render_reports(reports, "html"), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_selector("section.report")


def _visible(page: Any, selector: str) -> list[str]:
    return list(
        page.eval_on_selector_all(
            selector,
            "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.claim"
            " || e.dataset.link)",
        )
    )


def _background(page: Any, claim: str) -> str:
    return str(
        page.eval_on_selector(
            f'mark.claim[data-claim="{claim}"]', "e => getComputedStyle(e).backgroundColor"
        )
    )


def test_claims_are_highlighted_by_basis(page: Any, tmp_path: Path) -> None:
    """Every claim is a visible highlight with its basis class; bases get distinct colours."""
    report = rich_report()
    _open(page, tmp_path, [report])
    colours: dict[str, set[str]] = {}
    for c in report.claims:
        classes = page.get_attribute(f'mark.claim[data-claim="{c.id}"]', "class")
        assert f"b-{c.basis}" in classes.split()
        colours.setdefault(c.basis, set()).add(_background(page, c.id))
    assert all(len(v) == 1 for v in colours.values())
    distinct = {next(iter(v)) for v in colours.values()}
    assert len(distinct) == 4
    assert "rgba(0, 0, 0, 0)" not in distinct
    assert page.errors == []
    assert page.remote == []


def test_legend_counts_match_the_report(page: Any, tmp_path: Path) -> None:
    """The legend's rendered counts per basis and per link status equal the report's."""
    report = rich_report()
    _open(page, tmp_path, [report])
    for basis, n in report.by_basis().items():
        assert page.inner_text(f'[data-basis-count="{basis}"]') == str(n)
    for status, n in report.by_status().items():
        assert page.inner_text(f'[data-status-count="{status}"]') == str(n)


def test_basis_filter_hides_and_restores_claims(page: Any, tmp_path: Path) -> None:
    """Unticking state-media un-highlights and hides its claims only; ticking brings them back."""
    _open(page, tmp_path, [rich_report()])
    before = _visible(page, "tr.claim-row")
    assert before == ["c1", "c2", "c3", "c4", "c5", "c6"]
    page.uncheck('.legend input[name="basis"][value="state-media"]')
    assert _visible(page, "tr.claim-row") == ["c2", "c3", "c4", "c5"]
    assert _background(page, "c1") == "rgba(0, 0, 0, 0)"
    assert _background(page, "c2") != "rgba(0, 0, 0, 0)"
    assert not page.is_visible('mark.claim[data-claim="c6"] .btag')
    page.check('.legend input[name="basis"][value="state-media"]')
    assert _visible(page, "tr.claim-row") == before
    assert _background(page, "c1") != "rgba(0, 0, 0, 0)"


def test_status_filter_hides_links(page: Any, tmp_path: Path) -> None:
    """Unticking a link status hides those rows of the links table and nothing else."""
    _open(page, tmp_path, [rich_report()])
    assert len(_visible(page, "tr.link-row")) == 12
    page.uncheck('.legend input[name="status"][value="dead"]')
    rows = _visible(page, "tr.link-row")
    assert "l1" not in rows
    assert len(rows) == 11
    assert not page.is_visible('.lnk[data-link="l1"] .ltag')


def test_clicking_a_claim_shows_its_sources_and_links(page: Any, tmp_path: Path) -> None:
    """Clicking a claim fills the panel with its sources, cue, via, links and archive copy."""
    _open(page, tmp_path, [rich_report()])
    page.click('mark.claim[data-claim="c1"]')
    assert "selected" in page.get_attribute('tr.claim-row[data-claim="c1"]', "class").split()
    panel = page.inner_text("aside.panel")
    assert "Korean Central News Agency" in panel
    assert "state-media" in panel
    assert "reported (speech-verb)" in panel
    assert "a hostile act. It will not be tolerated." in panel
    assert "lost target (#)" in panel
    archive = page.get_attribute("aside.panel a[href*='web.archive.org']", "href")
    assert archive.endswith("/http://kcna.kp/en/article/123")
    page.click('mark.claim[data-claim="c6"]')
    panel = page.inner_text("aside.panel")
    assert "Dmitry Peskov" in panel
    assert "TASS" in panel
    assert "TLS handshake failed" in panel


def test_script_in_claim_text_does_not_run(page: Any, tmp_path: Path) -> None:
    """The '<script>' in a claim shows as text and neither runs nor raises."""
    _open(page, tmp_path, [rich_report()])
    page.click('mark.claim[data-claim="c4"]')
    assert '<script>alert("x")</script>' in page.inner_text('mark.claim[data-claim="c4"]')
    assert '<script>alert("x")</script>' in page.inner_text("aside.panel")
    assert page.errors == []


def test_report_without_text_lists_claims_in_browser(page: Any, tmp_path: Path) -> None:
    """A report without article text shows its claims table, and clicking a row works."""
    _open(page, tmp_path, [bare_report()])
    assert _visible(page, "tr.claim-row") == ["c1", "c2"]
    page.click('tr.claim-row[data-claim="c1"]')
    assert "Ministry of Foreign Affairs" in page.inner_text("aside.panel")


def test_screenshot_artifact(page: Any, tmp_path: Path) -> None:
    """A full-page screenshot of the rich report is saved to test-artifacts/html-report.png."""
    _open(page, tmp_path, [rich_report()])
    page.click('mark.claim[data-claim="c6"]')
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "html-report.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 20_000


def test_filters_act_per_document(page: Any, tmp_path: Path) -> None:
    """On a page of two reports, a filter in one section leaves the other section untouched."""
    _open(page, tmp_path, [rich_report(), bare_report()])
    page.uncheck('#r1 .legend input[name="basis"][value="primary"]')
    assert "c2" not in _visible(page, "#r1 tr.claim-row")
    assert _visible(page, "#r2 tr.claim-row") == ["c1", "c2"]
    assert page.inner_text('#r2 [data-basis-count="primary"]') == "1"
    assert page.errors == []


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news"
FIRST_SCREEN = {"width": 1280, "height": 800}


def _corpus_reports(count: int) -> list[Report]:
    """Offline reports of the first ``count`` real news pages of ../shared/corpus/news."""
    from linkaudit.audit import AuditOptions, audit_paths

    pages = sorted(CORPUS.glob("*.html"))[:count]
    if len(pages) < count:
        pytest.skip(f"needs {count} pages in {CORPUS}")
    # in a thread of its own: playwright's sync API keeps an event loop running on this one
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        run = pool.submit(
            audit_paths, [str(p) for p in pages], AuditOptions(offline=True, use_cache=False)
        ).result(timeout=600)
    assert not run.errors
    return list(run.reports)


def _in_first_screen(page: Any, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] < FIRST_SCREEN["height"] and box["height"] > 0


@pytest.mark.slow
def test_real_page_opens_on_its_overview(page: Any, tmp_path: Path) -> None:
    """A real news page's report shows the overview (counts, evidence, state-media claims,
    findings) in the first screen, page chrome folded away and source names inline."""
    reports = _corpus_reports(1)
    page.set_viewport_size(FIRST_SCREEN)
    _open(page, tmp_path, reports)
    for selector in (".totals", ".overview", ".overview h3 >> text=Dead or unarchived evidence",
                     ".overview h3 >> text=Claims resting only on state media",
                     ".overview h3 >> text=Findings"):  # fmt: skip
        assert _in_first_screen(page, selector), selector
    folds = page.locator("details.chrome")
    assert folds.count() >= 1
    assert not any(folds.nth(i).evaluate("d => d.open") for i in range(folds.count()))
    assert page.locator("mark.claim .srcname").count() >= 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html-real-page.png"))  # the first screen
    page.screenshot(path=str(ARTIFACTS / "html-real-page-full.png"), full_page=True)
    assert page.errors == []
    assert page.remote == []


def test_finding_links_jump_to_their_place(page: Any, tmp_path: Path) -> None:
    """Each finding in the overview links to its claim or link in the article."""
    _open(page, tmp_path, [rich_report()])
    anchors = page.locator(".overview li.finding a")
    assert anchors.count() >= 3
    for i in range(anchors.count()):
        target = anchors.nth(i).get_attribute("href")
        assert target is not None
        assert target.startswith("#r1-")
        assert page.locator(target).count() == 1, target
    anchors.first.click()
    assert page.evaluate("location.hash").startswith("#r1-")


@pytest.mark.slow
def test_twenty_document_run_has_an_index(page: Any, tmp_path: Path) -> None:
    """A 20-document run opens on an index table (claims by basis, dead links, findings per
    document) in the first screen, each document one click away."""
    reports = _corpus_reports(20)
    page.set_viewport_size(FIRST_SCREEN)
    _open(page, tmp_path, reports, "run.html")
    rows = page.locator("table.index tbody tr")
    assert rows.count() == 20
    assert _in_first_screen(page, "table.index")
    header = page.locator("table.index thead").inner_text()
    for column in ("P", "SM", "S", "U", "Broken", "Errors", "Warnings"):
        assert column in header
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html-20-documents.png"))
    rows.nth(13).locator("a").click()
    assert page.evaluate("location.hash") == "#r14"
    box = page.locator("#r14").bounding_box()
    assert box is not None
    assert abs(box["y"]) < 5  # scrolled to it
    assert page.errors == []
