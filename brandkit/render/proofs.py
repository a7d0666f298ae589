"""The print-shop bundle's two companion documents: a contact sheet of every page, a job ticket."""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import pikepdf
import pypdfium2 as pdfium
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from brandkit.fonts import font_metrics
from brandkit.layout.text import MARK_BREAKS, BreakPolicy, FitPolicy, block_height, fit
from brandkit.render.document import Document
from brandkit.render.pdf import register_font
from brandkit.render.png import page_image, page_size
from brandkit.render.ticket_order import APPROVAL_HEIGHT, draw_approval, info_lines
from brandkit.render.writer import Name, fp_str, literal
from brandkit.text import normalise_text
from brandkit.units import mm

Align = Literal["left", "centre", "right"]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points

# Baseline to baseline, in ems: Roboto's stacked Vietnamese marks (Ễ, Ỗ) reach about 1.05 em
# above the baseline of the line below, so 1.2 keeps them clear of the descenders above.
LEADING = 1.2
# A proof sheet is for looking at: quality 80 without Huffman optimisation encodes in half the
# time of 85 optimised, and the files come out no bigger (the optimising pass cost as much as
# the encoding itself and saved under a tenth).
JPEG_QUALITY = 80

BLACK, GREY, LIGHT = 0.0, 0.4, 0.88  # grey levels (0 is black) of text, frames, header fills


@dataclass(frozen=True)
class ProofItem:
    """One page on the contact sheet: where it comes from, its trim size, its picture."""

    label: str  # file and page, e.g. "badges/trung-tam-badges.pdf · trang 3"
    size: str  # the trim size, formatted by the caller, e.g. "85,6 × 54 mm"
    image: Image.Image  # RGB, the page cut to its trim


# --- thumbnails ------------------------------------------------------------------------------


def thumbnails(pdf: bytes, max_px: int = 360, repeats: bool = True) -> Iterator[Image.Image]:
    """Each page of `pdf`, cut to its TrimBox, as RGB with its longer side exactly `max_px`.

    Every page is rendered at its own scale, so a 3 m signboard costs no more than a badge: a
    big page is never rasterised at print resolution first and scaled down. With `repeats`
    (a PDF whose pages may repeat, as a two-sided piece's backs do), a page that draws what
    an earlier one draws (`page_keys`) is not loaded again: it gets that page's very picture.
    """
    if max_px < 1:
        raise ValueError(f"max_px must be at least 1, got {max_px}")
    document = pdfium.PdfDocument(pdf)
    try:
        count = len(document)
        keys = page_keys(pdf) if repeats and count > 1 else None
        if keys is not None and len(keys) != count:
            keys = None
        drawn: dict[bytes, Image.Image] = {}
        for number in range(count):
            key = keys[number] if keys is not None else None
            if key is not None and key in drawn:
                yield drawn[key]  # the same page again (a badge's back): the same picture
                continue
            page = document[number]
            try:
                image = _thumbnail(page, max_px)
            finally:
                page.close()
            if key is not None:
                drawn[key] = image
            yield image
    finally:
        document.close()


def _thumbnail(page: pdfium.PdfPage, max_px: int) -> Image.Image:
    width, height = page_size(page, trim=True)
    scale = max_px / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # A sliver of a page (a 1:1000 strip) must still render at least a pixel across.
    image = page_image(page, max(scale, 1 / min(width, height)), trim=True)
    if image.size != size:
        # pypdfium2 rounds the page and each cut up to whole pixels, which can leave the
        # picture a pixel off; the caller asked for an exact size. A pixel or two short
        # is made up by repeating the last column and row (resampling the whole picture
        # cost more than rendering it).
        short = (size[0] - image.width, size[1] - image.height)
        if 0 <= short[0] <= 2 and 0 <= short[1] <= 2:
            image = _extend(image, size)
        else:
            image = image.resize(size, Image.Resampling.LANCZOS)
    return image


