"""Content decoding with the body cap applied to decoded bytes, and a ratio limit.

httpx decodes each network chunk whole: a 64 KiB chunk of a gzip bomb becomes ~64 MB before
any cap can look at it, and 64 such links took 3.3 GB. Here the raw (still compressed) bytes
are inflated with ``max_length`` set to what the cap still allows, so memory is bounded by the
cap; and a body that inflates more than ``MAX_RATIO`` times (real HTML: 3-20) is taken for a
bomb and not read further.
"""

from __future__ import annotations

import zlib

# Real pages compress 3-20 times, very repetitive markup ~50; zlib's ceiling is ~1,030, and a
# bomb sits there (brotli's is far higher: it is never asked for, see ACCEPT_ENCODING).
MAX_RATIO = 200
# The ratio is judged once this much is decoded: a tiny body's ratio says nothing.
RATIO_AFTER = 32 * 1024
# Inflating goes this far between two looks at the ratio.
STEP = 64 * 1024
# What requests advertise: only encodings decoded here, with the bound above.
ACCEPT_ENCODING = "gzip, deflate"


class BoundedDecoder:
    """Turns raw body chunks into decoded bytes, never more than asked for per call."""

    def __init__(self, content_encoding: str, *, max_ratio: float = MAX_RATIO) -> None:
        coding = content_encoding.strip().lower()
        self.max_ratio = max_ratio
        self.raw = 0  # compressed bytes consumed
        self.decoded = 0
        self.bomb = False  # stopped: inflating past max_ratio
        self.undecodable = False  # an encoding we never asked for (br, zstd, stacked)
        self._identity = coding in ("", "identity")
        self._deflate_guess = coding == "deflate"  # zlib-wrapped or raw: tried in that order
        self._z: zlib._Decompress | None = None
        if coding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif coding == "deflate":
            self._z = zlib.decompressobj()
        elif not self._identity:
            self.undecodable = True

    @property
    def stopped(self) -> bool:
        """Nothing more will come out: a bomb, an encoding we cannot read, or a corrupt body."""
        return self.bomb or self.undecodable

    def feed(self, data: bytes, want: int) -> bytes:
        """At most ``want`` decoded bytes from ``data`` (the rest of it is dropped: the caller
        stops reading once it has what it wants)."""
        if self.stopped or want <= 0:
            return b""
        if self._identity:
            piece = data[:want]
            self.raw += len(piece)
            self.decoded += len(piece)
            return piece
        out = bytearray()
        pending = data
        while pending and len(out) < want and not self.stopped:
            pending = self._inflate(pending, min(want - len(out), STEP), out)
        return bytes(out)

    def _inflate(self, data: bytes, room: int, out: bytearray) -> bytes:
        """Inflate into ``out`` (at most ``room`` bytes); the input still to be inflated."""
        assert self._z is not None
        try:
            piece = self._z.decompress(data, room)
        except zlib.error:
            if self._deflate_guess and self.raw == 0:
                # "deflate" sent as a raw stream, as some servers do
                self._deflate_guess = False
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                return data
            self.undecodable = True
            return b""
        self._deflate_guess = False
        left = self._z.unconsumed_tail
        after_end = self._z.unused_data if self._z.eof else b""
        self.raw += len(data) - len(left) - len(after_end)
        self.decoded += len(piece)
        out += piece
        if self.decoded >= RATIO_AFTER and self.decoded > self.max_ratio * max(1, self.raw):
            self.bomb = True
            return b""
        if self._z.eof:
            if not after_end.startswith(b"\x1f\x8b"):
                return b""  # trailing bytes after the stream: ignored, as browsers do
            # gzip allows several members one after another: each one is inflated in turn
            self._z = zlib.decompressobj(zlib.MAX_WBITS | 16)
            return after_end
        return left
