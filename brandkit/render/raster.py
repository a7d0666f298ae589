"""Logos as pixels for screens and devices: app icons, a favicon .ico and 1-bit thermal logos."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree
from PIL import Image, ImageCms

from brandkit.errors import AssetError, BrandkitError, Problem
from brandkit.i18n import Message
from brandkit.render.logos import _check_svg
from brandkit.units import css_length
from brandkit.user_cache import read_entry, write_entry

ICON_SIZES = (16, 32, 48, 64, 128, 180, 192, 256, 512)
"""Favicons (16–64), Apple touch icon (180), Android/PWA icons (192, 512) and sizes between."""

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
"""What Windows and browsers pick from in a favicon.ico; 256 is the format's largest."""

THERMAL_DPI = 203
"""The resolution of nearly every receipt and queue-ticket printer (8 dots per mm)."""

THERMAL_ROLLS = {"58mm": 384, "80mm": 576}
"""Printable width in dots of the two common roll widths at 203 dpi (48 mm and 72 mm)."""

THERMAL_LOGO_FRACTION = 0.6
"""The logo fits a square box this fraction of the paper width: a ticket header, not a poster.
A square emblem on a 58 mm roll is then 230 dots (29 mm) wide and tall; a wide wordmark keeps
the box's width and is shorter, a tall logo keeps its height and is narrower."""

THERMAL_MARGIN_FRACTION = 0.05
"""White above and below the logo, as a fraction of the paper width (19 dots, 2.4 mm, on 58 mm),
so the logo does not touch the tear-off edge or the first line of text."""

MAX_SIDE_PX = 8192
"""Refuse larger canvases: an icon or a ticket logo never needs more, and a typo in a size
should fail rather than allocate gigabytes."""


@dataclass(frozen=True)
class _Svg:
    """A logo that passed the safety check: the very tree that was checked, and its shape."""

    data: bytes
    aspect: float  # width / height of what cairosvg draws when given both output sizes
    display: str


def _aspect(root: Any, display: str) -> float:
    # Given both output sizes, cairosvg fits the viewBox into them (preserveAspectRatio), so the
    # viewBox is the shape of the drawing; without one, width × height is.
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        numbers = [float(v) for v in box]
    except ValueError:
        numbers = []
    if len(numbers) == 4 and numbers[2] > 0 and numbers[3] > 0:
        return numbers[2] / numbers[3]
    # Missing, a percentage or a font-relative unit: no intrinsic size.
    width, height = css_length(root.get("width")), css_length(root.get("height"))
    if width and height:
        return width / height
    raise AssetError(Problem(Message("the SVG has no size (set width/height or viewBox)"), display))


def _load_svg(svg_path: Path) -> _Svg:
    display = str(svg_path)
    root = _check_svg(Path(svg_path), display)
    # cairosvg gets the tree that was checked, not the file again (which could have changed).
    data = etree.tostring(root, encoding="utf-8")
    return _Svg(data, _aspect(root, display), display)


def _check_side(value: int, what: str) -> None:
    if not isinstance(value, int) or not 1 <= value <= MAX_SIDE_PX:
        raise ValueError(f"{what} must be a whole number of pixels from 1 to {MAX_SIDE_PX}")


def _fit(aspect: float, width: int, height: int) -> tuple[int, int]:
    """The largest whole-pixel size of shape `aspect` inside width × height (at least 1 × 1)."""
    if width / height > aspect:
        return max(1, min(width, round(height * aspect))), height
    return width, max(1, min(height, round(width / aspect)))


@lru_cache(maxsize=1)
def _cairosvg() -> Any:
    # Imported when first needed: loading libcairo takes a third of a second that commands
    # drawing no pixels should not pay, and a missing libcairo should say what to install.
    try:
        import cairosvg
    except (ImportError, OSError) as exc:  # OSError: cairocffi found no libcairo
        raise BrandkitError(
            f"drawing logos as pixels needs CairoSVG and the cairo library ({exc}); install "
            "them, e.g. `pip install cairosvg` and `apt-get install libcairo2`"
        ) from None
    return cairosvg


