"""Logos `validate` refuses, each located at the spec's `logos.NAME` line: colours outside the
brand (gradients, patterns, styles, classes, currentColor), what svglib or cairosvg would
silently cut short or recurse on, and what cairosvg cannot draw."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from brandkit.errors import AssetError, SpecError
from brandkit.layout.template import make_inks
from brandkit.render.logos import MAX_DEPTH, MAX_ELEMENTS, MAX_USES, load_logo
from brandkit.spec import load_spec
from brandkit.spec.load import SpecFile
from brandkit.validate import check_logos, validate_spec

HERE = Path(__file__).resolve().parent
MINIMAL = HERE.parent / "spec" / "valid" / "minimal.yaml"
OPEN = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
BLUE, GREY = "#0B4A8B", "#3A3A3A"  # the minimal spec's two colours


def spec_with_logo(folder: Path, svg: str) -> tuple[Path, int]:
    """A copy of the minimal spec in `folder` whose logo `emblem` is `svg`; and its logo line."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "emblem.svg").write_text(svg, encoding="utf-8")
    lines = MINIMAL.read_text(encoding="utf-8").splitlines()
    at = lines.index("templates:")
    lines[at:at] = ["logos:", "  emblem: emblem.svg"]
    path = folder / "brand.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, at + 2


def validation_error(tmp_path: Path, svg: str) -> str:
    """The one logo problem `validate` reports for `svg`, checked to point at its spec line."""
    path, line = spec_with_logo(tmp_path / "spec", svg)
    with pytest.raises(SpecError) as info:
        validate_spec(load_spec(path, display="brand.yaml"))
    problems = info.value.problems
    report = "\n".join(str(p) for p in problems)
    assert "Traceback" not in report
    assert problems, report
    for problem in problems:
        assert (problem.file, problem.line, problem.field) == ("brand.yaml", line, "logos.emblem")
        assert problem.message.startswith("emblem.svg: "), report
    return report


def test_a_gradient_in_other_colours_is_refused(tmp_path: Path) -> None:
    svg = (
        f'{OPEN}<defs><linearGradient id="g"><stop offset="0" stop-color="{BLUE}"/>'
        '<stop offset="1" stop-color="#ff8800"/></linearGradient></defs>'
        '<rect width="100" height="100" fill="url(#g)"/></svg>'
    )
    report = validation_error(tmp_path, svg)
    assert "emblem.svg: gradient stop #FF8800 is not a brand colour" in report
    assert f"(brand: {BLUE}, {GREY})" in report


def test_a_gradient_stop_without_a_colour_is_black(tmp_path: Path) -> None:
    svg = (
        f'{OPEN}<defs><radialGradient id="g"><stop offset="0" style="stop-color:{BLUE}"/>'
        '<stop offset="1"/></radialGradient></defs>'
        '<circle cx="50" cy="50" r="50" fill="url(#g)"/></svg>'
    )
    assert "gradient stop without stop-color (black) #000000" in validation_error(tmp_path, svg)


def test_a_pattern_in_other_colours_is_refused(tmp_path: Path) -> None:
    svg = (
        f'{OPEN}<defs><pattern id="p" width="10" height="10" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" fill="lime"/></pattern></defs>'
        f'<rect width="100" height="100" fill="url(#p) {BLUE}"/></svg>'
    )
    assert "pattern fill #00FF00 (lime) is not a brand colour" in validation_error(tmp_path, svg)


def test_a_style_attribute_is_checked(tmp_path: Path) -> None:
    svg = f'{OPEN}<rect width="100" height="100" fill="{BLUE}" style="stroke: #123456"/></svg>'
    assert "style=stroke #123456 is not a brand colour" in validation_error(tmp_path, svg)


def test_a_css_class_is_checked(tmp_path: Path) -> None:
    svg = (
        f"{OPEN}<style>.a {{ fill: rgb(255, 0, 0) }}</style>"
        f'<rect class="a" width="100" height="100" fill="{BLUE}"/></svg>'
    )
    report = validation_error(tmp_path, svg)
    assert "<style> rule fill #FF0000 (rgb(255, 0, 0)) is not a brand colour" in report


def test_current_colour_is_the_inherited_colour(tmp_path: Path) -> None:
    svg = f'{OPEN}<g color="#abcdef"><rect width="100" height="100" fill="currentColor"/></g></svg>'
    assert "fill currentColor #ABCDEF is not a brand colour" in validation_error(tmp_path, svg)


def test_current_colour_in_a_brand_colour_passes(tmp_path: Path) -> None:
    svg = f'{OPEN}<g color="{BLUE}"><rect width="100" height="100" fill="currentColor"/></g></svg>'
    path, _ = spec_with_logo(tmp_path, svg)
    validate_spec(load_spec(path))


