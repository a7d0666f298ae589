"""Render the README's pictures of each asset kind from the sample spec.

Builds PNG proofs of a few units with brandkit itself (the very pages the print PDFs hold),
then scales them down into ``docs/``. Run it after a visible change to a template:

    .venv/bin/python scripts/make_readme_pictures.py
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageFont

from brandkit.build import ASSETS, Options, build
from brandkit.layout.impose import parse_sheet
from brandkit.render.png import rasterise

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "hanoi-one-stop.yaml"
DOCS = ROOT / "docs"

# Picture name → (unit, PNG path under the output folder, width in the README in pixels).
PICTURES = {
    "signboard": ("chi-nhanh-03", "signs/png/signboard.png", 1200),
    "door-sign": ("chi-nhanh-03", "signs/png/door-sign.png", 600),
    "counter-sign-hanging": (
        "phuong-van-mieu-quoc-tu-giam",
        "signs/png/counter-sign-hanging-03-noi-vu-lao-dong-viec-lam.png",
        700,
    ),
    "counter-sign-desk": (
        "phuong-van-mieu-quoc-tu-giam",
        "signs/png/counter-sign-desk-01-tu-phap-ho-tich.png",
        450,
    ),
    "desk-plate": (
        "chi-nhanh-03",
        "signs/png/desk-plate-cb00017-ton-that-nguyen-hoang-khanh-linh.png",
        450,
    ),
    "envelope-dl": ("trung-tam", "envelopes/png/envelope-dl.png", 600),
    "envelope-c4": ("trung-tam", "envelopes/png/envelope-c4.png", 600),
    "folder": ("phuong-van-mieu-quoc-tu-giam", "folders/png/folder.png", 700),
    "kiosk-home": ("phuong-tay-ho", "kiosk/1920x1080/home.png", 480),
    "kiosk-idle": ("phuong-tay-ho", "kiosk/1080x1920/idle.png", 270),
    "kiosk-rate": ("phuong-tay-ho", "kiosk/1280x800/rate.png", 480),
    "kiosk-button-normal": ("phuong-tay-ho", "kiosk/button/button-normal.png", 240),
    "kiosk-button-pressed": ("phuong-tay-ho", "kiosk/button/button-pressed.png", 240),
    "kiosk-button-disabled": ("phuong-tay-ho", "kiosk/button/button-disabled.png", 240),
    "kiosk-button-text-area": ("phuong-tay-ho", "kiosk/button/button-text-area.png", 240),
    "ticket-proof": ("phuong-tay-ho", "ticket/png/ticket-proof.png", 240),
    "procedure-board": ("phuong-tay-ho", "boards/png/procedure-board-01.png", 700),
    "procedure-handout": ("phuong-tay-ho", "boards/png/procedure-handout-01.png", 420),
    # A kind the sample spec declares itself (`asset: poster`), not a built-in one.
    "poster": ("trung-tam", "posters/png/poster.png", 600),
}
# Brand-wide files copied as they are (already small): the 58 mm thermal ticket logo.
AS_IS = {"ticket-logo-58mm": "brand/ticket/emblem-line-58mm-384px.png"}


def save_small(image: Image.Image, name: str, width: int) -> None:
    """`image` scaled to `width` pixels wide, as docs/NAME.png."""
    image = image.convert("RGB")
    height = round(image.height * width / image.width)
    small = image.resize((width, height), Image.Resampling.LANCZOS)
    target = DOCS / f"{name}.png"
    small.save(target, optimize=True)
    print(f"{target.relative_to(ROOT)}: {width} × {height} px")


def main() -> None:
    units = tuple(sorted({unit for unit, _, _ in PICTURES.values()}))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        options = Options(
            spec=SPEC, out=out, quiet=True, units=units, formats=frozenset({"png"}), dpi=150
        )
        build(options, (*(a for a in ASSETS if a != "badge"), "poster"))
        for name, (unit, png, width) in PICTURES.items():
            with Image.open(out / unit / png) as image:
                save_small(image, name, width)
        for name, path in AS_IS.items():
            target = DOCS / f"{name}.png"
            target.write_bytes((out / path).read_bytes())
            print(f"{target.relative_to(ROOT)}: as built")
    with tempfile.TemporaryDirectory() as tmp:
        print_shop(Path(tmp))
    badges()
    with tempfile.TemporaryDirectory() as tmp:
        documents(Path(tmp))


# The badge of Phường Tây Hồ's first person (with a photo): trimmed, and as printed with its
# bleed and crop marks; picture name → (trimmed?, width in pixels).
BADGE = "phuong-tay-ho/badges/png/badge-cb00076-cong-ton-nu-thi-hoang-phuong-thao-nguyen.png"
BADGES = {"badge": (True, 318), "badge-proof": (False, 438)}


def badges() -> None:
    for name, (trimmed, width) in BADGES.items():
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            options = Options(
                spec=SPEC, out=out, quiet=True, units=("phuong-tay-ho",),
                formats=frozenset({"png"}), dpi=300, png_trim=trimmed,
            )  # fmt: skip
            build(options, ("badge",))
            with Image.open(out / BADGE) as image:
                save_small(image, name, width)


# The print shop's view: the centre's badges imposed on SRA3 (front side) and the first page
# of its bundle's job ticket; picture name → (file in the bundle, page, width in pixels).
PRINT_SHOP = {
    "sheet-badges-sra3": ("sheets/trung-tam-badges-sra3.pdf", 0, 1200),
    "job-ticket": ("job-ticket.pdf", 0, 700),
    "proof-sheet": ("proof.pdf", 0, 900),
}


def print_shop(out: Path) -> None:
    options = Options(
        spec=SPEC, out=out, quiet=True, units=("trung-tam",), sheet=parse_sheet("SRA3"),
        bundle=True, order=SPEC.parent / "order-trung-tam.yaml",
    )  # fmt: skip
    build(options, tuple(a for a in ASSETS if a not in ("kiosk", "icon", "tokens")))
    with zipfile.ZipFile(out / "trung-tam" / "trung-tam-print-bundle.zip") as bundle:
        for name, (member, page, width) in PRINT_SHOP.items():
            images = list(rasterise(bundle.read(member), 100, trim=False))
            save_small(images[page], name, width)


# The brand manual's pages shown in the README, by their titles: the logo, the colours, the
# badge and the kiosk's screens.
MANUAL_PAGES = ("Logo: vùng an toàn", "Màu sắc", "(badge)", "(kiosk)")
PX_PER_MM = 4  # the letterhead preview: A4 at 4 px a millimetre (840 × 1188 px)


def documents(out: Path) -> None:
    """The brand manual (four pages in a 2 × 2 grid) and a ward's Word letterhead, as
    `brandkit build` makes them."""
    import pypdfium2 as pdfium

    from brandkit.documents import Documents

    options = Options(spec=SPEC, out=out, quiet=True, units=("phuong-tay-ho",))
    build(options, ("manual", "office"), extras=Documents.of)
    pages: list[Image.Image] = []
    with pdfium.PdfDocument(out / "brand" / "brand-manual.pdf") as manual:
        texts = [(p, p.get_textpage().get_text_range()[:200]) for p in manual][2:]  # contents
        for wanted in MANUAL_PAGES:
            page = next(p for p, text in texts if wanted in text)
            pages.append(page.render(scale=150 / 72).to_pil())
    w, h = pages[0].size
    gap = 16
    grid = Image.new("RGB", (2 * w + gap, 2 * h + gap), "#B8BEC8")
    for n, page in enumerate(pages):
        grid.paste(page, ((n % 2) * (w + gap), (n // 2) * (h + gap)))
    save_small(grid, "brand-manual", 1200)
    docx = out / "phuong-tay-ho" / "office" / "phuong-tay-ho-letterhead.docx"
    save_small(letterhead_preview(docx), "letterhead-docx", 560)


def letterhead_preview(path: Path) -> Image.Image:
    """The first page of a letterhead .docx drawn from what python-docx reads back: its size
    and margins (the writing area dotted), the header's mark and lines in their runs' fonts,
    sizes, weights and colours, the rule under them, and the footer's lines."""
    from docx import Document
    from PIL import ImageDraw

    from brandkit.fonts import font_paths
    from brandkit.spec.load import load_spec

    document = Document(str(path))
    section = document.sections[0]
    paths = font_paths(load_spec(SPEC))
    faces = {False: paths["body"], True: paths["heading"]}

    def mm(length: object) -> int:
        return round(length.mm * PX_PER_MM)  # type: ignore[attr-defined]

    page = Image.new("RGB", (mm(section.page_width), mm(section.page_height)), "white")
    draw = ImageDraw.Draw(page)

    def pt(points: float) -> int:
        return round(points * 25.4 / 72 * PX_PER_MM)

    def text_line(x: int, y: int, runs: list) -> int:
        """Runs side by side from (x, y), their top; returns the line's height."""
        height = 0
        for run in runs:
            size = run.font.size.pt
            font = ImageFont.truetype(str(faces[bool(run.font.bold)]), pt(size))
            colour = f"#{run.font.color.rgb}"
            draw.text((x, y), run.text, font=font, fill=colour)
            x += round(draw.textlength(run.text, font=font))
            height = max(height, pt(size * 1.15))
        return height

    left, right = mm(section.left_margin), page.width - mm(section.right_margin)
    header = section.header
    y = mm(section.header_distance)
    table = header.tables[0]
    logo_cell, lines_cell = table.rows[0].cells
    x = left
    blob = header.part.package.image_parts
    logo = Image.open(io.BytesIO(next(iter(blob)).blob)).convert("RGBA")
    shape = logo_cell.paragraphs[0].runs[0]._r.xpath(".//wp:extent")[0]
    size = round(int(shape.get("cx")) / 36000 * PX_PER_MM)
    mark = logo.resize((size, size), Image.Resampling.LANCZOS)
    page.paste(mark, (x, y), mark)
    line_y = y
    for paragraph in lines_cell.paragraphs:
        line_y += text_line(x + round(logo_cell.width.mm * PX_PER_MM), line_y, paragraph.runs)
        line_y += pt(6)  # Normal's space after
    rule_y = max(line_y, y + size) + pt(13 * 1.15) + pt(4)
    border = header.paragraphs[-1]._p.xpath("./w:pPr/w:pBdr/w:bottom")[0]
    colour = "#" + border.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}color")
    draw.line([(left, rule_y), (right, rule_y)], fill=colour, width=max(1, pt(1)))
    # Word starts the text below a header taller than the top margin.
    top = max(mm(section.top_margin), rule_y + pt(6))
    bottom = page.height - mm(section.bottom_margin)
    for x0, y0, x1, y1 in ((left, top, right, top), (left, bottom, right, bottom),
                           (left, top, left, bottom), (right, top, right, bottom)):  # fmt: skip
        for n in range(0, max(x1 - x0, y1 - y0), 12):
            a = (x0 + n, y0) if y0 == y1 else (x0, y0 + n)
            b = (x0 + n + 5, y0) if y0 == y1 else (x0, y0 + n + 5)
            draw.line([a, b], fill="#B0B0B0")
    footer = section.footer.paragraphs[0]
    lines: list[list] = [[]]
    for run in footer.runs:
        if run._r.xpath("./w:br"):
            lines.append([])
        if run.text.strip() and run.font.size is not None:
            lines[-1].append(run)
    y = page.height - mm(section.footer_distance) - len(lines) * pt(8 * 1.15)
    for runs in lines:
        y += text_line(left, y, runs)
    return page


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["documents"]:
        with tempfile.TemporaryDirectory() as tmp:
            documents(Path(tmp))
    else:
        main()
