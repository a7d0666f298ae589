"""Font subset tags from the subset itself.

reportlab names every subset it embeds `AAAAAA+Roboto-Bold`, so two different subsets of one
font (in two PDFs, or the 256-character pieces reportlab cuts a font into within one PDF)
carry the same name, and a RIP or an imposition tool that caches fonts by name may set one
with the other's glyphs. PDF (ISO 32000-1, 9.6.4) asks for a tag of six capital letters that
differs between subsets; here it is derived from a hash of the subset's font program and its
character map, so different subsets get different tags and the same inputs the same bytes.
"""

from __future__ import annotations

import hashlib
import re

import pikepdf

_TAG = re.compile(r"^[A-Z]{6}\+")


def subset_tag(*parts: bytes) -> str:
    """Six capital letters from a hash of `parts`."""
    digest = hashlib.sha256(b"\0".join(parts)).digest()
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:6])


def _stream_bytes(value: object) -> bytes:
    if isinstance(value, pikepdf.Stream):
        return bytes(value.read_bytes())
    return b""


def _retag(name: object, tag: str) -> pikepdf.Name | None:
    text = str(name).lstrip("/")
    if not _TAG.match(text):
        return None
    return pikepdf.Name("/" + tag + "+" + text[7:])


def tag_subsets(document: pikepdf.Pdf) -> None:
    """Rename each embedded subset (a font whose name carries a `XXXXXX+` tag) after a hash
    of its glyphs: its font program, its ToUnicode map and its widths; /BaseFont and its
    descriptor's /FontName alike (a Type0 font's descendant too)."""
    for obj in document.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != pikepdf.Name.Font:
            continue
        if obj.get("/Subtype") == pikepdf.Name.Type0:
            continue  # renamed with its descendant, below
        descriptor = obj.get("/FontDescriptor")
        if not isinstance(descriptor, pikepdf.Dictionary) or "/BaseFont" not in obj:
            continue
        program = b""
        for key in ("/FontFile2", "/FontFile", "/FontFile3"):
            program = program or _stream_bytes(descriptor.get(key))
        widths = obj.get("/Widths")
        tag = subset_tag(
            str(obj.BaseFont)[8:].encode("utf-8"),
            program,
            _stream_bytes(obj.get("/ToUnicode")),
            repr([float(w) for w in widths]).encode() if isinstance(widths, pikepdf.Array) else b"",
        )
        base = _retag(obj.BaseFont, tag)
        if base is None:
            continue
        obj.BaseFont = base
        if "/FontName" in descriptor:
            descriptor.FontName = _retag(descriptor.FontName, tag) or descriptor.FontName
    for obj in document.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == pikepdf.Name.Type0:
            descendants = obj.get("/DescendantFonts")
            if isinstance(descendants, pikepdf.Array) and len(descendants) == 1:
                child = descendants[0]
                renamed = _retag(obj.BaseFont, str(child.get("/BaseFont", "/"))[1:7])
                if renamed is not None and _TAG.match(str(child.get("/BaseFont", "/"))[1:]):
                    obj.BaseFont = renamed
