"""The print PDF of a real build: boxes, CMYK only, marks outside the bleed, fonts, text, QR."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from brandkit.build import Options, build
from brandkit.units import mm
from tests.conftest import SPECS_DIR, hierarchy_upper, title_shown
from tests.render.conftest import UNITS
from tests.render.pdfcheck import (
    IDENTITY,
    Box,
    Matrix,
    PageInfo,
    apply,
    bbox,
    inflate,
    inside,
    inspect_page,
    overlaps,
    page_box,
    then,
)

TRIM_MM = (54.0, 85.6)
BLEED = mm(3)
SAFE = mm(3)
MARK_GAP, MARK_LENGTH = mm(1), mm(5)
TOLERANCE = mm(0.01)
QR_URL = "https://dichvucong.hanoi.gov.vn/cb/{}"
# The badge's back (template `badge_back`), below the unit's name: the spec's texts with the
# sample's unit defaults (hotline 1022, website dichvucong.hanoi.gov.vn).
BACK_NOTICE = (
    "Thẻ dùng khi thi hành công vụ. Nếu nhặt được, xin gửi lại đơn vị hoặc gọi đường dây nóng."
)
BACK_LABEL, BACK_NUMBER = "Đường dây nóng", "1022"
BACK_HOTLINE = f"{BACK_LABEL} {BACK_NUMBER}"
BACK_WEBSITE = "dichvucong.hanoi.gov.vn"


def staff_of(unit_id: str) -> list[dict[str, str]]:
    """The people of a unit from the sample CSV (same people as the XLSX), in list order."""
    with (SPECS_DIR / "data" / "staff.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if r["Đơn vị"] == unit_id]


@pytest.fixture(scope="module")
def pdfs(sample_build) -> Iterator[dict[str, pikepdf.Pdf]]:
    opened = {unit: pikepdf.open(sample_build.pdf(unit)) for unit in UNITS}
    yield opened
    for pdf in opened.values():
        pdf.close()


@pytest.fixture(scope="module")
def pages(pdfs) -> list[tuple[str, int, pikepdf.Page, PageInfo]]:
    out = []
    for unit, pdf in pdfs.items():
        for number, page in enumerate(pdf.pages):
            out.append((unit, number, page, inspect_page(page)))
    return out


def unit_name(sample_build, unit_id: str) -> str:
    return next(u.name for u in sample_build.spec_file.spec.units if u.id == unit_id)


def back_text(sample_build, unit_id: str) -> str:
    """All the text of a badge's back, as pdfium extracts it (lines joined by spaces)."""
    upper = hierarchy_upper(sample_build.spec_file.spec, unit_id)
    return " ".join([upper, BACK_NOTICE, BACK_LABEL, BACK_NUMBER, BACK_WEBSITE])


def test_two_pages_per_person_front_then_back(sample_build, pdfs) -> None:
    # Duplex: person i's front is page 2i, their back page 2i + 1 (0-based).
    for unit in UNITS:
        people = staff_of(unit)
        assert len(pdfs[unit].pages) == 2 * len(people) > 0
        pages_text = [" ".join(lines) for lines, _, _ in extracted_lines(sample_build.pdf(unit))]
        upper = hierarchy_upper(sample_build.spec_file.spec, unit)
        for i, person in enumerate(people):
            name = unicodedata.normalize("NFC", person["Họ tên"])
            front, back = pages_text[2 * i], pages_text[2 * i + 1]
            assert name in front and person["Mã số"] in front, (unit, i)
            assert BACK_HOTLINE not in front, (unit, i)
            assert back.startswith(upper) and BACK_HOTLINE in back, (unit, i)
            assert name not in back and person["Mã số"] not in back, (unit, i)
    written = {w.path: w for w in sample_build.report.written}
    for unit in UNITS:
        entry = written[f"{unit}/badges/{unit}-badges.pdf"]
        assert entry.pages == 2 * len(staff_of(unit))
        assert entry.sides == 2
        assert entry.to_json()["sides"] == 2
        assert entry.trim_mm == pytest.approx(TRIM_MM)
        assert entry.bleed_mm == pytest.approx(3.0)
    assert sample_build.report.warnings == []  # photos are placed at 300 dpi or more


