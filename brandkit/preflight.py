"""Print-shop preflight of any PDF: PDF/X, output intent, boxes, fonts, colour, dpi, lines."""

from __future__ import annotations

import io
import logging
import math
import re
import warnings
import xml.etree.ElementTree as ET
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from brandkit.units import PT_PER_IN, mm, to_mm

CHECKS = (
    "file",
    "pdfx",
    "output_intent",
    "boxes",
    "fonts",
    "colour",
    "images",
    "hairlines",
    "safe_margin",
)
ERROR, WARNING = "error", "warning"

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 with x0 <= x1, y0 <= y1
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_T = TypeVar("_T")

BOX_TOLERANCE = 0.01  # pt: writers round box corners to a few decimals
LINE_TOLERANCE = 1e-3  # pt: a 0.25 pt line written as 0.2499 is still 0.25 pt
DPI_TOLERANCE = 0.5  # dpi: matrices are written to ~7 digits, so 300 px on 1 in reads 299.99
FORM_DEPTH = 32  # deeper nesting than this is a malformed (or hostile) file

PDFXID_NS = "http://www.npes.org/pdfx/ns/id/"
_STROKE_OPS = frozenset({"S", "s", "b", "B", "b*", "B*"})
_SHOW_OPS = frozenset({"Tj", "TJ", "'", '"'})
_RGB_NAMES = frozenset({"/DeviceRGB", "/RGB"})  # /RGB: the inline-image abbreviation
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
# Only these come back from qpdf's parser: path construction (most of a stream) is skipped in C++.
_OPERATORS = (
    " ".join(sorted(_STROKE_OPS | _SHOW_OPS)) + " q Q cm w gs Tf rg RG cs CS scn SCN sh Do BI ID EI"
)
_BYTESIO = re.compile(r"(stream )?<_io\.BytesIO object at 0x[0-9a-f]+>:? ?")
_PRINT_FLAG = 4  # annotation flag bit 3: the annotation prints

# Colour kinds found in content. DeviceRGB has no defined meaning on press; the others are
# device-independent, which PDF/X-4 allows, but the RIP converts them to the press's CMYK.
DEVICE_RGB = "DeviceRGB"
_WARN_KINDS = {"ICCBased RGB": "ICC-based RGB", "CalRGB": "CalRGB", "Lab": "Lab"}


@dataclass(frozen=True)
class Finding:
    """One problem a print shop would raise, located on a page when it belongs to one."""

    check: str  # one of CHECKS
    severity: str  # "error" | "warning"
    message: str
    page: int | None = None  # 1-based; None for the document


@dataclass
class FileReport:
    """What preflight found in one PDF."""

    path: str  # as given (display name)
    pages: int
    findings: list[Finding]
    pdfx: str | None  # the declared PDF/X version, e.g. "PDF/X-4"

    @property
    def ok(self) -> bool:
        """True when no finding is an error (warnings do not fail a file)."""
        return not any(f.severity == ERROR for f in self.findings)

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(f.severity == WARNING for f in self.findings)


def preflight_pdf(
    source: str | Path | bytes,
    name: str | None = None,
    *,
    safe_margin: float = mm(3),
    min_dpi: float = 300,
    min_line: float = 0.25,
) -> FileReport:
    """Preflight one PDF (a path or its bytes) for print; lengths are in points.

    Never raises for a bad file: an unreadable file is one "file" error, and a check that
    meets malformed content reports that as a finding and the other checks still run.
    Findings come document-level first, then by page, each in the order of CHECKS.
    """
    display = (
        name if name is not None else ("<bytes>" if isinstance(source, bytes) else str(source))
    )
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as exc:
        return _unreadable(display, f"cannot read the file: {exc.strerror or exc}")
    with _qpdf_warnings() as repairs:
        try:
            pdf = pikepdf.open(io.BytesIO(data))
        except Exception as exc:  # PdfError, PasswordError, or anything qpdf makes of garbage
            return _unreadable(display, f"not a readable PDF ({_short(exc)})")
        with pdf:
            try:
                report = _Preflight(pdf, data, display, safe_margin, min_dpi, min_line).run()
            except Exception as exc:  # a page tree qpdf cannot walk: nothing per page is possible
                return _unreadable(display, f"the PDF's structure is broken ({_short(exc)})")
            repairs += pdf.get_warnings()
    # qpdf repairs what it can (a lost xref, a bad stream length) and says so; a RIP may not.
    notes = [_short(r) for r in repairs]
    notes = list(dict.fromkeys(n for n in notes if n and n != "file is damaged"))
    if notes:
        more = f" and {_count(len(notes) - 2, 'more problem')}" if len(notes) > 2 else ""
        message = f"the file is damaged (qpdf repaired: {'; '.join(notes[:2])}{more})"
        report.findings.insert(0, Finding("file", WARNING, message))
    return report


