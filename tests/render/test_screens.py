"""Kiosk screens as `brandkit kiosk` writes them: pixel sizes, sRGB tagging, colours, QR codes.

One real `brandkit kiosk` run over two sample units is shared by the module. Positions and
colours are read from the sample spec (the templates' elements and `colours:`), so the tests
say "the header band is the colour its rect names", not a copy of today's numbers. Element
boxes are placed here from the spec's x/y/w/h and anchor, independently of brandkit's layout.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image, ImageCms

from brandkit.build import unit_record
from brandkit.cli import cli
from brandkit.fonts import load_fonts
from brandkit.layout.page import TextItem, anchored
from brandkit.layout.template import layout_page, layouts_for, make_inks
from brandkit.spec.load import SpecFile, load_spec
from brandkit.spec.model import QrElement, Template
from tests.conftest import SAMPLE_SPEC

# Phường Tây Hồ: a short name. Trung tâm: the longest unit name of the sample, so the headers
# have to wrap or shrink.
UNITS = ("phuong-tay-ho", "trung-tam")
SCREENS = {"1080x1920": (1080, 1920), "1920x1080": (1920, 1080), "1280x800": (1280, 800)}
SCREEN_PAGES = ("home", "idle", "rate")
BUTTON_STATES = ("normal", "pressed", "disabled", "text-area")
BUTTON_PX = (640, 128)
PX_PER_PT = 96 / 72
LEVEL = 1  # how far a sampled channel may be from the spec's hex (0–255 levels)


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers


@pytest.fixture(scope="module")
def spec_file() -> SpecFile:
    return load_spec(SAMPLE_SPEC)


@pytest.fixture(scope="module")
def kiosk_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`brandkit kiosk --unit … --out TMP`, once for the module."""
    out = tmp_path_factory.mktemp("kiosk")
    args = ["--spec", str(SAMPLE_SPEC), "kiosk", "--out", str(out), "--quiet"]
    for unit in UNITS:
        args += ["--unit", unit]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def manifest(kiosk_out: Path) -> dict[str, dict[str, Any]]:
    document = json.loads((kiosk_out / "manifest.json").read_text(encoding="utf-8"))
    return {entry["path"]: entry for entry in document["files"]}


def expected_pngs() -> dict[str, tuple[int, int]]:
    """Every kiosk PNG the run must write → its size in pixels."""
    out: dict[str, tuple[int, int]] = {}
    for unit in UNITS:
        for screen, size in SCREENS.items():
            for page in SCREEN_PAGES:
                out[f"{unit}/kiosk/{screen}/{page}.png"] = size
        for state in BUTTON_STATES:
            out[f"{unit}/kiosk/button/button-{state}.png"] = BUTTON_PX
    return out


def open_rgb(path: Path) -> Image.Image:
    with Image.open(path) as image:
        image.load()
        return image.copy()


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#"), 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def close(a: tuple[int, ...], b: tuple[int, ...], level: int = LEVEL) -> bool:
    return all(abs(x - y) <= level for x, y in zip(a, b, strict=True))


def template_of(spec_file: SpecFile, name: str) -> Template:
    return spec_file.spec.templates[name]


def element(template: Template, name: str, size: str) -> Any:
    """The element called `name` drawn on `size` (elements may differ per size)."""
    found = [
        e for e in template.elements if e.name == name and (e.sizes is None or size in e.sizes)
    ]
    assert len(found) == 1, (name, size, found)
    return found[0]


