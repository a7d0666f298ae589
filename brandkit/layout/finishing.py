"""The die line of a piece: its cut contour, slots and drill holes, and an envelope blank's
cuts, folds and glue strip, as paths in the die-line colour; and the keep-outs `check` holds
texts, QR codes and logos away from.

Arcs (round corners, slot ends, holes) are drawn as chords close enough to be the arc itself
for a cutter: none strays more than 0.01 mm from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from brandkit.envelope_blank import envelope_blank
from brandkit.layout.page import Ink, Item, PathItem, anchored
from brandkit.pathdata import parse_path
from brandkit.spec.model import Anchor, Finishing, Size, Template
from brandkit.units import PT_PER_MM

Outline = tuple[tuple[float, float], ...]

DIE_WIDTH = 0.5  # points: a hairline the cutter follows, above preflight's 0.25 pt floor
FOLD_DASH = (3 * PT_PER_MM, 2 * PT_PER_MM)  # folds (creases) dashed, cuts solid
GLUE_DASH = (0.5 * PT_PER_MM, 1 * PT_PER_MM)  # the glue strip's outline dotted
TOLERANCE = 0.01 * PT_PER_MM  # how far a chord may stray from its arc


@dataclass(frozen=True)
class KeepOut:
    """A hole or slot as the points within `radius` of the rectangle `core` (a hole's core is
    its centre; a slot's is its box shrunk by its end radius): what artwork keeps clear of."""

    name: str
    core: tuple[float, float, float, float]  # left, top, right, bottom
    radius: float

    def distance(self, box: tuple[float, float, float, float]) -> float:
        """How far the rectangle `box` (left, top, right, bottom) is from the hole or slot;
        negative when they overlap."""
        x0, y0, x1, y1 = self.core
        dx = max(box[0] - x1, x0 - box[2], 0.0)
        dy = max(box[1] - y1, y0 - box[3], 0.0)
        return math.hypot(dx, dy) - self.radius


@dataclass(frozen=True)
class Die:
    """A piece's die line: closed cut outlines, fold lines, glue outlines, and keep-outs."""

    cuts: tuple[tuple[Outline, bool], ...] = ()
    folds: tuple[tuple[Outline, bool], ...] = ()
    glue: tuple[tuple[Outline, bool], ...] = ()
    keep_outs: tuple[KeepOut, ...] = ()
    clearance: float = 0.0
    colour: str = ""


def die_of(template: Template, size: Size) -> Die:
    """The die line of `template` at `size`, laid flat (in points from the flat sheet's
    top-left corner); empty when it declares no finishing and is not an envelope blank."""
    sheet = template.sheet(size)
    finishing = template.finishing
    if finishing is None and not template.blank:
        return Die()
    finishing = finishing or Finishing()
    cuts: list[tuple[Outline, bool]] = []
    folds: list[tuple[Outline, bool]] = []
    glue: list[tuple[Outline, bool]] = []
    if template.blank:
        blank = envelope_blank(size.width, size.height)
        cuts.append((blank.cut, True))
        folds += [(line, False) for line in blank.folds]
        glue.append((blank.glue, True))
    else:
        cuts += _contour(finishing, sheet)
    keep_outs: list[KeepOut] = []
    for i, slot in enumerate(finishing.slots, 1):
        x, y = _box(slot.anchor, sheet, slot.x, slot.y, slot.w, slot.h)
        r = min(slot.h / 2 if slot.radius is None else slot.radius, slot.w / 2, slot.h / 2)
        cuts.append((rounded_rect(x, y, slot.w, slot.h, r), True))
        keep_outs.append(KeepOut(f"slot {i}", (x + r, y + r, x + slot.w - r, y + slot.h - r), r))
    for i, hole in enumerate(finishing.holes, 1):
        cx, cy = _box(hole.anchor, sheet, hole.x, hole.y, 0.0, 0.0)
        r = hole.diameter / 2
        cuts.append((circle(cx, cy, r), True))
        keep_outs.append(KeepOut(f"hole {i}", (cx, cy, cx, cy), r))
    return Die(
        tuple(cuts), tuple(folds), tuple(glue), tuple(keep_outs), finishing.clearance,
        finishing.colour,
    )  # fmt: skip


def die_items(die: Die, inks: dict[str, Ink]) -> tuple[Item, ...]:
    """The die line as paths in its colour: cuts solid, folds dashed, the glue strip dotted,
    each its own path (in this order), drawn over the artwork."""
    if not die.cuts and not die.folds:
        return ()
    ink = inks[die.colour]
    items: list[Item] = [PathItem(die.cuts, None, ink, DIE_WIDTH)]
    if die.folds:
        items.append(PathItem(die.folds, None, ink, DIE_WIDTH, FOLD_DASH))
    if die.glue:
        items.append(PathItem(die.glue, None, ink, DIE_WIDTH, GLUE_DASH))
    return tuple(items)


def _contour(finishing: Finishing, sheet: tuple[float, float]) -> list[tuple[Outline, bool]]:
    """The cut outline: the piece's own contour, else the trim with its corners rounded (a
    straight trim with square corners is the guillotine's, drawn by the crop marks)."""
    if finishing.contour is not None:
        mm = PT_PER_MM
        return [
            (tuple((x * mm, y * mm) for x, y in sub.points), sub.closed)
            for sub in parse_path(finishing.contour)
        ]
    if finishing.corner_radius is not None:
        width, height = sheet
        r = min(finishing.corner_radius, width / 2, height / 2)
        return [(rounded_rect(0.0, 0.0, width, height, r), True)]
    return []


def _box(
    anchor: Anchor, sheet: tuple[float, float], x: float, y: float, w: float, h: float
) -> tuple[float, float]:
    """The top-left corner of a `w` × `h` box at (x, y) from `anchor` on the sheet (as an
    element's: to its nearest edges, or middle to middle along a centred axis)."""
    return anchored(sheet[0], sheet[1], anchor, x, y, w, h)


def _arc(cx: float, cy: float, r: float, start: float, sweep: float) -> list[tuple[float, float]]:
    """Points along an arc from angle `start` through `sweep` (radians, y downwards)."""
    if r <= 0:
        return [(cx, cy)]
    step = 2 * math.acos(max(-1.0, 1 - TOLERANCE / r))
    n = max(1, math.ceil(abs(sweep) / step))
    return [
        (cx + r * math.cos(start + sweep * i / n), cy + r * math.sin(start + sweep * i / n))
        for i in range(n + 1)
    ]


def circle(cx: float, cy: float, r: float) -> Outline:
    """A closed circle of radius `r` about (cx, cy)."""
    return tuple(_arc(cx, cy, r, 0.0, 2 * math.pi)[:-1])


def rounded_rect(x: float, y: float, w: float, h: float, r: float) -> Outline:
    """A closed rectangle with its corners rounded to `r`, clockwise from the top edge."""
    half = math.pi / 2
    points = (
        _arc(x + w - r, y + r, r, -half, half)
        + _arc(x + w - r, y + h - r, r, 0.0, half)
        + _arc(x + r, y + h - r, r, half, half)
        + _arc(x + r, y + r, r, math.pi, half)
    )
    return tuple(points)
