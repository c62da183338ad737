"""SARIF 2.1.0: one run, a rule per finding kind, results located by line and column.

Code-scanning UIs (GitHub, VS Code SARIF viewer) show results against ``document.path``; a
finding without its own line falls back to its link's or claim's line, so it still lands in
the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from linkaudit.findings import RULES
from linkaudit.model import Finding, Report
from linkaudit.render.jsonfmt import dumps

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rules(reports: Sequence[Report]) -> list[dict[str, Any]]:
    # every known rule, so ruleIndex is stable across runs; unknown ids (newer findings
    # module, older renderer) still get a descriptor rather than a dangling ruleId
    out: list[dict[str, Any]] = [
        {
            "id": r.id,
            "name": r.name,
            "shortDescription": {"text": r.title},
            "fullDescription": {"text": r.help},
            "help": {"text": r.help},
            "defaultConfiguration": {"level": r.severity},
        }
        for r in RULES
    ]
    known = {r.id for r in RULES}
    extra = sorted({f.rule for rep in reports for f in rep.findings} - known)
    out.extend(
        {
            "id": rule_id,
            "shortDescription": {"text": rule_id},
            "help": {"text": rule_id},
        }
        for rule_id in extra
    )
    return out


def artifact_uri(path: str) -> str:
    """``document.path`` as a relative URI reference (forward slashes, spaces escaped)."""
    return quote(path.replace("\\", "/"), safe="/:@-._~!$&'()*+,;=")


def _region(report: Report, finding: Finding) -> dict[str, int] | None:
    if finding.line is not None:
        region = {"startLine": finding.line}
        if finding.column is not None:
            region["startColumn"] = finding.column
        return region
    lines = {k.id: k.line for k in report.links} | {c.id: c.line for c in report.claims}
    for ref in (finding.link, finding.claim):
        if ref in lines:
            return {"startLine": lines[ref]}
    return None


def _result(report: Report, finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(report.document.path)}}
    region = _region(report, finding)
    if region is not None:
        physical["region"] = region
    properties = {k: v for k, v in (("claim", finding.claim), ("link", finding.link)) if v}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": finding.severity,
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
    }
    if properties:
        result["properties"] = properties
    return result


def sarif_log(reports: Sequence[Report]) -> dict[str, Any]:
    """The SARIF log object for ``reports`` (one run holding every document's results)."""
    rules = _rules(reports)
    index = {r["id"]: i for i, r in enumerate(rules)}
    version = reports[0].tool_version if reports else "0"
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "linkaudit",
                        "version": version,
                        "rules": rules,
                    }
                },
                # Finding.column counts characters, not UTF-16 units (SARIF's default)
                "columnKind": "unicodeCodePoints",
                "artifacts": [
                    {
                        "location": {"uri": artifact_uri(r.document.path)},
                        "hashes": {"sha-256": r.document.sha256},
                    }
                    for r in reports
                ],
                "results": [_result(r, f, index) for r in reports for f in r.findings],
            }
        ],
    }


class SarifRenderer:
    """``--format sarif``: for code-scanning dashboards."""

    name = "sarif"
    suffix = ".sarif"

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        return dumps(sarif_log(reports))
