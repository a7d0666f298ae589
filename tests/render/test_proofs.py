"""The print-shop bundle's contact sheet and job ticket, and the thumbnails the sheet shows."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from brandkit.fonts import font_paths
from brandkit.render.pdf import register_font
from brandkit.render.proofs import (
    SHEET_COLUMNS,
    SHEET_ROWS,
    ProofItem,
    contact_sheet,
    job_ticket_pdf,
    sheet_cells,
    thumbnails,
    ticket_columns,
)
from brandkit.units import mm, to_mm
from tests.render.pdfcheck import Box, inside, inspect_page

TITLE = "Bản in thử – Trung tâm Phục vụ hành chính công thành phố Hà Nội"
SUBTITLE = "Gói in ngày hôm nay · hồ sơ màu FOGRA39 · ảnh xem trước sRGB"
PER_PAGE = SHEET_COLUMNS * SHEET_ROWS
RED, BLUE = (1, 0, 0), (0, 0, 1)


@pytest.fixture(scope="module")
def fonts(sample_spec) -> dict[str, Path]:
    return font_paths(sample_spec)


# --- a small real PDF of pages of very different sizes ---------------------------------------


@dataclass(frozen=True)
class Sample:
    name: str
    trim_mm: tuple[float, float]
    bleed_mm: float


SAMPLES = (
    Sample("Thẻ nhân viên", (54, 85.6), 3),
    Sample("Biển hiệu", (3000, 800), 10),
    Sample("Giấy mời", (210, 99), 3),
)


def sample_pdf(fonts: dict[str, Path], samples: tuple[Sample, ...] = SAMPLES) -> bytes:
    """One page per sample: red bleed, a blue trim area exactly on the TrimBox, and its name."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    font = register_font(fonts["body"])
    for sample in samples:
        w, h, b = mm(sample.trim_mm[0]), mm(sample.trim_mm[1]), mm(sample.bleed_mm)
        canvas.setPageSize((w + 2 * b, h + 2 * b))
        canvas.setTrimBox((b, b, b + w, b + h))
        canvas.setFillColorRGB(*RED)
        canvas.rect(0, 0, w + 2 * b, h + 2 * b, stroke=0, fill=1)
        canvas.setFillColorRGB(*BLUE)
        canvas.rect(b, b, w, h, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont(font, min(w / 8, h / 4))
        canvas.drawString(b + w * 0.1, b + h * 0.45, sample.name)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def rotated(pdf: bytes, degrees: int) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            page.obj.Rotate = degrees
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def is_blue(pixel: tuple[int, ...]) -> bool:
    r, _, b = pixel[:3]
    return b > 200 and r < 60


# --- thumbnails ------------------------------------------------------------------------------


@pytest.mark.parametrize("max_px", [360, 100])
def test_thumbnails_have_their_longer_side_exactly_max_px(fonts, max_px) -> None:
    images = list(thumbnails(sample_pdf(fonts), max_px=max_px))
    assert len(images) == len(SAMPLES)
    for image, sample in zip(images, SAMPLES, strict=True):
        assert image.mode == "RGB"
        assert max(image.size) == max_px, (sample.name, image.size)
        w, h = sample.trim_mm
        # The trim's proportions, to the pixel.
        expected = (round(max_px * w / max(w, h)), round(max_px * h / max(w, h)))
        assert abs(image.width - expected[0]) <= 1 and abs(image.height - expected[1]) <= 1


def test_thumbnails_are_cut_to_the_trim(fonts) -> None:
    # The bleed is red, the trim blue: every edge of a thumbnail is blue, none of it red.
    for image in thumbnails(sample_pdf(fonts), max_px=200):
        w, h = image.size
        for x, y in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1), (w // 2, 0), (0, h // 2)):
            assert is_blue(image.getpixel((x, y))), (image.size, x, y, image.getpixel((x, y)))


def test_a_page_drawn_again_is_one_picture_and_a_different_one_is_not(fonts) -> None:
    """Pages that draw the same (a badge's backs) share one thumbnail, the very picture they
    would each get; a page with the same content in another box, turned, or with other
    content gets its own."""
    card, board = SAMPLES[0], SAMPLES[1]
    pdf = sample_pdf(fonts, (card, board, card, card, board, card))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        document.pages[3].obj.Rotate = 90  # the card again, turned
        document.pages[5].obj.TrimBox = pikepdf.Array([10, 10, 100, 150])  # cut elsewhere
        out = io.BytesIO()
        document.save(out)
    pdf = out.getvalue()
    images = list(thumbnails(pdf, max_px=120))
    assert images[2] is images[0] and images[4] is images[1]
    assert len({id(image) for image in images}) == 4
    # Each shared picture is what drawing its page alone gives.
    for number in (2, 4):
        alone = pikepdf.new()
        with pikepdf.open(io.BytesIO(pdf)) as document:
            alone.pages.append(document.pages[number])
            out = io.BytesIO()
            alone.save(out)
        (drawn,) = thumbnails(out.getvalue(), max_px=120)
        assert drawn.tobytes() == images[number].tobytes()


def test_a_rotated_page_is_cut_to_its_trim_and_turned(fonts) -> None:
    pdf = sample_pdf(fonts, SAMPLES[:1])
    (upright,) = thumbnails(pdf, max_px=180)
    for degrees in (90, 180, 270):
        (image,) = thumbnails(rotated(pdf, degrees), max_px=180)
        if degrees == 180:
            assert image.size == upright.size
        else:
            assert image.size == (upright.height, upright.width)
        w, h = image.size
        for x, y in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)):
            assert is_blue(image.getpixel((x, y))), (degrees, x, y)