def box_px(item: Any, screen: tuple[int, int]) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in pixels of a spec element on a `screen`-sized face, from
    its anchor: a corner measures to the element's nearest edges, a centred axis from the
    middle of the screen to the middle of the element."""
    width, height = screen
    if isinstance(item, QrElement):  # a square of side `size`
        w = h = item.size * PX_PER_PT
    else:
        w, h = item.w * PX_PER_PT, item.h * PX_PER_PT
    x, y = item.x * PX_PER_PT, item.y * PX_PER_PT
    left, top = anchored(width, height, item.anchor, x, y, w, h)
    return left, top, left + w, top + h


def colour_of(spec_file: SpecFile, name: str) -> tuple[int, int, int]:
    return rgb(spec_file.spec.colours[name].hex)


def assert_pixel(
    image: Image.Image, xy: tuple[float, float], expected: tuple[int, int, int], what: str
) -> None:
    point = (int(xy[0]), int(xy[1]))
    assert 0 <= point[0] < image.width and 0 <= point[1] < image.height, (what, point)
    actual = image.getpixel(point)
    assert close(actual, expected), f"{what} at {point}: {actual}, expected {expected}"


# ---------------------------------------------------------------------------------------------
# 1. Sizes, mode, sRGB profile, manifest


def test_the_spec_still_lists_the_screens_these_tests_expect(spec_file) -> None:
    for name in ("kiosk_home", "kiosk_idle", "kiosk_rate"):
        template = template_of(spec_file, name)
        assert template.medium == "screen"
        assert list(template.named_sizes()) == list(SCREENS)
    assert list(template_of(spec_file, "kiosk_button").named_sizes()) == list(BUTTON_STATES)


def test_every_kiosk_png_is_written_and_nothing_else(kiosk_out, manifest) -> None:
    written = {
        p.relative_to(kiosk_out).as_posix()
        for p in kiosk_out.rglob("*.png")
        if "/kiosk/" in p.relative_to(kiosk_out).as_posix()
    }
    assert written == set(expected_pngs())
    kiosk_entries = {path for path, entry in manifest.items() if entry["asset"] == "kiosk"}
    assert kiosk_entries == set(expected_pngs())


@pytest.mark.parametrize("path", sorted(expected_pngs()))
def test_kiosk_png_has_its_screens_exact_size_in_srgb(kiosk_out, manifest, path: str) -> None:
    size = expected_pngs()[path]
    with Image.open(kiosk_out / path) as image:
        assert image.format == "PNG"
        assert image.size == size
        assert image.mode == "RGB"
        icc = image.info.get("icc_profile")
    assert icc, f"{path} has no embedded ICC profile"
    description = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc)))
    assert "srgb" in description.casefold(), description

    entry = manifest[path]
    assert entry["asset"] == "kiosk"
    assert entry["format"] == "png"
    assert entry["unit"] == path.split("/", 1)[0]
    assert entry["pixels"] == list(size)
    assert entry["colour"] == "sRGB"
    assert entry["bleed_mm"] == 0


# ---------------------------------------------------------------------------------------------
# 2. Colours


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("screen", SCREENS)
def test_home_bands_are_their_spec_colours(kiosk_out, spec_file, unit: str, screen: str) -> None:
    template = template_of(spec_file, "kiosk_home")
    size = SCREENS[screen]
    image = open_rgb(kiosk_out / unit / "kiosk" / screen / "home.png")
    header = element(template, "header", screen)
    logo = box_px(element(template, "logo", screen), size)
    rule = element(template, "gold_rule", screen)
    footer = element(template, "footer", screen)
    contact = box_px(element(template, "contact", screen), size)

    # The header band: left of the logo, above it, and at the right end past every text.
    h_left, h_top, _, h_bottom = box_px(header, size)
    blue = colour_of(spec_file, header.fill)
    assert_pixel(image, ((h_left + logo[0]) / 2, (h_top + h_bottom) / 2), blue, "header, left")
    assert_pixel(image, (size[0] / 2, (h_top + logo[1]) / 2), blue, "header, top")
    assert_pixel(image, (size[0] - 5, h_bottom - 5), blue, "header, right")

    _, r_top, _, r_bottom = box_px(rule, size)
    assert_pixel(
        image, (size[0] / 2, (r_top + r_bottom) / 2), colour_of(spec_file, rule.fill), "rule"
    )

    f_top, f_bottom = box_px(footer, size)[1], box_px(footer, size)[3]
    assert_pixel(image, (size[0] - 5, f_bottom - 5), colour_of(spec_file, footer.fill), "footer")
    assert_pixel(
        image,
        ((0 + contact[0]) / 2, (f_top + f_bottom) / 2),
        colour_of(spec_file, footer.fill),
        "footer, left",
    )

    # Between the bands: nothing is drawn, so the screen is paper.
    paper = colour_of(spec_file, "paper")
    assert_pixel(image, (size[0] / 2, (r_bottom + f_top) / 2), paper, "body")


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("screen", SCREENS)
def test_idle_background_and_tiles_are_their_spec_colours(
    kiosk_out, spec_file, unit: str, screen: str
) -> None:
    template = template_of(spec_file, "kiosk_idle")
    size = SCREENS[screen]
    image = open_rgb(kiosk_out / unit / "kiosk" / screen / "idle.png")
    background = colour_of(spec_file, element(template, "background", screen).fill)
    for xy in ((3, 3), (size[0] - 3, 3), (3, size[1] - 3), (size[0] - 3, size[1] - 3)):
        assert_pixel(image, xy, background, "idle background corner")
    assert_pixel(image, (size[0] / 2, 8), background, "idle background, top middle")

    for tile_name, qr_name in (
        ("tile_1", "qr_ihanoi"),
        ("tile_2", "qr_zalo"),
        ("tile_3", "qr_portal"),
    ):
        tile = element(template, tile_name, screen)
        left, top, right, bottom = box_px(tile, size)
        q_left, q_top, _, _ = box_px(element(template, qr_name, screen), size)
        # The quiet zone between the tile's edge and the QR is the tile's colour.
        assert_pixel(
            image,
            ((left + q_left) / 2, (top + bottom) / 2),
            colour_of(spec_file, tile.fill),
            tile_name,
        )
        assert_pixel(
            image,
            ((left + right) / 2, (top + q_top) / 2),
            colour_of(spec_file, tile.fill),
            tile_name,
        )


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("screen", SCREENS)
def test_rate_buttons_are_their_spec_colours(kiosk_out, spec_file, unit: str, screen: str) -> None:
    template = template_of(spec_file, "kiosk_rate")
    size = SCREENS[screen]
    image = open_rgb(kiosk_out / unit / "kiosk" / screen / "rate.png")
    for name in ("very_good", "good", "fair", "poor"):
        rect = element(template, name, screen)
        label = box_px(element(template, f"{name}_label", screen), size)
        left, top, right, bottom = box_px(rect, size)
        fill = colour_of(spec_file, rect.fill)
        middle = (top + bottom) / 2
        # Inside the rect, between its edge and its label's box: no text can be there.
        assert_pixel(image, ((left + label[0]) / 2, middle), fill, f"{name}, left")
        assert_pixel(image, ((label[2] + right) / 2, middle), fill, f"{name}, right")
        assert_pixel(image, ((left + right) / 2, (top + label[1]) / 2), fill, f"{name}, top")
    header = element(template, "header", screen)
    h_bottom = box_px(header, size)[3]
    assert_pixel(image, (4, h_bottom / 2), colour_of(spec_file, header.fill), "rate header")
    assert_pixel(image, (4, size[1] - 4), colour_of(spec_file, "paper"), "rate background")


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("state", BUTTON_STATES)
def test_button_states_are_their_spec_colours(kiosk_out, spec_file, unit: str, state: str) -> None:
    template = template_of(spec_file, "kiosk_button")
    image = open_rgb(kiosk_out / unit / "kiosk" / "button" / f"button-{state}.png")
    face = element(template, "face", state)
    face_colour = colour_of(spec_file, face.fill)
    for xy in ((4, 4), (BUTTON_PX[0] - 4, 4), (BUTTON_PX[0] / 2, 10), (16, BUTTON_PX[1] / 2)):
        assert_pixel(image, xy, face_colour, f"button {state} face")
    if state in ("normal", "text-area"):
        edge = element(template, "edge", state)
        top, bottom = box_px(edge, BUTTON_PX)[1], box_px(edge, BUTTON_PX)[3]
        assert_pixel(
            image, (BUTTON_PX[0] / 2, (top + bottom) / 2), colour_of(spec_file, edge.fill), "edge"
        )


def test_button_states_match_the_brief(spec_file) -> None:
    """Normal is primary, pressed gold, disabled muted: the spec says so, and the tests above
    check the pixels follow the spec."""
    template = template_of(spec_file, "kiosk_button")
    faces = {
        state: element(template, "face", state).fill for state in ("normal", "pressed", "disabled")
    }
    assert faces == {"normal": "primary", "pressed": "gold", "disabled": "muted"}


@pytest.mark.parametrize("unit", UNITS)
def test_text_area_button_marks_the_box_and_has_no_label(kiosk_out, spec_file, unit: str) -> None:
    template = template_of(spec_file, "kiosk_button")
    image = open_rgb(kiosk_out / unit / "kiosk" / "button" / "button-text-area.png")
    area = element(template, "text_area", "text-area")
    left, top, right, bottom = (round(v) for v in box_px(area, BUTTON_PX))
    gold = colour_of(spec_file, area.stroke)
    top_edge = [image.getpixel((x, y)) for x in range(left, right) for y in (top - 1, top)]
    assert any(close(p, gold) for p in top_edge), "no dash of the text box's outline"
    # Inside the dashed box: the plain face, for the kiosk software to put its label on.
    face = colour_of(spec_file, element(template, "face", "text-area").fill)
    inside = image.crop((left + 4, top + 4, right - 4, bottom - 4))
    assert {c for _, c in inside.getcolors(maxcolors=64) or [(0, None)]} == {face}


# ---------------------------------------------------------------------------------------------
# 3. QR codes


def idle_codes(spec_file: SpecFile, image: Image.Image, screen: str) -> dict[str, str]:
    """QR element name → the text of the one code decoded inside its box on `image`."""
    template = template_of(spec_file, "kiosk_idle")
    size = SCREENS[screen]
    boxes = {
        e.name: box_px(e, size)
        for e in template.elements
        if e.type == "qr" and (e.sizes is None or screen in e.sizes)
    }
    found: dict[str, list[str]] = {name: [] for name in boxes}
    for code in zxingcpp.read_barcodes(image):
        corners = (code.position.top_left, code.position.bottom_right)
        cx = sum(p.x for p in corners) / 2
        cy = sum(p.y for p in corners) / 2
        owners = [n for n, (x0, y0, x1, y1) in boxes.items() if x0 <= cx <= x1 and y0 <= cy <= y1]
        assert len(owners) == 1, (code.text, cx, cy)
        found[owners[0]].append(code.text)
    for name, texts in found.items():
        assert len(texts) == 1, f"{screen}: {name} decoded {texts}"
    return {name: texts[0] for name, texts in found.items()}


def expected_links(spec_file: SpecFile) -> dict[str, str]:
    """QR element name → the spec link its `{link.NAME}` data names."""
    template = template_of(spec_file, "kiosk_idle")
    out = {}
    for e in template.elements:
        if e.type == "qr":
            match = re.fullmatch(r"\{link\.(\w+)\}", e.data)
            assert match, e.data
            out[e.name] = spec_file.spec.links[match.group(1)]
    assert set(spec_file.spec.links) == {"ihanoi", "zalo", "portal"}
    assert sorted(out.values()) == sorted(spec_file.spec.links.values())
    return out


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("screen", SCREENS)
def test_every_idle_qr_code_decodes_to_its_link_once_unquoted(
    kiosk_out, spec_file, unit: str, screen: str
) -> None:
    """Each of the three QR codes is found and carries its link, even read leniently (the
    exact text is the test below)."""
    image = open_rgb(kiosk_out / unit / "kiosk" / screen / "idle.png")
    decoded = idle_codes(spec_file, image, screen)
    assert {name: unquote(text) for name, text in decoded.items()} == expected_links(spec_file)


@pytest.mark.parametrize("screen", SCREENS)
def test_every_idle_qr_code_decodes_to_exactly_the_spec_link(
    kiosk_out, spec_file, screen: str
) -> None:
    image = open_rgb(kiosk_out / UNITS[0] / "kiosk" / screen / "idle.png")
    assert idle_codes(spec_file, image, screen) == expected_links(spec_file)


# ---------------------------------------------------------------------------------------------
# 4. Texts inside the safe area, at or above their minimum size


SCREEN_TEMPLATES = ("kiosk_home", "kiosk_idle", "kiosk_rate", "kiosk_button")


def test_every_screen_text_of_every_unit_fits_inside_the_safe_area(spec_file) -> None:
    spec = spec_file.spec
    fonts = load_fonts(spec_file)
    inks = make_inks(spec)
    checked = 0
    for name in SCREEN_TEMPLATES:
        template = spec.templates[name]
        margin = template.safe_margin
        minimum = {
            (e.name, size): (e.min_size if e.min_size is not None else e.size)
            for e in template.elements
            if e.type == "text"
            for size in (e.sizes or template.named_sizes())
        }
        for key, layout in layouts_for(name, template, inks, fonts).items():
            width, height = layout.sheet
            for unit in spec.units:
                page = layout_page(layout, unit_record(spec_file, unit))
                assert (page.width, page.height) == pytest.approx((width, height))
                for item in page.items:
                    if not isinstance(item, TextItem):
                        continue
                    where = f"{key} {unit.id} {item.field}"
                    assert item.size >= minimum[(item.field, layout.size_name)] - 1e-6, where
                    font = fonts[item.font]
                    for line in item.lines:
                        top = line.baseline - font.ascent * item.size
                        bottom = line.baseline + font.descent * item.size
                        assert line.x >= margin - 1e-6, (where, line.text)
                        assert line.x + line.width <= width - margin + 1e-6, (where, line.text)
                        assert top >= margin - 1e-6, (where, line.text)
                        assert bottom <= height - margin + 1e-6, (where, line.text)
                        checked += 1
    # 3 + 6 + 6 texts on each of 3 screens and 3 labelled button states, for every unit.
    assert checked >= len(spec.units) * (3 * 15 + 3)


# ---------------------------------------------------------------------------------------------
# Rating buttons, the disabled state, the idle screen's heading, portrait layouts


def wcag_luminance(colour: tuple[int, ...]) -> float:
    def linear(byte: int) -> float:
        c = byte / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    la, lb = sorted((wcag_luminance(a), wcag_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def label_contrast(image: Image.Image, face: tuple[int, int, int], box) -> float:
    """The highest contrast of any pixel in `box` with the face: the label's ink."""
    crop = image.convert("RGB").crop(tuple(round(v) for v in box))
    return max(ratio(colour, face) for _, colour in crop.getcolors(1 << 16))


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_four_rating_buttons_are_distinct_and_none_looks_disabled(
    kiosk_out, spec_file, unit: str, screen: str
) -> None:
    template = template_of(spec_file, "kiosk_rate")
    size = SCREENS[screen]
    image = open_rgb(kiosk_out / unit / "kiosk" / screen / "rate.png").convert("RGB")
    disabled_face = colour_of(spec_file, element(template_of(spec_file, "kiosk_button"), "face",
                                                 "disabled").fill)  # fmt: skip
    faces = []
    for name in ("very_good", "good", "fair", "poor"):
        left, top, _, bottom = box_px(element(template, name, screen), size)
        label = box_px(element(template, f"{name}_label", screen), size)
        face = image.getpixel((round((left + label[0]) / 2), round((top + bottom) / 2)))
        assert not close(face, disabled_face, 12), (name, face)
        assert not close(face, colour_of(spec_file, "paper"), 12), (name, face)
        # Each label reads on its face: large text, 3:1 at least.
        assert label_contrast(image, face, label) >= 3.0, (name, face)
        faces.append(face)
    for i, a in enumerate(faces):
        for b in faces[i + 1 :]:
            assert not close(a, b, 24), faces


