"""Lay out one page of a template for one record; each element type is a small function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from brandkit.errors import FitError, FontError, Problem
from brandkit.fonts import FontMetrics, describe_char
from brandkit.layout.page import (
    ImageItem,
    Ink,
    Item,
    LineItem,
    LogoItem,
    Page,
    QrItem,
    RectItem,
    TextItem,
    TextLine,
)
from brandkit.layout.qr import qr_modules
from brandkit.layout.text import fit_text
from brandkit.spec.model import (
    FIELD_REF,
    ImageElement,
    LineElement,
    LogoElement,
    QrElement,
    RectElement,
    Spec,
    Template,
    TextElement,
)
from brandkit.text import normalise_text
from brandkit.units import to_mm


@dataclass(frozen=True)
class Record:
    """What one page is made for: values by root (`staff`, `unit`) and where they came from."""

    values: dict[str, dict[str, str]]
    who: str
    file: str | None = None
    row: int | None = None
    files: dict[str, Path] = field(default_factory=dict)  # resolved paths of file fields
    pixels: dict[str, tuple[int, int]] = field(default_factory=dict)  # their sizes, if images

    def problem(self, element: str, message: str) -> Problem:
        return Problem(f"{self.who}: {message}", self.file, self.row, element)


@dataclass(frozen=True)
class Layout:
    """Everything a template needs that does not change from record to record."""

    name: str
    template: Template
    inks: dict[str, Ink]
    fonts: dict[str, FontMetrics]
    background: tuple[Item, ...] = field(init=False, default=())
    per_record: tuple[int, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        background, per_record = split_background(self)
        object.__setattr__(self, "background", background)
        object.__setattr__(self, "per_record", per_record)


STATIC_TYPES = ("rect", "line", "logo")


def split_background(layout: Layout) -> tuple[tuple[Item, ...], tuple[int, ...]]:
    """Items that are the same on every page (drawn once per PDF as a form), and the indexes
    of the elements laid out per record.

    A bound-free rectangle, line or logo joins the background unless it overlaps an element
    drawn before it that changes per record: moving it under that element would change what
    covers what.
    """
    template = layout.template
    blank = Record({}, "")
    background: list[Item] = []
    per_record: list[int] = []
    changing: list[tuple[float, float, float, float]] = []
    for index, element in enumerate(template.elements):
        box = _box(element)
        static = element.type in STATIC_TYPES and element.when is None and element.unless is None
        if static and not any(_overlap(box, other) for other in changing):
            item = ELEMENTS[element.type](layout, element, blank, _element_label(element, index))
            if item is not None:
                background.append(item)
            continue
        per_record.append(index)
        changing.append(box)
    return tuple(background), tuple(per_record)


def _box(element: Any) -> tuple[float, float, float, float]:
    if isinstance(element, LineElement):
        return (
            min(element.x, element.x2), min(element.y, element.y2),
            max(element.x, element.x2), max(element.y, element.y2),
        )  # fmt: skip
    if isinstance(element, QrElement):
        return element.x, element.y, element.x + element.size, element.y + element.size
    return element.x, element.y, element.x + element.w, element.y + element.h


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def make_inks(spec: Spec) -> dict[str, Ink]:
    """The spec's colours as inks (CMYK percentages become 0–1 fractions)."""
    return {
        name: Ink(name, _fractions(c.cmyk), c.hex.upper(), c.spot)
        for name, c in spec.colours.items()
    }


