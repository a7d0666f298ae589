"""The safe-margin rule proved from what the build drew (`brandkit.preflight.drawn`).

The build skips pdfium's glyph-by-glyph check on the pages `cleared_pages` proves clear. These
tests hold that proof to what pdfium reads back from the same PDF: on brandkit's own output
the findings are the same with and without the shortcut; a line moved into the safe margin
(or across the trim edge) is not cleared and is reported; and glyphs that overhang their pen
position (J, j, ƒ, stacked Vietnamese marks, a combining mark) are bounded on every side.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from brandkit.build.work import Worker
from brandkit.fonts import roboto_dir
from brandkit.layout.page import Page, TextItem, TextLine
from brandkit.preflight import FileReport, preflight_pdf
from brandkit.preflight.drawn import TOLERANCE, cleared_pages, glyph_bounds
from brandkit.render.pdfx import finalise
from tests.preflight.conftest import Sample

FONTS = {
    "heading": roboto_dir() / "Roboto-Bold.ttf",
    "strong": roboto_dir() / "Roboto-Bold.ttf",
    "body": roboto_dir() / "Roboto-Regular.ttf",
}  # the sample's roles (checked below)
OVERHANGS = "Jjƒ/Ỹ Ậ Ủy Ặ Ộ a\u0303"  # the last: a combining tilde after an a


def render(worker: Worker, pages: list[Page]) -> bytes:
    """The PDF/X-4 file of `pages`, as `render_print` makes it."""
    buffer = io.BytesIO()
    worker.renderer().render(pages, buffer, "test", "brandkit")
    return finalise(buffer.getvalue(), worker.intent, "test", "brandkit")


def rows(report: FileReport) -> list[tuple[str, str, int | None, str]]:
    return [(f.check, f.severity, f.page, str(f.message)) for f in report.findings]


def margin_pages(report: FileReport) -> set[int | None]:
    return {f.page for f in report.findings if f.check == "safe_margin"}


def cleared(sample: Sample, pages: list[Page], margin: float) -> set[int]:
    worker = sample.worker
    return cleared_pages(pages, margin, worker.font_files, worker.logo_text)


# ---------------------------------------------------------------------------------------------
# Equivalence on brandkit's own output


def test_the_sample_covers_every_print_kind_with_text(sample: Sample) -> None:
    assert sample.worker.font_files == FONTS
    kinds = {asset for asset, *_ in sample.jobs}
    assert {
        "badge", "desk_plate", "door_sign", "signboard", "counter_sign", "envelope", "folder",
        "procedure_board", "procedure_handout", "business_card", "letterhead", "poster",
    } <= kinds  # fmt: skip
    templates = {template for _, template, *_ in sample.jobs}
    assert {"badge", "business_card"} <= templates


def test_cleared_pages_give_the_findings_of_the_full_check(sample: Sample) -> None:
    for asset, template, pages, margin in sample.jobs:
        pdf = render(sample.worker, pages)
        proved = cleared(sample, pages, margin)
        assert proved <= set(range(1, len(pages) + 1))
        full = preflight_pdf(pdf, safe_margin=margin)
        quick = preflight_pdf(pdf, safe_margin=margin, cleared=proved)
        assert rows(quick) == rows(full), (asset, template)
        assert not proved & margin_pages(full), (asset, template)


def test_badges_are_mostly_proved_without_pdfium(sample: Sample) -> None:
    """The shortcut does clear pages (both faces of a badge): a proof that clears nothing
    would pass the test above and save nothing."""
    badges = [(pages, m) for asset, _, pages, m in sample.jobs if asset == "badge"]
    assert badges
    for pages, margin in badges:
        proved = cleared(sample, pages, margin)
        assert len(proved) > len(pages) / 2
        assert proved & set(range(1, len(pages) + 1, 2))  # fronts
        assert proved & set(range(2, len(pages) + 1, 2))  # backs


# ---------------------------------------------------------------------------------------------
# Fault injection: a line moved into the margin


def badge(sample: Sample) -> tuple[list[Page], float]:
    for asset, template, pages, margin in sample.jobs:
        if asset == "badge" and template == "badge":
            return pages, margin
    raise AssertionError("no badge job")


def ink(item: TextItem, line: TextLine) -> tuple[float, float, float, float]:
    """The line's ink (left, top, right, bottom) in layout coordinates, y down."""
    extents = glyph_bounds(FONTS[item.font]).line(line.text)
    assert extents is not None
    left, top, right, bottom = extents
    s = item.size
    return (
        line.x + left * s,
        line.baseline - top * s,
        line.x + right * s,
        line.baseline - bottom * s,
    )


def moved(line: TextLine, side: str, page: Page, item: TextItem, inset: float) -> TextLine:
    """`line` moved so its ink's `side` edge lies `inset` points inside the page's edge
    (negative: outside the trim)."""
    left, top, right, bottom = ink(item, line)
    if side == "left":
        return replace(line, x=line.x + inset - left)
    if side == "right":
        return replace(line, x=line.x + (page.width - inset) - right)
    if side == "top":
        return replace(line, baseline=line.baseline + inset - top)
    return replace(line, baseline=line.baseline + (page.height - inset) - bottom)


def with_item(page: Page, old: TextItem, new: TextItem) -> Page:
    items = tuple(new if item is old else item for item in page.items)
    assert items != page.items
    return replace(page, items=items)


