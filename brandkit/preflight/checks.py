"""The checks of one PDF: its PDF/X declaration, output intent and page boxes, and what each
page's content draws (colour, images, hairlines)."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pikepdf

from brandkit.i18n import Message
from brandkit.preflight.content import DEVICE_RGB, Summary
from brandkit.preflight.geometry import (
    Box,
    contains,
    mm_text,
    overlaps,
    size_text,
    transform_box,
    where_text,
)
from brandkit.preflight.limits import bounded_bytes
from brandkit.preflight.objects import (
    ascii_text,
    box_of,
    inherited,
    stream_head,
    xmp_pdfx_version,
)
from brandkit.preflight.report import ERROR, WARNING, Findings
from brandkit.units import PT_PER_IN

LINE_TOLERANCE = 1e-3  # pt: a 0.25 pt line written as 0.2499 is still 0.25 pt
DPI_TOLERANCE = 0.5  # dpi: matrices are written to ~7 digits, so 300 px on 1 in reads 299.99

# DeviceRGB has no defined meaning on press; these are device-independent, which PDF/X-4
# allows, but the RIP converts them to the press's CMYK.
_WARN_KINDS = {"ICCBased RGB": "ICC-based RGB", "CalRGB": "CalRGB", "Lab": "Lab"}

# --- pdfx -------------------------------------------------------------------------------------


def check_pdfx(pdf: pikepdf.Pdf, findings: Findings) -> str | None:
    """Check the PDF/X version declared in Info and XMP agree; return the declared version."""
    info = pdf.trailer.get("/Info")
    info_version = None
    if isinstance(info, pikepdf.Dictionary) and "/GTS_PDFXVersion" in info:
        info_version = str(info["/GTS_PDFXVersion"]).strip()
    metadata = pdf.Root.get("/Metadata")
    xmp_version = None
    if isinstance(metadata, pikepdf.Stream):
        try:
            xmp_version = xmp_pdfx_version(bounded_bytes(metadata))
        except ET.ParseError as exc:
            findings.add(
                "pdfx",
                ERROR,
                Message("the XMP metadata is not well-formed XML ({reason})", reason=str(exc)),
            )
    version = info_version or xmp_version
    if info_version is None and xmp_version is None:
        findings.add(
            "pdfx", ERROR, Message("not declared as PDF/X: no GTS_PDFXVersion in Info or XMP")
        )
        return None
    _check_declarations(info_version, xmp_version, metadata, findings)
    if version is not None and version.startswith("PDF/X-4"):
        trapped = info.get("/Trapped") if isinstance(info, pikepdf.Dictionary) else None
        if str(trapped) not in ("/True", "/False"):
            message = Message(
                "{version} needs Info /Trapped /True or /False ({shown})",
                version=version,
                shown=str(trapped),
            )
            if trapped is None:
                message = Message(
                    "{version} needs Info /Trapped /True or /False (missing)", version=version
                )
            findings.add("pdfx", ERROR, message)
    return version


def _check_declarations(
    info_version: str | None, xmp_version: str | None, metadata: object, findings: Findings
) -> None:
    """Info and XMP must both declare the same PDF/X version."""
    if info_version is None:
        findings.add(
            "pdfx",
            ERROR,
            Message("XMP declares {xmp} but Info has no GTS_PDFXVersion", xmp=xmp_version),
        )
    elif not isinstance(metadata, pikepdf.Stream):
        findings.add(
            "pdfx",
            ERROR,
            Message(
                "Info declares {info} but there is no XMP metadata stream to declare it too",
                info=info_version,
            ),
        )
    elif xmp_version is None:
        findings.add(
            "pdfx",
            ERROR,
            Message(
                "Info declares {info} but XMP has no pdfxid:GTS_PDFXVersion", info=info_version
            ),
        )
    elif info_version != xmp_version:
        message = Message(
            "Info declares {info} but XMP declares {xmp}", info=info_version, xmp=xmp_version
        )
        findings.add("pdfx", ERROR, message)


# --- output intent ----------------------------------------------------------------------------


def check_output_intent(pdf: pikepdf.Pdf, findings: Findings) -> None:
    """A GTS_PDFX output intent with an identifier and a CMYK printer (output) ICC profile."""
    intents = pdf.Root.get("/OutputIntents")
    found = [
        i
        for i in (intents if isinstance(intents, pikepdf.Array) else [])
        if isinstance(i, pikepdf.Dictionary) and i.get("/S") == "/GTS_PDFX"
    ]
    if not found:
        findings.add(
            "output_intent",
            ERROR,
            Message(
                "no PDF/X output intent (OutputIntents entry with /S /GTS_PDFX): "
                "the file does not say which printing condition its colours are for"
            ),
        )
        return
    intent = found[0]
    if "/OutputConditionIdentifier" not in intent:
        findings.add(
            "output_intent", ERROR, Message("the output intent has no OutputConditionIdentifier")
        )
    profile = intent.get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        findings.add(
            "output_intent", ERROR, Message("the output intent has no DestOutputProfile (ICC)")
        )
        return
    problems = _profile_problems(profile)
    if problems:
        findings.add(
            "output_intent",
            ERROR,
            Message(
                "the output intent's profile is not a CMYK printer profile: {problems}",
                problems=_joined(problems),
            ),
        )


def _joined(parts: list[str]) -> str:
    """`parts` joined by "; ", each shown in the reader's language."""
    if len(parts) == 1:
        return parts[0]
    return Message("{first}; {rest}", first=parts[0], rest=_joined(parts[1:]))


