"""SARIF 2.1.0 output, validated against the vendored OASIS schema."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

from golden import assert_golden
from linkaudit.findings import RULES
from linkaudit.model import Finding
from linkaudit.render import render_reports
from linkaudit.render.sarif import artifact_uri
from report_samples import bare_report, rich_report

SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"


@cache
def _validator() -> Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def _sarif(*reports: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_reports(list(reports), "sarif"))
    return data


def _assert_valid(data: dict[str, Any]) -> None:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_sarif_validates_against_the_oasis_schema() -> None:
    """Single- and multi-document SARIF logs validate against the SARIF 2.1.0 schema."""
    _assert_valid(_sarif(rich_report()))
    _assert_valid(_sarif(rich_report(), bare_report()))
    _assert_valid(_sarif(bare_report()))


def test_schema_check_is_not_vacuous() -> None:
    """The vendored schema rejects a result with a level SARIF does not define."""
    data = _sarif(rich_report())
    data["runs"][0]["results"][0]["level"] = "fatal"
    assert list(_validator().iter_errors(data))


def test_one_rule_per_finding_kind_with_descriptions() -> None:
    """Every known rule is described once, and every result's ruleIndex points at its rule."""
    run = _sarif(rich_report())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in RULES]
    assert all(r["shortDescription"]["text"] and r["help"]["text"] for r in rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_results_carry_level_message_and_location() -> None:
    """Each finding becomes a result with its level, message, file URI, line and column."""
    report = rich_report()
    results = _sarif(report)["runs"][0]["results"]
    assert len(results) == len(report.findings)
    first = results[0]
    assert first["ruleId"] == "LA002"
    assert first["level"] == "error"
    assert first["message"]["text"] == report.findings[0].message
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "articles/korea%20talks.txt"
    assert location["region"] == {"startLine": 4, "startColumn": 48}
    assert first["properties"] == {"claim": "c1", "link": "l1"}


def test_finding_without_line_falls_back_to_its_link() -> None:
    """A finding with no line of its own is located at its link's line."""
    report = rich_report()
    finding = Finding("LA002", "error", "dead", link="l9")
    results = _sarif(replace(report, findings=(finding,)))["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 14}


def test_unknown_rule_still_gets_a_descriptor() -> None:
    """A finding whose rule this renderer does not know still gets a rule, and validates."""
    report = replace(rich_report(), findings=(Finding("LA999", "note", "new kind", line=1),))
    data = _sarif(report)
    rules = data["runs"][0]["tool"]["driver"]["rules"]
    assert rules[data["runs"][0]["results"][0]["ruleIndex"]]["id"] == "LA999"
    _assert_valid(data)


def test_artifact_uri_is_a_relative_uri() -> None:
    """Windows separators become slashes and spaces are percent-encoded."""
    assert artifact_uri("a\\b c.txt") == "a/b%20c.txt"
    assert artifact_uri("docs/x.md") == "docs/x.md"


def test_sarif_golden() -> None:
    """The SARIF rendering of the rich sample matches its golden file exactly."""
    assert_golden("rich.sarif", render_reports([rich_report()], "sarif"))
