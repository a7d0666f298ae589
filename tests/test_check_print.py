"""The print-technique rules of `brandkit check`: small type and hairlines in one solid ink,
type knocked out of several inks only when big or bold enough, and QR modules of 0.33 mm.

Templates are built here against the sample's colours and fonts; the QR module count is read
from zxing-cpp directly, not from brandkit's QR layout.
"""

from __future__ import annotations

from typing import Any

import pytest
import zxingcpp

from brandkit.build import Options, check
from brandkit.check import ENFORCED, Finding, plates
from brandkit.spec.load import SpecFile
from tests.conftest import SAMPLE_SPEC
from tests.test_check import rect, run_rules, text

URL = "https://dichvucong.hanoi.gov.vn/p/home/dvc-trang-chu.html"


def qr(size_mm: float, **extra: Any) -> dict[str, Any]:
    return {
        "type": "qr", "name": "probe_qr", "data": URL, "x": "60mm", "y": "5mm",
        "size": f"{size_mm}mm", "colour": "text", **extra,
    }  # fmt: skip


def modules(data: str) -> int:
    """The symbol's width in modules, without its quiet zone (error correction M)."""
    symbol = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    return symbol.to_image(scale=1, add_quiet_zones=False).shape[0]


def findings(report, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]


def test_the_sample_colours_count_their_plates(sample_spec: SpecFile) -> None:
    colours = sample_spec.spec.colours
    assert plates(colours["text"]) == (1, True) and colours["text"].overprint
    assert plates(colours["ink"]) == (1, False)  # 88 % K: a screened tint
    assert plates(colours["primary"]) == (3, False)
    assert plates(colours["paper"]) == (0, True)
    assert plates(colours["dieline"]) == (1, True)  # a spot: one plate


def test_small_white_text_knocked_out_of_blue_is_a_named_warning(sample_spec) -> None:
    elements = [rect(0, 0, 100, 60, "primary"), text(colour="paper", size="8pt")]
    report = run_rules(sample_spec, elements)
    (finding,) = findings(report, "print_inks")
    assert not finding.ok and finding.warning
    assert (finding.template, finding.element, finding.unit) == ("probe", "probe_text",
                                                                 "phuong-tay-ho")  # fmt: skip
    assert "knocked out of primary" in finding.message and "8 pt" in finding.message
    assert finding.line is not None
    assert report.ok  # a warning fails nothing


@pytest.mark.parametrize(
    ("colour", "size", "font", "warned"),
    [
        ("text", "8pt", "body", False),  # one solid ink
        ("ink", "8pt", "body", True),  # a tint of K
        ("primary", "10pt", "body", True),  # three inks
        ("primary", "12pt", "body", False),  # not small
        ("paper", "11pt", "body", False),  # knocked out of paper: nothing to register
    ],
)
def test_small_text_on_a_light_ground(sample_spec, colour, size, font, warned) -> None:
    report = run_rules(sample_spec, [text(colour=colour, size=size, font=font)])
    assert [f.warning for f in findings(report, "print_inks") if not f.ok] == [True] * warned


@pytest.mark.parametrize(
    ("size", "font", "warned"),
    [("11pt", "body", True), ("12pt", "body", False), ("8pt", "strong", True),
     ("9pt", "strong", False)],
)  # fmt: skip
def test_reversed_type_needs_12_pt_or_9_pt_bold(sample_spec, size, font, warned) -> None:
    elements = [rect(0, 0, 100, 60, "accent"), text(colour="paper", size=size, font=font)]
    found = findings(run_rules(sample_spec, elements), "print_inks")
    assert [f.warning for f in found if not f.ok] == [True] * warned


def test_white_on_a_one_ink_fill_is_not_warned(sample_spec) -> None:
    elements = [rect(0, 0, 100, 60, "black"), text(colour="paper", size="7pt")]
    (finding,) = findings(run_rules(sample_spec, elements), "print_inks")
    assert finding.ok


@pytest.mark.parametrize(
    ("colour", "width", "warned"),
    [("muted", "0.6pt", True), ("ink", "0.5pt", True), ("text", "0.5pt", False),
     ("muted", "1pt", False)],
)  # fmt: skip
def test_hairlines(sample_spec, colour, width, warned) -> None:
    line = {"type": "line", "name": "rule", "x": "5mm", "y": "50mm", "x2": "95mm", "y2": "50mm",
            "colour": colour, "width": width}  # fmt: skip
    report = run_rules(sample_spec, [line])
    found = findings(report, "print_inks")
    assert [f.warning for f in found] == ([True] if warned else [False] * len(found))


def test_a_thin_filled_rect_is_a_hairline(sample_spec) -> None:
    report = run_rules(sample_spec, [rect(5, 50, 90, 0.2, "muted", name="thin")])
    (finding,) = findings(report, "print_inks")
    assert finding.warning and finding.element == "thin"


def test_a_qr_code_with_025_mm_modules_fails_and_names_its_element(sample_spec) -> None:
    count = modules(URL)
    report = run_rules(sample_spec, [qr(round(count * 0.25, 3))])
    (finding,) = findings(report, "qr_modules")
    assert not finding.ok and not finding.warning
    assert finding.element == "probe_qr" and finding.value == pytest.approx(0.25, abs=1e-3)
    assert f"{count * 0.33:.1f} mm" in finding.message  # the size that would do
    assert not report.ok and "qr_modules" in ENFORCED


def test_a_qr_code_with_033_mm_modules_passes(sample_spec) -> None:
    report = run_rules(sample_spec, [qr(round(modules(URL) * 0.331, 3))])
    (finding,) = findings(report, "qr_modules")
    assert finding.ok


def test_qr_codes_on_screens_are_not_held_to_print_modules(sample_spec) -> None:
    report = run_rules(sample_spec, [qr(5)], medium="screen", bleed="0mm")
    assert findings(report, "qr_modules") == []


def test_the_constructed_badge_problem_together(sample_spec) -> None:
    """8 pt white on a CMYK blue fill and a QR code of 0.25 mm modules: both reported."""
    count = modules(URL)
    elements = [rect(0, 0, 100, 60, "primary"), text(colour="paper", size="8pt"),
                qr(round(count * 0.25, 3))]  # fmt: skip
    report = run_rules(sample_spec, elements)
    assert [f.element for f in report.warnings] == ["probe_text"]
    assert [f.element for f in report.failures if f.rule == "qr_modules"] == ["probe_qr"]


def test_the_sample_passes_with_warnings_only_on_others_elements(tmp_path) -> None:
    report, _ = check(Options(spec=SAMPLE_SPEC, out=tmp_path, quiet=True))
    assert report.ok, [f.message for f in report.failures]
    qr_findings = [f for f in report.findings if f.rule == "qr_modules"]
    assert qr_findings and all(f.ok for f in qr_findings)
    handout = [f for f in qr_findings if f.template == "procedure_handout"]
    assert handout and all(f.value is not None and f.value >= 0.33 for f in handout)
    # What the sample's own small print and hairlines use passes: envelope address lines,
    # the handout's legend, page number, contact and table cells and rules.
    passing = {(f.template, f.element) for f in report.findings if f.rule == "print_inks" and f.ok}
    for element in ("address", "contact", "to", "to_line_1"):
        assert ("envelope", element) in passing
    for element in ("legend", "page", "contact", "procedures cells", "procedures rules"):
        assert ("procedure_handout", element) in passing
    assert ("procedure_board", "procedures rules") in passing
    assert ("folder", "address") in passing  # reversed, bold: it holds at 9 pt
    assert not [f for f in report.warnings if f.template in ("folder", "door_sign", "poster")]
