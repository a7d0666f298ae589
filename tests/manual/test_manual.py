"""`brandkit manual` on the sample spec, read back as text: every colour's CMYK and hex, every
template's size as the spec states it, a page per kind (the declared poster's too), a size
changed in the spec found in the manual; PDF/X-4 that passes preflight, the same bytes twice."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from brandkit.check import contrast_ratio
from tests.cli.conftest import invoke
from tests.conftest import SAMPLE_SPEC

MANUAL = Path("brand") / "brand-manual.pdf"


def texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    return [" ".join(unicodedata.normalize("NFC", p).split()) for p in pages]


def number(text: str) -> str:
    """A length of the spec ("85.6mm") as the manual writes it ("85,6")."""
    value = float(re.sub(r"[a-z]+$", "", text))
    return f"{round(value, 1):g}".replace(".", ",")


def stated(size: dict[str, str]) -> str:
    """A size as the manual states it: "54 × 85,6 mm", or "1080 × 1920 px" for a screen."""
    if size["width"].endswith("px"):
        return f"{number(size['width'])} × {number(size['height'])} px"
    return f"{number(size['width'])} × {number(size['height'])} mm"


def make(spec: Path, out: Path, *more: object) -> Path:
    result = invoke("--spec", spec, "--out", out, "manual", *more)
    assert result.exit_code == 0, result.output
    assert f"{out / MANUAL}" in result.stdout
    return out / MANUAL


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(SAMPLE_SPEC, tmp_path_factory.mktemp("manual"))


@pytest.fixture(scope="module")
def sample() -> dict:
    return yaml.safe_load(SAMPLE_SPEC.read_text(encoding="utf-8"))


def test_every_colour_is_given_in_cmyk_hex_rgb_and_spot(manual: Path, sample: dict) -> None:
    text = " ".join(texts(manual))
    for name, colour in sample["colours"].items():
        cmyk = " ".join(f"{v:g}" for v in colour["cmyk"])
        assert f"{name} CMYK {cmyk} HEX {colour['hex'].upper()}" in text
        rgb = " ".join(str(int(colour["hex"][i : i + 2], 16)) for i in (1, 3, 5))
        assert f"RGB {rgb}" in text
        if "spot" in colour:
            assert f"Màu pha: {colour['spot']}" in text


def test_contrast_pairs_are_the_check_rules(manual: Path, sample: dict) -> None:
    """The contrast page gives each pair's ratio as `check` computes it, and whether it passes
    (a failing one in brackets)."""
    page = next(t for t in texts(manual) if "độ tương phản" in t)
    colours = sample["colours"]
    ratio = contrast_ratio(colours["paper"]["hex"], colours["primary"]["hex"])
    assert f"{ratio:.1f}".replace(".", ",") in page
    ratio = contrast_ratio(colours["accent"]["hex"], colours["primary"]["hex"])
    assert f"({ratio:.1f})".replace(".", ",") in page  # red on blue: not for text


def test_every_template_size_is_on_its_kinds_page(manual: Path, sample: dict) -> None:
    pages = texts(manual)
    for name, template in sample["templates"].items():
        kind = template["asset"]
        page = next((p for p in pages if f"({kind})" in p[:120]), None)
        assert page is not None, f"no page for {kind}"
        sizes = template.get("sizes") or {"": template["size"]}
        for size in sizes.values():
            assert stated(size) in page, (name, stated(size))


def test_the_declared_poster_has_its_page_with_the_piece_drawn(manual: Path) -> None:
    page = next(t for t in texts(manual) if "Áp phích giờ làm việc (poster)" in t[:120])
    assert "297 × 420 mm" in page
    assert "GIỜ LÀM VIỆC" in page  # the piece itself, laid out for the sample unit
    assert "Couché 250 g/m²" in page and "Số bản: 2" in page  # from print:
    assert "heading: x 10, y 126; 277 × 48 mm, 110 pt" in page  # an element's place and size


def test_type_samples_use_every_diacritic(manual: Path) -> None:
    page = next(t for t in texts(manual) if "Kiểu chữ" in t[:60])
    for letters in ("aàáảãạ", "ƯỪỨỬỮỰ", "đ", "Đ", "ơờớởỡợ"):
        assert letters in page


def test_a_size_changed_in_the_spec_is_in_the_manual(spec_copy, tmp_path: Path) -> None:
    spec_copy.edit("size: {width: 297mm, height: 420mm}", "size: {width: 300mm, height: 420mm}")
    page = next(t for t in texts(make(spec_copy.path, tmp_path / "out")) if "(poster)" in t[:120])
    assert "300 × 420 mm" in page and "297 × 420 mm" not in page


def test_it_passes_preflight_as_pdf_x4(manual: Path) -> None:
    result = invoke("preflight", manual)
    assert result.exit_code == 0, result.output
    assert "PDF/X-4" in result.stdout and "1 passed, 0 failed" in result.stdout
    with pdfium.PdfDocument(manual) as document:
        width, height = document.get_page_size(0)
    assert width > height  # landscape


def test_the_same_spec_gives_the_same_bytes(manual: Path, tmp_path: Path) -> None:
    again = make(SAMPLE_SPEC, tmp_path)
    assert (
        hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(manual.read_bytes()).digest()
    )


def test_another_unit_and_a_bad_one(tmp_path: Path) -> None:
    path = make(SAMPLE_SPEC, tmp_path, "--unit", "phuong-tay-ho")
    assert "ỦY BAN NHÂN DÂN PHƯỜNG TÂY HỒ" in " ".join(texts(path))
    result = invoke("--spec", SAMPLE_SPEC, "--out", tmp_path / "x", "manual", "--unit", "nowhere")
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_screens_are_drawn_with_their_pixel_sizes(manual: Path) -> None:
    """The kiosk's page shows a screen of each of its templates, laid out for the sample unit
    and measured in pixels; its elements are placed in pixels too, and no print order."""
    page = next(t for t in texts(manual) if "Màn hình kiosk (kiosk)" in t[:120])
    assert "Chạm vào màn hình để bắt đầu" in page  # the idle screen
    assert "Rất hài lòng" in page  # the rating screen
    assert page.count("1080 px") >= 3 and page.count("1920 px") >= 3  # dimension lines
    for name in ("kiosk_home", "kiosk_idle", "kiosk_rate"):
        assert name in page
    assert "header: x 0, y 0; 1920 × 200 px" in page
    assert "Số bản" not in page


@pytest.mark.parametrize("margin_mm", [3, 25])
def test_what_the_build_proves_of_the_manual_is_what_preflight_finds(
    sample_spec, margin_mm: float
) -> None:
    """The build passes preflight the manual's pages it proved clear of the safe margin from
    what it drew, and each page's key: the findings are the full preflight's. With a margin
    the manual's text crosses (25 mm), those pages are not proved, and both report them."""
    from brandkit.build.assets import registry_for
    from brandkit.manual import manual_pdf
    from brandkit.preflight import preflight_pdf

    margin = margin_mm * 72 / 25.4
    made = manual_pdf(sample_spec, registry_for(sample_spec), "trung-tam", safe_margin=margin)
    full = preflight_pdf(made.pdf, safe_margin=margin)
    quick = preflight_pdf(made.pdf, safe_margin=margin, cleared=made.cleared, same=made.keys)
    assert quick.findings == full.findings
    crossed = {f.page for f in full.findings if f.check == "safe_margin"}
    assert not crossed & made.cleared
    if margin_mm == 3:
        assert made.cleared == set(range(1, made.pages + 1)) and not crossed
    else:
        assert crossed and len(made.cleared) < made.pages
