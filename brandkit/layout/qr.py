"""QR codes from the native zxing-cpp encoder, as rectangles of dark modules."""

from __future__ import annotations

import re
from functools import lru_cache

import zxingcpp

from brandkit.i18n import Message

MAX_VERSION = 40  # the largest QR code: 177 × 177 modules

Rects = str
"""Dark areas as a PDF path, `column row width height re` each, in modules, row 0 at the top:
what the renderer draws under a scaling matrix, kept as one string (a cached code costs ~2 KB,
not the ~18 KB of a tuple of tuples)."""

_DARK = re.compile(rb"\x00+")  # zxing-cpp marks dark modules 0 and light ones 255


class QrDataError(ValueError):
    """`data` cannot be a QR code: it is empty, or more than the largest symbol holds."""


@lru_cache(maxsize=256)  # a worker lays out a PDF's codes, then draws them
def _encode(data: str, ec: str) -> tuple[int, memoryview]:
    """The symbol of `data`: its width in modules and its bitmap with the quiet zone, one
    byte a module (0 dark, 255 light)."""
    if not data:
        raise QrDataError(Message("the QR code's data is empty"))
    try:
        barcode = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level=ec)
    except ValueError as exc:
        # zxing-cpp says "Input too long for ECC level M, requires 5003 codewords (maximum
        # 2334)"; anything else it refuses is reported with its own words.
        if "too long" not in str(exc).lower():
            raise QrDataError(
                Message("cannot make a QR code of it: {reason}", reason=str(exc))
            ) from None
        lower = Message("; or lower the error correction (ec)") if ec != "L" else ""
        raise QrDataError(
            Message(
                "needs a QR code larger than version {version}, the largest: its {count} "
                "characters do not fit at error correction {ec}; shorten it{lower}",
                version=MAX_VERSION,
                count=f"{len(data):,}",
                ec=ec,
                lower=lower,
            )
        ) from None
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=True))  # type: ignore[arg-type]
    _, cols = image.shape or (0, 0)
    quiet = image.tobytes().find(0) % cols  # the top-left finder pattern's corner
    return cols - 2 * quiet, image


@lru_cache(maxsize=65536)  # `check` measures every code of a build; an int each
def qr_symbol(data: str, ec: str = "M") -> int:
    """The width in modules of the QR code of `data` (what layout and `check` need; the
    dark areas themselves are traced only when the code is drawn, see `qr_rects`)."""
    return _encode(data, ec)[0]


@lru_cache(maxsize=256)  # a procedure's code is drawn on every unit's boards
def qr_rects(data: str, ec: str = "M") -> Rects:
    """The dark areas of the QR code of `data` as a PDF path in modules, row 0 on top.

    zxing-cpp encodes in ≈0.3 ms where pure-Python encoders take 6–10 ms (see DESIGN.md).
    Each row's dark runs are found in one scan of the bitmap, and a run that repeats in the
    row below grows downwards instead of starting a new rectangle (finder patterns, timing
    columns), so a symbol is ~20 % fewer operators in one path.
    """
    modules, image = _encode(data, ec)
    _, cols = image.shape or (0, 0)
    # With its light quiet zone every row starts and ends light, so no run wraps into the
    # next row.
    pixels = image.tobytes()
    quiet = (cols - modules) // 2
    rects: list[list[int]] = []
    open_: dict[tuple[int, int], list[int]] = {}  # (column, width) → rectangle still growing
    for match in _DARK.finditer(pixels):
        start, end = match.span()
        row, col = divmod(start, cols)
        key = (col, end - start)
        rect = open_.get(key)
        if rect is not None and rect[1] + rect[3] == row - quiet:
            rect[3] += 1
        else:
            rect = [col - quiet, row - quiet, end - start, 1]
            rects.append(rect)
            open_[key] = rect
    return " ".join([f"{c} {r} {w} {h} re" for c, r, w, h in rects])


def qr_modules(data: str, ec: str = "M") -> tuple[int, Rects]:
    """Encode `data`; return the symbol's width in modules and its dark rectangles."""
    return qr_symbol(data, ec), qr_rects(data, ec)
