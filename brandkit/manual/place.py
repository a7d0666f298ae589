"""Laid-out items moved and scaled onto a manual page: a piece drawn small beside its
measurements, still vector, in the inks it prints in."""

from __future__ import annotations

from dataclasses import replace

from brandkit.layout.page import (
    GroupItem,
    ImageItem,
    Item,
    LineItem,
    LogoItem,
    PathItem,
    QrItem,
    RectItem,
    TextItem,
    TextLine,
    TurnedItem,
)

HAIRLINE_PT = 0.25  # the thinnest stroke preflight lets through


def placed(items: tuple[Item, ...], dx: float, dy: float, scale: float) -> tuple[Item, ...]:
    """`items` scaled by `scale` about the page's corner, then moved by (dx, dy) points."""
    return tuple(_place(item, dx, dy, scale) for item in items)


def _dash(dash: tuple[float, ...], s: float) -> tuple[float, ...]:
    return tuple(d * s for d in dash)


def _stroke(width: float, s: float) -> float:
    """A stroke's width drawn smaller, never below what a press holds (0.25 pt)."""
    return max(width * s, HAIRLINE_PT) if width > 0 else 0.0


def _place(item: Item, dx: float, dy: float, s: float) -> Item:
    if isinstance(item, GroupItem):
        return GroupItem(placed(item.items, dx, dy, s))
    if isinstance(item, TurnedItem):
        return TurnedItem(_place(item.item, dx, dy, s), item.cx * s + dx, item.cy * s + dy)
    if isinstance(item, TextItem):
        lines = tuple(
            TextLine(line.x * s + dx, line.baseline * s + dy, line.text, line.width * s)
            for line in item.lines
        )
        x, y, w, h = item.box
        box = (x * s + dx, y * s + dy, w * s, h * s)
        return replace(item, size=item.size * s, lines=lines, box=box)
    if isinstance(item, RectItem):
        return replace(
            item, x=item.x * s + dx, y=item.y * s + dy, w=item.w * s, h=item.h * s,
            stroke_width=_stroke(item.stroke_width, s), dash=_dash(item.dash, s),
        )  # fmt: skip
    if isinstance(item, LineItem):
        return replace(
            item, x=item.x * s + dx, y=item.y * s + dy, x2=item.x2 * s + dx, y2=item.y2 * s + dy,
            width=_stroke(item.width, s), dash=_dash(item.dash, s),
        )  # fmt: skip
    if isinstance(item, PathItem):
        outlines = tuple(
            (tuple((x * s + dx, y * s + dy) for x, y in points), closed)
            for points, closed in item.outlines
        )
        return replace(
            item,
            outlines=outlines,
            stroke_width=_stroke(item.stroke_width, s),
            dash=_dash(item.dash, s),
        )
    if isinstance(item, LogoItem | ImageItem):
        moved = replace(item, x=item.x * s + dx, y=item.y * s + dy, w=item.w * s, h=item.h * s)
        if isinstance(moved, ImageItem) and moved.dpi is not None:
            moved = replace(moved, dpi=moved.dpi / s)  # the same pixels over a smaller area
        return moved
    if isinstance(item, QrItem):
        return replace(item, x=item.x * s + dx, y=item.y * s + dy, size=item.size * s)
    raise TypeError(f"no way to place {type(item).__name__}")
