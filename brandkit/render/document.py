"""One PDF being written by the renderer: its content streams and the resources they use
(TrueType subsets, spot colours, graphics states, forms, images), then the file itself,
declared PDF/X-4 when it goes to press."""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from PIL import Image
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont, makeToUnicodeCMap

from brandkit.colour import OutputIntent
from brandkit.layout.page import Ink, TextItem
from brandkit.render.pdfx import PDF_VERSION, PDFX_VERSION, _compressed, _xmp, document_date
from brandkit.render.subsets import subset_tag
from brandkit.render.writer import Name, PdfFile, Raw, Ref, Text, fp_str, literal, serialise

CREATOR = "brandkit"


class _FontKey:
    """What reportlab's TTFont keeps its per-document character assignments under."""


@dataclass(frozen=True)
class _Subset:
    """A font subset as a PDF embeds it: the program and ToUnicode map deflated, the program's
    length before, the widths as written, and its tag."""

    program: bytes
    length: int
    cmap: bytes
    widths: tuple[str, ...]
    tag: str


@lru_cache(maxsize=32)
def _subset(face: Any, face_name: str, subset: int, codes: tuple[int, ...]) -> _Subset:
    """Subset `subset` of `face` holding `codes`: cut by reportlab, remembered per process
    (a unit's envelopes, screens and blanks show the same characters in the same order, so
    half of a kit's subsets are cut, deflated and tagged again otherwise). Same bytes."""
    program = face.makeSubset(list(codes))
    widths = tuple(fp_str(face.getCharWidth(code)) for code in codes)
    cmap = makeToUnicodeCMap(f"{face_name}-{subset}", list(codes)).encode("latin-1")
    # The tag render.subsets.tag_subsets gives the same subset when a PDF that holds it is
    # rewritten (press sheets): from the subset's own bytes.
    tag = subset_tag(
        face_name.encode("utf-8"), program, cmap, repr([float(w) for w in widths]).encode()
    )
    return _Subset(zlib.compress(program, 6), len(program), zlib.compress(cmap, 6), widths, tag)


@dataclass
class _DocFont:
    font: TTFont
    prefix: str  # F1, F2, … in the order fonts are first used
    key: _FontKey
    refs: dict[int, Ref]  # subset → its font object, reserved when first used


