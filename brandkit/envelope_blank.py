"""The unfolded blank of a wallet envelope: the face amid its flaps, in points, y downwards.

The face (the envelope's size, printed side up) sits in the middle; its four edges are the
folds. Each side flap is `side` deep with 45° ends; the bottom flap folds up over them and is
glued to them, forming the back; the seal flap folds down over the bottom flap and carries the
glue strip. The numbers, for a face of W × H:

- side flaps: 8 % of W, kept between 15 and 20 mm (DL 17.6, C5 18.3, C4 20 mm);
- bottom flap: 75 % of H (DL 82.5, C5 121.5, C4 171.75 mm), its sides slanting in by `side`;
- seal flap: 40 % of H (DL 44, C5 64.8, C4 91.6 mm), its sides slanting in by `side`, so it
  overlaps the bottom flap by 15 % of H and its glue strip lies wholly on the bottom flap;
- glue strip: 10 mm deep, 4 mm in from the seal flap's free edge and from its sides.

A DL blank is 255.2 × 236.5 mm, C5 265.6 × 348.3 mm, C4 364 × 492.35 mm.
"""

from __future__ import annotations

from dataclasses import dataclass

from brandkit.units import PT_PER_MM

Outline = tuple[tuple[float, float], ...]

SIDE_SHARE, SIDE_MIN_MM, SIDE_MAX_MM = 0.08, 15.0, 20.0
BOTTOM_SHARE = 0.75
SEAL_SHARE = 0.40
GLUE_DEPTH_MM, GLUE_INSET_MM = 10.0, 4.0


@dataclass(frozen=True)
class EnvelopeBlank:
    """A blank's size, where its face lies and its cut, fold and glue outlines (points)."""

    width: float
    height: float
    face: tuple[float, float, float, float]  # left, top, width, height
    side: float
    seal: float
    bottom: float
    cut: Outline  # closed
    folds: tuple[Outline, ...]  # open lines
    glue: Outline  # closed

    @property
    def face_origin(self) -> tuple[float, float]:
        return self.face[0], self.face[1]


def envelope_blank(width: float, height: float) -> EnvelopeBlank:
    """The blank of an envelope whose face is `width` × `height` points."""
    mm = PT_PER_MM
    side = min(SIDE_MAX_MM * mm, max(SIDE_MIN_MM * mm, SIDE_SHARE * width))
    seal, bottom = SEAL_SHARE * height, BOTTOM_SHARE * height
    left, top = side, seal
    right, foot = side + width, seal + height
    cut = (
        (left + side, 0.0),
        (right - side, 0.0),
        (right, top),
        (right + side, top + side),
        (right + side, foot - side),
        (right, foot),
        (right - side, foot + bottom),
        (left + side, foot + bottom),
        (left, foot),
        (0.0, foot - side),
        (0.0, top + side),
        (left, top),
    )
    folds = (
        ((left, top), (right, top)),
        ((right, top), (right, foot)),
        ((left, foot), (right, foot)),
        ((left, top), (left, foot)),
    )
    return EnvelopeBlank(
        width + 2 * side, seal + height + bottom, (left, top, width, height),
        side, seal, bottom, cut, folds, _glue(left, right, side, seal),
    )  # fmt: skip


def _glue(left: float, right: float, side: float, seal: float) -> Outline:
    """The glue strip along the seal flap's free edge, inside its slanting sides."""
    inset, depth = GLUE_INSET_MM * PT_PER_MM, GLUE_DEPTH_MM * PT_PER_MM
    top, bottom = inset, inset + depth
    # The flap's left side runs from (left + side, 0) to (left, seal): at the strip's top it
    # is furthest in, so the strip keeps `inset` from it there.
    slant = left + side * (1 - top / seal)
    x0, x1 = slant + inset, right - (slant - left) - inset
    return ((x0, top), (x1, top), (x1, bottom), (x0, bottom))
