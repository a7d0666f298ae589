"""Colour arithmetic shared by layout, rules and rasters: luma and black-or-paper decisions."""

from __future__ import annotations


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """`#RRGGBB` as 0–255 channels."""
    value = int(hex_colour[1:], 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def luma(hex_colour: str) -> float:
    """ITU-R BT.601 luma, 0–255: what Pillow's greyscale conversion (and so a thermal
    printer's 1-bit logo) uses."""
    r, g, b = rgb(hex_colour)
    return (299 * r + 587 * g + 114 * b) / 1000


def prints_black(hex_colour: str) -> bool:
    """Whether a one-colour (thermal) printer prints this colour as black: luma below half,
    the same threshold as the 1-bit ticket logos, so a proof matches the ticket."""
    return luma(hex_colour) < 128
