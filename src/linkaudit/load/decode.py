"""Bytes -> str: refuse what is not text, then BOM, declared charset, UTF-8, guessed charset.

Every refusal is an ``InputError`` with a one-line message naming the input, because the CLI
prints it as-is.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from linkaudit.errors import InputError

MAX_BYTES = 20 * 1024 * 1024

# (magic prefix, what it looks like); checked before any decoding so a PDF is never "undecodable"
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a DOCX/EPUB/ODT file)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x7fELF", "an ELF executable"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office document"),
)

# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)

# WHATWG: browsers decode these labels with the superset, so pages rely on it
_BROWSER_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254"}
# single-byte Latin code pages charset-normalizer cannot tell from cp1252 on short text
_LATIN_LOOKALIKES = {
    "cp1250", "cp1254", "cp1257", "latin_1", "iso8859_15", "iso8859_2", "iso8859_9",
    "iso8859_13", "mac_roman", "mac_iceland", "mac_turkish", "mac_latin2", "cp437", "cp850",
    "cp858", "cp775",
}  # fmt: skip

_CONTROL_OK = {"\t", "\n", "\r", "\f", "\v"}


def sniff_binary(data: bytes, name: str) -> None:
    """Raise InputError when ``data`` is clearly not a text file."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name} looks like {what}, not a text, Markdown or HTML article")
    if b"\x00" in data[:65536] and not _bom_encoding(data):
        raise InputError(f"{name} looks like a binary file (it contains NUL bytes)")


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _normalise_label(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _BROWSER_ALIASES.get(name, name)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML ``<meta charset>`` / http-equiv declares in the first 4 KiB, if any."""
    m = _META_CHARSET.search(data[:4096])
    if m is None:
        return None
    return _normalise_label(m.group(1).decode("ascii", "replace").lower())


def _coherent(text: str) -> bool:
    """True when ``text`` reads like text: few control or unassigned characters."""
    if not text:
        return False
    bad = 0
    for ch in text[:200_000]:
        if ch in _CONTROL_OK:
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cn", "Co", "Cs"):
            bad += 1
    return bad <= max(1, len(text) // 1000)


def _guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess, only when it is confident and the text is coherent."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:1_000_000]))
    if not matches:
        return None
    best = min(matches, key=lambda m: m.chaos)
    if best.chaos > 0.1:
        return None
    encoding = best.encoding
    near = {m.encoding for m in matches if m.chaos <= best.chaos + 0.02}
    # equally clean single-byte guesses: the web's legacy default wins unless a language
    # model clearly prefers the other (cp1250 vs cp1252 is a coin toss on French text)
    if "cp1252" in near or (best.coherence == 0 and encoding in _LATIN_LOOKALIKES and _fits(data)):
        encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if not _coherent(text):
        return None
    return text, encoding


def _ascii_safe(encoding: str) -> bool:
    """ASCII bytes mean the same in ``encoding`` (not so for UTF-7 or EBCDIC)."""
    try:
        return bytes(range(32, 127)).decode(encoding) == bytes(range(32, 127)).decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _fits(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode input bytes; returns (text, encoding). Raises InputError when nothing fits."""
    bom = _bom_encoding(data)
    if bom is not None:
        try:
            text = data.decode(bom)
        except UnicodeDecodeError:
            raise InputError(
                f"cannot decode {name}: it starts with a {bom} byte-order mark but is not {bom}"
            ) from None
        text = text.removeprefix("\ufeff")
        return text, bom.removesuffix("-sig")
    sniff_binary(data, name)
    declared = declared_charset(data)
    try:
        # valid UTF-8 with multi-byte sequences is almost never legacy text by chance, and
        # browsers re-encode saved pages to UTF-8 without touching their <meta charset>
        utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and (declared is None or not data.isascii() or not _ascii_safe(declared)):
        return utf8, "utf-8"
    if declared is not None and declared not in ("utf-8", "utf-16", "utf-32"):
        # an HTML page saved as UTF-16/32 would have had a BOM; a lying label is ignored
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            if declared == "cp1252":  # the five bytes cp1252 leaves undefined are C1 controls
                return data.decode("latin-1"), "latin-1"
    if utf8 is not None:
        return utf8, "utf-8"
    guessed = _guess(data)
    if guessed is not None and _coherent(guessed[0]):
        return guessed
    raise InputError(f"cannot decode {name}: not UTF-8 and no other encoding fits")