def test_page_boxes(pages) -> None:
    for unit, number, page, _ in pages:
        where = f"{unit} page {number + 1}"
        trim = page_box(page, "/TrimBox")
        bleed = page_box(page, "/BleedBox")
        media = page_box(page, "/MediaBox")
        assert (trim[2] - trim[0]) / mm(1) == pytest.approx(TRIM_MM[0], abs=0.01), where
        assert (trim[3] - trim[1]) / mm(1) == pytest.approx(TRIM_MM[1], abs=0.01), where
        assert bleed == pytest.approx(inflate(trim, BLEED), abs=TOLERANCE), where
        # Marks need bleed + 1 mm gap + 5 mm of mark; the sheet leaves 1 mm beyond them.
        assert inside(inflate(trim, BLEED + MARK_GAP + MARK_LENGTH), media), where
        assert media == pytest.approx(inflate(trim, mm(3 + 1 + 5 + 1)), abs=TOLERANCE), where
        if "/CropBox" in page.obj:
            assert page_box(page, "/CropBox") == pytest.approx(media, abs=TOLERANCE)


def test_colours_are_cmyk_or_separations_only(pages) -> None:
    for unit, number, _, info in pages:
        where = f"{unit} page {number + 1}"
        assert info.problems == [], where
        assert not info.operators & {"rg", "RG", "g", "G"}, where
        assert {"k"} <= info.operators, where
        for name, space in info.colour_spaces.items():
            assert isinstance(space, pikepdf.Array), (where, name)
            assert str(space[0]) == "/Separation", (where, name)
            assert str(space[2]) == "/DeviceCMYK", (where, name)
        for painted in info.painted:
            assert painted.space == "/DeviceCMYK" or painted.space.startswith("Separation:"), (
                where,
                painted,
            )


def cmyk_fills(
    owner: pikepdf.Object, resources: pikepdf.Dictionary, ctm: Matrix = IDENTITY
) -> list[tuple[tuple[float, ...], Box | None]]:
    """Every DeviceCMYK fill colour set (`k`) on a page and in the forms it draws, with the box
    (in page space) of each path filled in it; None for a colour set but not used to fill."""
    out: list[tuple[tuple[float, ...], Box | None]] = []
    stack: list[tuple[Matrix, tuple[float, ...] | None]] = []
    colour: tuple[float, ...] | None = None
    path: list[tuple[float, float]] = []
    for operands, operator in pikepdf.parse_content_stream(owner):
        op = str(operator)
        if op == "q":
            stack.append((ctm, colour))
        elif op == "Q":
            ctm, colour = stack.pop()
        elif op == "cm":
            ctm = then(tuple(float(a) for a in operands), ctm)  # type: ignore[arg-type]
        elif op == "k":
            colour = tuple(round(float(v), 4) for v in operands)
            out.append((colour, None))
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            path += [apply(ctm, x, y), apply(ctm, x + w, y + h)]
        elif op in ("m", "l", "c", "v", "y"):
            pairs = zip(operands[::2], operands[1::2], strict=True)
            path += [apply(ctm, float(a), float(b)) for a, b in pairs]
        elif op in ("f", "F", "f*", "B", "B*", "b", "b*"):
            if colour is not None and path:
                out.append((colour, bbox(path)))
            path = []
        elif op in ("S", "s", "n"):
            path = []
        elif op == "Do":
            xobject = resources["/XObject"][str(operands[0])]
            if xobject.get("/Subtype") == "/Form":
                matrix = tuple(float(v) for v in xobject.get("/Matrix", list(IDENTITY)))
                inner = xobject.get("/Resources", resources)
                out += cmyk_fills(xobject, inner, then(matrix, ctm))  # type: ignore[arg-type]
    return out