def format_table(reports: list[FileReport]) -> str:
    """A readable report: per file a PASS/FAIL line and a line per finding, then a summary."""
    lines: list[str] = []
    for report in reports:
        standard = report.pdfx or "not PDF/X"
        status = "PASS" if report.ok else "FAIL"
        lines.append(f"{status} {report.path} ({_count(report.pages, 'page')}, {standard})")
        for f in report.findings:
            where = f"page {f.page}" if f.page is not None else "document"
            lines.append(f"  {where:<8}  {f.check:<13}  {f.severity:<7}  {f.message}")
    passed = sum(r.ok for r in reports)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    lines.append(
        f"{_count(len(reports), 'file')}: {passed} passed, {len(reports) - passed} failed "
        f"({_count(errors, 'error')}, {_count(warnings, 'warning')})"
    )
    return "\n".join(lines)


def as_json(reports: list[FileReport]) -> dict[str, Any]:
    """The reports as plain JSON-ready data: files with their findings, and pass/fail counts."""
    files = [
        {
            "path": r.path,
            "pages": r.pages,
            "pdfx": r.pdfx,
            "ok": r.ok,
            "findings": [
                {"check": f.check, "severity": f.severity, "page": f.page, "message": f.message}
                for f in r.findings
            ],
        }
        for r in reports
    ]
    passed = sum(r.ok for r in reports)
    return {"files": files, "passed": passed, "failed": len(reports) - passed}


# ----------------------------------------------------------------------------------------------
# One file


def _unreadable(display: str, message: str) -> FileReport:
    return FileReport(display, 0, [Finding("file", ERROR, message)], None)


@contextmanager
def _qpdf_warnings() -> Iterator[list[str]]:
    """Collect what qpdf says while it repairs a damaged file, instead of letting it print:
    the damage is a finding of the file being checked."""
    logger = logging.getLogger("pikepdf._core")
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class _Summary:
    """What one content stream (with the forms it draws) does, in its own coordinate space.

    A form drawn on every page is summarised once per document and placed by matrix
    multiplication, instead of being interpreted again on every page.
    """

    __slots__ = ("colours", "fonts", "images", "problems", "strokes")

    def __init__(self) -> None:
        self.colours: dict[str, list[Any]] = {}  # kind → [first place, uses]
        self.fonts: set[str] = set()  # BaseFonts of unembedded fonts that show text
        # (line width, or None for "inherited from whoever draws the form"; CTM scale) → count
        self.strokes: Counter[tuple[float | None, float]] = Counter()
        self.images: list[tuple[str, int, int, Matrix]] = []  # label, px width, px height, CTM
        self.problems: dict[str, None] = {}  # malformed content, in order, once each

    def colour(self, kind: str, place: str, uses: int = 1) -> None:
        seen = self.colours.get(kind)
        if seen is None:
            self.colours[kind] = [place, uses]
        else:
            seen[1] += uses

    def add(self, other: _Summary, ctm: Matrix, width: float | None) -> None:
        """Add what `other` draws when it is drawn under `ctm` with line width `width`."""
        for kind, (place, uses) in other.colours.items():
            self.colour(kind, place, uses)
        self.fonts |= other.fonts
        scale = _scale(ctm)
        for (w, s), n in other.strokes.items():
            self.strokes[(width if w is None else w, s * scale)] += n
        self.images.extend((lb, pw, ph, _then(m, ctm)) for lb, pw, ph, m in other.images)
        self.problems.update(other.problems)


