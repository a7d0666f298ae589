"""Logos as pixels: exact sizes, exact brand colours, safe SVG only, reproducible bytes."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageCms

from brandkit.errors import AssetError, BrandkitError
from brandkit.render import raster
from brandkit.render.raster import (
    ICO_SIZES,
    ICON_SIZES,
    THERMAL_LOGO_FRACTION,
    THERMAL_MARGIN_FRACTION,
    ico_bytes,
    icon_set,
    render_logo,
    srgb_icc_profile,
    thermal_bmp,
    thermal_logo,
    thermal_png,
)
from tests.conftest import SPECS_DIR

# A 100 × 100 blue (#0B4A8B) rounded square with a gold arch, a white door opening with a blue
# leaf on its left, and a red base from y = 78 to 85.
LOGO = SPECS_DIR / "logos" / "mot-cua.svg"
BLUE = (11, 74, 139)
GOLD = (246, 196, 67)
WHITE = (255, 255, 255)

GRADIENT = """<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"
     viewBox="0 0 100 100">
  <defs><linearGradient id="g" x1="0" x2="1" y1="0" y2="0">
    <stop offset="0" stop-color="#000000"/><stop offset="1" stop-color="#FFFFFF"/>
  </linearGradient></defs>
  <rect width="100" height="100" fill="url(#g)"/>
</svg>"""

UNSAFE = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    "<script>alert(1)</script><rect width='10' height='10'/></svg>",
    "outside-image": '<svg xmlns="http://www.w3.org/2000/svg" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
    '<use xlink:href="file:///etc/passwd#x"/></svg>',
    "entity": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&e;</text></svg>',
}


def write_svg(folder: Path, text: str, name: str = "logo.svg") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def near(pixel: Any, colour: tuple[int, ...], tolerance: int = 1) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=False))


def black_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The bounding box of the black pixels of a mode "1" image."""
    return ImageChops.invert(image.convert("L")).getbbox()


# ---------------------------------------------------------------------------------------------
# render_logo


