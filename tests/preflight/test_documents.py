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


# --- the written documents' preflight: what preflight_file finds, without the content walk ---


def bundle_documents(sample_spec) -> list[bytes]:
    """A job ticket and a proof sheet as a bundle holds them."""
    from PIL import Image

    from brandkit.render.proofs import ProofItem, contact_sheet, job_ticket_pdf

    fonts = font_paths(sample_spec)
    name = "Trung tâm Phục vụ hành chính công"
    item = {
        "file": "badges/trung-tam-badges.pdf", "title": "Thẻ tên cán bộ", "trim_mm": [54, 85.6],
        "bleed_mm": 3, "pages": 12, "sides": 2, "copies": 1, "quantity": 6,
        "stock": "PVC trắng 0,76 mm", "finish": "In hai mặt, bo góc R3", "sheet": None,
    }  # fmt: skip
    ticket = {
        "title": f"Phiếu yêu cầu in – {name}", "unit": {"id": "trung-tam", "name": name},
        "spec": "Bộ nhận diện Hà Nội", "items": [item] * 30, "files": ["a.pdf"],
    }  # fmt: skip
    pictures = [Image.new("RGB", (120, 190), colour) for colour in ("red", "navy", "gold")]
    proofs = [
        ProofItem(f"badges/trung-tam-badges.pdf · trang {n} (mặt sau)", "54 × 85,6 mm", image)
        for n, image in enumerate(pictures * 5, start=1)
    ]
    return [
        job_ticket_pdf(ticket, fonts),
        contact_sheet(proofs, fonts, f"Bản thử – {name}", "15 trang, 1 tệp in"),
    ]


def rewritten(pdf: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        change(document)
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def fonts_of(document: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [
        obj
        for obj in document.objects
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font
    ]


def unmap(document: pikepdf.Pdf) -> None:
    """Code 0 (the subset's .notdef) said to show 中: a character drawn by no glyph."""
    font = fonts_of(document)[0]
    cmap = font.ToUnicode.read_bytes()
    assert b"<00> <0000>" in cmap
    font.ToUnicode.write(cmap.replace(b"<00> <0000>", b"<00> <4E2D>", 1))


def unembed(document: pikepdf.Pdf) -> None:
    del fonts_of(document)[0].FontDescriptor["/FontFile2"]


def undefine_font(document: pikepdf.Pdf) -> None:
    fonts = document.pages[0].Resources.Font
    first = next(iter(fonts.keys()))
    fonts["/Elsewhere"] = fonts[first]
    del fonts[first]


def undefine_image(document: pikepdf.Pdf) -> None:
    xobjects = document.pages[0].Resources.XObject
    del xobjects[next(iter(xobjects.keys()))]


def errors(report) -> list[tuple[str, str, int | None]]:
    return sorted(
        (f.check, str(f.message), f.page) for f in report.findings if f.severity == "error"
    )


def test_the_written_documents_preflight_finds_what_the_full_one_finds(sample_spec) -> None:
    """On the bundle documents brandkit writes, sound or broken in each way a document's
    preflight looks for, the preflight that skips the content walk finds the very errors
    `preflight_file` finds, and nothing where it finds nothing."""
    from brandkit.preflight.documents import preflight_written

    sound = bundle_documents(sample_spec)
    cases = [*sound]
    for pdf in sound:
        cases += [
            rewritten(pdf, unmap),
            rewritten(pdf, unembed),
            rewritten(pdf, undefine_font),
            pdf[: len(pdf) // 2],  # cut short
            b"not a PDF at all",
        ]
    cases.append(rewritten(sound[1], undefine_image))
    found = 0
    for pdf in cases:
        full = preflight_file(pdf, "doc.pdf")
        quick = preflight_written(pdf, "doc.pdf")
        assert errors(quick) == errors(full)
        assert quick.role == full.role and quick.pages == full.pages
        found += bool(errors(full))
    assert all(errors(preflight_file(pdf, "doc.pdf")) == [] for pdf in sound)
    assert found == len(cases) - len(sound)  # every broken document is caught
