"""Press-sheet geometry: sheet names, how many pieces fit, where they go, where marks go.

Everything here is pure arithmetic on points; the counts are checked against a brute-force
count written out from the rules (margin, room for marks, gutter, slug band), not against
`impose`'s own formula.
"""

from __future__ import annotations

import itertools

import pytest

from brandkit.layout.impose import (
    GUTTER,
    MARK_ROOM,
    SHEET_MARGIN,
    SLUG_BAND,
    Imposition,
    SheetSize,
    impose,
    parse_sheet,
)
from brandkit.layout.marks import MARK_GAP, MARK_LENGTH
from brandkit.units import mm

EPS = 1e-6
Box = tuple[float, float, float, float]
Segment = tuple[tuple[float, float], tuple[float, float]]

# Pieces of the sample kit and common print work: (name, trim width, trim height, bleed), mm.
PIECES = [
    ("badge", 54, 85.6, 3),
    ("business-card", 85, 55, 2),
    ("a5", 148, 210, 3),
    ("a4", 210, 297, 3),
    ("envelope-dl", 220, 110, 3),
    ("tent-card-flat", 250, 200, 3),
    ("ticket", 80, 120, 0),
    ("square", 100, 100, 3),
    ("long-strip", 400, 100, 3),
]
SHEETS = ["A4", "A3", "SRA3", "SRA2", "330x480mm", "480x330mm"]


def piece_id(value: object) -> str:
    return value[0] if isinstance(value, tuple) else str(value)


def bleed_box(imposition: Imposition, x: float, y: float) -> Box:
    b = imposition.bleed
    w, h = imposition.trim
    return x - b, y - b, x + w + b, y + h + b


def crop_marks(imposition: Imposition, x: float, y: float) -> list[Segment]:
    """The eight crop-mark segments of a piece whose trim's lower-left corner is (x, y):
    along each trim line, from bleed + gap to bleed + gap + length beyond each corner."""
    w, h = imposition.trim
    start = imposition.bleed + MARK_GAP
    end = start + MARK_LENGTH
    out: list[Segment] = []
    for cx, sx in ((x, -1), (x + w, 1)):
        for cy, sy in ((y, -1), (y + h, 1)):
            out.append(((cx + sx * start, cy), (cx + sx * end, cy)))
            out.append(((cx, cy + sy * start), (cx, cy + sy * end)))
    return out


def segment_hits_box(segment: Segment, box: Box) -> bool:
    """Whether an axis-parallel segment meets the (closed) box."""
    (x0, y0), (x1, y1) = segment
    lo_x, hi_x = min(x0, x1), max(x0, x1)
    lo_y, hi_y = min(y0, y1), max(y0, y1)
    return lo_x <= box[2] and hi_x >= box[0] and lo_y <= box[3] and hi_y >= box[1]


def boxes_overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def most_that_fit(length: float, piece: float) -> int:
    """Brute force: the largest n with n pieces and n - 1 gutters within `length`."""
    n = 0
    while (n + 1) * piece + n * GUTTER <= length + EPS:
        n += 1
    return n


def brute_force(width: float, height: float, trim: tuple[float, float], bleed: float):
    """(cols, rows) that fit a sheet laid `width` × `height`, from the rules alone."""
    edge = SHEET_MARGIN + MARK_ROOM  # on every side: the press's margin and the marks' room
    cols = most_that_fit(width - 2 * edge, trim[0] + 2 * bleed)
    rows = most_that_fit(height - 2 * edge - SLUG_BAND, trim[1] + 2 * bleed)
    return cols, rows


def impose_mm(sheet: str, w: float, h: float, bleed: float) -> Imposition | None:
    return impose(parse_sheet(sheet), (mm(w), mm(h)), mm(bleed))


# ---------------------------------------------------------------------------------------------
# parse_sheet


