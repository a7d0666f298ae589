"""Press sheets are preflighted with what the build already knows (`build.work.make_sheets`).

A sheet's preflight in the build does not read again what the pieces' own preflight read
(`preflight_pdf(forms=…)`: each piece's form draws what its page drew), and proves the safe
margin from what the build drew (`preflight.drawn.cleared_sheet_pages`: the slug line's
glyphs and each piece's text, moved to its slot), so pdfium is not asked for glyph boxes.
These tests hold both shortcuts to the full preflight on brandkit's own sheets of every
print kind that fits SRA3: the findings are identical; the proof clears every page (it is
taken); and a slug line moved into the press margin, a piece's text moved into it, or a
hairline on one piece are reported on the sheet by the shortcut as by the full preflight.
"""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import pytest

from brandkit.build.plan import Job
from brandkit.build.work import Sheets, make_sheets
from brandkit.layout.impose import SHEET_MARGIN
from brandkit.layout.page import Page, RectItem, TextItem
from brandkit.preflight import FileReport, preflight_pdf
from brandkit.preflight.content import ContentWalker, Summary
from brandkit.preflight.drawn import TOLERANCE, cleared_pages
from brandkit.render import impose as impose_module
from tests.preflight.conftest import Sample
from tests.preflight.test_drawn import badge, rows


def piece_pdf(sample: Sample, pages: list[Page], margin: float) -> tuple[bytes, list]:
    """The job's PDF as `render_print` makes it, and its preflight's summaries."""
    worker = sample.worker
    buffer = io.BytesIO()
    rendered = worker.renderer().render(pages, buffer, "test", "brandkit", "", worker.intent)
    pdf = buffer.getvalue()
    summaries: list[Summary | None] = []
    proved = cleared_pages(pages, margin, worker.font_files, worker.logo_text)
    report = preflight_pdf(
        pdf, safe_margin=margin, cleared=proved, same=rendered.page_keys, summaries=summaries
    )
    assert len(summaries) == report.pages
    return pdf, summaries


def sheets_of(sample: Sample, job: Job, pages: list[Page], margin: float) -> Sheets:
    assert job.imposition is not None
    pdf, summaries = piece_pdf(sample, pages, margin)
    return make_sheets(
        sample.worker, job, job.imposition, pdf, "test", "brandkit", pages, summaries
    )


def quick_and_full(made: Sheets) -> tuple[FileReport, FileReport]:
    quick = preflight_pdf(
        made.data, safe_margin=SHEET_MARGIN, cleared=made.cleared, forms=made.forms
    )
    full = preflight_pdf(made.data, safe_margin=SHEET_MARGIN)
    return quick, full


def imposed_jobs(sample: Sample) -> list[tuple[Job, list[Page], float]]:
    found = [
        (job, pages, margin)
        for job, (_, _, pages, margin) in zip(sample.planned, sample.jobs, strict=True)
        if job.imposition is not None
    ]
    assert found
    return found


def badge_job(sample: Sample) -> tuple[Job, list[Page], float]:
    pages, margin = badge(sample)
    for job, job_pages, _ in imposed_jobs(sample):
        if job_pages is pages:
            return job, pages, margin
    raise AssertionError("the badges are not imposed")


# ---------------------------------------------------------------------------------------------
# Equivalence on brandkit's own sheets


