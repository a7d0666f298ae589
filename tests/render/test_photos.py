"""Staff photos in the print PDF: any kind of image becomes CMYK with its grey or colour (every
mode Pillow reads, 16-bit grey included), upright by its EXIF orientation, sharpness checked,
bounded in pixels, and decoded while laying out so a bad file names its row."""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageCms

from brandkit.build import Options, build, staff_record, validate
from brandkit.build.work import Worker
from brandkit.data.staff import Staff
from brandkit.errors import AssetError
from brandkit.fonts import font_paths, load_fonts
from brandkit.layout.page import ImageItem, Page
from brandkit.layout.template import Layout, layout_page, make_inks
from brandkit.photos import MAX_PHOTO_PIXELS, PhotoError, inspect_photo
from brandkit.render.logos import load_logo
from brandkit.render.pdf import PdfRenderer
from brandkit.render.png import rasterise
from brandkit.units import mm
from tests.cli.conftest import invoke
from tests.conftest import SAMPLE_SPEC, SPECS_DIR

PHOTO_BOX_MM = (27, 50.5, 24, 32)  # x, y, w, h of the photo on the sample badge


def build_with_photos(tmp_path: Path, write_staff, photos: dict[str, Image.Image]):
    (tmp_path / "photos").mkdir(exist_ok=True)
    rows = []
    for i, (name, image) in enumerate(photos.items(), start=1):
        image.save(tmp_path / "photos" / name)
        rows.append((f"P{i}", f"Người Thứ {i}", "Chuyên viên", "phuong-tay-ho", f"photos/{name}"))
    staff = write_staff("staff.csv", rows)
    out = tmp_path / "out"
    options = Options(spec=SAMPLE_SPEC, out=out, jobs=1, quiet=True, staff=staff)
    report = build(options, assets=("badge",))
    return report, out / "phuong-tay-ho" / "badges" / "phuong-tay-ho-badges.pdf"


def photo_centre(pdf_path: Path, page_index: int) -> tuple[int, int, int]:
    """The proof colour at the centre of the photo box."""
    document = pdfium.PdfDocument(pdf_path)
    try:
        page = document[page_index]
        scale = 100 / 72
        image = page.render(scale=scale).to_pil().convert("RGB")
        left, _, _, top = page.get_trimbox()
        x, y, w, h = PHOTO_BOX_MM
        px = round((left + mm(x + w / 2)) * scale)
        py = round((page.get_mediabox()[3] - top + mm(y + h / 2)) * scale)
        page.close()
        return image.getpixel((px, py))
    finally:
        document.close()


def test_every_kind_of_photo_becomes_cmyk(tmp_path, write_staff) -> None:
    photos = {
        "rgb.jpg": Image.new("RGB", (300, 400), (200, 120, 90)),
        "grey.jpg": Image.new("L", (300, 400), 128),
        "cmyk.jpg": Image.new("CMYK", (300, 400), (0, 40, 60, 10)),
        "palette.png": Image.new("RGB", (300, 400), (30, 90, 160)).convert("P"),
        "wide.png": Image.new("RGB", (900, 400), (90, 160, 30)),  # cropped to fill the box
    }
    report, pdf_path = build_with_photos(tmp_path, write_staff, photos)
    assert report.warnings == []
    with pikepdf.open(pdf_path) as pdf:
        images = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
        assert len(images) == len(photos)
        for image in images:
            assert image.ColorSpace == "/DeviceCMYK"
            # "cover": cropped to the box's aspect, not squeezed.
            assert int(image.Width) / int(image.Height) == pytest.approx(24 / 32, abs=0.01)


def test_a_low_resolution_photo_is_named_in_a_warning(tmp_path, write_staff) -> None:
    photos = {"sharp.jpg": Image.new("RGB", (300, 400)), "tiny.jpg": Image.new("RGB", (60, 80))}
    report, _ = build_with_photos(tmp_path, write_staff, photos)
    (warning,) = report.warnings
    assert "Người Thứ 2 (P2)" in warning
    assert "tiny.jpg" in warning
    assert "63 dpi" in warning  # 60 × 80 px filling the 24 × 32 mm photo box
    assert ":3: " in warning  # the row of the staff list


def test_validate_names_a_low_resolution_photo_without_writing(tmp_path, write_staff) -> None:
    Image.new("RGB", (60, 80)).save(tmp_path / "tiny.jpg")
    row = ("P1", "Người Thứ 1", "Chuyên viên", "phuong-tay-ho", "tiny.jpg")
    staff = write_staff("staff.csv", [row])
    out = tmp_path / "out"
    report = validate(Options(spec=SAMPLE_SPEC, out=out, jobs=1, quiet=True, staff=staff))
    (warning,) = report.warnings
    assert "tiny.jpg" in warning and "dpi" in warning
    assert not out.exists()


