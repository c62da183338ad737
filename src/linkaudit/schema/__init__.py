"""The JSON Schema of the report contract, shipped in the package, and the one validator.

``report.schema.json`` accepts at its root either a ``linkaudit/report/1`` object
(``$defs/report``, one input) or a ``linkaudit/run/1`` object (``$defs/run``, several inputs),
so any tool validating linkaudit output against the shipped file accepts both;
``validate_report`` checks against the one the data says it is, for a precise message.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from linkaudit.errors import ReportError

__all__ = ["load_schema", "validate_report"]


@cache
def _schema_text() -> str:
    return resources.files(__name__).joinpath("report.schema.json").read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """A fresh copy of the report JSON Schema (draft 2020-12)."""
    data: dict[str, Any] = json.loads(_schema_text())
    return data


@cache
def _validators() -> tuple[Draft202012Validator, Draft202012Validator]:
    schema = load_schema()
    registry: Registry[Any] = Registry().with_resource(
        schema["$id"], Resource.from_contents(schema)
    )
    report = Draft202012Validator({"$ref": schema["$id"] + "#/$defs/report"}, registry=registry)
    run = Draft202012Validator({"$ref": schema["$id"] + "#/$defs/run"}, registry=registry)
    return report, run


def _where(path: Any) -> str:
    return "/".join(str(p) for p in path) or "(top level)"


def validate_report(data: object) -> None:
    """Raise ReportError (one line) unless ``data`` is a valid report or run object."""
    if not isinstance(data, dict):
        raise ReportError(
            f"not a linkaudit report: expected a JSON object, got {type(data).__name__}"
        )
    report, run = _validators()
    validator = run if data.get("schema") == "linkaudit/run/1" else report
    error = best_match(validator.iter_errors(data))
    if error is not None:
        message = error.message.replace("\n", " ")
        if len(message) > 200:
            message = message[:197] + "..."
        raise ReportError(
            f"not a valid linkaudit report at {_where(error.absolute_path)}: {message}"
        )
