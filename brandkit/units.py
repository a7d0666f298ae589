"""Lengths: the one place that converts between points, millimetres, centimetres and inches."""

from __future__ import annotations

import re

PT_PER_IN = 72.0
MM_PER_IN = 25.4
PT_PER_MM = PT_PER_IN / MM_PER_IN

_FACTORS = {
    "pt": 1.0,
    "mm": PT_PER_MM,
    "cm": 10 * PT_PER_MM,
    "m": 1000 * PT_PER_MM,
    "in": PT_PER_IN,
    "px": PT_PER_IN / 96,  # a CSS pixel: screens are laid out at 96 px to the inch
}
_LENGTH = re.compile(r"^\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*(pt|mm|cm|m|in|px)\s*$")


def parse_length(value: object) -> float:
    """Return the length `value` (e.g. "85.6mm", "12pt", "1in") in points.

    A bare number is refused: a designer must say which unit they mean.
    """
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"expected a length with a unit such as '85.6mm' or '12pt', got {value!r}")
    match = _LENGTH.match(value)
    if not match:
        raise ValueError(
            f"expected a length with a unit (mm, cm, m, pt, in, px) such as '85.6mm', got {value!r}"
        )
    number, unit = match.groups()
    return float(number) * _FACTORS[unit]


def mm(value_mm: float) -> float:
    """Millimetres to points."""
    return value_mm * PT_PER_MM


def px(value_px: float) -> float:
    """Screen pixels (96 to the inch) to points."""
    return value_px * PT_PER_IN / 96


def to_px(value_pt: float) -> float:
    """Points to screen pixels."""
    return value_pt * 96 / PT_PER_IN


def to_mm(value_pt: float) -> float:
    """Points to millimetres."""
    return value_pt / PT_PER_MM