class _Preflight:
    def __init__(
        self,
        pdf: pikepdf.Pdf,
        data: bytes,
        display: str,
        safe_margin: float,
        min_dpi: float,
        min_line: float,
    ) -> None:
        self.pdf = pdf
        self.data = data
        self.display = display
        self.safe_margin = safe_margin
        self.min_dpi = min_dpi
        self.min_line = min_line
        self.findings: list[Finding] = []
        self.summaries: dict[tuple[int, int], _Summary] = {}
        self.active: set[tuple[int, int]] = set()  # forms being summarised: a cycle guard
        self.font_problems: dict[tuple[int, int], str | None] = {}
        self.space_kinds: dict[tuple[int, int], str | None] = {}
        self.font_pages: dict[str, list[int]] = {}

    def add(self, check: str, severity: str, message: str, page: int | None = None) -> None:
        self.findings.append(Finding(check, severity, message, page))

    def run(self) -> FileReport:
        page_count = len(self.pdf.pages)
        if self.pdf.is_encrypted:
            self.add("file", ERROR, "the file is encrypted, which PDF/X does not allow")
        if page_count == 0:
            self.add("file", ERROR, "the PDF has no pages")
        pdfx = self._guard("pdfx", None, self._pdfx)
        self._guard("output_intent", None, self._output_intent)
        cut_boxes: dict[int, Box] = {}
        for number, page in enumerate(self.pdf.pages, 1):
            boxes = self._guard("boxes", number, partial(self._boxes, page.obj, number))
            if boxes is not None and boxes[0] is not None:
                cut_boxes[number] = boxes[0]
            media = boxes[1] if boxes is not None else None
            self._guard("file", number, partial(self._content, page.obj, number, media))
        for font, pages in self.font_pages.items():
            where = "" if len(pages) == 1 else f" (used on {_count(len(pages), 'page')})"
            self.add("fonts", ERROR, f"font {font} is not embedded{where}", pages[0])
        self._guard("safe_margin", None, lambda: self._safe_margin(cut_boxes))
        order = {check: i for i, check in enumerate(CHECKS)}
        self.findings.sort(key=lambda f: (f.page or 0, order.get(f.check, len(order))))
        return FileReport(self.display, page_count, self.findings, pdfx)

    def _guard(self, check: str, page: int | None, run: Callable[[], _T]) -> _T | None:
        """Run one check; malformed content it trips over becomes a finding, not an exception."""
        try:
            return run()
        except Exception as exc:  # qpdf, pdfium and bad operands raise many different types
            self.add(check, ERROR, f"could not be checked: {_short(exc)}", page)
            return None

    # --- pdfx ---------------------------------------------------------------------------------

    def _pdfx(self) -> str | None:
        info = self.pdf.trailer.get("/Info")
        info_version = None
        if isinstance(info, pikepdf.Dictionary) and "/GTS_PDFXVersion" in info:
            info_version = str(info["/GTS_PDFXVersion"]).strip()
        metadata = self.pdf.Root.get("/Metadata")
        xmp_version = None
        if isinstance(metadata, pikepdf.Stream):
            try:
                xmp_version = _xmp_pdfx_version(metadata.read_bytes())
            except ET.ParseError as exc:
                self.add("pdfx", ERROR, f"the XMP metadata is not well-formed XML ({exc})")
        version = info_version or xmp_version
        if info_version is None and xmp_version is None:
            self.add("pdfx", ERROR, "not declared as PDF/X: no GTS_PDFXVersion in Info or XMP")
            return None
        if info_version is None:
            self.add("pdfx", ERROR, f"XMP declares {xmp_version} but Info has no GTS_PDFXVersion")
        elif not isinstance(metadata, pikepdf.Stream):
            self.add(
                "pdfx",
                ERROR,
                f"Info declares {info_version} but there is no XMP metadata stream to declare "
                "it too",
            )
        elif xmp_version is None:
            self.add(
                "pdfx", ERROR, f"Info declares {info_version} but XMP has no pdfxid:GTS_PDFXVersion"
            )
        elif info_version != xmp_version:
            self.add("pdfx", ERROR, f"Info declares {info_version} but XMP declares {xmp_version}")
        if version is not None and version.startswith("PDF/X-4"):
            trapped = info.get("/Trapped") if isinstance(info, pikepdf.Dictionary) else None
            if str(trapped) not in ("/True", "/False"):
                shown = "missing" if trapped is None else str(trapped)
                self.add("pdfx", ERROR, f"{version} needs Info /Trapped /True or /False ({shown})")
        return version

    # --- output intent ------------------------------------------------------------------------

    def _output_intent(self) -> None:
        intents = self.pdf.Root.get("/OutputIntents")
        found = [
            i
            for i in (intents if isinstance(intents, pikepdf.Array) else [])
            if isinstance(i, pikepdf.Dictionary) and i.get("/S") == "/GTS_PDFX"
        ]
        if not found:
            self.add(
                "output_intent",
                ERROR,
                "no PDF/X output intent (OutputIntents entry with /S /GTS_PDFX): "
                "the file does not say which printing condition its colours are for",
            )
            return
        intent = found[0]
        if "/OutputConditionIdentifier" not in intent:
            self.add("output_intent", ERROR, "the output intent has no OutputConditionIdentifier")
        profile = intent.get("/DestOutputProfile")
        if not isinstance(profile, pikepdf.Stream):
            self.add("output_intent", ERROR, "the output intent has no DestOutputProfile (ICC)")
            return
        problems = []
        n = profile.get("/N")
        if n != 4:
            problems.append(f"/N is {n}, not 4")
        header = _stream_head(profile, 128)
        if len(header) < 20:
            problems.append(f"it is {len(header)} bytes, too short for an ICC header")
        else:
            if header[12:16] != b"prtr":
                problems.append(f"its class is {_ascii(header[12:16])}, not 'prtr' (output)")
            if header[16:20] != b"CMYK":
                problems.append(f"its colour space is {_ascii(header[16:20])}, not 'CMYK'")
        if problems:
            self.add(
                "output_intent",
                ERROR,
                "the output intent's profile is not a CMYK printer profile: " + "; ".join(problems),
            )

    # --- boxes --------------------------------------------------------------------------------

    def _boxes(self, page: pikepdf.Dictionary, number: int) -> tuple[Box | None, Box | None]:
        """Check one page's boxes; return the box text must keep clear of, and the MediaBox."""
        media = _box(_inherited(page, "/MediaBox"))
        if media is None:
            self.add("boxes", ERROR, "no valid MediaBox", number)
            return None, None
        crop = _box(_inherited(page, "/CropBox")) or media
        trim = _box(page.get("/TrimBox"))
        art = _box(page.get("/ArtBox"))
        cut, cut_name = (trim, "TrimBox") if trim is not None else (art, "ArtBox")
        if "/TrimBox" in page and trim is None:
            self.add("boxes", ERROR, "the TrimBox is not four numbers", number)
        elif trim is None and art is not None:
            self.add(
                "boxes",
                WARNING,
                f"no TrimBox, only an ArtBox ({_size(art)}): PDF/X allows it, "
                "but the print shop cuts to a TrimBox",
                number,
            )
        elif trim is None:
            self.add("boxes", ERROR, "no TrimBox: the print shop cannot tell where to cut", number)
        bleed = _box(page.get("/BleedBox"))
        if "/BleedBox" in page and bleed is None:
            self.add("boxes", ERROR, "the BleedBox is not four numbers", number)
        elif bleed is None:
            self.add(
                "boxes",
                WARNING,
                f"no BleedBox: it defaults to the CropBox ({_size(crop)}), so nothing bleeds "
                "past it",
                number,
            )
        if cut is not None:
            outer, outer_name = (bleed, "BleedBox") if bleed is not None else (crop, "CropBox")
            if not _contains(outer, cut):
                self.add(
                    "boxes",
                    ERROR,
                    f"the {cut_name} {_where(cut)} is not inside the {outer_name} {_where(outer)}",
                    number,
                )
            elif bleed is None and not _contains(media, cut):
                self.add(
                    "boxes",
                    ERROR,
                    f"the {cut_name} {_where(cut)} is not inside the MediaBox {_where(media)}",
                    number,
                )
        if bleed is not None and not _contains(media, bleed):
            self.add(
                "boxes",
                ERROR,
                f"the BleedBox {_where(bleed)} is not inside the MediaBox {_where(media)}",
                number,
            )
        return cut, media

    # --- content: fonts, colour, images, hairlines ----------------------------------------------

    def _content(self, page: pikepdf.Dictionary, number: int, media: Box | None) -> None:
        resources = _inherited(page, "/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            resources = pikepdf.Dictionary()
        summary = _Summary()
        if "/Contents" in page:
            try:
                summary.add(self._walk(page, resources, 0), IDENTITY, None)
            except pikepdf.PdfError as exc:
                self.add(
                    "file", ERROR, f"the page's content cannot be parsed ({_short(exc)})", number
                )
        self._group(page, summary, "the page's transparency group")
        self._annotations(page, summary)
        for problem in summary.problems:
            self.add("file", ERROR, problem, number)
        for font in sorted(summary.fonts):
            self.font_pages.setdefault(font, []).append(number)
        self._colour_findings(summary, number)
        self._image_findings(summary, number, media)
        self._hairline_findings(summary, number)

    def _walk(self, owner: pikepdf.Object, resources: pikepdf.Dictionary, depth: int) -> _Summary:
        """Interpret one content stream (a page's, a form's or a pattern's) from identity."""
        out = _Summary()
        ctm = IDENTITY
        width: float | None = None
        font: str | None = None  # BaseFont of the current font if it is not embedded
        stack: list[tuple[Matrix, float | None, str | None]] = []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")  # qpdf's notes on a damaged stream arrive as these
            instructions = pikepdf.parse_content_stream(owner, _OPERATORS)
        for warning in caught:
            out.problems[f"a content stream is damaged ({warning.message})"] = None
        for instruction in instructions:
            op = str(instruction.operator)
            operands = instruction.operands
            try:
                if op in _STROKE_OPS:
                    out.strokes[(width, _scale(ctm))] += 1
                elif op in _SHOW_OPS:
                    if font is not None:
                        out.fonts.add(font)
                elif op == "q":
                    stack.append((ctm, width, font))
                elif op == "Q":
                    if stack:
                        ctm, width, font = stack.pop()
                elif op == "cm":
                    ctm = _then(_matrix(operands), ctm)
                elif op == "w":
                    width = float(operands[0])
                elif op == "gs":
                    state = _resource(resources, "/ExtGState", operands[0])
                    if isinstance(state, pikepdf.Dictionary) and "/LW" in state:
                        width = float(state["/LW"])
                elif op == "Tf":
                    font = self._font(resources, operands[0], out)
                elif op in ("rg", "RG"):
                    out.colour(DEVICE_RGB, f"{op} operator")
                elif op in ("cs", "CS"):
                    kind = self._named_space(resources, operands[0], out)
                    if kind is not None:
                        out.colour(kind, f"{op} {operands[0]}")
                elif op in ("scn", "SCN"):
                    if operands and isinstance(operands[-1], pikepdf.Name):
                        self._pattern(resources, operands[-1], out, width, depth)
                elif op == "sh":
                    shading = _resource(resources, "/Shading", operands[0])
                    if isinstance(shading, pikepdf.Dictionary | pikepdf.Stream):
                        kind = self._space_kind(shading.get("/ColorSpace"))
                        if kind is not None:
                            out.colour(kind, f"shading {_label(operands[0])}")
                elif op == "Do":
                    self._do(resources, operands[0], out, ctm, width, depth)
                elif op == "INLINE IMAGE":
                    self._inline_image(resources, operands[0], out, ctm)
            except (IndexError, TypeError, ValueError, ArithmeticError) as exc:
                # A malformed operator is reported; the rest of the stream is still checked.
                shown = pikepdf.unparse_content_stream([instruction]).decode("latin-1")
                out.problems[f"cannot interpret “{_short(shown, 60)}” ({_short(exc)})"] = None
        return out

    def _do(
        self,
        resources: pikepdf.Dictionary,
        name: pikepdf.Object,
        out: _Summary,
        ctm: Matrix,
        width: float | None,
        depth: int,
    ) -> None:
        xobject = _resource(resources, "/XObject", name)
        if not isinstance(xobject, pikepdf.Stream):
            out.problems[f"content draws XObject {name}, which the resources do not define"] = None
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            label = _label(name)
            if not xobject.get("/ImageMask", False):
                kind = self._space_kind(xobject.get("/ColorSpace"))
                if kind is not None:
                    out.colour(kind, f"image {label}")
            out.images.append(
                (label, int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0)), ctm)
            )
        elif subtype == "/Form":
            inner = self._form(xobject, resources, depth, out)
            if inner is not None:
                out.add(inner, _then(_matrix(xobject.get("/Matrix", IDENTITY)), ctm), width)

    def _form(
        self,
        form: pikepdf.Stream,
        resources: pikepdf.Dictionary,
        depth: int,
        out: _Summary,
    ) -> _Summary | None:
        """The summary of a form (or tiling pattern), interpreted once per document."""
        key = form.objgen
        own = form.get("/Resources")
        # A form without resources borrows its caller's (PDF 1.1); its summary then depends on
        # the caller, so it is not cached.
        cacheable = isinstance(own, pikepdf.Dictionary) and key != (0, 0)
        if cacheable and key in self.summaries:
            return self.summaries[key]
        if key in self.active or depth >= FORM_DEPTH:
            out.problems["forms are nested in a cycle or too deep to follow"] = None
            return None
        self.active.add(key)
        try:
            summary = self._walk(
                form, own if isinstance(own, pikepdf.Dictionary) else resources, depth + 1
            )
        except pikepdf.PdfError as exc:
            summary = _Summary()
            summary.problems[f"a form's content cannot be parsed ({_short(exc)})"] = None
        finally:
            self.active.discard(key)
        self._group(form, summary, "a form's transparency group")
        if cacheable:
            self.summaries[key] = summary
        return summary

    def _pattern(
        self,
        resources: pikepdf.Dictionary,
        name: pikepdf.Name,
        out: _Summary,
        width: float | None,
        depth: int,
    ) -> None:
        pattern = _resource(resources, "/Pattern", name)
        if isinstance(pattern, pikepdf.Stream) and pattern.get("/PatternType") == 1:
            inner = self._form(pattern, resources, depth, out)
            if inner is not None:
                # Pattern space is the default space of the stream that uses the pattern: its
                # identity here, since summaries are built from identity.
                out.add(inner, _matrix(pattern.get("/Matrix", IDENTITY)), width)
        elif isinstance(pattern, pikepdf.Dictionary | pikepdf.Stream):
            shading = pattern.get("/Shading")
            if isinstance(shading, pikepdf.Dictionary | pikepdf.Stream):
                kind = self._space_kind(shading.get("/ColorSpace"))
                if kind is not None:
                    out.colour(kind, f"shading pattern {_label(name)}")

    def _inline_image(
        self, resources: pikepdf.Dictionary, image: Any, out: _Summary, ctm: Matrix
    ) -> None:
        info = image.obj
        if not info.get("/ImageMask", False):
            space = info.get("/ColorSpace")
            if isinstance(space, pikepdf.Name) and str(space) not in _RGB_NAMES:
                space = _resource(resources, "/ColorSpace", space) or space
            kind = self._space_kind(space)
            if kind is not None:
                out.colour(kind, "inline image")
        out.images.append(("inline image", int(image.width), int(image.height), ctm))

    def _group(self, owner: pikepdf.Object, out: _Summary, place: str) -> None:
        group = owner.get("/Group")
        if isinstance(group, pikepdf.Dictionary):
            kind = self._space_kind(group.get("/CS"))
            if kind is not None:
                out.colour(kind, place)

    def _annotations(self, page: pikepdf.Dictionary, out: _Summary) -> None:
        """Add the normal appearance of every printing annotation, placed on its /Rect."""
        annots = page.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            return
        for annot in annots:
            if not isinstance(annot, pikepdf.Dictionary):
                continue
            if not int(annot.get("/F", 0)) & _PRINT_FLAG:
                continue
            appearance = annot.get("/AP")
            normal = appearance.get("/N") if isinstance(appearance, pikepdf.Dictionary) else None
            if isinstance(normal, pikepdf.Dictionary) and not isinstance(normal, pikepdf.Stream):
                state = annot.get("/AS")
                normal = normal.get(state) if isinstance(state, pikepdf.Name) else None
            rect = _box(annot.get("/Rect"))
            if not isinstance(normal, pikepdf.Stream) or rect is None:
                continue
            inner = self._form(normal, pikepdf.Dictionary(), 0, out)
            bbox = _box(normal.get("/BBox"))
            if inner is None or bbox is None:
                continue
            # PDF 12.5.5: the form's BBox, transformed by its Matrix, is fitted onto the Rect.
            matrix = _matrix(normal.get("/Matrix", IDENTITY))
            x0, y0, x1, y1 = _transform_box(matrix, bbox)
            if x1 - x0 <= 0 or y1 - y0 <= 0:
                continue
            sx, sy = (rect[2] - rect[0]) / (x1 - x0), (rect[3] - rect[1]) / (y1 - y0)
            fit = (sx, 0.0, 0.0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy)
            out.add(inner, _then(matrix, fit), None)

    def _font(
        self, resources: pikepdf.Dictionary, name: pikepdf.Object, out: _Summary
    ) -> str | None:
        """The BaseFont of the font `name` if it is not embedded, else None."""
        font = _resource(resources, "/Font", name)
        if not isinstance(font, pikepdf.Dictionary):
            out.problems[f"text uses font {name}, which the resources do not define"] = None
            return None
        key = font.objgen
        if key != (0, 0) and key in self.font_problems:
            return self.font_problems[key]
        problem = None if _embedded(font) else str(font.get("/BaseFont", name)).lstrip("/")
        if key != (0, 0):
            self.font_problems[key] = problem
        return problem

    def _named_space(
        self, resources: pikepdf.Dictionary, name: pikepdf.Object, out: _Summary
    ) -> str | None:
        if str(name) in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern"):
            return self._space_kind(name)
        space = _resource(resources, "/ColorSpace", name)
        if space is None:
            out.problems[
                f"content selects colour space {name}, which the resources do not define"
            ] = None
        return self._space_kind(space)

    def _space_kind(self, space: pikepdf.Object | None, depth: int = 0) -> str | None:
        """DEVICE_RGB, a key of _WARN_KINDS, or None for a colour space print accepts."""
        if isinstance(space, pikepdf.Name):
            return DEVICE_RGB if str(space) in _RGB_NAMES else None
        if not isinstance(space, pikepdf.Array) or len(space) == 0 or depth > 4:
            return None
        key = space.objgen
        if key != (0, 0) and key in self.space_kinds:
            return self.space_kinds[key]
        family = str(space[0])
        kind = None
        if family in _RGB_NAMES:
            kind = DEVICE_RGB
        elif family == "/ICCBased" and len(space) > 1 and isinstance(space[1], pikepdf.Stream):
            profile = space[1]
            n = profile.get("/N")
            if n is None:
                kind = self._space_kind(profile.get("/Alternate"), depth + 1)
            elif int(n) == 3:
                kind = "ICCBased RGB"
        elif family in ("/CalRGB", "/Lab"):
            kind = family[1:]
        elif family in ("/Indexed", "/I", "/Pattern") and len(space) > 1:
            kind = self._space_kind(space[1], depth + 1)
        if key != (0, 0):
            self.space_kinds[key] = kind
        return kind

    def _colour_findings(self, summary: _Summary, number: int) -> None:
        for kind, (place, uses) in summary.colours.items():
            more = f"; {uses} uses on this page" if uses > 1 else ""
            if kind == DEVICE_RGB:
                self.add(
                    "colour",
                    ERROR,
                    f"DeviceRGB is not allowed in PDF/X-4 print ({place}{more})",
                    number,
                )
            else:
                self.add(
                    "colour",
                    WARNING,
                    f"{_WARN_KINDS.get(kind, kind)} colour ({place}{more}): allowed by PDF/X-4, "
                    "but the RIP converts it to the press's CMYK",
                    number,
                )

    def _image_findings(self, summary: _Summary, number: int, media: Box | None) -> None:
        worst: dict[str, tuple[float, str]] = {}  # label → (dpi, message); one per image per page
        for label, px_w, px_h, m in summary.images:
            placed_w, placed_h = math.hypot(m[0], m[1]), math.hypot(m[2], m[3])
            if placed_w <= 0 or placed_h <= 0 or px_w <= 0 or px_h <= 0:
                continue  # a degenerate matrix draws nothing
            if media is not None and not _overlaps(_transform_box(m, (0, 0, 1, 1)), media):
                continue  # drawn wholly off the page: it never prints
            dpi = min(px_w / (placed_w / PT_PER_IN), px_h / (placed_h / PT_PER_IN))
            if dpi >= self.min_dpi - DPI_TOLERANCE or dpi >= worst.get(label, (math.inf, ""))[0]:
                continue
            what = label if label == "inline image" else f"image {label}"
            worst[label] = (
                dpi,
                f"{what} ({px_w} × {px_h} px, placed at {_mm(placed_w)} × {_mm(placed_h)} mm) "
                f"is {dpi:.0f} dpi at its placed size (needs {self.min_dpi:g})",
            )
        for _, message in worst.values():
            self.add("images", ERROR, message, number)

    def _hairline_findings(self, summary: _Summary, number: int) -> None:
        thin, thinnest = 0, math.inf
        for (width, scale), n in summary.strokes.items():
            effective = (1.0 if width is None else abs(width)) * scale  # PDF's default width: 1
            if effective < self.min_line - LINE_TOLERANCE:
                thin += n
                thinnest = min(thinnest, effective)
        if not thin:
            return
        if thinnest == 0:
            shown = "of 0 width: the thinnest line the device can draw"
        else:
            shown = f"{thinnest:.3g} pt"
        self.add(
            "hairlines",
            ERROR,
            f"{_count(thin, 'stroke')} thinner than {self.min_line:g} pt, the thinnest {shown}",
            number,
        )

    # --- safe margin --------------------------------------------------------------------------

    def _safe_margin(self, cut_boxes: dict[int, Box]) -> None:
        if not cut_boxes:
            return
        try:
            document = pdfium.PdfDocument(self.data)
        except pdfium.PdfiumError:
            # pdfium gives up on damage that qpdf repairs: read qpdf's repaired copy instead.
            repaired = io.BytesIO()
            try:
                self.pdf.save(repaired)
                document = pdfium.PdfDocument(repaired.getvalue())
            except Exception as exc:
                self.add("safe_margin", WARNING, f"text not checked: pdfium cannot read it ({exc})")
                return
        try:
            for number, cut in cut_boxes.items():
                self._guard("safe_margin", number, partial(self._page_text, document, number, cut))
        finally:
            document.close()

    def _page_text(self, document: Any, number: int, cut: Box) -> None:
        page = document[number - 1]
        textpage = page.get_textpage()
        try:
            self._glyphs(textpage, cut, number)
        finally:
            textpage.close()
            page.close()

    def _glyphs(self, textpage: Any, cut: Box, number: int) -> None:
        """Glyphs on the trimmed piece that come within the safe margin of its edge.

        pdfium gives glyph boxes in the page's user space, the space of the page boxes
        whatever the MediaBox origin or /Rotate (tests/preflight checks this).
        """
        m = self.safe_margin
        inner = (cut[0] + m, cut[1] + m, cut[2] - m, cut[3] - m)
        # pdfium's text rectangles are unions of the glyph boxes of a run: when every run is
        # clear of the margin (the usual case) no glyph needs to be looked at.
        rects = [_normal(textpage.get_rect(i)) for i in range(textpage.count_rects())]
        if all(_inside(r, inner) or not _overlaps(r, cut) for r in rects):
            return
        count, first, nearest = 0, -1, math.inf
        handle = textpage.raw
        for i in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(handle, i)
            if code <= 32 or chr(code).isspace():
                continue
            box = _normal(textpage.get_charbox(i))
            if not _overlaps(box, cut) or _inside(box, inner):
                continue
            count += 1
            gap = min(box[0] - cut[0], box[1] - cut[1], cut[2] - box[2], cut[3] - box[3])
            if gap < nearest:
                nearest, first = gap, i
        if not count:
            return
        snippet = _line_around(textpage, first)
        distance = "across the trim edge" if nearest < 0 else f"{_mm(nearest)} mm from it"
        self.add(
            "safe_margin",
            ERROR,
            f"{_count(count, 'glyph')} within {_mm(m)} mm of the trim edge, the nearest "
            f"{distance}: “{snippet}”",
            number,
        )


