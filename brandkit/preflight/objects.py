"""Reading PDF objects defensively: resources, inherited page keys, boxes, fonts, XMP, ICC."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zlib
from typing import Any

import pikepdf

from brandkit.preflight.geometry import Box, normal
from brandkit.preflight.limits import bounded_bytes

PDFXID_NS = "http://www.npes.org/pdfx/ns/id/"
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def xmp_pdfx_version(xmp: bytes) -> str | None:
    """pdfxid:GTS_PDFXVersion from an XMP packet, as an element or an attribute."""
    root = ET.fromstring(xmp.strip(b"\x00 \t\r\n"))
    tag = f"{{{PDFXID_NS}}}GTS_PDFXVersion"
    for element in root.iter():
        if element.tag == tag and element.text:
            return element.text.strip()
        value = element.attrib.get(tag)
        if value:
            return value.strip()
    return None


def stream_head(stream: pikepdf.Stream, size: int) -> bytes:
    """The first `size` decoded bytes, without inflating a whole ICC profile when possible."""
    if stream.get("/Filter") == "/FlateDecode" and "/DecodeParms" not in stream:
        try:
            return zlib.decompressobj().decompress(stream.read_raw_bytes(), size)
        except zlib.error:
            pass  # let qpdf decide what the stream holds
    return bounded_bytes(stream)[:size]


def embedded(font: pikepdf.Dictionary) -> bool:
    """Whether a font dictionary carries its glyphs (a font file, or a Type 3 font)."""
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are content streams inside the font itself
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, pikepdf.Array) or len(descendants) == 0:
            return False
        descendant = descendants[0]
        if not isinstance(descendant, pikepdf.Dictionary):
            return False
        font = descendant
    descriptor = font.get("/FontDescriptor")
    return isinstance(descriptor, pikepdf.Dictionary) and any(k in descriptor for k in _FONT_FILES)


def font_files(font: pikepdf.Dictionary) -> list[pikepdf.Stream]:
    """The font programs a font dictionary embeds (its descendant's, for a Type 0 font)."""
    descendants = font.get("/DescendantFonts")
    first = descendants[0] if isinstance(descendants, pikepdf.Array) and descendants else None
    if isinstance(first, pikepdf.Dictionary):
        font = first
    descriptor = font.get("/FontDescriptor")
    if not isinstance(descriptor, pikepdf.Dictionary):
        return []
    return [f for k in _FONT_FILES if isinstance(f := descriptor.get(k), pikepdf.Stream)]


def resource(resources: pikepdf.Dictionary, category: str, name: object) -> Any:
    """The resource `name` of `category` (e.g. /Font), or None when it is not there."""
    group = resources.get(category)
    if not isinstance(group, pikepdf.Dictionary) or not isinstance(name, pikepdf.Name):
        return None
    return group.get(name)


def inherited(page: pikepdf.Dictionary, key: str) -> Any:
    """A page attribute, looked up the page tree when the page does not set it."""
    node: Any = page
    for _ in range(64):  # a page tree deeper than this is a loop
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def box_of(value: object) -> Box | None:
    """A rectangle array as a normalised box, or None when it is not four numbers."""
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return normal((x0, y0, x1, y1))


def label(name: object) -> str:
    """A resource name without its slash."""
    return str(name).lstrip("/")


def ascii_text(raw: bytes) -> str:
    """Raw bytes (an ICC signature) shown as a quoted string."""
    return repr(raw.decode("latin-1"))