class Content:
    """One content stream (a page's or a form's): its operators and the resources it names."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.ops: list[str] = []
        # The operators as preflight's content walk reads them: without the strings shown
        # and the operands that only place text or size rectangles (see `Document.page_key`).
        self.shape: list[str] = []
        self.fonts: dict[str, Ref] = {}
        self.xobjects: dict[str, Ref] = {}
        self.spaces: dict[str, Ref] = {}
        self.states: dict[str, Ref] = {}

    def append(self, op: str, shape: str | None = None) -> None:
        """Write `op`; `shape`, what the content walk reads of it, when that is less."""
        self.ops.append(op)
        self.shape.append(op if shape is None else shape)

    def do(self, name: str) -> None:
        """Draw the form or image `name` of the document."""
        self.xobjects[name] = self.doc.xobjects[name]
        self.append(serialise(Name(name)) + " Do")

    def colour(self, ink: Ink, stroke: bool = False) -> None:
        """Paint with `ink`: its CMYK, a Separation when it names a spot colour; on a screen,
        exactly its hex in sRGB."""
        if self.doc.screen:
            value = ink.hex.lstrip("#")
            r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
            self.append(f"{fp_str(r, g, b)} {'RG' if stroke else 'rg'}")
        elif ink.spot:
            name, ref = self.doc.separation(ink)
            self.spaces[name] = ref
            space = serialise(Name(name))
            self.append(f"{space} CS 1 SCN" if stroke else f"{space} cs 1 scn")
        else:
            self.append(f"{fp_str(*ink.cmyk)} {'K' if stroke else 'k'}")

    def overprint(self, fill: bool = False, stroke: bool = False) -> None:
        """Overprint (nonzero overprint mode) for fills, strokes or both, until the next Q."""
        name, ref = self.doc.overprint_state(fill, stroke)
        self.states[name] = ref
        self.append(f"/{name} gs")

    @contextmanager
    def painting(
        self, fill: Ink | None, stroke: Ink | None, width: float, dash: tuple[float, ...]
    ) -> Iterator[str]:
        """Set fill and stroke for one item and give its painting operator. Overprinting
        inks (a die line) and dashes are set inside a saved graphics state, so they end with
        the item."""
        fill_over = fill is not None and fill.overprint
        stroke_over = stroke is not None and stroke.overprint
        special = bool(dash) or fill_over or stroke_over
        if special:
            self.append("q")
        if fill is not None:
            self.colour(fill)
        if stroke is not None:
            self.colour(stroke, stroke=True)
            self.append(f"{fp_str(width)} w")
        if fill_over or stroke_over:
            self.overprint(fill_over, stroke_over)
        if dash:
            self.append(f"[{fp_str(*dash)}] 0 d")
        yield ("B*" if stroke is not None else "f*") if fill is not None else "S"
        if special:
            self.append("Q")

    def lines(self, lines: list[tuple[float, float, float, float]]) -> None:
        """Stroke straight lines in the current colour and width."""
        self.append(" ".join(f"{fp_str(a, b)} m {fp_str(c, d)} l" for a, b, c, d in lines))
        self.append("S")

    def text(self, item: TextItem, margin: float, top: float, font: TTFont) -> None:
        """Each line of `item` at its pen position, in the subsets of `font` its characters
        fall in."""
        special = item.colour.overprint
        if special:
            self.append("q")
        self.colour(item.colour)
        if special:
            self.overprint(fill=True)
        doc_font = self.doc.font(font)
        size = fp_str(item.size)
        parts = ["BT"]
        shape = ["BT"]
        current = -1
        for line in item.lines:
            parts.append(f"1 0 0 1 {fp_str(margin + line.x, top - line.baseline)} Tm")
            for subset, data in font.splitString(line.text, doc_font.key):
                if subset != current:
                    name = f"{doc_font.prefix}+{subset}"
                    ref = doc_font.refs.get(subset)
                    if ref is None:
                        ref = doc_font.refs[subset] = self.doc.pdf.reserve()
                    self.fonts[name] = ref
                    parts.append(f"/{name} {size} Tf")
                    shape.append(f"/{name} Tf")
                    current = subset
                parts.append(literal(data) + " Tj")
        parts.append("ET")
        shape.append("ET")
        self.append(" ".join(parts), " ".join(shape))
        if special:
            self.append("Q")

    def resources(self) -> dict[str, object]:
        return {key: dict(sorted(values.items())) for key, values in self._kinds() if values}

    def resources_pdf(self) -> str:
        """`resources()` in PDF syntax, written once per document for each set of them (most
        pages of a PDF name the same fonts and forms)."""
        key = tuple(
            (kind, tuple(sorted((name, ref.num) for name, ref in values.items())))
            for kind, values in self._kinds()
            if values
        )
        known = self.doc.resource_texts.get(key)
        if known is None:
            known = self.doc.resource_texts[key] = serialise(self.resources())
        return known

    def _kinds(self) -> tuple[tuple[str, dict[str, Ref]], ...]:
        return (
            ("Font", self.fonts),
            ("XObject", self.xobjects),
            ("ColorSpace", self.spaces),
            ("ExtGState", self.states),
        )

    def data(self) -> bytes:
        return "\n".join(self.ops).encode("latin-1")


@dataclass
class Graft:
    """A form made elsewhere (a logo drawn by reportlab's graphics), ready to be copied into
    any document: its objects, the form first, references between them as `Local`."""

    objects: list[tuple[Any, bytes | None]]  # (value, raw stream data or None)


@dataclass(frozen=True)
class Local:
    index: int


class Document:
    """The objects of one PDF being drawn, and the names its content streams use."""

    def __init__(self, screen: bool = False) -> None:
        self.pdf = PdfFile()
        self.screen = screen
        self._pages = self.pdf.reserve()
        self._kids: list[Ref] = []
        self._fonts: dict[int, _DocFont] = {}
        self._spaces: dict[str, tuple[str, Ref]] = {}
        self._states: dict[tuple[bool, bool], tuple[str, Ref]] = {}
        self.xobjects: dict[str, Ref] = {}
        self._images: dict[object, str] = {}
        self._image_sizes: dict[str, tuple[int, int]] = {}
        self.resource_texts: dict[object, str] = {}
        self.page_keys: list[bytes] = []

    def content(self) -> Content:
        return Content(self)

    def font(self, font: TTFont) -> _DocFont:
        found = self._fonts.get(id(font))
        if found is None:
            found = _DocFont(font, f"F{len(self._fonts) + 1}", _FontKey(), {})
            self._fonts[id(font)] = found
        return found

    def separation(self, ink: Ink) -> tuple[str, Ref]:
        """The Separation colour space of a spot ink, its alternate the ink's CMYK."""
        assert ink.spot is not None
        found = self._spaces.get(ink.spot)
        if found is None:
            tint = {
                "FunctionType": 2,
                "Domain": [0, 1],
                "C0": [0, 0, 0, 0],
                "C1": list(ink.cmyk),
                "N": 1,
            }
            space = [Name("Separation"), Name(ink.spot), Name("DeviceCMYK"), tint]
            found = self._spaces[ink.spot] = (ink.spot, self.pdf.add(space))
        return found

    def overprint_state(self, fill: bool, stroke: bool) -> tuple[str, Ref]:
        found = self._states.get((fill, stroke))
        if found is None:
            state: dict[str, object] = {"Type": Name("ExtGState")}
            if stroke:
                state["OP"] = True
            state["op"] = fill
            state["OPM"] = 1
            name = "GS" + ("f" if fill else "") + ("s" if stroke else "")
            found = self._states[(fill, stroke)] = (name, self.pdf.add(state))
        return found

    def add_form(self, name: str, content: Content, width: float, height: float) -> Ref:
        entries = {
            "Type": Name("XObject"),
            "Subtype": Name("Form"),
            "BBox": [0, 0, width, height],
            "Resources": content.resources(),
        }
        ref = self.pdf.add_stream(content.data(), entries)
        self.xobjects[name] = ref
        return ref

    def graft(self, name: str, graft: Graft) -> str:
        """Copy `graft` into this document (once) as the form `name`."""
        if name not in self.xobjects:
            refs = [self.pdf.reserve() for _ in graft.objects]
            for ref, (value, raw) in zip(refs, graft.objects, strict=True):
                value = _relink(value, refs)
                if raw is None:
                    self.pdf.add(value, ref)
                else:
                    self.pdf.add_stream(raw, value, compress=False, ref=ref)
            self.xobjects[name] = refs[0]
        return name

    def known_image(self, key: object) -> str | None:
        return self._images.get(key)

    def add_image(self, key: object, image: Image.Image) -> str:
        """A CMYK (or RGB) 8-bit image XObject of `image`."""
        name = f"image-{len(self._images) + 1}"
        space = {"CMYK": "DeviceCMYK", "RGB": "DeviceRGB", "L": "DeviceGray"}[image.mode]
        entries = {
            "Type": Name("XObject"),
            "Subtype": Name("Image"),
            "Width": image.width,
            "Height": image.height,
            "ColorSpace": Name(space),
            "BitsPerComponent": 8,
        }
        self.xobjects[name] = self.pdf.add_stream(image.tobytes(), entries)
        self._images[key] = name
        self._image_sizes[name] = image.size
        return name

    def image_size(self, name: str) -> tuple[int, int]:
        return self._image_sizes[name]

    def add_page(
        self,
        content: Content,
        width: float,
        height: float,
        boxes: dict[str, tuple[float, float, float, float]],
    ) -> None:
        contents = self.pdf.add_stream(content.data())
        # Written as text directly: a PDF has a page object per badge side, and the general
        # serialiser would spend more on them than on drawing the pages.
        boxes_pdf = "".join(f"/{key}[{fp_str(*box)}]" for key, box in boxes.items())
        media = f"/MediaBox[0 0 {fp_str(width, height)}]"
        resources = content.resources_pdf()
        page = (
            f"<</Type/Page/Parent {self._pages.num} 0 R{media}{boxes_pdf}"
            f"/Resources{resources}/Contents {contents.num} 0 R>>"
        )
        self._kids.append(self.pdf.add(Raw(page)))
        self.page_keys.append(page_key(content.shape, media + boxes_pdf + resources))

    def _write_fonts(self) -> None:
        for doc_font in self._fonts.values():
            font = doc_font.font
            state = font.state.pop(doc_font.key)
            face = font.face
            face_name = (face.name + face.subfontNameX).decode("latin-1")
            for subset, ref in sorted(doc_font.refs.items()):
                codes = state.subsets[subset]
                made = _subset(face, face_name, subset, tuple(codes))
                base = Name(f"{made.tag}+{face_name}")
                flate = Name("FlateDecode")
                program_ref = self.pdf.add_stream(
                    made.program, {"Length1": made.length, "Filter": flate}, compress=False
                )
                descriptor = self.pdf.add(
                    {
                        "Type": Name("FontDescriptor"),
                        "FontName": base,
                        "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                        "FontBBox": list(face.bbox),
                        "ItalicAngle": face.italicAngle,
                        "Ascent": face.ascent,
                        "Descent": face.descent,
                        "CapHeight": face.capHeight,
                        "StemV": face.stemV,
                        "MissingWidth": face.defaultWidth,
                        "FontFile2": program_ref,
                    }
                )
                to_unicode = self.pdf.add_stream(made.cmap, {"Filter": flate}, compress=False)
                self.pdf.add(
                    {
                        "Type": Name("Font"),
                        "Subtype": Name("TrueType"),
                        "BaseFont": base,
                        "FirstChar": 0,
                        "LastChar": len(codes) - 1,
                        "Widths": Raw("[" + " ".join(made.widths) + "]"),
                        "FontDescriptor": descriptor,
                        "ToUnicode": to_unicode,
                    },
                    ref,
                )

    def finish(
        self,
        title: str,
        author: str,
        subject: str = "",
        intent: OutputIntent | None = None,
        role: str | None = None,
    ) -> bytes:
        """The whole file; with `intent`, declared PDF/X-4 (output intent, Info keys, XMP
        metadata, PDF 1.6); with `role` (and no intent), marked as a document that is not for
        press (Info /BrandkitRole, as `pdfx.finalise` marks one). The same pages give the same
        bytes: identifiers derive from the content, dates from `document_date()`."""
        self._write_fonts()
        self.pdf.add(
            {"Type": Name("Pages"), "Kids": self._kids, "Count": len(self._kids)}, self._pages
        )
        date = document_date()
        pdf_date = Text(date.strftime("D:%Y%m%d%H%M%S+00'00'"))
        info: dict[str, object] = {"Title": Text(title), "Author": Text(author)}
        if subject:
            info["Subject"] = Text(subject)
        info |= {
            "Creator": Text(CREATOR),
            "Producer": Text(CREATOR),
            "CreationDate": pdf_date,
            "ModDate": pdf_date,
        }
        catalog: dict[str, object] = {"Type": Name("Catalog"), "Pages": self._pages}
        if intent is not None:
            info["Trapped"] = Name("False")
            info["GTS_PDFXVersion"] = Text(PDFX_VERSION)
            profile = self.pdf.add_stream(
                _compressed(intent.profile),
                {"N": 4, "Filter": Name("FlateDecode")},
                compress=False,
            )
            output_intent = self.pdf.add(
                {
                    "Type": Name("OutputIntent"),
                    "S": Name("GTS_PDFX"),
                    "OutputConditionIdentifier": Text(intent.identifier),
                    "OutputCondition": Text(intent.condition),
                    "RegistryName": Text(intent.registry),
                    "Info": Text(intent.info or intent.condition),
                    "DestOutputProfile": profile,
                }
            )
            catalog["OutputIntents"] = [output_intent]
            xmp = _xmp(title, author, subject, CREATOR, CREATOR, date, self.pdf.digest())
            catalog["Metadata"] = self.pdf.add_stream(
                xmp, {"Type": Name("Metadata"), "Subtype": Name("XML")}, compress=False
            )
            self.pdf.version = PDF_VERSION
        else:
            self.pdf.version = "1.5"  # object streams
            if role is not None:
                info["BrandkitRole"] = Text(role)
        info_ref = self.pdf.add(info)
        root = self.pdf.add(catalog)
        return self.pdf.bytes(root, info_ref)


def page_key(shape: list[str], page: str) -> bytes:
    """What preflight reads of a page, as a digest: its operators without the strings shown
    and the operands that only place text or size rectangles, its boxes and its resources
    (references by number). Pages with the same key get the same findings from every check
    but the safe margin's (`preflight_pdf(same=…)`), as pages with the same `summary_key`
    share one content walk."""
    digest = hashlib.sha256("\n".join(shape).encode("latin-1"))
    digest.update(b"\0" + page.encode("latin-1"))
    return digest.digest()


def _relink(value: Any, refs: list[Ref]) -> Any:
    if isinstance(value, Local):
        return refs[value.index]
    if isinstance(value, dict):
        return {k: _relink(v, refs) for k, v in value.items()}
    if isinstance(value, list):
        return [_relink(v, refs) for v in value]
    return value


def logo_graft(drawing: Any, font: str, screen: bool) -> Graft:
    """`drawing` (an SVG logo read by svglib) drawn by reportlab's graphics as a form, in a
    throwaway PDF, and taken out of it with every object it needs."""
    import pikepdf
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    from brandkit.render.subsets import tag_subsets

    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        invariant=1,
        pageCompression=1,
        enforceColorSpace="rgb" if screen else "SEP_CMYK",
        initialFontName=font,
        initialFontSize=10,
        initialLeading=12,
    )
    canvas.beginForm("logo", 0, 0, drawing.width, drawing.height)
    renderPDF.draw(drawing, canvas, 0, 0)
    _end_form(canvas, "logo")
    canvas.doForm("logo")
    canvas.showPage()
    canvas.save()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        tag_subsets(pdf)  # a logo's own text: its subset named after its glyphs
        form = pdf.pages[0].Resources.XObject["/FormXob.logo"]
        return _graft_of(form)


