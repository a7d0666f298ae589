"""The laid-out page: plain data in points, origin at the trim's top-left corner, y downwards."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Ink:
    """A resolved brand colour: CMYK in 0–1 for print, hex for screens, optional spot name."""

    name: str
    cmyk: tuple[float, float, float, float]
    hex: str
    spot: str | None = None
    overprint: bool = False


@dataclass(frozen=True)
class RectItem:
    x: float
    y: float
    w: float
    h: float
    fill: Ink | None
    stroke: Ink | None = None
    stroke_width: float = 0.0
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class LineItem:
    x: float
    y: float
    x2: float
    y2: float
    colour: Ink
    width: float
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class PathItem:
    """Outlines in points from the trim's top-left corner; each (points, closed)."""

    outlines: tuple[tuple[tuple[tuple[float, float], ...], bool], ...]
    fill: Ink | None
    stroke: Ink | None
    stroke_width: float
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class TextLine:
    x: float
    baseline: float
    text: str
    width: float


@dataclass(frozen=True)
class TextItem:
    """Fitted text: every line placed, all inside the element's box."""

    font: str
    size: float
    colour: Ink
    lines: tuple[TextLine, ...]
    box: tuple[float, float, float, float]
    field: str


@dataclass(frozen=True)
class LogoItem:
    logo: str
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class QrItem:
    """A QR symbol of `data` at error correction `ec`, `modules` wide, `size` points."""

    x: float
    y: float
    size: float
    modules: int
    colour: Ink
    data: str
    ec: str = "M"

    @property
    def rects(self) -> str:
        """Its dark areas in modules, row 0 on top: a PDF path of `column row width height
        re` (see layout.qr), traced when the code is drawn, not when it is laid out."""
        from brandkit.layout.qr import qr_rects

        return qr_rects(self.data, self.ec)


@dataclass(frozen=True)
class ImageItem:
    path: Path
    x: float
    y: float
    w: float
    h: float
    fit: str
    field: str
    dpi: float | None = None  # effective resolution once placed, when the pixel size is known


@dataclass(frozen=True)
class TurnedItem:
    """`item` turned half a turn about (cx, cy): the back face of a tent card, a pocket."""

    item: Item
    cx: float
    cy: float


@dataclass(frozen=True)
class GroupItem:
    """Items drawn together, in order: a table's cells."""

    items: tuple[Item, ...]


Item = (
    RectItem
    | LineItem
    | PathItem
    | TextItem
    | LogoItem
    | QrItem
    | ImageItem
    | TurnedItem
    | GroupItem
)


@dataclass(frozen=True)
class Page:
    """One page of an asset: trim size, bleed, and what is drawn on it, in order.

    `background` is drawn first and is the same object on every page of a template, so a
    renderer can draw it once and refer to it from each page.
    """

    width: float
    height: float
    bleed: float
    items: tuple[Item, ...]
    label: str
    background: tuple[Item, ...] = ()
    folds: tuple[tuple[str, float], ...] = ()  # ("x" or "y", position): marked beside the trim
    marks: bool = True  # crop marks and a margin for them; a screen has neither


def leaves(items: Iterable[Item]) -> Iterator[Item]:
    """Every item drawn, groups opened and turned items unwrapped (each as laid out before its
    turn): for checks that look for a kind of item wherever it sits."""
    for item in items:
        if isinstance(item, GroupItem):
            yield from leaves(item.items)
        elif isinstance(item, TurnedItem):
            yield from leaves((item.item,))
        else:
            yield item


def anchored(
    width: float, height: float, anchor: str, x: float, y: float, w: float, h: float
) -> tuple[float, float]:
    """The top-left corner of a `w` × `h` box placed at (x, y) from `anchor` on a face of
    `width` × `height`: from the corner it names to the box's nearest edges, or, along a
    centred axis (`top`, `center`, `bottom` across; `left`, `center`, `right` down), from the
    face's middle to the box's."""
    if anchor.endswith("right"):
        left = width - x - w
    elif anchor in ("top", "center", "bottom"):
        left = (width - w) / 2 + x
    else:
        left = x
    if anchor.startswith("bottom"):
        top = height - y - h
    elif anchor in ("left", "center", "right"):
        top = (height - h) / 2 + y
    else:
        top = y
    return left, top
