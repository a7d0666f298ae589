"""The manual's brand chapters: cover, contents, the logo, the colours, the type, and the rules
of setting text and naming a unit. Every number is read from the spec the pieces are built
from."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from brandkit.build.records import unit_values
from brandkit.check import contrast_ratio
from brandkit.manual.sheet import MARGIN_MM, PAGE_H_MM, PAGE_W_MM, Sheet
from brandkit.spec.model import Spec, TextElement
from brandkit.units import to_mm

TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")


@dataclass(frozen=True)
class Chapter:
    title: str
    draw: Callable[[Sheet], None]


def number(value: float) -> str:
    """A number as the manual prints it: up to one decimal, a decimal comma."""
    return f"{round(value, 1):g}".replace(".", ",")


def size_mm(width_pt: float, height_pt: float) -> str:
    return f"{number(to_mm(width_pt))} × {number(to_mm(height_pt))} mm"


def diacritics(upper: bool) -> str:
    """Every Vietnamese vowel with every tone mark, and đ: the type sample's lines."""
    words = []
    for vowel in VOWELS:
        letters = [vowel, *(unicodedata.normalize("NFC", vowel + tone) for tone in TONES)]
        words.append("".join(letters))
    words.append("đ")
    text = " ".join(words)
    return text.upper() if upper else text


def cover(sheet: Sheet, spec: Spec, logo: str) -> None:
    style = sheet.style
    sheet.rect(0, 0, PAGE_W_MM, PAGE_H_MM, style.primary, bleed=True)
    sheet.rect(0, 150, PAGE_W_MM, 3, style.accent, bleed=True)
    sheet.rect(MARGIN_MM + 5, 40, 60, 60, style.paper)
    sheet.logo(logo, MARGIN_MM + 10, 45, 50, 50)
    sheet.text(100, 40, 180, 20, "CẨM NANG NHẬN DIỆN THƯƠNG HIỆU", size=26, min_size=18,
               font=style.heading, colour=style.paper)  # fmt: skip
    sheet.text(100, 62, 180, 30, spec.name, size=16, min_size=12, font=style.strong,
               colour=style.paper)  # fmt: skip
    sheet.text(100, 160, 180, 20, "Logo, màu sắc, kiểu chữ, quy tắc trình bày và các ấn phẩm",
               size=14, min_size=12, font=style.body, colour=style.paper)  # fmt: skip


def contents(sheet: Sheet, titles: list[tuple[int, str]]) -> None:
    sheet.heading("Mục lục")
    half = (len(titles) + 1) // 2
    for n, (page, title) in enumerate(titles):
        column, row = divmod(n, half)
        x, y = MARGIN_MM + column * 135, 36 + row * 7
        sheet.text(x, y, 110, 6, title, size=10, min_size=7)
        sheet.text(x + 112, y, 15, 6, str(page), size=10, align="right")


def logo_page(sheet: Sheet, spec: Spec, logo: str) -> None:
    """The mark, its clear space and smallest size, and the mark on each brand ground."""
    style = sheet.style
    sheet.heading("Logo: vùng an toàn và kích thước tối thiểu", "Logo")
    usage = spec.logo_usage
    clear, smallest = usage.clear_space, to_mm(usage.min_size)
    size = min(60.0, 90.0 / (1 + 2 * clear))  # the mark and its clear space in 90 mm
    space = size * clear
    x, y = MARGIN_MM + space, 40 + space
    sheet.rect(MARGIN_MM, 40, size + 2 * space, size + 2 * space, style.muted)
    sheet.rect(x, y, size, size, style.paper)
    sheet.logo(logo, x, y, size, size)
    sheet.text(MARGIN_MM, 135, 100, 20,
               f"Vùng an toàn: {number(clear * 100)} % chiều rộng logo ở mọi phía "
               f"({number(space)} mm với logo {number(size)} mm). "
               "Không đặt chữ, hình vào vùng này.",
               size=9)  # fmt: skip
    sheet.text(MARGIN_MM, 157, 100, 16,
               f"Kích thước tối thiểu: {number(smallest)} mm khi in, "
               f"{usage.min_size_px} px trên màn hình.",
               size=9)  # fmt: skip
    shown = min(smallest, 20.0)  # drawn at its size (a larger minimum is not drawn larger)
    sheet.logo(logo, MARGIN_MM, 175, shown, shown)
    sheet.text(MARGIN_MM + shown + 3, 177, 60, 6, f"{number(smallest)} mm", size=8)
    grounds = [n for n, c in spec.colours.items() if not c.technical][:8]
    for n, ground in enumerate(grounds):
        column, row = n % 4, n // 4
        gx, gy = 130 + column * 38, 40 + row * 52
        sheet.rect(gx, gy, 34, 34, ground)
        if ground == style.paper:
            sheet.rect(gx, gy, 34, 34, None, stroke=style.muted, stroke_width="0.5pt")
        sheet.logo(logo, gx + 7, gy + 7, 20, 20)
        sheet.text(gx, gy + 36, 34, 5, f"Trên nền {ground}", size=7)


