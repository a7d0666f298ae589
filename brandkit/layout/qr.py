"""QR codes from the native zxing-cpp encoder, as runs of dark modules per row."""

from __future__ import annotations

import re
from functools import lru_cache

import zxingcpp

Runs = tuple[tuple[tuple[int, int], ...], ...]

_DARK = re.compile(rb"\x00+")  # zxing-cpp marks dark modules 0 and light ones 255


@lru_cache(maxsize=4096)
def qr_runs(data: str, ec: str = "M") -> tuple[int, Runs]:
    """Encode `data`; return the symbol's width in modules and its dark runs per row.

    zxing-cpp encodes in ≈0.3 ms where pure-Python encoders take 6–10 ms (see DESIGN.md), and
    runs let the renderer draw a whole symbol as one path.
    """
    barcode = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level=ec)
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    rows, cols = image.shape or (0, 0)
    pixels = image.tobytes()
    runs = tuple(
        tuple(
            (m.start() - r * cols, m.end() - m.start())
            for m in _DARK.finditer(pixels, r * cols, (r + 1) * cols)
        )
        for r in range(rows)
    )
    return cols, runs