@pytest.mark.parametrize(
    ("text", "name", "size_mm"),
    [
        ("A4", "A4", (210, 297)),
        ("a4", "A4", (210, 297)),
        ("a3", "A3", (297, 420)),
        ("SRA3", "SRA3", (320, 450)),
        ("sra3", "SRA3", (320, 450)),
        ("Sra2", "SRA2", (450, 640)),
        ("  sRa2 ", "SRA2", (450, 640)),
        # The offset sheets Vietnamese printers stock, and their halves.
        ("65x86", "65x86", (650, 860)),
        ("65×86", "65x86", (650, 860)),
        ("43X65", "43x65", (430, 650)),
        ("79x109", "79x109", (790, 1090)),
        ("54x79", "54x79", (545, 790)),
    ],
)
def test_named_sheets_case_insensitive(text: str, name: str, size_mm: tuple[int, int]) -> None:
    sheet = parse_sheet(text)
    assert sheet.name == name
    assert sheet.width == pytest.approx(mm(size_mm[0]))
    assert sheet.height == pytest.approx(mm(size_mm[1]))
    assert not sheet.fixed  # a named sheet may be turned


@pytest.mark.parametrize(
    ("text", "size_mm"),
    [
        ("330x480mm", (330, 480)),
        ("480x330mm", (480, 330)),
        ("330 x 480 mm", (330, 480)),
        ("330×480mm", (330, 480)),
        ("330X480mm", (330, 480)),
        ("320.5x450.25mm", (320.5, 450.25)),
    ],
)
def test_sheets_given_by_size(text: str, size_mm: tuple[float, float]) -> None:
    sheet = parse_sheet(text)
    assert sheet.width == pytest.approx(mm(size_mm[0]))
    assert sheet.height == pytest.approx(mm(size_mm[1]))
    assert sheet.fixed  # the orientation asked for is kept
    assert sheet.name == f"{size_mm[0]:g}x{size_mm[1]:g}mm"
    assert f"{size_mm[0]:g} × {size_mm[1]:g} mm" in sheet.label


@pytest.mark.parametrize(
    ("text", "name", "size_mm"),
    [
        ("79x109cm", "79x109cm", (790, 1090)),  # a B1-ish offset sheet, as printers write it
        ("79 × 109 cm", "79x109cm", (790, 1090)),
        ("33cmx48cm", "33x48cm", (330, 480)),  # the width may repeat the unit
        ("13x19in", "13x19in", (330.2, 482.6)),  # the US "super B" sheet
        ("936x1368pt", "936x1368pt", (330.2, 482.6)),
    ],
)
def test_sheets_in_any_unit_a_length_may_carry(
    text: str, name: str, size_mm: tuple[float, float]
) -> None:
    sheet = parse_sheet(text)
    assert sheet.name == name
    assert (sheet.width, sheet.height) == pytest.approx((mm(size_mm[0]), mm(size_mm[1])))
    assert sheet.fixed
    assert f"{size_mm[0]:g} × {size_mm[1]:g} mm" in sheet.label


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("A5", ["A4", "SRA3", "330x480mm", "'A5'"]),
        ("", ["A4", "SRA3", "330x480mm"]),
        ("SRA4", ["A4", "A3", "SRA3", "SRA2", "65x86", "79x109", "54x79", "'SRA4'"]),
        ("330x480", ["330x480mm", "'330x480'"]),  # no unit
        ("330x480cm", ["3300 × 4800 mm", "not a press sheet", "'330x480cm'"]),  # 3.3 m
        ("80x109", ["79x109cm", "'80x109'"]),  # no unit, no such named sheet
        ("79x109em", ["'79x109em'"]),  # no unit a length may carry
        ("79x109x3cm", ["'79x109x3cm'"]),
        ("330mm", ["'330mm'"]),
        ("-330x480mm", ["'-330x480mm'"]),
        ("10x10mm", ["10 × 10 mm", "not a press sheet"]),
        ("330x4800mm", ["330 × 4800 mm", "not a press sheet"]),
    ],
)
def test_bad_sheets_are_refused_helpfully(text: str, says: list[str]) -> None:
    with pytest.raises(ValueError) as caught:
        parse_sheet(text)
    message = str(caught.value)
    for part in says:
        assert part in message, message


