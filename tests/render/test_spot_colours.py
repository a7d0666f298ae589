"""A brand colour with a spot name prints as a Separation everywhere, forms included."""

from __future__ import annotations

import pikepdf
import pypdfium2 as pdfium

from brandkit.build import Options, build
from tests.render.pdfcheck import inspect_page

SPOT = "PANTONE 2945 C"


def _spaces_defined(obj: pikepdf.Object, seen: set[int]) -> list[str]:
    """Colour-space names used by `cs`/`CS` in `obj`'s stream (and the forms it draws) that
    its own resources do not define."""
    missing = []
    resources = obj.get("/Resources", pikepdf.Dictionary())
    defined = resources.get("/ColorSpace", pikepdf.Dictionary())
    for operands, operator in pikepdf.parse_content_stream(obj):
        if str(operator) in ("cs", "CS"):
            name = str(operands[0])
            if not name.startswith("/Device") and name not in defined:
                missing.append(name)
        if str(operator) == "Do":
            xobject = resources["/XObject"][operands[0]]
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                missing += _spaces_defined(xobject, seen)
    return missing


def test_spot_colour_reaches_the_logo_form_and_the_page(spec_copy, tmp_path) -> None:
    spec_copy.edit(
        'primary: {cmyk: [100, 62, 0, 22], hex: "#0B4A8B"}',
        f'primary: {{cmyk: [100, 62, 0, 22], hex: "#0B4A8B", spot: "{SPOT}"}}',
    )
    out = tmp_path / "out"
    build(Options(spec=spec_copy.path, out=out, jobs=1, units=("phuong-tay-ho",)))
    path = out / "phuong-tay-ho" / "badges" / "phuong-tay-ho-badges.pdf"
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        assert _spaces_defined(page.obj, set()) == []
        spaces = {p.space for p in inspect_page(page).painted}
        assert "Separation:" + str(pikepdf.Name("/" + SPOT)) in spaces, spaces
        assert all(s == "/DeviceCMYK" or s.startswith("Separation:") for s in spaces), spaces
    # And it renders: the band shows the blue's alternate CMYK, not nothing.
    document = pdfium.PdfDocument(str(path))
    try:
        left, _, _, top = document[0].get_trimbox()
        image = document[0].render(scale=1).to_pil().convert("RGB")
        height = document[0].get_mediabox()[3]
        # 4 mm in from the trim's left edge, 5 mm down: band, clear of the logo.
        r, g, b = image.getpixel((round(left + 11), round(height - top + 14)))
        assert b > r + 40, (r, g, b)  # blue band
    finally:
        document.close()
