"""`--sheet`: print pieces imposed N-up on press sheets, beside the single-piece PDFs.

Real builds of the sample, each made once: badges of two units on A4 and on SRA3, the signs
of one unit on SRA3, and everything of the Trung tâm on SRA3 (every sheet of it is checked
against what its manifest entry says). Phường Tây Hồ has 3 people, so its rows are part-filled and a
back put at the front's slot instead of the mirrored one would show; the Trung tâm has 6, two
A4 sheets. Each piece's trim on a sheet is compared, rasterised, with the single-piece page it
comes from.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops

from tests.cli.sample_builds import FULL_SRA3, Built, build_once
from tests.conftest import SAMPLE_SPEC

MM = 72 / 25.4  # points per millimetre
DPI = 150
SHEET_MARGIN_MM = 5  # the press's unprintable edge (layout.impose.SHEET_MARGIN)
SLUG_BAND_MM = 8  # the slug line and colour bar's band above it
MARK_GAP_MM = 1  # crop marks start this far beyond the bleed
MARK_LENGTH_MM = 5

Box = tuple[float, float, float, float]
Segment = tuple[tuple[float, float], tuple[float, float]]


@pytest.fixture(scope="module")
def badges_a4(tmp_path_factory: pytest.TempPathFactory) -> Built:
    args = ("badges", "--unit", "trung-tam", "--unit", "phuong-tay-ho", "--sheet", "A4")
    return build_once(tmp_path_factory, *args)


@pytest.fixture(scope="module")
def badges_sra3(tmp_path_factory: pytest.TempPathFactory) -> Built:
    args = ("badges", "--unit", "trung-tam", "--unit", "phuong-tay-ho", "--sheet", "sra3")
    return build_once(tmp_path_factory, *args)


@pytest.fixture(scope="module")
def signs_sra3(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_once(tmp_path_factory, "signs", "--unit", "phuong-tay-ho", "--sheet", "SRA3")


@pytest.fixture(scope="module")
def full_sra3(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_once(tmp_path_factory, *FULL_SRA3)


@dataclass(frozen=True)
class Case:
    """An imposed sheet PDF and, where worked out by hand, what it should be."""

    build: str  # the fixture
    single: str  # the single-piece PDF
    sheet: str  # its sheets
    sheet_name: str = "SRA3"
    size_mm: tuple[float, float] | None = None  # the sheet as laid
    up: int | None = None
    sheets: int | None = None
    sides: int | None = None
    pieces: int | None = None

    def __str__(self) -> str:
        return self.sheet.rsplit("/", 1)[1] + ("" if self.up else " (full build)")


# Badge 54 × 85.6 + 3 mm bleed: A4 2 × 2 (portrait on the tie), SRA3 6 × 3 landscape. The desk
# plate laid flat, 250 × 200 + 3 mm: SRA3 portrait, 1 × 2. Trung tâm 6 people, Tây Hồ 3.
CASES = [
    Case(
        "badges_a4", "trung-tam/badges/trung-tam-badges.pdf",
        "trung-tam/sheets/trung-tam-badges-a4.pdf", "A4", (210, 297), 4, 2, 2, 6,
    ),
    Case(
        "badges_a4", "phuong-tay-ho/badges/phuong-tay-ho-badges.pdf",
        "phuong-tay-ho/sheets/phuong-tay-ho-badges-a4.pdf", "A4", (210, 297), 4, 1, 2, 3,
    ),
    Case(
        "badges_sra3", "trung-tam/badges/trung-tam-badges.pdf",
        "trung-tam/sheets/trung-tam-badges-sra3.pdf", "SRA3", (450, 320), 18, 1, 2, 6,
    ),
    Case(
        "badges_sra3", "phuong-tay-ho/badges/phuong-tay-ho-badges.pdf",
        "phuong-tay-ho/sheets/phuong-tay-ho-badges-sra3.pdf", "SRA3", (450, 320), 18, 1, 2, 3,
    ),
    Case(
        "signs_sra3", "phuong-tay-ho/signs/phuong-tay-ho-desk-plates.pdf",
        "phuong-tay-ho/sheets/phuong-tay-ho-desk-plates-sra3.pdf", "SRA3", (320, 450), 2, 2, 1,
        3,
    ),
]  # fmt: skip
# Every sheet of a whole unit's build, checked against what its manifest entry says.
FULL_BUILD = {
    "badges/trung-tam-badges.pdf": "trung-tam-badges-sra3.pdf",
    "signs/trung-tam-desk-plates.pdf": "trung-tam-desk-plates-sra3.pdf",
    "signs/trung-tam-counter-sign-desk.pdf": "trung-tam-counter-sign-desk-sra3.pdf",
    "envelopes/trung-tam-envelope-dl.pdf": "trung-tam-envelope-dl-sra3.pdf",
    "envelopes/trung-tam-envelope-c5.pdf": "trung-tam-envelope-c5-sra3.pdf",
    "envelopes/trung-tam-envelope-c4.pdf": "trung-tam-envelope-c4-sra3.pdf",
    "envelopes/trung-tam-envelope-120x220.pdf": "trung-tam-envelope-120x220-sra3.pdf",
    "envelopes/trung-tam-envelope-250x350.pdf": "trung-tam-envelope-250x350-sra3.pdf",
    # The DL and C5 blanks fit SRA3, the C4 blank (364 × 492 mm) does not.
    "envelopes/trung-tam-envelope-blank-dl.pdf": "trung-tam-envelope-blank-dl-sra3.pdf",
    "envelopes/trung-tam-envelope-blank-c5.pdf": "trung-tam-envelope-blank-c5-sra3.pdf",
    "boards/trung-tam-procedure-handout.pdf": "trung-tam-procedure-handout-sra3.pdf",
    # The office stationery the sample declares: business cards (duplex) and the letterhead.
    "business-cards/trung-tam-business-card.pdf": "trung-tam-business-card-sra3.pdf",
    "letterheads/trung-tam-letterhead.pdf": "trung-tam-letterhead-sra3.pdf",
}
CASES += [
    Case("full_sra3", f"trung-tam/{single}", f"trung-tam/sheets/{sheet}")
    for single, sheet in FULL_BUILD.items()
]


@dataclass
class Sheet:
    case: Case
    built: Built
    entry: dict[str, Any]
    single_entry: dict[str, Any]
    size_mm: tuple[float, float]
    up: int
    sheets: int
    sides: int
    pieces: int

    @property
    def path(self) -> Path:
        return self.built.out / self.case.sheet

    @property
    def single_path(self) -> Path:
        return self.built.out / self.case.single

    @property
    def trim(self) -> tuple[float, float]:
        """One piece's trim, in points."""
        w, h = self.single_entry["trim_mm"]
        return w * MM, h * MM

    @property
    def bleed(self) -> float:
        return float(self.single_entry["bleed_mm"]) * MM

    def slot(self, slot: int, back: bool) -> Box:
        """A slot's trim on the sheet, in points: mirrored left to right on the back."""
        x, y = (v * MM for v in self.entry["positions_mm"][slot])
        w, h = self.trim
        if back:
            x = self.size_mm[0] * MM - x - w
        return x, y, x + w, y + h

    @property
    def repeat(self) -> bool:
        """Step and repeat: a piece ordered in many copies fills a sheet of its own."""
        return bool(self.entry.get("step_and_repeat"))

    def placed(self, number: int) -> list[int]:
        """The slots filled on sheet `number` (0-based)."""
        if self.repeat:
            return list(range(self.up))
        return list(range(min(self.up, self.pieces - number * self.up)))

    def piece(self, number: int, slot: int) -> int:
        """Which piece (0-based) sheet `number` holds in `slot`."""
        return number if self.repeat else number * self.up + slot

    def bleeds(self, number: int, back: bool) -> list[Box]:
        b = self.bleed
        return [
            (x0 - b, y0 - b, x1 + b, y1 + b)
            for x0, y0, x1, y1 in (self.slot(s, back) for s in self.placed(number))
        ]


