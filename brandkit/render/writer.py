"""A PDF file written directly: objects serialised once, packed into object streams, a
cross-reference stream, a content-derived /ID.

brandkit's pages are drawn from a handful of operators (rectangles, paths, text in embedded
TrueType subsets, forms, images), so they are written here as the bytes they end up as,
instead of being built as a graph of reportlab objects, serialised by reportlab and then read
back and rewritten by qpdf. What goes into the file is the same kind of PDF qpdf wrote: PDF
1.5+ object streams for every object that is not a stream, a cross-reference stream, and an
/ID from a digest of the content, so the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache

from reportlab.lib.rl_accel import fp_str

__all__ = ["Name", "PdfFile", "Raw", "Ref", "Text", "fp_str", "literal", "serialise"]


class Name(str):
    """A PDF name, written `/Name` (bytes outside the regular characters as `#xx`)."""

    __slots__ = ()


class Text(str):
    """A PDF text string: PDFDocEncoding when it is printable ASCII, else UTF-16BE with BOM."""

    __slots__ = ()


class Raw(str):
    """Something already written in PDF syntax, put in as it is."""

    __slots__ = ()


class Ref:
    """An indirect reference, `n 0 R`."""

    __slots__ = ("num",)

    def __init__(self, num: int) -> None:
        self.num = num

    def __repr__(self) -> str:
        return f"{self.num} 0 R"


_REGULAR = frozenset(
    b"!\"$&'*+,-.0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~"
)


@lru_cache(maxsize=4096)  # a PDF names the same few resources on every page
def _name(value: str) -> str:
    data = value.encode("utf-8")
    if all(byte in _REGULAR for byte in data):
        return "/" + value
    return "/" + "".join(chr(b) if b in _REGULAR else f"#{b:02X}" for b in data)


_ESCAPES = {ord("\\"): "\\\\", ord("("): "\\(", ord(")"): "\\)", 13: "\\r", 10: "\\n"}


def literal(data: bytes) -> str:
    """`data` as a PDF literal string, in latin-1 (one character a byte)."""
    return "(" + data.decode("latin-1").translate(_ESCAPES) + ")"


def _text(value: str) -> str:
    if value.isascii() and value.isprintable():
        return literal(value.encode("ascii"))
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def serialise(value: object) -> str:
    """`value` in PDF syntax: dicts (keys are names), lists, names, refs, numbers, bytes as
    literal strings, `Text`, `Raw`, booleans and None."""
    if isinstance(value, Raw):
        return value
    if isinstance(value, Name):
        return _name(value)
    if isinstance(value, Text):
        return _text(value)
    if isinstance(value, Ref):
        return f"{value.num} 0 R"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return fp_str(float(value))
    if isinstance(value, bytes):
        return literal(value)
    if isinstance(value, Mapping):
        return "<<" + " ".join(f"{_name(k)} {serialise(v)}" for k, v in value.items()) + ">>"
    if isinstance(value, Iterable) and not isinstance(value, str):
        return "[" + " ".join(serialise(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} in a PDF")


PER_OBJECT_STREAM = 200
"""Objects packed into one object stream (qpdf packs 100; a reader reads one stream to find
any of them, so a few hundred keeps lookups cheap)."""


class PdfFile:
    """The objects of one PDF, by number; `bytes()` writes the file."""

    def __init__(self, version: str = "1.6") -> None:
        self.version = version
        self._objects: list[bytes | None] = [None]  # non-stream objects' bodies, by number
        self._streams: dict[int, bytes] = {}  # stream objects: dictionary, stream, endstream
        self._digest = hashlib.sha256()

    def reserve(self) -> Ref:
        """A number for an object added later (objects that refer to each other)."""
        self._objects.append(None)
        return Ref(len(self._objects) - 1)

    def add(self, value: object, ref: Ref | None = None) -> Ref:
        """A non-stream object (written into an object stream)."""
        ref = ref or self.reserve()
        body = serialise(value).encode("latin-1")
        self._objects[ref.num] = body
        self._digest.update(body)
        return ref

    def add_stream(
        self,
        data: bytes,
        entries: Mapping[str, object] | None = None,
        compress: bool = True,
        ref: Ref | None = None,
    ) -> Ref:
        """A stream object; `entries` go into its dictionary beside /Length (and /Filter
        when it is compressed here; otherwise `entries` name the filter `data` already has)."""
        ref = ref or self.reserve()
        head = dict(entries or {})
        if compress:
            data = zlib.compress(data, 6)
            head["Filter"] = Name("FlateDecode")
        head["Length"] = len(data)
        body = serialise(head).encode("latin-1") + b"\nstream\n" + data + b"\nendstream"
        self._streams[ref.num] = body
        self._objects[ref.num] = b""
        self._digest.update(body)
        return ref

    def digest(self) -> bytes:
        """A digest of everything added so far (for the /ID and XMP identifiers)."""
        return self._digest.digest()

    def bytes(self, root: Ref, info: Ref | None = None) -> bytes:
        """The whole file: stream objects as they are, every other object in object
        streams, then the cross-reference stream; /ID from the content's digest."""
        ident = self._digest.hexdigest()[:32].upper()
        out = bytearray(f"%PDF-{self.version}\n%\xe2\xe3\xcf\xd3\n".encode("latin-1"))
        # (type, field 2, field 3) for each object number: 1 = at an offset, 2 = in a stream
        entries: list[tuple[int, int, int]] = [(0, 0, 0xFFFF)]
        plain: list[int] = []
        for num in range(1, len(self._objects)):
            stream = self._streams.get(num)
            if stream is None:
                if self._objects[num] is None:
                    raise ValueError(f"PDF object {num} was reserved but never written")
                plain.append(num)
                entries.append((0, 0, 0))  # filled in below
                continue
            entries.append((1, len(out), 0))
            out += b"%d 0 obj\n" % num + stream + b"\nendobj\n"
        for start in range(0, len(plain), PER_OBJECT_STREAM):
            chunk = plain[start : start + PER_OBJECT_STREAM]
            stream_num = len(entries)
            offsets, bodies, at = [], [], 0
            for index, num in enumerate(chunk):
                body = self._objects[num]
                assert body is not None
                offsets.append(f"{num} {at}")
                bodies.append(body)
                at += len(body) + 1
                entries[num] = (2, stream_num, index)
            head = " ".join(offsets).encode("ascii") + b"\n"
            data = zlib.compress(head + b"\n".join(bodies) + b"\n", 6)
            entries.append((1, len(out), 0))
            dictionary = (
                f"<</Type/ObjStm/N {len(chunk)}/First {len(head)}"
                f"/Filter/FlateDecode/Length {len(data)}>>"
            )
            out += b"%d 0 obj\n" % stream_num + dictionary.encode("ascii")
            out += b"\nstream\n" + data + b"\nendstream\nendobj\n"
        xref_num = len(entries)
        entries.append((1, len(out), 0))
        table = b"".join(struct.pack(">BIH", *entry) for entry in entries)
        data = zlib.compress(table, 6)
        trailer = f"/Root {root.num} 0 R" + (f"/Info {info.num} 0 R" if info else "")
        dictionary = (
            f"<</Type/XRef/Size {len(entries)}/W[1 4 2]{trailer}/ID[<{ident}><{ident}>]"
            f"/Filter/FlateDecode/Length {len(data)}>>"
        )
        xref_at = len(out)
        out += b"%d 0 obj\n" % xref_num + dictionary.encode("ascii")
        out += b"\nstream\n" + data + b"\nendstream\nendobj\n"
        out += b"startxref\n%d\n%%%%EOF\n" % xref_at
        return bytes(out)
