"""Staff photos in the print PDF: any common image kind becomes CMYK, sharpness is checked."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from brandkit.build import Options, build, validate
from brandkit.units import mm
from tests.conftest import SAMPLE_SPEC

PHOTO_BOX_MM = (30, 57.2, 19, 25.3)  # x, y, w, h of the photo on the sample badge


def build_with_photos(tmp_path: Path, write_staff, photos: dict[str, Image.Image]):
    (tmp_path / "photos").mkdir(exist_ok=True)
    rows = []
    for i, (name, image) in enumerate(photos.items(), start=1):
        image.save(tmp_path / "photos" / name)
        rows.append((f"P{i}", f"Người Thứ {i}", "Chuyên viên", "phuong-tay-ho", f"photos/{name}"))
    staff = write_staff("staff.csv", rows)
    out = tmp_path / "out"
    options = Options(spec=SAMPLE_SPEC, out=out, jobs=1, quiet=True, staff=staff)
    report = build(options, assets=("badge",))
    return report, out / "phuong-tay-ho" / "badges" / "phuong-tay-ho-badges.pdf"


def photo_centre(pdf_path: Path, page_index: int) -> tuple[int, int, int]:
    """The proof colour at the centre of the photo box."""
    document = pdfium.PdfDocument(pdf_path)
    try:
        page = document[page_index]
        scale = 100 / 72
        image = page.render(scale=scale).to_pil().convert("RGB")
        left, _, _, top = page.get_trimbox()
        x, y, w, h = PHOTO_BOX_MM
        px = round((left + mm(x + w / 2)) * scale)
        py = round((page.get_mediabox()[3] - top + mm(y + h / 2)) * scale)
        page.close()
        return image.getpixel((px, py))
    finally:
        document.close()


def test_every_kind_of_photo_becomes_cmyk(tmp_path, write_staff) -> None:
    photos = {
        "rgb.jpg": Image.new("RGB", (300, 400), (200, 120, 90)),
        "grey.jpg": Image.new("L", (300, 400), 128),
        "cmyk.jpg": Image.new("CMYK", (300, 400), (0, 40, 60, 10)),
        "palette.png": Image.new("RGB", (300, 400), (30, 90, 160)).convert("P"),
        "wide.png": Image.new("RGB", (900, 400), (90, 160, 30)),  # cropped to fill the box
    }
    report, pdf_path = build_with_photos(tmp_path, write_staff, photos)
    assert report.warnings == []
    with pikepdf.open(pdf_path) as pdf:
        images = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
        assert len(images) == len(photos)
        for image in images:
            assert image.ColorSpace == "/DeviceCMYK"
            # "cover": cropped to the box's aspect, not squeezed.
            assert int(image.Width) / int(image.Height) == pytest.approx(19 / 25.3, abs=0.01)


def test_a_low_resolution_photo_is_named_in_a_warning(tmp_path, write_staff) -> None:
    photos = {"sharp.jpg": Image.new("RGB", (300, 400)), "tiny.jpg": Image.new("RGB", (60, 80))}
    report, _ = build_with_photos(tmp_path, write_staff, photos)
    (warning,) = report.warnings
    assert "Người Thứ 2 (P2)" in warning
    assert "tiny.jpg" in warning
    assert "80 dpi" in warning  # 60 × 80 px cropped to fill 19 × 25.3 mm
    assert ":3: " in warning  # the row of the staff list


def test_validate_names_a_low_resolution_photo_without_writing(tmp_path, write_staff) -> None:
    Image.new("RGB", (60, 80)).save(tmp_path / "tiny.jpg")
    row = ("P1", "Người Thứ 1", "Chuyên viên", "phuong-tay-ho", "tiny.jpg")
    staff = write_staff("staff.csv", [row])
    out = tmp_path / "out"
    report = validate(Options(spec=SAMPLE_SPEC, out=out, jobs=1, quiet=True, staff=staff))
    (warning,) = report.warnings
    assert "tiny.jpg" in warning and "dpi" in warning
    assert not out.exists()


def test_a_transparent_photo_prints_on_paper_not_black(tmp_path, write_staff) -> None:
    cut_out = Image.new("RGBA", (300, 400), (0, 0, 0, 0))  # a portrait with no background
    cut_out.paste((40, 60, 120, 255), (100, 300, 200, 400))  # the shoulders, at the bottom
    _, pdf_path = build_with_photos(tmp_path, write_staff, {"cut-out.png": cut_out})
    assert min(photo_centre(pdf_path, 0)) > 230  # the background is paper white