def test_sheets_give_the_findings_of_the_full_preflight(
    sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[object] = []  # the forms the walker reads
    walk_form = ContentWalker._form

    def counted(self: ContentWalker, form: Any, *args: Any) -> Any:
        read.append(form)
        return walk_form(self, form, *args)

    monkeypatch.setattr(ContentWalker, "_form", counted)
    kinds = set()
    for job, pages, margin in imposed_jobs(sample):
        made = sheets_of(sample, job, pages, margin)
        read.clear()
        quick = preflight_pdf(
            made.data, safe_margin=SHEET_MARGIN, cleared=made.cleared, forms=made.forms
        )
        assert read == [], job.pdf_path  # no piece's form is read again
        full = preflight_pdf(made.data, safe_margin=SHEET_MARGIN)
        assert read, job.pdf_path  # the full preflight reads them
        assert rows(quick) == rows(full), job.pdf_path
        assert full.ok and full.pdfx == "PDF/X-4", rows(full)
        # Both shortcuts are taken: every page proved, every piece's form known.
        assert made.cleared == set(range(1, full.pages + 1)), job.pdf_path
        assert all(forms for forms in made.forms), job.pdf_path
        kinds.add(job.asset)
    assert {"badge", "business_card", "envelope", "letterhead", "desk_plate"} <= kinds, kinds


def test_the_slug_line_clears_the_press_margin_by_more_than_the_tolerance(
    sample: Sample,
) -> None:
    job, pages, margin = badge_job(sample)
    made = sheets_of(sample, job, pages, margin)
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(made.data)
    try:
        textpage = document[0].get_textpage()
        name = job.pdf_path.rsplit("/", 1)[1]
        start = textpage.get_text_range().index(name)
        left = textpage.get_charbox(start)[0]
        textpage.close()
    finally:
        document.close()
    assert left > SHEET_MARGIN + TOLERANCE


# ---------------------------------------------------------------------------------------------
# Fault injection


def test_a_slug_line_in_the_press_margin_is_reported(
    sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    job, pages, margin = badge_job(sample)
    monkeypatch.setattr(impose_module, "SLUG_INSET", -4.0)  # its first glyph 3 pt inside it
    made = sheets_of(sample, job, pages, margin)
    assert made.cleared == set()
    quick, full = quick_and_full(made)
    assert {f.page for f in full.findings if f.check == "safe_margin"} == {1, 2}, rows(full)
    assert all(f.severity == "error" for f in full.findings if f.check == "safe_margin")
    assert rows(quick) == rows(full)


def test_a_piece_with_text_in_the_press_margin_is_reported(sample: Sample) -> None:
    """A line of the first badge's front moved out of its trim, far enough left that on the
    sheet it lies within the press margin: its sheet page is not proved, and is reported."""
    job, pages, margin = badge_job(sample)
    assert job.imposition is not None
    left_edge = job.imposition.positions[0][0]  # the first slot's trim, from the sheet's edge
    front = pages[0]
    title = next(i for i in front.items if isinstance(i, TextItem) and i.field == "title")
    line = replace(title.lines[0], x=-left_edge + SHEET_MARGIN / 2)
    faulty = replace(
        front,
        items=tuple(
            replace(title, lines=(line, *title.lines[1:])) if item is title else item
            for item in front.items
        ),
    )
    made = sheets_of(sample, job, [faulty, *pages[1:]], margin)
    assert made.cleared == {2}  # the front is not proved; the back still is
    quick, full = quick_and_full(made)
    assert {f.page for f in full.findings if f.check == "safe_margin"} == {1}, rows(full)
    assert rows(quick) == rows(full)


def test_a_hairline_on_one_piece_is_reported_on_its_sheet(sample: Sample) -> None:
    job, pages, margin = badge_job(sample)
    ink = next(i for i in pages[0].items if isinstance(i, TextItem)).colour
    faulty = replace(pages[3], items=(*pages[3].items, RectItem(20, 40, 60, 30, None, ink, 0.1)))
    made = sheets_of(sample, job, [*pages[:3], faulty, *pages[4:]], margin)
    assert all(forms for forms in made.forms)  # the piece's summary is what is used
    quick, full = quick_and_full(made)
    # The second badge's back is on the back of the sheet.
    assert {f.page for f in full.findings if f.check == "hairlines"} == {2}, rows(full)
    assert rows(quick) == rows(full)


def test_forms_of_another_file_are_not_used(sample: Sample) -> None:
    job, pages, margin = badge_job(sample)
    made = sheets_of(sample, job, pages, margin)
    full = preflight_pdf(made.data, safe_margin=SHEET_MARGIN)
    # A list of the wrong length (another file's) is ignored: every form is read.
    wrong = preflight_pdf(made.data, safe_margin=SHEET_MARGIN, forms=[*made.forms, {}])
    assert rows(wrong) == rows(full)
