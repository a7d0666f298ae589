"""check on how texts and QR codes are set: a QR code's quiet zone of 4 modules, a text set
in its short form, a text that fits only broken inside a word, an empty title."""

from __future__ import annotations

from typing import Any

from brandkit.check import Finding
from brandkit.spec.load import SpecFile
from brandkit.units import to_mm
from tests.test_check import rect, run_rules, text

PORTAL = "https://dichvucong.hanoi.gov.vn/cb/CB00001"


def qr(x: float, y: float, size: float = 20, **extra: Any) -> dict:
    return {
        "type": "qr", "name": "code", "data": PORTAL, "x": f"{x}mm", "y": f"{y}mm",
        "size": f"{size}mm", "colour": "primary", **extra,
    }  # fmt: skip


def zone_findings(report: Any) -> list[Finding]:
    return [f for f in report.findings if f.rule == "qr_quiet_zone"]


def module_mm(size_mm: float) -> float:
    from brandkit.layout.qr import qr_modules

    modules, _ = qr_modules(PORTAL)
    return size_mm / modules


def test_a_text_clear_of_the_quiet_zone_passes(sample_spec: SpecFile) -> None:
    quiet = 4 * module_mm(20)
    # The text's box ends above the zone: its glyphs cannot reach it.
    report = run_rules(sample_spec, [text(5, 5, 80, 8), qr(40, 13 + quiet + 0.2)])
    [finding] = zone_findings(report)
    assert finding.ok, finding.message


def test_a_text_whose_descenders_reach_into_the_zone_fails(sample_spec: SpecFile) -> None:
    quiet = 4 * module_mm(20)
    above = text(5, 5, 80, 8, valign="bottom", align="center")
    report = run_rules(sample_spec, [above, qr(40, 13 + quiet / 2)])
    [finding] = zone_findings(report)
    assert not finding.ok
    assert finding.element == "code" and "probe_text" in finding.message
    assert f"{4 * module_mm(20):.1f} mm" in finding.message


def test_the_ground_must_cover_the_zone_and_be_light(sample_spec: SpecFile) -> None:
    quiet = 4 * module_mm(20)
    tight_tile = rect(40 - quiet / 2, 30 - quiet / 2, 20 + quiet, 20 + quiet, "paper")
    wide_tile = rect(40 - quiet - 1, 30 - quiet - 1, 22 + 2 * quiet, 22 + 2 * quiet, "paper")
    dark = rect(0, 0, 100, 60, "primary")
    tight = run_rules(sample_spec, [dark, tight_tile, qr(40, 30)])
    wide = run_rules(sample_spec, [dark, wide_tile, qr(40, 30)])
    on_dark = run_rules(sample_spec, [dark, qr(40, 30)])
    assert [f.ok for f in zone_findings(tight)] == [False]
    assert "(the ground)" in zone_findings(tight)[0].message
    assert [f.ok for f in zone_findings(wide)] == [True]
    assert [f.ok for f in zone_findings(on_dark)] == [False]


def test_elements_never_drawn_together_do_not_collide(sample_spec: SpecFile) -> None:
    photo = {
        "type": "image", "name": "photo", "source": "{unit.id}.jpg", "x": "45mm", "y": "30mm",
        "w": "20mm", "h": "20mm", "when": "unit.address",
    }  # fmt: skip
    report = run_rules(sample_spec, [photo, qr(40, 30, unless="unit.address")])
    assert [f.ok for f in zone_findings(report)] == [True]


def test_the_sample_keeps_every_quiet_zone(sample_spec: SpecFile) -> None:
    from brandkit.build import Options, check

    options = Options(
        spec=sample_spec.path, out=sample_spec.path.parent / "unused",
        units=("trung-tam", "chi-nhanh-03", "phuong-van-mieu-quoc-tu-giam"),
    )  # fmt: skip
    report, _ = check(options)
    zones = [f for f in report.findings if f.rule == "qr_quiet_zone"]
    assert zones and all(f.ok for f in zones), [f.message for f in zones if not f.ok]
    assert {f.template for f in zones} >= {"badge", "kiosk_idle", "poster", "procedure_board"}


