"""Input handling of the loaders: paths, stdin, refusals, encodings, format detection, fuzz."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import random
import sys
import time
from pathlib import Path

import pytest

from linkaudit.errors import InputError
from linkaudit.load import MAX_BYTES, detect_format, load_bytes, load_path


def one_line_error(excinfo: pytest.ExceptionInfo[InputError]) -> str:
    message = str(excinfo.value)
    assert message
    assert "\n" not in message
    return message


def test_load_path_reads_a_file_and_records_path_and_sha(tmp_path: Path) -> None:
    """load_path returns a Document carrying the path as given and the sha256 of the bytes."""
    article = tmp_path / "a.txt"
    article.write_bytes(b"Hello [world](https://ex.com).\n")
    doc = load_path(str(article))
    assert doc.path == str(article)
    assert doc.sha256 == hashlib.sha256(article.read_bytes()).hexdigest()
    assert doc.text == "Hello world."


def test_dash_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    """load_path("-") reads sys.stdin.buffer and records the path as "-"."""
    fake = io.TextIOWrapper(io.BytesIO(b"From stdin, see https://ex.org/x.\n"))
    monkeypatch.setattr(sys, "stdin", fake)
    doc = load_path("-")
    assert doc.path == "-"
    assert [link.href for link in doc.links] == ["https://ex.org/x"]


def test_missing_file_is_refused(tmp_path: Path) -> None:
    """A missing path raises InputError naming it, on one line."""
    with pytest.raises(InputError) as excinfo:
        load_path(str(tmp_path / "nope.md"))
    assert "no such file" in one_line_error(excinfo)


def test_directory_is_refused(tmp_path: Path) -> None:
    """A directory raises InputError saying it is a directory."""
    with pytest.raises(InputError) as excinfo:
        load_path(str(tmp_path))
    assert "directory" in one_line_error(excinfo)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    """A file without read permission raises InputError."""
    article = tmp_path / "secret.txt"
    article.write_text("text")
    article.chmod(0)
    with pytest.raises(InputError) as excinfo:
        load_path(str(article))
    assert "permission denied" in one_line_error(excinfo)


def test_permission_error_on_open_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PermissionError while opening (what non-root users meet) becomes InputError."""
    article = tmp_path / "secret.txt"
    article.write_text("text")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("linkaudit.load.open", denied, raising=False)
    with pytest.raises(InputError) as excinfo:
        load_path(str(article))
    assert "permission denied" in one_line_error(excinfo)


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"some text\x00\x01\x02 with NULs", "binary"),
    ],
)
def test_binary_inputs_say_what_they_look_like(data: bytes, looks_like: str) -> None:
    """Magic numbers and NUL bytes are refused with what the input looks like."""
    with pytest.raises(InputError) as excinfo:
        load_bytes(data, "x.txt")
    assert looks_like in one_line_error(excinfo)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\u00a0\u2003\n".encode()])
def test_empty_and_whitespace_only_are_refused(data: bytes) -> None:
    """Empty or whitespace-only input raises InputError."""
    with pytest.raises(InputError) as excinfo:
        load_bytes(data, "empty.md")
    assert "empty" in one_line_error(excinfo)


def test_undecodable_bytes_are_refused() -> None:
    """Bytes that are not UTF-8 and fit no other encoding raise "cannot decode"."""
    rng = random.Random(7)
    data = bytes(rng.randrange(128, 256) for _ in range(600))
    with pytest.raises(InputError) as excinfo:
        load_bytes(data, "noise.txt")
    assert one_line_error(excinfo).startswith("cannot decode noise.txt")


def test_too_big_input_is_refused_before_reading(tmp_path: Path) -> None:
    """A file over the size cap is refused from its size (sparse file, never read)."""
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(InputError) as excinfo:
        load_path(str(big))
    assert "limit" in one_line_error(excinfo)
    with pytest.raises(InputError):
        load_bytes(b"a" * (MAX_BYTES + 1))


def test_utf8_bom_is_removed() -> None:
    """A UTF-8 byte-order mark never reaches the text or shifts offsets."""
    doc = load_bytes(codecs.BOM_UTF8 + b"[a](#) b\n", "a.md")
    assert doc.text == "a b"
    assert doc.links[0].start == 0
    assert doc.encoding == "utf-8"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom_decode(codec: str) -> None:
    """UTF-16/32 input with a BOM (it has NUL bytes) decodes instead of reading as binary."""
    text = "Il a dit « oui » [ici](https://ex.fr/é).\n"
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    doc = load_bytes(data, "a.md")
    assert doc.text == "Il a dit « oui » ici."
    assert doc.links[0].href == "https://ex.fr/é"
    assert doc.encoding.startswith(codec[:6])


def test_cp1252_html_with_meta_charset() -> None:
    """A cp1252 page declaring iso-8859-1 decodes with the browser's cp1252 (curly quotes)."""
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head>'
        "<body><p>Le caf\xe9 \u201cr\xe9el\u201d, <a href='/x'>voir</a>.</p></body></html>"
    ).encode("cp1252")
    doc = load_bytes(page, "page.html")
    assert doc.encoding == "cp1252"
    assert "Le café “réel”, voir." in doc.text
    assert doc.title == "Café"


