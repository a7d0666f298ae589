"""`brandkit kiosk`, `check`, `tokens` and `icons` from the command line: ticket proof and
thermal logos, screen selection, contrast of screen texts, design tokens, icons, and
byte-identical output from run to run.

One real `brandkit kiosk --unit phuong-tay-ho` run is shared by the module; the tests that
need a different run (another spec, --screen) make their own.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
import tinycss2
from click.testing import CliRunner
from PIL import Image

from brandkit.cli import cli
from brandkit.spec.load import SpecFile, load_spec
from brandkit.units import mm
from tests.cli.conftest import written_files
from tests.conftest import REPO_ROOT, SAMPLE_SPEC
from tests.render.pdfcheck import inspect_page, page_box, unembedded_fonts

UNIT = "phuong-tay-ho"
UNIT_NAME = "Phường Tây Hồ"
SCREENS = ("1080x1920", "1920x1080", "1280x800")
KIOSK_TEMPLATES = ("kiosk_home", "kiosk_idle", "kiosk_rate", "kiosk_button")
THERMAL = {"58mm": 384, "80mm": 576}  # roll → dots across at 203 dpi
ICON_SIZES = (16, 32, 48, 64, 128, 180, 192, 256, 512)


@pytest.fixture(scope="module")
def spec_file() -> SpecFile:
    return load_spec(SAMPLE_SPEC)


@pytest.fixture(scope="module")
def kiosk_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """`brandkit kiosk --unit phuong-tay-ho --out TMP` once; (out, when it finished)."""
    out = tmp_path_factory.mktemp("kiosk-cli")
    result = CliRunner().invoke(
        cli, ["--spec", str(SAMPLE_SPEC), "kiosk", "--unit", UNIT, "--out", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    return out, time.monotonic()


@pytest.fixture(scope="module")
def kiosk_out(kiosk_run: tuple[Path, float]) -> Path:
    return kiosk_run[0]


@pytest.fixture(scope="module")
def manifest(kiosk_out: Path) -> dict[str, dict[str, Any]]:
    document = json.loads((kiosk_out / "manifest.json").read_text(encoding="utf-8"))
    return {entry["path"]: entry for entry in document["files"]}


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


# ---------------------------------------------------------------------------------------------
# 6. Ticket proof and thermal logos


TICKET = f"{UNIT}/ticket/{UNIT}-ticket-proof.pdf"


def test_ticket_proof_is_80_by_120_mm_without_bleed(kiosk_out, manifest) -> None:
    with pikepdf.open(kiosk_out / TICKET) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        trim = page_box(page, "/TrimBox")
        assert trim[2] - trim[0] == pytest.approx(mm(80), abs=mm(0.01))
        assert trim[3] - trim[1] == pytest.approx(mm(120), abs=mm(0.01))
        assert page_box(page, "/BleedBox") == pytest.approx(trim, abs=1e-3)
        media = page_box(page, "/MediaBox")
        assert media[0] <= trim[0] and media[1] <= trim[1]
        assert media[2] >= trim[2] and media[3] >= trim[3]
    entry = manifest[TICKET]
    assert entry["asset"] == "ticket_proof"
    assert entry["unit"] == UNIT
    assert entry["format"] == "pdf"
    assert entry["trim_mm"] == [80.0, 120.0]
    assert entry["bleed_mm"] == 0


def test_ticket_proof_is_cmyk_only_with_embedded_fonts(kiosk_out) -> None:
    with pikepdf.open(kiosk_out / TICKET) as pdf:
        info = inspect_page(pdf.pages[0])
        assert info.problems == []
        # Process CMYK, and the registration colour (Separation /All) of the crop marks.
        assert info.painted
        assert {p.space for p in info.painted} <= {"/DeviceCMYK", "Separation:/All"}
        for space, _ in info.colour_operands:
            assert space == "/DeviceCMYK" or space == "Separation:/All", space
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                assert obj.ColorSpace == "/DeviceCMYK"
        assert unembedded_fonts(pdf) == []
    raw = (kiosk_out / TICKET).read_bytes()
    assert b"/DeviceRGB" not in raw
    assert b"Helvetica" not in raw


def _process_colours(pdf: pikepdf.Pdf) -> set[tuple[float, ...]]:
    """Every DeviceCMYK colour set with k/K on the page and in every form it draws."""
    found: set[tuple[float, ...]] = set()
    streams = [pdf.pages[0].obj]
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form":
            streams.append(obj)
    for stream in streams:
        for operands, operator in pikepdf.parse_content_stream(stream):
            if str(operator) in ("k", "K"):
                found.add(tuple(float(v) for v in operands))
    return found


def test_ticket_proof_prints_in_black_only_like_the_thermal_printer(kiosk_out) -> None:
    # `monochrome: true`: every ink, the emblem's too, is black (K 100 %) or paper; no C, M, Y.
    with pikepdf.open(kiosk_out / TICKET) as pdf:
        colours = _process_colours(pdf)
    assert (0.0, 0.0, 0.0, 1.0) in colours
    assert colours <= {(0.0, 0.0, 0.0, 1.0), (0.0, 0.0, 0.0, 0.0)}, colours


def test_ticket_proof_names_the_unit_in_capitals(kiosk_out) -> None:
    document = pdfium.PdfDocument(kiosk_out / TICKET)
    try:
        page = document[0]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        page.close()
    finally:
        document.close()
    lines = text.split("\r\n")
    assert f"ỦY BAN NHÂN DÂN {UNIT_NAME.upper()}" in lines  # PHƯỜNG TÂY HỒ, every mark kept
    assert "SỐ THỨ TỰ CỦA QUÝ KHÁCH" in lines


@pytest.mark.parametrize("roll", THERMAL)
@pytest.mark.parametrize("ext", ["png", "bmp"])
def test_thermal_logos_are_1_bit_at_the_rolls_width(kiosk_out, manifest, roll, ext) -> None:
    dots = THERMAL[roll]
    path = f"brand/ticket/emblem-line-{roll}-{dots}px.{ext}"
    with Image.open(kiosk_out / path) as image:
        assert image.format == ext.upper()
        assert image.mode == "1"
        assert image.width == dots
        size = image.size
        colours = {c for _, c in image.getcolors()}
    assert len(colours) == 2  # a logo, not a blank
    entry = manifest[path]
    assert entry["asset"] == "ticket_logo"
    assert entry["unit"] is None
    assert entry["format"] == ext
    assert entry["pixels"] == list(size)


def test_kiosk_writes_the_screens_buttons_ticket_and_logos(kiosk_out, manifest) -> None:
    expected = {"manifest.json", TICKET}
    expected |= {f"{UNIT}/kiosk/{s}/{p}.png" for s in SCREENS for p in ("home", "idle", "rate")}
    expected |= {
        f"{UNIT}/kiosk/button/button-{s}.png"
        for s in ("normal", "pressed", "disabled", "text-area")
    }
    expected |= {
        f"brand/ticket/emblem-line-{roll}-{dots}px.{ext}"
        for roll, dots in THERMAL.items()
        for ext in ("png", "bmp")
    }
    assert files_under(kiosk_out) == expected
    assert set(manifest) == expected - {"manifest.json"}


# ---------------------------------------------------------------------------------------------
# 5. --screen


@pytest.mark.parametrize("screen", ["1080x1920", "1080×1920"])
def test_screen_option_writes_only_that_screen(run, tmp_path, screen: str) -> None:
    out = tmp_path / "out"
    result = run(
        "--spec", SAMPLE_SPEC, "kiosk", "--unit", UNIT, "--screen", screen, "--out", out, "-q"
    )
    assert result.exit_code == 0, result.output
    kiosk = out / UNIT / "kiosk"
    assert sorted(p.name for p in kiosk.iterdir()) == ["1080x1920", "button"]
    assert sorted(p.name for p in (kiosk / "1080x1920").iterdir()) == [
        "home.png",
        "idle.png",
        "rate.png",
    ]
    # Button states are not screens: --screen leaves them alone.
    assert len(list((kiosk / "button").glob("button-*.png"))) == 4
    with Image.open(kiosk / "1080x1920" / "home.png") as image:
        assert image.size == (1080, 1920)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    screens = {e["path"].split("/")[2] for e in manifest["files"] if e["asset"] == "kiosk"}
    assert screens == {"1080x1920", "button"}


def test_an_unknown_screen_is_a_usage_error_listing_the_screens(run, tmp_path) -> None:
    out = tmp_path / "out"
    result = run(
        "--spec", SAMPLE_SPEC, "kiosk", "--unit", UNIT, "--screen", "800x600", "--out", out
    )
    assert result.exit_code == 2, result.output
    assert "800x600" in result.output
    for screen in SCREENS:
        assert screen in result.output
    assert written_files(out) == []


# ---------------------------------------------------------------------------------------------
# 4. Contrast of screen texts


def wcag_ratio(a: str, b: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_check_finds_every_kiosk_text_readable(run, spec_file) -> None:
    result = run("--spec", SAMPLE_SPEC, "check", "--unit", UNIT, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    spec = spec_file.spec
    findings = [
        f
        for f in report["findings"]
        if f["rule"] == "contrast" and f["template"] in KIOSK_TEMPLATES
    ]
    # One finding per text element on each size it is drawn on.
    expected = {
        (name, size, e.name)
        for name in KIOSK_TEMPLATES
        for e in spec.templates[name].elements
        if e.type == "text"
        for size in (e.sizes or spec.templates[name].named_sizes())
    }
    assert {(f["template"], f["size"], f["element"]) for f in findings} == expected
    for f in findings:
        element = next(
            e
            for e in spec.templates[f["template"]].elements
            if e.name == f["element"] and (e.sizes is None or f["size"] in e.sizes)
        )
        smallest_pt = element.min_size if element.min_size is not None else element.size
        bold = spec.fonts[element.font].roboto == "Bold"
        large = smallest_pt >= 18 or (bold and smallest_pt >= 14)
        limit = spec.rules.contrast_large if large else spec.rules.contrast
        assert f["ok"] is True, f
        assert f["limit"] == limit, f
        assert f["value"] >= limit, f
        # The ratio reported is the WCAG ratio of the two colours it names.
        text, ground = re.match(r"(\w+) on (\w+):", f["message"]).groups()
        assert text == element.colour
        ratio = wcag_ratio(spec.colours[text].hex, spec.colours[ground].hex)
        assert f["value"] == pytest.approx(ratio, abs=0.01), f


@pytest.fixture
def dim_touch_text(spec_copy) -> Path:
    """The sample with the idle screen's "touch the screen" text (one element for landscape
    screens, one for portrait) in the background's blue."""
    lines = [ln for ln in spec_copy.text().splitlines() if "name: touch" in ln]
    assert len(lines) == 2
    for line in lines:
        assert "colour: paper" in line
        spec_copy.edit(line, line.replace("colour: paper", "colour: primary"))
    return spec_copy.path


