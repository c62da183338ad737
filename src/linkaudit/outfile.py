"""Writing a report or baseline to a path without destroying what the path is.

A regular file (or a path that does not exist yet) is written atomically: the text goes to a
temporary file beside it, which then replaces it, so a reader never sees half a report. The
new file gets the mode a plain ``open()`` would give it: an existing file's own mode, else
0666 minus the process umask (``mkstemp`` alone would leave 0600).

The text may come as pieces (a renderer's ``stream``): they are written as they come, so a
large report is never held whole; a piece that fails to render leaves no temporary file and
the target as it was.

Anything else is written through, never replaced: a device (``-o /dev/null`` as root must not
turn /dev/null into a regular file), a FIFO (its reader gets the bytes), a symlink (the write
goes to its target, atomically when that is a regular file; the link stays a link).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO


def _umask() -> int:
    # os.umask can only be read by setting it; the CLI is single-threaded when it writes
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write(fh: TextIO, text: str | Iterable[str]) -> None:
    if isinstance(text, str):
        fh.write(text)
        return
    for piece in text:
        fh.write(piece)


def write_text(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (UTF-8; a string or pieces of one) to ``path``, respecting what
    ``path`` is; raises OSError."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "it is a directory", str(path))
        # a device, FIFO or socket: write through it, with no O_CREAT and nothing renamed
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            _write(fh, text)
        return
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            _write(fh, text)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
