"""PDF pages as pixels (pypdfium2): PNG proofs of print pages, screen PNGs, thumbnails."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator

import pypdfium2 as pdfium
from isal import isal_zlib
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
    # rev_byteorder: pdfium writes RGB rather than BGR, so the bitmap becomes an RGB image in
    # one copy (BGR took a copy to unpack and another to convert, twice the time of drawing a
    # screen).
    bitmap = page.render(scale=scale, crop=crop, may_draw_forms=True, rev_byteorder=True)
    image = bitmap.to_pil()
    return image if image.mode == "RGB" else image.convert("RGB")


def rasterise(pdf: bytes, dpi: float = 300, trim: bool = True) -> Iterator[Image.Image]:
    """Each page of `pdf` as an RGB image at `dpi`; cut to the TrimBox when `trim`."""
    for page in pages(pdf):
        image = page_image(page, dpi / 72, trim)
        image.info["dpi"] = (dpi, dpi)
        yield image


def png_bytes(image: Image.Image, dpi: float, srgb: bool = False) -> bytes:
    """`image` as PNG bytes carrying its resolution (and the sRGB profile, for screens)."""
    if srgb and image.mode == "RGB":
        return flat_png(image, dpi, srgb_icc_profile())
    buffer = io.BytesIO()
    extra = {"icc_profile": srgb_icc_profile()} if srgb else {}
    image.save(buffer, "PNG", dpi=(dpi, dpi), compress_level=FLAT_LEVEL if srgb else 6, **extra)
    return buffer.getvalue()


FLAT_LEVEL = 1
"""zlib level of flat PNGs written by Pillow: on the sample's kiosk screens level 1 takes half
the time of level 6 for about 15 % more bytes (some 60 KB a screen)."""

ISAL_LEVEL = 1
"""ISA-L level of the screens' image data (flat_png). ISA-L's deflate (Intel's assembler,
the `isal` wheel) makes a standard zlib stream; on the sample's 1920 × 1080 screens level 1
takes 1.5 ms where zlib's fastest level takes 17 ms, for 5 to 7 % more bytes. A build writes
nearly 2,000 screens. Its output depends only on the input and the ISA-L release
(requirements.txt pins it), so a rebuild gives the same bytes."""


def flat_png(image: Image.Image, dpi: float, icc_profile: bytes | None = None) -> bytes:
    """An RGB `image` as PNG bytes for flat-colour artwork (screens): every row unfiltered,
    deflated at ISAL_LEVEL, with its resolution (pHYs) and `icc_profile` (iCCP).

    Pillow's encoder tries several row filters per row, which pays for photographs; on flat
    colour, zlib finds the runs and repeated rows unaided, so unfiltered rows come out
    smaller in half the time; ISA-L deflates them (ISAL_LEVEL). The same pixels give the same
    bytes."""
    if image.mode != "RGB":
        raise ValueError(f"flat_png takes an RGB image, not mode {image.mode!r}")
    width, height = image.size
    return _flat_png(image.tobytes(), width, height, 3 * width, dpi, icc_profile)


def _flat_png(
    pixels: bytes | memoryview,
    width: int,
    height: int,
    stride: int,
    dpi: float,
    icc_profile: bytes | None,
) -> bytes:
    """PNG bytes of `height` rows of `width` RGB pixels, each row `stride` bytes from the
    last in `pixels` (see flat_png)."""
    row = 3 * width
    # Filter type 0 (None) before every row (PNG spec 9.2): the rows are copied once, each
    # after its zero byte.
    rows = bytearray((row + 1) * height)
    source = memoryview(pixels).cast("B")
    for y in range(height):
        start = y * (row + 1) + 1
        rows[start : start + row] = source[y * stride : y * stride + row]
    per_metre = int(dpi / 0.0254 + 0.5)  # as Pillow writes a dpi
    chunks = [
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),  # 8-bit RGB
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _chunk(b"IDAT", isal_zlib.compress(rows, ISAL_LEVEL)),
        _chunk(b"IEND", b""),
    ]
    if icc_profile is not None:  # before the image data (PNG spec 5.6)
        chunks.insert(1, _chunk(b"iCCP", b"ICC Profile\0\0" + zlib.compress(icc_profile)))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data and the CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


SCREEN_DPI = 96  # CSS pixels: a screen template's `1080px` is 810 pt


def rasterise_screen(pdf: bytes) -> Iterator[Image.Image]:
    """Each page of an sRGB screen PDF as an RGB image of exactly its size in pixels."""
    for page in pages(pdf):
        yield _screen_image(page_image(page, SCREEN_DPI / 72), _screen_size(page))


def screen_pngs(pdf: bytes) -> Iterator[tuple[bytes, tuple[int, int]]]:
    """Each page of an sRGB screen PDF as the PNG (flat_png, tagged sRGB) of what
    rasterise_screen makes of it, and its size in pixels. The PNG is written from pdfium's
    bitmap itself: no image is made of it (two copies of a screen's pixels saved)."""
    for page in pages(pdf):
        size = _screen_size(page)
        # As page_image draws it: RGB, at the screen's scale, nothing cut.
        bitmap = page.render(scale=SCREEN_DPI / 72, may_draw_forms=True, rev_byteorder=True)
        if bitmap.mode == "RGB" and (bitmap.width, bitmap.height) == size:
            pixels = memoryview(bitmap.buffer).cast("B")
            png = _flat_png(pixels, size[0], size[1], bitmap.stride, SCREEN_DPI, srgb_icc_profile())
        else:
            image = _screen_image(bitmap.to_pil().convert("RGB"), size)
            png = flat_png(image, SCREEN_DPI, srgb_icc_profile())
        yield png, size


def _screen_size(page: pdfium.PdfPage) -> tuple[int, int]:
    width_pt, height_pt = page_size(page)
    return round(width_pt * SCREEN_DPI / 72), round(height_pt * SCREEN_DPI / 72)


def _screen_image(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """`image` at exactly `size`: a fraction of a pixel lost to rounding is padded (or cut),
    not scaled."""
    if image.size == size:
        return image
    padded = Image.new("RGB", size, image.getpixel((0, 0)))
    padded.paste(image, (0, 0))
    return padded
