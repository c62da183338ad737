"""Settings from ``linkaudit.toml`` or ``[tool.linkaudit]`` in ``pyproject.toml``.

The file's keys are the long option names of ``linkaudit check`` (dashes or underscores);
they become click's ``default_map``, so the command line always wins.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from linkaudit.errors import ConfigError

CONFIG_NAMES = ("linkaudit.toml", "pyproject.toml")


def find_config(start: Path) -> Path | None:
    """The nearest linkaudit.toml, or pyproject.toml with a [tool.linkaudit] table, upwards."""
    for folder in (start, *start.parents):
        candidate = folder / "linkaudit.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "linkaudit" in _read(pyproject).get("tool", {}):
            return pyproject
        if (folder / ".git").exists():  # don't wander out of the project
            break
    return None


def load_settings(path: Path) -> dict[str, Any]:
    """The settings table of a config file, keys normalised to option names."""
    data = _read(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("linkaudit", {})
    else:
        table = data.get("linkaudit", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: the linkaudit settings must be a table")
    return {str(k).replace("-", "_"): v for k, v in table.items()}


def default_map(path: Path, allowed: Iterable[str]) -> dict[str, Any]:
    """Settings checked against the command's options, as a click default_map."""
    settings = load_settings(path)
    names = set(allowed)
    unknown = sorted(k for k in settings if k not in names)
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting {unknown[0].replace('_', '-')!r} "
            f"(settings are the long options of 'linkaudit check')"
        )
    return settings


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