def test_a_text_set_in_its_short_form_is_reported(sample_spec: SpecFile) -> None:
    long = text(5, 5, 30, 6, size="10pt", short="{unit.kind}")
    report = run_rules(sample_spec, [long], units=("phuong-van-mieu-quoc-tu-giam",))
    [finding] = [f for f in report.findings if f.rule == "short_form"]
    assert finding.warning and not finding.ok
    assert "'ward'" in finding.message
    roomy = text(5, 5, 90, 6, size="10pt", short="{unit.kind}")
    report = run_rules(sample_spec, [roomy], units=("phuong-van-mieu-quoc-tu-giam",))
    assert not [f for f in report.findings if f.rule == "short_form" and not f.ok]


def test_a_text_that_fits_only_broken_inside_a_word_is_warned(sample_spec: SpecFile) -> None:
    from brandkit.fonts import load_fonts

    font = load_fonts(sample_spec)["body"]
    word = "Ủy ban nhân dân"  # one word of four syllables
    half = to_mm(font.width("Ủy ban nhân", 9)) + 0.5  # more than half, less than the whole
    assert half < to_mm(font.width(word, 9))
    narrow = text(5, 5, half, 20, size="9pt", min_size="9pt", text=word)
    report = run_rules(sample_spec, [narrow], units=("phuong-tay-ho",))
    words = [f for f in report.findings if f.rule == "words"]
    fitted = [f for f in report.findings if f.rule == "fit"]
    assert fitted and all(f.ok for f in fitted)
    assert len(words) == 1 and words[0].warning
    assert f"{word!r}" in words[0].message
    wide = text(5, 5, 60, 20, size="9pt", min_size="9pt", text=word)
    report = run_rules(sample_spec, [wide], units=("phuong-tay-ho",))
    assert not [f for f in report.findings if f.rule == "words" and not f.ok]


def _staff_rules(sample_spec: SpecFile, titles: list[str]) -> Any:

    from brandkit.build.records import staff_record
    from brandkit.check import check_layouts
    from brandkit.data.staff import Staff
    from brandkit.fonts import load_fonts
    from brandkit.layout.template import layouts_for, make_inks
    from tests.test_check import template

    unit = next(u for u in sample_spec.spec.units if u.id == "phuong-tay-ho")
    people = [
        Staff(f"CB{i:05d}", f"Lê Văn {chr(65 + i)}", title, unit.id, None, "ds.xlsx", i + 2)
        for i, title in enumerate(titles)
    ]
    element = text(5, 5, 30, 9, size="8pt", min_size="6pt", text="{staff.title}")
    tpl = template([element], repeat="staff")
    layouts = layouts_for("probe", tpl, make_inks(sample_spec.spec), load_fonts(sample_spec))
    records = tuple(staff_record(p, unit, sample_spec.spec) for p in people)
    return check_layouts(sample_spec, layouts, [(key, unit.id, records) for key in layouts])


def test_an_empty_title_is_flagged_with_its_row(sample_spec: SpecFile) -> None:
    report = _staff_rules(sample_spec, ["Chuyên viên", ""])
    [empty] = [f for f in report.findings if f.rule == "empty"]
    assert empty.warning and (empty.file, empty.line) == ("ds.xlsx", 3)
    assert "Lê Văn B (CB00001) has no title" in empty.message


def test_colleagues_share_one_title_size_and_those_who_shrink_are_named(
    sample_spec: SpecFile,
) -> None:
    long = "Công chức Văn hóa – Xã hội kiêm tiếp nhận và trả kết quả"
    report = _staff_rules(sample_spec, ["Chuyên viên", "Công chức Tư pháp", long])
    [sizes] = [f for f in report.findings if f.rule == "fit" and f.element == "probe_text"]
    assert sizes.ok
    assert sizes.message.startswith("8 pt for 2 of 3; smaller only where it must: Lê Văn C")
    report = _staff_rules(sample_spec, ["Chuyên viên", "Công chức Tư pháp"])
    assert not [f for f in report.findings if f.rule == "fit" and f.element == "probe_text"]