def test_brand_colours_print_with_their_cmyk_values(pages, sample_build) -> None:
    colours = sample_build.spec_file.spec.colours

    def cmyk(name: str) -> tuple[float, ...]:
        return tuple(round(v / 100, 4) for v in colours[name].cmyk)

    assert cmyk("primary") == (1.0, 0.62, 0.0, 0.22)
    for unit, number, page, _ in pages:
        fills = cmyk_fills(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()))
        used = {c for c, _ in fills}
        if number % 2 == 0:  # a front: blue band and name, red stripe, white unit, ink title
            assert {cmyk(c) for c in ("primary", "accent", "text")} <= used, (unit, number)
            # The QR code and the name are drawn in the page itself, in primary.
            top = {
                tuple(round(float(v), 4) for v in operands)
                for operands, operator in pikepdf.parse_content_stream(page)
                if str(operator) == "k"
            }
            assert cmyk("primary") in top, (unit, number)
        else:  # a back: a blue band with the logo across the top bleed, small type in black
            assert {cmyk(c) for c in ("primary", "accent", "text")} <= used, (unit, number)
            bleed = page_box(page, "/BleedBox")
            primary_boxes = [b for c, b in fills if c == cmyk("primary") and b is not None]
            # The band: the bleed's full width, from the top bleed edge down (PDF y is up).
            band = [
                b for b in primary_boxes
                if b[0] == pytest.approx(bleed[0], abs=TOLERANCE)
                and b[2] == pytest.approx(bleed[2], abs=TOLERANCE)
                and b[3] == pytest.approx(bleed[3], abs=TOLERANCE)
            ]  # fmt: skip
            assert band, (unit, number, primary_boxes)


def test_crop_marks_are_registration_and_outside_the_bleed(pages) -> None:
    for unit, number, page, info in pages:
        where = f"{unit} page {number + 1}"
        trim = page_box(page, "/TrimBox")
        bleed = page_box(page, "/BleedBox")
        media = page_box(page, "/MediaBox")
        marks = [p for p in info.painted if p.space == "Separation:/All"]
        segments = [s for p in marks for s in p.segments]
        assert len(segments) == 8, where  # two per corner
        for painted in marks:
            assert painted.op in ("S", "s"), where
            assert painted.line_width >= 0.25, where  # thinner than a press can hold
        for (x0, y0), (x1, y1) in segments:
            half = max(p.line_width for p in marks) / 2
            box = inflate((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), half)
            assert not overlaps(box, bleed), (where, (x0, y0, x1, y1))
            assert inside(box, media), (where, (x0, y0, x1, y1))
            length = abs(x1 - x0) + abs(y1 - y0)
            assert length == pytest.approx(MARK_LENGTH, abs=TOLERANCE), where
            if y0 == pytest.approx(y1):  # horizontal: on the line of a trim edge
                assert min(abs(y0 - trim[1]), abs(y0 - trim[3])) < TOLERANCE, where
                gap = min(abs(x - e) for x in (x0, x1) for e in (trim[0], trim[2]))
            else:
                assert x0 == pytest.approx(x1), where
                assert min(abs(x0 - trim[0]), abs(x0 - trim[2])) < TOLERANCE, where
                gap = min(abs(y - e) for y in (y0, y1) for e in (trim[1], trim[3]))
            assert gap >= BLEED + MARK_GAP - TOLERANCE, where
        # Registration: every plate at full tint.
        all_space = info.colour_spaces["/All"]
        assert str(all_space[1]) == "/All"
        tints = [ops for space, ops in info.colour_operands if space == "Separation:/All"]
        assert tints and all(float(t[0]) == 1 for t in tints), where


def test_artwork_stays_within_the_bleed(pages) -> None:
    for unit, number, page, info in pages:
        where = f"{unit} page {number + 1}"
        bleed = page_box(page, "/BleedBox")
        art = [p for p in info.painted if p.space != "Separation:/All"]
        assert art, where
        for painted in art:
            assert inside(painted.box, bleed), (where, painted.box)
        # The bleed rectangles really reach the bleed edge (no white sliver after the cut).
        assert any(abs(p.box[0] - bleed[0]) < TOLERANCE for p in art), where
        assert any(abs(p.box[1] - bleed[1]) < TOLERANCE for p in art), where