def _render(svg: _Svg, width: int, height: int) -> Image.Image:
    """`svg` fitted into and centred on a transparent width × height RGBA canvas."""
    cairosvg = _cairosvg()
    w, h = _fit(svg.aspect, width, height)
    try:
        png = cairosvg.svg2png(bytestring=svg.data, output_width=w, output_height=h, unsafe=False)
    except Exception as exc:  # cairosvg raises many kinds on odd SVGs; report, do not crash
        raise AssetError(
            Problem(Message("cannot draw the SVG: {reason}", reason=str(exc)), svg.display)
        ) from None
    with Image.open(io.BytesIO(png)) as drawn:
        logo = drawn.convert("RGBA")
    if logo.size != (w, h):  # cairo truncates fractional sizes; ours are whole, so never
        logo = logo.resize((w, h), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    # paste, not alpha_composite: on a fully transparent canvas the logo's pixels are copied
    # exactly, so a flat brand colour stays its exact hex.
    canvas.paste(logo, ((width - w) // 2, (height - h) // 2))
    return canvas


def render_logo(svg_path: Path, width_px: int, height_px: int | None = None) -> Image.Image:
    """The logo at `svg_path` as an RGBA image exactly `width_px` × `height_px` (square when no
    height is given): transparent background, the logo scaled to fit, keeping its shape, and
    centred. Unsafe SVG (DOCTYPE, scripts, images, outside references) raises AssetError."""
    height = width_px if height_px is None else height_px
    _check_side(width_px, "width_px")
    _check_side(height, "height_px")
    return _render(_load_svg(svg_path), width_px, height)


def logo_png(svg_path: Path, width_px: int) -> bytes:
    """`render_logo(svg_path, width_px)` as PNG bytes (zlib level 9; the same pixels give the
    same bytes), kept in the user's cache (`logos/`) by the digest of the logo's bytes, the
    size, this module and the installed cairosvg, cairocffi and Pillow: the office documents'
    mark, which would otherwise load libcairo in every process that writes one."""
    import base64

    key = _renders_key(svg_path, f"png {width_px}")
    if key is not None:
        kept = read_entry("logos", key)
        if isinstance(kept, dict) and isinstance(kept.get("png"), str):
            try:
                return base64.b64decode(kept["png"], validate=True)
            except ValueError:
                pass  # a damaged entry: drawn again, below
    data = _png(render_logo(svg_path, width_px))
    if key is not None:
        write_entry("logos", key, {"png": base64.b64encode(data).decode("ascii")})
    return data


CHECK_SIDE_PX = 32
"""The size `check_renders` draws at: enough for cairosvg to parse and draw every element (what
fails at 512 px fails here too, as cairosvg's work on a logo barely depends on the size)."""


def check_renders(svg_path: Path) -> None:
    """Raise AssetError if cairosvg cannot draw the logo at `svg_path` (what `icons` would fail
    on), by drawing it once, small. Without cairosvg and libcairo installed, nothing is
    checked: commands that draw no pixels do not need them.

    A logo drawn once is remembered in the user's cache (`logos/`) by the digest of its bytes,
    of this module and of the installed cairosvg and cairocffi, so the next build neither
    loads libcairo (a third of a second) nor draws it again; a logo that fails is never kept.
    """
    key = _renders_key(svg_path)
    if key is not None and read_entry("logos", key) is not None:
        return
    try:
        _cairosvg()
    except BrandkitError:
        return
    _render(_load_svg(svg_path), CHECK_SIDE_PX, CHECK_SIDE_PX)
    if key is not None:
        write_entry("logos", key, {"renders": True})


def _renders_key(svg_path: Path, what: str = "check") -> str | None:
    """What a drawing of the logo (`what`: the check, or a PNG of a size) depends on, as a
    digest; None when it cannot be told (the file or cairosvg is not there: the drawing then
    runs and says so)."""
    import hashlib

    libraries = drawing_libraries()
    if libraries is None:
        return None
    digest = hashlib.sha256(what.encode() + b"\0")
    try:
        digest.update(Path(svg_path).read_bytes())
    except OSError:
        return None
    digest.update(Path(__file__).read_bytes())
    digest.update(libraries.encode())
    return digest.hexdigest()


def drawing_libraries() -> str | None:
    """The installed cairosvg, cairocffi and Pillow (where each is and its size and date), for
    the keys of what the user's cache keeps of their drawings; None when one is not there."""
    from importlib.util import find_spec

    found = []
    try:
        for package in ("cairosvg", "cairocffi", "PIL"):
            spec = find_spec(package)
            if spec is None or spec.origin is None:
                return None
            stat = Path(spec.origin).stat()
            found.append(f"{spec.origin}\0{stat.st_size}\0{stat.st_mtime_ns}")
    except (OSError, ValueError, ImportError):
        return None
    return "\0".join(found)


@lru_cache(maxsize=1)
def srgb_icc_profile() -> bytes:
    """LittleCMS's built-in sRGB profile as ICC bytes, always the same bytes."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # LittleCMS stamps the profile with the time it was made (header bytes 24–35, six uint16:
    # year, month, day, hours, minutes, seconds); a fixed date makes icons byte-for-byte
    # reproducible. The profile ID (bytes 84–99), an MD5 that would cover the date, is left
    # zero by LittleCMS, which the ICC spec reads as "not computed", so it stays valid.
    profile[24:36] = b"\x07\xd0\x00\x01\x00\x01\x00\x00\x00\x00\x00\x00"  # 2000-01-01 00:00:00
    return bytes(profile)


def _png(image: Image.Image, **options: Any) -> bytes:
    buffer = io.BytesIO()
    # Pillow writes no time chunk unless asked, so equal pixels give equal bytes.
    image.save(buffer, format="PNG", compress_level=9, **options)
    return buffer.getvalue()


def _check_sizes(sizes: tuple[int, ...], largest: int) -> list[int]:
    if not sizes:
        raise ValueError("give at least one size")
    for size in sizes:
        _check_side(size, "every size")
        if size > largest:
            raise ValueError(f"sizes above {largest} px are not possible here (got {size})")
    return sorted(set(sizes))


def icon_set(svg_path: Path, sizes: tuple[int, ...] = ICON_SIZES) -> dict[int, bytes]:
    """PNG bytes of the logo per size, smallest first: exactly size × size pixels, RGBA, tagged
    with an sRGB ICC profile, each drawn from the vector at its own size (not scaled down from a
    big one, so small icons stay sharp). The same SVG always gives the same bytes."""
    svg = _load_svg(svg_path)
    icc = srgb_icc_profile()
    return {s: _png(_render(svg, s, s), icc_profile=icc) for s in _check_sizes(sizes, MAX_SIDE_PX)}


def ico_bytes(svg_path: Path, sizes: tuple[int, ...] = ICO_SIZES) -> bytes:
    """A Windows .ico (favicon.ico) holding the logo at every size in `sizes` (each at most 256,
    the format's limit), each drawn from the vector at its own size. Deterministic bytes."""
    svg = _load_svg(svg_path)
    ordered = _check_sizes(sizes, 256)
    images = [_render(svg, s, s) for s in reversed(ordered)]
    buffer = io.BytesIO()
    # Pillow takes each size from the image of exactly that size among append_images, and only
    # scales down for sizes it was not given, which here is none.
    images[0].save(buffer, format="ICO", sizes=[(s, s) for s in ordered], append_images=images[1:])
    return buffer.getvalue()


# Luma below 50 % prints: flat dark brand colours (blue, red) become solid black and light ones
# (gold, white) stay paper, which keeps a flat logo's shapes crisp at 8 dots per mm.
_THRESHOLD = [0] * 128 + [255] * 128


def thermal_logo(svg_path: Path, width_px: int, method: str = "threshold") -> Image.Image:
    """The logo for a thermal receipt or queue-ticket printer: a mode "1" image exactly
    `width_px` wide (384 for a 58 mm roll, 576 for 80 mm; see THERMAL_ROLLS), composited on white.

    The logo fits a square box THERMAL_LOGO_FRACTION of the width, centred, with white margins of
    THERMAL_MARGIN_FRACTION of the width above and below; the height follows from the logo's
    shape. `method` "threshold" makes every pixel of luma below 50 % black (crisp for flat
    logos); "dither" spreads grey levels with Floyd–Steinberg (for photos and gradients).

    In Pillow's mode "1" 0 is black and 255 white; BMP and PNG files carry that in their palette.
    ESC/POS raster commands (GS v 0) want the opposite, 1 = a burnt dot: invert when sending."""
    if method not in ("threshold", "dither"):
        raise ValueError(f"method must be 'threshold' or 'dither', not {method!r}")
    _check_side(width_px, "width_px")
    svg = _load_svg(svg_path)
    box = max(1, round(width_px * THERMAL_LOGO_FRACTION))
    w, h = _fit(svg.aspect, box, box)
    margin = round(width_px * THERMAL_MARGIN_FRACTION)
    logo = _render(svg, w, h)
    page = Image.new("RGB", (width_px, h + 2 * margin), (255, 255, 255))
    page.paste(logo, ((width_px - w) // 2, margin), logo)  # alpha-composite onto paper
    grey = page.convert("L")
    if method == "threshold":
        return grey.point(_THRESHOLD, "1")
    return grey.convert("1", dither=Image.Dither.FLOYDSTEINBERG)


def _check_1bit(image: Image.Image) -> None:
    if image.mode != "1":
        raise ValueError(f"a thermal logo is a mode '1' image, not mode {image.mode!r}")


def thermal_bmp(image: Image.Image) -> bytes:
    """`image` (mode "1", from thermal_logo) as a 1-bit BMP at 203 dpi, the format printer
    utilities and POS software most often load logos from. Deterministic bytes."""
    _check_1bit(image)
    buffer = io.BytesIO()
    image.save(buffer, format="BMP", dpi=(THERMAL_DPI, THERMAL_DPI))
    return buffer.getvalue()


def thermal_png(image: Image.Image) -> bytes:
    """`image` (mode "1", from thermal_logo) as a 1-bit PNG at 203 dpi. Deterministic bytes."""
    _check_1bit(image)
    return _png(image, dpi=(THERMAL_DPI, THERMAL_DPI))