def misuse_page(sheet: Sheet, logo: str) -> None:
    """What not to do with the mark, drawn: stretched, squeezed, recoloured, on a busy ground."""
    style = sheet.style
    sheet.heading("Logo: những cách dùng sai", "Logo")
    cases = [
        ("Kéo giãn theo chiều ngang", "stretched"),
        ("Ép dẹt theo chiều dọc", "squeezed"),
        ("Đổi màu", "recoloured"),
        ("Đặt trên nền rối", ""),
    ]
    for n, (caption, variant) in enumerate(cases):
        x, box_y = MARGIN_MM + n * 68, 40.0
        if not variant:  # stripes of the brand's colours behind the mark
            for k in range(12):
                colour = (style.primary, style.accent, style.muted, style.paper)[k % 4]
                sheet.rect(x + k * 5, box_y, 5, 60, colour)
        sheet.logo(f"{logo}--misuse-{variant}" if variant else logo, x + 5, box_y + 5, 50, 50)
        sheet.line(x, box_y + 67, x + 10, box_y + 77, colour=style.accent, width="2pt")
        sheet.line(x + 10, box_y + 67, x, box_y + 77, colour=style.accent, width="2pt")
        sheet.text(x + 14, box_y + 67, 50, 14, caption, size=10, font=style.strong)
    sheet.text(MARGIN_MM, 130, 267, 30,
               "Logo luôn giữ đúng tỉ lệ, đúng màu của thương hiệu, trên nền trơn đủ tương phản; "
               "không xoay, không thêm bóng, viền hay hiệu ứng.", size=11)  # fmt: skip


def colours_page(sheet: Sheet, spec: Spec) -> None:
    """A swatch per colour with its CMYK, hex, RGB and spot name."""
    sheet.heading("Màu sắc", "Màu sắc")
    names = list(spec.colours)
    for n, name in enumerate(names):
        colour = spec.colours[name]
        column, row = n % 6, n // 6
        x, y = MARGIN_MM + column * 45, 36 + row * 82
        sheet.rect(x, y, 40, 30, name)
        sheet.rect(x, y, 40, 30, None, stroke=sheet.style.muted, stroke_width="0.5pt")
        c, m, yy, k = (number(v) for v in colour.cmyk)
        r, g, b = (int(colour.hex[i : i + 2], 16) for i in (1, 3, 5))
        lines = [name, f"CMYK {c} {m} {yy} {k}", f"HEX {colour.hex.upper()}", f"RGB {r} {g} {b}"]
        if colour.spot:
            lines.append(f"Màu pha: {colour.spot}")
        if colour.overprint:
            lines.append("In chồng (overprint)")
        sheet.text(x, y + 32, 42, 40, "\n".join(lines), size=8, min_size=6)


