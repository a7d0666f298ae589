"""Brand-wide files a build writes once, not per unit: design tokens, app icons, ticket logos."""

from __future__ import annotations

import json
from dataclasses import dataclass

from brandkit.errors import AssetError
from brandkit.fonts import load_fonts
from brandkit.i18n import Message
from brandkit.render.raster import (
    ICON_SIZES,
    THERMAL_ROLLS,
    ico_bytes,
    icon_set,
    thermal_bmp,
    thermal_logo,
    thermal_png,
)
from brandkit.spec.load import SpecFile
from brandkit.spec.model import LogoElement
from brandkit.tokens import design_tokens, tokens_css

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
    # The first logo the spec lists is the emblem: dicts keep the YAML's order.
    name, relative = next(iter(spec.logos.items()))
    svg = spec_file.resolve(relative)
    try:
        for size, data in icon_set(svg, ICON_SIZES).items():
            path = f"{BRAND_DIR}/icons/{name}-{size}.png"
            out.append(BrandFile(path, "icon", "png", data, (size, size)))
        # An .ico holds several sizes, so it has no one pixel size.
        out.append(BrandFile(f"{BRAND_DIR}/icons/{name}.ico", "icon", "ico", ico_bytes(svg)))
        name, relative = ticket_logo(spec_file)
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
    return out


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