def _extend(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """`image` made `size` (no smaller than it) by repeating its last column and row."""
    w, h = image.size
    out = Image.new(image.mode, size)
    out.paste(image, (0, 0))
    if size[0] > w:
        out.paste(image.crop((w - 1, 0, w, h)).resize((size[0] - w, h)), (w, 0))
    if size[1] > h:
        out.paste(out.crop((0, h - 1, size[0], h)).resize((size[0], size[1] - h)), (0, h))
    return out


def page_keys(pdf: bytes) -> list[bytes] | None:
    """Per page, a key that two pages of `pdf` share only if they draw the same: the same
    content bytes, and every other entry of the page the same, down to the objects of this
    file they name (resources, boxes, rotation, parent to inherit from). None if the file
    cannot be read so (every page is then drawn).

    A unit's badge backs and the like are one page many times: their thumbnail is drawn once."""
    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            keys = []
            for page in document.pages:
                # The page's entries but its content, which is read for its bytes.
                entries = pikepdf.Dictionary(
                    {k: v for k, v in page.obj.items() if k != "/Contents"}
                )
                contents = page.obj.get("/Contents")
                streams = contents if isinstance(contents, pikepdf.Array) else [contents]
                digest = hashlib.sha256(bytes(entries.unparse()))
                for stream in streams:
                    if not isinstance(stream, pikepdf.Stream):
                        return None
                    digest.update(b"\0" + bytes(stream.stream_dict.unparse()) + b"\0")
                    digest.update(stream.read_raw_bytes())
                keys.append(digest.digest())
            return keys
    except Exception:  # anything pikepdf makes of a damaged file: no keys, every page drawn
        return None


# --- text that fits --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Face:
    """A registered font: its reportlab name and vertical extent in ems, Vietnamese marks
    included (so a block's height is where its ink really ends)."""

    name: str
    ascent: float
    descent: float

    @classmethod
    def of(cls, path: Path) -> _Face:
        metrics = font_metrics(path)
        return cls(register_font(path), metrics.ascent, metrics.descent)

    def width(self, text: str, size: float) -> float:
        return float(pdfmetrics.stringWidth(text, self.name, size))


@dataclass(frozen=True)
class _Block:
    """Lines of text set in one face and size."""

    face: _Face
    size: float
    lines: tuple[str, ...]

    @property
    def height(self) -> float:
        return _block_height(self.face, self.size, len(self.lines))

    def draw(self, canvas: _Pen, x: float, width: float, top: float, align: Align) -> None:
        """Draw with the top of the tallest mark at `top`, aligned in [x, x + width]."""
        canvas.setFont(self.face.name, self.size)
        baseline = top - self.face.ascent * self.size
        for line in self.lines:
            if align == "left":
                canvas.drawString(x, baseline, line)
            elif align == "centre":
                canvas.drawCentredString(x + width / 2, baseline, line)
            else:
                canvas.drawRightString(x + width, baseline, line)
            baseline -= LEADING * self.size


def _block_height(face: _Face, size: float, lines: int) -> float:
    return block_height(face, size, lines, LEADING)


# Spaces that are no place to break: inside "54 × 85,6 mm", before the unit of "0,76 mm", and
# after a "·" separator, which then starts its line ("· trang 3") rather than ending one.
_GLUED = r"(?<=\d) (?=(?:mm|cm|m|tờ|bản)\b)| (?=×)|(?<=×) |(?<=·) "
# File names break inside at the marks as everything else does (see MARK_BREAKS).
_BREAKS = BreakPolicy(before=MARK_BREAKS.before, after=MARK_BREAKS.after, glue=_GLUED)


def _fit(
    text: str,
    face: _Face,
    width: float,
    size: float,
    min_size: float,
    max_lines: int | None = None,
) -> _Block:
    """`text` in at most `max_lines` lines no wider than `width`: wrapped at spaces, else also
    inside file names, at the largest size from `size` down to `min_size`; at `min_size`
    broken anywhere; and only if even that is too many lines, shortened in the middle with
    an ellipsis."""
    key = (text, face, width, size, min_size, max_lines)
    block = _FITTED.get(key)
    if block is None:
        policy = FitPolicy(_BREAKS, LEADING, max_lines, ellipsize=True)
        fitted = fit(normalise_text(text), face, width, size, policy, min_size=min_size)
        assert fitted is not None  # an ellipsized fit always fits
        block = _Block(face, fitted.size, fitted.lines)
        if len(_FITTED) >= _FITTED_MAX:
            _FITTED.clear()
        _FITTED[key] = block
    return block


# Fitting is a pure function of its arguments, and a job ticket's cells repeat from row to row
# and from bundle to bundle ("—", "1", "2", "85,6 × 54 mm", a stock, a finish, a column's
# label): each is fitted once per process. Bounded, as a process may make many bundles.
_FITTED: dict[tuple[str, _Face, float, float, float, int | None], _Block] = {}
_FITTED_MAX = 20_000


def _faces(fonts: Mapping[str, Path]) -> tuple[_Face, _Face]:
    """The heading and body faces: those roles, else the first font given."""
    if not fonts:
        raise ValueError("no fonts given")
    first = next(iter(fonts.values()))
    return _Face.of(fonts.get("heading", first)), _Face.of(fonts.get("body", first))


@dataclass
class _Shared:
    """What the pages of one document being drawn share."""

    images: dict[bytes, str] = field(default_factory=dict)  # the JPEGs it holds, by bytes
    splits: dict[tuple[str, str], list[tuple[int, bytes]]] = field(default_factory=dict)


class _Pen:
    """What the contact sheet and the job ticket draw with, written by the project's own PDF
    writer (as every piece PDF is) rather than through a reportlab canvas: the calls of
    reportlab's canvas they use (the ticket's approval block's too), in grey, with TrueType
    subsets and JPEG thumbnails embedded as they are."""

    def __init__(self, document: Document, shared: _Shared) -> None:
        self.document = document
        self.content = document.content()
        self._shared = shared
        self._font: tuple[TTFont, str] | None = None  # the font and size of the next text
        self._saved: list[tuple[TTFont, str] | None] = []

    def setFillGray(self, grey: float) -> None:  # reportlab's names, so _Block draws on both
        self.content.append(f"{fp_str(grey)} g")

    def setStrokeGray(self, grey: float) -> None:
        self.content.append(f"{fp_str(grey)} G")

    def setLineWidth(self, width: float) -> None:
        self.content.append(f"{fp_str(width)} w")

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.content.append(f"{fp_str(x0, y0)} m {fp_str(x1, y1)} l S")

    def rect(
        self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0
    ) -> None:
        paint = {(1, 0): "S", (0, 1): "f", (1, 1): "B"}.get((stroke, fill), "n")
        self.content.append(f"{fp_str(x, y, width, height)} re {paint}")

    def lines(self, lines: Sequence[tuple[float, float, float, float]]) -> None:
        self.content.lines(list(lines))

    def saveState(self) -> None:
        self.content.append("q")
        self._saved.append(self._font)

    def restoreState(self) -> None:
        self.content.append("Q")
        self._font = self._saved.pop()

    def setFont(self, name: str, size: float) -> None:
        self._font = (pdfmetrics.getFont(name), fp_str(size))

    def drawString(self, x: float, y: float, text: str) -> None:
        assert self._font is not None, "setFont first"
        font, size = self._font
        doc_font = self.document.font(font)
        parts = [f"BT 1 0 0 1 {fp_str(x, y)} Tm"]
        current = -1
        # A string shown again (a ticket's "—", "1", "3 mm") is in the subsets already, at
        # the codes it was given: split once a document.
        split = self._shared.splits.get((doc_font.prefix, text))
        if split is None:
            split = font.splitString(text, doc_font.key)
            self._shared.splits[(doc_font.prefix, text)] = split
        for subset, data in split:
            if subset != current:
                name = f"{doc_font.prefix}+{subset}"
                ref = doc_font.refs.get(subset)
                if ref is None:
                    ref = doc_font.refs[subset] = self.document.pdf.reserve()
                self.content.fonts[name] = ref
                parts.append(f"/{name} {size} Tf")
                current = subset
            parts.append(literal(data) + " Tj")
        parts.append("ET")
        self.content.append(" ".join(parts))

    def drawCentredString(self, x: float, y: float, text: str) -> None:
        assert self._font is not None, "setFont first"
        self.drawString(x - self._width(text) / 2, y, text)

    def drawRightString(self, x: float, y: float, text: str) -> None:
        self.drawString(x - self._width(text), y, text)

    def _width(self, text: str) -> float:
        assert self._font is not None, "setFont first"
        font, size = self._font
        return float(pdfmetrics.stringWidth(text, font.fontName, float(size)))

    def drawJpeg(
        self, jpeg: bytes, pixels: tuple[int, int], x: float, y: float, w: float, h: float
    ) -> None:
        """An RGB JPEG, embedded as it is (DCT) once per document, filling (x, y, w, h)."""
        name = self._shared.images.get(jpeg)
        if name is None:
            name = f"image-{len(self.document.xobjects) + 1}"
            entries = {
                "Type": Name("XObject"),
                "Subtype": Name("Image"),
                "Width": pixels[0],
                "Height": pixels[1],
                "ColorSpace": Name("DeviceRGB"),
                "BitsPerComponent": 8,
                "Filter": Name("DCTDecode"),
            }
            self.document.xobjects[name] = self.document.pdf.add_stream(
                jpeg, entries, compress=False
            )
            self._shared.images[jpeg] = name
        self.content.append(f"q {fp_str(w, 0, 0, h, x, y)} cm")
        self.content.do(name)
        self.content.append("Q")


# --- contact sheet ---------------------------------------------------------------------------

SHEET_SIZE = (mm(297), mm(210))  # A4 landscape
SHEET_MARGIN = mm(10)
SHEET_COLUMNS, SHEET_ROWS = 4, 3
SHEET_GUTTER = (mm(6), mm(5))  # between columns, between rows
TITLE_SIZE, TITLE_MIN = 14.0, 9.0
SUBTITLE_SIZE, SUBTITLE_MIN = 9.0, 7.0
FOLIO_SIZE = 9.0
LABEL_SIZE, LABEL_MIN, LABEL_LINES = 7.5, 5.5, 2
SIZE_LINE = 7.0
CAPTION_GAP = mm(1.5)  # between a thumbnail and its caption
CAPTION_PAD = mm(1)  # caption text keeps this far from the cell's sides
FRAME_WIDTH = 0.5


@dataclass(frozen=True)
class _Header:
    title: _Block
    subtitle: _Block | None
    height: float  # from the top margin to the rule under the header


def _sheet_header(title: str, subtitle: str, heading: _Face, body: _Face) -> _Header:
    width = SHEET_SIZE[0] - 2 * SHEET_MARGIN
    # Room on the right of the title for the page number, up to "Trang 999/999".
    folio = body.width("Trang 999/999", FOLIO_SIZE) + mm(6)
    top = _fit(title, heading, width - folio, TITLE_SIZE, TITLE_MIN, 2)
    sub = _fit(subtitle, body, width - folio, SUBTITLE_SIZE, SUBTITLE_MIN, 2) if subtitle else None
    height = top.height + (mm(1.5) + sub.height if sub else 0.0) + mm(2.5)
    return _Header(top, sub, height)


def sheet_cells(title: str, subtitle: str, fonts: Mapping[str, Path]) -> list[Box]:
    """The grid's cells on every page of the contact sheet `contact_sheet(…, title, subtitle)`,
    row by row, as (x0, y0, x1, y1) in PDF points: every caption glyph stays inside its cell."""
    heading, body = _faces(fonts)
    return _cells(_sheet_header(title, subtitle, heading, body))


def _cells(header: _Header) -> list[Box]:
    page_w, page_h = SHEET_SIZE
    gx, gy = SHEET_GUTTER
    grid_top = page_h - SHEET_MARGIN - header.height - mm(4)
    cell_w = (page_w - 2 * SHEET_MARGIN - (SHEET_COLUMNS - 1) * gx) / SHEET_COLUMNS
    cell_h = (grid_top - SHEET_MARGIN - (SHEET_ROWS - 1) * gy) / SHEET_ROWS
    cells = []
    for row in range(SHEET_ROWS):
        y1 = grid_top - row * (cell_h + gy)
        for column in range(SHEET_COLUMNS):
            x0 = SHEET_MARGIN + column * (cell_w + gx)
            cells.append((x0, y1 - cell_h, x0 + cell_w, y1))
    return cells


def contact_sheet(
    items: Sequence[ProofItem],
    fonts: Mapping[str, Path],
    title: str,
    subtitle: str = "",
) -> bytes:
    """An A4 landscape PDF of every item's thumbnail with its label and size, 12 to a page,
    under a header with `title`, `subtitle` and the page number (byte-reproducible)."""
    heading, body = _faces(fonts)
    header = _sheet_header(title, subtitle, heading, body)
    cells = _cells(header)
    per_page = len(cells)
    pages = max(1, math.ceil(len(items) / per_page))
    document = Document()
    # Every caption reserves room for a two-line label, so thumbnails line up along a row.
    caption_h = (
        CAPTION_GAP
        + _block_height(body, LABEL_SIZE, LABEL_LINES)
        + SIZE_LINE * 0.3
        + _block_height(body, SIZE_LINE, 1)
    )
    jpegs: dict[int, tuple[Image.Image, bytes]] = {}  # by thumbnail: each encoded once
    shared = _Shared()
    for number in range(pages):
        pen = _Pen(document, shared)
        _draw_sheet_header(pen, header, body, number + 1, pages)
        chunk = items[number * per_page : (number + 1) * per_page]
        for item, cell in zip(chunk, cells, strict=False):
            _draw_cell(pen, item, cell, caption_h, body, jpegs)
        document.add_page(pen.content, *SHEET_SIZE, {})
    return document.finish(normalise_text(title), "", normalise_text(subtitle), role="proof")


def _draw_sheet_header(canvas: _Pen, header: _Header, body: _Face, number: int, of: int) -> None:
    page_w, page_h = SHEET_SIZE
    top = page_h - SHEET_MARGIN
    width = page_w - 2 * SHEET_MARGIN
    canvas.setFillGray(BLACK)
    header.title.draw(canvas, SHEET_MARGIN, width, top, "left")
    # The page number sits on the title's first baseline.
    baseline = top - header.title.face.ascent * header.title.size
    canvas.setFont(body.name, FOLIO_SIZE)
    canvas.drawRightString(page_w - SHEET_MARGIN, baseline, f"Trang {number}/{of}")
    if header.subtitle is not None:
        canvas.setFillGray(GREY)
        header.subtitle.draw(
            canvas, SHEET_MARGIN, width, top - header.title.height - mm(1.5), "left"
        )
    rule = top - header.height
    canvas.setStrokeGray(GREY)
    canvas.setLineWidth(FRAME_WIDTH)
    canvas.line(SHEET_MARGIN, rule, page_w - SHEET_MARGIN, rule)


def _draw_cell(
    canvas: _Pen,
    item: ProofItem,
    cell: Box,
    caption_h: float,
    body: _Face,
    jpegs: dict[int, tuple[Image.Image, bytes]],
) -> None:
    x0, y0, x1, y1 = cell
    text_w = x1 - x0 - 2 * CAPTION_PAD
    box_w, box_h = x1 - x0, y1 - y0 - caption_h
    # The same picture in several cells (a page repeated: see `thumbnails`) is encoded once,
    # and embedded once.
    known = jpegs.get(id(item.image))
    if known is None or known[0] is not item.image:
        known = jpegs[id(item.image)] = (item.image, _jpeg(item.image.convert("RGB")))
    image, jpeg = known
    scale = min(box_w / image.width, box_h / image.height)
    w, h = image.width * scale, image.height * scale
    # Centred across, standing on the caption: a wide signboard stays next to its label.
    ix, iy = x0 + (box_w - w) / 2, y0 + caption_h
    canvas.drawJpeg(jpeg, image.size, ix, iy, w, h)
    canvas.setStrokeGray(GREY)
    canvas.setLineWidth(FRAME_WIDTH)
    canvas.rect(ix, iy, w, h)
    label = _fit(item.label, body, text_w, LABEL_SIZE, LABEL_MIN, LABEL_LINES)
    top = iy - CAPTION_GAP
    canvas.setFillGray(BLACK)
    label.draw(canvas, x0 + CAPTION_PAD, text_w, top, "centre")
    size = _fit(item.size, body, text_w, SIZE_LINE, LABEL_MIN, 1)
    canvas.setFillGray(GREY)
    size.draw(canvas, x0 + CAPTION_PAD, text_w, top - label.height - SIZE_LINE * 0.3, "centre")


def _jpeg(image: Image.Image) -> bytes:
    """The thumbnail as reportlab will embed it: JPEG, passed through as DCT. (Deflating the
    raw pixels instead is smaller for some flat artwork, but trying both doubled the time a
    bundle takes; a proof sheet is for looking at, not for printing.)"""
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=JPEG_QUALITY)
    return jpeg.getvalue()


