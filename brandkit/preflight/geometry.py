"""Boxes and matrices of PDF user space, and how preflight writes their sizes in millimetres."""

from __future__ import annotations

import math
from collections.abc import Iterable

from brandkit.i18n import Message
from brandkit.units import to_mm

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 with x0 <= x1, y0 <= y1
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

BOX_TOLERANCE = 0.01  # pt: writers round box corners to a few decimals


def normal(box: Iterable[float]) -> Box:
    """The box with its corners ordered (x0 <= x1, y0 <= y1)."""
    x0, y0, x1, y1 = box
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def contains(outer: Box, inner: Box) -> bool:
    """True if `inner` lies inside `outer`, allowing for rounded corners."""
    t = BOX_TOLERANCE
    return (
        inner[0] >= outer[0] - t
        and inner[1] >= outer[1] - t
        and inner[2] <= outer[2] + t
        and inner[3] <= outer[3] + t
    )


def inside(box: Box, outer: Box) -> bool:
    """True if `box` lies inside `outer`, exactly."""
    return box[0] >= outer[0] and box[1] >= outer[1] and box[2] <= outer[2] and box[3] <= outer[3]


def overlaps(box: Box, other: Box) -> bool:
    """True if the boxes share a point (a zero-width glyph box on the trim still counts)."""
    return box[0] <= other[2] and other[0] <= box[2] and box[1] <= other[3] and other[1] <= box[3]


def matrix(values: Iterable[object]) -> Matrix:
    """Six numbers (a PDF array or operands) as a matrix."""
    a, b, c, d, e, f = (float(v) for v in values)  # type: ignore[arg-type]
    return a, b, c, d, e, f


def then(first: Matrix, second: Matrix) -> Matrix:
    """The matrix that applies `first`, then `second`."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def scale(m: Matrix) -> float:
    """How a matrix scales a length (a line width): the square root of its area factor."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def transform_box(m: Matrix, box: Box) -> Box:
    """The smallest box holding `box` transformed by `m`."""
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        xs.append(m[0] * x + m[2] * y + m[4])
        ys.append(m[1] * x + m[3] * y + m[5])
    return min(xs), min(ys), max(xs), max(ys)


def mm_text(points: float) -> str:
    """A length in points written in millimetres, to 0.1 mm, without a trailing ".0"."""
    return f"{to_mm(points):.1f}".removesuffix(".0")


def size_text(box: Box) -> str:
    """A box's width × height in millimetres."""
    return f"{mm_text(box[2] - box[0])} × {mm_text(box[3] - box[1])} mm"


def where_text(box: Box) -> str:
    """A box's size and lower-left corner in millimetres."""
    return Message(
        "({size} at {x}, {y} mm)", size=size_text(box), x=mm_text(box[0]), y=mm_text(box[1])
    )
