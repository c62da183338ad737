"""The JSON report contract: shape, key order, schema validation and round trip."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from golden import assert_golden
from linkaudit.errors import ReportError
from linkaudit.model import BASES, LINK_STATUSES
from linkaudit.render import render_reports
from linkaudit.render.jsonfmt import (
    report_from_dict,
    report_to_dict,
    reports_from_dict,
    run_to_dict,
)
from linkaudit.schema import load_schema, validate_report
from report_samples import bare_report, rich_report

# the contract's keys, in DESIGN.md's order; extensions may only follow them
CONTRACT_KEYS = {
    "report": ["schema", "tool", "document", "summary", "sources", "claims", "links", "findings"],
    "document": ["path", "format", "sha256", "title", "publisher"],
    "summary": ["claims", "by_basis", "links", "by_status"],
    "source": ["id", "name", "aliases", "kind", "class", "country", "registry_id", "basis"],
    "claim": [
        "id", "text", "start", "end", "line", "sources", "cue", "quote", "basis", "via", "links",
    ],
    "link": [
        "id", "anchor", "href", "url", "start", "line", "role", "claim", "status", "http_status",
        "final_url", "redirects", "checked_at", "failures", "archive",
    ],
    "finding": ["rule", "severity", "message", "claim", "link"],
}  # fmt: skip


def _prefix(keys: list[str], expected: list[str]) -> list[str]:
    return keys[: len(expected)]


def test_schema_is_valid_draft_2020_12() -> None:
    """The shipped schema is itself a valid draft 2020-12 JSON Schema."""
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("make", [rich_report, bare_report])
def test_sample_reports_validate(make: Any) -> None:
    """Every sample report's contract object validates against the shipped schema."""
    validate_report(report_to_dict(make()))


@pytest.mark.parametrize("make", [rich_report, bare_report])
def test_round_trip_is_lossless(make: Any) -> None:
    """report_from_dict(report_to_dict(r)) rebuilds exactly the same Report, also via JSON text."""
    report = make()
    assert report_from_dict(report_to_dict(report)) == report
    assert report_from_dict(json.loads(render_reports([report], "json"))) == report


def test_contract_key_order_follows_design() -> None:
    """Each object starts with the DESIGN.md contract keys in their order; extensions follow."""
    d = report_to_dict(rich_report())
    assert _prefix(list(d), CONTRACT_KEYS["report"]) == CONTRACT_KEYS["report"]
    assert _prefix(list(d["document"]), CONTRACT_KEYS["document"]) == CONTRACT_KEYS["document"]
    assert list(d["summary"]) == CONTRACT_KEYS["summary"]
    for kind, items in (("source", "sources"), ("claim", "claims"), ("link", "links")):
        for item in d[items]:
            assert _prefix(list(item), CONTRACT_KEYS[kind]) == CONTRACT_KEYS[kind]
    for f in d["findings"]:
        assert _prefix(list(f), CONTRACT_KEYS["finding"]) == CONTRACT_KEYS["finding"]


def test_summary_counts_every_basis_and_status() -> None:
    """Summary lists all bases and statuses (zeros included) and its counts match the items."""
    d = report_to_dict(rich_report())
    assert list(d["summary"]["by_basis"]) == list(BASES)
    assert list(d["summary"]["by_status"]) == list(LINK_STATUSES)
    assert sum(d["summary"]["by_basis"].values()) == d["summary"]["claims"] == len(d["claims"])
    assert sum(d["summary"]["by_status"].values()) == d["summary"]["links"] == len(d["links"])
    assert all(n == 1 for n in d["summary"]["by_status"].values())


def test_link_fields_map_from_check_and_archive() -> None:
    """Link JSON carries the LinkCheck and ArchiveCopy fields: redirects, failures, saved_now."""
    links = {k["id"]: k for k in report_to_dict(rich_report())["links"]}
    assert links["l3"]["redirects"] == [
        {"url": "https://www.state.gov/briefings/2024-01-01", "status": 301},
        {"url": "https://www.state.gov/briefings/2024-01-01/", "status": 308},
    ]
    assert links["l1"]["failures"] == {
        "count": 3,
        "first": "2026-11-20T08:00:00Z",
        "last": "2026-11-24T11:59:30Z",
    }
    assert links["l1"]["archive"]["source"] == "wayback"
    assert links["l6"]["archive"]["saved_now"] is True
    assert links["l2"]["checked_at"] is None
    assert links["l2"]["failures"] is None
    assert links["l9"]["detail"] == "read timeout after 10 s"


