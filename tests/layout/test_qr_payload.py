"""A QR payload too long for the largest QR code is a located error, in layout and `validate`."""

from __future__ import annotations

import pytest

from brandkit.build import staff_record
from brandkit.data.staff import Staff
from brandkit.errors import FitError
from brandkit.fonts import load_fonts
from brandkit.layout.qr import MAX_VERSION, QrDataError, qr_modules
from brandkit.layout.template import Layout, layout_page, make_inks
from tests.cli.conftest import invoke
from tests.conftest import SAMPLE_SPEC


@pytest.mark.parametrize("ec", ["L", "M", "Q", "H"])
def test_too_long_data_names_the_largest_version(ec: str) -> None:
    with pytest.raises(QrDataError) as info:
        qr_modules("https://example.vn/" + "a" * 8000, ec)
    message = str(info.value)
    assert f"larger than version {MAX_VERSION}" in message
    assert f"error correction {ec}" in message
    assert "8,019 characters" in message


def test_empty_data_is_refused() -> None:
    with pytest.raises(QrDataError, match="empty"):
        qr_modules("")


def test_data_that_just_fits_is_encoded() -> None:
    modules, rects = qr_modules("a" * 1000, "L")
    assert modules <= 177 and rects


def test_a_link_too_long_names_the_row_and_the_element(sample_spec) -> None:
    spec = sample_spec.spec
    layout = Layout("badge", spec.templates["badge"], make_inks(spec), load_fonts(sample_spec))
    unit = next(u for u in spec.units if u.id == "phuong-tay-ho")
    person = Staff("X" * 4000, "An", "Chuyên viên", unit.id, None, "staff.csv", 12)
    with pytest.raises(FitError) as info:
        layout_page(layout, staff_record(person, unit, spec))
    [problem] = [p for p in info.value.problems if p.field == "qr"]
    assert (problem.file, problem.line) == ("staff.csv", 12)
    assert f"needs a QR code larger than version {MAX_VERSION}" in problem.message
    assert "the link 'https://dichvucong.hanoi.gov.vn/cb/XXX" in problem.message


def test_validate_reports_a_link_too_long_with_its_row(write_staff) -> None:
    staff = write_staff(
        "staff.csv",
        [
            ("X1", "Lê Văn Tám", "Chuyên viên", "phuong-tay-ho"),
            ("Y" * 4000, "Lê Văn Năm", "Chuyên viên", "phuong-tay-ho"),
        ],
    )
    result = invoke("--spec", SAMPLE_SPEC, "validate", "--staff", staff)
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.stderr.splitlines() if "QR code larger than version" in ln]
    assert lines, result.stderr
    assert all(":3: qr: " in line and "staff.csv" in line for line in lines), lines