@pytest.fixture(params=CASES, ids=str)
def sheet(request: pytest.FixtureRequest) -> Sheet:
    case: Case = request.param
    built: Built = request.getfixturevalue(case.build)
    manifest = built.manifest()
    assert case.sheet in manifest, sorted(manifest)
    entry, single = manifest[case.sheet], manifest[case.single]
    sides = case.sides or single.get("sides", 1)
    pieces = case.pieces or single["pages"] // sides
    up = case.up or len(entry["positions_mm"])
    sheets = pieces if entry.get("step_and_repeat") else math.ceil(pieces / up)
    return Sheet(
        case, built, entry, single,
        size_mm=case.size_mm or tuple(entry["trim_mm"]),
        up=up,
        sheets=case.sheets or sheets,
        sides=sides,
        pieces=pieces,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Reading the PDFs


def render_region(path: Path, index: int, box: Box, dpi: int = DPI) -> Image.Image:
    """Page `index` of `path`, cut to `box` (points): the page's media and crop boxes are set
    to it, so both renders put the box's lower-left corner at the same pixel origin."""
    with pikepdf.open(path) as pdf:
        page = pdf.pages[index]
        page.MediaBox = pikepdf.Array(list(box))
        page.CropBox = pikepdf.Array(list(box))
        buffer = io.BytesIO()
        pdf.save(buffer)
    document = pdfium.PdfDocument(buffer.getvalue())
    try:
        return document[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def difference(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    """(mean absolute difference 0–255, share of pixels within 16/255 on every channel)."""
    assert a.size == b.size
    bands = ImageChops.difference(a, b).split()
    worst = bands[0]
    for band in bands[1:]:
        worst = ImageChops.lighter(worst, band)
    histogram = worst.histogram()
    total = sum(histogram)
    mean = sum(i * n for band in bands for i, n in enumerate(band.histogram())) / (3 * total)
    return mean, sum(histogram[:17]) / total


def same_picture(a: Image.Image, b: Image.Image) -> bool:
    mean, within = difference(a, b)
    return mean < 2 and within >= 0.995


def trim_box(path: Path, index: int) -> Box:
    with pikepdf.open(path) as pdf:
        x0, y0, x1, y1 = (float(v) for v in pdf.pages[index].TrimBox)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def apply(ctm: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = ctm
    return a * x + c * y + e, b * x + d * y + f


def then(first: tuple[float, ...], second: tuple[float, ...]) -> tuple[float, ...]:
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2,
    )  # fmt: skip


@dataclass
class Drawn:
    """What a sheet page draws itself (its own content, not the pieces' forms)."""

    strokes: list[tuple[Segment, str]]  # each stroked line segment, with its colour space
    fills: list[tuple[Box, tuple[float, ...]]]  # each filled rectangle, with its CMYK colour
    forms: list[str]  # the XObjects it places


def top_level(pdf: pikepdf.Pdf, index: int) -> Drawn:
    page = pdf.pages[index]
    spaces = page.obj.get("/Resources", {}).get("/ColorSpace", {})

    def space(name: str) -> str:
        value = spaces.get(name)
        if isinstance(value, pikepdf.Array) and str(value[0]) == "/Separation":
            return f"Separation:{value[1]}"
        return name

    out = Drawn([], [], [])
    ctm: tuple[float, ...] = (1, 0, 0, 1, 0, 0)
    stack: list[tuple[tuple[float, ...], str, tuple[float, ...]]] = []
    stroke_space, fill = "/DeviceGray", (0.0,)
    segments: list[Segment] = []
    rects: list[Box] = []
    current: tuple[float, float] | None = None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append((ctm, stroke_space, fill))
        elif op == "Q":
            ctm, stroke_space, fill = stack.pop()
        elif op == "cm":
            ctm = then(tuple(float(v) for v in operands), ctm)
        elif op == "CS":
            stroke_space = space(str(operands[0]))
        elif op == "K":
            stroke_space = "/DeviceCMYK"
        elif op == "k":
            fill = tuple(float(v) for v in operands)
        elif op == "m":
            current = apply(ctm, float(operands[0]), float(operands[1]))
        elif op == "l":
            point = apply(ctm, float(operands[0]), float(operands[1]))
            assert current is not None
            segments.append((current, point))
            current = point
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            (ax, ay), (bx, by) = apply(ctm, x, y), apply(ctm, x + w, y + h)
            rects.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        elif op in ("S", "s"):
            out.strokes += [(s, stroke_space) for s in segments]
            segments, rects, current = [], [], None
        elif op in ("f", "F", "f*"):
            out.fills += [(r, fill) for r in rects]
            segments, rects, current = [], [], None
        elif op in ("n", "B", "B*", "b", "b*"):
            segments, rects, current = [], [], None
        elif op == "Do":
            out.forms.append(str(operands[0]))
    return out


def hits(segment: Segment, box: Box) -> bool:
    """Whether an axis-parallel segment meets the closed box."""
    (x0, y0), (x1, y1) = segment
    return (
        min(x0, x1) <= box[2] and max(x0, x1) >= box[0]
        and min(y0, y1) <= box[3] and max(y0, y1) >= box[1]
    )  # fmt: skip


def inflate(box: Box, by: float) -> Box:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def expected_marks(trim: Box, bleed: float) -> set[Segment]:
    x0, y0, x1, y1 = trim
    start, end = bleed + MARK_GAP_MM * MM, bleed + (MARK_GAP_MM + MARK_LENGTH_MM) * MM
    out: set[Segment] = set()
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            out.add(rounded(((x + sx * start, y), (x + sx * end, y))))
            out.add(rounded(((x, y + sy * start), (x, y + sy * end))))
    return out


def rounded(segment: Segment) -> Segment:
    """A segment with its ends in order, on a 0.05 pt grid (the manifest's positions are
    rounded to 0.001 mm)."""
    a, b = sorted(segment)
    return (round(a[0] / 0.05) * 0.05, round(a[1] / 0.05) * 0.05), (
        round(b[0] / 0.05) * 0.05,
        round(b[1] / 0.05) * 0.05,
    )


def near(segment: Segment, others: set[Segment], tolerance: float = 0.06) -> bool:
    return any(
        all(
            abs(p - q) <= tolerance
            for p, q in zip(segment[0] + segment[1], o[0] + o[1], strict=True)
        )
        for o in others
    )


# ---------------------------------------------------------------------------------------------
# The files and the manifest


def test_the_sheet_pdf_is_beside_the_pieces(sheet: Sheet) -> None:
    case, entry = sheet.case, sheet.entry
    unit = case.single.split("/", 1)[0]
    assert case.sheet.startswith(f"{unit}/sheets/")
    assert sheet.path.is_file() and sheet.single_path.is_file()
    assert entry["imposes"] == case.single
    assert entry["sheet"] == case.sheet_name
    assert entry["up"] == sheet.up
    assert entry["sheets"] == sheet.sheets
    assert entry["sides"] == sheet.sides
    assert entry["pages"] == sheet.sheets * sheet.sides
    assert entry["format"] == "pdf"
    assert entry["asset"] == sheet.single_entry["asset"]
    assert entry["unit"] == unit
    assert entry["trim_mm"] == pytest.approx(list(sheet.size_mm), abs=0.01)
    assert entry["orientation"] == (
        "landscape" if sheet.size_mm[0] > sheet.size_mm[1] else "portrait"
    )
    assert len(entry["positions_mm"]) == sheet.up
    assert entry["sha256"] == hashlib.sha256(sheet.path.read_bytes()).hexdigest()
    # The single PDF has a page per piece (a front and a back per badge).
    assert sheet.single_entry["pages"] == sheet.pieces * sheet.sides
    if sheet.repeat:  # a sheet per piece, printed as often as the copies need
        copies = int(entry["runs"]) * sheet.up
        assert sheet.sheets == sheet.pieces
        assert entry["press_sheets"] == sheet.sheets * entry["runs"]
        # The sample orders 500 of each envelope and letterhead, 100 of each handout page and
        # of each person's business card.
        ordered = 100 if any(k in sheet.case.single for k in ("handout", "business")) else 500
        assert copies - sheet.up < ordered <= copies
    else:
        assert sheet.sheets == math.ceil(sheet.pieces / sheet.up)
        assert entry["runs"] == 1 and entry["press_sheets"] == sheet.sheets


def test_sheet_pages_are_the_sheet(sheet: Sheet) -> None:
    with pikepdf.open(sheet.path) as pdf:
        assert len(pdf.pages) == sheet.sheets * sheet.sides
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
            assert (x1 - x0) / MM == pytest.approx(sheet.size_mm[0], abs=0.05)
            assert (y1 - y0) / MM == pytest.approx(sheet.size_mm[1], abs=0.05)
    with pikepdf.open(sheet.single_path) as pdf:
        assert len(pdf.pages) == sheet.pieces * sheet.sides


def test_every_piece_is_its_single_page(sheet: Sheet) -> None:
    """Each slot's trim on the sheet looks exactly like the single-piece page cut to its trim:
    fronts at the slots, backs at the mirrored slots on the reverse, in the source's order."""
    compared = 0
    for number in range(sheet.sheets):
        for side in range(sheet.sides):
            back = side == 1
            sheet_page = number * sheet.sides + side
            filled = sheet.placed(number)
            for slot in range(sheet.up):
                on_sheet = render_region(sheet.path, sheet_page, sheet.slot(slot, back))
                if slot not in filled:  # an empty slot is blank paper
                    assert on_sheet.getextrema() == ((255, 255),) * 3, (number, side, slot)
                    continue
                source = sheet.piece(number, slot) * sheet.sides + side
                single = render_region(
                    sheet.single_path, source, trim_box(sheet.single_path, source)
                )
                mean, within = difference(single, on_sheet)
                assert mean < 2 and within >= 0.995, (
                    f"sheet {number + 1} {'back' if back else 'front'} slot {slot}: "
                    f"mean difference {mean:.2f}/255, {within:.2%} within 16/255"
                )
                compared += 1
    assert compared == sum(len(sheet.placed(n)) for n in range(sheet.sheets)) * sheet.sides


def test_the_comparison_tells_pieces_apart(badges_a4: Built) -> None:
    # Two people's badges differ well beyond the tolerance, so a piece in the wrong slot fails.
    single = badges_a4.out / "trung-tam/badges/trung-tam-badges.pdf"
    first = render_region(single, 0, trim_box(single, 0))
    second = render_region(single, 2, trim_box(single, 2))
    assert not same_picture(first, second)
    mean, within = difference(first, second)
    assert mean > 10 and within < 0.95


def test_crop_marks_lie_outside_every_bleed(sheet: Sheet) -> None:
    with pikepdf.open(sheet.path) as pdf:
        for number in range(sheet.sheets):
            for side in range(sheet.sides):
                back = side == 1
                drawn = top_level(pdf, number * sheet.sides + side)
                filled = sheet.placed(number)
                assert len(drawn.forms) == len(filled)
                bleeds = sheet.bleeds(number, back)
                strokes = [segment for segment, _ in drawn.strokes]
                assert len(strokes) >= 8 * len(filled)
                for segment, space in drawn.strokes:
                    assert space == "Separation:/All", "marks print on every plate"
                    for bleed in bleeds:
                        # Not in any bleed, nor within half the marks' gap of one.
                        assert not hits(segment, inflate(bleed, MARK_GAP_MM * MM / 2)), (
                            f"sheet {number + 1} side {side}: mark {segment} reaches {bleed}"
                        )
                found = {rounded(s) for s in strokes}
                for slot in filled:
                    for mark in expected_marks(sheet.slot(slot, back), sheet.bleed):
                        assert near(mark, found), f"slot {slot}: no crop mark {mark}"


def slug_boxes(textpage: pdfium.PdfTextPage, text: str) -> tuple[str, list[Box]]:
    """The slug line (from the job name to the end of the page's text) and its glyph boxes."""
    everything = textpage.get_text_range()
    start = everything.index(text)
    line = everything[start:].splitlines()[0]
    assert textpage.get_text_range(start, len(line)) == line
    boxes = [textpage.get_charbox(i) for i in range(start, start + len(line))]
    return line, [b for b, c in zip(boxes, line, strict=True) if not c.isspace()]


def test_the_slug_line_names_the_job_outside_the_pieces(sheet: Sheet) -> None:
    case = sheet.case
    name = case.single.rsplit("/", 1)[1]
    band_top = (SHEET_MARGIN_MM + SLUG_BAND_MM) * MM
    document = pdfium.PdfDocument(sheet.path)
    try:
        for number in range(sheet.sheets):
            for side in range(sheet.sides):
                textpage = document[number * sheet.sides + side].get_textpage()
                line, boxes = slug_boxes(textpage, name)
                assert f"tờ {number + 1}/{sheet.sheets}" in line
                assert case.sheet_name in line
                if sheet.repeat:
                    runs = sheet.entry["runs"]
                    assert f"{sheet.up} bản một trang" in line and f"in {runs} tờ cho" in line
                else:
                    assert f"{len(sheet.placed(number))}/{sheet.up} chiếc" in line
                if sheet.sides == 2:
                    assert ("mặt sau" if side else "mặt trước") in line
                bleeds = sheet.bleeds(number, side == 1)
                lowest = min(b[1] for b in bleeds)
                for box in boxes:
                    left, bottom, right, top = box
                    # Clear of the press margin by more than the safe-margin proof's
                    # tolerance (preflight.drawn.TOLERANCE): the slug is drawn 1 pt inside it.
                    assert left > SHEET_MARGIN_MM * MM + 0.5
                    assert bottom >= SHEET_MARGIN_MM * MM - 0.5
                    assert top <= band_top + 0.5 and top < lowest
                    for bleed in bleeds:
                        assert not overlaps((left, bottom, right, top), bleed)
                textpage.close()
    finally:
        document.close()


def test_the_colour_bar_is_below_the_pieces(sheet: Sheet) -> None:
    band = (SHEET_MARGIN_MM * MM, (SHEET_MARGIN_MM + SLUG_BAND_MM) * MM)
    with pikepdf.open(sheet.path) as pdf:
        for number in range(sheet.sheets):
            for side in range(sheet.sides):
                drawn = top_level(pdf, number * sheet.sides + side)
                bleeds = sheet.bleeds(number, side == 1)
                lowest = min(b[1] for b in bleeds)
                patches = [(box, ink) for box, ink in drawn.fills if len(ink) == 4]
                # Each process ink solid, at 50 % and 25 %, the grey pair, the brand's colours.
                assert len(patches) >= 14
                inks = {ink for _, ink in patches}
                for solid in ((1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1)):
                    assert solid in inks
                assert (0.5, 0, 0, 0) in inks and (0, 0, 0, 0.25) in inks
                for box, _ in patches:
                    assert band[0] - 0.01 <= box[1] and box[3] <= band[1] + 0.01
                    assert box[3] < lowest
                    assert box[2] <= sheet.size_mm[0] * MM - SHEET_MARGIN_MM * MM + 0.01
                    assert box[2] - box[0] == pytest.approx(4 * MM, abs=0.01)
                    assert not any(overlaps(box, b) for b in bleeds)
                # Side by side, not on top of each other.
                lefts = sorted(box[0] for box, _ in patches)
                assert all(b - a >= 4 * MM - 0.01 for a, b in itertools.pairwise(lefts))


# ---------------------------------------------------------------------------------------------
# What is not imposed


def test_a_whole_build_imposes_what_fits_a_press_sheet(full_sra3: Built) -> None:
    folder = full_sra3.out / "trung-tam" / "sheets"
    made = sorted(p.name for p in folder.iterdir())
    assert made == sorted(FULL_BUILD.values())
    manifest = full_sra3.manifest()
    imposed = {e["imposes"]: path for path, e in manifest.items() if "imposes" in e}
    assert imposed == {f"trung-tam/{a}": f"trung-tam/sheets/{b}" for a, b in FULL_BUILD.items()}
    # Too big for SRA3: all named once, in one note (not a warning); nothing imposed of screens.
    lines = [w for w in full_sra3.stderr.splitlines() if "too big for it" in w]
    assert len(lines) == 1 and lines[0].startswith("note: not imposed on the SRA3"), lines
    for name in ("signboard", "door_sign", "counter_sign_hanging", "folder", "procedure_board"):
        assert lines[0].count(f" {name} (") == 1, lines[0]
    assert "does not fit" not in full_sra3.stderr
    assert not [p for p in imposed if "/kiosk/" in p or "/ticket/" in p]


def test_a_piece_too_big_for_the_sheet_is_warned_about(signs_sra3: Built) -> None:
    notes = [line for line in signs_sra3.stderr.splitlines() if "too big for it" in line]
    assert len(notes) == 1 and ": signboard (3000 × 800 mm)" in notes[0], signs_sra3.stderr
    assert "SRA3" in notes[0]
    sheets = sorted(p.name for p in (signs_sra3.out / "phuong-tay-ho" / "sheets").iterdir())
    assert not [name for name in sheets if "signboard" in name or "door-sign" in name]
    assert "phuong-tay-ho-desk-plates-sra3.pdf" in sheets
    manifest = signs_sra3.manifest()
    imposed = {e.get("imposes") for e in manifest.values()}
    assert "phuong-tay-ho/signs/phuong-tay-ho-signboard.pdf" not in imposed
    # The piece itself is still made, to be printed from its own page.
    assert (signs_sra3.out / "phuong-tay-ho/signs/phuong-tay-ho-signboard.pdf").is_file()


def test_desk_plates_are_printed_on_one_side(signs_sra3: Built) -> None:
    entry = signs_sra3.manifest()["phuong-tay-ho/sheets/phuong-tay-ho-desk-plates-sra3.pdf"]
    assert entry["sides"] == 1
    assert entry["pages"] == entry["sheets"]
    document = pdfium.PdfDocument(
        signs_sra3.out / "phuong-tay-ho/sheets/phuong-tay-ho-desk-plates-sra3.pdf"
    )
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    assert "mặt trước" not in text and "mặt sau" not in text


def test_without_sheet_no_sheets_are_made(run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("--spec", SAMPLE_SPEC, "--out", out, "badges", "--unit", "phuong-tay-ho")
    assert result.exit_code == 0, result.output
    assert not (out / "phuong-tay-ho" / "sheets").exists()
    assert "does not fit" not in result.stderr


@pytest.mark.parametrize(
    ("bad", "says"),
    [("A5", "'A5'"), ("330x480", "'330x480'"), ("10x10mm", "10 × 10 mm: not a press sheet")],
)
def test_a_bad_sheet_is_a_usage_error(run, tmp_path: Path, bad: str, says: str) -> None:
    out = tmp_path / "out"
    result = run("--spec", SAMPLE_SPEC, "--out", out, "badges", "--sheet", bad)
    assert result.exit_code == 2
    assert "'--sheet'" in result.stderr and says in result.stderr, result.stderr
    assert not out.exists()