def contrast_page(sheet: Sheet, spec: Spec) -> None:
    """Every text colour on every ground, with the contrast rule's verdict."""
    sheet.heading("Màu chữ trên màu nền: độ tương phản", "Màu sắc")
    names = [n for n, c in spec.colours.items() if not c.technical]
    rule = spec.rules.contrast
    cell_w, cell_h = min(24.0, 230 / len(names)), min(12.0, 140 / (len(names) + 1))
    x0, y0 = MARGIN_MM + 32, 40
    sheet.text(MARGIN_MM, y0, 32, cell_h, "chữ \\ nền", size=7)
    for col, ground in enumerate(names):
        sheet.text(x0 + col * cell_w, y0, cell_w, cell_h, ground, size=7, align="center",
                   valign="middle")  # fmt: skip
    for row, ink in enumerate(names, start=1):
        y = y0 + row * cell_h
        sheet.text(MARGIN_MM, y, 32, cell_h, ink, size=7, valign="middle")
        for col, ground in enumerate(names):
            ratio = contrast_ratio(spec.colours[ink].hex, spec.colours[ground].hex)
            if ink == ground:
                continue
            x = x0 + col * cell_w
            passes = ratio >= rule
            fill = ground if passes else sheet.style.paper
            sheet.rect(x + 0.5, y + 0.5, cell_w - 1, cell_h - 1, fill)
            label = f"{ratio:.1f}".replace(".", ",")
            colour = ink if passes else sheet.style.text
            sheet.text(x + 0.5, y + 0.5, cell_w - 1, cell_h - 1, label if passes else f"({label})",
                       size=7, align="center", valign="middle", colour=colour)  # fmt: skip
    sheet.text(MARGIN_MM, 190, 267, 10,
               f"Cặp màu đạt (ô tô màu): tỉ lệ tương phản ít nhất {number(rule)}:1 (chữ lớn "
               f"{number(spec.rules.contrast_large)}:1), quy tắc mà brandkit check áp dụng. "
               "Số trong ngoặc: không dùng cho chữ.", size=8)  # fmt: skip


def _font_sizes(spec: Spec) -> dict[str, list[float]]:
    sizes: dict[str, list[float]] = {}
    for template in spec.templates.values():
        for element in template.elements:
            if isinstance(element, TextElement):
                low = element.min_size if element.min_size is not None else element.size
                sizes.setdefault(element.font, []).extend((low, element.size))
    return sizes


def type_page(sheet: Sheet, spec: Spec) -> None:
    """Each font role: its face, the sizes the templates set it at, and every diacritic."""
    sheet.heading("Kiểu chữ", "Kiểu chữ")
    sizes = _font_sizes(spec)
    for n, (role, font) in enumerate(spec.fonts.items()):
        y = 36 + n * 55
        face = f"Roboto {font.roboto}" if font.roboto else str(font.file)
        used = sizes.get(role, [])
        span = f"{number(min(used))}–{number(max(used))} pt" if used else "chưa dùng"
        sheet.text(MARGIN_MM, y, 60, 12, f"{role}\n{face}\nCỡ chữ: {span}", size=9,
                   font=sheet.style.strong)  # fmt: skip
        sheet.text(80, y, 200, 12, "Hành chính công phục vụ Nhân dân", font=role, size=20,
                   min_size=12, colour=sheet.style.primary)  # fmt: skip
        sheet.text(80, y + 14, 200, 16, diacritics(upper=True), font=role, size=11, min_size=7)
        sheet.text(80, y + 30, 200, 16, diacritics(upper=False), font=role, size=11, min_size=7)


def rules_page(sheet: Sheet, spec: Spec) -> None:
    """How text breaks, and how every kind of unit is named."""
    sheet.heading("Quy tắc trình bày chữ và tên đơn vị", "Quy tắc")
    sheet.text(MARGIN_MM, 36, 125, 120,
               "Ngắt dòng giữa các từ, không bao giờ giữa hai âm tiết của một từ (“đơn vị”, "
               "“hành chính”).\nSố đi liền đơn vị và nhãn: “30.000 đồng”, “05 ngày làm việc”, "
               "“Quầy 3”.\nCác cụm từ của thương hiệu giữ trên một dòng: "
               + ", ".join(f"“{t}”" for t in spec.typography.keep)
               + ".\nChữ căn giữa được cân dòng, không để một từ lẻ loi ở dòng cuối.\n"
               "Chữ nhỏ hơn 12 pt trên nền sáng in một màu đen đặc (100 % K, in chồng).",
               size=10, min_size=7)  # fmt: skip
    y = 36.0
    for kind, lines in _hierarchies(spec):
        sheet.text(150, y, 132, 5, f"Đơn vị loại “{kind}”", size=8, font=sheet.style.strong)
        sheet.text(150, y + 5, 132, 14, "\n".join(lines), size=9, min_size=6,
                   colour=sheet.style.primary)  # fmt: skip
        y += 22
        if y > 180:
            break


def _hierarchies(spec: Spec) -> Iterator[tuple[str, list[str]]]:
    """For each kind of unit, the lines naming its first unit, from the governing body down."""
    seen: set[str] = set()
    for unit in spec.units:
        if unit.kind in seen:
            continue
        seen.add(unit.kind)
        values = unit_values(unit, spec)
        yield unit.kind, values.get("hierarchy", unit.name).split("\n")
