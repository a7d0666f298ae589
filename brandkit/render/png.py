"""PNG proofs: the very PDF page rasterised with pypdfium2, optionally trimmed to its TrimBox."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdfium2 as pdfium
from PIL import Image

from brandkit.render.raster import srgb_icc_profile


def rasterise(pdf: bytes, dpi: float = 300, trim: bool = True) -> Iterator[Image.Image]:
    """Each page of `pdf` as an RGB image at `dpi`; cut to the TrimBox when `trim`."""
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            try:
                crop = (0.0, 0.0, 0.0, 0.0)
                if trim:
                    left, bottom, right, top = page.get_mediabox()
                    t_left, t_bottom, t_right, t_top = page.get_trimbox()
                    crop = (t_left - left, t_bottom - bottom, right - t_right, top - t_top)
                bitmap = page.render(scale=dpi / 72, crop=crop, may_draw_forms=True)
                image = bitmap.to_pil().convert("RGB")
                image.info["dpi"] = (dpi, dpi)
                yield image
            finally:
                page.close()
    finally:
        document.close()


def png_bytes(image: Image.Image, dpi: float, srgb: bool = False) -> bytes:
    """`image` as PNG bytes carrying its resolution (and the sRGB profile, for screens)."""
    buffer = io.BytesIO()
    extra = {"icc_profile": srgb_icc_profile()} if srgb else {}
    # Screens are flat colour: zlib level 3 encodes them a third faster than level 6 for a
    # quarter more bytes (about 100 KB a screen), and a build writes nearly 2,000 of them.
    level = 3 if srgb else 6
    image.save(buffer, "PNG", dpi=(dpi, dpi), compress_level=level, **extra)
    return buffer.getvalue()


SCREEN_DPI = 96  # CSS pixels: a screen template's `1080px` is 810 pt


def rasterise_screen(pdf: bytes) -> Iterator[Image.Image]:
    """Each page of an sRGB screen PDF as an RGB image of exactly its size in pixels."""
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            try:
                width_pt, height_pt = page.get_size()
                size = (round(width_pt * SCREEN_DPI / 72), round(height_pt * SCREEN_DPI / 72))
                bitmap = page.render(scale=SCREEN_DPI / 72, may_draw_forms=True)
                image = bitmap.to_pil().convert("RGB")
                if image.size != size:  # a fraction of a pixel lost to rounding: pad, not scale
                    padded = Image.new("RGB", size, image.getpixel((0, 0)))
                    padded.paste(image, (0, 0))
                    image = padded
                yield image
            finally:
                page.close()
    finally:
        document.close()