@pytest.mark.parametrize("unit", UNITS)
def test_the_disabled_button_lowers_the_contrast_of_its_label(kiosk_out, unit: str) -> None:
    folder = kiosk_out / unit / "kiosk" / "button"
    label_box = (32 * 1.0, 24 * 1.0, 608 * 1.0, 104 * 1.0)  # the text area, px
    contrasts = {}
    for state in ("normal", "disabled"):
        image = open_rgb(folder / f"button-{state}.png").convert("RGB")
        face = image.getpixel((4, 4))
        contrasts[state] = label_contrast(image, face, label_box)
    assert contrasts["disabled"] < 4.5 <= contrasts["normal"], contrasts
    assert contrasts["disabled"] >= 3.0, contrasts  # still legible as large text


def text_boxes(spec_file: SpecFile, template: str, screen: str, unit: str) -> dict[str, Any]:
    """Laid-out text items of `template` on `screen`, by their text."""
    layouts = layouts_for(
        template, template_of(spec_file, template), make_inks(spec_file.spec),
        load_fonts(spec_file),
    )  # fmt: skip
    record = unit_record(spec_file, next(u for u in spec_file.spec.units if u.id == unit))
    page = layout_page(layouts[f"{template}@{screen}"], record)
    items = [i for i in (*page.background, *page.items) if isinstance(i, TextItem)]
    return {" ".join(line.text for line in i.lines): i.box for i in items}