def test_a_transparent_photo_prints_on_paper_not_black(tmp_path, write_staff) -> None:
    cut_out = Image.new("RGBA", (300, 400), (0, 0, 0, 0))  # a portrait with no background
    cut_out.paste((40, 60, 120, 255), (100, 300, 200, 400))  # the shoulders, at the bottom
    _, pdf_path = build_with_photos(tmp_path, write_staff, {"cut-out.png": cut_out})
    assert min(photo_centre(pdf_path, 0)) > 230  # the background is paper white


# --- one badge laid out and rendered per photo ---------------------------------------------------

DPI = 150
SIZE = (60, 80)  # a portrait, the badge's photo box's shape


@pytest.fixture(scope="module")
def badge(sample_spec):
    spec = sample_spec.spec
    layout = Layout("badge", spec.templates["badge"], make_inks(spec), load_fonts(sample_spec))
    unit = next(u for u in spec.units if u.id == "phuong-tay-ho")
    inks = make_inks(spec)
    logos = {n: load_logo(sample_spec.resolve(p), inks, p) for n, p in spec.logos.items()}
    press = Worker.output_intent(sample_spec).profile
    renderers = {
        "press": PdfRenderer(font_paths(sample_spec), logos, cmyk_profile=press),
        "plain": PdfRenderer(font_paths(sample_spec), logos, cmyk_profile=None),
    }
    return spec, layout, unit, renderers


def lay_out_badge(badge, photo: Path, row: int = 12) -> Page:
    spec, layout, unit, _ = badge
    person = Staff("CB1", "Lê Văn Tám", "Chuyên viên", unit.id, photo, "staff.csv", row)
    return layout_page(layout, staff_record(person, unit, spec))


def photo_pixels(badge, photo: Path, renderer: str = "press") -> Image.Image:
    """The photo box of a badge rendered with `photo`, as RGB pixels (the box's middle 80 %)."""
    page = lay_out_badge(badge, photo)
    [item] = [i for i in page.items if isinstance(i, ImageItem)]
    buffer = io.BytesIO()
    badge[3][renderer].render([page], buffer, "photo", "test")
    [image] = rasterise(buffer.getvalue(), dpi=DPI)
    s = DPI / 72
    dx, dy = item.w * 0.1, item.h * 0.1
    box = (item.x + dx, item.y + dy, item.x + item.w - dx, item.y + item.h - dy)
    return image.crop(tuple(round(v * s) for v in box))  # type: ignore[arg-type]


def mean(image: Image.Image) -> tuple[float, float, float]:
    stats = image.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    assert isinstance(stats, tuple)
    return float(stats[0]), float(stats[1]), float(stats[2])


def grey_of(image: Image.Image) -> float:
    r, g, b = mean(image)
    assert max(r, g, b) - min(r, g, b) < 30, (r, g, b)  # neutral, not tinted
    return (r + g + b) / 3


# --- every mode --------------------------------------------------------------------------------

# mode → (how the file is written, what the placed photo must look like): an 8-bit grey
# level, or "red" / "blue" for colour. TIFF carries the modes PNG and JPEG cannot.
GREY_30 = round(0.3 * 255)
MODES: dict[str, tuple[Callable[[Path], Path], int | str]] = {}


def _file(mode: str, value: object, fmt: str, **extra: object) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / f"photo-{mode.replace(';', '')}.{fmt.lower()}"
        Image.new(mode, SIZE, value).save(path, fmt, **extra)  # type: ignore[arg-type]
        with Image.open(path) as check:
            assert check.mode == mode, (check.mode, mode)  # really read back in that mode
        return path

    return make


