"""Small print on the sample's light pieces, read from the PDFs' content streams: text under
12 pt and rules under 1 pt are drawn in the black plate alone (0 0 0 1 k/K), overprinting
(an ExtGState with /OP or /op true and /OPM 1).

The header lines at the top of each piece (authority, unit name) are another template part's
and are left out by position; knocked-out (white) type is `check`'s business, not this test's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

from brandkit.build import Options, build
from brandkit.spec.load import SpecFile
from brandkit.spec.model import TableElement
from brandkit.units import mm
from tests.render.pdfcheck import page_box
from tests.render.pdfstate import PageState, Paint, Shown, walk_page

UNITS = ("trung-tam", "phuong-tay-ho")
SOLID_K = (0.0, 0.0, 0.0, 1.0)
PAPER = (0.0, 0.0, 0.0, 0.0)
SMALL_PT, HAIRLINE_PT = 12.0, 1.0


@dataclass(frozen=True)
class Piece:
    path: str
    header_mm: float  # the top of the piece the header elements take
    texts: int  # at least this many small strings per page below it
    rules: int  # and this many hairlines


PIECES = {
    "envelope_c5": Piece("{unit}/envelopes/{unit}-envelope-c5.pdf", 25.0, 3, 3),
    "envelope_dl": Piece("{unit}/envelopes/{unit}-envelope-dl.pdf", 25.0, 2, 0),
    "handout": Piece("{unit}/boards/{unit}-procedure-handout.pdf", 36.0, 20, 5),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_spec_path) -> Path:
    out = tmp_path_factory.mktemp("print-inks")
    options = Options(spec=sample_spec_path, out=out, jobs=1, quiet=True, units=UNITS)
    build(options, assets=("envelope", "procedure_handout"))
    return out


def pages(path: Path) -> Iterator[tuple[PageState, tuple[float, float, float, float]]]:
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            yield walk_page(page), page_box(page, "/TrimBox")


def below_header(y: float, trim: tuple[float, float, float, float], piece: Piece) -> bool:
    return y < trim[3] - mm(piece.header_mm)


def small_texts(state: PageState, trim, piece: Piece) -> list[Shown]:
    return [
        s for s in state.shown
        if s.size < SMALL_PT and below_header(s.matrix[5], trim, piece)
    ]  # fmt: skip


def hairlines(state: PageState, trim, piece: Piece) -> list[Paint]:
    """Thin strokes and thin filled rectangles in process colours (registration marks and
    die lines are Separations)."""
    out = []
    for p in state.paints:
        x0, y0, x1, y1 = p.box
        if not below_header(y1, trim, piece):
            continue
        if p.strokes and p.stroke_space == "/DeviceCMYK":
            scale = abs(p.state.ctm[0] * p.state.ctm[3] - p.state.ctm[1] * p.state.ctm[2]) ** 0.5
            if p.state.width * scale < HAIRLINE_PT:
                out.append(p)
        elif p.fills and p.fill_space == "/DeviceCMYK" and min(x1 - x0, y1 - y0) < HAIRLINE_PT:
            out.append(p)
    return out


def group_heading_colour(spec: SpecFile) -> tuple[float, ...]:
    """The handout table's group headings keep the colour its owner gave them (check warns)."""
    template = spec.spec.templates["procedure_handout"]
    table = next(e for e in template.elements if isinstance(e, TableElement))
    return tuple(v / 100 for v in spec.spec.colours[table.group_colour].cmyk)


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("kind", PIECES)
def test_small_text_is_solid_black_overprinting(built, sample_spec, kind, unit) -> None:
    piece = PIECES[kind]
    allowed = {PAPER, group_heading_colour(sample_spec)}
    for number, (state, trim) in enumerate(pages(built / piece.path.format(unit=unit)), 1):
        texts = small_texts(state, trim, piece)
        black = [s for s in texts if tuple(round(v, 3) for v in s.state.fill) not in allowed]
        assert len(black) >= piece.texts, (kind, unit, number, len(black))
        for s in black:
            where = (kind, unit, number, s.size, s.state.fill)
            assert s.state.fill == SOLID_K, where
            assert s.state.fill_overprint and s.state.overprint_mode == 1, where


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("kind", PIECES)
def test_hairlines_are_solid_black_overprinting(built, kind, unit) -> None:
    piece = PIECES[kind]
    for number, (state, trim) in enumerate(pages(built / piece.path.format(unit=unit)), 1):
        lines = hairlines(state, trim, piece)
        assert len(lines) >= piece.rules, (kind, unit, number, len(lines))
        for p in lines:
            where = (kind, unit, number, p.op, p.box)
            if p.strokes:
                assert p.state.stroke == SOLID_K and p.state.stroke_overprint, where
            else:
                assert p.state.fill == SOLID_K and p.state.fill_overprint, where
            assert p.state.overprint_mode == 1, where


@pytest.mark.parametrize("unit", UNITS)
def test_the_handout_qr_codes_are_solid_black_overprinting(built, unit) -> None:
    """A QR code is one path of many rectangles: its modules print on the black plate."""
    path = built / PIECES["handout"].path.format(unit=unit)
    for state, _ in pages(path):
        codes = [p for p in state.paints if p.fills and len(p.segments) > 100]
        assert codes, unit
        for p in codes:
            assert p.state.fill == SOLID_K and p.state.fill_overprint, (unit, p.box)
            assert p.state.overprint_mode == 1