def test_the_ring_around_the_bleed_is_blank_and_the_marks_print(pdfs) -> None:
    scale = 150 / 72
    pdf = pdfium.PdfDocument(pdfs["phuong-tay-ho"].filename)
    try:
        page = pdf[0]
        image = page.render(scale=scale).to_pil().convert("L")
        left, bottom, right, top = page.get_trimbox()
        page_height = page.get_mediabox()[3]

        def pixel(x_pt: float, y_pt: float) -> int:
            return image.getpixel((round(x_pt * scale), round((page_height - y_pt) * scale)))

        def darkest_near(x_pt: float, y_pt: float) -> int:
            # A 0.3 pt hairline is under a pixel wide at 150 dpi: look one pixel around.
            x, y = round(x_pt * scale), round((page_height - y_pt) * scale)
            return min(image.getpixel((x + dx, y + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1))

        # Between the bleed edge and where the marks start (1 mm) nothing may print.
        for offset in (BLEED + mm(0.3), BLEED + mm(0.7)):
            for t in (0.0, 0.25, 0.5, 0.75, 1.0):
                x = left + t * (right - left)
                y = bottom + t * (top - bottom)
                assert pixel(x, bottom - offset) > 250
                assert pixel(x, top + offset) > 250
                assert pixel(left - offset, y) > 250
                assert pixel(right + offset, y) > 250
        # The marks themselves are there, beyond the gap, on the trim lines.
        mid_mark = BLEED + MARK_GAP + MARK_LENGTH / 2
        assert darkest_near(left - mid_mark, bottom) < 160
        assert darkest_near(left, bottom - mid_mark) < 160
        assert darkest_near(right + mid_mark, top) < 160
        assert darkest_near(right, top + mid_mark) < 160
        page.close()
    finally:
        pdf.close()


def all_fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [
        obj
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"
    ]


def test_fonts_are_embedded_subsets(pdfs, pages, sample_build) -> None:
    for unit, pdf in pdfs.items():
        fonts = all_fonts(pdf)
        assert fonts, unit
        for font in fonts:
            base = str(font.BaseFont)
            assert re.fullmatch(r"/[A-Z]{6}\+Roboto-[A-Za-z]+", base), base
            if font.Subtype == "/Type0":
                descriptor = font.DescendantFonts[0].FontDescriptor
            else:
                assert font.Subtype == "/TrueType", base
                descriptor = font.FontDescriptor
            assert "/FontFile2" in descriptor, base
            assert "/ToUnicode" in font, base
        raw = sample_build.pdf(unit).read_bytes()
        assert b"Helvetica" not in raw
        assert b"Times-Roman" not in raw and b"Courier" not in raw
    # Fonts reached from the pages and from the form XObjects they draw (the logo).
    for unit, number, _, info in pages:
        assert info.fonts, (unit, number)
        for font in info.fonts:
            assert str(font.BaseFont).split("+", 1)[-1].startswith("Roboto"), (unit, number)


def test_images_are_cmyk_and_sharp(pdfs, pages) -> None:
    for unit, pdf in pdfs.items():
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                assert obj.ColorSpace == "/DeviceCMYK", unit
                assert int(obj.BitsPerComponent) == 8
                assert "/SMask" not in obj
    placed = 0
    for unit, number, page, info in pages:
        safe = inflate(page_box(page, "/TrimBox"), -SAFE)
        for image in info.images:
            placed += 1
            assert image.colour_space == "/DeviceCMYK"
            assert inside(image.box, safe), (unit, number, image.box)
            dpi = image.width / ((image.box[2] - image.box[0]) / 72)
            assert dpi >= 299.5, (unit, number, dpi)
    assert placed == 2  # CB00076 and CB00015 have photos


def extracted_lines(path: Path) -> list[tuple[list[str], list[tuple[str, tuple]], tuple]]:
    """For each page: its text lines and every character with its box, and the TrimBox."""
    out = []
    pdf = pdfium.PdfDocument(path)
    try:
        for page in pdf:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            chars = []
            for i in range(textpage.count_chars()):
                char = textpage.get_text_range(i, 1)
                chars.append((char, textpage.get_charbox(i)))
            out.append((text.split("\r\n"), chars, page.get_trimbox()))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return out


def test_extracted_text_equals_the_input(sample_build) -> None:
    for unit in UNITS:
        people = staff_of(unit)
        pages_text = extracted_lines(sample_build.pdf(unit))
        assert len(pages_text) == 2 * len(people)
        fronts, backs = pages_text[0::2], pages_text[1::2]
        for person, (lines, _, _) in zip(people, fronts, strict=True):
            name = unicodedata.normalize("NFC", person["Họ tên"])
            title = title_shown(person)
            staff_id = person["Mã số"]
            id_text = staff_id if person["Ảnh"] else f"Mã cán bộ: {staff_id}"
            upper = hierarchy_upper(sample_build.spec_file.spec, unit)
            expected = " ".join([upper, name, title, id_text])
            text = " ".join(lines)
            assert unicodedata.is_normalized("NFC", text)
            assert text == expected
        assert len(backs) == len(people)
        for lines, _, _ in backs:
            text = " ".join(lines)
            assert unicodedata.is_normalized("NFC", text)
            assert text == back_text(sample_build, unit)


def test_every_character_lies_inside_the_safe_area(sample_build) -> None:
    checked = 0
    for unit in UNITS:
        for _lines, chars, trimbox in extracted_lines(sample_build.pdf(unit)):
            safe = inflate(trimbox, -SAFE)
            for char, (left, bottom, right, top) in chars:
                if not char.strip():
                    continue  # line breaks pdfium adds have no box
                checked += 1
                assert inside((left, bottom, right, top), safe, tolerance=0.05), (unit, char)
    assert checked > 300


def test_every_qr_code_decodes_to_the_staff_page(sample_build) -> None:
    for unit in UNITS:
        people = staff_of(unit)
        pdf = pdfium.PdfDocument(sample_build.pdf(unit))
        try:
            assert len(pdf) == 2 * len(people)
            for number, page in enumerate(pdf):
                image = page.render(scale=300 / 72).to_pil()
                codes = [
                    c
                    for c in zxingcpp.read_barcodes(image)
                    if c.format == zxingcpp.BarcodeFormat.QRCode
                ]
                if number % 2 == 0:  # person number // 2's front
                    person = people[number // 2]
                    assert [c.text for c in codes] == [QR_URL.format(person["Mã số"])]
                else:  # their back: no code
                    assert codes == [], (unit, number)
                page.close()
        finally:
            pdf.close()


def test_same_inputs_give_byte_identical_pdfs(sample_build, sample_spec_path, tmp_path) -> None:
    # A second build, in parallel this time, into another folder.
    options = Options(spec=sample_spec_path, out=tmp_path, jobs=2, quiet=True, units=UNITS)
    report = build(options, assets=("badge",))
    for unit in UNITS:
        first = sample_build.pdf(unit).read_bytes()
        second = (tmp_path / unit / "badges" / f"{unit}-badges.pdf").read_bytes()
        assert first == second, unit
    assert sorted(w.sha256 for w in report.written) == sorted(
        w.sha256 for w in sample_build.report.written
    )


def test_manifest_matches_the_files(sample_build) -> None:
    manifest = json.loads((sample_build.out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["generator"].startswith("brandkit")
    entries = {e["path"]: e for e in manifest["files"]}
    on_disk = {
        p.relative_to(sample_build.out).as_posix()
        for p in sample_build.out.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert set(entries) == on_disk
    for path, entry in entries.items():
        data = (sample_build.out / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["format"] == "pdf"
        assert entry["asset"] == "badge"
        assert entry["unit"] in UNITS
        assert entry["trim_mm"] == [54.0, 85.6]
        assert entry["bleed_mm"] == 3.0
        with pikepdf.open(sample_build.out / path) as pdf:
            assert entry["pages"] == len(pdf.pages)


def test_output_files_have_ordinary_permissions(sample_build) -> None:
    umask = os.umask(0)
    os.umask(umask)
    for unit in UNITS:
        mode = sample_build.pdf(unit).stat().st_mode & 0o777
        assert mode == 0o666 & ~umask
