"""The die_clearance rule: texts, QR codes and logos keep `finishing.clearance` from every
hole and slot, measured on what each record's layout covers; `build` refuses otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from brandkit.build import Options, build
from brandkit.check import ENFORCED
from brandkit.errors import BrandkitError
from brandkit.layout.finishing import KeepOut
from brandkit.spec.load import SpecFile
from tests.test_check import run_rules, text

HOLE = {"anchor": "top-left", "x": "10mm", "y": "10mm", "diameter": "4mm"}


def findings(report: Any) -> list[Any]:
    return [f for f in report.findings if f.rule == "die_clearance"]


def test_die_clearance_is_enforced() -> None:
    assert "die_clearance" in ENFORCED


def test_text_on_a_hole_fails(sample_spec: SpecFile) -> None:
    report = run_rules(sample_spec, [text(x=5, y=8, w=60, h=8)], finishing={"holes": [HOLE]})
    (failure,) = findings(report)
    assert not failure.ok and failure.element == "probe_text"
    assert "hole 1 of the die line" in str(failure.message)
    assert "must keep 2 mm clear" in str(failure.message)


def test_text_just_clear_of_a_hole_passes(sample_spec: SpecFile) -> None:
    # The hole reaches 12 mm down; the text's box starts 2.5 mm below it.
    report = run_rules(sample_spec, [text(x=5, y=14.5, w=60, h=8)], finishing={"holes": [HOLE]})
    (passed,) = findings(report)
    assert passed.ok


def test_a_wider_clearance_fails_the_same_text(sample_spec: SpecFile) -> None:
    report = run_rules(
        sample_spec, [text(x=5, y=14.5, w=60, h=8)],
        finishing={"holes": [HOLE], "clearance": "5mm"},
    )  # fmt: skip
    (failure,) = findings(report)
    assert not failure.ok and "must keep 5 mm clear" in str(failure.message)


def test_a_qr_code_and_a_logo_under_a_slot_fail(sample_spec: SpecFile) -> None:
    slot = {"anchor": "top", "x": "0mm", "y": "3mm", "w": "13mm", "h": "3mm"}
    elements = [
        {"type": "qr", "name": "code", "data": "https://example.gov.vn", "x": "40mm",
         "y": "5mm", "size": "17mm", "colour": "primary"},
        {"type": "logo", "name": "mark", "logo": "emblem", "x": "70mm", "y": "20mm",
         "w": "10mm", "h": "10mm"},
    ]  # fmt: skip
    report = run_rules(sample_spec, elements, finishing={"slots": [slot]})
    failed = {f.element for f in findings(report) if not f.ok}
    assert failed == {"code"}  # the logo, away from the slot, is clear


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        ((0, 15, 10, 25), 20 - 10 - 2),  # beside the hole, 10 pt left of its centre
        ((18, 18, 22, 22), -2),  # over its centre
        ((23, 23, 30, 30), (3**2 + 3**2) ** 0.5 - 2),  # diagonally off
    ],
)
def test_keep_out_distance(box: tuple[float, ...], expected: float) -> None:
    hole = KeepOut("hole 1", (20, 20, 20, 20), 2)
    assert hole.distance(box) == pytest.approx(expected)


def test_build_refuses_a_badge_whose_logo_sits_on_the_slot(spec_copy: Any, tmp_path) -> None:
    spec_copy.edit(
        "{type: logo, name: logo, logo: emblem, x: 22.5mm, y: 8.2mm, w: 9mm, h: 9mm}",
        "{type: logo, name: logo, logo: emblem, x: 21.5mm, y: 3mm, w: 11mm, h: 11mm}",
    )
    with pytest.raises(BrandkitError) as caught:
        build(Options(spec=spec_copy.path, out=tmp_path / "out", jobs=1, units=("phuong-tay-ho",)))
    assert "slot 1 of the die line" in str(caught.value)
    assert not (tmp_path / "out" / "phuong-tay-ho").exists()
