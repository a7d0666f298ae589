"""Lengths: the one place that converts between points, millimetres, centimetres and inches."""

from __future__ import annotations

import re

from brandkit.i18n import Message

PT_PER_IN = 72.0
MM_PER_IN = 25.4
PT_PER_MM = PT_PER_IN / MM_PER_IN

_FACTORS = {
    "mm": PT_PER_MM,
    "cm": 10 * PT_PER_MM,
    "m": 1000 * PT_PER_MM,
    "pt": 1.0,
    "in": PT_PER_IN,
    "px": PT_PER_IN / 96,  # a CSS pixel: screens are laid out at 96 px to the inch
}
UNITS = tuple(_FACTORS)
"""The units a length in the spec (or a sheet size on the command line) may be written in."""

# CSS absolute units, as SVG sizes its drawing: the spec's without metres, and the pica.
_CSS_FACTORS = {**{u: f for u, f in _FACTORS.items() if u != "m"}, "pc": 12.0}

# One grammar for every length brandkit reads: a number, a unit of lower-case letters (or
# none). The spec's lengths take no sign but "-" and no exponent; SVG's may (CSS numbers).
_LENGTH = re.compile(
    r"^\s*(?P<number>(?P<sign>[-+]?)(?:\d+(?:\.\d*)?|\.\d+)(?P<exponent>[eE][-+]?\d+)?)"
    r"\s*(?P<unit>[a-z]*)\s*$"
)


def split_length(value: str) -> tuple[float, str] | None:
    """`value` ("85.6mm", "12 pt", "100") as its number and its unit ("" for none), or None
    when it is no number followed by letters. The unit is not checked."""
    match = _LENGTH.match(value)
    if match is None or match["sign"] == "+" or match["exponent"]:
        return None
    return float(match["number"]), match["unit"]


def parse_length(value: object, default_unit: str | None = None) -> float:
    """Return the length `value` (e.g. "85.6mm", "12pt", "1in") in points.

    A bare number is refused unless `default_unit` says what it counts (a sheet's width in
    "79x109cm" takes the unit of its height): a designer must say which unit they mean.
    """
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(
            Message(
                "expected a length with a unit such as '85.6mm' or '12pt', got {value!r}",
                value=value,
            )
        )
    split = split_length(value)
    unit = None if split is None else split[1] or default_unit
    if split is None or unit not in _FACTORS:
        raise ValueError(
            Message(
                "expected a length with a unit ({units}) such as '85.6mm', got {value!r}",
                units=", ".join(UNITS),
                value=value,
            )
        )
    return split[0] * _FACTORS[unit]


def css_length(value: str | None) -> float | None:
    """An SVG/CSS length (`width="100"`, `"30mm"`, `"1.5e2px"`) in points: a bare number is in
    px (SVG user units). None when missing, or a percentage or font-relative (em, ex): then it
    gives the drawing no size of its own; a signed number is no size either."""
    match = _LENGTH.match(value or "")
    if match is None or match["sign"] or match["unit"] not in (*_CSS_FACTORS, ""):
        return None
    return float(match["number"]) * _CSS_FACTORS[match["unit"] or "px"]


def unit_after_number(text: str, units: tuple[str, ...] = UNITS) -> str | None:
    """The first of `units` written straight after a number in `text` ("M 0 0 L 10mm 5" →
    "mm"), or None: for text whose numbers must be bare."""
    names = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
    match = re.search(rf"\d\s*({names})\b", text)
    return match[1] if match else None


def to_unit(value_pt: float, unit: str) -> float:
    """Points to `unit` (any of UNITS)."""
    return value_pt / _FACTORS[unit]


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
