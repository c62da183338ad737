"""SARIF 2.1.0: one run, a rule per finding kind, results located by line and column.

Code-scanning UIs (GitHub, VS Code SARIF viewer) show results against ``document.path``; a
finding without its own line falls back to its link's or claim's line, so it still lands in
the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast
from urllib.parse import quote

from linkaudit.findings import RULES
from linkaudit.model import Finding, Report
from linkaudit.render.jsonfmt import Items, iter_dumps

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


class _Lines:
    """Line of each link and claim, by id, built per report only when a finding lacks its own
    line (a report read back from an old file): one index, not a scan per finding."""

    def __init__(self) -> None:
        self._by_report: dict[int, dict[str, int]] = {}

    def of(self, report: Report, ref: str) -> int | None:
        lines = self._by_report.get(id(report))
        if lines is None:
            lines = {k.id: k.line for k in report.links} | {c.id: c.line for c in report.claims}
            self._by_report = {id(report): lines}  # one report at a time: findings come in order
        return lines.get(ref)


def _region(report: Report, finding: Finding, lines: _Lines) -> dict[str, int] | None:
    if finding.line is not None:
        region = {"startLine": finding.line}
        if finding.column is not None:
            region["startColumn"] = finding.column
        return region
    for ref in (finding.link, finding.claim):
        line = lines.of(report, ref) if ref is not None else None
        if line is not None:
            return {"startLine": line}
    return None


def _result(
    report: Report, finding: Finding, index: dict[str, int], lines: _Lines
) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(report.document.path)}}
    region = _region(report, finding, lines)
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


def sarif_log(reports: Sequence[Report], *, lazy: bool = False) -> dict[str, Any]:
    """The SARIF log object for ``reports`` (one run holding every document's results);
    ``lazy``: the results as ``Items``, each built only as the streaming writer reaches it."""
    rules = _rules(reports)
    index = {r["id"]: i for i, r in enumerate(rules)}
    lines = _Lines()
    pairs = ((r, f) for r in reports for f in r.findings)
    count = sum(len(r.findings) for r in reports)
    results: object = Items(pairs, lambda rf: _result(*rf, index, lines), count)
    if not lazy:
        results = list(cast(Items[Any], results))
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
                "results": results,
            }
        ],
    }


class SarifRenderer:
    """``--format sarif``: for code-scanning dashboards."""

    name = "sarif"
    suffix = ".sarif"

    def stream(self, reports: Sequence[Report], *, color: bool = False) -> Iterator[str]:
        return iter_dumps(sarif_log(reports, lazy=True))

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        return "".join(self.stream(reports, color=color))
