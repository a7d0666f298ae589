"""Unit tests of the brand rules in `brandkit/check.py`.

Colour maths against WCAG 2 values computed here from the standard's own formula; what lies
under a text (`backgrounds`); which contrast limit a text is held to (large text: 18 pt, or
14 pt bold by the font's OS/2 weight); cap height against viewing distance, with the expected
millimetres computed independently from the font file with fontTools; and `rules:` in the
spec moving every limit.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont

from brandkit.build import Options, check, unit_record
from brandkit.check import (
    ENFORCED,
    RULES,
    CheckReport,
    Finding,
    backgrounds,
    check_layouts,
    contrast_ratio,
    format_report,
    luminance,
    rule_problems,
)
from brandkit.fonts import font_paths, load_fonts
from brandkit.layout.template import Layout, layouts_for, make_inks
from brandkit.spec.load import SpecFile
from brandkit.spec.model import Colour, FontSpec, Rules, Template

MM_PER_PT = 25.4 / 72
DEFAULT_CAP_PER_M = 8.33  # mm of cap height per metre of viewing distance (25 mm at 3 m)

# ---------------------------------------------------------------------------------------------
# An independent WCAG 2.0 implementation (the 0.03928 threshold of the 2.0 text; for 8-bit
# channels it agrees with sRGB's 0.04045).


def wcag_luminance(hex_colour: str) -> float:
    def linear(byte: int) -> float:
        c = byte / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = bytes.fromhex(hex_colour.lstrip("#"))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def wcag_ratio(a: str, b: str) -> float:
    la, lb = sorted((wcag_luminance(a), wcag_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


SAMPLE_HEX = {
    "primary": "#0B4A8B",
    "accent": "#D42A2C",
    "gold": "#F6C443",
    "ink": "#3A3A3A",
    "muted": "#D6DCE6",
    "paper": "#FFFFFF",
}


# ---------------------------------------------------------------------------------------------
# Helpers: templates built in the test against the sample's colours and fonts


@pytest.fixture(scope="module")
def kit(sample_spec: SpecFile) -> tuple[dict[str, Any], dict[str, Any]]:
    return make_inks(sample_spec.spec), load_fonts(sample_spec)


def template(elements: list[dict[str, Any]], **fields: Any) -> Template:
    data: dict[str, Any] = {"asset": "door_sign", "repeat": "unit", "bleed": "3mm"}
    if "sizes" not in fields:
        data["size"] = {"width": "100mm", "height": "60mm"}
    data.update(fields)
    return Template.model_validate({**data, "elements": elements})


def layout(kit, elements: list[dict[str, Any]], **fields: Any) -> Layout:
    inks, fonts = kit
    return Layout("probe", template(elements, **fields), inks, fonts)


def rect(x: float, y: float, w: float, h: float, fill: str = "primary", **extra: Any) -> dict:
    return {
        "type": "rect", "x": f"{x}mm", "y": f"{y}mm", "w": f"{w}mm", "h": f"{h}mm",
        "fill": fill, **extra,
    }  # fmt: skip


def text(
    x: float = 20, y: float = 20, w: float = 40, h: float = 10, *, colour: str = "ink",
    font: str = "body", size: str = "10pt", **extra: Any,
) -> dict:  # fmt: skip
    return {
        "type": "text", "name": "probe_text", "text": "{unit.name}", "x": f"{x}mm",
        "y": f"{y}mm", "w": f"{w}mm", "h": f"{h}mm", "font": font, "size": size,
        "colour": colour, **extra,
    }  # fmt: skip


def with_spec(spec_file: SpecFile, **update: Any) -> SpecFile:
    """`spec_file` with parts of its spec replaced (rules, colours, fonts)."""
    return dataclasses.replace(spec_file, spec=spec_file.spec.model_copy(update=update))


def run_rules(
    spec_file: SpecFile,
    elements: list[dict[str, Any]],
    units: tuple[str, ...] = ("phuong-tay-ho",),
    **fields: Any,
) -> CheckReport:
    """`check_layouts` over a template made of `elements`, for the unit records of `units`."""
    tpl = template(elements, **fields)
    layouts = layouts_for("probe", tpl, make_inks(spec_file.spec), load_fonts(spec_file))
    records = {u.id: (unit_record(spec_file, u),) for u in spec_file.spec.units if u.id in units}
    work = [(key, unit, records[unit]) for key in layouts for unit in units]
    return check_layouts(spec_file, layouts, work)


def only(report: CheckReport, rule: str) -> Finding:
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, found
    return found[0]


def cap_height_em(font_file: Path) -> float:
    """OS/2 sCapHeight / unitsPerEm, read independently of brandkit.fonts."""
    font = TTFont(str(font_file), lazy=True)
    return font["OS/2"].sCapHeight / font["head"].unitsPerEm


# ---------------------------------------------------------------------------------------------
# Colour


def test_white_on_black_is_21_and_a_colour_on_itself_is_1() -> None:
    assert luminance("#FFFFFF") == pytest.approx(1.0)
    assert luminance("#000000") == 0.0
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    for hex_colour in ("#000000", "#777777", "#0B4A8B", "#FFFFFF", "#F6C443"):
        assert contrast_ratio(hex_colour, hex_colour) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("a", "b", "known"),
    [
        ("#777777", "#FFFFFF", 4.48),  # the classic "just fails AA" grey
        ("#767676", "#FFFFFF", 4.54),  # the lightest grey that passes AA on white
        ("#595959", "#FFFFFF", 7.00),  # AAA on white
        ("#FF0000", "#FFFFFF", 4.00),
        ("#0000FF", "#FFFFFF", 8.59),
        ("#00FF00", "#000000", 15.30),
    ],
)
def test_known_wcag_ratios(a: str, b: str, known: float) -> None:
    ratio = contrast_ratio(a, b)
    assert round(ratio, 2) == pytest.approx(known, abs=0.01)
    assert ratio == pytest.approx(wcag_ratio(a, b), rel=1e-9)


@pytest.mark.parametrize(
    ("text_colour", "ground", "shown"),
    [
        ("paper", "primary", 8.87),
        ("gold", "primary", 5.45),
        ("accent", "paper", 5.04),
        ("ink", "paper", 11.37),
    ],
)
def test_the_sample_pairs_match_the_wcag_formula(text_colour, ground, shown) -> None:
    a, b = SAMPLE_HEX[text_colour], SAMPLE_HEX[ground]
    assert contrast_ratio(a, b) == pytest.approx(wcag_ratio(a, b), rel=1e-9)
    assert round(contrast_ratio(a, b), 2) == shown


def test_luminance_matches_the_formula_and_ignores_hex_case() -> None:
    rng = random.Random(20240611)
    for _ in range(300):
        hex_colour = f"#{rng.randrange(1 << 24):06X}"
        assert luminance(hex_colour) == pytest.approx(wcag_luminance(hex_colour), abs=1e-12)
        assert luminance(hex_colour.lower()) == luminance(hex_colour)
        assert 0.0 <= luminance(hex_colour) <= 1.0


def test_contrast_is_symmetric_and_between_1_and_21() -> None:
    rng = random.Random(7)
    for _ in range(300):
        a, b = (f"#{rng.randrange(1 << 24):06X}" for _ in range(2))
        assert contrast_ratio(a, b) == pytest.approx(contrast_ratio(b, a), rel=1e-12)
        assert 1.0 <= contrast_ratio(a, b) <= 21.0 + 1e-9
        assert contrast_ratio(a, b) == pytest.approx(wcag_ratio(a, b), rel=1e-9)


# ---------------------------------------------------------------------------------------------
# backgrounds()


def test_a_fully_covering_rect_is_the_only_background(kit, sample_spec) -> None:
    lay = layout(kit, [rect(0, 0, 100, 60), text()])
    assert backgrounds(sample_spec.spec, lay, 1) == ["primary"]


def test_a_partly_covering_rect_leaves_the_paper_showing(kit, sample_spec) -> None:
    lay = layout(kit, [rect(0, 0, 30, 60), text()])  # text runs 20–60 mm; rect ends at 30
    assert backgrounds(sample_spec.spec, lay, 1) == ["primary", ""]


def test_backgrounds_are_listed_top_first_down_to_the_first_full_cover(kit, sample_spec) -> None:
    elements = [
        rect(0, 0, 100, 60, "muted"),  # hidden under the full cover above it: never reached
        rect(0, 0, 100, 60, "primary"),
        rect(0, 0, 25, 60, "accent"),  # partial, drawn last: on top
        text(),
    ]
    assert backgrounds(sample_spec.spec, layout(kit, elements), 3) == ["accent", "primary"]


def test_a_colour_is_listed_once(kit, sample_spec) -> None:
    elements = [rect(0, 0, 30, 60, "accent"), rect(50, 0, 50, 60, "accent"), text()]
    assert backgrounds(sample_spec.spec, layout(kit, elements), 2) == ["accent", ""]


def test_only_elements_drawn_before_the_text_and_overlapping_it_count(kit, sample_spec) -> None:
    elements = [
        rect(70, 40, 30, 20, "accent"),  # elsewhere on the page
        rect(0, 0, 20, 60, "gold"),  # ends exactly where the text starts: touching, no overlap
        text(),
        rect(0, 0, 100, 60, "primary"),  # drawn after (above) the text
    ]
    assert backgrounds(sample_spec.spec, layout(kit, elements), 2) == [""]


def test_a_technical_colour_is_never_a_background(kit, sample_spec) -> None:
    assert sample_spec.spec.colours["dieline"].technical
    elements = [
        rect(0, 0, 100, 60, "dieline"),
        {"type": "path", "d": "M 0 0 H 100 V 60 H 0 Z", "fill": "dieline"},
        text(),
    ]
    assert backgrounds(sample_spec.spec, layout(kit, elements), 2) == [""]
    # ... and it does not hide what lies below it either.
    elements.insert(0, rect(0, 0, 100, 60, "primary"))
    assert backgrounds(sample_spec.spec, layout(kit, elements), 3) == ["primary"]


def test_rects_without_fill_and_lines_are_not_backgrounds(kit, sample_spec) -> None:
    elements = [
        {**rect(0, 0, 100, 60), "fill": None, "stroke": "primary"},
        {"type": "line", "x": "0mm", "y": "25mm", "x2": "100mm", "y2": "25mm", "colour": "accent"},
        text(),
    ]
    assert backgrounds(sample_spec.spec, layout(kit, elements), 2) == [""]


@pytest.mark.parametrize("condition", [{"when": "unit.address"}, {"unless": "unit.address"}])
def test_a_conditional_cover_does_not_stop_the_search(kit, sample_spec, condition) -> None:
    lay = layout(kit, [rect(0, 0, 100, 60, "accent", **condition), text()])
    assert backgrounds(sample_spec.spec, lay, 1) == ["accent", ""]
    lay = layout(kit, [rect(0, 0, 100, 60), rect(0, 0, 100, 60, "accent", **condition), text()])
    assert backgrounds(sample_spec.spec, lay, 2) == ["accent", "primary"]


def test_a_covering_path_counts_but_never_stops_the_search(kit, sample_spec) -> None:
    path = {"type": "path", "d": "M 0 0 H 100 V 60 H 0 Z", "fill": "primary"}
    assert backgrounds(sample_spec.spec, layout(kit, [path, text()]), 1) == ["primary", ""]


def test_anchored_text_is_measured_from_its_corner(kit, sample_spec) -> None:
    # 20 × 10 mm, 5 mm from the bottom-right corner of 100 × 60 mm: 75–95 by 45–55 mm.
    corner_text = text(5, 5, 20, 10, anchor="bottom-right")
    top_left = rect(0, 0, 30, 20, "accent")  # holds (5, 5) but not the anchored text
    bottom_right = rect(70, 40, 30, 20, "primary")  # covers it
    lay = layout(kit, [top_left, corner_text])
    assert backgrounds(sample_spec.spec, lay, 1) == [""]
    lay = layout(kit, [top_left, bottom_right, corner_text])
    assert backgrounds(sample_spec.spec, lay, 2) == ["primary"]
    # A covering rect that is itself anchored at the other corner.
    anchored_rect = rect(0, 0, 30, 20, "gold", anchor="bottom-right")
    assert backgrounds(sample_spec.spec, layout(kit, [anchored_rect, corner_text]), 1) == ["gold"]


def test_anchors_on_a_template_with_named_sizes(kit, sample_spec) -> None:
    sizes = {"S": {"width": "100mm", "height": "60mm"}, "L": {"width": "200mm", "height": "60mm"}}
    elements = [rect(0, 0, 100, 60, "primary"), text(5, 5, 20, 10, anchor="bottom-right")]
    inks, fonts = kit
    layouts = layouts_for("probe", template(elements, sizes=sizes), inks, fonts)
    assert backgrounds(sample_spec.spec, layouts["probe@S"], 1) == ["primary"]
    assert backgrounds(sample_spec.spec, layouts["probe@L"], 1) == [""]  # text at 175–195 mm


def test_tent_faces(kit, sample_spec) -> None:
    elements = [rect(0, 0, 100, 20, "primary"), text(10, 5, 80, 10), text(10, 30, 80, 10)]
    lay = layout(kit, elements, tent=True)
    assert backgrounds(sample_spec.spec, lay, 1) == ["primary"]
    assert backgrounds(sample_spec.spec, lay, 2) == [""]


@pytest.mark.parametrize(
    ("template_name", "element", "expected"),
    [
        ("signboard", "unit_parent", ["primary"]),
        ("door_sign", "unit_name", ["primary"]),
        ("door_sign", "purpose", [""]),
        ("counter_sign_desk", "number", ["primary"]),
        ("desk_plate", "unit_name", ["primary"]),
        ("desk_plate", "name", [""]),
        ("folder", "unit_parent", ["primary"]),
        ("badge", "unit", [""]),  # the unit's lines are set on the white card
        ("badge", "name", [""]),
    ],
)
def test_sample_backgrounds(kit, sample_spec, template_name, element, expected) -> None:
    inks, fonts = kit
    tpl = sample_spec.spec.templates[template_name]
    lay = Layout(template_name, tpl, inks, fonts)
    index = next(i for i, e in enumerate(tpl.elements) if e.name == element)
    assert backgrounds(sample_spec.spec, lay, index) == expected


def test_sample_envelope_return_address_and_corner_text(kit, sample_spec) -> None:
    inks, fonts = kit
    tpl = sample_spec.spec.templates["envelope"]
    names = [e.name for e in tpl.elements]
    for key, lay in layouts_for("envelope", tpl, inks, fonts).items():
        for name in ("unit_parent", "unit_name", "address", "contact"):
            assert backgrounds(sample_spec.spec, lay, names.index(name)) == [""], (key, name)
        if lay.size_name != "DL":  # "Kính gửi:" sits in the bottom-right corner
            assert backgrounds(sample_spec.spec, lay, names.index("to")) == [""], key


def test_a_rect_limited_to_another_size_is_not_a_background(kit, sample_spec) -> None:
    sizes = {"A": {"width": "100mm", "height": "60mm"}, "B": {"width": "100mm", "height": "60mm"}}
    elements = [rect(0, 0, 100, 60, "primary", sizes=["B"]), text(colour="paper")]
    inks, fonts = kit
    layouts = layouts_for("probe", template(elements, sizes=sizes), inks, fonts)
    assert backgrounds(sample_spec.spec, layouts["probe@B"], 1) == ["primary"]
    assert backgrounds(sample_spec.spec, layouts["probe@A"], 1) == [""]


def test_white_text_on_a_size_without_its_panel_fails_contrast(sample_spec) -> None:
    sizes = {"A": {"width": "100mm", "height": "60mm"}, "B": {"width": "100mm", "height": "60mm"}}
    elements = [rect(0, 0, 100, 60, "primary", sizes=["B"]), text(colour="paper")]
    report = run_rules(sample_spec, elements, sizes=sizes)
    by_size = {f.size: f for f in report.findings if f.rule == "contrast"}
    assert by_size["B"].ok and by_size["B"].value == 8.87
    assert not by_size["A"].ok and by_size["A"].value == 1.0  # white on white paper


# ---------------------------------------------------------------------------------------------
# Contrast: large text and the limits


GREY = Colour(cmyk=(0, 0, 0, 53), hex="#777777")  # 4.48:1 on white: large text only


@pytest.fixture(scope="module")
def grey_spec(sample_spec: SpecFile) -> SpecFile:
    fonts = {
        **sample_spec.spec.fonts,
        "medium": FontSpec(roboto="Medium"),
        "black": FontSpec(roboto="Black"),
    }
    return with_spec(sample_spec, colours={**sample_spec.spec.colours, "grey": GREY}, fonts=fonts)


def test_font_weight_comes_from_the_os2_table(grey_spec) -> None:
    fonts = load_fonts(grey_spec)
    for role, path in font_paths(grey_spec).items():
        weight = TTFont(str(path), lazy=True)["OS/2"].usWeightClass
        assert fonts[role].weight == weight, role
    assert {r: fonts[r].weight for r in ("heading", "strong", "body", "medium", "black")} == {
        "heading": 700, "strong": 700, "body": 400, "medium": 500, "black": 900,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("font", "size", "min_size", "large"),
    [
        ("body", "18pt", None, True),  # 18 pt regular: large
        ("body", "17.9pt", None, False),
        ("body", "0.25in", None, True),  # 18 pt, written in inches
        ("body", "30pt", "17pt", False),  # judged at its minimum size
        ("body", "30pt", "18pt", True),
        ("strong", "14pt", None, True),  # 14 pt bold: large
        ("heading", "14pt", None, True),
        ("strong", "13.9pt", None, False),
        ("strong", "20pt", "12pt", False),
        ("medium", "14pt", None, False),  # weight 500 is not bold
        ("medium", "18pt", None, True),
        ("black", "14pt", None, True),  # 900 is bold
    ],
)
def test_large_text_rule(grey_spec, font, size, min_size, large) -> None:
    extra = {"min_size": min_size} if min_size else {}
    report = run_rules(
        grey_spec, [text(5, 5, 90, 50, colour="grey", font=font, size=size, **extra)]
    )
    finding = only(report, "contrast")
    assert finding.value == 4.48
    assert finding.limit == (3.0 if large else 4.5)
    assert finding.ok is large
    assert finding.element == "probe_text" and finding.template == "probe"
    assert ("large text" in finding.message) is large
    assert "grey on paper: 4.48:1" in finding.message


def test_the_worst_background_is_judged(grey_spec) -> None:
    # Gold text over a partial blue panel: 5.45:1 on blue, 1.66:1 on the paper beside it.
    report = run_rules(grey_spec, [rect(0, 0, 30, 60), text(colour="gold", size="30pt")])
    finding = only(report, "contrast")
    assert not finding.ok
    assert finding.value == pytest.approx(round(wcag_ratio("#F6C443", "#FFFFFF"), 2))
    assert "gold on paper" in finding.message


def test_contrast_is_not_checked_for_text_left_off_a_size(grey_spec) -> None:
    sizes = {"A": {"width": "100mm", "height": "60mm"}, "B": {"width": "100mm", "height": "60mm"}}
    report = run_rules(grey_spec, [text(colour="muted", sizes=["B"])], sizes=sizes)
    assert [(f.size, f.ok) for f in report.findings if f.rule == "contrast"] == [("B", False)]


@pytest.mark.parametrize(
    ("rules", "failing"),
    [
        ({}, set()),
        # 7:1 (AAA) for normal text: the folder's 10 pt gold authority line (5.45:1) fails,
        # the gold counter numbers (large, 3:1) still pass.
        ({"contrast": 7}, {"unit_parent", "pocket_left", "pocket_right"}),
        ({"contrast_large": 6}, {"number"}),
    ],
)
def test_rules_in_the_spec_move_the_contrast_limits(sample_spec, rules, failing) -> None:
    spec_file = with_spec(sample_spec, rules=Rules.model_validate(rules))
    inks, fonts = make_inks(spec_file.spec), load_fonts(spec_file)
    layouts: dict[str, Layout] = {}
    for name in ("folder", "counter_sign_hanging"):
        layouts.update(layouts_for(name, spec_file.spec.templates[name], inks, fonts))
    report = check_layouts(spec_file, layouts, [])
    contrast = [f for f in report.findings if f.rule == "contrast"]
    assert {f.element for f in contrast if not f.ok} == failing
    for f in contrast:
        large = "large text" in f.message
        assert f.limit == rules.get(
            "contrast_large" if large else "contrast", 3.0 if large else 4.5
        )
    assert report.ok is not failing


def test_rules_from_a_spec_file(spec_copy) -> None:
    spec_copy.edit("  contrast: 4.5\n", "  contrast: 7\n")
    report, _ = check(Options(spec=spec_copy.path, out=spec_copy.dir / "out", units=("trung-tam",)))
    failing = {(f.template, f.element) for f in report.failures}
    assert failing == {
        ("folder", "unit_parent"), ("folder", "pocket_left"), ("folder", "pocket_right"),
        ("procedure_handout", "unit_parent"), ("procedure_handout", "procedures headings"),
        ("procedure_handout", "procedures green mark"),
        ("procedure_board", "procedures green mark"),
        ("business_card_back", "hotline"),  # gold on blue: 5.45:1
    }  # fmt: skip
    authority = next(
        f for f in report.failures if f.element == "unit_parent" and f.template == "folder"
    )
    assert authority.value == 5.45 and authority.limit == 7.0
    assert authority.file == str(spec_copy.path)
    # Located at the element's `colour` key (a flow mapping: the element's own line).
    assert authority.line == spec_copy.line_of(
        'name: unit_parent, text: "{unit.hierarchy_parent}", '
        'short: "{unit.hierarchy_parent_short}", transform: upper, x: 254mm'
    )
    # The badge's back sets its hotline in blue on the white card now: it passes even at 7:1.
    assert not [f for f in report.failures if f.template == "badge_back"]


# ---------------------------------------------------------------------------------------------
# Letter height


def test_cap_height_is_computed_from_the_font_file(sample_spec) -> None:
    report, _ = check(
        Options(spec=Path(sample_spec.path), out=Path("unused"), units=("trung-tam",))
    )
    heights = {(f.template, f.element): f for f in report.findings if f.rule == "letter_height"}
    paths = font_paths(sample_spec)
    bold, regular = cap_height_em(paths["heading"]), cap_height_em(paths["body"])
    assert paths["heading"].name == "Roboto-Bold.ttf"
    # Static texts that fit at their full size on every door sign: 96 pt bold, read from the
    # template's 2 m; 40 pt regular and 44 pt bold, read from their own 1 m.
    for element, em, size_pt, metres in (
        ("purpose", bold, 96, 2.0), ("hours", regular, 40, 1.0), ("hotline", bold, 44, 1.0),
    ):  # fmt: skip
        finding = heights[("door_sign", element)]
        expected_mm = em * size_pt * MM_PER_PT
        assert finding.value == pytest.approx(round(expected_mm, 2), abs=0.006), element
        assert finding.limit == pytest.approx(round(metres * DEFAULT_CAP_PER_M, 2)), element
        assert finding.ok
        assert f"at {size_pt} pt" in finding.message
        assert f"read from {metres:g} m it needs {metres * DEFAULT_CAP_PER_M:.1f} mm" in (
            finding.message
        )
    assert heights[("door_sign", "purpose")].value == pytest.approx(24.08, abs=0.01)


def test_letter_height_uses_the_smallest_size_over_every_record(sample_spec) -> None:
    from brandkit.build import counter_records
    from brandkit.layout.template import set_text

    units = ("chi-nhanh-03", "trung-tam", "phuong-tay-ho")
    options = Options(spec=Path(sample_spec.path), out=Path("unused"), units=units)
    report, _ = check(options, ("counter_sign",))
    finding = next(
        f
        for f in report.findings
        if f.rule == "letter_height"
        and f.template == "counter_sign_hanging"
        and f.element == "counter_name"
    )
    inks, fonts = make_inks(sample_spec.spec), load_fonts(sample_spec)
    tpl = sample_spec.spec.templates["counter_sign_hanging"]
    lay = Layout("counter_sign_hanging", tpl, inks, fonts)
    element = next(e for e in tpl.elements if e.name == "counter_name")
    fitted: list[tuple[float, str, str]] = []
    for unit in sample_spec.spec.units:
        if unit.id in units:
            for record in counter_records(sample_spec, unit):
                result = set_text(lay, element, record, "counter_name")
                assert result is not None
                fitted.append((result[1].size, unit.id, record.who))
    sizes = {size for size, _, _ in fitted}
    assert len(sizes) > 1 and max(sizes) == 150  # long counter names shrink, short ones do not
    smallest, unit_id, who = min(fitted, key=lambda t: t[0])
    assert finding.unit == unit_id
    assert f"({who})" in finding.message
    assert f"at {smallest:g} pt" in finding.message
    em = cap_height_em(font_paths(sample_spec)["heading"])
    assert finding.value == pytest.approx(round(em * smallest * MM_PER_PT, 2))
    assert finding.limit == pytest.approx(3 * DEFAULT_CAP_PER_M)  # the template's 3 m


def test_an_elements_viewing_distance_wins_over_the_templates(sample_spec) -> None:
    report, _ = check(
        Options(spec=Path(sample_spec.path), out=Path("unused"), units=("phuong-tay-ho",)),
        ("door_sign",),
    )
    limits = {f.element: f.limit for f in report.findings if f.rule == "letter_height"}
    # purpose: the template's 2 m; the others say 1 m.
    assert limits == pytest.approx(
        {"unit_parent": 8.33, "unit_name": 8.33, "purpose": 16.66, "hours": 8.33, "hotline": 8.33}
    )


def test_no_viewing_distance_no_letter_height_finding(sample_spec) -> None:
    report = run_rules(sample_spec, [text(5, 5, 90, 50, size="30pt")])
    assert sorted(f.rule for f in report.findings) == ["contrast", "fit", "glyphs", "words"]
    report, _ = check(
        Options(spec=Path(sample_spec.path), out=Path("unused"), units=("chi-nhanh-03",)),
        ("envelope", "folder"),
    )
    assert not [f for f in report.findings if f.rule == "letter_height"]
    assert {f.rule for f in report.findings} == {
        "contrast", "fit", "glyphs", "print_inks", "words", "short_form"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("size", "min_size", "distance", "on", "ok"),
    [
        ("30pt", None, "2m", "template", False),  # 7.5 mm of cap height; 2 m needs 16.66 mm
        ("30pt", None, "0.9m", "element", True),  # 0.9 m needs 7.50 mm
        ("60pt", "30pt", "1.5m", "element", True),  # fits at 60 pt: judged at what it is set at
        ("30pt", None, "200cm", "element", False),
    ],
)
def test_letter_height_against_the_viewing_distance(
    sample_spec, size, min_size, distance, on, ok
) -> None:
    extra: dict[str, Any] = {"min_size": min_size} if min_size else {}
    fields: dict[str, Any] = {}
    if on == "element":
        extra["viewing_distance"] = distance
        fields["viewing_distance"] = "50m"  # the element's own distance wins
    else:
        fields["viewing_distance"] = distance
    probe = text(5, 5, 90, 50, size=size, **extra, text="HÀ NỘI")
    report = run_rules(sample_spec, [probe], **fields)
    finding = only(report, "letter_height")
    em = cap_height_em(font_paths(sample_spec)["body"])
    set_at = 60 if min_size else 30
    metres = {"2m": 2.0, "0.9m": 0.9, "1.5m": 1.5, "200cm": 2.0}[distance]
    assert finding.value == pytest.approx(round(em * set_at * MM_PER_PT, 2))
    assert finding.limit == pytest.approx(round(metres * DEFAULT_CAP_PER_M, 2))
    assert finding.ok is ok
    assert finding.unit == "phuong-tay-ho"


def test_rules_move_the_letter_height_limit(sample_spec) -> None:
    elements = [text(5, 5, 90, 50, size="30pt")]
    default = only(run_rules(sample_spec, elements, viewing_distance="0.9m"), "letter_height")
    assert default.ok
    strict = with_spec(sample_spec, rules=Rules.model_validate({"cap_height_per_m": "1cm"}))
    finding = only(run_rules(strict, elements, viewing_distance="0.9m"), "letter_height")
    assert not finding.ok
    assert finding.limit == pytest.approx(9.0)
    assert finding.value == default.value


def test_a_too_small_sign_text_in_the_spec_is_located_at_its_size(spec_copy) -> None:
    spec_copy.edit("size: 96pt, min_size: 68pt", "size: 30pt, min_size: 20pt")
    spec_copy.edit(
        "x: 30mm, y: 350mm, w: 540mm, h: 36mm, font: strong, size: 44pt, min_size: 34pt,",
        "x: 30mm, y: 350mm, w: 540mm, h: 36mm, font: strong, size: 20pt,",
    )
    report, _ = check(Options(spec=spec_copy.path, out=spec_copy.dir / "out", units=("trung-tam",)))
    failed = {f.element: f for f in report.failures}
    assert set(failed) == {"purpose", "hotline"}
    assert {f.rule for f in report.failures} == {"letter_height"}
    em = cap_height_em(font_paths(load_spec_file(spec_copy.path))["heading"])
    purpose = failed["purpose"]
    assert purpose.value == pytest.approx(round(em * 30 * MM_PER_PT, 2))
    assert purpose.limit == pytest.approx(16.66)
    assert purpose.line == spec_copy.line_of("size: 30pt, min_size: 20pt")
    assert failed["hotline"].line == spec_copy.line_of(
        "h: 36mm, font: strong, size: 20pt,"
    )  # no min_size: `size`
    assert failed["hotline"].limit == pytest.approx(8.33)
    problems = rule_problems(report)
    assert len(problems) == 2
    assert all(p.file == str(spec_copy.path) for p in problems)
    assert any(
        p.field == "templates.door_sign.purpose" and "letter height rule fails" in p.message
        for p in problems
    )


def load_spec_file(path: Path) -> SpecFile:
    from brandkit.spec import load_spec

    return load_spec(path)


# ---------------------------------------------------------------------------------------------
# Reports


def test_report_json_and_table() -> None:
    findings = [
        Finding("contrast", "badge", "name", True, "primary on paper: 8.87:1", value=8.87,
                limit=4.5, file="s.yaml", line=3),
        Finding("letter_height", "door_sign", "purpose", False, "cap height 5.0 mm", value=5.0,
                limit=16.66, file="s.yaml", line=40),
        Finding("fit", "envelope", None, True, "3 texts set", "DL", value=3),
    ]  # fmt: skip
    report = CheckReport(findings)
    assert not report.ok and report.failures == [findings[1]]
    document = report.as_json()
    assert document["ok"] is False
    assert list(document["rules"]) == list(RULES)
    assert document["rules"]["letter_height"] == {"checked": 1, "failed": 1, "warned": 0}
    assert document["rules"]["glyphs"] == {"checked": 0, "failed": 0, "warned": 0}
    table = format_report(report).splitlines()
    assert table[0].split() == ["RULE", "TEMPLATE", "ELEMENT", "RESULT", "DETAIL"]
    assert table[1].split()[:4] == ["letter_height", "door_sign", "purpose", "FAIL"]  # first
    assert table[1].endswith("s.yaml:40: cap height 5.0 mm")
    assert "s.yaml:3" not in "\n".join(table)  # passing rows are not located
    assert "envelope (DL)" in "\n".join(table)
    assert table[-1] == "Some brand rules fail."
    assert "letter height: 1 failed (1 checked)" in table
    assert format_report(CheckReport([findings[0]])).splitlines()[-1] == "All brand rules pass."
    assert [p.line for p in rule_problems(report)] == [40]
    assert rule_problems(report, ("fit",)) == []
    assert ENFORCED == ("contrast", "letter_height", "qr_modules", "qr_quiet_zone", "die_clearance")
    # A warning is listed (after the failures) but fails nothing.
    warned = Finding("print_inks", "envelope", "address", False, "ink is a tint", warning=True)
    with_warning = CheckReport([findings[0], warned])
    assert with_warning.ok and with_warning.warnings == [warned]
    assert with_warning.as_json()["rules"]["print_inks"] == {"checked": 1, "failed": 0,
                                                             "warned": 1}  # fmt: skip
    table = format_report(with_warning).splitlines()
    assert table[1].split()[:4] == ["print_inks", "envelope", "address", "warn"]
    assert "print inks: ok, 1 warned (1 checked)" in table
    assert table[-1] == "All brand rules pass."
