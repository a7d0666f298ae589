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

import io
import struct
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from brandkit.layout.page import GroupItem, Item, LogoItem, Page, TextItem, TurnedItem

if TYPE_CHECKING:
    from brandkit.render.impose import SheetPage

TOLERANCE = 0.5  # points to spare beyond the glyph boxes: rounding in the PDF and in pdfium

Extents = tuple[float, float, float, float]  # left, top, right, bottom; em, y up


class GlyphBounds:
    """Each character's ink box and advance in em, from one TrueType font: read from the
    font's own tables (head, hhea, hmtx, loca and each glyph's header in glyf), so a process
    keeps the file's bytes and the character map, not a decompiled font."""

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        tables = {
            data[at : at + 4]: struct.unpack_from(">II", data, at + 8)
            for at in range(12, 12 + 16 * struct.unpack_from(">H", data, 4)[0], 16)
        }
        found = _best_cmap(data, tables[b"cmap"][0]) if b"cmap" in tables else None
        self._cmap = found if found is not None else _fonttools_cmap(data)
        head, hhea = tables[b"head"][0], tables[b"hhea"][0]
        self._em = float(struct.unpack_from(">H", data, head + 18)[0])
        long_loca = struct.unpack_from(">h", data, head + 50)[0] == 1
        self._metrics = struct.unpack_from(">H", data, hhea + 34)[0]  # numberOfHMetrics
        self._data = data
        self._hmtx = tables[b"hmtx"][0]
        self._loca = tables[b"loca"][0]
        self._glyf = tables[b"glyf"][0]
        # A glyph's outline runs from its loca entry to the next: long offsets in bytes, or
        # short ones in 2-byte words.
        self._loca_pair, self._loca_size, self._loca_scale = (
            (">II", 4, 1) if long_loca else (">HH", 2, 2)
        )
        self._chars: dict[str, tuple[float, Extents | None] | None] = {}
        self._lines: dict[str, Extents | None] = {}

    def char(self, char: str) -> tuple[float, Extents | None] | None:
        """(advance, ink box or None for a blank glyph), or None when the font lacks it."""
        if char not in self._chars:
            gid = self._cmap.get(ord(char))
            self._chars[char] = None if gid is None else self._glyph(gid)
        return self._chars[char]

    def _glyph(self, gid: int) -> tuple[float, Extents | None]:
        data, em = self._data, self._em
        metric = min(gid, self._metrics - 1)  # glyphs past the last metric share its advance
        advance = struct.unpack_from(">H", data, self._hmtx + 4 * metric)[0] / em
        at = self._loca + self._loca_size * gid
        start, end = (self._loca_scale * v for v in struct.unpack_from(self._loca_pair, data, at))
        if end <= start:
            return advance, None  # no outline: a space
        contours, x0, y0, x1, y1 = struct.unpack_from(">hhhhh", data, self._glyf + start)
        if contours == 0:
            return advance, None
        return advance, (x0 / em, y1 / em, x1 / em, y0 / em)

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

    def cmap(self) -> dict[int, int]:
        """The font's character map: each code point it maps, to its glyph id."""
        return dict(self._cmap)


# The Unicode subtables in the order fontTools' getBestCmap prefers them: (platform, encoding).
_CMAP_PREFERENCES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


def _best_cmap(data: bytes, at: int) -> dict[int, int] | None:
    """Code point → glyph id from the font's preferred Unicode subtable, read from the bytes
    as fontTools decompiles formats 4 and 12 (fontTools would first name every glyph, which
    takes a fifth of a second a font); None for another format (fontTools then reads it)."""
    count = struct.unpack_from(">H", data, at + 2)[0]
    subtables: dict[tuple[int, int], int] = {}
    for record in range(at + 4, at + 4 + 8 * count, 8):
        platform, encoding, offset = struct.unpack_from(">HHI", data, record)
        subtables.setdefault((platform, encoding), at + offset)
    chosen = next((subtables[k] for k in _CMAP_PREFERENCES if k in subtables), None)
    if chosen is None:
        return None
    kind = struct.unpack_from(">H", data, chosen)[0]
    out: dict[int, int] = {}
    if kind == 4:
        out = _cmap_format_4(data, chosen)
    elif kind == 12:
        groups = struct.unpack_from(">I", data, chosen + 12)[0]
        for group in range(chosen + 16, chosen + 16 + 12 * groups, 12):
            start, end, glyph = struct.unpack_from(">III", data, group)
            out.update(
                zip(range(start, end + 1), range(glyph, glyph + end - start + 1), strict=True)
            )
    else:
        return None
    # A code mapped to glyph 0 (.notdef) is a code the font lacks, as fontTools reads it.
    return {code: glyph for code, glyph in out.items() if glyph}