# ---------------------------------------------------------------------------------------------
# How many, which way round


@pytest.mark.parametrize("sheet_name", SHEETS)
@pytest.mark.parametrize("piece", PIECES, ids=piece_id)
def test_the_count_is_the_most_that_fit(sheet_name: str, piece: tuple) -> None:
    _, w, h, bleed = piece
    sheet = parse_sheet(sheet_name)
    trim = (mm(w), mm(h))
    imposition = impose(sheet, trim, mm(bleed))
    ways = [(sheet.width, sheet.height)]
    if not sheet.fixed:
        ways.append((sheet.height, sheet.width))
    counts = {way: brute_force(*way, trim, mm(bleed)) for way in ways}
    best = max(c * r for c, r in counts.values())
    if best == 0:
        assert imposition is None
        return
    assert imposition is not None
    assert imposition.up == imposition.cols * imposition.rows == best
    assert len(imposition.positions) == best
    laid = (imposition.width, imposition.height)
    assert laid in counts, "the sheet is laid as given or turned, nothing else"
    assert (imposition.cols, imposition.rows) == counts[laid]
    # One more column, or one more row, would not fit with its gutter, margins and marks.
    piece_w, piece_h = trim[0] + 2 * mm(bleed), trim[1] + 2 * mm(bleed)
    edge = SHEET_MARGIN + MARK_ROOM
    cols, rows = imposition.cols, imposition.rows
    assert 2 * edge + (cols + 1) * piece_w + cols * GUTTER > imposition.width
    assert 2 * edge + SLUG_BAND + (rows + 1) * piece_h + rows * GUTTER > imposition.height
    # And those that are there do fit.
    assert 2 * edge + cols * piece_w + (cols - 1) * GUTTER <= imposition.width + EPS
    assert 2 * edge + SLUG_BAND + rows * piece_h + (rows - 1) * GUTTER <= imposition.height + EPS


def test_counts_worked_by_hand() -> None:
    # Badge 54 × 85.6 mm + 3 mm bleed = 60 × 91.6 mm; gutter 7 mm; 11 mm edge on each side.
    # SRA3 landscape (450 × 320): 428 mm across → 6 columns; 290 − 8 slug → 3 rows: 18.
    # SRA3 portrait: 298 mm → 4 columns; 420 mm → 4 rows: 16. Landscape wins.
    sra3 = impose_mm("SRA3", 54, 85.6, 3)
    assert sra3 is not None
    assert (sra3.cols, sra3.rows, sra3.orientation) == (6, 3, "landscape")
    # A4: portrait 2 × 2, landscape 4 × 1: a tie stays portrait.
    a4 = impose_mm("A4", 54, 85.6, 3)
    assert a4 is not None
    assert (a4.cols, a4.rows, a4.orientation) == (2, 2, "portrait")
    # The tent card laid flat (250 × 200 + 3 mm bleed) only fits SRA3 portrait, twice.
    tent = impose_mm("SRA3", 250, 200, 3)
    assert tent is not None
    assert (tent.cols, tent.rows, tent.orientation) == (1, 2, "portrait")


@pytest.mark.parametrize(
    ("piece", "sheet", "orientation"),
    [
        ((54, 85.6, 3), "SRA3", "landscape"),  # 18 against 16
        ((54, 85.6, 3), "A4", "portrait"),  # 4 either way: a tie stays portrait
        ((54, 85.6, 3), "SRA2", "portrait"),  # 36 either way
        ((85, 55, 2), "A3", "landscape"),  # 16 against 12
        ((85, 55, 2), "SRA3", "portrait"),  # 18 against 16
        ((148, 210, 3), "SRA2", "portrait"),  # 4 against 3
        ((250, 200, 3), "SRA3", "portrait"),  # 2 against 1
        ((250, 200, 3), "SRA2", "landscape"),  # 4 against 2
        ((400, 100, 3), "SRA3", "landscape"),  # only fits across the long side
        ((220, 110, 3), "A4", "landscape"),  # only fits across the long side
    ],
)
def test_a_named_sheet_is_turned_to_hold_more(
    piece: tuple[float, float, float], sheet: str, orientation: str
) -> None:
    imposition = impose_mm(sheet, *piece)
    assert imposition is not None
    assert imposition.orientation == orientation
    named = parse_sheet(sheet)
    if orientation == "landscape":
        assert (imposition.width, imposition.height) == (named.height, named.width)
    else:
        assert (imposition.width, imposition.height) == (named.width, named.height)
    turned = impose(
        SheetSize("turned", imposition.height, imposition.width, fixed=True),
        (mm(piece[0]), mm(piece[1])),
        mm(piece[2]),
    )
    assert turned is None or turned.up <= imposition.up
    if imposition.orientation == "landscape":  # turned only when that holds more
        assert turned is None or turned.up < imposition.up


