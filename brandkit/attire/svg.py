"""The embroiderer's artwork as SVG, beside its PDF/X-4: the same laid-out page, the unit's
name as glyph outlines (an embroidery program needs no font) and the mark as its own SVG, every
shape tagged with its thread: a class and a `<title>` naming the spec's colour and its spot."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTFont
from lxml import etree

from brandkit.layout.page import Ink, LogoItem, Page, RectItem, TextItem
from brandkit.units import to_mm

SVG_NS = "http://www.w3.org/2000/svg"
_PAINTS = ("fill", "stroke", "stop-color")


def _n(value: float) -> str:
    """A coordinate with three decimals at most, without trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def thread_class(ink: Ink) -> str:
    """The class every shape of one thread colour carries: `thread-<spec colour>`."""
    return f"thread-{ink.name}"


def artwork_svg(
    page: Page,
    inks: dict[str, Ink],
    outlines: Outlines,
    logos: dict[str, Path],
    title: str,
) -> bytes:
    """`page` (an attire artwork laid out: its mark and name) as an SVG document in mm, the
    same bytes for the same page."""
    width, height = page.width, page.height
    used: dict[str, Ink] = {}
    body: list[str] = []
    for item in page.items:
        if isinstance(item, TextItem):
            used[item.colour.name] = item.colour
            body.append(_text(item, outlines))
        elif isinstance(item, LogoItem):
            body.append(_logo(item, logos[item.logo], inks, used))
        elif isinstance(item, RectItem) and item.fill is not None:
            used[item.fill.name] = item.fill
            body.append(
                f'<rect class="{thread_class(item.fill)}" x="{_n(item.x)}" y="{_n(item.y)}" '
                f'width="{_n(item.w)}" height="{_n(item.h)}" fill="{item.fill.hex}"/>'
            )
    legend = "\n".join(
        f"{ink.name}: {ink.spot or ink.name} ({ink.hex})" for ink in sorted(
            used.values(), key=lambda i: i.name)
    )  # fmt: skip
    head = (
        f'<svg xmlns="{SVG_NS}" version="1.1" width="{_n(to_mm(width))}mm" '
        f'height="{_n(to_mm(height))}mm" viewBox="0 0 {_n(width)} {_n(height)}">\n'
        f"<title>{escape(title)}</title>\n<desc>{escape(legend)}</desc>\n"
    )
    return (head + "\n".join(body) + "\n</svg>\n").encode("utf-8")


class Outlines:
    """Glyph outlines of the spec's fonts as SVG path data, in font units: each font read once,
    each glyph drawn once (one per maker of many files)."""

    def __init__(self, fonts: dict[str, Path]) -> None:
        self.fonts = fonts
        self._open: dict[str, tuple[TTFont, dict[int, str], Any]] = {}
        self._paths: dict[tuple[str, str], tuple[str, float]] = {}

    def font(self, role: str) -> TTFont:
        return self._opened(role)[0]

    def _opened(self, role: str) -> tuple[TTFont, dict[int, str], Any]:
        if role not in self._open:
            # Read from memory: a font left open on its file would be closed by the garbage
            # collector, whose ResourceWarning can land in any warnings caught meanwhile.
            font = TTFont(io.BytesIO(Path(self.fonts[role]).read_bytes()), lazy=True)
            self._open[role] = (font, font.getBestCmap(), font.getGlyphSet())
        return self._open[role]

    def glyph(self, role: str, char: str) -> tuple[str, float]:
        """(path data, advance) of `char` in the font of `role`."""
        key = (role, char)
        if key not in self._paths:
            font, cmap, glyphs = self._opened(role)
            name = cmap.get(ord(char), ".notdef")
            pen = SVGPathPen(glyphs)
            glyphs[name].draw(pen)
            self._paths[key] = (pen.getCommands(), float(font["hmtx"][name][0]))
        return self._paths[key]


def _text(item: TextItem, outlines: Outlines) -> str:
    """A text's lines as glyph outlines, placed where the PDF draws them (no kerning, as the
    PDF renderer sets them), in its thread's colour."""
    ink = item.colour
    scale = item.size / outlines.font(item.font)["head"].unitsPerEm
    rows = []
    for line in item.lines:
        advance = 0.0
        glyphs = []
        for char in line.text:
            path, width = outlines.glyph(item.font, char)
            if path:
                glyphs.append(f'<path transform="translate({_n(advance)} 0)" d="{path}"/>')
            advance += width
        transform = f"translate({_n(line.x)} {_n(line.baseline)}) scale({scale:.6g} {-scale:.6g})"
        rows.append(f'<g transform="{transform}">{"".join(glyphs)}</g>')
    text = " / ".join(line.text for line in item.lines)
    return (
        f'<g id="name" class="{thread_class(ink)}" fill="{ink.hex}">'
        f"<title>{escape(f'{ink.spot or ink.name}: {text}')}</title>" + "".join(rows) + "</g>"
    )


def _logo(item: LogoItem, path: Path, inks: dict[str, Ink], used: dict[str, Ink]) -> str:
    """The mark's own SVG nested at the item's box (centred, its proportions kept, as the PDF
    draws it), each painted element tagged with the thread its brand colour is."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True,
    )  # fmt: skip
    root = etree.parse(str(path), parser).getroot()
    by_hex = {ink.hex.upper(): ink for ink in inks.values()}
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        found = [by_hex[v.strip().upper()] for v in _paints(node) if v.strip().upper() in by_hex]
        if found:
            classes = " ".join(dict.fromkeys(thread_class(ink) for ink in found))
            node.set("class", f"{node.get('class', '')} {classes}".strip())
            for ink in found:
                used[ink.name] = ink
    for key in ("width", "height", "x", "y"):
        root.attrib.pop(key, None)
    root.set("id", "logo")
    root.set("x", _n(item.x))
    root.set("y", _n(item.y))
    root.set("width", _n(item.w))
    root.set("height", _n(item.h))
    return etree.tostring(root, encoding="unicode")


def _paints(node: Any) -> list[str]:
    """The colours `node` paints with, from its attributes and its style."""
    values = [node.get(name) for name in _PAINTS if node.get(name)]
    for declaration in (node.get("style") or "").split(";"):
        key, _, value = declaration.partition(":")
        if key.strip().lower() in _PAINTS:
            values.append(value)
    return values