def _cmap_format_4(data: bytes, at: int) -> dict[int, int]:
    """A format 4 subtable (segments of consecutive codes), its last segment (the closing
    0xFFFF) left out as fontTools leaves it."""
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    offsets_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, offsets_at)
    out: dict[int, int] = {}
    for i in range(segments - 1):
        start, end, delta, offset = starts[i], ends[i], deltas[i], offsets[i]
        if offset == 0:
            out.update((code, (code + delta) & 0xFFFF) for code in range(start, end + 1))
            continue
        for code in range(start, end + 1):
            # idRangeOffset counts in bytes from where it is itself stored.
            where = offsets_at + 2 * i + offset + 2 * (code - start)
            glyph = struct.unpack_from(">H", data, where)[0]
            out[code] = (glyph + delta) & 0xFFFF if glyph else 0
    return out


def _fonttools_cmap(data: bytes) -> dict[int, int]:
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(data), lazy=True) as font:
        order = font.getReverseGlyphMap()
        return {code: order[name] for code, name in font.getBestCmap().items()}


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


# ---------------------------------------------------------------------------------------------
# Press sheets


def cleared_sheet_pages(
    sheet_pages: Sequence[SheetPage],
    pieces: Sequence[Page],
    size: tuple[float, float],
    margin: float,
    slug_font: Path,
    fonts: dict[str, Path],
    logo_text: bool = False,
) -> set[int]:
    """The numbers (from 1) of an imposed PDF's pages whose every glyph keeps clear of the
    sheet's safe `margin` (from its edges: a sheet's trim is the whole sheet of `size`) by
    more than TOLERANCE, from what was drawn: the slug line, in `slug_font`, and the text of
    each piece placed (`pieces`: the source's pages as laid out), moved to its slot. A page
    with text that cannot be bounded (a logo's own text) is left to pdfium. A piece's text
    is counted whole, even where its form's box clips it away."""
    width, height = size
    inner = (margin, margin, width - margin, height - margin)
    extents: dict[int, Extents | None] = {}
    slug_bounds = glyph_bounds(slug_font)
    cleared: set[int] = set()
    for number, sheet_page in enumerate(sheet_pages, 1):
        slug = sheet_page.slug
        line = slug_bounds.line(slug.text)
        if line is None:
            continue
        left, top, right, bottom = line
        s = slug.size
        boxes = [
            (
                slug.x + left * s,
                slug.baseline + bottom * s,
                slug.x + right * s,
                slug.baseline + top * s,
            )
        ]
        for source, (x, y) in sheet_page.placed:
            if source not in extents:
                extents[source] = page_ink(pieces[source], fonts, logo_text)
            ink = extents[source]
            if ink is None:
                break
            if ink == _NO_INK:
                continue
            left, top, right, bottom = ink  # layout: y down from the trim's top edge
            h = pieces[source].height
            boxes.append((x + left, y + h - bottom, x + right, y + h - top))
        else:
            if all(_inside(box, inner) for box in boxes):
                cleared.add(number)
    return cleared


_NO_INK: Extents = (float("inf"), float("inf"), float("-inf"), float("-inf"))


def page_ink(page: Page, fonts: dict[str, Path], logo_text: bool = False) -> Extents | None:
    """The box of all the text ink of `page` in layout coordinates (left, top, right, bottom,
    y down from the trim's top edge); _NO_INK when it shows no text; None when some of it
    cannot be bounded (a logo's own text, a character not in its font)."""
    left, top, right, bottom = _NO_INK
    for box in _item_ink((*page.background, *page.items), fonts, logo_text):
        if box is None:
            return None
        left, top = min(left, box[0]), min(top, box[1])
        right, bottom = max(right, box[2]), max(bottom, box[3])
    return left, top, right, bottom


def _item_ink(
    items: Iterable[Item], fonts: dict[str, Path], logo_text: bool
) -> Iterable[Extents | None]:
    for item in items:
        if isinstance(item, TextItem):
            yield from (_bounded(box) for box in _line_boxes(item, fonts))
        elif isinstance(item, GroupItem):
            yield from _item_ink(item.items, fonts, logo_text)
        elif isinstance(item, TurnedItem):
            turned = item.item
            if isinstance(turned, TextItem):
                for box in _line_boxes(turned, fonts):
                    x0, y0, x1, y1 = box
                    yield _bounded(
                        (2 * item.cx - x1, 2 * item.cy - y1, 2 * item.cx - x0, 2 * item.cy - y0)
                    )
            elif isinstance(turned, LogoItem):
                if logo_text:
                    yield None
            elif isinstance(turned, GroupItem | TurnedItem):
                yield None  # not what brandkit's layout draws: pdfium
        elif isinstance(item, LogoItem) and logo_text:
            yield None


def _bounded(box: Extents) -> Extents | None:
    return None if any(abs(v) == float("inf") for v in box) else box
