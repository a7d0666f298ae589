"""Photos for print: read within bounds, turned upright, every Pillow mode brought to 8 bits."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms

from brandkit.i18n import Message, os_reason

# A staff photo is a few megapixels; 50 Mpx (an 8,660 × 5,770 frame) is more than any camera
# gives a portrait. Past it one badge would take gigabytes (a 12,000 × 12,000 photo took
# 1.9 GB): refuse it with a message instead of leaving the bound to Pillow's warning.
MAX_PHOTO_PIXELS = 50_000_000
# Placed at more than this, a photo is reduced before it goes into the PDF: no press resolves
# finer, and a full-frame camera image would otherwise make every badge megabytes.
MAX_PLACED_DPI = 600

# EXIF orientations 5 to 8 turn the picture a quarter: its upright width is its stored height.
_ORIENTATION = 0x0112
_QUARTER_TURNS = (5, 6, 7, 8)
# The turn or mirror that makes each stored orientation upright (as ImageOps.exif_transpose,
# but read once from the file, so it holds for every mode converted on the way).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Modes whose colours mean the same with any embedded profile of the kind named.
_PROFILE_SPACE = {"L": "GRAY", "RGB": "RGB", "CMYK": "CMYK"}
# How the integer and float modes Pillow reads are taken to 8 bits: those it cannot convert
# itself without clipping (16-bit grey turned into RGB is all white).
_WIDE = ("I;16", "I;16L", "I;16B", "I;16N", "I", "F")


class PhotoError(ValueError):
    """A photo that cannot be placed; the message says why, for a person."""


@dataclass(frozen=True)
class PhotoInfo:
    """What layout needs of a photo: its upright size in pixels."""

    size: tuple[int, int]


def _open(path: Path) -> Image.Image:
    """The image at `path`, opened (not decoded) after its pixel count was checked."""
    if "\x00" in str(path):
        raise PhotoError(Message("the photo's file name contains a NUL character"))
    try:
        if not path.is_file():
            raise PhotoError(Message("no such photo file"))
    except OSError as exc:
        reason = os_reason(exc)
        raise PhotoError(Message("cannot read the photo: {reason}", reason=reason)) from None
    with warnings.catch_warnings():
        # Pillow's own bound (a warning, then an error at twice it) is global state shared
        # with every other use of Pillow; photos are held to MAX_PHOTO_PIXELS here instead.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(path)
        except Image.DecompressionBombError:
            raise PhotoError(_too_large(None)) from None
        except (OSError, SyntaxError, ValueError) as exc:
            message = Message("not a readable image ({reason})", reason=_reason(exc))
            raise PhotoError(message) from None
    width, height = image.size
    if width * height > MAX_PHOTO_PIXELS:
        image.close()
        raise PhotoError(_too_large((width, height)))
    if width < 1 or height < 1:
        image.close()
        raise PhotoError(Message("the photo has no pixels"))
    return image


def _too_large(size: tuple[int, int] | None) -> str:
    limit = f"{MAX_PHOTO_PIXELS / 1e6:.0f}"
    if size is None:
        return Message(
            "the photo has more pixels than the {limit} Mpx limit; use a smaller copy", limit=limit
        )
    w, h = size
    return Message(
        "the photo is {w} × {h} pixels ({mpx} Mpx), over the {limit} Mpx limit; use a smaller copy",
        w=f"{w:,}", h=f"{h:,}", mpx=f"{w * h / 1e6:.0f}", limit=limit,
    )  # fmt: skip


def _undecodable(exc: BaseException) -> str:
    return Message("the photo cannot be decoded ({reason})", reason=_reason(exc))


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(_ORIENTATION, 1)
    except Exception:  # damaged EXIF: Pillow raises what its parser meets
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def inspect_photo(path: Path) -> PhotoInfo:
    """Check the photo at `path` can be printed, decoding it: raises PhotoError saying why not
    (missing, not an image, too many pixels, cut short, a damaged colour profile, a colour
    mode that cannot be printed). The result is remembered per file version."""
    try:
        stat = path.stat()
    except (OSError, ValueError):
        stat = None
    key = (stat.st_mtime_ns, stat.st_size) if stat is not None else (0, 0)
    return _inspect(path, *key)


@lru_cache(maxsize=4096)
def _inspect(path: Path, mtime_ns: int, size: int) -> PhotoInfo:
    with _open(path) as image:
        width, height = image.size
        turned = _orientation(image) in _QUARTER_TURNS
        profile = _profile(image)  # a damaged embedded profile is found before drawing
        if image.format == "JPEG":
            # Decoded at an eighth of its size: every byte of the file is still read, so a
            # cut-short JPEG fails here, in a fraction of the time of a full decode.
            image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
        try:
            image.load()
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise PhotoError(_undecodable(exc)) from None
        except Image.DecompressionBombError:
            raise PhotoError(_too_large((width, height))) from None
        sample = _eight_bit(image.crop((0, 0, 1, 1)))  # a mode that cannot print fails here
        _check_profile(profile, {"RGBA": "RGB", "LA": "L"}.get(sample.mode, sample.mode))
    return PhotoInfo((height, width) if turned else (width, height))


def _profile(image: Image.Image) -> ImageCms.ImageCmsProfile | None:
    """The photo's embedded ICC profile, parsed; PhotoError if it is damaged."""
    data = image.info.get("icc_profile")
    if not data:
        return None
    try:
        return ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ValueError, TypeError, ImageCms.PyCMSError) as exc:
        message = Message(
            "its embedded ICC colour profile is damaged ({reason})", reason=_reason(exc)
        )
        raise PhotoError(message) from None


