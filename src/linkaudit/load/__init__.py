"""Stage "load": input bytes -> ``linkaudit.model.Document``.

Public API: ``load_path``, ``load_bytes``, ``detect_format``. Every input that cannot be read
as an article raises ``linkaudit.errors.InputError`` with a one-line message; nothing else
escapes for any bytes.

Modules: decode (refusals, BOM/charset/UTF-8/guess), detect (format by content), text + inline
+ inline_emit (plain text and Markdown: line-based blocks, markdown-it-py inlines), chrome +
text_meta (body vs page furniture and metadata of text), html + html_main + html_meta (lxml
reader, main-content finder, page metadata), html_vote (trafilatura's extraction aligned onto
our blocks as a second opinion on what is body), html_deep (pages nested past the parser's
depth read with the nesting cut, a note in Document.notes), assemble (joins block drafts into
the Document's text with exact offsets and the line map).

Decisions other stages rely on: a document's title heading is a body block of kind "heading";
chrome blocks and links stay in ``text`` in document order; a document without prose (a link
list) is all body; a paragraph split by a bad conversion stays two blocks.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys

from linkaudit.errors import InputError
from linkaudit.load.assemble import assemble, make_document
from linkaudit.load.chrome import mark_chrome
from linkaudit.load.decode import MAX_BYTES, decode
from linkaudit.load.detect import detect_format
from linkaudit.load.text import parse_text
from linkaudit.load.text_meta import text_meta
from linkaudit.model import Document

__all__ = ["MAX_BYTES", "detect_format", "load_bytes", "load_path"]


def _display(path: str) -> str:
    return "standard input" if path == "-" else path


def _read(path: str) -> bytes:
    if path == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise InputError("cannot read standard input: it is closed")
        try:
            data: bytes = stream.read(MAX_BYTES + 1)
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read standard input: {_reason(exc)}") from None
        return data
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"cannot read {path}: no such file") from None
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {_reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"cannot read {path}: it is a directory, not a file")
    _regular_only(path, info.st_mode)
    if info.st_size > MAX_BYTES:
        raise InputError(_too_big(path, info.st_size))
    try:
        # O_NONBLOCK: should the path become a FIFO after the stat, opening it cannot hang;
        # the fstat below refuses it
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as handle:
            _regular_only(path, os.fstat(handle.fileno()).st_mode)
            return handle.read(MAX_BYTES + 1)
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"cannot read {path}: it is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {_reason(exc)}") from None


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _regular_only(path: str, mode: int) -> None:
    """Refuse what is not a regular file: a FIFO without a writer would hang the run forever
    and a device has no end; standard input ("-") is the way to pipe an article in."""
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise InputError(f"cannot read {path}: it is {kind}, not a file (use - for standard input)")


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split()).lower()


def _too_big(path: str, size: int) -> str:
    return (
        f"cannot read {_display(path)}: it is {size / 2**20:.1f} MiB, over the "
        f"{MAX_BYTES // 2**20} MiB limit for an article"
    )


def load_path(path: str) -> Document:
    """Load the article at ``path`` ("-" reads standard input)."""
    return load_bytes(_read(path), path)


def load_bytes(data: bytes, path: str = "-") -> Document:
    """Load an article from its bytes; ``path`` is only recorded and used as a format hint."""
    name = _display(path)
    if len(data) > MAX_BYTES:
        raise InputError(_too_big(path, len(data)))
    if not data:
        raise InputError(f"cannot read {name}: it is empty")
    text, encoding = decode(data, name)
    if not text.strip():
        raise InputError(f"cannot read {name}: it is empty (whitespace only)")
    fmt = detect_format(text, path)
    sha = hashlib.sha256(data).hexdigest()
    if fmt == "html":
        from linkaudit.load.html import load_html

        return load_html(text, path=path, sha256=sha, encoding=encoding)
    parsed = parse_text(text)
    mark_chrome(parsed.drafts)
    meta = text_meta(parsed.drafts, parsed.front_matter)
    parts = assemble(parsed.drafts)
    if not parts.text:
        raise InputError(f"cannot read {name}: it holds no text")
    return make_document(path, fmt, sha, parts, meta, encoding)