def _palette(folder: Path) -> Path:
    """A palette PNG with a transparent entry: the left half red, the right half transparent."""
    image = Image.new("P", SIZE, 0)
    image.putpalette([200, 30, 30, 0, 0, 0])
    image.paste(1, (SIZE[0] // 2, 0, SIZE[0], SIZE[1]))
    path = folder / "photo-P.png"
    image.save(path, transparency=1)
    return path


MODES.update(
    {
        "1": (_file("1", 0, "PNG"), 0),
        "L": (_file("L", 100, "PNG"), 100),
        "LA": (_file("LA", (100, 255), "PNG"), 100),
        "P": (_palette, "red"),
        "RGB-jpeg": (_file("RGB", (200, 30, 30), "JPEG", quality=95), "red"),
        "RGB-png": (_file("RGB", (200, 30, 30), "PNG"), "red"),
        "RGBA": (_file("RGBA", (30, 30, 200, 255), "PNG"), "blue"),
        "CMYK-jpeg": (_file("CMYK", (0, 0, 0, 160), "JPEG", quality=95), 95),
        "CMYK-tiff": (_file("CMYK", (0, 0, 0, 160), "TIFF"), 95),
        "I;16-png": (_file("I;16", 20000, "PNG"), round(20000 / 65535 * 255)),
        "I;16-tiff": (_file("I;16", 20000, "TIFF"), round(20000 / 65535 * 255)),
        "I;16B": (_file("I;16B", 20000, "TIFF"), round(20000 / 65535 * 255)),
        "I": (_file("I", 40000, "TIFF"), round(40000 / 65535 * 255)),
        "F": (_file("F", 0.3, "TIFF"), GREY_30),
        "YCbCr": (_file("YCbCr", (100, 128, 128), "TIFF"), 100),
        "LAB": (_file("LAB", (round(0.5 * 255), 128, 128), "TIFF"), 119),  # L* 50: sRGB 119
    }
)


@pytest.mark.parametrize("renderer", ["press", "plain"])
@pytest.mark.parametrize("case", sorted(MODES))
def test_every_mode_prints_its_grey_or_colour(badge, tmp_path: Path, case: str, renderer) -> None:
    make, expected = MODES[case]
    pixels = photo_pixels(badge, make(tmp_path), renderer)
    if case == "P":  # left half red, right half transparent: paper white, not black
        w, h = pixels.size
        left, right = pixels.crop((0, 0, w // 3, h)), pixels.crop((2 * w // 3, 0, w, h))
        r, g, b = mean(left)
        assert r > g + 60 and r > b + 60, (r, g, b)
        assert min(mean(right)) > 235, mean(right)
        return
    if expected == "red":
        r, g, b = mean(pixels)
        assert r > g + 60 and r > b + 60, (r, g, b)
    elif expected == "blue":
        r, g, b = mean(pixels)
        assert b > r + 40 and b > g + 40, (r, g, b)
    else:
        assert isinstance(expected, int)
        grey = grey_of(pixels)
        assert grey < 245, f"{case}: a blank box ({grey:.0f})"
        # A press profile maps greys a little differently from sRGB; 35 levels keep the
        # test about the right grey, not the press's curve.
        assert abs(grey - expected) < 35, (case, grey, expected)


def test_a_transparent_photo_prints_on_white_paper(badge, tmp_path: Path) -> None:
    path = tmp_path / "clear.png"
    Image.new("LA", SIZE, (0, 0)).save(path)
    assert min(mean(photo_pixels(badge, path))) > 240


# --- EXIF orientation ----------------------------------------------------------------------------

QUADRANTS = (20, 90, 160, 230)  # grey of the upright top-left, top-right, bottom-left, bottom-right
# How a camera stores an upright picture for each orientation: the inverse of the turn that
# makes it upright again.
STORED = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def upright_quadrants(size: tuple[int, int] = SIZE) -> Image.Image:
    image = Image.new("L", size)
    w, h = size
    for i, grey in enumerate(QUADRANTS):
        x, y = (i % 2) * w // 2, (i // 2) * h // 2
        image.paste(grey, (x, y, x + w // 2, y + h // 2))
    return image.convert("RGB")


def stored_photo(folder: Path, orientation: int, size: tuple[int, int] = SIZE) -> Path:
    image = upright_quadrants(size)
    turn = STORED[orientation]
    if turn is not None:
        image = image.transpose(turn)
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = folder / f"oriented-{orientation}.jpg"
    image.save(path, "JPEG", quality=95, exif=exif.tobytes())
    return path


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_photo_is_printed_upright_whatever_its_exif_orientation(
    badge, tmp_path: Path, orientation: int
) -> None:
    pixels = photo_pixels(badge, stored_photo(tmp_path, orientation))
    w, h = pixels.size
    found = []
    for i in range(4):
        x, y = (i % 2) * w // 2, (i // 2) * h // 2
        quarter = pixels.crop((x + w // 8, y + h // 8, x + w // 2 - w // 8, y + h // 2 - h // 8))
        found.append(grey_of(quarter))
    assert found == sorted(found), found  # top-left darkest … bottom-right lightest
    assert found[3] - found[0] > 120, found


@pytest.mark.parametrize("orientation", range(1, 9))
def test_the_placed_resolution_uses_the_upright_size(
    badge, tmp_path: Path, orientation: int
) -> None:
    path = stored_photo(tmp_path, orientation, (600, 800))
    assert inspect_photo(path).size == (600, 800)
    page = lay_out_badge(badge, path)
    [item] = [i for i in page.items if isinstance(i, ImageItem)]
    assert item.dpi == pytest.approx(72 * 600 / item.w, rel=0.01)


# --- bounds and bad files -------------------------------------------------------------------------


def png_header(path: Path, width: int, height: int) -> Path:
    """A PNG that says it is `width` × `height` (grey), with one tiny IDAT: nothing to decode
    is needed to be refused on its size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


@pytest.mark.parametrize(
    "size", [(8000, 7000), (12_000, 12_000), (20_000, 20_000), (100_000, 100_000)]
)
def test_too_many_pixels_is_a_located_error_not_a_pillow_warning(
    badge, tmp_path: Path, size: tuple[int, int]
) -> None:
    path = png_header(tmp_path / "huge.png", *size)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a DecompressionBombWarning would fail here
        with pytest.raises(AssetError) as info:
            lay_out_badge(badge, path, row=12)
    [problem] = info.value.problems
    assert (problem.file, problem.line, problem.field) == ("staff.csv", 12, "photo")
    assert f"{MAX_PHOTO_PIXELS / 1e6:.0f} Mpx" in problem.message


def test_a_photo_at_the_limit_is_accepted_without_decoding_it_all(tmp_path: Path) -> None:
    # 7,000 × 7,000 = 49 Mpx: under the limit. Only its header is valid, so it fails on
    # decoding, not on its size.
    path = png_header(tmp_path / "big.png", 7000, 7000)
    with pytest.raises(PhotoError) as info:
        inspect_photo(path)
    assert "Mpx" not in str(info.value)


def truncated_jpeg(folder: Path) -> Path:
    data = (SPECS_DIR / "data" / "photos" / "CB00076.jpg").read_bytes()
    path = folder / "cut.jpg"
    path.write_bytes(data[: len(data) * 6 // 10])
    return path


def bad_icc_jpeg(folder: Path) -> Path:
    path = folder / "bad-icc.jpg"
    Image.new("RGB", SIZE, (200, 30, 30)).save(path, "JPEG", icc_profile=b"not a profile" * 20)
    return path


def other_space_profile(folder: Path) -> Path:
    """A colour JPEG tagged with a Lab profile: a profile for images of another kind."""
    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    path = folder / "lab-profile.jpg"
    Image.new("RGB", SIZE, (200, 30, 30)).save(path, "JPEG", icc_profile=lab)
    return path


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (truncated_jpeg, "cannot be decoded"),
        (bad_icc_jpeg, "ICC colour profile is damaged"),
        (other_space_profile, "ICC colour profile is for Lab images"),
        (lambda folder: (folder / "x.jpg").write_bytes(b"not an image") and folder / "x.jpg",
         "not a readable image"),
    ],
)  # fmt: skip
def test_a_bad_photo_is_found_while_laying_out_and_names_its_row(
    badge, tmp_path: Path, make: Callable[[Path], Path], expected: str
) -> None:
    with pytest.raises(AssetError) as info:
        lay_out_badge(badge, make(tmp_path), row=12)
    [problem] = info.value.problems
    assert (problem.file, problem.line, problem.field) == ("staff.csv", 12, "photo")
    assert expected in problem.message


def test_a_profile_of_another_colour_space_is_refused(badge, tmp_path: Path) -> None:
    with pytest.raises(AssetError, match="ICC colour profile is for Lab images"):
        lay_out_badge(badge, other_space_profile(tmp_path))


@pytest.mark.parametrize(
    ("make", "expected"),
    [(truncated_jpeg, "cannot be decoded"), (bad_icc_jpeg, "ICC colour profile is damaged")],
)
def test_validate_names_the_row_of_a_bad_photo(
    write_staff, tmp_path: Path, make: Callable[[Path], Path], expected: str
) -> None:
    photo = make(tmp_path)
    staff = write_staff(
        "staff.csv",
        [
            ("X1", "Lê Văn Tám", "Chuyên viên", "phuong-tay-ho"),
            ("X2", "Lê Văn Năm", "Chuyên viên", "phuong-tay-ho", photo.name),
        ],
    )
    result = invoke("--spec", SAMPLE_SPEC, "validate", "--staff", staff)
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.stderr.splitlines() if expected in ln]
    assert lines, result.stderr
    assert all("staff.csv:3: photo: " in ln for ln in lines), lines
    assert "cannot write output" not in result.stderr
