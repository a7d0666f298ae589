"""The one PDF-page-to-pixels function: a page is rasterised as a viewer shows it, turned by
its /Rotate and, when asked, cut to its TrimBox, whichever caller asks (print PNGs, screens,
proof-sheet thumbnails)."""

from __future__ import annotations

import io

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from brandkit.render.png import (
    page_image,
    page_size,
    pages,
    png_bytes,
    rasterise,
    rasterise_screen,
    screen_pngs,
)
from brandkit.render.proofs import thumbnails
from brandkit.render.raster import srgb_icc_profile

RED, BLUE, GREEN, YELLOW = (255, 0, 0), (0, 0, 255), (0, 255, 0), (255, 255, 0)

# A 200 × 100 pt page: red left half, blue right half, and outside its TrimBox
# [20 10 200 100] a green strip down the left and a yellow one along the bottom.
WIDTH, HEIGHT = 200, 100
TRIM = (20, 10, 200, 100)
CONTENT = b"""
1 0 0 rg 0 0 100 100 re f
0 0 1 rg 100 0 100 100 re f
0 1 0 rg 0 0 20 100 re f
1 1 0 rg 20 0 180 10 re f
"""


def page_pdf(rotate: int) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(WIDTH, HEIGHT))
    page = pdf.pages[0]
    page.Contents = pdf.make_stream(CONTENT)
    page.TrimBox = pikepdf.Array(TRIM)
    if rotate:
        page.Rotate = rotate
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def colour(image: Image.Image, x: float, y: float) -> tuple[int, ...]:
    """The colour at a fraction (x, y) across and down the image."""
    w, h = image.size
    return image.getpixel((min(w - 1, int(x * w)), min(h - 1, int(y * h))))  # type: ignore[return-value]


def test_an_upright_page_is_as_drawn() -> None:
    (image,) = rasterise(page_pdf(0), dpi=72, trim=False)
    assert image.size == (WIDTH, HEIGHT)
    assert colour(image, 0.3, 0.5) == RED and colour(image, 0.8, 0.5) == BLUE


def test_a_page_turned_90_degrees_rasterises_turned() -> None:
    (image,) = rasterise(page_pdf(90), dpi=72, trim=False)
    # Turned clockwise, as a viewer shows it: taller than wide, the left half now on top.
    assert image.size == (HEIGHT, WIDTH)
    assert colour(image, 0.5, 0.3) == RED and colour(image, 0.5, 0.8) == BLUE
    # The page's bottom (yellow) is now its left side, its left (green) its top.
    assert colour(image, 0.02, 0.5) == YELLOW
    assert colour(image, 0.5, 0.02) == GREEN


@pytest.mark.parametrize(
    ("rotate", "size"),
    [(0, (180, 90)), (90, (90, 180)), (180, (180, 90)), (270, (90, 180))],
)
def test_the_trim_is_cut_from_the_right_sides_whichever_way_the_page_turns(
    rotate: int, size: tuple[int, int]
) -> None:
    (image,) = rasterise(page_pdf(rotate), dpi=72, trim=True)
    assert image.size == size
    w, h = image.size
    colours = {image.getpixel((x, y)) for x in range(w) for y in range(h)}
    assert colours == {RED, BLUE}  # nothing of the strips outside the TrimBox is left


def test_page_size_is_as_shown() -> None:
    for page in pages(page_pdf(90)):
        assert page_size(page) == (HEIGHT, WIDTH)
        assert page_size(page, trim=True) == (90, 180)
        assert page_image(page, 2.0, trim=True).size == (180, 360)


def test_every_caller_sees_the_turned_page() -> None:
    pdf = page_pdf(90)
    (screen,) = rasterise_screen(pdf)
    assert screen.size == (round(HEIGHT * 96 / 72), round(WIDTH * 96 / 72))
    assert colour(screen, 0.5, 0.3) == RED
    (thumb,) = thumbnails(pdf, max_px=90)
    assert thumb.size == (45, 90)
    assert colour(thumb, 0.5, 0.25) == RED and colour(thumb, 0.5, 0.75) == BLUE


def test_a_flat_png_holds_exactly_the_pixels_its_resolution_and_profile() -> None:
    # Flat bands, an anti-aliased edge and noise: every kind of row a screen has.
    image = Image.new("RGB", (301, 97), (12, 34, 56))
    image.paste((250, 200, 0), (0, 40, 301, 60))
    for x in range(301):
        image.putpixel((x, (x * 7) % 97), ((x * 31) % 256, (x * 17) % 256, (x * 5) % 256))
    data = png_bytes(image, 96, srgb=True)
    with Image.open(io.BytesIO(data)) as back:
        back.load()
        assert back.format == "PNG" and back.mode == "RGB" and back.size == image.size
        assert back.tobytes() == image.tobytes()
        assert back.info["icc_profile"] == srgb_icc_profile()
        assert back.info["dpi"] == pytest.approx((96, 96), abs=0.05)  # whole pixels a metre
    assert png_bytes(image.copy(), 96, srgb=True) == data  # the same pixels, the same bytes


def test_a_screen_rasterises_to_the_pixels_pdfium_draws() -> None:
    # RGB straight from pdfium (its byte order reversed) is the BGR bitmap's colours.
    pdf = page_pdf(0)
    (screen,) = rasterise_screen(pdf)
    with pdfium.PdfDocument(pdf) as document:
        bgr = document[0].render(scale=96 / 72, may_draw_forms=True).to_pil().convert("RGB")
    # (pdfium rounds a fraction of a pixel up; the screen keeps its size in whole pixels)
    assert screen.tobytes() == bgr.crop((0, 0, *screen.size)).tobytes()


def screen_pdf(width: float, height: float) -> bytes:
    """A page of flat bands and an anti-aliased diagonal, `width` × `height` points."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(width, height))
    pdf.pages[0].Contents = pdf.make_stream(
        f"0.1 0.3 0.6 rg 0 0 {width} {height / 3} re f "
        f"0.9 0.7 0.1 rg 0 0 m {width} {height} l {width} 0 l f".encode()
    )
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


# 810 × 1440 pt: a 1080 × 1920 screen; 200.3 × 100.1 pt: pdfium's bitmap is a pixel off.
@pytest.mark.parametrize("size", [(810, 1440), (200.3, 100.1)])
def test_screen_pngs_are_the_rasterised_screens_as_pngs(size: tuple[float, float]) -> None:
    pdf = screen_pdf(*size)
    (image,) = rasterise_screen(pdf)
    ((png, pixels),) = screen_pngs(pdf)
    assert pixels == image.size
    assert png == png_bytes(image, 96, srgb=True)
