"""One hex parser: `colour.rgb`, which the spec's colours and the contrast rule read through."""

from __future__ import annotations

import pytest

from brandkit.check import luminance
from brandkit.colour import luma, rgb
from brandkit.spec.model import Colour

HEX = [
    ("#000000", (0, 0, 0)),
    ("#FFFFFF", (255, 255, 255)),
    ("#ffffff", (255, 255, 255)),
    ("#0B4A8B", (11, 74, 139)),
    ("#D42A2C", (212, 42, 44)),
]


@pytest.mark.parametrize(("text", "channels"), HEX)
def test_rgb(text: str, channels: tuple[int, int, int]) -> None:
    assert rgb(text) == channels


@pytest.mark.parametrize(("text", "channels"), HEX)
def test_the_spec_colour_reads_its_hex_the_same_way(
    text: str, channels: tuple[int, int, int]
) -> None:
    assert Colour(cmyk=(0, 0, 0, 0), hex=text).rgb == channels


def test_luminance_and_luma_agree_on_the_extremes() -> None:
    assert luminance("#000000") == 0 and luminance("#FFFFFF") == pytest.approx(1)
    assert luma("#000000") == 0 and luma("#FFFFFF") == pytest.approx(255)
    # WCAG's worked value for the brand blue, from its channels.
    r, g, b = (c / 255 for c in rgb("#0B4A8B"))
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    expected = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    assert luminance("#0B4A8B") == pytest.approx(expected)
