"""PDF pages as pixels (pypdfium2): PNG proofs of print pages, screen PNGs, thumbnails."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdfium2 as pdfium
from PIL import Image

from brandkit.render.raster import srgb_icc_profile


def pages(pdf: bytes) -> Iterator[pdfium.PdfPage]:
    """Each page of `pdf`, closed (and the document with it) once the caller moves on."""
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            try:
                yield page
            finally:
                page.close()
    finally:
        document.close()


def page_size(page: pdfium.PdfPage, trim: bool = False) -> tuple[float, float]:
    """The page's width and height in points as a viewer shows it: turned by its /Rotate, and
    cut to its TrimBox when `trim`."""
    if not trim:
        width, height = page.get_size()  # pdfium's own answer, already turned
        return width, height
    left, bottom, right, top = page.get_trimbox()
    width, height = right - left, top - bottom
    return (height, width) if page.get_rotation() % 180 == 90 else (width, height)


def page_image(page: pdfium.PdfPage, scale: float, trim: bool = False) -> Image.Image:
    """The page as an RGB image at `scale` pixels per point, as a viewer shows it: turned by
    its /Rotate, and cut to its TrimBox when `trim`. The one PDF-to-pixels function: print
    proofs, screen PNGs and the proof sheet's thumbnails all come from it."""
    crop = (0.0, 0.0, 0.0, 0.0)
    if trim:
        left, bottom, right, top = page.get_cropbox()  # what pdfium draws
        t_left, t_bottom, t_right, t_top = page.get_trimbox()
        # What to cut off each side of the unrotated page. pypdfium2 crops the rendered
        # bitmap, i.e. after the page's /Rotate, so the sides move round with the rotation.
        cut = (max(0.0, t_left - left), max(0.0, t_bottom - bottom),
               max(0.0, right - t_right), max(0.0, top - t_top))  # fmt: skip
        turns = (page.get_rotation() % 360) // 90
        crop = cut[turns:] + cut[:turns]
    bitmap = page.render(scale=scale, crop=crop, may_draw_forms=True)
    return bitmap.to_pil().convert("RGB")


def rasterise(pdf: bytes, dpi: float = 300, trim: bool = True) -> Iterator[Image.Image]:
    """Each page of `pdf` as an RGB image at `dpi`; cut to the TrimBox when `trim`."""
    for page in pages(pdf):
        image = page_image(page, dpi / 72, trim)
        image.info["dpi"] = (dpi, dpi)
        yield image


def png_bytes(image: Image.Image, dpi: float, srgb: bool = False) -> bytes:
    """`image` as PNG bytes carrying its resolution (and the sRGB profile, for screens)."""
    buffer = io.BytesIO()
    extra = {"icc_profile": srgb_icc_profile()} if srgb else {}
    # Screens are flat colour: zlib level 1 encodes them twice as fast as level 6 for about
    # a quarter more bytes (some 90 KB a screen), and a build writes nearly 2,000 of them.
    level = 1 if srgb else 6
    image.save(buffer, "PNG", dpi=(dpi, dpi), compress_level=level, **extra)
    return buffer.getvalue()


SCREEN_DPI = 96  # CSS pixels: a screen template's `1080px` is 810 pt


def rasterise_screen(pdf: bytes) -> Iterator[Image.Image]:
    """Each page of an sRGB screen PDF as an RGB image of exactly its size in pixels."""
    for page in pages(pdf):
        width_pt, height_pt = page_size(page)
        size = (round(width_pt * SCREEN_DPI / 72), round(height_pt * SCREEN_DPI / 72))
        image = page_image(page, SCREEN_DPI / 72)
        if image.size != size:  # a fraction of a pixel lost to rounding: pad, not scale
            padded = Image.new("RGB", size, image.getpixel((0, 0)))
            padded.paste(image, (0, 0))
            image = padded
        yield image
