"""Decompression is bounded: the body cap counts decoded bytes, a bomb is stopped by the ratio
limit, and both link checks and page fetches (--original, archived copies) end in a value."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from hostile_servers import PAGE, HostileServer, gzip_bomb, hostile_server
from linkaudit.resolve import ResolveOptions, RetryPolicy, check_urls, fetch_page
from linkaudit.resolve.decode import MAX_RATIO, RATIO_AFTER, BoundedDecoder
from linkaudit.resolve.fetch import FetchedPage
from linkaudit.resolve.options import Engine

OPEN = ResolveOptions(allow_private=True, soft404_probe=False, timeout=5.0, retries=0)


def _chunks(data: bytes, size: int = 65536) -> Iterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i : i + size]


def test_a_gzip_bomb_is_stopped_by_the_ratio_and_never_inflated_whole() -> None:
    """130 MiB of gzipped zeros: decoding stops just past RATIO_AFTER, flagged as a bomb."""
    bomb = gzip_bomb(130)
    decoder = BoundedDecoder("gzip")
    body = bytearray()
    for raw in _chunks(bomb):
        body += decoder.feed(raw, 2 * 1024 * 1024 - len(body))
        if decoder.stopped:
            break
    assert decoder.bomb
    assert RATIO_AFTER <= len(body) <= RATIO_AFTER + 64 * 1024
    assert decoder.decoded > MAX_RATIO * decoder.raw


def test_the_cap_counts_decoded_bytes_even_under_the_ratio() -> None:
    """A body that compresses only 2:1 is read up to the cap in decoded bytes, not raw ones."""
    text = b"".join(b"<p>%d %x</p>" % (i, i * 7919) for i in range(200_000))  # ~3 MB
    packed = gzip.compress(text)
    decoder = BoundedDecoder("gzip")
    body = bytearray()
    for raw in _chunks(packed):
        body += decoder.feed(raw, 100_000 - len(body))
        if len(body) >= 100_000:
            break
    assert bytes(body) == text[:100_000]
    assert not decoder.bomb


@pytest.mark.parametrize(
    ("coding", "packed"),
    [
        ("gzip", gzip.compress(PAGE)),
        ("gzip", gzip.compress(PAGE[:40]) + gzip.compress(PAGE[40:])),  # two members
        ("deflate", zlib.compress(PAGE)),  # zlib-wrapped, as the RFC says
        ("deflate", zlib.compress(PAGE)[2:-4]),  # raw deflate, as some servers send it
        ("identity", PAGE),
        ("", PAGE),
    ],
)
def test_ordinary_encodings_decode_exactly(coding: str, packed: bytes) -> None:
    """gzip (one or several members), both deflate forms and identity give the page back."""
    decoder = BoundedDecoder(coding)
    body = b"".join(decoder.feed(raw, 1 << 20) for raw in _chunks(packed, 7))
    assert body == PAGE
    assert not decoder.stopped


def test_an_encoding_never_asked_for_is_not_read() -> None:
    """br, zstd or stacked codings are never advertised: such a body is left unread."""
    decoder = BoundedDecoder("br")
    assert decoder.feed(b"\x0b\x02\x80hello\x03", 1000) == b""
    assert decoder.undecodable


@pytest.fixture(scope="module")
def bombs() -> Iterator[HostileServer]:
    with hostile_server(bomb_mb=130) as server:
        yield server


@pytest.mark.parametrize("engine", ["httpx", "aiohttp"])
async def test_64_bomb_links_end_as_errors_with_bounded_bodies(
    bombs: HostileServer, engine: Engine
) -> None:
    """64 bomb links (each ~130 MiB decoded), with fragments (2 MiB cap) and without (the
    64 KiB soft-404 sniff): each is an "error" value naming the bomb, and an ordinary gzipped
    page still checks ok, its fragment found."""
    urls = [f"{bombs.base()}/bomb/{engine}{i}" + ("#part" if i % 2 else "") for i in range(64)]
    before = bombs.count("/bomb/")
    page = f"{bombs.base()}/gzip/7#here"
    sniffing = ResolveOptions(allow_private=True, timeout=5.0, retries=0, engine=engine)
    result = await check_urls([*urls, page], sniffing, retry=RetryPolicy.zero_wait(0))
    for url in urls:
        check = result[url]
        assert check.status == "error", (url, check)
        assert "decompression bomb" in (check.detail or "")
    assert result[page].status == "ok", result[page]
    assert bombs.count("/bomb/") - before == 64


@pytest.mark.parametrize("engine", ["httpx", "aiohttp"])
async def test_fetching_a_bomb_as_a_page_is_a_value(bombs: HostileServer, engine: Engine) -> None:
    """fetch_page (the --original and archived-copy path) returns an error check, no text."""
    options = replace(OPEN, engine=engine)
    page = await fetch_page(
        f"{bombs.base()}/bomb/original", options, retry=RetryPolicy.zero_wait(0)
    )
    assert not isinstance(page, FetchedPage)
    assert page.status == "error"
    assert "decompression bomb" in (page.detail or "")
    fine = await fetch_page(f"{bombs.base()}/gzip/8", options)
    assert isinstance(fine, FetchedPage)
    assert "We said so" in fine.text


@pytest.mark.slow
def test_a_real_run_over_64_bombs_stays_small(tmp_path: Path, bombs: HostileServer) -> None:
    """`linkaudit check` over 64 bomb links (8 GiB if inflated): the process's peak RSS,
    read from the kernel for that child, stays near an ordinary run's (~170 MB)."""
    article = tmp_path / "bombs.md"
    lines = ["# Bombs", ""]
    lines += [f"The ministry [said]({bombs.base()}/bomb/r{i}#x) so, item {i}." for i in range(64)]
    article.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "LINKAUDIT_ARCHIVE_BASE": "http://127.0.0.1:9", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "linkaudit", "check", str(article), "--allow-private",
         "--no-cache", "--no-archive-dead", "-f", "json", "-o", str(tmp_path / "r.json"),
         "--retries", "0", "--timeout", "10"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        proc.returncode = 0  # reaped by wait4 above
    assert os.waitstatus_to_exitcode(status) in (0, 1)
    peak_mb = usage.ru_maxrss / 1024
    assert peak_mb < 450, peak_mb
    assert (tmp_path / "r.json").read_text(encoding="utf-8").count("decompression bomb") >= 64