# --- job ticket ------------------------------------------------------------------------------

TICKET_SIZE = (mm(210), mm(297))  # A4 portrait
TICKET_MARGIN = mm(12)
TICKET_TITLE, TICKET_TITLE_MIN = 15.0, 11.0
INFO_SIZE = 9.0
HEAD_SIZE, CELL_SIZE, CELL_MIN = 6.5, 7.0, 5.0
FOOTER_SIZE = 7.5
CELL_PAD = (2.0, 2.5)  # inside a table cell: left and right, top and bottom
NONE = "—"


@dataclass(frozen=True)
class _Column:
    key: str
    label: str
    width: float  # points
    align: Align


# The widths add up to the 186 mm between the margins.
TICKET_COLUMNS = (
    _Column("file", "Tệp", mm(35), "left"),
    _Column("title", "Loại", mm(19), "left"),
    _Column("trim", "Khổ thành phẩm", mm(19), "centre"),  # "3000 × 800 mm" on one line
    _Column("bleed", "Tràn lề", mm(10), "centre"),
    _Column("pages", "Số trang", mm(9), "centre"),
    _Column("sides", "Số mặt", mm(8), "centre"),
    _Column("copies", "Số bản/trang", mm(12), "centre"),
    _Column("quantity", "Tổng số lượng", mm(12), "centre"),
    _Column("stock", "Giấy", mm(19), "left"),
    _Column("finish", "Gia công", mm(14), "left"),
    # Wide enough for "SRA3 · 450 × 320 mm" and "21 bản/tờ · 2 tờ" on a line each.
    _Column("sheet", "Bình trang", mm(29), "left"),
)


