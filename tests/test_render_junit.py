"""JUnit XML output: parses, one suite per document, counts that match the findings."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from golden import assert_golden
from linkaudit.model import Report
from linkaudit.render import render_reports
from report_samples import bare_report, rich_report


def _parse(*reports: Report) -> ET.Element:
    return ET.fromstring(render_reports(list(reports), "junit").encode("utf-8"))


def test_junit_golden() -> None:
    """The JUnit rendering of the rich sample matches its golden file exactly."""
    assert_golden("rich.junit.xml", render_reports([rich_report()], "junit"))


def test_one_suite_per_document_with_counts() -> None:
    """Each document is a testsuite; tests = links + non-link findings, failures = errors."""
    root = _parse(rich_report(), bare_report())
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["articles/korea talks.txt", "site/page.html"]
    rich = suites[0]
    # 12 links + 2 claim findings (LA011, LA010); 3 links carry error findings
    assert rich.get("tests") == "14"
    assert len(rich.findall("testcase")) == 14
    assert rich.get("failures") == "3"
    assert len(rich.findall("testcase/failure")) == 3
    assert suites[1].get("tests") == "1"
    assert suites[1].get("failures") == "0"
    assert root.get("tests") == "15"
    assert root.get("failures") == "3"


def test_failures_name_error_rules_and_warnings_ride_in_system_out() -> None:
    """Error findings fail their link's testcase; warnings and notes go to system-out."""
    suite = _parse(rich_report()).find("testsuite")
    assert suite is not None
    # link cases come first, in link order (l1 is the first)
    links = [c for c in suite.findall("testcase") if c.get("classname", "").endswith(".links")]
    cases = {f"l{i + 1}": c for i, c in enumerate(links)}
    failure = cases["l1"].find("failure")
    assert failure is not None
    assert failure.get("type") == "LA002"
    assert cases["l6"].find("failure") is None
    out = cases["l6"].find("system-out")
    assert out is not None
    assert "[warning] LA004" in (out.text or "")
    claim_cases = [
        c for c in suite.findall("testcase") if c.get("classname", "").endswith(".claims")
    ]
    assert {c.get("name", "").split()[0] for c in claim_cases} == {"LA010", "LA011"}


def test_special_and_control_characters_make_valid_xml() -> None:
    """Angle brackets, ampersands and control characters in text still give parseable XML."""
    report = rich_report()
    bad = replace(report.links[0], anchor="a\x00b <c> & \x1b[31m")
    root = _parse(replace(report, links=(bad, *report.links[1:])))
    names = [c.get("name", "") for c in root.iter("testcase")]
    assert any("a\ufffdb <c> & \ufffd[31m" in n for n in names)


def test_case_names_are_stable_across_status_changes() -> None:
    """A link's test case keeps its name when its status changes or text is inserted above it:
    no status, id or line in the name; repeats of one link are numbered."""
    from dataclasses import replace

    report = rich_report()
    before = [c.get("name") for c in _parse(report).iter("testcase")]
    moved = replace(
        report,
        links=tuple(replace(k, status="ok", id=f"l{i + 7}", line=k.line + 3)
                    for i, k in enumerate(report.links)),
    )  # fmt: skip
    after = [c.get("name") for c in _parse(moved).iter("testcase")][: len(report.links)]
    assert after == before[: len(report.links)]
    assert not any("[" in (name or "") for name in after)
    assert len(set(after)) == len(after)
