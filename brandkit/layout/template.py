"""Lay out one page of a template for one record; each element type is a small function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from brandkit.colour import prints_black
from brandkit.envelope_blank import envelope_blank
from brandkit.errors import AssetError, FitError, FontError, Problem
from brandkit.fonts import FontMetrics, describe_char
from brandkit.i18n import Message, said
from brandkit.layout.finishing import Die, die_items, die_of
from brandkit.layout.page import (
    GroupItem,
    ImageItem,
    Ink,
    Item,
    LineItem,
    LogoItem,
    Page,
    PathItem,
    QrItem,
    RectItem,
    TextItem,
    TextLine,
    TurnedItem,
    anchored,
)
from brandkit.layout.path import parse_path
from brandkit.layout.qr import QrDataError, qr_symbol
from brandkit.layout.table import Setting, Table
from brandkit.layout.text import FittedText, block_height, fit_text
from brandkit.photos import PhotoError, inspect_photo
from brandkit.spec.model import (
    FIELD_REF,
    Anchor,
    ImageElement,
    LineElement,
    LogoElement,
    PathElement,
    QrElement,
    RectElement,
    Size,
    Spec,
    TableElement,
    Template,
    TextElement,
)
from brandkit.text import normalise_text
from brandkit.text.words import VIETNAMESE, Words
from brandkit.units import mm, to_mm


@dataclass(frozen=True)
class Record:
    """What one page is made for: values by root (`staff`, `unit`, `counter`) and where they
    came from."""

    values: dict[str, dict[str, str]]
    who: str
    file: str | None = None
    row: int | None = None
    files: dict[str, Path] = field(default_factory=dict)  # resolved paths of file fields
    pixels: dict[str, tuple[int, int]] = field(default_factory=dict)  # their sizes, if images
    # Where each root's values come from, (file, line), when not `file`/`row`: a desk plate's
    # unit name is fixed in the spec, not in the staff list.
    origins: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    rows: tuple[Any, ...] = ()  # a procedure board page's table entries (Heading, TableRow)
    table: Setting | None = None  # what the board's table is set at, the same on every page

    def problem(self, element: str, message: str, text: str = "") -> Problem:
        """A problem with `element`, located where the data its `text` binds comes from: the
        person's row, a counter's line, or the unit's name when only unit fields are used."""
        file, row = self.file, self.row
        roots = {m.group(1) for m in FIELD_REF.finditer(text)}
        for root in ("staff", "counter", "unit"):
            if root in roots:
                file, row = self.origins.get(root, (file, row))
                break
        return Problem(
            Message("{who}: {message}", who=self.who, message=message), file, row, element
        )


@dataclass(frozen=True)
class Frame:
    """Where a template's elements are placed: a face of `width` × `height` whose top-left
    corner sits at (`dx`, `dy`) on the sheet. Anchors measure from this face's edges."""

    width: float
    height: float
    dx: float = 0.0
    dy: float = 0.0
    # Which of its edges (left, top, right, bottom, as laid out) end at the trim, where a
    # `bleed: true` rectangle runs on into the bleed; a tent card's fold is not one.
    outer: tuple[bool, bool, bool, bool] = (True, True, True, True)

    def box(self, anchor: Anchor, x: float, y: float, w: float, h: float) -> tuple[float, float]:
        """The top-left corner on the sheet of a `w` × `h` box placed at (x, y) from `anchor`."""
        left, top = anchored(self.width, self.height, anchor, x, y, w, h)
        return self.dx + left, self.dy + top

    def point(self, anchor: Anchor, x: float, y: float) -> tuple[float, float]:
        """A point placed at (x, y) from `anchor`, on the sheet."""
        return self.box(anchor, x, y, 0.0, 0.0)


