"""Procedure boards that fill their area, checked in the PDFs `brandkit make` writes.

The sample list (specs/data/procedures.csv) on the A0 board, the standee and the A4 handout of
the centre, a branch and a ward, and the long list of tests/cli/test_boards.py on the ward's
boards. Read back with pdfium: the table (everything drawn inside its element's box) takes at
least 80 % of the element's height on every page but the last; no text of the table is set
below the size the template's reading rule asks for (its viewing distance × 4.2 mm of cap
height per metre); every character of a cell lies inside its cell (the columns and rows as the
build set them for the list); and "Bảng i/n" / "Trang i/n" is printed only on a list of more
than one page.
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from brandkit.build.plan import board_pages
from brandkit.data.procedures import procedures_for, read_procedures
from brandkit.fonts import load_fonts
from brandkit.layout.table import Heading, Table, TableRow
from brandkit.layout.template import Layout, make_inks
from brandkit.spec import load_spec
from brandkit.spec.model import TableElement
from brandkit.units import mm
from tests.cli.conftest import invoke
from tests.cli.test_boards import LIST, write_list
from tests.conftest import SAMPLE_SPEC
from tests.render.pdfcheck import page_box

UNITS = ("trung-tam", "chi-nhanh-03", "phuong-tay-ho")
TEMPLATES = {  # template → (file stem, page label, reading distance in m)
    "procedure_board": ("procedure-board", "Bảng", 1.0),
    "procedure_standee": ("procedure-standee", "Bảng", 1.3),
    "procedure_handout": ("procedure-handout", "Trang", 0.4),
}
CAP_MM_PER_M = 4.2  # the boards' letter-height rule (the templates' cap_height_per_m)
LEAST_FILL = 0.80


@functools.cache
def spec_file():
    return load_spec(SAMPLE_SPEC)


def table_element(template: str) -> TableElement:
    elements = spec_file().spec.templates[template].elements
    return next(e for e in elements if isinstance(e, TableElement))


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("boards-sample")
    units = [a for unit in UNITS for a in ("--unit", unit)]
    result = invoke(
        "--spec", SAMPLE_SPEC, "--out", out, "-j", "1", "-q",
        "make", "procedure_board", "procedure_handout", *units,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def long_list(tmp_path_factory) -> tuple[Path, Path]:
    """The ~120 procedures of tests/cli/test_boards.py on the ward's boards."""
    folder = tmp_path_factory.mktemp("boards-long")
    source = write_list(folder / "thu-tuc.csv", LIST)
    out = folder / "out"
    result = invoke(
        "--spec", SAMPLE_SPEC, "--out", out, "-j", "1", "-q",
        "boards", "--procedures", source, "--unit", "phuong-tay-ho",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return source, out


@dataclass
class Board:
    """One PDF read back, with the table as the build set it for the unit's list."""

    template: str
    pdf: Path
    table: Table
    pages: list[list[Heading | TableRow]]


def board(out: Path, source: Path, unit: str, template: str) -> Board:
    listed = procedures_for(read_procedures(source, spec_file()), unit)
    sf = spec_file()
    layout = Layout(template, sf.spec.templates[template], make_inks(sf.spec), load_fonts(sf))
    table, pages = board_pages(sf, layout, listed)
    stem = TEMPLATES[template][0]
    return Board(template, out / unit / "boards" / f"{unit}-{stem}.pdf", table, pages)


def sample_boards(out: Path) -> list[Board]:
    source = spec_file().resolve(spec_file().spec.data.procedures.file)
    return [board(out, source, unit, template) for unit in UNITS for template in TEMPLATES]


@pytest.fixture(scope="module")
def boards(sample_out: Path, long_list: tuple[Path, Path]) -> list[Board]:
    source, out = long_list
    return sample_boards(sample_out) + [board(out, source, "phuong-tay-ho", t) for t in TEMPLATES]


@dataclass(frozen=True)
class Glyph:
    text: str
    x: float  # origin, PDF points, y up
    y: float
    size: float
    box: tuple[float, float, float, float]


def glyphs(page: pdfium.PdfPage) -> list[Glyph]:
    """Every visible character: its origin, its size on paper and its box."""
    textpage = page.get_textpage()
    out = []
    x, y = ctypes.c_double(), ctypes.c_double()
    for i in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, i):
            continue
        text = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
        if text.isspace():
            continue
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
        out.append(Glyph(text, x.value, y.value, size, textpage.get_charbox(i)))
    return out


def read(b: Board) -> list[tuple[pdfium.PdfPage, tuple[float, float, float, float]]]:
    doc = pdfium.PdfDocument(b.pdf)
    with pikepdf.open(b.pdf) as pdf:
        trims = [page_box(p, "/TrimBox") for p in pdf.pages]
    return list(zip(doc, trims, strict=True))


def table_box(b: Board, trim: tuple[float, float, float, float]) -> tuple[float, ...]:
    e = b.table.element
    return trim[0] + e.x, trim[3] - e.y - e.h, trim[0] + e.x + e.w, trim[3] - e.y