def test_check_fails_a_low_contrast_screen_text(run, dim_touch_text) -> None:
    result = run("--spec", dim_touch_text, "check", "--unit", UNIT, "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is False
    failures = [f for f in report["findings"] if not f["ok"] and not f["warning"]]
    assert {(f["rule"], f["template"], f["element"]) for f in failures} == {
        ("contrast", "kiosk_idle", "touch")
    }
    assert {f["size"] for f in failures} == set(SCREENS)
    lines = {
        i
        for i, text in enumerate(dim_touch_text.read_text(encoding="utf-8").splitlines(), 1)
        if "name: touch" in text
    }
    assert {f["line"] for f in failures} == lines


def test_kiosk_refuses_a_low_contrast_screen_and_writes_nothing(
    run, dim_touch_text, tmp_path
) -> None:
    out = tmp_path / "out"
    result = run("--spec", dim_touch_text, "kiosk", "--unit", UNIT, "--out", out, "-q")
    assert result.exit_code == 1, result.output
    assert "kiosk_idle" in result.stderr
    assert "contrast" in result.stderr
    assert not out.exists() or files_under(out) == set()


# ---------------------------------------------------------------------------------------------
# 7. Design tokens and icons


def test_tokens_json_colours_are_the_spec_hex(run, spec_file) -> None:
    result = run("--spec", SAMPLE_SPEC, "tokens", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    colours = {k: v for k, v in document["color"].items() if not k.startswith("$")}
    brand = {n: c for n, c in spec_file.spec.colours.items() if not c.technical}
    assert set(colours) == set(brand)
    for name, token in colours.items():
        assert token["$type"] == "color"
        assert token["$value"].upper() == brand[name].hex.upper(), name


def test_tokens_css_parses_and_carries_the_spec_hex(run, spec_file) -> None:
    result = run("--spec", SAMPLE_SPEC, "tokens", "--format", "css")
    assert result.exit_code == 0, result.output
    rules = tinycss2.parse_stylesheet(result.stdout, skip_comments=True, skip_whitespace=True)
    errors = [r for r in rules if r.type == "error"]
    assert errors == []
    declarations: dict[str, str] = {}
    for rule in rules:
        if rule.type != "qualified-rule":
            continue
        for item in tinycss2.parse_declaration_list(
            rule.content, skip_comments=True, skip_whitespace=True
        ):
            assert item.type == "declaration", item
            declarations[item.name] = tinycss2.serialize(item.value).strip()
    for name, colour in spec_file.spec.colours.items():
        if not colour.technical:
            assert declarations[f"--color-{name}"].upper() == colour.hex.upper(), name


def test_icons_writes_every_size_and_an_ico(run, tmp_path) -> None:
    out = tmp_path / "site"
    result = run("--spec", SAMPLE_SPEC, "icons", "--out", out, "-q")
    assert result.exit_code == 0, result.output
    expected = {f"brand/icons/emblem-{s}.png" for s in ICON_SIZES} | {"brand/icons/emblem.ico"}
    assert files_under(out) == expected | {"manifest.json"}
    for size in ICON_SIZES:
        with Image.open(out / f"brand/icons/emblem-{size}.png") as image:
            assert image.size == (size, size)
    with Image.open(out / "brand/icons/emblem.ico") as ico:
        assert ico.format == "ICO"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = {e["path"]: e for e in manifest["files"]}
    assert set(entries) == expected
    for path, entry in entries.items():
        assert entry["asset"] == "icon"
        assert entry["unit"] is None
        assert entry["format"] == path.rsplit(".", 1)[1]


# ---------------------------------------------------------------------------------------------
# 8. Byte-identical output


def test_a_second_run_writes_identical_bytes(kiosk_run, tmp_path) -> None:
    """Run again in a fresh process, over a second later and with one worker: a timestamp in
    a file (an ICC profile's creation date, a PDF's) or an order that depends on the
    parallelism would show."""
    first, finished = kiosk_run
    time.sleep(max(0.0, 1.1 - (time.monotonic() - finished)))
    second = tmp_path / "again"
    command = [sys.executable, "-m", "brandkit", "--spec", str(SAMPLE_SPEC), "--jobs", "1"]
    command += ["kiosk", "--unit", UNIT, "--out", str(second), "-q"]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    names = files_under(first)
    assert files_under(second) == names
    pngs = sorted(n for n in names if n.endswith(".png"))
    assert len(pngs) == 13 + 2
    different = [n for n in pngs if (first / n).read_bytes() != (second / n).read_bytes()]
    assert different == []
    for name in sorted(names - set(pngs)):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


# ---------------------------------------------------------------------------------------------
# The ticket's counter line and its line logo


def ticket_lines(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        textpage = document[0].get_textpage()
        text = textpage.get_text_range()
        textpage.close()
    finally:
        document.close()
    return text.split("\r\n")


def test_ticket_proof_names_the_units_first_counter(kiosk_out, spec_file) -> None:
    unit = next(u for u in spec_file.spec.units if u.id == UNIT)
    first = unit.counters[0]
    assert f"Quầy: {first.number:02d} – {first.name}" in ticket_lines(kiosk_out / TICKET)


def test_a_unit_without_counters_gets_no_counter_line(spec_file) -> None:
    from brandkit.build.records import unit_record
    from brandkit.layout.template import is_drawn

    unit = next(u for u in spec_file.spec.units if u.id == UNIT)
    bare = unit.model_copy(update={"counters": []})
    spec = spec_file.spec.model_copy(
        update={"units": [bare if u.id == UNIT else u for u in spec_file.spec.units]}
    )
    record = unit_record(SpecFile(spec, spec_file.path, spec_file.source), bare)
    assert record.values["unit"]["first_counter"] == ""
    counter = next(e for e in spec.templates["ticket_proof"].elements if e.name == "counter")
    assert not is_drawn(counter, record)
    with_counters = unit_record(spec_file, unit)
    assert is_drawn(counter, with_counters)


def largest_black_area(image: Image.Image) -> int:
    """The pixel count of the largest 4-connected black region of a mode "1" image."""
    width, height = image.size
    black = {(x, y) for y in range(height) for x in range(width) if image.getpixel((x, y)) == 0}
    largest = 0
    while black:
        stack = [black.pop()]
        size = 0
        while stack:
            x, y = stack.pop()
            size += 1
            for near in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if near in black:
                    black.remove(near)
                    stack.append(near)
        largest = max(largest, size)
    return largest


@pytest.mark.parametrize("roll", THERMAL)
def test_thermal_logo_is_a_line_drawing(kiosk_out, roll) -> None:
    """No solid black area of the 1-bit ticket logo is more than a quarter of the mark (the
    solid emblem printed one black square: 80 % of it)."""
    dots = THERMAL[roll]
    with Image.open(kiosk_out / f"brand/ticket/emblem-line-{roll}-{dots}px.png") as image:
        image.load()
        box = image.point(lambda v: 255 - v).getbbox()  # the mark: where black is
        assert box is not None
        mark = image.crop(box)
    area = mark.width * mark.height
    assert largest_black_area(mark) < 0.25 * area
    assert mark.histogram()[0] > 0.15 * area  # still a mark, not a faint outline
