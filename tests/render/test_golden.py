"""Assets as pictures against golden PNGs: the badge of Phường Tây Hồ (CB00076, with photo)
and one of each sign, envelope and folder.

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


def check_golden(actual: Image.Image, name: str, regen_golden: bool) -> None:
    """Compare `actual` with tests/golden/`name`.png (or write it with --regen-golden)."""
    golden_path = GOLDEN_DIR / f"{name}.png"
    if regen_golden:
        golden_path.parent.mkdir(parents=True, exist_ok=True)
        actual.save(golden_path, optimize=True)
        pytest.skip(f"regenerated {golden_path.name}; look at it before committing")
    assert golden_path.is_file(), "no golden image yet: run pytest --regen-golden"
    golden = Image.open(golden_path).convert("RGB")
    assert actual.size == golden.size
    mean, stray, visible = compare(actual, golden)
    if mean > MAX_MEAN_DIFF or stray >= MAX_STRAY:
        FAILURES.mkdir(exist_ok=True)
        actual.save(FAILURES / f"{name}-actual.png")
        visible.save(FAILURES / f"{name}-diff.png")
        pytest.fail(
            f"{name} differs from {golden_path.name}: mean difference {mean:.2f} levels "
            f"(max {MAX_MEAN_DIFF}), {stray:.2%} pixels off by more than {STRAY_LEVELS} "
            f"(max {MAX_STRAY:.1%}); see {FAILURES}/{name}-*.png"
        )


def test_badge_matches_the_golden_image(sample_build, regen_golden: bool) -> None:
    actual = rasterise_trimmed(sample_build.pdf("phuong-tay-ho"), 0, DPI)
    # 54 × 85.6 mm at 100 dpi (pdfium may drop the last fraction of a pixel).
    assert abs(actual.width - 54 / 25.4 * DPI) < 1.5
    assert abs(actual.height - 85.6 / 25.4 * DPI) < 1.5
    check_golden(actual, GOLDEN.stem, regen_golden)


# (golden name, PDF under the output folder, page, dpi, trim in mm): low resolutions, enough
# to see a moved, missing or resized element on pieces up to 3 m wide.
STATIONERY = [
    ("signboard-chi-nhanh-03", "chi-nhanh-03/signs/chi-nhanh-03-signboard.pdf", 0, 12,
     (3000, 800)),
    ("door-sign-trung-tam", "trung-tam/signs/trung-tam-door-sign.pdf", 0, 25, (600, 400)),
    ("counter-sign-hanging-trung-tam-2",
     "trung-tam/signs/trung-tam-counter-sign-hanging.pdf", 1, 25, (800, 300)),
    ("counter-sign-desk-trung-tam-2", "trung-tam/signs/trung-tam-counter-sign-desk.pdf", 1, 50,
     (300, 200)),
    ("desk-plate-chi-nhanh-03-3", "chi-nhanh-03/signs/chi-nhanh-03-desk-plates.pdf", 2, 50,
     (250, 200)),
    ("envelope-dl-trung-tam", "trung-tam/envelopes/trung-tam-envelope-dl.pdf", 0, 60,
     (220, 110)),
    ("folder-chi-nhanh-03", "chi-nhanh-03/folders/chi-nhanh-03-folder.pdf", 0, 30, (474, 410)),
]  # fmt: skip


@pytest.fixture(scope="module")
def stationery_build(tmp_path_factory, sample_spec_path) -> Path:
    from brandkit.build import ASSETS, Options, build

    out = tmp_path_factory.mktemp("stationery")
    units = ("trung-tam", "chi-nhanh-03")
    build(Options(spec=sample_spec_path, out=out, jobs=1, quiet=True, units=units), ASSETS[1:])
    return out


@pytest.mark.parametrize(
    ("name", "pdf", "page", "dpi", "trim"), STATIONERY, ids=[s[0] for s in STATIONERY]
)
def test_stationery_matches_its_golden_image(
    stationery_build: Path, regen_golden: bool, name: str, pdf: str, page: int, dpi: int,
    trim: tuple[float, float],
) -> None:  # fmt: skip
    actual = rasterise_trimmed(stationery_build / pdf, page, dpi)
    assert abs(actual.width - trim[0] / 25.4 * dpi) < 1.5
    assert abs(actual.height - trim[1] / 25.4 * dpi) < 1.5
    check_golden(actual, name, regen_golden)


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
