"""The manual's page per asset kind, built-in or declared: the piece as the build lays it out
for a sample unit, with its trim, bleed and safe area and its measurements drawn, and what the
print shop is told of it; screens with their pixel sizes."""

from __future__ import annotations

from dataclasses import dataclass, replace

from brandkit.build.assets import AssetKind
from brandkit.layout.page import ImageItem, Item, LogoItem, Page, QrItem, RectItem, TextItem
from brandkit.manual.brand import number, size_mm
from brandkit.manual.sheet import MARGIN_MM, Sheet
from brandkit.spec.model import Box, QrElement, Spec, Template, TextElement
from brandkit.units import to_mm

PX_PER_PT = 96 / 72
DRAW_W_MM, DRAW_H_MM = 150.0, 135.0  # the box a piece is drawn in, its measurements beside
DRAW_X_MM, DRAW_Y_MM = 28.0, 45.0
FACTS_X_MM = 190.0


MAX_SCREENS = 3  # a screen kind's page shows this many of its templates' screens at most
SCREEN_GAP_MM = 16.0  # between two screens: room for the next one's measurement


@dataclass(frozen=True)
class Sample:
    """A kind's first piece laid out for the sample unit: the template and its page; for a kind
    of screens, also the first screen of its other templates."""

    template: str
    page: Page | None  # None for a kind the sample unit has nothing of
    names: tuple[str, ...] = ()  # the templates shown
    screens: tuple[Page, ...] = ()  # the other templates' screens


def stated_size(template: Template, name: str = "") -> str:
    """A template's size as the spec states it: mm for print, px for screens."""
    size = template.named_sizes()[name]
    if template.medium == "screen":
        return f"{round(size.width * PX_PER_PT)} × {round(size.height * PX_PER_PT)} px"
    return size_mm(size.width, size.height)


def _sizes(template: Template) -> list[str]:
    sizes = template.named_sizes()
    return [f"{name}: {stated_size(template, name)}" if name else stated_size(template)
            for name in sizes]  # fmt: skip


def kind_page(sheet: Sheet, spec: Spec, kind: AssetKind, sample: Sample) -> None:
    """The page of one kind: the piece drawn and measured, and its facts."""
    templates = {n: t for n, t in spec.templates.items() if t.asset == kind.name}
    main = spec.templates.get(sample.template)
    screen = main is not None and main.medium == "screen"
    sheet.heading(f"{kind.label} ({kind.name})", "Màn hình" if screen else "Ấn phẩm")
    if main is not None and sample.page is not None and main.medium == "print":
        _draw_piece(sheet, main, sample.page)
    elif main is not None and sample.page is not None:
        _draw_screens(sheet, (sample.page, *sample.screens), sample.names)
    elif main is not None:
        lines = [f"{n}: " + ", ".join(_sizes(t)) for n, t in templates.items()]
        sheet.text(MARGIN_MM, 40, 165, 140, "Màn hình (điểm ảnh):\n" + "\n".join(lines),
                   size=10, min_size=6)  # fmt: skip
    _facts(sheet, kind, templates)
    if main is not None:
        _elements(sheet, main)


def _draw_piece(sheet: Sheet, template: Template, page: Page) -> None:
    """The piece at a scale that fits the drawing box, with its trim (solid), bleed (dashed)
    and safe area (dashed, muted), and its width and height measured."""
    style, inks = sheet.style, sheet.style.inks
    bleed = to_mm(page.bleed)
    width, height = to_mm(page.width), to_mm(page.height)
    # Never enlarged: a photo keeps its resolution, a hairline its width.
    scale = min(1.0, DRAW_W_MM / (width + 2 * bleed), DRAW_H_MM / (height + 2 * bleed))
    x = DRAW_X_MM + (DRAW_W_MM - scale * width) / 2
    y = DRAW_Y_MM + (DRAW_H_MM - scale * height) / 2
    sheet.piece(page, x, y, scale)
    w, h = width * scale, height * scale
    sheet.outline(x, y, w, h, inks[style.text], dash=False)
    if bleed:
        b = bleed * scale
        sheet.outline(x - b, y - b, w + 2 * b, h + 2 * b, inks[style.accent], dash=True)
    safe = to_mm(template.safe_margin) * scale
    if safe:
        sheet.outline(x + safe, y + safe, w - 2 * safe, h - 2 * safe, inks[style.primary], True)
    dimension(sheet, x, y - 6, x + w, y - 6, f"{number(width)} mm", horizontal=True)
    dimension(sheet, x - 6, y, x - 6, y + h, f"{number(height)} mm", horizontal=False)
    sheet.text(MARGIN_MM, 185, 170, 8,
               f"Tỉ lệ {number(scale * 100)} %. Nét liền: đường cắt thành phẩm; nét đứt đỏ: "
               "phần tràn lề; nét đứt xanh: vùng an toàn.", size=7)  # fmt: skip