def test_utf8_page_mislabelled_latin1_reads_as_utf8() -> None:
    """A saved page re-encoded to UTF-8 but still saying iso-8859-1 is read as UTF-8."""
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Café — “ok”</p></body></html>'
    doc = load_bytes(page.encode("utf-8"), "saved.html")
    assert doc.text == "Café — “ok”"
    assert doc.encoding == "utf-8"


def test_http_equiv_charset_is_honoured() -> None:
    """<meta http-equiv=Content-Type content="...; charset=..."> selects the decoder."""
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
        "</head><body><p>Привет</p></body></html>"
    ).encode("koi8-r")
    doc = load_bytes(page, "page.txt")
    assert doc.text == "Привет"
    assert doc.encoding == "koi8-r"


def test_latin1_text_without_declaration_is_guessed() -> None:
    """Latin-1 text with no declaration decodes through a confident guess."""
    text = "Le café crème et la naïve résumé de l'été, à Noël.\n" * 3
    doc = load_bytes(text.encode("latin-1"), "a.txt")
    assert doc.text.startswith("Le café crème et la naïve résumé")


def test_html_named_txt_is_detected_as_html() -> None:
    """Detection is by content: an HTML page saved as .txt is HTML."""
    page = b"<!DOCTYPE html><html><body><p>Hi <a href='/a'>there</a></p></body></html>"
    doc = load_bytes(page, "x.txt")
    assert doc.format == "html"
    assert doc.text == "Hi there"


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("<!doctype html><html><p>x</p></html>", "a.md", "html"),
        ("<div><p>Para</p><p>More <a href='x'>x</a></p></div>", None, "html"),
        ("# Title\n\nSome [link](http://x).\n", "a.txt", "markdown"),
        ("Plain prose with no markup at all.\n", "a.md", "markdown"),
        ("Plain prose with no markup at all.\n", "a.txt", "text"),
        ("Plain prose with no markup at all.\n", None, "text"),
        ("Plain prose, x < y and a > b.\n", "a.htm", "html"),
        ("Plain prose see https://ex.com.\n", "-", "text"),
    ],
)
def test_detect_format_content_first_extension_breaks_ties(
    text: str, path: str | None, expected: str
) -> None:
    """Content decides when it speaks; the extension decides only when it is silent."""
    assert detect_format(text, path) == expected


def _fuzz_inputs(rng: random.Random) -> list[bytes]:
    pieces = [
        "[", "]", "(", ")", "<", ">", "*", "_", "`", "!", "#", "\\", " ", "\n", "-", "https://",
        "www.", "a", "&amp;", '"', "<a href='", "</a>", "<p>", "<br>", "<!--", "-->", "é", "\r",
        "> ", "1. ", "```", "[x]: ", "\ufeff", "<script>", "<pre>", "\t",
    ]  # fmt: skip
    out = []
    for n in range(300):
        size = rng.choice([1, 3, 20, 200, 2000])
        if n % 3 == 0:
            out.append(bytes(rng.randrange(256) for _ in range(size)))
        else:
            out.append("".join(rng.choice(pieces) for _ in range(size)).encode())
    return out


def test_random_bytes_never_crash_and_spans_hold() -> None:
    """Any bytes give a Document whose link spans hold, or an InputError — never a traceback."""
    rng = random.Random(20240124)
    loaded = 0
    messages: list[str] = []
    for data in _fuzz_inputs(rng):
        try:
            doc = load_bytes(data, "fuzz.md")
        except InputError as exc:
            messages.append(str(exc))
            continue
        loaded += 1
        assert all(doc.text[link.start : link.end] == link.anchor for link in doc.links)
        assert all(0 <= b.start < b.end <= len(doc.text) for b in doc.blocks)
        assert all(doc.line_at(b.start) >= 1 for b in doc.blocks)
        offsets = [o for o, _ in doc.line_map]
        assert offsets == sorted(set(offsets))
    assert loaded > 100
    assert messages
    assert not [m for m in messages if "\n" in m]


@pytest.mark.parametrize(
    "source",
    ["[" * 100_000, "![" * 50_000, "<!-- " * 20_000, '[a](b "' * 15_000, "[a " * 35_000],
    ids=["brackets", "images", "comments", "titles", "open-brackets"],
)
def test_pathological_markdown_stays_linear(source: str) -> None:
    """100 KB of unclosed brackets, comments or titles loads in well under two CPU seconds
    (CPU, not wall time: the shared machine's load must not decide the test)."""
    started = time.process_time()
    doc = load_bytes(source.encode(), "p.md")
    assert time.process_time() - started < 2.0
    assert doc.text.startswith(source[:10].strip())


def test_closed_stdin_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading "-" with no standard input stream raises InputError instead of crashing."""
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError) as excinfo:
        load_path("-")
    assert "standard input" in one_line_error(excinfo)