# ----------------------------------------------------------------------------------------------
# Helpers


def _line_around(textpage: Any, index: int, reach: int = 10) -> str:
    """About `reach` characters either side of glyph `index`, cut at word boundaries and
    never across a line break (the text before it may belong to another block)."""
    start = max(0, index - 2 * reach)
    text = textpage.get_text_range(start, 4 * reach + 1)
    at = min(index - start, len(text))
    before = re.split(r"[\r\n]", text[:at])[-1]
    after = re.split(r"[\r\n]", text[at:])[0]
    if len(before) > reach:
        cut = before[-reach:]
        space = cut.find(" ")  # drop a word cut in half, unless it runs into the glyph
        if before[-reach - 1] != " " and space >= 0:
            cut = cut[space + 1 :]
        before = "…" + cut
    if len(after) > reach + 1:
        cut = after[: reach + 1]
        space = cut.rfind(" ")
        if after[reach + 1] != " " and space > 0:
            cut = cut[:space]
        after = cut + "…"
    return " ".join((before + after).split())


def _xmp_pdfx_version(xmp: bytes) -> str | None:
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


def _stream_head(stream: pikepdf.Stream, size: int) -> bytes:
    """The first `size` decoded bytes, without inflating a whole ICC profile when possible."""
    if stream.get("/Filter") == "/FlateDecode" and "/DecodeParms" not in stream:
        try:
            return zlib.decompressobj().decompress(stream.read_raw_bytes(), size)
        except zlib.error:
            pass  # let qpdf decide what the stream holds
    return stream.read_bytes()[:size]