@pytest.mark.parametrize("screen", SCREENS)
def test_the_idle_screen_heads_its_qr_codes(spec_file, screen: str) -> None:
    template = template_of(spec_file, "kiosk_idle")
    texts = text_boxes(spec_file, "kiosk_idle", screen, "trung-tam")
    heading = texts["Phản ánh, kiến nghị"]
    tiles = [box_px(element(template, f"tile_{n}", screen), SCREENS[screen]) for n in (1, 2, 3)]
    heading_bottom = (heading[1] + heading[3]) * PX_PER_PT  # box is (x, y, w, h) in points
    assert all(heading_bottom <= tile[1] + 0.5 for tile in tiles), (heading, tiles)
    assert heading[1] * PX_PER_PT >= min(tile[1] for tile in tiles) - 120  # just above them


def test_portrait_screens_use_their_height(spec_file) -> None:
    """On 1080 × 1920 the idle and rating screens spread over more than the middle half."""
    height = SCREENS["1080x1920"][1]
    for template in ("kiosk_idle", "kiosk_rate"):
        boxes = text_boxes(spec_file, template, "1080x1920", "trung-tam").values()
        below_header = [b for b in boxes if b[1] * PX_PER_PT > 200]
        top = min(b[1] for b in below_header) * PX_PER_PT
        bottom = max(b[1] + b[3] for b in below_header) * PX_PER_PT
        assert bottom - top > 0.5 * height, (template, top, bottom)
