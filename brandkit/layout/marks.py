"""Printer's marks outside the trim: where they go and how much paper they need."""

from __future__ import annotations

from brandkit.units import mm

# Crop marks: 5 mm long, starting 1 mm beyond the bleed so a mark never prints inside it, in
# 0.3 pt lines (above the 0.25 pt a press can hold). The media box leaves 1 mm beyond them.
MARK_GAP = mm(1)
MARK_LENGTH = mm(5)
MARK_WIDTH = 0.3


def media_margin(bleed: float) -> float:
    """Distance from the trim edge to the media edge: bleed, gap, crop mark, 1 mm."""
    return bleed + MARK_GAP + MARK_LENGTH + mm(1)
