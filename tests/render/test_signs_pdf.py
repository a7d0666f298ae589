"""The print PDFs of signs, desk plates, envelopes and the folder from a real sample build.

Boxes, colour spaces, fonts and glyphs for every new asset; tent cards (desk plates, desk
counter signs) whose back face is the front turned half a turn, with dashed fold marks
outside the bleed; the folder's and the DL envelope's die line in its overprinting spot.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops

from brandkit.build import Options, Report, build
from brandkit.layout.marks import MARK_GAP, MARK_LENGTH, media_margin
from brandkit.spec.load import SpecFile
from brandkit.units import mm
from tests.conftest import SPECS_DIR, hierarchy_upper, title_shown
from tests.render.pdfcheck import Box, inflate, inside, inspect_page, overlaps, page_box
from tests.render.pdfstate import PageState, Paint, walk_page

# The centre (no parent: a two-line signboard, 8 counters, 6 people), a branch (4 counters,
# 4 people) and a ward (5 counters, 3 people).
UNITS = ("trung-tam", "chi-nhanh-03", "phuong-tay-ho")
ASSETS = ("signboard", "door_sign", "counter_sign", "desk_plate", "envelope", "folder")
TOLERANCE = mm(0.01)


@dataclass(frozen=True)
class Expected:
    """One PDF each unit gets: where it is, its flat trim in mm, its bleed, whether a tent."""

    path: str
    trim_mm: tuple[float, float]
    bleed_mm: float = 3.0
    face_mm: float | None = None  # a tent card's face height: the fold is there

    def file(self, unit: str) -> str:
        return self.path.format(unit=unit)


FILES = {
    "signboard": Expected("{unit}/signs/{unit}-signboard.pdf", (3000, 800), bleed_mm=10),
    "door_sign": Expected("{unit}/signs/{unit}-door-sign.pdf", (600, 400)),
    "counter_hanging": Expected("{unit}/signs/{unit}-counter-sign-hanging.pdf", (800, 300)),
    "counter_desk": Expected("{unit}/signs/{unit}-counter-sign-desk.pdf", (300, 200), face_mm=100),
    "desk_plate": Expected("{unit}/signs/{unit}-desk-plates.pdf", (250, 200), face_mm=100),
    "envelope_dl": Expected("{unit}/envelopes/{unit}-envelope-dl.pdf", (220, 110)),
    "envelope_c5": Expected("{unit}/envelopes/{unit}-envelope-c5.pdf", (229, 162)),
    "envelope_c4": Expected("{unit}/envelopes/{unit}-envelope-c4.pdf", (324, 229)),
    "envelope_120x220": Expected("{unit}/envelopes/{unit}-envelope-120x220.pdf", (220, 120)),
    "envelope_250x350": Expected("{unit}/envelopes/{unit}-envelope-250x350.pdf", (350, 250)),
    "folder": Expected("{unit}/folders/{unit}-folder.pdf", (474, 410)),
    # Whole envelope blanks (brandkit/envelope_blank.py): the face amid side, bottom and seal flaps.
    "blank_dl": Expected("{unit}/envelopes/{unit}-envelope-blank-dl.pdf", (255.2, 236.5)),
    "blank_c5": Expected("{unit}/envelopes/{unit}-envelope-blank-c5.pdf", (265.64, 348.3)),
    "blank_c4": Expected("{unit}/envelopes/{unit}-envelope-blank-c4.pdf", (364, 492.35)),
}
TENTS = [k for k, e in FILES.items() if e.face_mm is not None]


@dataclass
class SignsBuild:
    out: Path
    report: Report
    spec_file: SpecFile
    opened: dict[str, pikepdf.Pdf]

    def path(self, kind: str, unit: str) -> Path:
        return self.out / FILES[kind].file(unit)

    def pdf(self, kind: str, unit: str) -> pikepdf.Pdf:
        key = FILES[kind].file(unit)
        if key not in self.opened:
            self.opened[key] = pikepdf.open(self.out / key)
        return self.opened[key]

    def unit(self, unit_id: str):
        return next(u for u in self.spec_file.spec.units if u.id == unit_id)


@pytest.fixture(scope="module")
def signs(tmp_path_factory, sample_spec, sample_spec_path) -> Iterator[SignsBuild]:
    out = tmp_path_factory.mktemp("signs-build")
    options = Options(spec=sample_spec_path, out=out, jobs=1, quiet=True, units=UNITS)
    report = build(options, assets=ASSETS)
    result = SignsBuild(out, report, sample_spec, {})
    yield result
    for pdf in result.opened.values():
        pdf.close()


@pytest.fixture(scope="module")
def walked(signs) -> dict[tuple[str, str], list[PageState]]:
    """Every page of every PDF, interpreted (by kind and unit)."""
    return {
        (kind, unit): [walk_page(page) for page in signs.pdf(kind, unit).pages]
        for kind in FILES
        for unit in UNITS
    }


def staff_of(signs: SignsBuild, unit: str) -> list[dict[str, str]]:
    """The people of a unit from the sample CSV (the same people as the XLSX), in order."""
    with (SPECS_DIR / "data" / "staff.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["Đơn vị"] == unit]


def primary_cmyk(signs: SignsBuild) -> tuple[float, ...]:
    return tuple(round(v / 100, 4) for v in signs.spec_file.spec.colours["primary"].cmyk)


def rounded(values: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(round(v, 4) for v in values)


def union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes), min(b[1] for b in boxes),
        max(b[2] for b in boxes), max(b[3] for b in boxes),
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Every new PDF


def test_the_build_writes_every_asset_for_every_unit(signs) -> None:
    written = {w.path: w for w in signs.report.written}
    assert signs.report.warnings == []
    assert len(written) == len(FILES) * len(UNITS)
    for unit in UNITS:
        counters = len(signs.unit(unit).counters)
        for kind, expected in FILES.items():
            entry = written[expected.file(unit)]
            assert entry.unit == unit
            assert entry.trim_mm == pytest.approx(expected.trim_mm, abs=0.1), (kind, unit)
            assert entry.bleed_mm == pytest.approx(expected.bleed_mm), (kind, unit)
            if kind.startswith("counter"):
                pages = counters
            elif kind == "desk_plate":
                pages = len(staff_of(signs, unit))
            else:
                pages = 1
            assert entry.pages == pages == len(signs.pdf(kind, unit).pages) > 0, (kind, unit)


@pytest.mark.parametrize("kind", FILES)
def test_page_boxes(signs, kind: str) -> None:
    expected = FILES[kind]
    bleed = mm(expected.bleed_mm)
    for unit in UNITS:
        for number, page in enumerate(signs.pdf(kind, unit).pages):
            where = (kind, unit, number + 1)
            trim = page_box(page, "/TrimBox")
            width, height = (trim[2] - trim[0]) / mm(1), (trim[3] - trim[1]) / mm(1)
            assert (width, height) == pytest.approx(expected.trim_mm, abs=0.1), where
            assert page_box(page, "/BleedBox") == pytest.approx(
                inflate(trim, bleed), abs=TOLERANCE
            ), where
            media = page_box(page, "/MediaBox")
            assert media == pytest.approx(inflate(trim, media_margin(bleed)), abs=TOLERANCE), where


@pytest.mark.parametrize("kind", FILES)
def test_colours_are_cmyk_or_separations_only(signs, kind: str) -> None:
    for unit in UNITS:
        for number, page in enumerate(signs.pdf(kind, unit).pages):
            where = (kind, unit, number + 1)
            info = inspect_page(page)
            assert info.problems == [], where
            assert not info.operators & {"rg", "RG", "g", "G", "sh", "BI"}, where
            for name, space in info.colour_spaces.items():
                assert isinstance(space, pikepdf.Array), (where, name)
                assert str(space[0]) == "/Separation", (where, name)
                assert str(space[2]) == "/DeviceCMYK", (where, name)
            assert info.painted, where
            for painted in info.painted:
                ok = painted.space == "/DeviceCMYK" or painted.space.startswith("Separation:")
                assert ok, (where, painted)
    raw_spaces = set()
    for unit in UNITS:
        for obj in signs.pdf(kind, unit).objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                raw_spaces.add(str(obj.ColorSpace))
    assert raw_spaces <= {"/DeviceCMYK"}


@pytest.mark.parametrize("kind", FILES)
def test_fonts_are_embedded(signs, kind: str) -> None:
    for unit in UNITS:
        pdf = signs.pdf(kind, unit)
        fonts = [
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"
        ]
        assert fonts, (kind, unit)
        for font in fonts:
            base = str(font.BaseFont)
            assert re.fullmatch(r"/[A-Z]{6}\+Roboto-[A-Za-z]+", base), (kind, unit, base)
            if font.Subtype == "/Type0":
                descriptor = font.DescendantFonts[0].FontDescriptor
            else:
                assert font.Subtype == "/TrueType", base
                descriptor = font.FontDescriptor
            assert "/FontFile2" in descriptor, (kind, unit, base)
            assert "/ToUnicode" in font, (kind, unit, base)
        raw = signs.path(kind, unit).read_bytes()
        for standard in (b"/Helvetica", b"/Times-Roman", b"/Courier", b"/Symbol"):
            assert standard not in raw, (kind, unit, standard)


def characters(path: Path) -> Iterator[tuple[int, str, tuple[float, ...], Box]]:
    """(page number, character, its box, the page's TrimBox) for every visible character."""
    pdf = pdfium.PdfDocument(path)
    try:
        for number, page in enumerate(pdf):
            textpage = page.get_textpage()
            trim = page.get_trimbox()
            for i in range(textpage.count_chars()):
                char = textpage.get_text_range(i, 1)
                if char.strip():
                    yield number, char, textpage.get_charbox(i), trim
            textpage.close()
            page.close()
    finally:
        pdf.close()


@pytest.mark.parametrize("kind", FILES)
def test_every_glyph_lies_inside_the_trim(signs, kind: str) -> None:
    for unit in UNITS:
        seen = 0
        for number, char, box, trim in characters(signs.path(kind, unit)):
            seen += 1
            assert inside(box, trim, tolerance=0.05), (kind, unit, number + 1, char, box, trim)
        assert seen > 5, (kind, unit)


# ---------------------------------------------------------------------------------------------
# Tent cards


def unit_headings(signs: SignsBuild, unit_id: str) -> tuple[str, str]:
    """The desk plate's band: the unit's hierarchy, its own line in full or (where the full one
    does not fit) short."""
    spec = signs.spec_file.spec
    return hierarchy_upper(spec, unit_id), hierarchy_upper(spec, unit_id, short_name=True)


def text_in(page: pdfium.PdfPage, box: Box) -> str:
    textpage = page.get_textpage()
    try:
        return " ".join(textpage.get_text_bounded(*box).split())
    finally:
        textpage.close()


@pytest.mark.parametrize("unit", UNITS)
def test_desk_plate_text_reads_the_same_on_both_faces(signs, unit: str) -> None:
    people = staff_of(signs, unit)
    pdf = pdfium.PdfDocument(signs.path("desk_plate", unit))
    try:
        assert len(pdf) == len(people)
        for person, page in zip(people, pdf, strict=True):
            person_text = " ".join(
                [unicodedata.normalize("NFC", person["Họ tên"]), title_shown(person)]
            )
            x0, y0, x1, y1 = page.get_mediabox()
            fold = page.get_trimbox()[1] + mm(FILES["desk_plate"].face_mm or 0)
            front = text_in(page, (x0, y0, x1, fold))  # the lower half
            back = text_in(page, (x0, fold, x1, y1))  # the upper half, upside down
            assert front in [f"{heading} {person_text}" for heading in unit_headings(signs, unit)]
            expected = front
            assert back == expected
            assert unicodedata.is_normalized("NFC", back)
            page.close()
    finally:
        pdf.close()


@pytest.mark.parametrize("kind", TENTS)
def test_tent_back_face_text_is_drawn_turned_half_a_turn(signs, walked, kind: str) -> None:
    face = mm(FILES[kind].face_mm or 0)
    for unit in UNITS:
        for number, (page, state) in enumerate(
            zip(signs.pdf(kind, unit).pages, walked[kind, unit], strict=True)
        ):
            where = (kind, unit, number + 1)
            trim = page_box(page, "/TrimBox")
            fold = trim[1] + face
            upright = [s for s in state.shown if s.matrix[:4] == pytest.approx((1, 0, 0, 1))]
            turned = [s for s in state.shown if s.matrix[:4] == pytest.approx((-1, 0, 0, -1))]
            assert len(upright) + len(turned) == len(state.shown), where
            assert upright and len(upright) == len(turned), where
            assert [s.text for s in upright] == [s.text for s in turned], where
            for front, back in zip(upright, turned, strict=True):
                # Text origins: upright below the fold, turned above it, and the turned one
                # where the upright one lands when the sheet turns about the fold's middle.
                fx, fy = front.matrix[4:]
                bx, by = back.matrix[4:]
                assert fy < fold < by, where
                assert bx == pytest.approx(trim[0] + trim[2] - fx, abs=0.01), where
                assert by == pytest.approx(2 * fold - fy, abs=0.01), where


def render_trim(page: pdfium.PdfPage, px_per_mm: int) -> Image.Image:
    """The page inside its TrimBox as RGB, the trim's edges on whole pixels."""
    scale = px_per_mm / mm(1)
    image = page.render(scale=scale).to_pil().convert("RGB")
    left, bottom, right, top = page.get_trimbox()
    height = page.get_mediabox()[3]
    box = tuple(round(v * scale) for v in (left, height - top, right, height - bottom))
    return image.crop(box)


def faces_differ(path: Path, page_number: int, px_per_mm: int = 4) -> float:
    """The share of pixels where the upper face turned 180° and the lower face differ by
    more than a quarter of full scale (antialiased edges differ a little)."""
    pdf = pdfium.PdfDocument(path)
    try:
        trim = render_trim(pdf[page_number], px_per_mm)
    finally:
        pdf.close()
    width, height = trim.size
    half = height // 2
    upper = trim.crop((0, 0, width, half)).rotate(180)
    lower = trim.crop((0, half, width, height))
    # Both faces carry artwork: the comparison is not between two blank halves.
    assert lower.convert("L").getextrema()[0] < 100
    assert upper.convert("L").getextrema()[0] < 100
    difference = ImageChops.difference(upper, lower).convert("L")
    return sum(difference.histogram()[64:]) / (width * half)


@pytest.mark.parametrize("page_number", [0, 1, 2, 3])
def test_desk_plate_faces_are_half_turns_of_each_other(signs, page_number: int) -> None:
    assert faces_differ(signs.path("desk_plate", "chi-nhanh-03"), page_number) < 0.001


def test_desk_counter_sign_faces_are_half_turns_of_each_other(signs) -> None:
    # Its small hierarchy lines have many glyph edges that antialias a little differently on
    # the turned face; a face drawn wrong differs on several per cent of the pixels.
    assert faces_differ(signs.path("counter_desk", "chi-nhanh-03"), 0) < 0.002


def tent_fills(signs, walked, kind: str) -> tuple[list[Paint], Box, Box, float]:
    """The CMYK fills of the first page of a unit's tent card, its TrimBox and BleedBox, and
    the fold's y in PDF space."""
    state = walked[kind, "chi-nhanh-03"][0]
    page = signs.pdf(kind, "chi-nhanh-03").pages[0]
    trim, bleed = page_box(page, "/TrimBox"), page_box(page, "/BleedBox")
    fold = trim[1] + mm(FILES[kind].face_mm or 0)
    fills = [p for p in state.paints if p.fills and p.fill_space == "/DeviceCMYK"]
    return fills, trim, bleed, fold


@pytest.mark.parametrize("kind", TENTS)
def test_tent_artwork_bleeds_off_the_top_and_bottom_of_the_sheet(signs, walked, kind) -> None:
    fills, _, bleed, _ = tent_fills(signs, walked, kind)
    # The front face's foot is the sheet's bottom edge: its band reaches the bleed ...
    assert any(abs(p.box[1] - bleed[1]) < TOLERANCE for p in fills)
    # ... and the back face's foot, turned, is the sheet's top edge: so must its band.
    assert any(abs(p.box[3] - bleed[3]) < TOLERANCE for p in fills)


@pytest.mark.parametrize("kind", TENTS)
def test_tent_artwork_stays_on_its_own_face(signs, walked, kind) -> None:
    fills, _, _, fold = tent_fills(signs, walked, kind)
    for paint in fills:
        below, above = paint.box[3] <= fold + TOLERANCE, paint.box[1] >= fold - TOLERANCE
        assert below or above, (paint.box, fold)


# ---------------------------------------------------------------------------------------------
# Fold marks and crop marks


def registration(state: PageState, dashed: bool) -> list[Paint]:
    return [
        p
        for p in state.paints
        if p.strokes and p.stroke_space == "Separation:/All" and bool(p.state.dash) == dashed
    ]


@pytest.mark.parametrize("kind", FILES)
def test_fold_marks_only_on_tents_dashed_outside_the_bleed(signs, walked, kind: str) -> None:
    expected = FILES[kind]
    for unit in UNITS:
        for number, (page, state) in enumerate(
            zip(signs.pdf(kind, unit).pages, walked[kind, unit], strict=True)
        ):
            where = (kind, unit, number + 1)
            trim = page_box(page, "/TrimBox")
            bleed = page_box(page, "/BleedBox")
            media = page_box(page, "/MediaBox")
            crops = [s for p in registration(state, dashed=False) for s in p.segments]
            assert len(crops) == 8, where  # two per corner, solid
            folds = registration(state, dashed=True)
            segments = [s for p in folds for s in p.segments]
            if expected.face_mm is None:
                assert segments == [], where
                continue
            for paint in folds:
                assert paint.state.stroke == (1.0,), where  # every plate at full tint
                assert paint.state.width >= 0.25, where
                assert all(v > 0 for v in paint.state.dash), where
            fold_y = trim[3] - mm(expected.face_mm)  # measured from the top, as in the spec
            assert len(segments) == 2, where
            sides = []
            for (x0, y0), (x1, y1) in segments:
                assert y0 == pytest.approx(fold_y, abs=TOLERANCE), where
                assert y1 == pytest.approx(fold_y, abs=TOLERANCE), where
                box = inflate((min(x0, x1), y0, max(x0, x1), y1), folds[0].state.width / 2)
                assert not overlaps(box, bleed), (where, box)
                assert inside(box, media), (where, box)
                assert abs(x1 - x0) == pytest.approx(MARK_LENGTH, abs=TOLERANCE), where
                inner, outer = sorted((x0, x1), key=lambda x: abs(x - (trim[0] + trim[2]) / 2))
                side = "left" if outer < trim[0] else "right"
                gap = trim[0] - inner if side == "left" else inner - trim[2]
                # Like the crop marks: from 1 mm beyond the bleed, 5 mm long, beside the trim.
                assert gap == pytest.approx(mm(expected.bleed_mm) + MARK_GAP, abs=TOLERANCE)
                sides.append(side)
            assert sorted(sides) == ["left", "right"], where


# ---------------------------------------------------------------------------------------------
# Die lines


def die_lines(state: PageState) -> list[Paint]:
    return [p for p in state.paints if p.strokes and p.stroke_space == "Separation:/Dieline"]


def assert_overprints(paint: Paint, where: object) -> None:
    assert paint.state.stroke_overprint is True, where
    assert paint.state.overprint_mode == 1, where
    assert paint.state.stroke == (1.0,), where


@pytest.mark.parametrize("unit", UNITS)
def test_folder_die_line(signs, walked, unit: str) -> None:
    page = signs.pdf("folder", unit).pages[0]
    (state,) = walked["folder", unit]
    trim, bleed = page_box(page, "/TrimBox"), page_box(page, "/BleedBox")
    space = page.obj.Resources.ColorSpace["/Dieline"]
    assert str(space[0]) == "/Separation" and str(space[1]) == "/Dieline"
    assert str(space[2]) == "/DeviceCMYK"
    lines = die_lines(state)
    assert len(lines) == 2, unit
    cut, folds = lines
    for paint in lines:
        assert_overprints(paint, unit)
        assert paint.state.width == pytest.approx(0.5)
        assert not paint.fills
    # The cut: one closed solid outline whose bounds are the trim.
    assert cut.closed and cut.state.dash == ()
    assert cut.box == pytest.approx(trim, abs=TOLERANCE)
    assert union([p.box for p in lines]) == pytest.approx(trim, abs=TOLERANCE)
    # The folds: dashed, the spine at 235 and 239 mm, the pockets' fold 310 mm from the top.
    assert folds.state.dash == pytest.approx((mm(3), mm(2)))
    verticals = sorted({round(a[0] - trim[0], 3) for a, b in folds.segments if a[0] == b[0]})
    horizontals = sorted({round(trim[3] - a[1], 3) for a, b in folds.segments if a[1] == b[1]})
    assert verticals == pytest.approx([mm(15), mm(235), mm(239), mm(459)], abs=TOLERANCE)
    assert horizontals == pytest.approx([mm(310)], abs=TOLERANCE)
    # Only the die line overprints; the artwork knocks out as usual.
    die = {id(p) for p in lines}
    for paint in state.paints:
        if id(paint) not in die:
            assert not paint.state.fill_overprint and not paint.state.stroke_overprint
    # The artwork (the primary fill) runs out to the bleed on every side.
    primary = primary_cmyk(signs)
    art = [p.box for p in state.paints if p.fills and rounded(p.state.fill) == primary]
    assert union(art) == pytest.approx(bleed, abs=TOLERANCE)


@pytest.mark.parametrize("unit", UNITS)
def test_dl_envelope_window_is_die_cut_where_din_680_says(signs, walked, unit: str) -> None:
    page = signs.pdf("envelope_dl", unit).pages[0]
    (state,) = walked["envelope_dl", unit]
    trim = page_box(page, "/TrimBox")
    (window,) = die_lines(state)
    assert_overprints(window, unit)
    assert window.closed and not window.fills
    # 90 × 45 mm, 20 mm from the left and 15 mm from the bottom trim edge (PDF y runs up).
    expected = (trim[0] + mm(20), trim[1] + mm(15), trim[0] + mm(110), trim[1] + mm(60))
    assert window.box == pytest.approx(expected, abs=TOLERANCE)
    assert len(window.segments) == 4


@pytest.mark.parametrize(
    "kind", ["envelope_c5", "envelope_c4", "envelope_120x220", "envelope_250x350"]
)
def test_other_envelopes_have_no_window(signs, walked, kind: str) -> None:
    for unit in UNITS:
        (state,) = walked[kind, unit]
        assert die_lines(state) == []
        page = signs.pdf(kind, unit).pages[0]
        assert "/Dieline" not in page.obj.Resources.get("/ColorSpace", {})
        # The address block's ruled lines instead, 15 mm from the right edge.
        trim = page_box(page, "/TrimBox")
        rules = [
            p
            for p in state.paints
            if p.strokes and p.stroke_space == "/DeviceCMYK" and p.box[1] == p.box[3]
        ]
        assert sorted(round(p.box[1] - trim[1], 3) for p in rules) == pytest.approx(
            [mm(16), mm(25), mm(34)], abs=TOLERANCE
        )
        for paint in rules:
            assert paint.box[2] == pytest.approx(trim[2] - mm(15), abs=TOLERANCE)
            assert paint.box[0] == pytest.approx(trim[2] - mm(125), abs=TOLERANCE)


# What is cut, punched or drilled to a die line: the folder, the DL's window, the blanks, and
# the signs' finishing (the badge's is read in test_finishing.py).
DIE_CUT = (
    "folder", "envelope_dl", "blank_dl", "blank_c5", "blank_c4", "signboard", "door_sign",
    "counter_hanging",
)  # fmt: skip


def test_no_other_asset_uses_the_die_line_colour(signs, walked) -> None:
    for kind in FILES:
        if kind in DIE_CUT:
            continue
        for unit in UNITS:
            for state in walked[kind, unit]:
                assert not [
                    p
                    for p in state.paints
                    if "Dieline" in p.stroke_space or "Dieline" in p.fill_space
                ], (kind, unit)
