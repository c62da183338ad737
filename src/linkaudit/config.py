"""Settings from ``linkaudit.toml`` or ``[tool.linkaudit]`` in ``pyproject.toml``.

The file's keys are exactly the long option names of ``linkaudit check`` (``cache``,
``format``, ``fail-on``; underscores may stand for dashes), never the Python parameter names
behind them. They become click's ``default_map``, so the command line always wins. An option
that may be repeated takes a list or a single string.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linkaudit.errors import ConfigError

CONFIG_NAMES = ("linkaudit.toml", "pyproject.toml")
# settings naming files: relative to the config file's folder, wherever linkaudit runs from
PATH_SETTINGS = frozenset(
    {"cache", "baseline", "write-baseline", "output", "files-from", "root-dir"}
)


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
    return {str(k): v for k, v in table.items()}


@dataclass(frozen=True)
class OptionSpec:
    """What a settings key maps to: click's parameter name, and whether it repeats."""

    param: str
    multiple: bool = False


def default_map(path: Path, options: Mapping[str, OptionSpec]) -> dict[str, Any]:
    """Settings checked against the command's long option names, as a click default_map."""
    settings = load_settings(path)
    out: dict[str, Any] = {}
    for key, value in settings.items():
        name = key.replace("_", "-")
        spec = options.get(name)
        if spec is None:
            raise ConfigError(
                f"{path}: unknown setting {name!r} "
                f"(settings are the long options of 'linkaudit check': "
                f"{', '.join(sorted(options))})"
            )
        if spec.multiple and isinstance(value, str):
            value = [value]  # fail-on = "none" means the same as fail-on = ["none"]
        if name in PATH_SETTINGS and isinstance(value, str):
            value = str(path.parent / Path(value).expanduser())
        elif name == "format" and isinstance(value, list):
            value = [_format_relative(str(v), path.parent) for v in value]
        out[spec.param] = value
    return out


def _format_relative(spec: str, folder: Path) -> str:
    """FMT:PATH with PATH taken relative to the config file's folder."""
    fmt, sep, target = spec.partition(":")
    return f"{fmt}:{folder / Path(target).expanduser()}" if sep and target else spec


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