# --- contact sheet ---------------------------------------------------------------------------

LABELS = (
    "badges/trung-tam-badges.pdf · trang {n}",
    "signs/trung-tam-signboard.pdf · trang {n} · Biển hiệu",
    # Longer than a cell is wide: wraps (before a hyphen or a slash) onto a second line.
    "stationery/phuong-tay-ho-giay-moi-hoi-nghi-tong-ket-cuoi-nam.pdf · trang {n} – Giấy mời",
)
SIZES = ("54 × 85,6 mm", "3000 × 800 mm", "210 × 99 mm")


@pytest.fixture(scope="module")
def thumbs(fonts) -> list[Image.Image]:
    return list(thumbnails(sample_pdf(fonts)))


@pytest.fixture(scope="module")
def items(thumbs) -> list[ProofItem]:
    return [
        ProofItem(LABELS[i % 3].format(n=i + 1), SIZES[i % 3], thumbs[i % 3]) for i in range(14)
    ]


@pytest.fixture(scope="module")
def sheet(items, fonts) -> bytes:
    return contact_sheet(items, fonts, TITLE, SUBTITLE)


@dataclass
class Char:
    text: str
    box: Box  # left, bottom, right, top in PDF points


@dataclass
class PageText:
    """A page's text through pdfium, kept open (with its document) while the test reads it."""

    document: pdfium.PdfDocument
    page: pdfium.PdfPage
    textpage: pdfium.PdfTextPage
    chars: list[Char]

    def text(self) -> str:
        return self.textpage.get_text_range()

    def bounded(self, box: Box) -> str:
        return self.textpage.get_text_bounded(*box)


def read_pages(pdf: bytes) -> list[PageText]:
    document = pdfium.PdfDocument(pdf)
    out = []
    for page in document:
        textpage = page.get_textpage()
        chars = []
        for i in range(textpage.count_chars()):
            text = textpage.get_text_range(i, 1)
            if text.strip():
                chars.append(Char(text, textpage.get_charbox(i)))
        out.append(PageText(document, page, textpage, chars))
    return out


def bare(text: str) -> str:
    """`text` without any whitespace: where lines wrap is the layout's business."""
    return "".join(text.split())