def ticket_columns() -> list[tuple[str, float, float]]:
    """The job ticket's columns: label, left and right edge in PDF points."""
    out = []
    x = TICKET_MARGIN
    for column in TICKET_COLUMNS:
        out.append((column.label, x, x + column.width))
        x += column.width
    return out


def _number(value: Any) -> str:
    """A number as Vietnamese write it: decimal comma, no trailing zeros (85,6; 3)."""
    if value is None:
        return NONE
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _count(value: Any) -> str:
    """A count, thousands grouped with dots as Vietnamese write them (1.200)."""
    if value is None:
        return NONE
    if isinstance(value, int | float) and float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return _number(value)


def _dims(values: Any) -> str:
    if not values:
        return NONE
    return " × ".join(_number(v) for v in values) + " mm"


def _text(value: Any) -> str:
    return NONE if value is None or str(value).strip() == "" else str(value)


def _cells_of(item: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """An item's cell texts by column key, each cell one or more paragraphs."""
    sheet = item.get("sheet")
    if sheet:
        size = _text(sheet.get("size"))
        if sheet.get("size_mm"):
            size += " · " + _dims(sheet["size_mm"])
        imposed: tuple[str, ...] = (
            size,
            f"{_count(sheet.get('up'))} bản/tờ · {_count(sheet.get('sheets'))} tờ",
        )
        if sheet.get("step_and_repeat"):  # each sheet is one piece, printed many times
            imposed += (f"in {_count(sheet.get('press_sheets'))} tờ",)
        if sheet.get("file"):
            imposed += (str(sheet["file"]),)
    else:
        imposed = (NONE,)
    bleed = item.get("bleed_mm")
    return {
        "file": (_text(item.get("file")),),
        "title": (_text(item.get("title") or item.get("asset")),),
        "trim": (_dims(item.get("trim_mm")),),
        "bleed": (NONE if bleed is None else f"{_number(bleed)} mm",),
        "pages": (_count(item.get("pages")),),
        "sides": (_count(item.get("sides")),),
        "copies": (_count(item.get("copies")),),
        "quantity": (_count(item.get("quantity")),),
        "stock": (_text(item.get("stock")),),
        "finish": (_text(item.get("finish")),),
        "sheet": imposed,
    }


@dataclass(frozen=True)
class _Row:
    cells: tuple[tuple[_Block, ...], ...]  # per column, one block per paragraph
    height: float


def _row(texts: Sequence[tuple[str, ...]], face: _Face, size: float) -> _Row:
    pad_x, pad_y = CELL_PAD
    cells = []
    tallest = 0.0
    for column, paragraphs in zip(TICKET_COLUMNS, texts, strict=True):
        blocks = tuple(_fit(p, face, column.width - 2 * pad_x, size, CELL_MIN) for p in paragraphs)
        cells.append(blocks)
        tallest = max(tallest, _stack_height(blocks))
    return _Row(tuple(cells), tallest + 2 * pad_y)


def _paragraph_gap(block: _Block) -> float:
    """Above a cell's second paragraph and on: what a line's advance leaves beyond its ink."""
    return LEADING * block.size - (block.face.ascent + block.face.descent) * block.size


def _stack_height(blocks: Sequence[_Block]) -> float:
    gap = sum(_paragraph_gap(b) for b in blocks[1:])
    return sum(b.height for b in blocks) + max(gap, 0.0)


def _draw_row(canvas: _Pen, row: _Row, top: float, fill: float | None) -> None:
    pad_x, pad_y = CELL_PAD
    width = sum(c.width for c in TICKET_COLUMNS)
    if fill is not None:
        canvas.setFillGray(fill)
        canvas.rect(TICKET_MARGIN, top - row.height, width, row.height, stroke=0, fill=1)
    canvas.setFillGray(BLACK)
    x = TICKET_MARGIN
    for column, blocks in zip(TICKET_COLUMNS, row.cells, strict=True):
        y = top - pad_y
        for i, block in enumerate(blocks):
            if i:  # paragraphs a line apart, as lines within one are
                y -= _paragraph_gap(block)
            block.draw(canvas, x + pad_x, column.width - 2 * pad_x, y, column.align)
            y -= block.height
        x += column.width
    # Column rules and the rule under the row, thin and grey so the figures stand out.
    canvas.setStrokeGray(GREY)
    canvas.setLineWidth(0.3)
    lines = [(TICKET_MARGIN, top - row.height, TICKET_MARGIN + width, top - row.height)]
    x = TICKET_MARGIN
    for column in TICKET_COLUMNS:
        lines.append((x, top, x, top - row.height))
        x += column.width
    lines.append((x, top, x, top - row.height))
    canvas.lines(lines)


def job_ticket_pdf(ticket: Mapping[str, Any], fonts: Mapping[str, Path]) -> bytes:
    """An A4 portrait job ticket ("Phiếu yêu cầu in"): the job, the colour profile, and a
    table of every file to print whose header row repeats on every page (byte-reproducible)."""
    heading, body = _faces(fonts)
    page_w, page_h = TICKET_SIZE
    width = page_w - 2 * TICKET_MARGIN
    title = _text(ticket.get("title") or "Phiếu yêu cầu in")
    files = ticket.get("files")
    items: Sequence[Mapping[str, Any]] = ticket.get("items") or ()
    count = len(files) if files is not None else len(items)

    title_block = _fit(title, heading, width, TICKET_TITLE, TICKET_TITLE_MIN, 3)
    info = [_fit(line, body, width, INFO_SIZE, 7.0) for line in info_lines(ticket)]
    running = _fit(title, body, width, 8.0, 6.0, 2)  # pages after the first
    head = _row([(c.label,) for c in TICKET_COLUMNS], heading, HEAD_SIZE)
    rows = []
    for item in items:
        cells = _cells_of(item)
        rows.append(_row([cells[c.key] for c in TICKET_COLUMNS], body, CELL_SIZE))

    footer_top = TICKET_MARGIN + _block_height(body, FOOTER_SIZE, 1) + mm(3)
    first_top = (
        page_h - TICKET_MARGIN - title_block.height - mm(3)
        - sum(b.height + mm(1) for b in info) - mm(4)
    )  # fmt: skip
    later_top = page_h - TICKET_MARGIN - running.height - mm(4)

    # Lay the rows out into pages first: each page's footer says how many pages there are.
    pages = _ticket_pages(
        rows, first_top - head.height - footer_top, later_top - head.height - footer_top
    )
    room = (first_top if len(pages) == 1 else later_top) - head.height - footer_top
    approval_alone = room - sum(r.height for r in pages[-1]) < APPROVAL_HEIGHT + mm(8)
    if approval_alone:  # the approval block on a page of its own, after the table
        pages.append([])
    document = Document()
    shared = _Shared()
    for number, page_rows in enumerate(pages, start=1):
        canvas = _Pen(document, shared)
        canvas.setFillGray(BLACK)
        top = page_h - TICKET_MARGIN
        if number == 1:
            y = _draw_ticket_heading(canvas, title_block, info, top, width)
        else:
            canvas.setFillGray(GREY)
            running.draw(canvas, TICKET_MARGIN, width, top, "left")
            y = later_top
        if page_rows or not approval_alone:
            _draw_row(canvas, head, y, LIGHT)
            y -= head.height
        for i, row in enumerate(page_rows):
            # Every other row faintly shaded, so a wide row reads across without a ruler.
            _draw_row(canvas, row, y, 0.96 if i % 2 else None)
            y -= row.height
        if number == len(pages):
            # The approval block draws with the canvas calls _Pen makes.
            approval = cast(Canvas, canvas)
            draw_approval(approval, (heading.name, body.name), TICKET_MARGIN, y - mm(8), width)
        _draw_ticket_footer(canvas, body, count, number, len(pages))
        document.add_page(canvas.content, *TICKET_SIZE, {})
    subject = _text(ticket.get("spec"))
    return document.finish(normalise_text(title), "", normalise_text(subject), role="job-ticket")


def _ticket_pages(rows: Sequence[_Row], first: float, later: float) -> list[list[_Row]]:
    """`rows` cut into pages: `first` points of room for rows on the first page, `later` on
    every other; a row taller than a whole page still gets a page of its own."""
    pages: list[list[_Row]] = [[]]
    room = first
    for row in rows:
        if row.height > room and pages[-1]:
            pages.append([])
            room = later
        pages[-1].append(row)
        room -= row.height
    return pages


def _draw_ticket_heading(
    canvas: _Pen, title: _Block, info: Sequence[_Block], top: float, width: float
) -> float:
    """The first page's title and information lines from `top`; where the table starts."""
    title.draw(canvas, TICKET_MARGIN, width, top, "left")
    y = top - title.height - mm(3)
    for block in info:
        block.draw(canvas, TICKET_MARGIN, width, y, "left")
        y -= block.height + mm(1)
    return y - mm(4)


def _draw_ticket_footer(canvas: _Pen, body: _Face, count: int, number: int, of: int) -> None:
    page_w = TICKET_SIZE[0]
    baseline = TICKET_MARGIN + body.descent * FOOTER_SIZE
    canvas.setStrokeGray(GREY)
    canvas.setLineWidth(0.3)
    rule = TICKET_MARGIN + _block_height(body, FOOTER_SIZE, 1) + mm(1.5)
    canvas.line(TICKET_MARGIN, rule, page_w - TICKET_MARGIN, rule)
    canvas.setFillGray(GREY)
    canvas.setFont(body.name, FOOTER_SIZE)
    canvas.drawString(TICKET_MARGIN, baseline, f"Tạo bởi brandkit · {_count(count)} tệp")
    canvas.drawRightString(page_w - TICKET_MARGIN, baseline, f"Trang {number}/{of}")
