"""Brand-wide files a build writes once, not per unit: design tokens, app icons, ticket logos."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brandkit.errors import AssetError
from brandkit.fonts import load_fonts
from brandkit.i18n import Message
from brandkit.render.raster import (
    ICON_SIZES,
    THERMAL_ROLLS,
    drawing_libraries,
    ico_bytes,
    icon_set,
    thermal_bmp,
    thermal_logo,
    thermal_png,
)
from brandkit.spec.load import SpecFile
from brandkit.spec.model import LogoElement
from brandkit.tokens import design_tokens, tokens_css
from brandkit.user_cache import read_entry, write_entry

BRAND_DIR = "brand"
"""The folder of the output these files go in."""


@dataclass(frozen=True)
class BrandFile:
    """One file to write: `path` relative to the output folder (with `/`), what it is (`asset`
    and `format` as in the manifest), its bytes, and its pixel size when it is one image."""

    path: str
    asset: str
    format: str
    data: bytes
    pixels: tuple[int, int] | None = None


def brand_files(spec_file: SpecFile, *, ticket_method: str = "threshold") -> list[BrandFile]:
    """Every brand-wide file, in a fixed order, with unique paths and the same bytes for the
    same spec and logo:

    - `brand/tokens.json` (DTCG design tokens) and `brand/tokens.css` (custom properties);
    - for the spec's first logo (the brand emblem), `brand/icons/<logo>-<size>.png` per size of
      ICON_SIZES and `brand/icons/<logo>.ico`; none when the spec has no logos;
    - `brand/ticket/<logo>-<roll>-<dots>px.png` and `.bmp`, 1-bit, for 58 mm and 80 mm thermal
      rolls (thresholded unless `ticket_method` is "dither"), of the logo the spec's
      monochrome templates draw (its line version), else of the emblem.

    Font and logo problems raise FontError and AssetError located at the spec's lines."""
    spec = spec_file.spec
    fonts = load_fonts(spec_file)
    tokens = json.dumps(design_tokens(spec, fonts), ensure_ascii=False, indent=2) + "\n"
    out = [
        BrandFile(f"{BRAND_DIR}/tokens.json", "tokens", "json", tokens.encode("utf-8")),
        BrandFile(f"{BRAND_DIR}/tokens.css", "tokens", "css", tokens_css(spec, fonts).encode()),
    ]
    if not spec.logos:
        return out
    return out + _logo_files(spec_file, ticket_method)


def _logo_files(spec_file: SpecFile, ticket_method: str) -> list[BrandFile]:
    """The icons and ticket logos (see brand_files), kept in the user's cache (`brand/`) by
    the digest of what they are drawn from: the two logos' names and bytes, `ticket_method`,
    this module and the raster module, and the installed cairosvg, cairocffi and Pillow. A
    build into a new folder (a unit's preview, another checkout) or after an edit elsewhere
    in the spec then neither loads libcairo nor draws them again: a second or two. Only files
    drawn without a problem are kept; an entry that does not read back is drawn again."""
    spec = spec_file.spec
    # The first logo the spec lists is the emblem: dicts keep the YAML's order.
    emblem = next(iter(spec.logos.items()))
    ticket = ticket_logo(spec_file)
    key = _logo_files_key(spec_file, emblem, ticket, ticket_method=ticket_method)
    if key is not None:
        kept = _files_of(read_entry("brand", key))
        if kept is not None:
            return kept
    out: list[BrandFile] = []
    name, relative = emblem
    try:
        svg = spec_file.resolve(relative)
        for size, data in icon_set(svg, ICON_SIZES).items():
            path = f"{BRAND_DIR}/icons/{name}-{size}.png"
            out.append(BrandFile(path, "icon", "png", data, (size, size)))
        # An .ico holds several sizes, so it has no one pixel size.
        out.append(BrandFile(f"{BRAND_DIR}/icons/{name}.ico", "icon", "ico", ico_bytes(svg)))
        name, relative = ticket
        svg = spec_file.resolve(relative)
        for roll, dots in THERMAL_ROLLS.items():
            image = thermal_logo(svg, dots, ticket_method)
            stem = f"{BRAND_DIR}/ticket/{name}-{roll}-{dots}px"
            out.append(
                BrandFile(f"{stem}.png", "ticket_logo", "png", thermal_png(image), image.size)
            )
            out.append(
                BrandFile(f"{stem}.bmp", "ticket_logo", "bmp", thermal_bmp(image), image.size)
            )
    except AssetError as exc:
        # The renderer names the SVG file; the designer also needs the spec line naming it.
        problems = [
            spec_file.problem(
                ("logos", name), Message("{file}: {message}", file=relative, message=p.message)
            )
            for p in exc.problems
        ]
        raise AssetError(problems) from None
    if key is not None:
        write_entry("brand", key, [_entry_of(f) for f in out])
    return out


def _logo_files_key(spec_file: SpecFile, *logos: tuple[str, str], ticket_method: str) -> str | None:
    """The digest `_logo_files` keeps its files under; None when it cannot be told (a logo
    or cairosvg is missing: drawing then says what is wrong)."""
    from brandkit.render import raster

    libraries = drawing_libraries()
    if libraries is None:
        return None
    digest = hashlib.sha256(f"{ticket_method}\0{libraries}".encode())
    try:
        for name, relative in logos:
            digest.update(f"\0{name}\0".encode())
            digest.update(hashlib.sha256(spec_file.resolve(relative).read_bytes()).digest())
        for module in (__file__, raster.__file__):
            digest.update(hashlib.sha256(Path(module).read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


def _entry_of(file: BrandFile) -> dict[str, Any]:
    return {
        "path": file.path,
        "asset": file.asset,
        "format": file.format,
        "data": base64.b64encode(file.data).decode("ascii"),
        "pixels": list(file.pixels) if file.pixels is not None else None,
    }


def _files_of(entry: Any) -> list[BrandFile] | None:
    """The files of a cache entry, or None when it is not a list of well-formed files."""
    if not isinstance(entry, list):
        return None
    files = []
    try:
        for item in entry:
            pixels = item["pixels"]
            files.append(
                BrandFile(
                    path=str(item["path"]),
                    asset=str(item["asset"]),
                    format=str(item["format"]),
                    data=base64.b64decode(item["data"], validate=True),
                    pixels=(int(pixels[0]), int(pixels[1])) if pixels is not None else None,
                )
            )
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    return files


def ticket_logo(spec_file: SpecFile) -> tuple[str, str]:
    """(name, path) of the logo a one-colour thermal printer prints: the first logo a
    monochrome template draws (a line version: a solid mark prints as a black blot), else
    the spec's first logo. The spec must have logos."""
    logos = spec_file.spec.logos
    for template in spec_file.spec.templates.values():
        if not template.monochrome:
            continue
        for element in template.elements:
            if isinstance(element, LogoElement):
                return element.logo, logos[element.logo]
    return next(iter(logos.items()))