def _embedded(font: pikepdf.Dictionary) -> bool:
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


def _resource(resources: pikepdf.Dictionary, category: str, name: object) -> Any:
    group = resources.get(category)
    if not isinstance(group, pikepdf.Dictionary) or not isinstance(name, pikepdf.Name):
        return None
    return group.get(name)


def _inherited(page: pikepdf.Dictionary, key: str) -> Any:
    """A page attribute, looked up the page tree when the page does not set it."""
    node: Any = page
    for _ in range(64):  # a page tree deeper than this is a loop
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _box(value: object) -> Box | None:
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return _normal((x0, y0, x1, y1))


def _normal(box: Iterable[float]) -> Box:
    x0, y0, x1, y1 = box
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _contains(outer: Box, inner: Box) -> bool:
    t = BOX_TOLERANCE
    return (
        inner[0] >= outer[0] - t
        and inner[1] >= outer[1] - t
        and inner[2] <= outer[2] + t
        and inner[3] <= outer[3] + t
    )


def _inside(box: Box, outer: Box) -> bool:
    return box[0] >= outer[0] and box[1] >= outer[1] and box[2] <= outer[2] and box[3] <= outer[3]


def _overlaps(box: Box, other: Box) -> bool:
    """True if the boxes share a point (a zero-width glyph box on the trim still counts)."""
    return box[0] <= other[2] and other[0] <= box[2] and box[1] <= other[3] and other[1] <= box[3]


