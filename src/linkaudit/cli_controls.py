"""The lychee-style controls of ``linkaudit check``: ignore files, request headers, the list
of inputs read from a file. Each turns an option's text into a value, or exits 2 with one
line naming what is wrong."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

import click

IGNORE_FILE = ".linkauditignore"
_HEADER_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")  # an RFC 9110 token


def ignore_patterns(explicit: str | None, folders: Sequence[Path]) -> tuple[str, ...]:
    """Regexes from an ignore file: --ignore-file, else .linkauditignore in the first of
    ``folders`` that has one. One regex per line; blank lines and '#' comments skipped."""
    path: Path | None
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise click.BadParameter(f"{explicit}: no such file", param_hint="'--ignore-file'")
    else:
        path = next((f / IGNORE_FILE for f in folders if (f / IGNORE_FILE).is_file()), None)
    if path is None:
        return ()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"cannot read {path}: {exc}", param_hint="ignore file") from exc
    patterns: list[str] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            re.compile(line)
        except re.error as exc:
            raise click.BadParameter(
                f"{path}:{number}: {line!r} is not a regex ({exc})", param_hint="ignore file"
            ) from exc
        patterns.append(line)
    return tuple(patterns)


def parse_headers(values: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """--header 'Name: value' (repeatable) -> (name, value) pairs."""
    out: list[tuple[str, str]] = []
    for value in values:
        name, sep, rest = value.partition(":")
        name = name.strip()
        if not sep or not _HEADER_NAME.match(name) or any(c in rest for c in "\r\n"):
            raise click.BadParameter(
                f"{value!r} is not a header like 'Accept-Language: en'", param_hint="'--header'"
            )
        out.append((name, rest.strip()))
    return tuple(out)


def read_files_from(source: str) -> list[str]:
    """Inputs listed in a file ('-': standard input), one per line; '#' comments skipped."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise click.BadParameter(f"{source}: no such file", param_hint="'--files-from'") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(
            f"cannot read {source}: {exc}", param_hint="'--files-from'"
        ) from exc
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
