"""The die line as layout lays it: a shaped piece's own contour, holes and slots placed from
their anchors, drawn last (over the artwork) in the die-line colour."""

from __future__ import annotations

from typing import Any

import pytest

from brandkit.fonts import load_fonts
from brandkit.layout.finishing import DIE_WIDTH, TOLERANCE
from brandkit.layout.page import PathItem
from brandkit.layout.template import Layout, Record, layout_page, make_inks
from brandkit.spec.load import SpecFile
from brandkit.spec.model import Template
from brandkit.units import mm


def layout_of(spec: SpecFile, finishing: dict[str, Any]) -> Layout:
    template = Template.model_validate(
        {
            "asset": "door_sign", "repeat": "unit", "size": {"width": "100mm", "height": "60mm"},
            "finishing": finishing,
            "elements": [{"type": "rect", "x": "0mm", "y": "0mm", "w": "100mm", "h": "60mm",
                          "fill": "primary", "bleed": True}],
        }
    )  # fmt: skip
    return Layout("probe", template, make_inks(spec.spec), load_fonts(spec))


def test_a_shaped_contour_is_cut_as_written(sample_spec: SpecFile) -> None:
    contour = "M 10 0 H 90 L 100 30 L 90 60 H 10 L 0 30 Z"
    page = layout_page(layout_of(sample_spec, {"contour": contour}), Record({}, "x"))
    die = page.items[-1]
    assert isinstance(die, PathItem) and die.fill is None and die.dash == ()
    assert die.stroke is not None and die.stroke.spot == "Dieline" and die.stroke.overprint
    assert die.stroke_width == DIE_WIDTH
    ((points, closed),) = die.outlines
    expected = [(10, 0), (90, 0), (100, 30), (90, 60), (10, 60), (0, 30)]
    assert closed and [(round(x / mm(1), 6), round(y / mm(1), 6)) for x, y in points] == expected


def test_holes_from_their_corners_and_a_centred_slot(sample_spec: SpecFile) -> None:
    finishing = {
        "holes": [{"anchor": "bottom-right", "x": "5mm", "y": "7mm", "diameter": "3mm"}],
        "slots": [{"anchor": "top", "x": "0mm", "y": "4mm", "w": "20mm", "h": "4mm"}],
    }
    page = layout_page(layout_of(sample_spec, finishing), Record({}, "x"))
    die = page.items[-1]
    assert isinstance(die, PathItem)
    slot, hole = die.outlines
    xs, ys = zip(*slot[0], strict=True)
    assert (min(xs), min(ys), max(xs), max(ys)) == pytest.approx(
        (mm(40), mm(4), mm(60), mm(8)), abs=TOLERANCE
    )
    cx, cy = mm(95), mm(53)
    for x, y in hole[0]:
        assert ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 == pytest.approx(mm(1.5), abs=1e-6)


def test_no_finishing_no_die_line(sample_spec: SpecFile) -> None:
    page = layout_page(layout_of(sample_spec, {}), Record({}, "x"))
    assert not [i for i in page.items if isinstance(i, PathItem)]