@pytest.mark.parametrize("size", [16, 64, 300])
def test_square_logo_fills_a_square_canvas(size: int) -> None:
    image = render_logo(LOGO, size)
    assert image.mode == "RGBA" and image.size == (size, size)
    assert near(image.getpixel((int(0.1 * size), size // 2)), (*BLUE, 255))
    assert near(image.getpixel((size // 2, size // 2)), (*WHITE, 255))


def test_corners_are_transparent_and_colours_exact() -> None:
    image = render_logo(LOGO, 200)
    assert image.getpixel((0, 0)) == (0, 0, 0, 0)  # outside the rounded corner
    assert image.getpixel((20, 100)) == (*BLUE, 255)
    assert image.getpixel((56, 120)) == (*GOLD, 255)  # the arch, between outer and inner door


def test_logo_is_fitted_and_centred_on_a_given_canvas() -> None:
    wide = render_logo(LOGO, 200, 80)
    assert wide.size == (200, 80)
    assert wide.getbbox() == (60, 0, 140, 80)
    tall = render_logo(LOGO, 80, 200)
    assert tall.getbbox() == (0, 60, 80, 140)


def test_the_viewbox_sets_the_shape(tmp_path: Path) -> None:
    tall = write_svg(
        tmp_path,
        '<svg xmlns="http://www.w3.org/2000/svg" width="5cm" height="1cm" viewBox="0 0 50 100">'
        '<rect width="50" height="100" fill="#0B4A8B"/></svg>',
    )
    assert render_logo(tall, 100).getbbox() == (25, 0, 75, 100)


def test_width_and_height_set_the_shape_without_a_viewbox(tmp_path: Path) -> None:
    wide = write_svg(
        tmp_path,
        '<svg xmlns="http://www.w3.org/2000/svg" width="2in" height="72pt">'
        '<rect width="100%" height="100%" fill="#0B4A8B"/></svg>',
    )
    image = render_logo(wide, 100)
    assert image.getbbox() == (0, 25, 100, 75)
    assert image.getpixel((50, 50)) == (*BLUE, 255)


def test_an_svg_without_size_is_refused(tmp_path: Path) -> None:
    path = write_svg(tmp_path, '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    with pytest.raises(AssetError, match="no size"):
        render_logo(path, 32)


RENDERERS: dict[str, Callable[[Path], object]] = {
    "render_logo": lambda p: render_logo(p, 32),
    "icon_set": lambda p: icon_set(p, (16,)),
    "ico_bytes": lambda p: ico_bytes(p, (16,)),
    "thermal_logo": lambda p: thermal_logo(p, 384),
}


@pytest.mark.parametrize("render", RENDERERS.values(), ids=list(RENDERERS))
@pytest.mark.parametrize("svg", UNSAFE.values(), ids=list(UNSAFE))
def test_unsafe_svg_is_refused(tmp_path: Path, render: Callable[[Path], object], svg: str) -> None:
    with pytest.raises(AssetError):
        render(write_svg(tmp_path, svg))


def test_a_missing_file_is_an_asset_error(tmp_path: Path) -> None:
    with pytest.raises(AssetError, match="not a readable SVG"):
        render_logo(tmp_path / "nothing.svg", 32)


def test_a_missing_cairo_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    raster._cairosvg.cache_clear()
    monkeypatch.setitem(sys.modules, "cairosvg", None)  # import fails as if not installed
    try:
        with pytest.raises(BrandkitError, match="libcairo2"):
            render_logo(LOGO, 16)
    finally:
        raster._cairosvg.cache_clear()


@pytest.mark.parametrize("size", [0, -5, 10**6])
def test_absurd_sizes_are_refused(size: int) -> None:
    with pytest.raises(ValueError):
        render_logo(LOGO, size)
    with pytest.raises(ValueError):
        thermal_logo(LOGO, size)


# ---------------------------------------------------------------------------------------------
# Icons


@pytest.fixture(scope="module")
def icons() -> dict[int, bytes]:
    return icon_set(LOGO)


def test_icon_set_has_every_size_exactly(icons: dict[int, bytes]) -> None:
    assert list(icons) == sorted(ICON_SIZES)
    for size, data in icons.items():
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG"
            assert image.mode == "RGBA"
            assert image.size == (size, size)
            assert image.info["icc_profile"] == srgb_icc_profile()


def test_icon_pixels_are_the_logo_colours(icons: dict[int, bytes]) -> None:
    for size, data in icons.items():
        with Image.open(io.BytesIO(data)) as image:
            rgba = image.convert("RGBA")
        assert near(rgba.getpixel((int(0.1 * size), int(0.5 * size))), (*BLUE, 255)), size
        assert near(rgba.getpixel((size // 2, size // 2)), (*WHITE, 255)), size


def test_icons_are_deterministic(icons: dict[int, bytes]) -> None:
    assert icon_set(LOGO) == icons


def test_the_icc_profile_is_srgb_and_reproducible() -> None:
    icc = srgb_icc_profile()
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    assert "sRGB" in ImageCms.getProfileDescription(profile)
    assert icc[24:36] == bytes.fromhex("07d0 0001 0001 0000 0000 0000")  # 2000-01-01 00:00
    srgb_icc_profile.cache_clear()
    assert srgb_icc_profile() == icc


def test_icon_sizes_are_checked() -> None:
    with pytest.raises(ValueError):
        icon_set(LOGO, ())
    with pytest.raises(ValueError):
        ico_bytes(LOGO, (16, 512))


def test_ico_holds_every_size() -> None:
    data = ico_bytes(LOGO)
    assert data[:4] == b"\0\0\1\0"
    with Image.open(io.BytesIO(data)) as ico:
        assert ico.format == "ICO"
        assert ico.info["sizes"] == {(s, s) for s in ICO_SIZES}
        assert set(ico.ico.sizes()) == {(s, s) for s in ICO_SIZES}  # type: ignore[attr-defined]
        for size in ICO_SIZES:
            frame = ico.ico.getimage((size, size))  # type: ignore[attr-defined]
            assert frame.size == (size, size)
            rgba = frame.convert("RGBA")
            assert near(rgba.getpixel((int(0.1 * size), size // 2)), (*BLUE, 255)), size
    assert ico_bytes(LOGO) == data


# ---------------------------------------------------------------------------------------------
# Thermal printers


def logo_box(width: int) -> tuple[int, int, int, int]:
    """Where the square sample logo lies on a thermal image `width` dots wide."""
    box = round(width * THERMAL_LOGO_FRACTION)
    margin = round(width * THERMAL_MARGIN_FRACTION)
    left = (width - box) // 2
    return left, margin, left + box, margin + box


@pytest.mark.parametrize("width", [384, 576])
def test_thermal_logo_size_mode_and_margins(width: int) -> None:
    image = thermal_logo(LOGO, width)
    left, top, right, bottom = logo_box(width)
    assert image.mode == "1"
    assert image.size == (width, bottom + top)
    histogram = image.convert("L").histogram()  # mode "1": 0 black, 255 white, nothing else
    assert {v for v, n in enumerate(histogram) if n} == {0, 255}
    # Everything black lies inside the logo: the margins are white paper.
    assert black_box(image) == (left, top, right, bottom)

    def at(x: float, y: float) -> object:  # a point of the logo in its 0–100 units
        return image.getpixel(
            (round(left + x / 100 * (right - left)), round(top + y / 100 * (bottom - top)))
        )

    assert at(10, 50) == 0  # blue square: dark, prints
    assert at(50, 81) == 0  # red base: dark, prints
    assert at(28, 60) == 255  # gold arch: light, paper
    assert at(60, 60) == 255  # white door: paper
    assert image.getpixel((0, 0)) == 255 and image.getpixel((width - 1, top + 5)) == 255


def test_dither_and_threshold_differ_on_a_gradient(tmp_path: Path) -> None:
    path = write_svg(tmp_path, GRADIENT)
    flat = thermal_logo(path, 384, method="threshold")
    dithered = thermal_logo(path, 384, method="dither")
    assert flat.size == dithered.size and flat.mode == dithered.mode == "1"
    assert flat.tobytes() != dithered.tobytes()
    left, top, right, bottom = logo_box(384)
    middle = (top + bottom) // 2
    row = [flat.getpixel((x, middle)) for x in range(left, right)]
    # Thresholded: black up to the middle of the gradient, white after, one clean edge.
    edge = row.index(255)
    assert abs(edge - len(row) / 2) <= 2 and set(row[edge:]) == {255} and set(row[:edge]) == {0}
    # Dithered: a quarter of the way across the gradient holds both, about three black in four.
    quarter = dithered.crop(
        (left + (right - left) // 4 - 10, top, left + (right - left) // 4 + 10, bottom)
    )
    black = quarter.convert("L").histogram()[0] / (quarter.width * quarter.height)
    assert 0.6 < black < 0.9
    # Both keep the white margins.
    assert black_box(dithered) is not None
    assert all(dithered.getpixel((x, 0)) == 255 for x in range(384))


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        thermal_logo(LOGO, 384, method="halftone")


def test_thermal_files_are_1_bit_and_deterministic() -> None:
    image = thermal_logo(LOGO, 384)
    bmp = thermal_bmp(image)
    png = thermal_png(image)
    assert bmp == thermal_bmp(thermal_logo(LOGO, 384))
    assert png == thermal_png(thermal_logo(LOGO, 384))
    assert bmp[:2] == b"BM" and int.from_bytes(bmp[28:30], "little") == 1  # bits per pixel
    assert png[12:16] == b"IHDR" and png[24] == 1 and png[25] == 0  # bit depth 1, grey
    for data, fmt in ((bmp, "BMP"), (png, "PNG")):
        with Image.open(io.BytesIO(data)) as reopened:
            assert reopened.format == fmt
            assert reopened.mode == "1"
            assert reopened.size == image.size
            assert round(reopened.info["dpi"][0]) == 203
            assert reopened.tobytes() == image.tobytes()


def test_thermal_files_need_a_1_bit_image() -> None:
    with pytest.raises(ValueError, match="mode"):
        thermal_bmp(render_logo(LOGO, 64))
    with pytest.raises(ValueError, match="mode"):
        thermal_png(render_logo(LOGO, 64).convert("L"))


@pytest.fixture
def own_logo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample logo, with a user cache of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    logo = tmp_path / "logo.svg"
    logo.write_bytes(LOGO.read_bytes())
    return logo


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry for each time cairosvg draws a logo."""
    times: list[int] = []
    real = raster._render

    def counted(*args: Any) -> Image.Image:
        times.append(1)
        return real(*args)

    monkeypatch.setattr(raster, "_render", counted)
    return times


def test_a_logo_drawn_once_is_remembered_until_it_changes(own_logo: Path, drawn: list[int]) -> None:
    raster.check_renders(own_logo)
    raster.check_renders(own_logo)  # the same bytes: remembered, not drawn again
    assert len(drawn) == 1
    assert list((own_logo.parent / "cache" / "brandkit" / "logos").glob("*.json"))
    own_logo.write_bytes(LOGO.read_bytes().replace(b"</svg>", b"<!-- edited --></svg>"))
    raster.check_renders(own_logo)  # other bytes, whatever the file's date: drawn again
    assert len(drawn) == 2


def test_a_logo_cairosvg_fails_on_is_never_remembered(
    own_logo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any) -> Image.Image:
        raise AssetError([])

    monkeypatch.setattr(raster, "_render", broken)
    for _ in range(2):
        with pytest.raises(AssetError):
            raster.check_renders(own_logo)
    assert not list((own_logo.parent / "cache").rglob("*.json"))


def test_a_logo_png_is_drawn_once_per_logo_and_size(own_logo: Path, drawn: list[int]) -> None:
    png = raster.logo_png(own_logo, 64)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (64, 64)
        assert image.convert("RGBA").tobytes() == render_logo(LOGO, 64).tobytes()
    drawn.clear()
    assert raster.logo_png(own_logo, 64) == png  # remembered: the same bytes, not drawn
    assert not drawn
    assert raster.logo_png(own_logo, 32) != png  # another size: drawn
    own_logo.write_bytes(LOGO.read_bytes().replace(b"</svg>", b"<!-- edited --></svg>"))
    raster.logo_png(own_logo, 64)  # other bytes: drawn again
    assert len(drawn) == 2