def centre(box: Box) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def holds(box: Box, point: tuple[float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def test_the_sheet_paginates_twelve_to_an_a4_landscape_page(sheet, items) -> None:
    with pikepdf.open(io.BytesIO(sheet)) as document:
        assert len(document.pages) == 2  # 14 items at 12 a page
        for page in document.pages:
            x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
            assert to_mm(x1 - x0) == pytest.approx(297, abs=0.1)
            assert to_mm(y1 - y0) == pytest.approx(210, abs=0.1)
        placed = [len(inspect_page(page).images) for page in document.pages]
    assert placed == [PER_PAGE, len(items) - PER_PAGE]


def test_header_says_title_subtitle_and_page(sheet) -> None:
    for number, page in enumerate(read_pages(sheet), start=1):
        text = page.text()
        assert unicodedata.is_normalized("NFC", text)
        lines = text.split("\r\n")
        assert lines[0] == f"{TITLE} Trang {number}/2"
        assert lines[1] == SUBTITLE


def test_every_caption_extracts_back_in_its_cell(sheet, items, fonts) -> None:
    cells = sheet_cells(TITLE, SUBTITLE, fonts)
    assert len(cells) == PER_PAGE
    seen = 0
    for number, page in enumerate(read_pages(sheet)):
        for item, cell in zip(items[number * PER_PAGE :], cells, strict=False):
            text = page.bounded(cell)
            assert unicodedata.is_normalized("NFC", text)
            lines = text.split("\r\n")
            assert lines[-1] == item.size
            assert bare(" ".join(lines[:-1])) == bare(item.label)
            if not item.label.startswith("stationery"):  # one line: exactly, spaces and all
                assert lines[:-1] == [item.label]
            seen += 1
    assert seen == len(items)


def test_every_caption_glyph_lies_inside_its_cell(sheet, fonts) -> None:
    cells = sheet_cells(TITLE, SUBTITLE, fonts)
    grid_top = max(c[3] for c in cells)
    checked = 0
    for page in read_pages(sheet):
        for char in page.chars:
            if char.box[1] > grid_top:
                continue  # the header
            home = [c for c in cells if holds(c, centre(char.box))]
            assert home, f"{char.text!r} at {char.box} is between cells"
            assert inside(char.box, home[0]), (char.text, char.box, home[0])
            checked += 1
    assert checked > 14 * 40


def test_thumbnails_keep_their_aspect_and_stay_in_their_cells(sheet, items, fonts) -> None:
    cells = sheet_cells(TITLE, SUBTITLE, fonts)
    with pikepdf.open(io.BytesIO(sheet)) as document:
        for number, page in enumerate(document.pages):
            placed = inspect_page(page).images
            chunk = items[number * PER_PAGE : (number + 1) * PER_PAGE]
            assert len(placed) == len(chunk)
            for item, image, cell in zip(chunk, placed, cells, strict=False):
                assert inside(image.box, cell)
                w, h = image.box[2] - image.box[0], image.box[3] - image.box[1]
                assert w / h == pytest.approx(item.image.width / item.image.height, rel=1e-6)
                assert (image.width, image.height) == item.image.size
                assert image.colour_space == "/DeviceRGB"


def test_a_label_too_long_for_two_lines_still_stays_in_its_cell(thumbs, fonts) -> None:
    label = "/".join(["thư-mục-rất-sâu-của-đơn-vị"] * 12) + "/giay-moi.pdf · trang 7"
    pdf = contact_sheet([ProofItem(label, "210 × 99 mm", thumbs[2])], fonts, TITLE)
    cell = sheet_cells(TITLE, "", fonts)[0]
    (page,) = read_pages(pdf)
    caption = [c for c in page.chars if c.box[1] < cell[3]]
    assert caption and all(inside(c.box, cell) for c in caption)
    lines = page.bounded(cell).split("\r\n")
    assert len(lines) == 3  # two lines of label and the size, nothing more
    label_text = bare(" ".join(lines[:2]))
    # Shortened in the middle: the start of the path and the page number are kept.
    assert label_text.startswith("thư-mục-rất-sâu") and label_text.endswith("trang7")
    assert "…" in label_text


def test_fonts_are_embedded(sheet) -> None:
    assert_fonts_embedded(sheet)


def assert_fonts_embedded(pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        fonts = {}
        for page in document.pages:
            for name, font in page.obj.Resources.Font.items():
                fonts[(name, font.objgen)] = font
        assert fonts
        for font in fonts.values():
            if font.Subtype == "/Type0":
                font = font.DescendantFonts[0]
            assert "/FontFile2" in font.FontDescriptor, font.BaseFont


def test_thumbnails_go_in_as_jpeg(fonts) -> None:
    flat = Image.new("RGB", (300, 200), (200, 30, 40))
    photo = Image.new("RGB", (300, 200), (20, 130, 90))
    pdf = contact_sheet(
        [ProofItem("phang.pdf", "1 mm", flat), ProofItem("anh.pdf", "1 mm", photo)], fonts, TITLE
    )
    with pikepdf.open(io.BytesIO(pdf)) as document:
        images = list(document.pages[0].get_images().values())
        # /Filter is a name or an array of one (qpdf may write either).
        filters = sorted(str(image.Filter.wrap_in_array()[0]) for image in images)
        sizes = sorted((int(image.Width), int(image.Height)) for image in images)
    assert filters == ["/DCTDecode", "/DCTDecode"]
    assert sizes == [(300, 200), (300, 200)]  # as given: the caller sized them


def test_each_distinct_thumbnail_is_embedded_once_with_its_pixels(fonts) -> None:
    red = Image.new("RGB", (120, 80), (200, 30, 40))
    green = Image.new("RGB", (120, 80), (20, 130, 90))
    items = [ProofItem(f"{n}.pdf", "1 mm", image) for n, image in enumerate((red, green, red))]
    pdf = contact_sheet(items, fonts, TITLE)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        drawn = re.findall(rb"/(\S+) Do", page.Contents.read_bytes())
        images = page.get_images()
        colours = [
            pikepdf.PdfImage(images["/" + name.decode()]).as_pil_image().getpixel((60, 40))
            for name in drawn
        ]
    assert len(drawn) == 3 and len(set(drawn)) == 2 and drawn[0] == drawn[2]
    for colour, image in zip(colours, (red, green, red), strict=True):
        expected = image.getpixel((60, 40))
        assert all(abs(a - b) <= 3 for a, b in zip(colour, expected, strict=True))


def test_the_same_sheet_twice_is_the_same_bytes(sheet, items, fonts) -> None:
    assert contact_sheet(items, fonts, TITLE, SUBTITLE) == sheet


def test_an_empty_sheet_is_one_page_with_its_header(fonts) -> None:
    pdf = contact_sheet([], fonts, TITLE)
    (page,) = read_pages(pdf)
    assert page.text() == f"{TITLE} Trang 1/1"


# --- job ticket ------------------------------------------------------------------------------

TICKET_TITLE = "Phiếu yêu cầu in – Trung tâm Phục vụ hành chính công thành phố Hà Nội"
UNIT_NAME = "Trung tâm Phục vụ hành chính công thành phố Hà Nội"
HEADERS = (
    "Tệp", "Loại", "Khổ thành phẩm", "Tràn lề", "Số trang", "Số mặt", "Số bản/trang",
    "Tổng số lượng", "Giấy", "Gia công", "Bình trang",
)  # fmt: skip
LONG_FILE = "signs/trung-tam-bien-hieu-ngoai-troi-mat-tien-duong-nguyen-trai_ban-in-cuoi.pdf"


def badge_item(n: int) -> dict[str, object]:
    return {
        "file": f"badges/trung-tam-badges-{n}.pdf",
        "asset": "badge",
        "title": "Thẻ nhân viên",
        "trim_mm": [54, 85.6],
        "bleed_mm": 3,
        "pages": 24,
        "sides": 2,
        "copies": 1,
        "quantity": 1200 + n,
        "stock": f"PVC trắng 0,76 mm loại {n}",
        "finish": "Bo góc R3",
        "sheet": {
            "file": f"sheets/trung-tam-badges-{n}-sra3.pdf",
            "size": "SRA3",
            "size_mm": [450, 320],
            "up": 21,
            "sheets": 2,
        },
    }


def sign_item(n: int, file: str | None = None) -> dict[str, object]:
    return {
        "file": file or f"signs/trung-tam-signboard-{n}.pdf",
        "asset": "signboard",
        "title": "Biển hiệu",
        "trim_mm": [3000, 800],
        "bleed_mm": 10,
        "pages": 1,
        "sides": 1,
        "copies": 1,
        "quantity": 1,
        "stock": None,
        "finish": None,
        "sheet": None,
    }


def make_ticket(count: int) -> dict[str, object]:
    items = [badge_item(n) if n % 2 else sign_item(n) for n in range(count)]
    items[3] = sign_item(3, LONG_FILE)
    return {
        "title": TICKET_TITLE,
        "unit": {"id": "trung-tam", "name": UNIT_NAME},
        "spec": UNIT_NAME,
        "generator": "brandkit 0.1.0",
        "colour_profile": {
            "name": "FOGRA39",
            "description": "Offset, coated paper (FOGRA39)",
            "file": "FOGRA39-brandkit.icc",
        },
        "items": items,
        "files": [item["file"] for item in items] + ["proofs/contact-sheet.pdf"],
    }


@pytest.fixture(scope="module")
def ticket() -> dict[str, object]:
    return make_ticket(40)


@pytest.fixture(scope="module")
def ticket_pdf(ticket, fonts) -> bytes:
    return job_ticket_pdf(ticket, fonts)


def table_top(page: PageText) -> float:
    """The top of the table: just above its first header, "Tệp" (the lines above the table
    say "tệp" only in lower case)."""
    texts = [c.text for c in page.chars]
    start = next(i for i in range(len(texts)) if texts[i : i + 3] == ["T", "ệ", "p"])
    return page.chars[start].box[3] + 1


FOOTER_TOP = mm(16.5)  # the footer's text lies below this, the table above


def table_pages(pdf: bytes) -> list[PageText]:
    """The pages that carry the table: all but an approval block's page of its own."""
    return [page for page in read_pages(pdf) if "Tệp" in page.text()]


def table_bottom(page: PageText) -> float:
    """Where the table ends: above the approval block ("DUYỆT IN") or the footer."""
    text = page.text().replace("\r\n", "")
    if "DUYỆT IN" not in text:
        return FOOTER_TOP
    chars = [c.text for c in page.chars]
    start = next(i for i in range(len(chars)) if "".join(chars[i : i + 8]) == "DUYỆT IN")
    return page.chars[start].box[3] + 1


def column_text(page: PageText, column: int) -> str:
    _, x0, x1 = ticket_columns()[column]
    return page.bounded((x0, FOOTER_TOP, x1, table_top(page)))


def column_lines(page: PageText, column: int) -> list[str]:
    """The column's lines of text (pdfium ends some with a space where a neighbour follows)."""
    return [line.strip() for line in column_text(page, column).split("\r\n")]


def test_ticket_is_a4_portrait_and_paginates(ticket_pdf) -> None:
    with pikepdf.open(io.BytesIO(ticket_pdf)) as document:
        assert len(document.pages) >= 2
        for page in document.pages:
            x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
            assert to_mm(x1 - x0) == pytest.approx(210, abs=0.1)
            assert to_mm(y1 - y0) == pytest.approx(297, abs=0.1)


def test_ticket_header_names_job_unit_profile_and_generator(ticket_pdf) -> None:
    lines = read_pages(ticket_pdf)[0].text().split("\r\n")
    assert unicodedata.is_normalized("NFC", "".join(lines))
    assert lines[0] == TICKET_TITLE
    assert lines[1] == f"Đơn vị: {UNIT_NAME} (trung-tam)"
    assert lines[2] == f"Bộ nhận diện: {UNIT_NAME}"
    assert lines[3] == (
        "Hồ sơ màu: FOGRA39 – Offset, coated paper (FOGRA39) · tệp FOGRA39-brandkit.icc"
    )
    assert lines[4] == "Phần mềm tạo: brandkit 0.1.0"


def test_every_file_and_stock_extracts_back_in_order(ticket, ticket_pdf) -> None:
    files, stocks, sheets = [], [], []
    for page in table_pages(ticket_pdf):
        files += column_lines(page, 0)
        stocks.append(column_text(page, 8))
        sheets.append(column_text(page, 10))
    # The file column, header rows dropped, is every file in order (lines wrapped inside a
    # name start with its hyphen or slash, so joining them gives the name back).
    joined = "".join(line for line in files if line != "Tệp")
    assert joined == "".join(item["file"] for item in ticket["items"])
    # The stock column on every page is its header, then the stock of each row ("—" for none).
    assert all(bare(page).startswith("Giấy") for page in stocks)
    stock_text = "".join(bare(page).removeprefix("Giấy") for page in stocks)
    assert stock_text == "".join(bare(item["stock"] or "—") for item in ticket["items"])
    for item in ticket["items"]:
        if item["sheet"]:
            assert bare(item["sheet"]["file"]) in bare("".join(sheets))


def test_numbers_are_written_the_vietnamese_way(ticket_pdf) -> None:
    text = "".join(page.text() for page in read_pages(ticket_pdf))
    assert "54 × 85,6 mm" in text
    assert "3000 × 800 mm" in text
    assert "1.201" in text  # quantity 1201, thousands grouped with a dot
    assert "SRA3 · 450 × 320 mm" in text
    assert "21 bản/tờ · 2 tờ" in text


def test_the_header_row_repeats_on_every_page(ticket_pdf) -> None:
    pages = table_pages(ticket_pdf)
    assert len(pages) >= 2
    for page in pages:
        for column, label in enumerate(HEADERS):
            assert bare(column_text(page, column)).startswith(bare(label)), (column, label)


def test_footer_counts_files_and_pages(ticket, ticket_pdf) -> None:
    pages = read_pages(ticket_pdf)
    for number, page in enumerate(pages, start=1):
        last = page.text().split("\r\n")[-1]
        files = len(ticket["files"])
        assert last == f"Tạo bởi brandkit · {files} tệp Trang {number}/{len(pages)}"


def test_no_text_leaves_its_column(ticket_pdf) -> None:
    columns = ticket_columns()
    left, right = columns[0][1], columns[-1][2]
    table_chars = 0
    long_file_chars = 0
    for page in table_pages(ticket_pdf):
        top, bottom = table_top(page), table_bottom(page)
        for char in page.chars:
            if char.box[3] > top or char.box[1] < bottom:
                continue  # the header above the table, the approval and footer below it
            x, _ = centre(char.box)
            home = [(x0, x1) for _, x0, x1 in columns if x0 <= x <= x1]
            assert home, char
            x0, x1 = home[0]
            assert x0 <= char.box[0] and char.box[2] <= x1, (char.text, char.box, x0, x1)
            assert left <= char.box[0] and char.box[2] <= right
            table_chars += 1
        if "bien-hieu-ngoai-troi" in "".join(column_lines(page, 0)):
            long_file_chars += 1
    assert table_chars > 1000
    assert long_file_chars  # the long name was there to be checked


def test_the_long_file_name_wraps_inside_its_column(ticket_pdf) -> None:
    lines = column_lines(read_pages(ticket_pdf)[0], 0)
    start = next(i for i, line in enumerate(lines) if line.startswith("signs/trung-tam-bien"))
    wrapped = []
    for line in lines[start:]:
        wrapped.append(line)
        if "".join(wrapped) == LONG_FILE:
            break
    assert "".join(wrapped) == LONG_FILE
    assert len(wrapped) > 1
    assert all(line[0] in "-/_" for line in wrapped[1:])  # broken before a mark, not inside


def test_missing_stock_and_finish_show_a_dash(fonts) -> None:
    ticket = make_ticket(5)
    pdf = job_ticket_pdf(ticket, fonts)
    page = read_pages(pdf)[0]
    stock, finish, sheet = (column_lines(page, column) for column in (8, 9, 10))
    assert stock[1] == "—" and finish[1] == "—" and sheet[1] == "—"  # item 0: a sign


def test_ticket_fonts_are_embedded(ticket_pdf) -> None:
    assert_fonts_embedded(ticket_pdf)


def test_the_same_ticket_twice_is_the_same_bytes(ticket, ticket_pdf, fonts) -> None:
    assert job_ticket_pdf(make_ticket(40), fonts) == ticket_pdf