def _draw_screens(sheet: Sheet, pages: tuple[Page, ...], names: tuple[str, ...]) -> None:
    """Screens side by side at one scale, as the kiosk shows them (what runs past an edge cut
    off), each outlined and measured in pixels."""
    style = sheet.style
    widths = [to_mm(p.width) for p in pages]
    heights = [to_mm(p.height) for p in pages]
    room = DRAW_W_MM - SCREEN_GAP_MM * (len(pages) - 1)
    scale = min(1.0, room / sum(widths), (DRAW_H_MM - 10) / max(heights))
    x = DRAW_X_MM + (room - scale * sum(widths)) / 2
    y = DRAW_Y_MM + 4
    for page, name, width, height in zip(pages, names, widths, heights, strict=True):
        w, h = width * scale, height * scale
        shown = replace(page, items=_on_screen((*page.background, *page.items), page))
        sheet.piece(replace(shown, background=()), x, y, scale)
        sheet.outline(x, y, w, h, style.inks[style.text], dash=False)
        px_w, px_h = round(page.width * PX_PER_PT), round(page.height * PX_PER_PT)
        dimension(sheet, x, y - 6, x + w, y - 6, f"{px_w} px", horizontal=True)
        dimension(sheet, x - 6, y, x - 6, y + h, f"{px_h} px", horizontal=False)
        sheet.text(x, y + h + 2, max(w, 30), 5, name, size=7)
        x += w + SCREEN_GAP_MM
    sheet.text(MARGIN_MM, 185, 170, 8,
               f"Tỉ lệ {number(scale * 100)} % (1 px = 0,2646 mm). Mỗi màn hình được xuất "
               "thành ảnh PNG sRGB đúng kích thước điểm ảnh ghi trên.", size=7)  # fmt: skip


def _on_screen(items: tuple[Item, ...], page: Page) -> tuple[Item, ...]:
    """`items` as a screen shows them: rectangles cut at its edges, what lies wholly off it
    left out (a band made for the widest screen runs past a narrower one's edge)."""
    out: list[Item] = []
    for item in items:
        if isinstance(item, RectItem):
            x, y = max(item.x, 0.0), max(item.y, 0.0)
            w = min(item.x + item.w, page.width) - x
            h = min(item.y + item.h, page.height) - y
            if w > 0 and h > 0:
                out.append(replace(item, x=x, y=y, w=w, h=h))
            continue
        box = _box(item)
        if box is None or (
            box[0] < page.width and box[1] < page.height
            and box[0] + box[2] > 0 and box[1] + box[3] > 0
        ):  # fmt: skip
            out.append(item)
    return tuple(out)


def _box(item: Item) -> tuple[float, float, float, float] | None:
    if isinstance(item, TextItem):
        return item.box
    if isinstance(item, LogoItem | ImageItem):
        return (item.x, item.y, item.w, item.h)
    if isinstance(item, QrItem):
        return (item.x, item.y, item.size, item.size)
    return None


def dimension(
    sheet: Sheet, x: float, y: float, x2: float, y2: float, label: str, horizontal: bool
) -> None:
    """A dimension line with its end ticks and its length written beside it."""
    ink = sheet.style.inks[sheet.style.text]
    sheet.rule(x, y, x2, y2, ink)
    if horizontal:
        sheet.rule(x, y - 1.5, x, y + 1.5, ink)
        sheet.rule(x2, y2 - 1.5, x2, y2 + 1.5, ink)
        sheet.text((x + x2) / 2 - 20, y - 5, 40, 4.5, label, size=7, align="center")
    else:
        sheet.rule(x - 1.5, y, x + 1.5, y, ink)
        sheet.rule(x2 - 1.5, y2, x2 + 1.5, y2, ink)
        sheet.text(x - 13, (y + y2) / 2 - 2.5, 12, 5, label, size=7, align="right")


def _facts(sheet: Sheet, kind: AssetKind, templates: dict[str, Template]) -> None:
    """What the kind is made of: its templates and sizes, bleed, safe area, what it repeats
    over, and what the print shop is told (stock, finishing, copies)."""
    lines = [f"Lặp theo: {', '.join(kind.repeats)}"]
    for name, template in templates.items():
        lines.append(f"{name}: " + ", ".join(_sizes(template)))
        if template.medium == "print":
            lines.append(
                f"  tràn lề {number(to_mm(template.bleed))} mm, vùng an toàn "
                f"{number(to_mm(template.safe_margin))} mm"
                + (f", mặt sau: {template.back}" if template.back else "")
            )
        order = template.print
        if template.medium != "print":
            continue
        for label, value in (("Vật liệu", order.stock), ("Gia công", order.finish),
                             ("Số bản", order.copies)):  # fmt: skip
            if value:
                lines.append(f"  {label}: {value}")
    sheet.text(FACTS_X_MM, 36, 92, 60, "\n".join(lines), size=8, min_size=5)


def _elements(sheet: Sheet, template: Template) -> None:
    """The main elements' positions and sizes, as the template places them (mm from the
    trim's top-left corner, or from the corner its anchor names; a screen's in pixels)."""
    screen = template.medium == "screen"

    def length(value: float) -> str:
        return str(round(value * PX_PER_PT)) if screen else number(to_mm(value))

    unit = "px" if screen else "mm"
    rows = []
    for element in template.elements:
        if not element.name or not isinstance(element, Box | QrElement):
            continue
        where = f"x {length(element.x)}, y {length(element.y)}"
        if isinstance(element, QrElement):
            box = f"{length(element.size)} {unit} vuông"
        else:
            box = f"{length(element.w)} × {length(element.h)} {unit}"
        text = ""
        if isinstance(element, TextElement):
            text = f", {length(element.size)} px" if screen else f", {number(element.size)} pt"
        rows.append(f"{element.name}: {where}; {box}{text}")
        if len(rows) == 16:
            break
    sheet.text(FACTS_X_MM, 100, 92, 95, "Các thành phần chính:\n" + "\n".join(rows), size=7,
               min_size=4.5)  # fmt: skip
