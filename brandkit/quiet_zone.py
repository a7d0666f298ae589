"""The quiet zone of a QR code: four modules of light ground all round it, with nothing drawn
there (ISO/IEC 18004). A title whose descenders reach into it, a photo beside it or the edge of
a dark panel behind it make a code that phones read badly or not at all.

`violations` lays out every QR code of a layout for each record (a code's module size depends
on its data) with the texts, pictures and shapes near it, and reports what enters the zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from brandkit.colour import prints_black
from brandkit.errors import BrandkitError
from brandkit.fonts import FontMetrics
from brandkit.i18n import Message
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
    TurnedItem,
)
from brandkit.layout.template import Layout, Record, element_box, is_drawn, place_element
from brandkit.spec.model import PathElement, QrElement, RectElement, TableElement

QUIET_MODULES = 4
"""The quiet zone's width in modules (ISO/IEC 18004 asks for 4)."""
LARGEST_MODULE = 1 / 21
"""A module's largest share of a code's width (version 1: 21 modules)."""


Box = tuple[float, float, float, float]  # left, top, right, bottom, in points


@dataclass(frozen=True)
class Violation:
    qr: str  # the QR element's name
    intruder: str  # what enters its quiet zone
    who: str  # the record it happens for
    module_mm: float


def violations(
    layout: Layout, records: Iterable[Record], tables: bool = True
) -> Iterator[Violation]:
    """What enters the quiet zone of each QR code of `layout`, the first record it happens for
    (each QR element and intruder reported once). A table's codes stand in cells of one
    geometry on every page, so `tables=False` skips tables already checked."""
    seen: set[tuple[str, str]] = set()
    for index, element in enumerate(layout.template.elements):
        if not layout.drawn(index) or not isinstance(element, QrElement | TableElement):
            continue
        if isinstance(element, TableElement) and not tables:
            continue
        near = _near(layout, index)
        for record in records:
            if not is_drawn(element, record):
                continue
            for violation in _record_violations(layout, index, near, record):
                if (violation.qr, violation.intruder) not in seen:
                    seen.add((violation.qr, violation.intruder))
                    yield violation
            if isinstance(element, TableElement):
                break  # one page shows the table's geometry


def _near(layout: Layout, index: int) -> list[int]:
    """The other elements whose boxes come near element `index`'s largest quiet zone."""
    frame = layout.frames()[0][0]
    element = layout.template.elements[index]
    x0, y0, x1, y1 = element_box(element, frame)
    size = getattr(element, "size", None) if isinstance(element, QrElement) else None
    margin = QUIET_MODULES * LARGEST_MODULE * (size or max(x1 - x0, y1 - y0))
    zone = (x0 - margin, y0 - margin, x1 + margin, y1 + margin)
    return [
        other
        for other, candidate in enumerate(layout.template.elements)
        if other != index
        and layout.drawn(other)
        and intersects(element_box(candidate, frame), zone)
        and not _exclusive(element, candidate)
    ]


def _exclusive(a: object, b: object) -> bool:
    """Whether two elements are never drawn together (one `when` X, the other `unless` X)."""
    when_a, unless_a = getattr(a, "when", None), getattr(a, "unless", None)
    when_b, unless_b = getattr(b, "when", None), getattr(b, "unless", None)
    return bool((when_a and when_a == unless_b) or (unless_a and unless_a == when_b))


def _record_violations(
    layout: Layout, index: int, near: list[int], record: Record
) -> Iterator[Violation]:
    try:
        own = place_element(layout, index, record)
    except BrandkitError:  # a link no QR code holds: the build reports it
        return
    codes = [(box, item) for box, item in extents(own, layout.fonts) if isinstance(item, QrItem)]
    # Besides a code's own table's cells: the other elements near it.
    others: list[tuple[Box, str]] = [
        (box, "the table's cells")
        for box, item in extents(own, layout.fonts)
        if not isinstance(item, QrItem)
    ]
    shapes: list[tuple[int, Box, bool]] = []  # fills below the code: (element, box, light)
    for other in near:
        element = layout.template.elements[other]
        if not is_drawn(element, record):
            continue
        try:
            placed = place_element(layout, other, record)
        except BrandkitError:
            continue
        label = element.name or f"elements[{other}]"
        fill = element.fill if isinstance(element, RectElement | PathElement) else None
        for box, _ in extents(placed, layout.fonts):
            if fill is not None and other < index:
                shapes.append((other, box, light(layout, fill)))
            else:
                others.append((box, label))
    for box, code in codes:
        yield from _zone_violations(layout, index, record, box, code, others, shapes)


