"""Preflight's safe-margin rule proved from what the build drew, not read back from the PDF.

The full check (`safe_margin.py`) asks pdfium for the box of every glyph of every page. A
build knows every line it draws: its font, size, pen position and text. The ink of a glyph
lies within the glyph's bounding box from the font's `glyf` table (what pdfium's glyph boxes
are made of), placed at the glyph's pen position (reportlab draws without kerning, advancing by
the `hmtx` widths layout measured with). So a page whose every line's ink lies inside the
safe area, with a small tolerance to spare, needs no pdfium pass; a page with a line near or
across the edge (or text the build cannot bound, such as a logo's own text) is checked by
pdfium as before.

`tests/preflight/test_drawn.py` shows that on brandkit's output the pages this module clears
are pages pdfium finds clear, and that a line moved into the margin is left to pdfium, which
reports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from brandkit.layout.page import GroupItem, Item, LogoItem, Page, TextItem, TurnedItem

TOLERANCE = 0.5  # points to spare beyond the glyph boxes: rounding in the PDF and in pdfium

Extents = tuple[float, float, float, float]  # left, top, right, bottom; em, y up


class GlyphBounds:
    """Each character's ink box and advance in em, from one TrueType font (read lazily)."""

    def __init__(self, path: Path) -> None:
        from fontTools.ttLib import TTFont

        self._font = TTFont(str(path), lazy=True)
        self._cmap = self._font.getBestCmap() or {}
        self._glyf = self._font["glyf"]
        self._hmtx = self._font["hmtx"]
        self._em = float(self._font["head"].unitsPerEm)
        self._chars: dict[str, tuple[float, Extents | None] | None] = {}
        self._lines: dict[str, Extents | None] = {}

    def char(self, char: str) -> tuple[float, Extents | None] | None:
        """(advance, ink box or None for a blank glyph), or None when the font lacks it."""
        if char not in self._chars:
            name = self._cmap.get(ord(char))
            if name is None:
                self._chars[char] = None
            else:
                glyph = self._glyf[name]
                advance = self._hmtx[name][0] / self._em
                box = None
                if getattr(glyph, "numberOfContours", 0) != 0 and hasattr(glyph, "xMin"):
                    em = self._em
                    box = (glyph.xMin / em, glyph.yMax / em, glyph.xMax / em, glyph.yMin / em)
                self._chars[char] = (advance, box)
        return self._chars[char]

    def line(self, text: str) -> Extents | None:
        """The ink of `text` set from pen position 0 on baseline 0, or None when a character
        is not in the font (pdfium then decides)."""
        if text not in self._lines:
            self._lines[text] = self._measure(text) if len(self._lines) < 50_000 else None
        return self._lines[text]

    def _measure(self, text: str) -> Extents | None:
        pen = 0.0
        left, right, top, bottom = float("inf"), float("-inf"), float("-inf"), float("inf")
        for char in text:
            found = self.char(char)
            if found is None:
                return None
            advance, box = found
            if box is not None:
                x0, y1, x1, y0 = box
                left, right = min(left, pen + x0), max(right, pen + x1)
                top, bottom = max(top, y1), min(bottom, y0)
            pen += advance
        if right < left:  # nothing inked
            return (0.0, 0.0, 0.0, 0.0)
        return (left, top, right, bottom)


@lru_cache(maxsize=16)
def glyph_bounds(path: Path) -> GlyphBounds:
    return GlyphBounds(path)


def cleared_pages(
    pages: Sequence[Page], safe_margin: float, fonts: dict[str, Path], logo_text: bool = False
) -> set[int]:
    """The numbers (from 1) of `pages` whose every line of text keeps clear of the safe
    margin, as drawn, by more than TOLERANCE: they need no glyph-by-glyph check. `fonts` maps
    the text items' font roles to their files; `logo_text`: the logos hold text of their own
    (their glyphs are not known here, so pages with logos are left to pdfium)."""
    cleared: set[int] = set()
    verdicts: dict[int, bool] = {}  # by identity of an item: a unit's lines recur on each page
    for number, page in enumerate(pages, 1):
        inner = _inner(page, safe_margin)
        items = [*page.background, *page.items]
        if all(_clear(item, inner, fonts, logo_text, verdicts) for item in items):
            cleared.add(number)
    return cleared


def _inner(page: Page, margin: float) -> tuple[float, float, float, float]:
    """The safe area in layout coordinates (y down from the trim's top edge)."""
    return (margin, margin, page.width - margin, page.height - margin)


def _clear(
    item: Item,
    inner: tuple[float, float, float, float],
    fonts: dict[str, Path],
    logo_text: bool,
    verdicts: dict[int, bool],
) -> bool:
    known = verdicts.get(id(item))
    if known is not None:
        return known
    if isinstance(item, TextItem):
        verdict = _text_clear(item, inner, fonts)
    elif isinstance(item, GroupItem):
        verdict = all(_clear(i, inner, fonts, logo_text, verdicts) for i in item.items)
    elif isinstance(item, TurnedItem):
        verdict = _turned_clear(item, inner, fonts, logo_text)
    elif isinstance(item, LogoItem):
        verdict = not logo_text
    else:
        verdict = True  # shapes, codes and pictures hold no text
    verdicts[id(item)] = verdict
    return verdict


def _text_clear(
    item: TextItem, inner: tuple[float, float, float, float], fonts: dict[str, Path]
) -> bool:
    return all(_inside(box, inner) for box in _line_boxes(item, fonts))


def _line_boxes(item: TextItem, fonts: dict[str, Path]) -> Iterable[Extents]:
    """Each line's ink box in layout coordinates (left, top, right, bottom, y down); a box
    of infinities when it cannot be bounded."""
    path = fonts.get(item.font)
    bounds = glyph_bounds(path) if path is not None else None
    size = item.size
    for line in item.lines:
        extents = bounds.line(line.text) if bounds is not None else None
        if extents is None:
            yield (float("-inf"), float("-inf"), float("inf"), float("inf"))
            continue
        left, top, right, bottom = extents
        yield (
            line.x + left * size,
            line.baseline - top * size,
            line.x + right * size,
            line.baseline - bottom * size,
        )


def _turned_clear(
    item: TurnedItem,
    inner: tuple[float, float, float, float],
    fonts: dict[str, Path],
    logo_text: bool,
) -> bool:
    """A half turn about (cx, cy) maps a box to its mirror through that point."""
    inner_item = item.item
    if isinstance(inner_item, TextItem):
        for x0, y0, x1, y1 in _line_boxes(inner_item, fonts):
            turned = (2 * item.cx - x1, 2 * item.cy - y1, 2 * item.cx - x0, 2 * item.cy - y0)
            if not _inside(turned, inner):
                return False
        return True
    if isinstance(inner_item, LogoItem):
        return not logo_text
    # A turned group or a turn within a turn is not what brandkit's layout draws: pdfium.
    return not isinstance(inner_item, GroupItem | TurnedItem)


def _inside(box: Extents, inner: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    t = TOLERANCE
    return x0 >= inner[0] + t and y0 >= inner[1] + t and x1 <= inner[2] - t and y1 <= inner[3] - t