def _graft_of(root: Any) -> Graft:
    import pikepdf

    objects: list[tuple[Any, bytes | None]] = []
    seen: dict[tuple[int, int], int] = {}

    def take(obj: Any) -> int:
        index = len(objects)
        objects.append((None, None))
        if obj.is_indirect:
            seen[obj.objgen] = index
        if isinstance(obj, pikepdf.Stream):
            entries = {k[1:]: convert(v) for k, v in obj.items() if k != "/Length"}
            objects[index] = (entries, bytes(obj.read_raw_bytes()))
        else:
            objects[index] = (convert(obj, top=True), None)
        return index

    def convert(value: Any, top: bool = False) -> Any:
        if isinstance(value, pikepdf.Object) and value.is_indirect and not top:
            known = seen.get(value.objgen)
            return Local(known if known is not None else take(value))
        if isinstance(value, pikepdf.Stream):
            return Local(take(value))
        if isinstance(value, pikepdf.Dictionary):
            return {k[1:]: convert(v) for k, v in value.items()}
        if isinstance(value, pikepdf.Array):
            return [convert(v) for v in value]
        if isinstance(value, pikepdf.Name):
            return Name(str(value)[1:])
        if isinstance(value, pikepdf.String):
            return bytes(value)
        return value  # bool, int, Decimal

    take(root)
    return Graft(objects)


def _end_form(canvas: Any, name: str) -> None:
    """End the form `name`, keeping the spot colours it uses in its resources.

    reportlab gives a form fonts and XObjects but never the Separation colour spaces nor the
    graphics states drawn in it (its PDFFormXObject ignores them), so a spot-coloured logo
    would name a resource its form does not define.
    """
    from reportlab.pdfbase import pdfdoc

    colours = dict(canvas._colorsUsed)
    canvas.endForm()
    form = canvas._doc.idToObject[pdfdoc.xObjectName(name)]
    states = getattr(form, "ExtGState", None)
    if colours or states:
        resources = pdfdoc.PDFResourceDictionary()
        resources.basicFonts()
        resources.allProcs()
        if form.XObjects:
            resources.XObject = form.XObjects
        if states:
            resources.ExtGState = states
        if colours:
            resources.setColorSpace(colours)
        form.Resources = resources