def _space(profile: ImageCms.ImageCmsProfile) -> str:
    return str(getattr(profile.profile, "xcolor_space", "")).strip()


def _check_profile(profile: ImageCms.ImageCmsProfile | None, mode: str) -> None:
    """Refuse an embedded profile made for another kind of image than the 8-bit `mode` the
    photo is printed from: its colours would mean something else."""
    if profile is None:
        return
    space = _space(profile)
    if space != _PROFILE_SPACE.get(mode):
        kinds = {"L": Message("greyscale"), "CMYK": Message("in CMYK")}
        raise PhotoError(
            Message(
                "its embedded ICC colour profile is for {space} images but the photo is {kind}; "
                "save it again without the profile",
                space=space or Message("unknown"), kind=kinds.get(mode, Message("in colour")),
            )
        )  # fmt: skip


def _eight_bit(image: Image.Image) -> Image.Image:
    """`image` in one of L, LA, RGB, RGBA, CMYK, every grey or colour where it was."""
    mode = image.mode
    if mode in ("L", "RGB", "CMYK", "LA", "RGBA"):
        return image
    if mode in _WIDE:
        return _wide_to_grey(image)
    if mode == "1":
        return image.convert("L")
    if mode in ("P", "PA"):
        transparent = mode == "PA" or "transparency" in image.info
        return image.convert("RGBA" if transparent else "RGB")
    if mode == "LAB":
        transform = ImageCms.buildTransform(
            ImageCms.createProfile("LAB"), ImageCms.createProfile("sRGB"), "LAB", "RGB"
        )
        converted = ImageCms.applyTransform(image, transform)
        assert converted is not None
        return converted
    if mode in ("La", "RGBa"):
        return image.convert(mode.upper())
    try:
        return image.convert("RGB")  # YCbCr, HSV, RGBX …
    except (ValueError, OSError) as exc:
        message = Message(
            "the photo's colour mode {mode} cannot be printed ({reason})", mode=mode, reason=exc
        )
        raise PhotoError(message) from None


def _wide_to_grey(image: Image.Image) -> Image.Image:
    """16-bit, 32-bit integer and float grey → 8-bit grey, by the range the values use.

    16-bit files (PNG, TIFF) fill 0–65535. A 32-bit integer or float image says nothing of
    its range: one whose values lie within 0–1 (float), 0–255 or 0–65535 is read as that;
    anything else (scientific images) is stretched from its least value to its most.
    """
    if image.mode.startswith("I;16"):
        scale, offset = 255 / 65535, 0.0
        grey = image.convert("I")
    else:
        grey = image
        extrema = grey.getextrema()
        low, high = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]
        if low >= 0 and high <= 1.0 and grey.mode == "F":
            scale, offset = 255.0, 0.0
        elif low >= 0 and high <= 255:
            scale, offset = 1.0, 0.0
        elif low >= 0 and high <= 65535:
            scale, offset = 255 / 65535, 0.0
        else:
            scale = 255 / (high - low) if high > low else 1.0
            offset = -low * scale
    scaled = grey.convert("F").point(lambda v: v * scale + offset)
    return scaled.convert("L")  # rounds and clips to 0–255


def photo_for_print(
    path: Path, box: tuple[float, float], fit: str
) -> tuple[Image.Image, ImageCms.ImageCmsProfile | None]:
    """The photo at `path` ready to separate for print, and its embedded colour profile: upright,
    cropped to the `box` (w, h in points) for `cover`, at most MAX_PLACED_DPI, on white paper
    where transparent, in L, RGB or CMYK with 8 bits a channel. PhotoError says why not."""
    with _open(path) as source:
        orientation = _orientation(source)
        wanted = [max(1, round(side / 72 * MAX_PLACED_DPI)) for side in box]
        if orientation in _QUARTER_TURNS:
            wanted.reverse()
        if source.format == "JPEG":
            # A JPEG far larger than its place is decoded at 1/2, 1/4 or 1/8 straight away
            # (never below the size it prints at): a 40 Mpx photo does not take its full memory.
            source.draft(source.mode, (wanted[0], wanted[1]))
        profile = _profile(source)
        try:
            source.load()
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise PhotoError(_undecodable(exc)) from None
        image = _eight_bit(source)
        if orientation != 1:
            image = image.transpose(_UPRIGHT[orientation])
        image = _crop(image, box[0] / box[1], fit)
        image = _reduce(image, box, fit)
        image = _on_paper(image)
        _check_profile(profile, image.mode)
        if image is source:
            image = source.copy()  # the opened image is closed on leaving this block
        return image, profile


def _crop(image: Image.Image, aspect: float, fit: str) -> Image.Image:
    if fit != "cover":
        return image
    w, h = image.size
    if w / h > aspect:
        new_w = max(1, round(h * aspect))
        left = (w - new_w) // 2
        return image.crop((left, 0, left + new_w, h))
    new_h = max(1, round(w / aspect))
    upper = (h - new_h) // 2
    return image.crop((0, upper, w, upper + new_h))


def _reduce(image: Image.Image, box: tuple[float, float], fit: str) -> Image.Image:
    w, h = image.size
    pick = max if fit == "cover" else min
    dpi = 72 / pick(box[0] / w, box[1] / h)
    if dpi <= MAX_PLACED_DPI * 1.05:
        return image
    factor = MAX_PLACED_DPI / dpi
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _on_paper(image: Image.Image) -> Image.Image:
    """`image` with any transparency flattened onto white paper (not black)."""
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat = Image.alpha_composite(paper, rgba)
        return flat.convert("L" if image.mode == "LA" else "RGB")
    return image
