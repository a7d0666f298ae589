"""Documents not for press (a bundle's job ticket and proof sheet): a character the embedded
font has no glyph for is found, every time a document holding that font is checked (the font
program is read once per process, its map shown again each time)."""

from __future__ import annotations

import io
import re

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from brandkit.fonts import font_paths
from brandkit.preflight.documents import preflight_file
from brandkit.render.pdf import register_font
from brandkit.render.pdfx import finalise


def document(sample_spec, text: str, unmapped: bool = False) -> bytes:
    """A job ticket showing `text`; with `unmapped`, its ToUnicode also says that a code the
    text does not use, which the subset maps to an empty glyph, shows 中."""
    font = register_font(font_paths(sample_spec)["body"])
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, initialFontName=font)
    canvas.setFont(font, 12)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    pdf = finalise(buffer.getvalue(), None, "", role="job-ticket")
    if not unmapped:
        return pdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj:
                cmap = obj.ToUnicode.read_bytes()
                # Codes below 32 the text leaves unused map to an empty glyph (.notdef's
                # 0000, or the space that fills a subset's first 32 codes until used).
                unused = re.compile(rb"<(0[1-9A-F]|1[0-9A-F])> <00(?:00|20)>")
                assert unused.search(cmap)
                obj.ToUnicode.write(unused.sub(rb"<\1> <4E2D>", cmap, count=1))
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def glyph_messages(pdf: bytes) -> list[str]:
    report = preflight_file(pdf, "ticket.pdf")
    assert report.role == "job-ticket"
    return [f.message for f in report.findings if f.check == "glyphs"]


def test_a_character_without_a_glyph_is_found_each_time(sample_spec) -> None:
    clean = document(sample_spec, "Phiếu yêu cầu in")
    broken = document(sample_spec, "Phiếu yêu cầu in", unmapped=True)
    assert glyph_messages(clean) == []
    first = glyph_messages(broken)
    assert len(first) == 1 and "U+4E2D" in first[0]
    # The same font program again, with and without the character that has no glyph.
    assert glyph_messages(broken) == first
    assert glyph_messages(clean) == []


def test_glyph_headers_read_from_the_tables_agree_with_fonttools(sample_spec) -> None:
    """Whether a glyph has no outline is read from loca and glyf directly: for every glyph of
    the spec's fonts and of the subsets a document embeds, it says what fontTools' decompiled
    glyph says."""
    from fontTools.ttLib import TTFont

    from brandkit.preflight.documents import _GlyphHeaders

    programs = [path.read_bytes() for path in set(font_paths(sample_spec).values())]
    with pikepdf.open(io.BytesIO(document(sample_spec, "Phiếu yêu cầu in – Ễ Ỗ ặ 0,76 mm"))) as pdf:
        programs += [
            obj.FontDescriptor.FontFile2.read_bytes()
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and "/FontDescriptor" in obj
        ]
    assert len(programs) >= 2
    for data in programs:
        font = TTFont(io.BytesIO(data), lazy=True)
        headers = _GlyphHeaders.of(font)
        assert headers is not None
        glyf = font["glyf"]
        for name in font.getGlyphOrder():
            assert headers.contours(name) == glyf[name].numberOfContours, name