@pytest.mark.parametrize("side", ["left", "right", "top", "bottom"])
@pytest.mark.parametrize(
    ("where", "inset"),
    [("in the margin", 4.0), ("across the trim", -2.0)],  # margin: 8.5 pt (3 mm)
)
def test_a_line_moved_into_the_margin_is_left_to_pdfium(
    sample: Sample, side: str, where: str, inset: float
) -> None:
    pages, margin = badge(sample)
    assert margin > inset + 2
    front = pages[0]
    title = next(i for i in front.items if isinstance(i, TextItem) and i.field == "title")
    line = moved(title.lines[0], side, front, title, inset)
    faulty = with_item(front, title, replace(title, lines=(line, *title.lines[1:])))
    pages = [pages[0], pages[1], faulty, *pages[3:]]  # the second badge's front is the fault
    proved = cleared(sample, pages, margin)
    assert 3 not in proved
    assert {1, 2} <= proved  # the others are still proved
    pdf = render(sample.worker, pages)
    full = preflight_pdf(pdf, safe_margin=margin)
    assert margin_pages(full) == {3}, rows(full)
    (finding,) = [f for f in full.findings if f.check == "safe_margin"]
    assert finding.severity == "error"
    if inset < 0:
        assert "across the trim edge" in str(finding.message)
    quick = preflight_pdf(pdf, safe_margin=margin, cleared=proved)
    assert rows(quick) == rows(full)


# ---------------------------------------------------------------------------------------------
# Bound soundness: overhanging glyphs


def overhanging(page: Page, role: str, size: float) -> TextItem:
    colour = next(i for i in page.items if isinstance(i, TextItem)).colour
    line = TextLine(x=0.0, baseline=0.0, text=OVERHANGS, width=0.0)
    item = TextItem(role, size, colour, (line,), (0, 0, page.width, page.height), "test")
    left, top, right, bottom = ink(item, line)
    # Centred on the page, to be moved to one side.
    centred = replace(
        line,
        x=(page.width - (right - left)) / 2 - left,
        baseline=(page.height - (bottom - top)) / 2 - top,
    )
    return replace(item, lines=(centred,))


def test_the_overhanging_glyphs_are_in_the_fonts(sample: Sample) -> None:
    for role in ("body", "heading"):
        bounds = glyph_bounds(sample.worker.font_files[role])
        assert all(bounds.char(c) is not None for c in OVERHANGS), role
        # They do overhang: j and ƒ below the baseline, stacked marks above the capitals.
        _, top, _, bottom = bounds.line(OVERHANGS) or (0, 0, 0, 0)
        assert bottom < -0.15 and top > 0.9


@pytest.mark.parametrize("role", ["body", "heading"])
@pytest.mark.parametrize("side", ["left", "right", "top", "bottom"])
def test_overhanging_glyphs_are_bounded(sample: Sample, role: str, side: str) -> None:
    pages, margin = badge(sample)
    item = overhanging(pages[0], role, 12.0)
    front = replace(pages[0], items=())
    just_inside = margin + TOLERANCE + 0.1
    inside = replace(item, lines=(moved(item.lines[0], side, front, item, just_inside),))
    outside = replace(item, lines=(moved(item.lines[0], side, front, item, just_inside - 1),))
    assert ink(inside, inside.lines[0]) != ink(outside, outside.lines[0])
    near = [replace(front, items=(inside,)), replace(front, items=(outside,))]
    assert cleared(sample, near, margin) == {1}
    pdf = render(sample.worker, near)
    full = preflight_pdf(pdf, safe_margin=margin)
    # pdfium agrees: the glyph boxes just inside are clear, 0.4 pt into the margin are not.
    assert margin_pages(full) == {2}, rows(full)
    quick = preflight_pdf(pdf, safe_margin=margin, cleared={1})
    assert rows(quick) == rows(full)


@pytest.mark.parametrize("role", ["body", "heading"])
def test_glyph_bounds_read_from_the_tables_are_fonttools(role: str) -> None:
    """Each glyph's box and advance, read from the font's own tables, are those fontTools
    decompiles, for every character the font maps (composite glyphs, spaces and all)."""
    from fontTools.ttLib import TTFont

    path = FONTS[role]
    bounds = glyph_bounds(path)
    with TTFont(str(path)) as font:
        em = font["head"].unitsPerEm
        glyf, hmtx = font["glyf"], font["hmtx"]
        cmap = font.getBestCmap()
        assert len(cmap) > 2000
        for code, name in cmap.items():
            glyph = glyf[name]
            box = None
            if glyph.numberOfContours != 0:
                box = (glyph.xMin / em, glyph.yMax / em, glyph.xMax / em, glyph.yMin / em)
            assert bounds.char(chr(code)) == (hmtx[name][0] / em, box), hex(code)
    assert bounds.cmap().keys() == cmap.keys()  # the character map read from the bytes
    assert bounds.char("\U0001f600") is None  # not in the font


def test_character_maps_read_from_the_bytes_are_fonttools() -> None:
    """Every TrueType font of the installed packages (Roboto's twelve, and whatever else
    ships one): the same code points to the same glyphs as fontTools' best cmap."""
    import sysconfig

    from fontTools.ttLib import TTFont

    fonts = sorted(Path(sysconfig.get_paths()["purelib"]).rglob("*.ttf"))
    assert len(fonts) >= 12
    for path in fonts:
        with TTFont(str(path), lazy=True) as font:
            order = font.getReverseGlyphMap()
            expected = {code: order[name] for code, name in font.getBestCmap().items()}
        assert glyph_bounds(path).cmap() == expected, path.name
