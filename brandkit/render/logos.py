"""Logos: SVG loaded safely, kept vector, every colour mapped to a brand CMYK ink."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color, HexColor
from svglib.svglib import SvgRenderer

from brandkit.errors import AssetError, Problem
from brandkit.layout.page import Ink

# Elements that would pull in another file, run code or carry raster pixels (which would be
# RGB in a print PDF); a logo is plain vector shapes in brand colours.
_FORBIDDEN = {"image", "script", "foreignObject", "feImage", "iframe", "audio", "video"}
_HREF = ("href", "{http://www.w3.org/1999/xlink}href")


def _check_svg(path: Path, display: str) -> Any:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True,
    )  # fmt: skip
    try:
        tree = etree.parse(str(path), parser)
    except (OSError, etree.XMLSyntaxError) as exc:
        raise AssetError(Problem(f"not a readable SVG file: {exc}", display)) from None
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise AssetError(
            Problem("SVG with a DOCTYPE is refused (entities could expand or read files)", display)
        )
    root = tree.getroot()
    if etree.QName(root).localname != "svg":
        raise AssetError(Problem("the root element is not <svg>", display))
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        name = etree.QName(node).localname
        if name in _FORBIDDEN:
            raise AssetError(
                Problem(f"<{name}> is not allowed in a logo (line {node.sourceline})", display)
            )
        for attr in _HREF:
            ref = node.get(attr)
            if ref is not None and not ref.startswith("#"):
                raise AssetError(
                    Problem(
                        f"reference to {ref!r} outside the file (line {node.sourceline}); "
                        "a logo must be self-contained",
                        display,
                    )
                )
        if name == "style" and node.text and ("url(" in node.text or "@import" in node.text):
            raise AssetError(
                Problem(f"<style> loading other files (line {node.sourceline})", display)
            )
    return root


def _hex(colour: Color) -> str:
    r, g, b = (round(v * 255) for v in colour.rgb())
    return f"#{r:02X}{g:02X}{b:02X}"


def _to_ink(colour: Color, inks: dict[str, Ink], unknown: set[str], screen: bool) -> Color:
    if isinstance(colour, CMYKColor):
        return colour
    key = _hex(colour)
    ink = next((i for i in inks.values() if i.hex == key), None)
    if ink is None:
        unknown.add(key)
        return colour
    alpha = getattr(colour, "alpha", 1) or 1
    if screen:  # exactly the brand's hex, in sRGB
        base = HexColor(ink.hex)
        return Color(base.red, base.green, base.blue, alpha=alpha)
    return cmyk_colour(ink, alpha=alpha)


def cmyk_colour(ink: Ink, alpha: float = 1) -> CMYKColor:
    """The reportlab colour for `ink`: a Separation when it names a spot colour."""
    c, m, y, k = ink.cmyk
    if ink.spot:
        return CMYKColorSep(c, m, y, k, spotName=ink.spot, alpha=alpha)
    return CMYKColor(c, m, y, k, alpha=alpha)


def _recolour(node: Any, inks: dict[str, Ink], unknown: set[str], screen: bool) -> None:
    for attr in ("fillColor", "strokeColor"):
        colour = getattr(node, attr, None)
        if isinstance(colour, Color):
            setattr(node, attr, _to_ink(colour, inks, unknown, screen))
    if isinstance(node, Group | Drawing):
        for child in node.contents:
            _recolour(child, inks, unknown, screen)


@lru_cache(maxsize=32)
def _load(path: Path, display: str, inks_key: tuple[Ink, ...], screen: bool) -> Drawing:
    root = _check_svg(path, display)
    try:
        drawing = SvgRenderer(str(path)).render(root)
    except Exception as exc:  # svglib raises many kinds on odd SVGs; report, do not crash
        raise AssetError(Problem(f"cannot convert the SVG: {exc}", display)) from None
    unknown: set[str] = set()
    _recolour(drawing, {i.name: i for i in inks_key}, unknown, screen)
    if unknown:
        raise AssetError(
            Problem(
                f"colours {', '.join(sorted(unknown))} are not brand colours; the logo may use "
                "only colours the spec defines (so each prints with its CMYK values)",
                display,
            )
        )
    if drawing.width <= 0 or drawing.height <= 0:
        raise AssetError(Problem("the SVG has no size (set width/height or viewBox)", display))
    return drawing


def load_logo(
    path: Path, inks: dict[str, Ink], display: str | None = None, screen: bool = False
) -> Drawing:
    """The logo at `path` as a vector drawing whose every colour is a brand ink: its CMYK for
    print, its exact hex for a screen."""
    return _load(path.resolve(), display or str(path), tuple(inks.values()), screen)