def test_run_object_wraps_contract_objects() -> None:
    """Several reports render as linkaudit/run/1 with per-report contract objects and totals."""
    run = json.loads(render_reports([rich_report(), bare_report()], "json"))
    validate_report(run)
    assert run["schema"] == "linkaudit/run/1"
    assert [r["schema"] for r in run["reports"]] == ["linkaudit/report/1"] * 2
    assert run["summary"]["documents"] == 2
    assert run["summary"]["claims"] == 8
    assert run["summary"]["links"] == 13
    assert run["summary"]["by_severity"] == {"error": 3, "warning": 5, "note": 4}
    assert reports_from_dict(run) == (rich_report(), bare_report())


def test_single_report_is_the_contract_object() -> None:
    """One report renders as the contract object itself, readable back by reports_from_dict."""
    data = json.loads(render_reports([rich_report()], "json"))
    assert data["schema"] == "linkaudit/report/1"
    assert reports_from_dict(data) == (rich_report(),)


def _broken(path: list[str | int], value: object) -> dict[str, Any]:
    d = copy.deepcopy(report_to_dict(rich_report()))
    target: Any = d
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return d


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (["claims", 0, "basis"], "rumour", "claims/0/basis"),
        (["links", 2, "status"], "gone", "links/2/status"),
        (["document", "sha256"], "xyz", "document/sha256"),
        (["summary", "by_basis"], {"primary": 1}, "summary/by_basis"),
        (["findings", 0, "severity"], "fatal", "findings/0/severity"),
        (["claims", 0, "start"], -1, "claims/0/start"),
    ],
)
def test_invalid_reports_raise_one_line_report_error(
    path: list[str | int], value: object, where: str
) -> None:
    """A contract violation raises ReportError on one line naming where it is."""
    with pytest.raises(ReportError) as info:
        validate_report(_broken(path, value))
    message = str(info.value)
    assert "\n" not in message
    assert where in message


def test_unknown_field_is_rejected() -> None:
    """A misspelt field fails validation, so renamed contract fields cannot slip through."""
    d = report_to_dict(rich_report())
    d["claims"][0]["basiss"] = "primary"
    with pytest.raises(ReportError, match="basiss"):
        report_from_dict(d)


@pytest.mark.parametrize("data", [[], "report", None, {"schema": "linkaudit/run/1"}])
def test_non_reports_raise_report_error(data: object) -> None:
    """Non-objects and incomplete objects are ReportErrors, never KeyError or TypeError."""
    with pytest.raises(ReportError):
        reports_from_dict(data)


def test_run_object_is_not_a_single_report() -> None:
    """report_from_dict refuses a run object rather than misreading it."""
    with pytest.raises(ReportError, match="linkaudit/report/1"):
        report_from_dict(run_to_dict([rich_report()]))


def test_options_become_json_values() -> None:
    """Non-JSON option values (tuples, sets, paths) are written as JSON values, not crashes."""
    from dataclasses import replace
    from pathlib import PurePosixPath

    report = replace(
        rich_report(), options={"formats": ("json", "html"), "x": {2, 1}, "p": PurePosixPath("a")}
    )
    d = report_to_dict(report)
    assert d["options"] == {"formats": ["json", "html"], "x": [1, 2], "p": "a"}
    validate_report(json.loads(json.dumps(d)))


def test_json_golden() -> None:
    """The JSON rendering of the rich sample matches its golden file exactly."""
    assert_golden("rich.json", render_reports([rich_report()], "json"))


def test_json_run_golden() -> None:
    """The JSON rendering of two reports matches its golden file exactly."""
    assert_golden("multi.json", render_reports([rich_report(), bare_report()], "json"))


def test_dumps_matches_json_module_exactly() -> None:
    """The memory-lean JSON writer spells output byte for byte as json.dumps(indent=2)."""
    import json as _json

    from linkaudit.render.jsonfmt import dumps, report_to_dict, run_to_dict
    from report_samples import bare_report, rich_report

    samples = [
        report_to_dict(rich_report()),
        report_to_dict(bare_report()),
        run_to_dict([rich_report(), bare_report()]),
        {"a": [], "b": {}, "c": [[1, [2, {"d": "e\nf"}]]], "ü": None},
        [],
    ]
    for obj in samples:
        assert dumps(obj) == _json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