def test_a_sheet_given_by_size_keeps_its_orientation() -> None:
    # 320 × 450 mm is SRA3 portrait: the badge fits 16 up, where turned it would fit 18.
    portrait = impose_mm("320x450mm", 54, 85.6, 3)
    assert portrait is not None
    assert (portrait.width, portrait.height) == (mm(320), mm(450))
    assert (portrait.up, portrait.orientation) == (16, "portrait")
    landscape = impose_mm("450x320mm", 54, 85.6, 3)
    assert landscape is not None
    assert (landscape.width, landscape.height) == (mm(450), mm(320))
    assert landscape.up == 18
    # Even when only the other way round would hold the piece at all.
    assert impose_mm("320x450mm", 400, 100, 3) is None
    assert impose_mm("SRA3", 400, 100, 3) is not None


@pytest.mark.parametrize(
    ("piece", "sheet"),
    [
        ((3000, 800, 10), "SRA3"),  # the signboard
        ((841, 1189, 3), "SRA2"),  # an A0 board
        ((210, 297, 3), "A4"),  # an A4 piece needs more than an A4 sheet: bleed and marks
        ((297, 420, 0), "A3"),
        ((620, 420, 3), "SRA2"),  # fits 640 × 450 without marks, not with them
        ((400, 100, 3), "A3"),
    ],
)
def test_a_piece_too_big_gives_none(piece: tuple[float, float, float], sheet: str) -> None:
    assert impose_mm(sheet, *piece) is None


# ---------------------------------------------------------------------------------------------
# Where pieces and marks go


def impositions() -> list[Imposition]:
    out = []
    for (_, w, h, bleed), sheet in itertools.product(PIECES, SHEETS):
        imposition = impose_mm(sheet, w, h, bleed)
        if imposition is not None:
            out.append(imposition)
    return out


IMPOSITIONS = impositions()


def imposition_id(imposition: Imposition) -> str:
    w, h = imposition.trim
    return f"{w / mm(1):g}x{h / mm(1):g}-on-{imposition.sheet.name}"


def test_the_sample_pieces_make_a_varied_set() -> None:
    # The geometry tests below are worth something only if they see many layouts.
    ups = {i.up for i in IMPOSITIONS}
    assert len(IMPOSITIONS) >= 30
    assert {1, 2, 4, 18} <= ups
    assert max(ups) >= 30
    assert {i.orientation for i in IMPOSITIONS} == {"portrait", "landscape"}


@pytest.mark.parametrize("imposition", IMPOSITIONS, ids=imposition_id)
def test_pieces_and_their_marks_stay_on_the_printable_sheet(imposition: Imposition) -> None:
    top = imposition.height - SHEET_MARGIN
    right = imposition.width - SHEET_MARGIN
    floor = SHEET_MARGIN + SLUG_BAND  # above the slug line and the colour bar
    for side in (imposition.positions, imposition.back_positions()):
        for x, y in side:
            x0, y0, x1, y1 = bleed_box(imposition, x, y)
            assert x0 - MARK_ROOM >= SHEET_MARGIN - EPS
            assert y0 - MARK_ROOM >= floor - EPS
            assert x1 + MARK_ROOM <= right + EPS
            assert y1 + MARK_ROOM <= top + EPS
            for (ax, ay), (bx, by) in crop_marks(imposition, x, y):
                for px, py in ((ax, ay), (bx, by)):
                    assert SHEET_MARGIN - EPS <= px <= right + EPS
                    assert floor - EPS <= py <= top + EPS