def test_a_brand_gradient_prints_in_brand_cmyk(tmp_path: Path) -> None:
    svg = (
        f'{OPEN}<defs><linearGradient id="g"><stop offset="0" stop-color="{BLUE.lower()}"/>'
        f'<stop offset="1" stop-color="{GREY}"/></linearGradient></defs>'
        '<rect width="100" height="100" fill="url(#g)"/></svg>'
    )
    path, _ = spec_with_logo(tmp_path, svg)
    spec_file = load_spec(path)
    validate_spec(spec_file)
    drawing = load_logo(tmp_path / "emblem.svg", make_inks(spec_file.spec))
    shadings = [n for n in _walk(drawing) if hasattr(n, "_rl_colors")]
    assert shadings
    for shading in shadings:
        assert [c.cmyk() for c in shading._rl_colors] == [(1.0, 0.62, 0.0, 0.22), (0, 0, 0, 0.88)]


def _walk(node: object) -> list[object]:
    out = [node]
    for child in getattr(node, "contents", []):
        out += _walk(child)
    return out


def test_more_uses_than_svglib_draws_are_refused(tmp_path: Path) -> None:
    uses = "".join('<use xlink:href="#d"/>' for _ in range(MAX_USES + 1))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {XLINK} width="100" height="100">'
        f'<defs><rect id="d" width="1" height="1" fill="{BLUE}"/></defs>{uses}</svg>'
    )
    assert f"more than {MAX_USES:,} <use> copies" in validation_error(tmp_path, svg)


def test_uses_of_uses_are_counted_in_full(tmp_path: Path) -> None:
    # Nine levels of ten copies each: a billion-laughs of <use>, 10^9 copies from 100 elements.
    levels = [f'<rect id="l0" width="1" height="1" fill="{BLUE}"/>']
    for i in range(1, 10):
        copies = "".join(f'<use xlink:href="#l{i - 1}"/>' for _ in range(10))
        levels.append(f'<g id="l{i}">{copies}</g>')
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {XLINK} width="100" height="100">'
        f'<defs>{"".join(levels)}</defs><use xlink:href="#l9"/></svg>'
    )
    report = validation_error(tmp_path, svg)
    assert "<use> copies" in report or f"more than {MAX_ELEMENTS:,} elements" in report


def test_a_use_of_itself_is_refused(tmp_path: Path) -> None:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {XLINK} width="100" height="100">'
        f'<g id="a"><rect width="1" height="1" fill="{BLUE}"/><use xlink:href="#a"/></g></svg>'
    )
    assert "<use> refers to an element containing itself" in validation_error(tmp_path, svg)


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    depth = MAX_DEPTH + 20
    svg = f'{OPEN}{"<g>" * depth}<rect width="1" height="1" fill="{BLUE}"/>{"</g>" * depth}</svg>'
    assert f"at most {MAX_DEPTH} are drawn reliably" in validation_error(tmp_path, svg)


def test_a_logo_cairosvg_cannot_draw_is_refused(tmp_path: Path) -> None:
    # svglib ignores the broken opacity; cairosvg (the icons) raises on it.
    svg = f'{OPEN}<rect width="100" height="100" opacity="half" fill="{BLUE}"/></svg>'
    assert "emblem.svg: cannot draw the SVG" in validation_error(tmp_path, svg)


def test_the_build_worker_refuses_the_same_logos(tmp_path: Path) -> None:
    svg = f'{OPEN}<rect width="100" height="100" fill="{BLUE}" style="fill:#123456"/></svg>'
    path, _ = spec_with_logo(tmp_path, svg)
    with pytest.raises(AssetError, match="style=fill #123456 is not a brand colour"):
        load_logo(tmp_path / "emblem.svg", make_inks(load_spec(path).spec), "emblem.svg")


def test_the_sample_logos_pass(sample_spec: SpecFile) -> None:
    assert check_logos(sample_spec) == []


def test_validate_reports_the_logo_at_its_spec_line(tmp_path: Path) -> None:
    svg = (
        f'{OPEN}<defs><linearGradient id="g"><stop offset="0" stop-color="#FF8800"/>'
        '</linearGradient></defs><rect width="100" height="100" fill="url(#g)"/></svg>'
    )
    path, line = spec_with_logo(tmp_path, svg)
    done = subprocess.run(
        [sys.executable, "-m", "brandkit", "--spec", str(path), "validate"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    located = f"brand.yaml:{line}: logos.emblem: emblem.svg: gradient stop #FF8800 is not a brand"
    assert located in output
    assert "Traceback" not in output
