"""Preflight's limits on the work one PDF may ask for, and bounded reading of its streams.

A few kilobytes of PDF can ask for unbounded work: forms that draw forms ten times, nine
levels deep (10^9 drawn operators), or a Flate stream of zeros that inflates a thousandfold.
Each limit below is generous for any real print file (brandkit's own pages stay orders of
magnitude under every one) and is named in the finding a file over it gets.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

import pikepdf

from brandkit.i18n import Message

MIB = 1024 * 1024

# Operators a page draws, counting a form's operators once per time it is drawn (forms inside
# forms multiply). brandkit's busiest page (a procedure board) draws about 10^4.
MAX_FORM_EXPANSION = 10_000_000
# Forms inside forms inside …: real files nest a handful deep.
MAX_FORM_DEPTH = 32
# Decompressed size of one stream preflight reads (content, form, metadata, ICC, font file).
MAX_STREAM_BYTES = 64 * MIB
# Decompressed size of all the streams preflight reads in one file, each counted once.
MAX_FILE_BYTES = 256 * MIB
# Operators in one content stream (parsing holds them all in memory at once).
MAX_STREAM_OPERATORS = 1_000_000
# Placed images and stroke widths the walker keeps while it adds forms into pages, per file:
# this bounds its memory when many forms each draw large forms.
MAX_PLACEMENTS = 1_000_000

_CHUNK = 4 * MIB  # inflate this much at a time, so measuring a bomb costs no memory
# Filters whose output is never longer than their input (ASCII85: 5 → 4, hex: 2 → 1).
_SHRINKING = frozenset({"/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"})
_FLATE = frozenset({"/FlateDecode", "/Fl"})
# A token that starts like an operator: after a delimiter or white space, never after "/".
_OPERATOR = re.compile(rb"(?<![^\s\[\]()<>{}%])[A-Za-z'\"][A-Za-z0-9*'\"]*")


class LimitExceeded(Exception):
    """A file asks for more work than one of preflight's limits allows; the message names it."""


def mib(size: int) -> str:
    """A size in whole MiB, e.g. "64 MiB"."""
    return f"{size // MIB:,} MiB"


def _filters(stream: pikepdf.Stream) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return [str(v) for v in value]
    return [str(value)]


def _where(stream: pikepdf.Stream) -> str:
    number, generation = stream.objgen
    if not number:
        return Message("a stream")
    return Message("stream {number} {generation} R", number=number, generation=generation)


def _too_big(stream: pikepdf.Stream, cap: int) -> LimitExceeded:
    return LimitExceeded(
        Message(
            "{stream} decompresses to more than {limit} (preflight's limit per stream, "
            "MAX_STREAM_BYTES)",
            stream=_where(stream),
            limit=mib(cap),
        )
    )


def _inflate(raw: bytes, stream: pikepdf.Stream, cap: int, keep: bool) -> tuple[int, bytes]:
    """Inflate `raw` a chunk at a time, failing as soon as the output passes `cap`."""
    inflater = zlib.decompressobj()
    size, kept, data = 0, [], raw
    try:
        while data and not inflater.eof:
            out = inflater.decompress(data, _CHUNK)
            size += len(out)
            if size > cap:
                raise _too_big(stream, cap)
            if keep:
                kept.append(out)
            data = inflater.unconsumed_tail
        tail = inflater.flush()  # at most a few bytes of a match zlib still holds
        size += len(tail)
        if keep:
            kept.append(tail)
    except zlib.error:
        pass  # damage: qpdf reads what it can and says so; what was inflated is the size
    return size, b"".join(kept)


def decoded_size(stream: pikepdf.Stream, cap: int = MAX_STREAM_BYTES) -> int:
    """The decoded size of `stream` (an upper bound), found without holding it in memory.

    Raises LimitExceeded when it is over `cap`, or when its filters cannot be bounded
    without decoding (LZW and the like on a stream too long for any ratio to be safe).
    """
    return _measure(stream, cap, keep=False)[0]


def bounded_bytes(stream: pikepdf.Stream, cap: int = MAX_STREAM_BYTES) -> bytes:
    """The decoded bytes of `stream`, refused (LimitExceeded) when they would pass `cap`."""
    filters = _filters(stream)
    if len(filters) == 1 and filters[0] in _FLATE and "/DecodeParms" not in stream:
        return _measure(stream, cap, keep=True)[1]
    _measure(stream, cap, keep=False)
    return bytes(stream.read_bytes())


def _measure(stream: pikepdf.Stream, cap: int, keep: bool) -> tuple[int, bytes]:
    raw = stream.read_raw_bytes()
    filters = _filters(stream)
    if not filters or all(f in _SHRINKING for f in filters):
        if len(raw) > cap:
            raise _too_big(stream, cap)
        return len(raw), b""
    if filters[0] in _FLATE and all(f in _SHRINKING for f in filters[1:]):
        # A PNG predictor (DecodeParms) only removes bytes from what Flate gives.
        return _inflate(raw, stream, cap, keep)
    # Filters this module does not inflate itself (LZW at most ~4,000×, RunLength 64×):
    # decoded only when even the worst ratio keeps them under the limit.
    if len(raw) * 4096 > cap:
        raise LimitExceeded(
            Message(
                "{stream} uses {filters}, whose decompressed size preflight cannot bound before "
                "reading ({size} bytes compressed; limit per stream {limit}, MAX_STREAM_BYTES)",
                stream=_where(stream),
                filters=" ".join(filters),
                size=f"{len(raw):,}",
                limit=mib(cap),
            )
        )
    return len(stream.read_bytes()), b""


def operators_in(stream: pikepdf.Stream, size: int) -> int:
    """How many operators a content stream of decoded `size` bytes may hold (an upper bound:
    words inside strings are counted too). Short streams are not read: an operator and the
    white space after it take two bytes at least."""
    if size <= 2 * MAX_STREAM_OPERATORS:
        return size // 2
    data = bounded_bytes(stream)
    return sum(1 for _ in _OPERATOR.finditer(data))


class Budget:
    """The decompressed bytes one file's streams have used, each stream counted once."""

    def __init__(self, cap: int = MAX_FILE_BYTES) -> None:
        self.cap = cap
        self.used = 0
        self.sizes: dict[tuple[int, int], int] = {}

    def stream(self, stream: pikepdf.Stream) -> int:
        """The decoded size of `stream`, charged to the file (once per stream object)."""
        key = stream.objgen
        known = self.sizes.get(key) if key != (0, 0) else None
        if known is not None:
            return known
        size = decoded_size(stream)
        if key != (0, 0):
            self.sizes[key] = size
        self.used += size
        if self.used > self.cap:
            raise LimitExceeded(
                Message(
                    "the file's streams decompress to more than {limit} in all (preflight's "
                    "limit per file, MAX_FILE_BYTES)",
                    limit=mib(self.cap),
                )
            )
        return size

    def content(self, owner: Any) -> None:
        """Check the streams of a page's or a form's content before qpdf parses them."""
        contents = owner.get("/Contents") if not isinstance(owner, pikepdf.Stream) else owner
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        for stream in streams:
            if not isinstance(stream, pikepdf.Stream):
                continue
            size = self.stream(stream)
            operators = operators_in(stream, size)
            if operators > MAX_STREAM_OPERATORS:
                raise LimitExceeded(
                    Message(
                        "{stream} holds about {count} operators, more than {limit} (preflight's "
                        "limit per content stream, MAX_STREAM_OPERATORS)",
                        stream=_where(stream),
                        count=f"{operators:,}",
                        limit=f"{MAX_STREAM_OPERATORS:,}",
                    )
                )