@dataclass(frozen=True)
class Layout:
    """Everything a template needs that does not change from record to record, for one of
    its sizes (`size_name` is "" when the template has a single `size`)."""

    name: str
    template: Template
    inks: dict[str, Ink]
    fonts: dict[str, FontMetrics]
    size_name: str = ""
    words: Words = VIETNAMESE  # where lines may break: the dictionary and the spec's terms
    background: tuple[Item, ...] = field(init=False, default=())
    per_record: tuple[int, ...] = field(init=False, default=())
    die: Die = field(init=False, default=Die())  # cut contour, slots, holes; a blank's flaps
    # Texts already fitted, by (element, text): `check` fits every text before a build, and the
    # build's layout (in this process or in workers forked from it) reuses the result.
    fitted: dict[tuple[int, str], FittedText] = field(
        init=False, default_factory=dict, repr=False, compare=False
    )
    # Elements that show only the unit's values (or none) are the same on every page of a
    # unit's PDF: laid out once, by (element, values), and shared, so the renderer draws
    # them once per PDF (see render.pdf's shared runs).
    placed: dict[tuple[int, tuple[str, ...]], list[Item]] = field(
        init=False, default_factory=dict, repr=False, compare=False
    )
    _shared_refs: dict[int, tuple[str, ...] | None] = field(
        init=False, default_factory=dict, repr=False, compare=False
    )
    _die_items: list[tuple[Item, ...]] = field(
        init=False, default_factory=list, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.template.monochrome:
            object.__setattr__(self, "inks", monochrome_inks(self.inks))
        background, per_record = split_background(self)
        object.__setattr__(self, "background", background)
        object.__setattr__(self, "per_record", per_record)
        object.__setattr__(self, "die", die_of(self.template, self.size))

    @property
    def size(self) -> Size:
        return self.template.named_sizes()[self.size_name]

    @property
    def sheet(self) -> tuple[float, float]:
        """The flat trim size in points."""
        return self.template.sheet(self.size)

    def frames(self) -> tuple[tuple[Frame, bool], ...]:
        """Each face the elements are laid out on, and whether it is turned 180°: a tent card
        has its front face below the fold and its back face, turned, above it."""
        w, h = self.size.width, self.size.height
        if self.template.blank:  # the face amid its flaps; its edges fold
            left, top, _, _ = envelope_blank(w, h).face
            return ((Frame(w, h, left, top), False),)
        if self.template.tent:
            # Both faces are laid out upright with their top edge on the fold; the back one is
            # then turned, which takes its bottom edge to the top of the sheet.
            at_fold = (True, False, True, True)
            return (
                (Frame(w, h, 0.0, h, at_fold), False),
                (Frame(w, h, 0.0, 0.0, at_fold), True),
            )
        return ((Frame(w, h), False),)

    def folds(self) -> tuple[tuple[str, float], ...]:
        """Folds to mark beside the trim: ("x", position) is a vertical fold."""
        marks = [("y", self.size.height)] if self.template.tent else []
        for fold in self.template.folds:
            marks.append(("x", fold.x) if fold.x is not None else ("y", fold.y or 0.0))
        return tuple(marks)

    def shared_refs(self, index: int) -> tuple[str, ...] | None:
        """The fields (`unit.name` …) element `index` shows when they are all the unit's (or
        it shows none): its items are then the same for every record of a unit. None for
        an element that differs from record to record (a person, a counter, a table, a photo)."""
        if index not in self._shared_refs:
            self._shared_refs[index] = _shared_refs(self.template.elements[index])
        return self._shared_refs[index]

    def die_items(self) -> tuple[Item, ...]:
        """The die line's items, drawn over the artwork of every page (made once)."""
        if not self._die_items:
            self._die_items.append(tuple(die_items(self.die, self.inks)))
        return self._die_items[0]

    def drawn(self, index: int) -> bool:
        """Whether element `index` is drawn on this size at all."""
        sizes = self.template.elements[index].sizes
        return sizes is None or self.size_name in sizes


def layouts_for(
    name: str,
    template: Template,
    inks: dict[str, Ink],
    fonts: dict[str, FontMetrics],
    words: Words = VIETNAMESE,
) -> dict[str, Layout]:
    """A layout per size of `template`, keyed `name` or `name@SIZE`."""
    return {
        layout_key(name, size): Layout(name, template, inks, fonts, size, words)
        for size in template.named_sizes()
    }


def layout_key(template: str, size: str) -> str:
    return f"{template}@{size}" if size else template


STATIC_TYPES = ("rect", "line", "path", "logo")


def split_background(layout: Layout) -> tuple[tuple[Item, ...], tuple[int, ...]]:
    """Items that are the same on every page (drawn once per PDF as a form), and the indexes
    of the elements laid out per record.

    A bound-free rectangle, line, path or logo joins the background unless it overlaps an
    element drawn before it that changes per record: moving it under that element would
    change what covers what.
    """
    template = layout.template
    blank = Record({}, "")
    background: list[Item] = []
    per_record: list[int] = []
    changing: list[tuple[float, float, float, float]] = []
    frame = layout.frames()[0][0]
    for index, element in enumerate(template.elements):
        if not layout.drawn(index):
            continue
        box = element_box(element, frame)
        static = element.type in STATIC_TYPES and element.when is None and element.unless is None
        if static and not any(_overlap(box, other) for other in changing):
            background += place_element(layout, index, blank)
            continue
        per_record.append(index)
        changing.append(box)
    return tuple(background), tuple(per_record)


SHARED_ROOTS = frozenset({"unit", "link"})  # the same for every record of a unit's PDF
_UNSHARED_TYPES = ("table", "image")  # a board's rows, a person's photo


def _shared_refs(element: Any) -> tuple[str, ...] | None:
    if element.type in _UNSHARED_TYPES:
        return None
    refs: set[str] = set()
    for key in ("text", "short", "data", "source"):
        value = getattr(element, key, None)
        if isinstance(value, str):
            refs |= {f"{root}.{name}" for root, name in FIELD_REF.findall(value)}
    refs |= {ref for ref in (element.when, element.unless) if ref}
    if any(ref.partition(".")[0] not in SHARED_ROOTS for ref in refs):
        return None
    return tuple(sorted(refs))


def place_element(layout: Layout, index: int, record: Record) -> list[Item]:
    """Element `index` laid out for `record` on every face of the layout; an element that
    shows only the unit's values is laid out once per unit and its items shared."""
    refs = layout.shared_refs(index)
    if refs is None:
        return _place_element(layout, index, record)
    key = (index, tuple(field_value(ref, record) for ref in refs))
    items = layout.placed.get(key)
    if items is None:
        items = _place_element(layout, index, record)
        if len(layout.placed) < 20_000:
            layout.placed[key] = items
    return list(items)  # the items themselves are shared; the list is the caller's


def _place_element(layout: Layout, index: int, record: Record) -> list[Item]:
    element = layout.template.elements[index]
    draw = ELEMENTS[element.type]
    label = _element_label(element, index)
    out: list[Item] = []
    for frame, turned in layout.frames():
        item = draw(layout, element, record, label, frame)
        if item is None:
            continue
        if element.rotate == 180:
            if isinstance(item, RectItem):
                # About the rectangle as drawn, bleed included, so the bleed stays outside.
                centre = (item.x + item.w / 2, item.y + item.h / 2)
            else:
                x0, y0, x1, y1 = element_box(element, frame)
                centre = ((x0 + x1) / 2, (y0 + y1) / 2)
            item = TurnedItem(item, *centre)
        if turned:
            item = _turn(item, frame)
        out.append(item)
    return out


def _turn(item: Item, frame: Frame) -> Item:
    """`item` turned half a turn about the centre of `frame`."""
    cx, cy = frame.dx + frame.width / 2, frame.dy + frame.height / 2
    if isinstance(item, TurnedItem):
        # Two half turns about different centres make a shift by twice their distance.
        return _shift(item.item, 2 * (cx - item.cx), 2 * (cy - item.cy))
    return TurnedItem(item, cx, cy)


def _shift(item: Any, dx: float, dy: float) -> Any:
    if isinstance(item, GroupItem):
        return GroupItem(tuple(_shift(inner, dx, dy) for inner in item.items))
    if isinstance(item, TextItem):
        lines = tuple(replace(ln, x=ln.x + dx, baseline=ln.baseline + dy) for ln in item.lines)
        bx, by, bw, bh = item.box
        return replace(item, lines=lines, box=(bx + dx, by + dy, bw, bh))
    if isinstance(item, LineItem):
        return replace(item, x=item.x + dx, y=item.y + dy, x2=item.x2 + dx, y2=item.y2 + dy)
    if isinstance(item, PathItem):
        outlines = tuple(
            (tuple((px + dx, py + dy) for px, py in points), closed)
            for points, closed in item.outlines
        )
        return replace(item, outlines=outlines)
    return replace(item, x=item.x + dx, y=item.y + dy)


def element_box(element: Any, frame: Frame) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of `element` on the sheet, in points."""
    anchor = element.anchor
    if isinstance(element, LineElement):
        x0, y0 = frame.point(anchor, element.x, element.y)
        x1, y1 = frame.point(anchor, element.x2, element.y2)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
    if isinstance(element, PathElement):
        points = [
            frame.point(anchor, mm(px), mm(py))
            for sub in parse_path(element.d)
            for px, py in sub.points
        ]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return min(xs), min(ys), max(xs), max(ys)
    if isinstance(element, QrElement):
        x, y = frame.box(anchor, element.x, element.y, element.size, element.size)
        return x, y, x + element.size, y + element.size
    x, y = frame.box(anchor, element.x, element.y, element.w, element.h)
    return x, y, x + element.w, y + element.h


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def make_inks(spec: Spec) -> dict[str, Ink]:
    """The spec's colours as inks (CMYK percentages become 0–1 fractions)."""
    return {
        name: Ink(name, _fractions(c.cmyk), c.hex.upper(), c.spot, c.overprint)
        for name, c in spec.colours.items()
    }


def monochrome_inks(inks: dict[str, Ink]) -> dict[str, Ink]:
    """`inks` for a one-colour printer: dark ones black (K 100 %), light ones paper; each keeps
    its hex, so a logo's colours still find their ink."""
    black, paper = (0.0, 0.0, 0.0, 1.0), (0.0, 0.0, 0.0, 0.0)
    return {
        name: replace(ink, cmyk=black if prints_black(ink.hex) else paper, spot=None)
        for name, ink in inks.items()
    }


def _fractions(cmyk: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    c, m, y, k = cmyk
    return c / 100, m / 100, y / 100, k / 100


def fill_fields(template: str, values: dict[str, dict[str, str]], url: bool = False) -> str:
    """Replace `{staff.name}`-style fields; in URLs the values are percent-encoded (but not
    `{link.NAME}`, which is a URL)."""

    def value(match: Any) -> str:
        text = values.get(match.group(1), {}).get(match.group(2), "")
        # A value put into a URL is percent-encoded, except a {link.NAME}: a whole URL itself.
        return quote(text, safe="") if url and match.group(1) != "link" else text

    return FIELD_REF.sub(value, template)


def field_value(ref: str, record: Record) -> str:
    root, _, name = ref.partition(".")
    return record.values.get(root, {}).get(name, "")


def is_drawn(element: Any, record: Record) -> bool:
    """Whether the `when`/`unless` conditions of `element` let it be drawn for `record`."""
    if element.when is not None and not field_value(element.when, record):
        return False
    return element.unless is None or not field_value(element.unless, record)


def _element_label(element: Any, index: int) -> str:
    return element.name or f"elements[{index}]"


def layout_page(layout: Layout, record: Record) -> Page:
    """The page of `layout` for `record`; raises with every text that cannot be set."""
    problems: list[Problem] = []
    # A missing glyph outranks an unusable photo, which outranks text that overflows.
    errors: list[type[FitError | FontError | AssetError]] = []
    items: list[Item] = []
    template = layout.template
    for index in layout.per_record:
        if not is_drawn(template.elements[index], record):
            continue
        try:
            items += place_element(layout, index, record)
        except (FitError, FontError, AssetError) as exc:
            problems += exc.problems
            errors.append(type(exc))
    error = next((e for e in (FontError, AssetError) if e in errors), FitError)
    if problems:
        raise error(problems)
    width, height = layout.sheet
    items += layout.die_items()  # over the artwork, on every page
    return Page(
        width, height, template.bleed, tuple(items), record.who, layout.background,
        layout.folds(), marks=template.medium == "print",
    )  # fmt: skip


def _dash(dash: list[float] | None) -> tuple[float, ...]:
    return tuple(dash) if dash else ()


def _ink(layout: Layout, name: str | None) -> Ink | None:
    return layout.inks[name] if name else None


def _rect(layout: Layout, element: RectElement, record: Record, label: str, frame: Frame) -> Item:
    x, y = frame.box(element.anchor, element.x, element.y, element.w, element.h)
    w, h = element.w, element.h
    if element.bleed:
        # Extend every edge that touches the trim out to the bleed, so no white sliver shows
        # when the cut drifts.
        b = layout.template.bleed
        left, top, right, bottom = x, y, x + w, y + h
        face_left, face_top = frame.dx, frame.dy
        face_right, face_bottom = frame.dx + frame.width, frame.dy + frame.height
        outer_left, outer_top, outer_right, outer_bottom = frame.outer
        if outer_left and left <= face_left + 1e-6:
            left -= b
        if outer_top and top <= face_top + 1e-6:
            top -= b
        if outer_right and right >= face_right - 1e-6:
            right += b
        if outer_bottom and bottom >= face_bottom - 1e-6:
            bottom += b
        x, y, w, h = left, top, right - left, bottom - top
    stroke = _ink(layout, element.stroke)
    width = element.stroke_width if stroke else 0.0
    return RectItem(x, y, w, h, _ink(layout, element.fill), stroke, width, _dash(element.dash))


def _line(layout: Layout, element: LineElement, record: Record, label: str, frame: Frame) -> Item:
    x, y = frame.point(element.anchor, element.x, element.y)
    x2, y2 = frame.point(element.anchor, element.x2, element.y2)
    colour = layout.inks[element.colour]
    return LineItem(x, y, x2, y2, colour, element.width, _dash(element.dash))


def _path(layout: Layout, element: PathElement, record: Record, label: str, frame: Frame) -> Item:
    outlines = tuple(
        (tuple(frame.point(element.anchor, mm(px), mm(py)) for px, py in sub.points), sub.closed)
        for sub in parse_path(element.d)
    )
    stroke = _ink(layout, element.stroke)
    width = element.stroke_width if stroke else 0.0
    return PathItem(outlines, _ink(layout, element.fill), stroke, width, _dash(element.dash))


def set_text(
    layout: Layout, element: TextElement, record: Record, label: str
) -> tuple[str, FittedText] | None:
    """The text of `element` for `record`, fitted to its box: (text, FittedText), or None
    when the text is empty; the element's `short` text when only that fits. Raises FontError
    or FitError naming the record."""
    text = _prepared(layout, element, element.text, record, label)
    if not text:
        return None
    fitted = _fitted(layout, element, text)
    if (fitted is None or fitted.split) and element.short is not None:
        # The short form, rather than a text that fits only broken inside a word.
        short = _prepared(layout, element, element.short, record, label)
        fitted_short = _fitted(layout, element, short) if short else None
        if fitted_short is not None and (fitted is None or not fitted_short.split):
            return short, fitted_short
    if fitted is None:
        min_size = element.min_size if element.min_size is not None else element.size
        lines = Message(" in {lines} lines", lines=element.max_lines) if element.max_lines else ""
        message = Message(
            "{text!r} does not fit its {w} × {h} mm box even at the minimum size {size} pt{lines}",
            text=text, w=f"{to_mm(element.w):.1f}", h=f"{to_mm(element.h):.1f}",
            size=f"{min_size:g}", lines=lines,
        )  # fmt: skip
        raise FitError(record.problem(label, message, element.text))
    return text, fitted


def full_text(element: TextElement, record: Record) -> str:
    """The element's own text for `record` (not its short form), as it would be set."""
    text = normalise_text(fill_fields(element.text, record.values), breaks=True)
    return normalise_text(text.upper(), breaks=True) if element.transform == "upper" else text


def _prepared(layout: Layout, element: TextElement, source: str, record: Record, label: str) -> str:
    """`source` with the record's fields filled in, normalised and transformed; raises
    FontError when the font lacks a character of it."""
    text = normalise_text(fill_fields(source, record.values), breaks=True)
    if text and element.transform == "upper":
        # str.upper keeps every Vietnamese mark (ề → Ề, ơ → Ơ, đ → Đ); NFC again because a
        # decomposed input upper-cases to a decomposed result.
        text = normalise_text(text.upper(), breaks=True)
    font = layout.fonts[element.font]
    missing = font.missing(text)
    if missing:
        chars = ", ".join(f"{describe_char(c)} ({c!r})" for c in missing)
        message = Message(
            "character {chars} is not in font {font!r} ({file})",
            chars=chars, font=element.font, file=font.path.name,
        )  # fmt: skip
        raise FontError(record.problem(label, message, source))
    return text


def _fitted(layout: Layout, element: TextElement, text: str) -> FittedText | None:
    """`text` fitted to the element's box (remembered: every record of a build shares it)."""
    key = (id(element), text)
    fitted = layout.fitted.get(key)
    if fitted is None:
        min_size = element.min_size if element.min_size is not None else element.size
        fitted = fit_text(
            text, layout.fonts[element.font], element.w, element.h, element.size, min_size,
            element.line_height, element.max_lines, balance=element.align == "center",
            words=layout.words,
        )  # fmt: skip
        if fitted is not None and len(layout.fitted) < 200_000:
            layout.fitted[key] = fitted
    return fitted


def _text(
    layout: Layout, element: TextElement, record: Record, label: str, frame: Frame
) -> Item | None:
    result = set_text(layout, element, record, label)
    if result is None:
        return None
    fitted = result[1]
    font = layout.fonts[element.font]
    size = fitted.size
    line_advance = element.line_height * size
    block = block_height(font, size, len(fitted.lines), element.line_height)
    left, box_top = frame.box(element.anchor, element.x, element.y, element.w, element.h)
    top = box_top
    if element.valign == "middle":
        top += (element.h - block) / 2
    elif element.valign == "bottom":
        top += element.h - block
    lines = []
    for i, (line, width) in enumerate(zip(fitted.lines, fitted.widths, strict=True)):
        x = left
        if element.align == "center":
            x += (element.w - width) / 2
        elif element.align == "right":
            x += element.w - width
        baseline = top + font.ascent * size + i * line_advance
        lines.append(TextLine(x, baseline, line, width))
    box = (left, box_top, element.w, element.h)
    return TextItem(element.font, size, layout.inks[element.colour], tuple(lines), box, label)


def _logo(layout: Layout, element: LogoElement, record: Record, label: str, frame: Frame) -> Item:
    x, y = frame.box(element.anchor, element.x, element.y, element.w, element.h)
    name = monochrome_logo(element.logo) if layout.template.monochrome else element.logo
    return LogoItem(name, x, y, element.w, element.h)


def monochrome_logo(name: str) -> str:
    """The renderer's name for the black-or-paper version of logo `name`."""
    return f"{name}@monochrome"


def _qr(layout: Layout, element: QrElement, record: Record, label: str, frame: Frame) -> Item:
    data = fill_fields(element.data, record.values, url=True)
    try:
        modules = qr_symbol(data, element.ec)
    except QrDataError as exc:
        shown = data if len(data) <= 60 else data[:57] + "…"
        message = Message("the link {link!r} {reason}", link=shown, reason=said(exc))
        raise FitError(record.problem(label, message, element.data)) from None
    colour = layout.inks[element.colour]
    x, y = frame.box(element.anchor, element.x, element.y, element.size, element.size)
    return QrItem(x, y, element.size, modules, colour, data, element.ec)


def _image(
    layout: Layout, element: ImageElement, record: Record, label: str, frame: Frame
) -> Item | None:
    source = fill_fields(element.source, record.values)
    if not source:
        return None
    path = record.files.get(source)
    if path is None:
        message = Message("image {source!r} was not found", source=source)
        raise FitError(record.problem(label, message))
    # Decoded here, so that `validate` (which lays out every page and draws none) finds a
    # cut-short file, a damaged colour profile or too many pixels, and names the row.
    try:
        pixels = inspect_photo(path).size  # upright: a portrait turned by its EXIF stays one
    except PhotoError as exc:
        message = Message("{reason}: {file}", reason=said(exc), file=path.name)
        raise AssetError(record.problem(label, message, element.source)) from None
    # Points per image pixel once placed: `cover` crops the image to the box, so the
    # tighter side decides; `contain` fits all of it inside.
    pick = max if element.fit == "cover" else min
    dpi = 72 / pick(element.w / pixels[0], element.h / pixels[1])
    x, y = frame.box(element.anchor, element.x, element.y, element.w, element.h)
    return ImageItem(path, x, y, element.w, element.h, element.fit, label, dpi)


def table_of(layout: Layout, element: TableElement, setting: Setting | None = None) -> Table:
    """The measuring and drawing helper of a table element of `layout`, set at `setting` (by
    default its `size`)."""
    return Table(element, layout.fonts, layout.inks, setting)


def _table(
    layout: Layout, element: TableElement, record: Record, label: str, frame: Frame
) -> Item | None:
    if not record.rows:
        return None
    x, y = frame.box(element.anchor, element.x, element.y, element.w, element.h)
    table = table_of(layout, element, record.table)
    return GroupItem(tuple(table.draw(list(record.rows), x, y)))


ELEMENTS: dict[str, Callable[..., Item | None]] = {
    "rect": _rect,
    "line": _line,
    "path": _path,
    "text": _text,
    "logo": _logo,
    "qr": _qr,
    "image": _image,
    "table": _table,
}
"""Element type → the function that lays it out (the registry the spec's `type` selects from)."""
