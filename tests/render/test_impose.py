"""Press sheets from `render.impose.impose_pdf` directly: reproducible, declared PDF/X with IDs
that follow the pieces, and clean under the full preflight."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest

from brandkit.build.work import Worker
from brandkit.fonts import font_paths
from brandkit.layout.impose import SHEET_MARGIN, impose, parse_sheet
from brandkit.preflight import preflight_pdf
from brandkit.render.impose import SheetJob, impose_pdf
from brandkit.render.pdf import register_font
from brandkit.units import mm

TRIM, BLEED = (mm(54), mm(85.6)), mm(3)


def pieces(grey: float, count: int = 4) -> bytes:
    """`count` badge-sized CMYK pages, each a rectangle of `grey` black ink over its bleed."""
    pdf = pikepdf.new()
    width, height = TRIM[0] + 2 * mm(10), TRIM[1] + 2 * mm(10)
    for _ in range(count):
        pdf.add_blank_page(page_size=(width, height))
        page = pdf.pages[-1]
        page.TrimBox = pikepdf.Array([mm(10), mm(10), mm(10) + TRIM[0], mm(10) + TRIM[1]])
        page.BleedBox = pikepdf.Array(
            [mm(7), mm(7), mm(13) + TRIM[0], mm(13) + TRIM[1]]
        )  # fmt: skip
        box = f"{mm(7):.2f} {mm(7):.2f} {TRIM[0] + 2 * BLEED:.2f} {TRIM[1] + 2 * BLEED:.2f}"
        page.Contents = pdf.make_stream(f"0 0 0 {grey} k {box} re f".encode())
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


@pytest.fixture(scope="module")
def make(sample_spec):
    intent = Worker.output_intent(sample_spec)
    font = register_font(font_paths(sample_spec)["body"])
    imposition = impose(parse_sheet("SRA3"), TRIM, BLEED)
    assert imposition is not None and imposition.up >= 4
    job = SheetJob(imposition, 1, (), "badges.pdf")

    def make(source: bytes) -> bytes:
        return impose_pdf(source, job, font, intent, "Thẻ – SRA3", "brandkit").data

    return make


def xmp_ids(pdf: bytes) -> tuple[str, str]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        xmp = document.Root.Metadata.read_bytes().decode("utf-8")
    found = re.search(r"<xmpMM:DocumentID>(.*?)</.*?<xmpMM:InstanceID>(.*?)</", xmp, re.S)
    assert found is not None
    return found[1], found[2]


def test_the_same_pieces_give_the_same_bytes(make) -> None:
    assert make(pieces(0.5)) == make(pieces(0.5))


def test_other_pieces_under_the_same_marks_are_another_document(make) -> None:
    # The marks, slug and colour bar are the same; only the artwork differs.
    first, second = make(pieces(0.5)), make(pieces(0.6))
    assert first != second
    assert set(xmp_ids(first)).isdisjoint(xmp_ids(second))


def test_an_imposed_sheet_passes_the_full_preflight(make) -> None:
    sheet = make(pieces(0.5))
    report = preflight_pdf(sheet, "sheet.pdf", safe_margin=SHEET_MARGIN)
    assert report.pdfx == "PDF/X-4"
    assert [f for f in report.findings if f.severity == "error"] == []
    with pikepdf.open(io.BytesIO(sheet)) as document:
        assert document.pdf_version == "1.6"
        assert len(document.pages) == 1