def drawn_bottom(page: pdfium.PdfPage, box: tuple[float, ...]) -> float:
    """The lowest edge of anything drawn inside the table's box (its rows, rules, QR codes)."""
    x0, y0, x1, y1 = box
    bottoms = []
    for obj in page.get_objects(max_depth=0):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            continue  # the background drawn once for every page
        left, bottom, right, top = obj.get_bounds()
        if x0 - 1 <= left and right <= x1 + 1 and y0 - 1 <= bottom and top <= y1 + 1:
            bottoms.append(bottom)
    return min(bottoms)


# ---- The tests ------------------------------------------------------------------------------


def test_the_sample_list_fits_one_board_and_the_long_list_takes_several(boards) -> None:
    sample, long = boards[: -len(TEMPLATES)], boards[-len(TEMPLATES) :]
    assert all(len(b.pages) == 1 for b in sample if b.template != "procedure_handout")
    # The long list runs on, so "every page but the last" is put to the test.
    assert all(len(b.pages) > 1 for b in long)


def test_the_table_fills_every_page_but_the_last(boards) -> None:
    for b in boards:
        element = b.table.element
        pages = read(b)
        assert len(pages) == len(b.pages)
        for i, (page, trim) in enumerate(pages, start=1):
            box = table_box(b, trim)
            fill = (box[3] - drawn_bottom(page, box)) / element.h
            assert fill <= 1 + 1e-3, f"{b.pdf.name} page {i}: the table overflows"
            if i < len(pages):
                assert fill >= LEAST_FILL, f"{b.pdf.name} page {i}: {fill:.0%} filled"


def test_no_table_text_below_the_reading_minimum(boards) -> None:
    fonts = load_fonts(spec_file())
    cap = max(fonts[role].cap_height for role in ("body", "strong"))
    for b in boards:
        distance = TEMPLATES[b.template][2]
        least = mm(distance * CAP_MM_PER_M) / cap  # points
        for i, (page, trim) in enumerate(read(b), start=1):
            x0, y0, x1, y1 = table_box(b, trim)
            sizes = [g.size for g in glyphs(page) if x0 <= g.x <= x1 and y0 <= g.y <= y1]
            assert sizes, f"{b.pdf.name} page {i}: no table text"
            assert min(sizes) >= least - 0.01, f"{b.pdf.name} page {i}: {min(sizes):g} pt"
        # …and no larger than the table allows.
        assert b.table.setting.size <= b.table.element.size


def cells(b: Board, entries: list, trim: tuple[float, float, float, float]) -> list[tuple]:
    """Each cell of a page as the build placed it: (left, bottom, right, top) in PDF points;
    the header and each row cut by the columns, a heading one cell across the table."""
    table, e = b.table, b.table.element
    left, top = trim[0] + e.x, trim[3] - e.y
    edges = [left]
    for width in table.setting.widths:
        edges.append(edges[-1] + width)
    out = []
    for entry in [None, *entries]:
        height = table.header_height() if entry is None else table.height(entry)
        if isinstance(entry, Heading):
            out.append((left, top - height, left + e.w, top))
        else:
            out += [(a, top - height, z, top) for a, z in itertools.pairwise(edges)]
        top -= height
    return out


def test_no_cell_text_leaves_its_cell(boards) -> None:
    for b in boards:
        for i, ((page, trim), entries) in enumerate(zip(read(b), b.pages, strict=True), 1):
            boxes = cells(b, entries, trim)
            x0, y0, x1, y1 = table_box(b, trim)
            for g in glyphs(page):
                if not (x0 <= g.x <= x1 and y0 <= g.y <= y1):
                    continue
                home = [c for c in boxes if c[0] <= g.x < c[2] and c[1] <= g.y <= c[3]]
                assert len(home) == 1, f"{b.pdf.name} page {i}: {g.text!r} in no one cell"
                cx0, cy0, cx1, cy1 = home[0]
                where = f"{b.pdf.name} page {i}: {g.text!r} at ({g.x:.1f}, {g.y:.1f})"
                assert cx0 - 0.01 <= g.box[0] and g.box[2] <= cx1 + 0.01, where
                assert cy0 - 0.01 <= g.box[1] and g.box[3] <= cy1 + 0.01, where


def test_the_page_label_only_on_a_list_of_more_pages(boards) -> None:
    for b in boards:
        label = TEMPLATES[b.template][1]
        pages = read(b)
        for i, (page, _) in enumerate(pages, start=1):
            text = unicodedata.normalize("NFC", page.get_textpage().get_text_range())
            found = re.findall(rf"{label} (\d+)/(\d+)", text)
            if len(pages) == 1:
                assert found == [], f"{b.pdf.name}: {label} 1/1 on a single page"
            else:
                assert found == [(str(i), str(len(pages)))], f"{b.pdf.name} page {i}"
