"""PNG proofs: the very PDF page rasterised with pypdfium2, optionally trimmed to its TrimBox."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdfium2 as pdfium
from PIL import Image


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


def png_bytes(image: Image.Image, dpi: float) -> bytes:
    """`image` as PNG bytes carrying its resolution."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi), compress_level=6)
    return buffer.getvalue()