def _fractions(cmyk: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    c, m, y, k = cmyk
    return c / 100, m / 100, y / 100, k / 100


def fill_fields(template: str, values: dict[str, dict[str, str]], url: bool = False) -> str:
    """Replace `{staff.name}`-style fields; in URLs the values are percent-encoded."""

    def value(match: Any) -> str:
        text = values.get(match.group(1), {}).get(match.group(2), "")
        return quote(text, safe="") if url else text

    return FIELD_REF.sub(value, template)


def _field_value(ref: str, record: Record) -> str:
    root, _, name = ref.partition(".")
    return record.values.get(root, {}).get(name, "")


def _element_label(element: Any, index: int) -> str:
    return element.name or f"elements[{index}]"


def layout_page(layout: Layout, record: Record) -> Page:
    """The page of `layout` for `record`; raises with every text that cannot be set."""
    problems: list[Problem] = []
    items: list[Item] = []
    template = layout.template
    for index in layout.per_record:
        element = template.elements[index]
        if element.when is not None and not _field_value(element.when, record):
            continue
        if element.unless is not None and _field_value(element.unless, record):
            continue
        try:
            draw = ELEMENTS[element.type]
            item = draw(layout, element, record, _element_label(element, index))
        except (FitError, FontError) as exc:
            problems += exc.problems
            continue
        if item is not None:
            items.append(item)
    if problems:
        fonts_failed = any("not in font" in p.message for p in problems)
        raise (FontError if fonts_failed else FitError)(problems)
    size = template.size
    return Page(
        size.width, size.height, template.bleed, tuple(items), record.who, layout.background
    )


def _rect(layout: Layout, element: RectElement, record: Record, label: str) -> Item:
    x, y, w, h = element.x, element.y, element.w, element.h
    if element.bleed:
        # Extend every edge that touches the trim out to the bleed, so no white sliver shows
        # when the cut drifts.
        t = layout.template
        b = t.bleed
        right, bottom = x + w, y + h
        if x <= 1e-6:
            x -= b
        if y <= 1e-6:
            y -= b
        if right >= t.size.width - 1e-6:
            right += b
        if bottom >= t.size.height - 1e-6:
            bottom += b
        w, h = right - x, bottom - y
    fill = layout.inks[element.fill] if element.fill else None
    stroke = layout.inks[element.stroke] if element.stroke else None
    return RectItem(x, y, w, h, fill, stroke, element.stroke_width if stroke else 0.0)


def _line(layout: Layout, element: LineElement, record: Record, label: str) -> Item:
    colour = layout.inks[element.colour]
    return LineItem(element.x, element.y, element.x2, element.y2, colour, element.width)


def _text(layout: Layout, element: TextElement, record: Record, label: str) -> Item | None:
    text = normalise_text(fill_fields(element.text, record.values))
    if not text:
        return None
    if element.transform == "upper":
        text = normalise_text(text.upper())
    font = layout.fonts[element.font]
    missing = font.missing(text)
    if missing:
        chars = ", ".join(f"{describe_char(c)} ({c!r})" for c in missing)
        raise FontError(
            record.problem(
                label, f"character {chars} is not in font {element.font!r} ({font.path.name})"
            )
        )
    min_size = element.min_size if element.min_size is not None else element.size
    fitted = fit_text(
        text, font, element.w, element.h, element.size, min_size, element.line_height,
        element.max_lines, balance=element.align == "center",
    )  # fmt: skip
    if fitted is None:
        raise FitError(
            record.problem(
                label,
                f"{text!r} does not fit its {to_mm(element.w):.1f} × {to_mm(element.h):.1f} mm "
                f"box even at the minimum size {min_size:g} pt"
                + (f" in {element.max_lines} lines" if element.max_lines else ""),
            )
        )
    size = fitted.size
    line_advance = element.line_height * size
    block = (len(fitted.lines) - 1) * line_advance + (font.ascent + font.descent) * size
    top = element.y
    if element.valign == "middle":
        top += (element.h - block) / 2
    elif element.valign == "bottom":
        top += element.h - block
    lines = []
    for i, (line, width) in enumerate(zip(fitted.lines, fitted.widths, strict=True)):
        x = element.x
        if element.align == "center":
            x += (element.w - width) / 2
        elif element.align == "right":
            x += element.w - width
        baseline = top + font.ascent * size + i * line_advance
        lines.append(TextLine(x, baseline, line, width))
    box = (element.x, element.y, element.w, element.h)
    return TextItem(element.font, size, layout.inks[element.colour], tuple(lines), box, label)


def _logo(layout: Layout, element: LogoElement, record: Record, label: str) -> Item:
    return LogoItem(element.logo, element.x, element.y, element.w, element.h)


def _qr(layout: Layout, element: QrElement, record: Record, label: str) -> Item:
    data = fill_fields(element.data, record.values, url=True)
    modules, rects = qr_modules(data, element.ec)
    colour = layout.inks[element.colour]
    return QrItem(element.x, element.y, element.size, modules, rects, colour, data)


def _image(layout: Layout, element: ImageElement, record: Record, label: str) -> Item | None:
    source = fill_fields(element.source, record.values)
    if not source:
        return None
    path = record.files.get(source)
    if path is None:
        raise FitError(record.problem(label, f"image {source!r} was not found"))
    dpi = None
    pixels = record.pixels.get(source)
    if pixels is not None:
        # Points per image pixel once placed: `cover` crops the image to the box, so the
        # tighter side decides; `contain` fits all of it inside.
        pick = max if element.fit == "cover" else min
        dpi = 72 / pick(element.w / pixels[0], element.h / pixels[1])
    return ImageItem(path, element.x, element.y, element.w, element.h, element.fit, label, dpi)


ELEMENTS: dict[str, Callable[..., Item | None]] = {
    "rect": _rect,
    "line": _line,
    "text": _text,
    "logo": _logo,
    "qr": _qr,
    "image": _image,
}
"""Element type → the function that lays it out (the registry the spec's `type` selects from)."""
