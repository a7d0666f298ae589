"""Pages the renderer keys alike are preflighted once (`preflight_pdf(same=…)`).

The renderer gives each page a key of what preflight reads of it (render.document.page_key):
its operators without the strings shown and the operands that only place text or size
rectangles, its boxes and its resources. A page whose key an earlier page has gets that
page's findings without being read again. These tests hold the shortcut to the full
preflight: on brandkit's own output of every print kind the findings are identical; a
hairline or a low-resolution photo put on one page changes that page's key and is reported
on that page only, by both.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from PIL import Image

from brandkit.build.work import Worker
from brandkit.layout.page import ImageItem, Page, RectItem, TextItem
from brandkit.preflight import preflight_pdf
from tests.preflight.conftest import Sample
from tests.preflight.test_drawn import badge, rows


def render(worker: Worker, pages: list[Page]) -> tuple[bytes, list[bytes]]:
    """The PDF/X-4 file of `pages`, as `render_print` makes it, and its pages' keys."""
    buffer = io.BytesIO()
    result = worker.renderer().render(pages, buffer, "test", "brandkit", "", worker.intent)
    assert len(result.page_keys) == len(pages)
    return buffer.getvalue(), result.page_keys


def test_keyed_pages_give_the_findings_of_the_full_check(sample: Sample) -> None:
    shared = 0
    for asset, template, pages, margin in sample.jobs:
        pdf, keys = render(sample.worker, pages)
        full = preflight_pdf(pdf, safe_margin=margin)
        quick = preflight_pdf(pdf, safe_margin=margin, same=keys)
        assert rows(quick) == rows(full), (asset, template)
        shared += len(keys) - len(set(keys))
    assert shared > 0  # the shortcut is taken: badges repeat their faces


def test_badge_faces_share_a_key_whatever_their_text(sample: Sample) -> None:
    pages, _ = badge(sample)
    _, keys = render(sample.worker, pages)
    assert len(pages) >= 6
    names = {i.lines[0].text for p in pages[::2] for i in p.items if isinstance(i, TextItem)}
    assert len(names) > 3  # different people …
    assert len(set(keys)) < len(keys) / 2  # … mostly one key a face


def test_a_hairline_on_one_page_is_found_on_that_page(sample: Sample) -> None:
    pages, margin = badge(sample)
    ink = next(i for i in pages[0].items if isinstance(i, TextItem)).colour
    hairline = RectItem(20, 40, 60, 30, None, ink, 0.1)
    faulty = replace(pages[2], items=(*pages[2].items, hairline))
    pages = [pages[0], pages[1], faulty, *pages[3:]]
    pdf, keys = render(sample.worker, pages)
    assert keys[2] not in keys[:2] + keys[3:]
    full = preflight_pdf(pdf, safe_margin=margin)
    assert {f.page for f in full.findings if f.check == "hairlines"} == {3}, rows(full)
    assert rows(preflight_pdf(pdf, safe_margin=margin, same=keys)) == rows(full)


def test_a_low_resolution_photo_on_one_page_is_found_on_that_page(
    sample: Sample, tmp_path: Path
) -> None:
    pages, margin = badge(sample)
    photo = tmp_path / "small.png"
    Image.new("RGB", (30, 40), (120, 140, 160)).save(photo)
    image = ImageItem(photo, 20, 40, 60, 80, "cover", "photo")
    faulty = replace(pages[4], items=(*pages[4].items, image))
    pages = [*pages[:4], faulty, *pages[5:]]
    pdf, keys = render(sample.worker, pages)
    full = preflight_pdf(pdf, safe_margin=margin)
    assert {f.page for f in full.findings if f.check == "images"} == {5}, rows(full)
    assert rows(preflight_pdf(pdf, safe_margin=margin, same=keys)) == rows(full)


def test_keys_of_another_file_are_not_used(sample: Sample) -> None:
    pages, margin = badge(sample)
    ink = next(i for i in pages[0].items if isinstance(i, TextItem)).colour
    faulty = replace(pages[2], items=(*pages[2].items, RectItem(20, 40, 60, 30, None, ink, 0.1)))
    pdf, keys = render(sample.worker, [pages[0], pages[1], faulty, *pages[3:]])
    full = preflight_pdf(pdf, safe_margin=margin)
    # A key list of the wrong length (another file's) is ignored: every page is read.
    assert rows(preflight_pdf(pdf, safe_margin=margin, same=keys[:-1])) == rows(full)
