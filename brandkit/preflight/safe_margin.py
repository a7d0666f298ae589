"""The safe-margin check: glyphs (found by pdfium) that come too close to the trim edge."""

from __future__ import annotations

import io
import math
import re
from functools import partial
from typing import Any

import pikepdf

from brandkit.i18n import Message
from brandkit.preflight.geometry import Box, inside, mm_text, normal, overlaps
from brandkit.preflight.report import ERROR, WARNING, Findings


def check_safe_margin(
    pdf: pikepdf.Pdf, data: bytes, cut_boxes: dict[int, Box], margin: float, findings: Findings
) -> None:
    """Glyphs within `margin` of each page's cut box (its TrimBox, or ArtBox)."""
    if not cut_boxes:
        return  # every page proved from what was drawn: pdfium is not even loaded
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        # pdfium gives up on damage that qpdf repairs: read qpdf's repaired copy instead.
        repaired = io.BytesIO()
        try:
            pdf.save(repaired)
            document = pdfium.PdfDocument(repaired.getvalue())
        except Exception as exc:
            message = Message("text not checked: pdfium cannot read it ({reason})", reason=str(exc))
            findings.add("safe_margin", WARNING, message)
            return
    try:
        for number, cut in cut_boxes.items():
            check = partial(_page_text, document, number, cut, margin, findings)
            findings.guard("safe_margin", number, check)
    finally:
        document.close()


def _page_text(document: Any, number: int, cut: Box, margin: float, findings: Findings) -> None:
    page = document[number - 1]
    textpage = page.get_textpage()
    try:
        _glyphs(textpage, cut, number, margin, findings)
    finally:
        textpage.close()
        page.close()


def _glyphs(textpage: Any, cut: Box, number: int, margin: float, findings: Findings) -> None:
    """Glyphs on the trimmed piece that come within the safe margin of its edge.

    pdfium gives glyph boxes in the page's user space, the space of the page boxes
    whatever the MediaBox origin or /Rotate (tests/preflight checks this).
    """
    m = margin
    inner = (cut[0] + m, cut[1] + m, cut[2] - m, cut[3] - m)
    # pdfium's text rectangles are unions of the glyph boxes of a run: when every run is
    # clear of the margin (the usual case) no glyph needs to be looked at.
    rects = [normal(textpage.get_rect(i)) for i in range(textpage.count_rects())]
    if all(inside(r, inner) or not overlaps(r, cut) for r in rects):
        return
    import pypdfium2.raw as pdfium_c

    close, first, nearest = 0, -1, math.inf
    handle = textpage.raw
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(handle, i)
        if code <= 32 or chr(code).isspace():
            continue
        box = normal(textpage.get_charbox(i))
        if not overlaps(box, cut) or inside(box, inner):
            continue
        close += 1
        gap = min(box[0] - cut[0], box[1] - cut[1], cut[2] - box[2], cut[3] - box[3])
        if gap < nearest:
            nearest, first = gap, i
    if not close:
        return
    snippet = _line_around(textpage, first)
    distance = (
        Message("across the trim edge")
        if nearest < 0
        else Message("{distance} mm from it", distance=mm_text(nearest))
    )
    glyphs = Message("1 glyph") if close == 1 else Message("{count} glyphs", count=close)
    findings.add(
        "safe_margin",
        ERROR,
        Message(
            "{glyphs} within {margin} mm of the trim edge, the nearest {distance}: “{snippet}”",
            glyphs=glyphs,
            margin=mm_text(m),
            distance=distance,
            snippet=snippet,
        ),
        number,
    )


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
