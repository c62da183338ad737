"""JUnit XML: a testsuite per document, a testcase per link and per claim/document finding.

CI systems show a JUnit failure as a red test, so only error-severity findings fail a
testcase; warnings and notes ride along in ``system-out`` where a reader still sees them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from linkaudit.model import Finding, Link, Report

# XML 1.0 cannot carry most control characters, even escaped; article text may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _add_findings(case: ET.Element, findings: Sequence[Finding]) -> int:
    """Attach findings to a testcase; the number of failures it now carries (0 or 1)."""
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        failure = ET.SubElement(
            case,
            "failure",
            {"message": _clean(errors[0].message), "type": ",".join(f.rule for f in errors)},
        )
        failure.text = _clean("\n".join(f"{f.rule} {f.message}" for f in errors))
    others = [f for f in findings if f.severity != "error"]
    if others:
        out = ET.SubElement(case, "system-out")
        out.text = _clean("\n".join(f"[{f.severity}] {f.rule} {f.message}" for f in others))
    return 1 if errors else 0


def _link_case(
    suite: ET.Element, report: Report, link: Link, findings: Sequence[Finding], name: str
) -> int:
    target = link.url or link.href or "(no target)"
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": f"{_clean(report.document.path)}.links",
            "name": name,
            "file": _clean(report.document.path),
            "line": str(link.line),
        },
    )
    ET.SubElement(
        ET.SubElement(case, "properties"), "property", {"name": "url", "value": _clean(target)}
    )
    return _add_findings(case, findings)


def _link_names(links: Sequence[Link]) -> list[str]:
    """Test case names from what a link is (anchor and target), never from its status or
    position, so CI tools see the same case pass and fail across runs; repeats numbered."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for link in links:
        target = link.url or link.href or "(no target)"
        name = _clean(f"{_short(link.anchor)} <{_short(target, 120)}>")
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return out


def _suite(root: ET.Element, report: Report) -> tuple[int, int]:
    suite = ET.SubElement(root, "testsuite", {"name": _clean(report.document.path)})
    by_link: dict[str, list[Finding]] = {}
    rest: list[Finding] = []
    for f in report.findings:
        if f.link is not None:
            by_link.setdefault(f.link, []).append(f)
        else:
            rest.append(f)
    tests = failures = 0
    for link, name in zip(report.links, _link_names(report.links), strict=True):
        failures += _link_case(suite, report, link, by_link.pop(link.id, []), name)
        tests += 1
    # findings naming a link the report does not hold still count, as their own testcases
    rest.extend(f for fs in by_link.values() for f in fs)
    for f in rest:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": f"{_clean(report.document.path)}.claims",
                "name": _clean(f"{f.rule} {_short(f.message)}"),
                "file": _clean(report.document.path),
                **({"line": str(f.line)} if f.line is not None else {}),
            },
        )
        failures += _add_findings(case, [f])
        tests += 1
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    suite.set("timestamp", report.generated_at)
    return tests, failures


def junit_xml(reports: Sequence[Report]) -> str:
    """The JUnit XML document (with declaration) for ``reports``."""
    root = ET.Element("testsuites", {"name": "linkaudit"})
    tests = failures = 0
    for report in reports:
        t, f = _suite(root, report)
        tests, failures = tests + t, failures + f
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


class JunitRenderer:
    """``--format junit``: for CI test-report panels."""

    name = "junit"
    suffix = ".xml"

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        return junit_xml(reports)
