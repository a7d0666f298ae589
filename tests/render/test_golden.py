"""The badge as a picture: page 1 of Phường Tây Hồ (CB00076, with photo) against a golden PNG.

Regenerate after an intended change of the design with `pytest --regen-golden`, then look at
the new image before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops

from tests.conftest import GOLDEN_DIR

GOLDEN = GOLDEN_DIR / "badge-phuong-tay-ho.png"
FAILURES = GOLDEN_DIR / "failures"
DPI = 100
# Anti-aliasing may differ by a level or two between pdfium builds; a moved or missing element
# changes far more than this.
MAX_MEAN_DIFF = 2.0  # levels per channel, averaged over the image
MAX_STRAY = 0.005  # share of pixels allowed to differ by more than STRAY_LEVELS in a channel
STRAY_LEVELS = 40


def rasterise_trimmed(pdf_path: Path, page_index: int, dpi: int) -> Image.Image:
    document = pdfium.PdfDocument(pdf_path)
    try:
        page = document[page_index]
        left, bottom, right, top = page.get_mediabox()
        t_left, t_bottom, t_right, t_top = page.get_trimbox()
        crop = (t_left - left, t_bottom - bottom, right - t_right, top - t_top)
        image = page.render(scale=dpi / 72, crop=crop).to_pil().convert("RGB")
        page.close()
        return image
    finally:
        document.close()


def compare(actual: Image.Image, golden: Image.Image) -> tuple[float, float, Image.Image]:
    """Mean absolute difference per channel, share of stray pixels, and a diff image."""
    diff = ImageChops.difference(actual, golden)
    histograms = diff.split()
    total = actual.width * actual.height
    mean = sum(
        sum(level * count for level, count in enumerate(band.histogram())) for band in histograms
    ) / (3 * total)
    worst = ImageChops.lighter(ImageChops.lighter(histograms[0], histograms[1]), histograms[2])
    stray = sum(worst.histogram()[STRAY_LEVELS + 1 :]) / total
    visible = worst.point(lambda v: 255 if v > STRAY_LEVELS else min(255, v * 8))
    return mean, stray, visible


def test_badge_matches_the_golden_image(sample_build, regen_golden: bool) -> None:
    actual = rasterise_trimmed(sample_build.pdf("phuong-tay-ho"), 0, DPI)
    # 54 × 85.6 mm at 100 dpi (pdfium may drop the last fraction of a pixel).
    assert abs(actual.width - 54 / 25.4 * DPI) < 1.5
    assert abs(actual.height - 85.6 / 25.4 * DPI) < 1.5
    if regen_golden:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        actual.save(GOLDEN, optimize=True)
        pytest.skip(f"regenerated {GOLDEN.name}; look at it before committing")
    assert GOLDEN.is_file(), "no golden image yet: run pytest --regen-golden"
    golden = Image.open(GOLDEN).convert("RGB")
    assert actual.size == golden.size
    mean, stray, visible = compare(actual, golden)
    if mean > MAX_MEAN_DIFF or stray >= MAX_STRAY:
        FAILURES.mkdir(exist_ok=True)
        actual.save(FAILURES / "badge-phuong-tay-ho-actual.png")
        visible.save(FAILURES / "badge-phuong-tay-ho-diff.png")
        pytest.fail(
            f"the badge differs from {GOLDEN.name}: mean difference {mean:.2f} levels "
            f"(max {MAX_MEAN_DIFF}), {stray:.2%} pixels off by more than {STRAY_LEVELS} "
            f"(max {MAX_STRAY:.1%}); see {FAILURES}/badge-phuong-tay-ho-*.png"
        )


def test_compare_notices_a_change() -> None:
    # The comparison itself: a missing element must fail it, a faint shift must not.
    base = Image.new("RGB", (200, 300), "white")
    base.paste((11, 74, 139), (0, 0, 200, 100))
    changed = base.copy()
    changed.paste((255, 255, 255), (20, 20, 60, 60))  # a "logo" gone
    mean, stray, _ = compare(changed, base)
    assert stray >= MAX_STRAY
    faint = base.point(lambda v: min(255, v + 1))
    mean, stray, _ = compare(faint, base)
    assert mean <= MAX_MEAN_DIFF and stray == 0