def _matrix(values: Iterable[object]) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in values)  # type: ignore[arg-type]
    return a, b, c, d, e, f


def _then(first: Matrix, second: Matrix) -> Matrix:
    """The matrix that applies `first`, then `second`."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _scale(m: Matrix) -> float:
    """How a matrix scales a length (a line width): the square root of its area factor."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def _transform_box(m: Matrix, box: Box) -> Box:
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        xs.append(m[0] * x + m[2] * y + m[4])
        ys.append(m[1] * x + m[3] * y + m[5])
    return min(xs), min(ys), max(xs), max(ys)


def _mm(points: float) -> str:
    return f"{to_mm(points):.1f}".removesuffix(".0")


def _size(box: Box) -> str:
    return f"{_mm(box[2] - box[0])} × {_mm(box[3] - box[1])} mm"


def _where(box: Box) -> str:
    return f"({_size(box)} at {_mm(box[0])}, {_mm(box[1])} mm)"


def _label(name: object) -> str:
    return str(name).lstrip("/")


def _ascii(raw: bytes) -> str:
    return repr(raw.decode("latin-1"))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _short(what: object, limit: int = 200) -> str:
    """`what` (an exception or text) on one line, without the in-memory stream's name."""
    text = _BYTESIO.sub("", " ".join(str(what).split()))
    if not text and isinstance(what, BaseException):
        text = type(what).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