def _profile_problems(profile: pikepdf.Stream) -> list[str]:
    """Why an output intent's profile stream is not a CMYK output profile (empty if it is)."""
    problems: list[str] = []
    n = profile.get("/N")
    if n != 4:
        problems.append(Message("/N is {n}, not 4", n=n))
    header = stream_head(profile, 128)
    if len(header) < 20:
        problems.append(
            Message("it is {size} bytes, too short for an ICC header", size=len(header))
        )
    else:
        if header[12:16] != b"prtr":
            problems.append(
                Message("its class is {kind}, not 'prtr' (output)", kind=ascii_text(header[12:16]))
            )
        if header[16:20] != b"CMYK":
            problems.append(
                Message("its colour space is {space}, not 'CMYK'", space=ascii_text(header[16:20]))
            )
    return problems


# --- boxes ------------------------------------------------------------------------------------


def check_boxes(
    page: pikepdf.Dictionary, number: int, findings: Findings
) -> tuple[Box | None, Box | None]:
    """Check one page's boxes; return the box text must keep clear of, and the MediaBox."""
    media = box_of(inherited(page, "/MediaBox"))
    if media is None:
        findings.add("boxes", ERROR, Message("no valid MediaBox"), number)
        return None, None
    crop = box_of(inherited(page, "/CropBox")) or media
    trim = box_of(page.get("/TrimBox"))
    art = box_of(page.get("/ArtBox"))
    cut, cut_name = (trim, "TrimBox") if trim is not None else (art, "ArtBox")
    _check_trim(page, trim, art, number, findings)
    bleed = box_of(page.get("/BleedBox"))
    _check_bleed(page, bleed, crop, number, findings)
    if cut is not None:
        outer, outer_name = (bleed, "BleedBox") if bleed is not None else (crop, "CropBox")
        if not contains(outer, cut):
            findings.add(
                "boxes",
                ERROR,
                _not_inside(cut_name, cut, outer_name, outer),
                number,
            )
        elif bleed is None and not contains(media, cut):
            findings.add(
                "boxes",
                ERROR,
                _not_inside(cut_name, cut, "MediaBox", media),
                number,
            )
    if bleed is not None and not contains(media, bleed):
        findings.add(
            "boxes",
            ERROR,
            _not_inside("BleedBox", bleed, "MediaBox", media),
            number,
        )
    return cut, media


def _not_inside(name: str, box: Box, outer_name: str, outer: Box) -> Message:
    return Message(
        "the {box} {where} is not inside the {outer} {outer_where}",
        box=name, where=where_text(box), outer=outer_name, outer_where=where_text(outer),
    )  # fmt: skip


def _check_trim(
    page: pikepdf.Dictionary, trim: Box | None, art: Box | None, number: int, findings: Findings
) -> None:
    if "/TrimBox" in page and trim is None:
        findings.add("boxes", ERROR, Message("the TrimBox is not four numbers"), number)
    elif trim is None and art is not None:
        findings.add(
            "boxes",
            WARNING,
            Message(
                "no TrimBox, only an ArtBox ({size}): PDF/X allows it, "
                "but the print shop cuts to a TrimBox",
                size=size_text(art),
            ),
            number,
        )
    elif trim is None:
        findings.add(
            "boxes", ERROR, Message("no TrimBox: the print shop cannot tell where to cut"), number
        )


