"""The envelope blank's geometry: sizes, where the face lies, and that the flaps close it."""

from __future__ import annotations

import pytest

from brandkit.envelope_blank import envelope_blank
from brandkit.units import mm, to_mm


@pytest.mark.parametrize(
    ("face", "side", "blank"),
    [
        ((220, 110), 17.6, (255.2, 236.5)),  # DL
        ((229, 162), 18.32, (265.64, 348.3)),  # C5
        ((324, 229), 20.0, (364, 492.35)),  # C4: its side flaps held to 20 mm
        ((162, 114), 15.0, (192, 245.1)),  # C6: held to 15 mm
    ],
)
def test_blank_sizes(face: tuple[float, float], side: float, blank: tuple[float, float]) -> None:
    made = envelope_blank(mm(face[0]), mm(face[1]))
    assert (to_mm(made.width), to_mm(made.height)) == pytest.approx(blank, abs=1e-6)
    assert to_mm(made.side) == pytest.approx(side, abs=1e-6)
    left, top, w, h = (to_mm(v) for v in made.face)
    assert (left, top, w, h) == pytest.approx((side, 0.4 * face[1], *face), abs=1e-6)
    xs, ys = zip(*made.cut, strict=True)
    assert (min(xs), min(ys), max(xs), max(ys)) == pytest.approx((0, 0, made.width, made.height))


def test_folded_flaps_close_the_envelope() -> None:
    made = envelope_blank(mm(220), mm(110))
    _, top, _, height = made.face
    # Folded onto the back, the bottom flap reaches from the bottom fold up to `height -
    # bottom`; the seal flap from the top fold down to `seal`: they overlap, and the glue strip
    # (measured from the seal flap's free edge) lies wholly on the bottom flap.
    bottom_edge = height - made.bottom
    assert made.seal > bottom_edge
    glue_ys = [y for _, y in made.glue]
    seal_edge = top  # the flap's free edge is at the blank's top, `seal` above the fold
    nearest_fold = max(seal_edge - y for y in glue_ys)  # distance below the top fold, folded
    farthest = min(seal_edge - y for y in glue_ys)
    assert farthest > bottom_edge and nearest_fold <= made.seal
    # The glue strip keeps inside the flap's slanting sides.
    left, _, width, _ = made.face
    xs = [x for x, _ in made.glue]
    assert min(xs) > left + made.side * (1 - min(glue_ys) / made.seal)
    assert max(xs) < left + width - made.side * (1 - min(glue_ys) / made.seal)
