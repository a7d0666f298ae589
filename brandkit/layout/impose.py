"""Imposition: how many pieces fit a press sheet, where each goes, and where its marks go."""

from __future__ import annotations

import re
from dataclasses import dataclass

from brandkit.layout.marks import MARK_GAP, MARK_LENGTH
from brandkit.units import mm, parse_length, split_length, to_mm, to_unit

SHEET_SIZES_MM = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "SRA3": (320.0, 450.0),  # the usual digital-press sheet: A3 with room for bleed and marks
    "SRA2": (450.0, 640.0),
    # The offset sheets Vietnamese printers stock (khổ 65 × 86 and 79 × 109 cm) and their
    # halves as cut across the long side (43 × 65; 54.5 × 79, which shops call "54 × 79").
    "65X86": (650.0, 860.0),
    "43X65": (430.0, 650.0),
    "79X109": (790.0, 1090.0),
    "54X79": (545.0, 790.0),
}
"""Named press sheets, portrait, in millimetres (ISO 216 and ISO 217; offset stock)."""

# Digital presses cannot print the outer ~4 mm of a sheet (grippers); 5 mm keeps marks on paper.
SHEET_MARGIN = mm(5)
# Room beside each piece's bleed for its crop marks (gap, mark) and a gap before the next
# piece's bleed, so no mark reaches into a neighbour's bleed.
MARK_ROOM = MARK_GAP + MARK_LENGTH
GUTTER = MARK_ROOM + MARK_GAP
# The band along the sheet's foot for the slug line and the colour bar.
SLUG_BAND = mm(8)


@dataclass(frozen=True)
class SheetSize:
    """A press sheet: its name as asked for (`SRA3`, `320x450mm`) and its size in points."""

    name: str
    width: float
    height: float
    fixed: bool = False  # given as W×H: keep that orientation

    @property
    def label(self) -> str:
        return f"{self.name} ({to_mm(self.width):g} × {to_mm(self.height):g} mm)"


def parse_sheet(text: str) -> SheetSize:
    """`A4`, `A3`, `SRA3`, `SRA2`, the offset sheets `65x86`, `79x109` and their halves
    `43x65`, `54x79` (case-insensitive; `×` for `x`), or `<W>x<H><unit>` in any unit a length
    may carry (`330x480mm`, `79x109cm`; the width may repeat the unit), which keeps its
    orientation; ValueError otherwise."""
    key = text.strip().upper().replace("×", "X")
    if key in SHEET_SIZES_MM:
        w, h = SHEET_SIZES_MM[key]
        return SheetSize(key.lower() if key[0].isdigit() else key, mm(w), mm(h))
    sides = re.split(r"[x×X]", text)
    height = split_length(sides[-1])
    unit = height[1] if height else ""
    try:
        if len(sides) != 2 or not unit:
            raise ValueError(text)
        width_pt, height_pt = parse_length(sides[0], default_unit=unit), parse_length(sides[1])
    except ValueError:
        names = ", ".join(k.lower() if k[0].isdigit() else k for k in SHEET_SIZES_MM)
        raise ValueError(
            f"expected {names} or a size such as 330x480mm or 79x109cm, got {text!r}"
        ) from None
    w, h = round(to_mm(width_pt), 6), round(to_mm(height_pt), 6)
    if not (50 <= w <= 2000 and 50 <= h <= 2000):
        raise ValueError(
            f"{text.strip()!r} is a sheet of {w:g} × {h:g} mm: not a press sheet "
            "(50–2000 mm a side)"
        )
    assert height is not None
    name = f"{to_unit(width_pt, unit):g}x{height[0]:g}{unit}"
    return SheetSize(name, width_pt, height_pt, fixed=True)


@dataclass(frozen=True)
class Imposition:
    """Pieces laid out on one side of a sheet; lengths in points, PDF coordinates (y up)."""

    sheet: SheetSize
    width: float  # the sheet as laid (its orientation chosen)
    height: float
    trim: tuple[float, float]
    bleed: float
    cols: int
    rows: int
    positions: tuple[tuple[float, float], ...]  # each piece's trim, lower-left corner

    @property
    def up(self) -> int:
        return self.cols * self.rows

    @property
    def orientation(self) -> str:
        return "landscape" if self.width > self.height else "portrait"

    def back_positions(self) -> tuple[tuple[float, float], ...]:
        """Where each piece's back goes on the sheet's reverse, for turning the sheet over
        its vertical axis (work and turn): mirrored left to right, so back meets front."""
        w = self.trim[0]
        return tuple((self.width - x - w, y) for x, y in self.positions)

    def trim_box(self, index: int, back: bool = False) -> tuple[float, float, float, float]:
        x, y = (self.back_positions() if back else self.positions)[index]
        return x, y, x + self.trim[0], y + self.trim[1]


def _grid(length: float, piece: float) -> int:
    """How many pieces (bleed included) fit along `length`, with a gutter between them."""
    if length < piece:
        return 0
    return 1 + int((length - piece + 1e-6) // (piece + GUTTER))


def impose(sheet: SheetSize, trim: tuple[float, float], bleed: float) -> Imposition | None:
    """The most pieces of `trim` (with `bleed`) that fit `sheet`, centred, each with room for
    its own crop marks; in whichever orientation of a named sheet holds more (portrait on a
    tie). None when not even one fits."""
    orientations = [(sheet.width, sheet.height)]
    if not sheet.fixed and sheet.width != sheet.height:
        orientations.append((sheet.height, sheet.width))
    best: Imposition | None = None
    for width, height in orientations:
        imposition = _impose(sheet, width, height, trim, bleed)
        if imposition is not None and (best is None or imposition.up > best.up):
            best = imposition
    return best


def _impose(
    sheet: SheetSize, width: float, height: float, trim: tuple[float, float], bleed: float
) -> Imposition | None:
    piece_w, piece_h = trim[0] + 2 * bleed, trim[1] + 2 * bleed
    edge = SHEET_MARGIN + MARK_ROOM
    area_w = width - 2 * edge
    area_h = height - 2 * edge - SLUG_BAND
    cols, rows = _grid(area_w, piece_w), _grid(area_h, piece_h)
    if cols == 0 or rows == 0:
        return None
    used_w = cols * piece_w + (cols - 1) * GUTTER
    used_h = rows * piece_h + (rows - 1) * GUTTER
    # Centred across the sheet (so the back's mirror image lands on the same grid) and above
    # the slug band.
    left = (width - used_w) / 2 + bleed
    bottom = edge + SLUG_BAND + (area_h - used_h) / 2 + bleed
    positions = tuple(
        (left + c * (piece_w + GUTTER), bottom + (rows - 1 - r) * (piece_h + GUTTER))
        for r in range(rows)
        for c in range(cols)
    )  # reading order: left to right, top row first
    return Imposition(sheet, width, height, trim, bleed, cols, rows, positions)
