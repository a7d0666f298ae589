"""Outlines of the uniform's garments, front laid flat, as fractions of the garment's width and
height: drawn by the brand manual under the mark and the name at their places."""

from __future__ import annotations

# (x, y) from the top-left corner, 0–1 of the garment's width and height, clockwise from the
# left of the collar.
SHIRT = (
    (0.40, 0.00), (0.47, 0.06), (0.53, 0.06), (0.60, 0.00), (0.78, 0.04), (1.00, 0.20),
    (0.92, 0.34), (0.84, 0.28), (0.84, 1.00), (0.16, 1.00), (0.16, 0.28), (0.08, 0.34),
    (0.00, 0.20), (0.22, 0.04),
)  # fmt: skip
VEST = (
    (0.36, 0.00), (0.50, 0.30), (0.64, 0.00), (0.80, 0.02), (0.82, 0.14), (0.92, 0.30),
    (0.92, 1.00), (0.08, 1.00), (0.08, 0.30), (0.18, 0.14), (0.20, 0.02),
)  # fmt: skip
LANYARD = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))

OUTLINES = {"shirt": SHIRT, "vest": VEST, "lanyard": LANYARD}
# Lines drawn over the outline: the shirt's placket and pocket, the vest's opening.
DETAILS = {
    "shirt": (((0.50, 0.06), (0.50, 1.00)), ((0.60, 0.30), (0.74, 0.30))),
    "vest": (((0.50, 0.30), (0.50, 1.00)),),
    "lanyard": (),
}


def outline(garment: str, width: float, height: float) -> tuple[tuple[float, float], ...]:
    """The garment's outline in the units of `width` and `height`."""
    return tuple((x * width, y * height) for x, y in OUTLINES[garment])


def details(garment: str, width: float, height: float) -> list[tuple[tuple[float, float], ...]]:
    """The garment's seams and openings, as open lines."""
    return [tuple((x * width, y * height) for x, y in line) for line in DETAILS[garment]]
