"""Finishing in the die line, read back from the sample's PDFs: the badge's R3 corners and
lanyard slot, the door sign's screw holes, the hanging sign's cable holes, the signboard's
contour and the envelope blanks (cuts solid, folds dashed, the window cut), each a path in the
`Dieline` separation set to overprint; on imposed sheets too; and every such PDF preflights.
"""

from __future__ import annotations

import math
from pathlib import Path

import pikepdf
import pytest

from brandkit.build import Options, build
from brandkit.layout.impose import parse_sheet
from brandkit.preflight.run import preflight_pdf
from tests.render.pdfcheck import page_box
from tests.render.pdfstate import Paint, Point, walk_page

MM = 72 / 25.4
DIE = "Separation:/Dieline"
UNIT = "trung-tam"
TEMPLATES = (
    "badge", "door_sign", "counter_sign_hanging", "signboard", "envelope_blank",
)  # fmt: skip


@pytest.fixture(scope="module")
def out(sample_spec_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("finishing")
    build(
        Options(
            spec=sample_spec_path, out=folder, jobs=1, units=(UNIT,), templates=TEMPLATES,
            sheet=parse_sheet("SRA3"),
        )
    )  # fmt: skip
    return folder


def die_paints(path: Path, page: int = 0) -> tuple[list[Paint], tuple[float, ...]]:
    """The paths stroked in the die line on a page, and its TrimBox."""
    with pikepdf.open(path) as pdf:
        state = walk_page(pdf.pages[page])
        trim = page_box(pdf.pages[page], "/TrimBox")
    return [p for p in state.paints if p.strokes and p.stroke_space == DIE], trim


def loops(paint: Paint) -> list[list[Point]]:
    """The outlines of a path: its segments split where one does not start at the last end."""
    out: list[list[Point]] = []
    for start, end in paint.segments:
        if not out or out[-1][-1] != start:
            out.append([start])
        out[-1].append(end)
    return out


def from_trim(trim: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    """A page point in mm from the trim's top-left corner, y downwards."""
    return (x - trim[0]) / MM, (trim[3] - y) / MM


def box_mm(trim: tuple[float, ...], points: list[Point]) -> tuple[float, float, float, float]:
    xs, ys = zip(*(from_trim(trim, *p) for p in points), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def flat(points: list[tuple[float, float]]) -> list[float]:
    return [v for point in points for v in point]


def corner_gap(trim: tuple[float, ...], points: list[Point]) -> float:
    """How far the outline passes from the trim's top-left corner, in mm."""
    return min(math.hypot(*from_trim(trim, *p)) for p in points)


def test_badge_die_line_has_r3_corners_and_the_lanyard_slot(out: Path) -> None:
    pdf = out / UNIT / "badges" / f"{UNIT}-badges.pdf"
    for page in (0, 1):  # the front and the back: the same card
        paints, trim = die_paints(pdf, page)
        assert len(paints) == 1 and paints[0].state.dash == ()  # cuts: solid
        paint = paints[0]
        assert paint.state.stroke_overprint, "the die line must overprint"
        contour, slot = loops(paint)
        x0, y0, x1, y1 = box_mm(trim, contour)
        assert (x0, y0, x1, y1) == pytest.approx((0, 0, 54, 85.6), abs=0.01)
        # A corner rounded to 3 mm passes 3(√2 − 1) = 1.243 mm from the sharp corner.
        assert corner_gap(trim, contour) == pytest.approx(3 * (math.sqrt(2) - 1), abs=0.02)
        assert box_mm(trim, slot) == pytest.approx((20.5, 3, 33.5, 6), abs=0.01)


def test_door_sign_has_four_screw_holes_15_mm_from_the_corners(out: Path) -> None:
    paints, trim = die_paints(out / UNIT / "signs" / f"{UNIT}-door-sign.pdf")
    outlines = [loop for paint in paints for loop in loops(paint)]
    contour, *holes = outlines
    assert box_mm(trim, contour) == pytest.approx((0, 0, 600, 400), abs=0.01)
    centres = []
    for hole in holes:
        x0, y0, x1, y1 = box_mm(trim, hole)
        assert (x1 - x0, y1 - y0) == pytest.approx((4, 4), abs=0.02)  # Ø 4 mm
        centres.append(((x0 + x1) / 2, (y0 + y1) / 2))
    expected = [(15, 15), (585, 15), (15, 385), (585, 385)]
    assert flat(sorted(centres)) == pytest.approx(flat(sorted(expected)), abs=0.1)
    assert all(p.state.stroke_overprint for p in paints)


def test_hanging_counter_sign_has_two_cable_holes_at_the_top(out: Path) -> None:
    paints, trim = die_paints(out / UNIT / "signs" / f"{UNIT}-counter-sign-hanging.pdf")
    _, *holes = [loop for paint in paints for loop in loops(paint)]
    centres = sorted(
        ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in (box_mm(trim, h) for h in holes)
    )
    assert flat(centres) == pytest.approx([40, 12, 760, 12], abs=0.1)


def test_signboard_contour_follows_the_trim_with_rounded_corners(out: Path) -> None:
    paints, trim = die_paints(out / UNIT / "signs" / f"{UNIT}-signboard.pdf")
    (contour,) = [loop for paint in paints for loop in loops(paint)]
    assert box_mm(trim, contour) == pytest.approx((0, 0, 3000, 800), abs=0.01)
    assert corner_gap(trim, contour) == pytest.approx(20 * (math.sqrt(2) - 1), abs=0.05)


# The standard blank of each face: side flaps 8 % of W within 15–20 mm, the seal flap 40 % of
# H above the face, the bottom flap 75 % of H below it.
BLANKS = {
    "dl": ((220, 110), 17.6),
    "c5": ((229, 162), 229 * 0.08),
    "c4": ((324, 229), 20.0),
}


@pytest.mark.parametrize("size", sorted(BLANKS))
def test_envelope_blank_cuts_folds_and_face(out: Path, size: str) -> None:
    (w, h), side = BLANKS[size]
    seal, bottom = 0.40 * h, 0.75 * h
    paints, trim = die_paints(out / UNIT / "envelopes" / f"{UNIT}-envelope-blank-{size}.pdf")
    width, height = (trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM
    assert (width, height) == pytest.approx((w + 2 * side, seal + h + bottom), abs=0.01)
    cuts = [p for p in paints if not p.state.dash]
    folds = [p for p in paints if p.state.dash and p.state.dash[0] > 2 * MM]
    assert folds and all(p.state.dash == pytest.approx((3 * MM, 2 * MM)) for p in folds)
    outlines = [loop for paint in cuts for loop in loops(paint)]
    outline = max(outlines, key=lambda loop: box_mm(trim, loop)[2])
    windows = [loop for loop in outlines if loop is not outline]
    assert box_mm(trim, outline) == pytest.approx((0, 0, width, height), abs=0.01)
    fold_points = [p for paint in folds for seg in paint.segments for p in seg]
    # The folds are the face's edges: the face sits side flap in, seal flap down.
    assert box_mm(trim, fold_points) == pytest.approx((side, seal, side + w, seal + h), abs=0.01)
    if size == "dl":  # DIN 680: 90 × 45 mm, 20 mm from the face's left, 15 from its bottom
        (window,) = windows
        face_bottom = seal + h
        assert box_mm(trim, window) == pytest.approx(
            (side + 20, face_bottom - 60, side + 110, face_bottom - 15), abs=0.01
        )
    assert all(p.state.stroke_overprint for p in paints)


def test_die_line_travels_to_the_imposed_sheet(out: Path) -> None:
    sheet = next((out / UNIT / "sheets").glob(f"{UNIT}-badges-*.pdf"))
    paints, _ = die_paints(sheet)
    slots = [loop for paint in paints for loop in loops(paint)][1::2]
    with pikepdf.open(out / UNIT / "badges" / f"{UNIT}-badges.pdf") as pdf:
        pieces = len(pdf.pages) // 2
    assert 0 < len(slots) <= pieces
    for slot in slots:
        xs, ys = zip(*slot, strict=True)
        assert (max(xs) - min(xs), max(ys) - min(ys)) == pytest.approx((13 * MM, 3 * MM), abs=0.01)


def test_every_pdf_with_a_die_line_preflights(out: Path) -> None:
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) >= 8
    for pdf in pdfs:
        report = preflight_pdf(pdf)
        assert (report.errors, report.warnings) == (0, 0), (pdf.name, report.findings)
