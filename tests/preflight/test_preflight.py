"""Preflight on real PDFs: a PDF/X-4-like file passes clean, and each planted fault is caught
by its own check (and by no other)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from brandkit.fonts import roboto_dir
from brandkit.preflight import (
    CHECKS,
    FileReport,
    Finding,
    as_json,
    format_table,
    preflight_pdf,
)
from brandkit.render.pdf import register_font
from brandkit.units import mm

# A 100 × 70 mm piece with 3 mm bleed on a sheet 10 mm bigger all round, as a print shop wants.
SHEET = (mm(120), mm(90))
TRIM = (mm(10), mm(10), mm(110), mm(80))
BLEED = (mm(7), mm(7), mm(113), mm(83))
TEXT = "Bộ phận Một cửa"

PDFX_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""

Draw = Callable[[Canvas, str], None]
Edit = Callable[[pikepdf.Pdf], None]


def icc_header(device_class: bytes = b"prtr", space: bytes = b"CMYK") -> bytes:
    """The 128-byte header of an ICC profile: enough for a check that reads the header."""
    header = bytearray(128)
    header[0:4] = (128).to_bytes(4, "big")
    header[8:12] = bytes([4, 0x20, 0, 0])  # version 4.2
    header[12:16] = device_class
    header[16:20] = space
    header[20:24] = b"Lab "
    header[36:40] = b"acsp"
    return bytes(header)


def cmyk_image(px: int) -> ImageReader:
    return ImageReader(Image.new("CMYK", (px, px), (0, 60, 100, 0)))


def make_pdf(draw: Draw | None = None, *, pages: int = 1, edit: Edit | None = None) -> bytes:
    """A clean PDF/X-4-like file, with `draw` adding to every page and `edit` changing the
    file afterwards: CMYK and a spot colour only, embedded Roboto with Vietnamese text, a
    300 dpi CMYK image, a 0.25 pt line, a slug line outside the trim, all three boxes, an
    output intent with a CMYK printer profile, and the PDF/X-4 declaration in Info and XMP."""
    font = register_font(roboto_dir() / "Roboto-Regular.ttf")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=SHEET, invariant=1, initialFontName=font)
    for _ in range(pages):
        canvas.setTrimBox(TRIM)
        canvas.setBleedBox(BLEED)
        canvas.setFillColorCMYK(0, 0.2, 1, 0)
        canvas.rect(BLEED[0], BLEED[1], mm(20), mm(20), stroke=0, fill=1)  # bleeds off two edges
        canvas.setFillColor(CMYKColorSep(1, 0.6, 0, 0.2, spotName="BrandBlue"))
        canvas.setFont(font, 12)
        canvas.drawString(TRIM[0] + mm(20), TRIM[1] + mm(40), TEXT)
        canvas.drawImage(cmyk_image(300), TRIM[0] + mm(60), TRIM[1] + mm(20), 72, 72)
        canvas.setStrokeColorCMYK(0, 0, 0, 1)
        canvas.setLineWidth(0.25)
        canvas.line(TRIM[0] + mm(20), TRIM[1] + mm(30), TRIM[0] + mm(50), TRIM[1] + mm(30))
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.setFont(font, 6)
        canvas.drawString(TRIM[0], TRIM[3] + mm(4), "Bản in thử – slug")  # above the trim
        if draw is not None:
            draw(canvas, font)
        canvas.showPage()
    canvas.save()

    def pdfx(pdf: pikepdf.Pdf) -> None:
        pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-4"
        pdf.docinfo["/Trapped"] = pikepdf.Name("/False")
        metadata = PDFX_XMP.format(version="PDF/X-4").encode()
        pdf.Root.Metadata = pdf.make_stream(
            metadata, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
        )
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier="FOGRA39",
            RegistryName="http://www.color.org",
            DestOutputProfile=pdf.make_stream(icc_header(), N=4),
        )
        pdf.Root.OutputIntents = pikepdf.Array([intent])
        if edit is not None:
            edit(pdf)

    return edited(buffer.getvalue(), pdfx)


def edited(data: bytes, edit: Edit) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        edit(pdf)
        out = io.BytesIO()
        pdf.save(out)  # compresses streams, the ICC profile included
        return out.getvalue()


def checks(report: FileReport) -> set[str]:
    return {f.check for f in report.findings}


def only(report: FileReport, check: str) -> Finding:
    """The one finding of `report`, which must be of `check`."""
    assert [f.check for f in report.findings] == [check], format_table([report])
    return report.findings[0]


def add_to_page(pdf: pikepdf.Pdf, content: bytes, **xobjects: pikepdf.Object) -> None:
    page = pdf.pages[0]
    for name, xobject in xobjects.items():
        page.add_resource(xobject, pikepdf.Name.XObject, pikepdf.Name("/" + name))
    page.contents_add(pdf.make_stream(content))


def image_xobject(pdf: pikepdf.Pdf, px: int, space: pikepdf.Object | None = None) -> pikepdf.Stream:
    space = space if space is not None else pikepdf.Name.DeviceCMYK
    channels = 3 if space == pikepdf.Name.DeviceRGB else 4
    return pdf.make_stream(
        bytes(px * px * channels),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=px,
        Height=px,
        ColorSpace=space,
        BitsPerComponent=8,
    )


def form_xobject(
    pdf: pikepdf.Pdf, content: bytes, matrix: tuple[float, ...], **xobjects: pikepdf.Object
) -> pikepdf.Stream:
    return pdf.make_stream(
        content,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 200, 200],
        Matrix=list(matrix),
        Resources=pikepdf.Dictionary(
            XObject=pikepdf.Dictionary({"/" + k: v for k, v in xobjects.items()})
        ),
    )


@pytest.fixture(scope="module")
def good() -> bytes:
    return make_pdf(pages=2)


# --- the clean file ----------------------------------------------------------------------------


def test_clean_pdfx4_file_passes_with_no_findings(good: bytes) -> None:
    report = preflight_pdf(good, "good.pdf")
    assert report.findings == [], format_table([report])
    assert report.ok
    assert (report.path, report.pages, report.pdfx) == ("good.pdf", 2, "PDF/X-4")


def test_the_real_fogra39_profile_passes_as_output_intent() -> None:
    profile = Path(__file__).resolve().parents[2] / "brandkit" / "profiles" / "FOGRA39-brandkit.icc"
    if not profile.exists():
        pytest.skip("brandkit/profiles/FOGRA39-brandkit.icc is not there (yet)")

    def fogra(pdf: pikepdf.Pdf) -> None:
        intent = pdf.Root.OutputIntents[0]
        intent.DestOutputProfile = pdf.make_stream(profile.read_bytes(), N=4)

    assert preflight_pdf(make_pdf(edit=fogra)).findings == []


def test_a_path_is_read_and_shown_as_given(tmp_path: Path, good: bytes) -> None:
    path = tmp_path / "tờ rơi.pdf"
    path.write_bytes(good)
    report = preflight_pdf(path)
    assert report.path == str(path)
    assert report.ok


# --- file --------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"not a PDF at all\n", b"%PDF-1.7\n%%EOF\n"])
def test_bytes_that_are_not_a_pdf_give_one_file_error(data: bytes) -> None:
    report = preflight_pdf(data, "rác.pdf")
    finding = only(report, "file")
    assert finding.severity == "error"
    assert (report.pages, report.pdfx, report.ok) == (0, None, False)


def test_a_missing_file_gives_a_file_error(tmp_path: Path) -> None:
    finding = only(preflight_pdf(tmp_path / "nowhere.pdf"), "file")
    assert "cannot read the file" in finding.message


def test_content_naming_an_undefined_xobject_is_a_finding_not_an_exception() -> None:
    data = make_pdf(edit=lambda pdf: add_to_page(pdf, b"q 10 0 0 10 50 50 cm /Nope Do Q"))
    finding = only(preflight_pdf(data), "file")
    assert "/Nope" in finding.message
    assert finding.page == 1


def test_a_malformed_operator_is_a_finding_and_the_rest_of_the_page_is_still_checked() -> None:
    content = b"q /Oops 1 2 3 4 5 cm 0.1 w 0 0 m 9 9 l S Q"
    report = preflight_pdf(make_pdf(edit=lambda pdf: add_to_page(pdf, content)))
    assert [f.check for f in report.findings] == ["file", "hairlines"]
    assert report.findings[0].message.startswith("cannot interpret “/Oops 1 2 3 4 5 cm”")


def test_a_damaged_file_is_reported_and_still_checked(good: bytes) -> None:
    # startxref points nowhere: qpdf finds the objects again, and says so.
    damaged = good[: good.rindex(b"startxref")] + b"startxref\n999999\n%%EOF\n"
    finding = only(preflight_pdf(damaged), "file")
    assert finding.severity == "warning"
    assert "xref not found" in finding.message


def test_text_is_checked_when_only_qpdf_can_read_the_file() -> None:
    near = make_pdf(text_at(TRIM[0] + mm(1), TRIM[1] + mm(30)))
    damaged = near.replace(b"trailer", b"trailxr")  # pdfium refuses this; qpdf rebuilds it
    report = preflight_pdf(damaged)
    assert "the file is damaged" in report.findings[0].message
    [margin] = [f for f in report.findings if f.check == "safe_margin"]
    assert "within 3 mm of the trim edge, the nearest 1." in margin.message


# --- pdfx and output intent ------------------------------------------------------------------


def test_no_pdfx_declaration_is_a_pdfx_error() -> None:
    def undeclare(pdf: pikepdf.Pdf) -> None:
        del pdf.docinfo["/GTS_PDFXVersion"]
        del pdf.Root["/Metadata"]

    report = preflight_pdf(make_pdf(edit=undeclare))
    assert "no GTS_PDFXVersion" in only(report, "pdfx").message
    assert report.pdfx is None


def test_info_and_xmp_disagreeing_is_a_pdfx_error() -> None:
    def xmp_x1a(pdf: pikepdf.Pdf) -> None:
        metadata = PDFX_XMP.format(version="PDF/X-1a:2003").encode()
        pdf.Root.Metadata = pdf.make_stream(metadata, Type=pikepdf.Name.Metadata)

    message = only(preflight_pdf(make_pdf(edit=xmp_x1a)), "pdfx").message
    assert "PDF/X-4" in message and "PDF/X-1a:2003" in message


def test_pdfx4_needs_trapped_and_xmp() -> None:
    def strip(pdf: pikepdf.Pdf) -> None:
        del pdf.docinfo["/Trapped"]
        del pdf.Root["/Metadata"]

    report = preflight_pdf(make_pdf(edit=strip))
    messages = [f.message for f in report.findings if f.check == "pdfx"]
    assert checks(report) == {"pdfx"}
    assert any("/Trapped" in m for m in messages)
    assert any("XMP metadata stream" in m for m in messages)
    assert report.pdfx == "PDF/X-4"


def test_no_output_intent_is_an_output_intent_error() -> None:
    def drop(pdf: pikepdf.Pdf) -> None:
        del pdf.Root["/OutputIntents"]

    assert "GTS_PDFX" in only(preflight_pdf(make_pdf(edit=drop)), "output_intent").message


def test_an_rgb_monitor_profile_is_an_output_intent_error() -> None:
    def monitor(pdf: pikepdf.Pdf) -> None:
        profile = pdf.make_stream(icc_header(b"mntr", b"RGB "), N=3)
        pdf.Root.OutputIntents[0].DestOutputProfile = profile

    message = only(preflight_pdf(make_pdf(edit=monitor)), "output_intent").message
    assert "/N is 3" in message and "'mntr'" in message and "'RGB '" in message


# --- boxes -------------------------------------------------------------------------------------


def test_a_page_without_trimbox_is_a_boxes_error() -> None:
    def untrim(pdf: pikepdf.Pdf) -> None:
        del pdf.pages[0].obj["/TrimBox"]

    finding = only(preflight_pdf(make_pdf(edit=untrim)), "boxes")
    assert (finding.severity, finding.page) == ("error", 1)
    assert "no TrimBox" in finding.message


def test_an_artbox_instead_of_a_trimbox_is_only_a_warning() -> None:
    def art(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0].obj
        page.ArtBox = page.TrimBox
        del page["/TrimBox"]

    report = preflight_pdf(make_pdf(edit=art))
    finding = only(report, "boxes")
    assert finding.severity == "warning"
    assert "100 × 70 mm" in finding.message
    assert report.ok


def test_no_bleedbox_is_a_warning() -> None:
    def unbleed(pdf: pikepdf.Pdf) -> None:
        del pdf.pages[0].obj["/BleedBox"]

    finding = only(preflight_pdf(make_pdf(edit=unbleed)), "boxes")
    assert finding.severity == "warning"
    assert "defaults to the CropBox (120 × 90 mm)" in finding.message


def test_a_trimbox_outside_the_bleedbox_is_an_error_in_mm() -> None:
    def shift(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.TrimBox = [mm(5), mm(10), mm(105), mm(80)]

    message = only(preflight_pdf(make_pdf(edit=shift)), "boxes").message
    assert message == (
        "the TrimBox (100 × 70 mm at 5, 10 mm) is not inside the BleedBox (106 × 76 mm at 7, 7 mm)"
    )


# --- fonts -------------------------------------------------------------------------------------


def test_an_unembedded_font_is_named_once_per_document() -> None:
    def helvetica(canvas: Canvas, font: str) -> None:
        canvas.setFont("Helvetica", 9)
        canvas.drawString(TRIM[0] + mm(20), TRIM[1] + mm(20), "Helvetica is not embedded")

    report = preflight_pdf(make_pdf(helvetica, pages=3))
    finding = only(report, "fonts")
    assert finding.message == "font Helvetica is not embedded (used on 3 pages)"
    assert (finding.severity, finding.page) == ("error", 1)


def test_an_unembedded_font_in_a_printing_annotation_is_found() -> None:
    def annotate(pdf: pikepdf.Pdf, flags: int) -> None:
        helvetica = pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
        appearance = pdf.make_stream(
            b"BT /Helv 9 Tf 2 2 Td (Ghi chu) Tj ET",
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Form,
            BBox=[0, 0, 60, 14],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=helvetica)),
        )
        annotation = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.FreeText,
            Rect=[100, 100, 160, 114],
            F=flags,
            AP=pikepdf.Dictionary(N=appearance),
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([annotation]))

    printing = make_pdf(edit=lambda pdf: annotate(pdf, 4))
    assert "Helvetica" in only(preflight_pdf(printing), "fonts").message
    hidden = make_pdf(edit=lambda pdf: annotate(pdf, 0))
    assert preflight_pdf(hidden).findings == []


# --- colour ------------------------------------------------------------------------------------


def test_an_rgb_image_is_a_colour_error() -> None:
    def rgb(canvas: Canvas, font: str) -> None:
        photo = ImageReader(Image.new("RGB", (300, 300), (200, 30, 30)))
        canvas.drawImage(photo, TRIM[0] + mm(5), TRIM[1] + mm(5), 72, 72)

    finding = only(preflight_pdf(make_pdf(rgb)), "colour")
    assert finding.severity == "error"
    assert finding.message.startswith("DeviceRGB is not allowed in PDF/X-4 print (image ")


def test_rgb_colour_operators_are_one_colour_error_per_page() -> None:
    def red(canvas: Canvas, font: str) -> None:
        for i in range(5):
            canvas.setFillColorRGB(1, 0, 0)
            canvas.rect(TRIM[0] + mm(5 + 6 * i), TRIM[1] + mm(5), mm(5), mm(5), fill=1, stroke=0)

    report = preflight_pdf(make_pdf(red, pages=2))
    assert checks(report) == {"colour"}
    assert [f.page for f in report.findings] == [1, 2]
    assert "(rg operator; 5 uses on this page)" in report.findings[0].message


def test_an_rgb_inline_image_is_a_colour_error() -> None:
    inline = b"q 72 0 0 72 100 100 cm BI /W 300 /H 300 /CS /RGB /BPC 1 ID " + bytes(
        (300 * 3 + 7) // 8 * 300
    )
    data = make_pdf(edit=lambda pdf: add_to_page(pdf, inline + b" EI Q"))
    assert "inline image" in only(preflight_pdf(data), "colour").message


def colour_space(pdf: pikepdf.Pdf, kind: str) -> pikepdf.Object:
    name = pikepdf.Name
    lookup = pikepdf.String(bytes(6))
    tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 0, 0, 0], N=1)
    spaces: dict[str, pikepdf.Object] = {
        "Indexed RGB": pikepdf.Array([name.Indexed, name.DeviceRGB, 1, lookup]),
        "CalRGB": pikepdf.Array([name.CalRGB, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])]),
        "Lab": pikepdf.Array([name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])]),
        "Separation": pikepdf.Array([name.Separation, name.Gold, name.DeviceCMYK, tint]),
        "DeviceN": pikepdf.Array([name.DeviceN, [name.Gold], name.DeviceCMYK, tint]),
        "ICC CMYK": pikepdf.Array([name.ICCBased, pdf.make_stream(icc_header(), N=4)]),
        "ICC grey": pikepdf.Array(
            [name.ICCBased, pdf.make_stream(icc_header(b"prtr", b"GRAY"), N=1)]
        ),
    }
    return spaces[kind]


def rgb_shading() -> pikepdf.Dictionary:
    ramp = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1)
    return pikepdf.Dictionary(
        ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB, Coords=[0, 0, 100, 0], Function=ramp
    )


@pytest.mark.parametrize(
    ("use", "severity"),
    [
        ("cs /DeviceRGB", "error"),
        ("cs Indexed RGB", "error"),
        ("shading", "error"),
        ("shading pattern", "error"),
        ("group", "error"),
        ("cs CalRGB", "warning"),
        ("cs Lab", "warning"),
        ("cs Separation", None),
        ("cs DeviceN", None),
        ("cs ICC CMYK", None),
        ("cs ICC grey", None),
    ],
)
def test_colour_spaces(use: str, severity: str | None) -> None:
    def paint(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0]
        box = b" 60 60 20 20 re f"
        if use == "cs /DeviceRGB":
            page.contents_add(pdf.make_stream(b"/DeviceRGB cs 1 0 0 sc" + box))
        elif use.startswith("cs "):
            space = colour_space(pdf, use[3:])
            page.add_resource(space, pikepdf.Name.ColorSpace, pikepdf.Name.CS9)
            page.contents_add(pdf.make_stream(b"/CS9 cs 1 sc /CS9 CS 1 SC" + box))
        elif use == "shading":
            page.add_resource(rgb_shading(), pikepdf.Name.Shading, pikepdf.Name.Sh9)
            page.contents_add(pdf.make_stream(b"q 60 60 20 20 re W n /Sh9 sh Q"))
        elif use == "shading pattern":
            pattern = pikepdf.Dictionary(PatternType=2, Shading=rgb_shading())
            page.add_resource(pattern, pikepdf.Name.Pattern, pikepdf.Name.P9)
            page.contents_add(pdf.make_stream(b"/Pattern cs /P9 scn" + box))
        elif use == "group":
            page.obj.Group = pikepdf.Dictionary(
                S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceRGB
            )

    report = preflight_pdf(make_pdf(edit=paint))
    if severity is None:
        assert report.findings == [], format_table([report])
    else:
        assert only(report, "colour").severity == severity
        if severity == "error":
            assert "DeviceRGB is not allowed in PDF/X-4 print" in report.findings[0].message


def test_icc_rgb_is_a_warning_and_the_file_still_passes() -> None:
    def icc_rgb(pdf: pikepdf.Pdf) -> None:
        space = pikepdf.Array(
            [pikepdf.Name.ICCBased, pdf.make_stream(icc_header(b"mntr", b"RGB "), N=3)]
        )
        image = image_xobject(pdf, 300, space)
        image.write(bytes(300 * 300 * 3))
        add_to_page(pdf, b"q 72 0 0 72 100 100 cm /Photo Do Q", Photo=image)

    report = preflight_pdf(make_pdf(edit=icc_rgb))
    finding = only(report, "colour")
    assert finding.severity == "warning"
    assert "ICC-based RGB colour (image Photo)" in finding.message
    assert report.ok


# --- images ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("px", "placed", "dpi"),
    [(300, 144, 150), (300, 72, None), (600, 144, None), (301, 72.3, None)],
)
def test_image_resolution_at_its_placed_size(px: int, placed: float, dpi: int | None) -> None:
    def photo(canvas: Canvas, font: str) -> None:
        canvas.drawImage(cmyk_image(px), TRIM[0] + mm(5), TRIM[1] + mm(5), placed, placed)

    report = preflight_pdf(make_pdf(photo))
    if dpi is None:
        assert report.findings == [], format_table([report])
    else:
        finding = only(report, "images")
        assert f"is {dpi} dpi at its placed size (needs 300)" in finding.message
        assert f"({px} × {px} px, placed at 50.8 × 50.8 mm)" in finding.message


def test_dpi_of_a_turned_image() -> None:
    def turned(pdf: pikepdf.Pdf) -> None:
        # A quarter turn: the placed size is in b and c, a and d are 0.
        image = image_xobject(pdf, 300)
        add_to_page(pdf, b"q 0 144 -144 0 200 60 cm /Im0 Do Q", Im0=image)

    message = only(preflight_pdf(make_pdf(edit=turned)), "images").message
    assert "placed at 50.8 × 50.8 mm) is 150 dpi" in message


def test_dpi_follows_a_forms_matrix() -> None:
    def framed(pdf: pikepdf.Pdf) -> None:
        image = image_xobject(pdf, 300)
        # 300 px on 72 units inside a form scaled 2×: placed at 2 in, so 150 dpi, not 300.
        form = form_xobject(pdf, b"q 72 0 0 72 0 0 cm /Im0 Do Q", (2, 0, 0, 2, 0, 0), Im0=image)
        add_to_page(pdf, b"q 1 0 0 1 60 60 cm /Frame Do Q", Frame=form)

    message = only(preflight_pdf(make_pdf(edit=framed)), "images").message
    assert "image Im0 (300 × 300 px, placed at 50.8 × 50.8 mm) is 150 dpi" in message


def test_dpi_follows_forms_inside_forms() -> None:
    def nested(pdf: pikepdf.Pdf) -> None:
        image = image_xobject(pdf, 300)
        inner = form_xobject(pdf, b"q 72 0 0 72 0 0 cm /Im0 Do Q", (2, 0, 0, 2, 0, 0), Im0=image)
        outer = form_xobject(pdf, b"/Inner Do", (1.5, 0, 0, 1.5, 0, 0), Inner=inner)
        add_to_page(pdf, b"q 1 0 0 1 40 40 cm /Outer Do Q", Outer=outer)

    assert "is 100 dpi" in only(preflight_pdf(make_pdf(edit=nested)), "images").message


def test_an_image_drawn_off_the_sheet_is_ignored() -> None:
    def off(pdf: pikepdf.Pdf) -> None:
        add_to_page(pdf, b"q 144 0 0 144 -500 -500 cm /Im0 Do Q", Im0=image_xobject(pdf, 300))

    assert preflight_pdf(make_pdf(edit=off)).findings == []


# --- hairlines ---------------------------------------------------------------------------------


def line_of(width: float) -> Draw:
    def draw(canvas: Canvas, font: str) -> None:
        canvas.setLineWidth(width)
        canvas.line(TRIM[0] + mm(10), TRIM[1] + mm(10), TRIM[0] + mm(40), TRIM[1] + mm(10))
        canvas.rect(TRIM[0] + mm(10), TRIM[1] + mm(12), mm(10), mm(5), stroke=1, fill=0)

    return draw


def test_a_thin_line_is_a_hairline_error() -> None:
    finding = only(preflight_pdf(make_pdf(line_of(0.1))), "hairlines")
    assert finding.message == "2 strokes thinner than 0.25 pt, the thinnest 0.1 pt"


def test_a_zero_width_line_is_a_hairline_error() -> None:
    message = only(preflight_pdf(make_pdf(line_of(0))), "hairlines").message
    assert "0 width: the thinnest line the device can draw" in message


@pytest.mark.parametrize("width", [0.25, 0.2499, 1])
def test_lines_of_a_quarter_point_or_more_pass(width: float) -> None:
    assert preflight_pdf(make_pdf(line_of(width))).findings == []


def test_line_width_is_scaled_by_the_ctm() -> None:
    # 0.5 pt in a space shrunk to 0.4: 0.2 pt on paper. 2 pt shrunk the same way is 0.8 pt.
    content = b"q 0.4 0 0 0.4 60 60 cm 0.5 w 0 0 m 100 0 l S 2 w 0 9 m 100 9 l S Q"
    report = preflight_pdf(make_pdf(edit=lambda pdf: add_to_page(pdf, content)))
    assert only(report, "hairlines").message == (
        "1 stroke thinner than 0.25 pt, the thinnest 0.2 pt"
    )


@pytest.mark.parametrize(("caller_width", "thin"), [(0.5, True), (1, False)])
def test_line_width_is_scaled_by_the_ctm_and_inherited_by_forms(
    caller_width: float, thin: bool
) -> None:
    def scaled(pdf: pikepdf.Pdf) -> None:
        # The form sets no width: it strokes with its caller's, scaled by 0.4 → 0.2 or 0.4 pt.
        form = form_xobject(pdf, b"0 0 m 100 0 l S", (1, 0, 0, 1, 0, 0))
        content = f"q {caller_width} w 0.4 0 0 0.4 60 60 cm /Rule Do Q".encode()
        add_to_page(pdf, content, Rule=form)

    report = preflight_pdf(make_pdf(edit=scaled))
    if thin:
        assert only(report, "hairlines").message.endswith("the thinnest 0.2 pt")
    else:
        assert report.findings == []


def test_extgstate_line_width_counts() -> None:
    def extgstate(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0]
        page.add_resource(pikepdf.Dictionary(LW=0.05), pikepdf.Name.ExtGState, pikepdf.Name.GS9)
        page.contents_add(pdf.make_stream(b"q /GS9 gs 60 60 m 120 60 l S Q"))

    assert "0.05 pt" in only(preflight_pdf(make_pdf(edit=extgstate)), "hairlines").message


# --- safe margin -------------------------------------------------------------------------------


def text_at(x: float, y: float, text: str = "Một cửa") -> Draw:
    def draw(canvas: Canvas, font: str) -> None:
        canvas.setFont(font, 10)
        canvas.drawString(x, y, text)

    return draw


def test_text_1mm_inside_the_trim_is_a_safe_margin_error() -> None:
    finding = only(
        preflight_pdf(make_pdf(text_at(TRIM[0] + mm(1), TRIM[1] + mm(30)))), "safe_margin"
    )
    assert finding.page == 1
    assert "within 3 mm of the trim edge, the nearest 1." in finding.message
    assert "“Một cửa”" in finding.message


def test_text_across_the_trim_edge_is_a_safe_margin_error() -> None:
    report = preflight_pdf(make_pdf(text_at(TRIM[2] - mm(4), TRIM[1] + mm(30), "Hà Nội")))
    assert "the nearest across the trim edge" in only(report, "safe_margin").message


def test_text_in_the_slug_outside_the_trim_is_ignored() -> None:
    slug = text_at(TRIM[2] + mm(0.5), TRIM[1] + mm(30), "Ghi chú in")
    assert preflight_pdf(make_pdf(slug)).findings == []


def test_a_smaller_safe_margin_lets_the_same_text_pass() -> None:
    data = make_pdf(text_at(TRIM[0] + mm(2), TRIM[1] + mm(30)))
    assert checks(preflight_pdf(data)) == {"safe_margin"}
    assert preflight_pdf(data, safe_margin=mm(1.5)).findings == []


def moved(dx: float, dy: float, rotate: int = 0) -> Edit:
    """Move every page's content and boxes by (dx, dy), and turn the page."""

    def edit(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            obj = page.obj
            for key in ("/MediaBox", "/TrimBox", "/BleedBox"):
                x0, y0, x1, y1 = (float(v) for v in obj[key])
                obj[key] = [x0 + dx, y0 + dy, x1 + dx, y1 + dy]
            page.contents_add(pdf.make_stream(f"q 1 0 0 1 {dx} {dy} cm".encode()), prepend=True)
            page.contents_add(pdf.make_stream(b"Q"))
            obj.Rotate = rotate

    return edit


@pytest.mark.parametrize(("dx", "dy", "rotate"), [(300, 200, 0), (-150, 80, 0), (40, -60, 90)])
def test_safe_margin_on_a_page_whose_mediabox_is_not_at_the_origin(
    dx: float, dy: float, rotate: int
) -> None:
    # pdfium's glyph boxes must be compared in the same space as the TrimBox: were they
    # relative to the MediaBox's corner, the glyph near the edge would land off the trim.
    near = make_pdf(text_at(TRIM[0] + mm(1), TRIM[1] + mm(30)), edit=moved(dx, dy, rotate))
    assert "the nearest 1." in only(preflight_pdf(near), "safe_margin").message
    clear = make_pdf(edit=moved(dx, dy, rotate))
    assert preflight_pdf(clear).findings == []


# --- reports -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(good: bytes) -> list[FileReport]:
    def thin_and_helvetica(canvas: Canvas, font: str) -> None:
        line_of(0.1)(canvas, font)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(TRIM[0] + mm(20), TRIM[1] + mm(20), "x")

    def unbleed(pdf: pikepdf.Pdf) -> None:
        del pdf.pages[0].obj["/BleedBox"]

    return [
        preflight_pdf(good, "tốt.pdf"),
        preflight_pdf(make_pdf(thin_and_helvetica, pages=2), "mảnh.pdf"),
        preflight_pdf(b"%!PS-Adobe-3.0", "nhầm.ps"),
        preflight_pdf(make_pdf(edit=unbleed), "x.pdf"),
    ]


def test_format_table(reports: list[FileReport]) -> None:
    lines = format_table(reports).splitlines()
    assert lines[0] == "PASS tốt.pdf (2 pages, PDF/X-4)"
    assert lines[1] == "FAIL mảnh.pdf (2 pages, PDF/X-4)"
    assert re.fullmatch(r"  page 1 +fonts +error +font Helvetica is not embedded .*", lines[2])
    assert re.fullmatch(r"  page 1 +hairlines +error +2 strokes thinner .*", lines[3])
    assert re.fullmatch(r"  page 2 +hairlines +error +2 strokes thinner .*", lines[4])
    assert lines[5] == "FAIL nhầm.ps (0 pages, not PDF/X)"
    assert re.fullmatch(r"  document +file +error +not a readable PDF .*", lines[6])
    assert lines[7] == "PASS x.pdf (1 page, PDF/X-4)"
    assert re.fullmatch(r"  page 1 +boxes +warning +no BleedBox: .*", lines[8])
    assert lines[-1] == "4 files: 2 passed, 2 failed (4 errors, 1 warning)"
    assert len(lines) == 10


def test_as_json(reports: list[FileReport]) -> None:
    data = json.loads(json.dumps(as_json(reports), ensure_ascii=False))
    assert (data["passed"], data["failed"]) == (2, 2)
    assert [f["path"] for f in data["files"]] == ["tốt.pdf", "mảnh.pdf", "nhầm.ps", "x.pdf"]
    second = data["files"][1]
    assert {k: second[k] for k in ("pages", "pdfx", "ok")} == {
        "pages": 2,
        "pdfx": "PDF/X-4",
        "ok": False,
    }
    assert second["findings"][0] == {
        "check": "fonts",
        "severity": "error",
        "page": 1,
        "message": "font Helvetica is not embedded (used on 2 pages)",
    }
    assert data["files"][2]["pdfx"] is None
    assert all(f["check"] in CHECKS for file in data["files"] for f in file["findings"])


def test_a_warning_not_about_the_stream_is_not_damage(monkeypatch) -> None:
    """A ResourceWarning (the garbage collector closing a file some other code left open)
    that fires while a stream is parsed says nothing about the file being checked."""
    import warnings

    import brandkit.preflight.content as content

    real = content.pikepdf.parse_content_stream

    def parse(*args: object, **kwargs: object) -> object:
        message = "unclosed file <_io.BufferedReader name='x.ttf'>"
        warnings.warn(message, ResourceWarning, stacklevel=1)
        return real(*args, **kwargs)

    monkeypatch.setattr(content.pikepdf, "parse_content_stream", parse)
    report = preflight_pdf(_one_square())
    assert not [f for f in report.findings if "damaged" in str(f.message)], report.findings


def _one_square() -> bytes:
    document = pikepdf.new()
    document.add_blank_page(page_size=(200, 200))
    document.pages[0].Contents = document.make_stream(b"0 0 0 1 k 10 10 50 50 re f")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