def _check_bleed(
    page: pikepdf.Dictionary, bleed: Box | None, crop: Box, number: int, findings: Findings
) -> None:
    if "/BleedBox" in page and bleed is None:
        findings.add("boxes", ERROR, Message("the BleedBox is not four numbers"), number)
    elif bleed is None:
        findings.add(
            "boxes",
            WARNING,
            Message(
                "no BleedBox: it defaults to the CropBox ({size}), so nothing bleeds past it",
                size=size_text(crop),
            ),
            number,
        )


# --- what a page's content draws: colour, images, hairlines -----------------------------------


def colour_findings(summary: Summary, number: int, findings: Findings) -> None:
    """DeviceRGB is an error; device-independent colour a warning, once per kind per page."""
    for kind, (place, uses) in summary.colours.items():
        more = Message("; {uses} uses on this page", uses=uses) if uses > 1 else ""
        if kind == DEVICE_RGB:
            findings.add(
                "colour",
                ERROR,
                Message(
                    "DeviceRGB is not allowed in PDF/X-4 print ({place}{more})",
                    place=place,
                    more=more,
                ),
                number,
            )
        else:
            findings.add(
                "colour",
                WARNING,
                Message(
                    "{kind} colour ({place}{more}): allowed by PDF/X-4, "
                    "but the RIP converts it to the press's CMYK",
                    kind=_WARN_KINDS.get(kind, kind),
                    place=place,
                    more=more,
                ),
                number,
            )


def image_findings(
    summary: Summary, number: int, media: Box | None, min_dpi: float, findings: Findings
) -> None:
    """Images below `min_dpi` at their placed size: one finding per image per page, the worst."""
    worst: dict[str, tuple[float, str]] = {}  # label → (dpi, message); one per image per page
    for label, px_w, px_h, m in summary.images:
        placed_w, placed_h = math.hypot(m[0], m[1]), math.hypot(m[2], m[3])
        if placed_w <= 0 or placed_h <= 0 or px_w <= 0 or px_h <= 0:
            continue  # a degenerate matrix draws nothing
        if media is not None and not overlaps(transform_box(m, (0, 0, 1, 1)), media):
            continue  # drawn wholly off the page: it never prints
        dpi = min(px_w / (placed_w / PT_PER_IN), px_h / (placed_h / PT_PER_IN))
        if dpi >= min_dpi - DPI_TOLERANCE or dpi >= worst.get(label, (math.inf, ""))[0]:
            continue
        what = (
            Message("inline image")
            if label == "inline image"
            else Message("image {label}", label=label)
        )
        worst[label] = (
            dpi,
            Message(
                "{what} ({px_w} × {px_h} px, placed at {w} × {h} mm) is {dpi} dpi at its placed "
                "size (needs {min_dpi})",
                what=what, px_w=px_w, px_h=px_h, w=mm_text(placed_w), h=mm_text(placed_h),
                dpi=f"{dpi:.0f}", min_dpi=f"{min_dpi:g}",
            ),
        )  # fmt: skip
    for _, message in worst.values():
        findings.add("images", ERROR, message, number)


def hairline_findings(summary: Summary, number: int, min_line: float, findings: Findings) -> None:
    """Strokes thinner than `min_line` once placed: one finding per page, with the thinnest."""
    thin, thinnest = 0, math.inf
    for (width, scale), n in summary.strokes.items():
        effective = (1.0 if width is None else abs(width)) * scale  # PDF's default width: 1
        if effective < min_line - LINE_TOLERANCE:
            thin += n
            thinnest = min(thinnest, effective)
    if not thin:
        return
    if thinnest == 0:
        shown: str = Message("of 0 width: the thinnest line the device can draw")
    else:
        shown = f"{thinnest:.3g} pt"
    strokes = Message("1 stroke") if thin == 1 else Message("{count} strokes", count=thin)
    findings.add(
        "hairlines",
        ERROR,
        Message(
            "{strokes} thinner than {min_line} pt, the thinnest {shown}",
            strokes=strokes,
            min_line=f"{min_line:g}",
            shown=shown,
        ),
        number,
    )