@pytest.mark.parametrize("imposition", IMPOSITIONS, ids=imposition_id)
def test_no_mark_reaches_another_piece(imposition: Imposition) -> None:
    for side in (imposition.positions, imposition.back_positions()):
        bleeds = [bleed_box(imposition, x, y) for x, y in side]
        for i, j in itertools.combinations(range(len(bleeds)), 2):
            assert not boxes_overlap(bleeds[i], bleeds[j]), (i, j)
        for i, (x, y) in enumerate(side):
            marks = crop_marks(imposition, x, y)
            assert len(marks) == 8
            for mark in marks:
                # Not in its own bleed either: the gap keeps every mark off the piece.
                for j, other in enumerate(bleeds):
                    assert not segment_hits_box(mark, other), (i, j, mark, other)


@pytest.mark.parametrize("imposition", IMPOSITIONS, ids=imposition_id)
def test_pieces_are_in_a_centred_grid_in_reading_order(imposition: Imposition) -> None:
    w, h = imposition.trim
    positions = imposition.positions
    xs = sorted({round(x, 6) for x, _ in positions})
    ys = sorted({round(y, 6) for _, y in positions})
    assert (len(xs), len(ys)) == (imposition.cols, imposition.rows)
    # Reading order: the top row first, left to right.
    expected = [(x, y) for y in reversed(ys) for x in xs]
    assert [(round(x, 6), round(y, 6)) for x, y in positions] == expected
    # Centred across: the bleed's distance to the left edge is its distance to the right.
    b = imposition.bleed
    left = xs[0] - b
    right = imposition.width - (xs[-1] + w + b)
    assert left == pytest.approx(right, abs=1e-6)
    # And centred between the slug band and the top.
    below = ys[0] - b - (SHEET_MARGIN + MARK_ROOM + SLUG_BAND)
    above = imposition.height - (SHEET_MARGIN + MARK_ROOM) - (ys[-1] + h + b)
    assert below == pytest.approx(above, abs=1e-6)
    assert below >= -EPS


@pytest.mark.parametrize("imposition", IMPOSITIONS, ids=imposition_id)
def test_backs_mirror_the_fronts(imposition: Imposition) -> None:
    w, h = imposition.trim
    backs = imposition.back_positions()
    assert len(backs) == len(imposition.positions)
    for i, ((fx, fy), (bx, by)) in enumerate(zip(imposition.positions, backs, strict=True)):
        # Turned over the vertical axis: the centre moves to its mirror image, the height stays.
        assert bx + w / 2 == pytest.approx(imposition.width - (fx + w / 2), abs=1e-6)
        assert by == pytest.approx(fy, abs=1e-9)
        assert imposition.trim_box(i, back=True) == pytest.approx((bx, by, bx + w, by + h))
        assert imposition.trim_box(i) == pytest.approx((fx, fy, fx + w, fy + h))
    # The grid is symmetric, so the backs land on the same slots as the fronts.
    front_slots = sorted((round(x, 6), round(y, 6)) for x, y in imposition.positions)
    back_slots = sorted((round(x, 6), round(y, 6)) for x, y in backs)
    assert back_slots == front_slots


def test_backs_on_an_asymmetric_layout() -> None:
    # A hand-made imposition (not centred): the mirror is about the sheet's centre line.
    sheet = parse_sheet("A4")
    imposition = Imposition(
        sheet, sheet.width, sheet.height, (mm(50), mm(80)), mm(3), 2, 1,
        ((mm(20), mm(100)), (mm(80), mm(100))),
    )  # fmt: skip
    backs = imposition.back_positions()
    assert backs[0] == pytest.approx((mm(210 - 20 - 50), mm(100)))
    assert backs[1] == pytest.approx((mm(210 - 80 - 50), mm(100)))