def _zone_violations(
    layout: Layout,
    index: int,
    record: Record,
    box: Box,
    code: QrItem,
    others: list[tuple[Box, str]],
    shapes: list[tuple[int, Box, bool]],
) -> Iterator[Violation]:
    element = layout.template.elements[index]
    name = element.name or f"elements[{index}]"
    module = code.size / code.modules
    margin = QUIET_MODULES * module
    zone = (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)
    module_mm = module / 72 * 25.4
    for other_box, label in others:
        if intersects(other_box, zone) and not _inside(other_box, box):
            yield Violation(name, label, record.who, module_mm)
    # The ground under the zone: the topmost fill that covers it must be light, and no fill
    # may end inside it.
    for other, shape_box, is_light in sorted(shapes, key=lambda s: -s[0]):
        if not intersects(shape_box, zone):
            continue
        label = layout.template.elements[other].name or f"elements[{other}]"
        covers = _inside(zone, shape_box)
        if not covers or not is_light:
            yield Violation(
                name, Message("{label} (the ground)", label=label), record.who, module_mm
            )
        break


def _inside(inner: Box, outer: Box) -> bool:
    return (
        outer[0] <= inner[0] + 1e-6
        and outer[1] <= inner[1] + 1e-6
        and inner[2] <= outer[2] + 1e-6
        and inner[3] <= outer[3] + 1e-6
    )


def intersects(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def light(layout: Layout, colour: str | None) -> bool:
    """Whether a fill reads as light ground (paper, not a dark ink) under a QR code."""
    return colour is None or not prints_black(layout.inks[colour].hex)


def extents(items: Iterable[Item], fonts: dict[str, FontMetrics]) -> list[tuple[Box, Item]]:
    """What each item covers on the sheet: a box per line of text (its glyphs' full height),
    per picture, code and shape; a table's cells one by one."""
    out: list[tuple[Box, Item]] = []
    for item in items:
        if isinstance(item, GroupItem):
            out += [(b, i) for b, i in extents(item.items, fonts) if not _table_ground(i)]
        elif isinstance(item, TurnedItem):
            out += [(_turned(b, item.cx, item.cy), i) for b, i in extents((item.item,), fonts)]
        elif isinstance(item, TextItem):
            font = fonts[item.font]
            out += [
                ((line.x, line.baseline - font.ascent * item.size, line.x + line.width,
                  line.baseline + font.descent * item.size), item)
                for line in item.lines
            ]  # fmt: skip
        else:
            out.append((_box(item), item))
    return out


def _table_ground(item: Item) -> bool:
    """A table's own fills and rules are the ground its codes stand on, not intruders."""
    return isinstance(item, RectItem | LineItem)


def _box(item: Item) -> Box:
    if isinstance(item, RectItem | ImageItem | LogoItem):
        return item.x, item.y, item.x + item.w, item.y + item.h
    if isinstance(item, QrItem):
        return item.x, item.y, item.x + item.size, item.y + item.size
    if isinstance(item, LineItem):
        half = item.width / 2
        return (min(item.x, item.x2) - half, min(item.y, item.y2) - half,
                max(item.x, item.x2) + half, max(item.y, item.y2) + half)  # fmt: skip
    assert isinstance(item, PathItem)
    points = [p for outline, _ in item.outlines for p in outline]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _turned(box: Box, cx: float, cy: float) -> Box:
    return 2 * cx - box[2], 2 * cy - box[3], 2 * cx - box[0], 2 * cy - box[1]
