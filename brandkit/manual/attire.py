"""The manual's page per attire item: the garment's outline with the mark and the unit's name
drawn at their places (the very artwork of the embroiderer's file), measured."""

from __future__ import annotations

from brandkit.attire import artwork, lay_out_artwork
from brandkit.attire.garments import details, outline
from brandkit.layout.page import LineItem, PathItem
from brandkit.layout.template import Record
from brandkit.manual.brand import number
from brandkit.manual.kinds import dimension
from brandkit.manual.sheet import MARGIN_MM, Sheet
from brandkit.spec.model import AttireItem, Spec
from brandkit.units import PT_PER_MM, to_mm

BOX_X_MM, BOX_Y_MM, BOX_W_MM, BOX_H_MM = 40.0, 40.0, 130.0, 150.0
FACTS_X_MM = 190.0


def attire_page(sheet: Sheet, spec: Spec, item: AttireItem, record: Record) -> None:
    """The garment drawn to scale with its artwork in place, and where and how big it is."""
    style, inks = sheet.style, sheet.style.inks
    sheet.heading(item.label, "Trang phục")
    width, height = to_mm(item.size.width), to_mm(item.size.height)
    scale = min(BOX_W_MM / width, BOX_H_MM / height)
    x0 = BOX_X_MM + (BOX_W_MM - width * scale) / 2
    y0 = BOX_Y_MM + (BOX_H_MM - height * scale) / 2
    p = PT_PER_MM
    shape = outline(item.garment, item.size.width, item.size.height)
    points = tuple((x0 * p + x * scale, y0 * p + y * scale) for x, y in shape)
    sheet.items((PathItem(((points, True),), inks[item.fabric], inks[style.text], 0.5),))
    for line in details(item.garment, item.size.width, item.size.height):
        (ax, ay), (bx, by) = line
        sheet.items((LineItem(x0 * p + ax * scale, y0 * p + ay * scale, x0 * p + bx * scale,
                              y0 * p + by * scale, inks[style.muted], 0.5),))  # fmt: skip
    art = artwork(item)
    if art is not None:
        page = lay_out_artwork(art, inks, sheet.worker.fonts, spec, record)
        sheet.piece(page, x0 + to_mm(art.x) * scale, y0 + to_mm(art.y) * scale, scale)
    dimension(sheet, x0, y0 - 6, x0 + width * scale, y0 - 6, f"{number(width)} mm", True)
    dimension(sheet, x0 - 6, y0, x0 - 6, y0 + height * scale, f"{number(height)} mm", False)
    sheet.text(FACTS_X_MM, 36, 92, 150, "\n".join(_facts(item)), size=9, min_size=6)
    sheet.text(MARGIN_MM, 192, 170, 6,
               f"Tỉ lệ {number(scale * 100)} %. Vị trí đo từ góc trên bên trái thân trước "
               "trải phẳng.", size=7)  # fmt: skip


def _facts(item: AttireItem) -> list[str]:
    lines = [f"Kích thước: {number(to_mm(item.size.width))} × {number(to_mm(item.size.height))} mm",
             f"Màu vải: {item.fabric}"]  # fmt: skip
    if item.method:
        lines.append(f"Cách làm: {item.method}")
    if item.logo is not None:
        mark = item.logo
        lines.append(
            f"Logo: rộng {number(to_mm(mark.w))} mm, cách mép trái {number(to_mm(mark.x))} mm, "
            f"cách mép trên {number(to_mm(mark.y))} mm"
        )
    if item.name is not None:
        name = item.name
        lines.append(
            f"Tên đơn vị: khung {number(to_mm(name.w))} × {number(to_mm(name.h))} mm, cách mép "
            f"trái {number(to_mm(name.x))} mm, cách mép trên {number(to_mm(name.y))} mm; chữ "
            f"{name.font} {number(name.size)} pt, màu {name.colour}"
        )
    lines.append("Tệp thêu (vector, mỗi màu một màu pha): <đơn vị>/attire/ của brandkit attire")
    return lines
