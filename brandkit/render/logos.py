"""Logos: SVG loaded safely, kept vector, every colour mapped to a brand CMYK ink."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color, HexColor
from svglib.svglib import MAX_USE_EXPANSIONS as SVGLIB_MAX_USE_EXPANSIONS
from svglib.svglib import Svg2RlgAttributeConverter, SvgRenderer

from brandkit.errors import AssetError, Problem
from brandkit.i18n import N_, Message
from brandkit.layout.page import Ink

# Elements that would pull in another file, run code or carry raster pixels (which would be
# RGB in a print PDF); a logo is plain vector shapes in brand colours.
_FORBIDDEN = {"image", "script", "foreignObject", "feImage", "iframe", "audio", "video"}
_HREF = ("href", "{http://www.w3.org/1999/xlink}href")

MAX_USES = SVGLIB_MAX_USE_EXPANSIONS
"""`<use>` copies a logo may make, nested ones counted in full: svglib draws the first 10,000
and silently skips the rest (svglib.svglib.MAX_USE_EXPANSIONS), so more would print a
different logo than the screen shows."""

MAX_ELEMENTS = 20_000
"""Elements a logo may draw once every `<use>` is expanded. A detailed emblem exported from a
drawing program has a few thousand; the bound keeps svglib and cairosvg (which have none) fast."""

MAX_DEPTH = 100
"""Nesting of elements, `<use>` copies included. svglib and cairosvg draw by recursion: a few
hundred levels exhaust Python's stack (libxml2 itself refuses 256 levels of one file)."""

_COLOUR_PROPERTIES = ("fill", "stroke", "stop-color", "flood-color", "lighting-color", "color")
_NOT_COLOURS = {"none", "transparent", "inherit", "initial", "unset", "currentcolor",
                "context-fill", "context-stroke", ""}  # fmt: skip
_URL = re.compile(r"url\([^)]*\)")
_CSS_DECLARATION = re.compile(
    r"(?<![\w-])(" + "|".join(_COLOUR_PROPERTIES) + r")\s*:\s*([^;}]+)", re.IGNORECASE
)


def _check_svg(path: Path, display: str) -> Any:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True,
    )  # fmt: skip
    try:
        tree = etree.parse(str(path), parser)
    except (OSError, etree.XMLSyntaxError) as exc:
        raise AssetError(
            Problem(Message("not a readable SVG file: {reason}", reason=str(exc)), display)
        ) from None
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise AssetError(
            Problem(
                Message("SVG with a DOCTYPE is refused (entities could expand or read files)"),
                display,
            )
        )
    root = tree.getroot()
    if etree.QName(root).localname != "svg":
        raise AssetError(Problem(Message("the root element is not <svg>"), display))
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        name = etree.QName(node).localname
        if name in _FORBIDDEN:
            raise AssetError(
                Problem(
                    Message(
                        "<{name}> is not allowed in a logo (line {line})",
                        name=name,
                        line=node.sourceline,
                    ),
                    display,
                )
            )
        for attr in _HREF:
            ref = node.get(attr)
            if ref is not None and not ref.startswith("#"):
                raise AssetError(
                    Problem(
                        Message(
                            "reference to {ref!r} outside the file (line {line}); a logo must be "
                            "self-contained",
                            ref=ref,
                            line=node.sourceline,
                        ),
                        display,
                    )
                )
        if name == "style" and node.text and ("url(" in node.text or "@import" in node.text):
            raise AssetError(
                Problem(
                    Message("<style> loading other files (line {line})", line=node.sourceline),
                    display,
                )
            )
    _check_limits(root, display)
    return root


def _local(node: Any) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


# What _check_limits refuses (message ids; the catalogue test finds them in N_).
_SELF_USE = N_("<use> refers to an element containing itself (line {line})")
_UNDEFINED_USE = N_("<use> of {ref!r}, which the file does not define (line {line})")
_TOO_MANY_USES = N_(
    "more than {limit} <use> copies (counting copies inside copies); svglib would print only "
    "the first ones"
)
_TOO_MANY_ELEMENTS = N_(
    "more than {limit} elements once every <use> is expanded; a logo needs far fewer (simplify "
    "it in the drawing program)"
)
_TOO_DEEP = N_(
    "elements nested {depth} levels deep (<use> copies included); at most {limit} are drawn "
    "reliably"
)


def _check_limits(root: Any, display: str) -> None:
    """The logo within what svglib and cairosvg draw in full: MAX_USES `<use>` copies,
    MAX_ELEMENTS elements and MAX_DEPTH levels once every copy is expanded, no `<use>` of
    itself and none of an id the file lacks. Either would otherwise draw something else than
    the SVG shows, silently, or exhaust the stack."""
    by_id = {node.get("id"): node for node in root.iter() if isinstance(node.tag, str)}
    by_id.pop(None, None)
    # For each element: (elements drawn, <use> copies made, levels), its copies expanded.
    memo: dict[Any, tuple[int, int, int]] = {}
    active: set[Any] = set()

    def fail(message: str, **fields: object) -> AssetError:
        return AssetError(Problem(Message(message, **fields), display))

    def measure(node: Any) -> tuple[int, int, int]:
        if node in memo:
            return memo[node]
        if node in active:
            raise fail(_SELF_USE, line=node.sourceline)
        active.add(node)
        elements, uses, depth = 1, 0, 0
        children = [c for c in node if isinstance(c.tag, str)]
        if _local(node) == "use":
            ref = next((node.get(a) for a in _HREF if node.get(a) is not None), None) or ""
            target = by_id.get(ref[1:]) if ref.startswith("#") else None
            if target is None:
                raise fail(_UNDEFINED_USE, ref=ref, line=node.sourceline)
            children.append(target)
            elements, uses = 0, 1  # the copy's elements count, not the <use> itself
        for child in children:
            e, u, d = measure(child)
            elements, uses, depth = elements + e, uses + u, max(depth, d)
            if uses > MAX_USES or elements > MAX_ELEMENTS:
                break  # the totals are reported below; counting on could take very long
        active.discard(node)
        memo[node] = (elements, uses, depth + 1)
        return memo[node]

    elements, uses, depth = measure(root)
    if uses > MAX_USES:
        raise fail(_TOO_MANY_USES, limit=f"{MAX_USES:,}")
    if elements > MAX_ELEMENTS:
        raise fail(_TOO_MANY_ELEMENTS, limit=f"{MAX_ELEMENTS:,}")
    if depth > MAX_DEPTH:
        raise fail(_TOO_DEEP, depth=depth, limit=MAX_DEPTH)


def _declarations(node: Any) -> Iterator[tuple[str, str, str]]:
    """(property, value, where) of every colour the element sets itself."""
    for prop in _COLOUR_PROPERTIES:
        value = node.get(prop)
        if value is not None:
            yield prop, value, f"{prop}="
    for match in _CSS_DECLARATION.finditer(node.get("style") or ""):
        yield match.group(1).lower(), match.group(2), f"style={match.group(1).lower()}"


def _colour_hex(value: str) -> str | None:
    """`value` (any SVG colour syntax) as #RRGGBB, or None when it names no colour."""
    colour = Svg2RlgAttributeConverter().convertColor(value)
    return _hex(colour) if isinstance(colour, Color) else None


def _current_colour(node: Any) -> str | None:
    """The `color` in force at `node` (what currentColor means there), None if none is set."""
    while node is not None:
        for prop, value, _ in _declarations(node):
            if prop == "color" and value.strip().lower() not in _NOT_COLOURS:
                return value
        node = node.getparent()
    return None


def _colour_problem(
    value: str, what: str, line: int | None, allowed: set[str], shown: str
) -> str | None:
    """Why `value` (of `what`, at `line`) is not one of the `allowed` brand colours, or None."""
    value = _URL.sub("", value).strip()  # url(#gradient) fallback: the fallback is drawn
    if value.lower() in _NOT_COLOURS:
        return None
    found = _colour_hex(value)
    at = Message(" (line {line})", line=line) if line else ""
    if found is None:
        return Message(
            "{what} {value!r} is not a colour brandkit can read{at}", what=what, value=value, at=at
        )
    if found in allowed:
        return None
    written = f" ({value})" if value.upper() != found else ""
    return Message(
        "{what} {found}{written} is not a brand colour{at} (brand: {brand})",
        what=what, found=found, written=written, at=at, brand=shown,
    )  # fmt: skip


def colour_problems(root: Any, brand: Iterable[str]) -> list[str]:
    """What in the SVG tree `root` is not a brand colour (`brand`: hex values, any case): every
    fill, stroke, gradient stop, filter colour and currentColor, in attributes, `style=`
    attributes, patterns and `<style>` sheets (class rules included), in file order."""
    allowed = {b.upper() for b in brand}
    shown = ", ".join(sorted(allowed))
    out: list[str] = []
    sheets = list(_css(root))
    css_colour = any(p == "color" for p, _, _ in sheets)
    css_stop = any(p == "stop-color" for p, _, _ in sheets)

    def check(value: str, what: str, line: int | None) -> None:
        problem = _colour_problem(value, what, line, allowed, shown)
        if problem:
            out.append(problem)

    for node in root.iter():
        name = _local(node)
        if not name:
            continue
        if name == "style":
            for match in _CSS_DECLARATION.finditer(node.text or ""):
                check(match.group(2), f"<style> rule {match.group(1).lower()}", node.sourceline)
            continue
        in_pattern = any(_local(a) == "pattern" for a in node.iterancestors())
        for prop, value, where in _declarations(node):
            if name == "stop" and prop == "stop-color":
                what: str = Message("gradient stop")
            else:
                what = ("pattern " if in_pattern else "") + (
                    where if where.startswith("style") else prop
                )
            if value.strip().lower() == "currentcolor":
                current = _current_colour(node)
                if current is None and not css_colour:
                    current = "black"  # the initial value of `color`
                if current is not None:
                    check(current, f"{what} currentColor", node.sourceline)
                continue
            if prop == "color":
                continue  # only what currentColor draws with; checked where it is used
            check(value, what, node.sourceline)
        own_stop = any(p == "stop-color" for p, _, _ in _declarations(node))
        if name == "stop" and not own_stop and not css_stop:
            check("black", Message("gradient stop without stop-color (black)"), node.sourceline)
    return out


def _css(root: Any) -> Iterator[tuple[str, str, str]]:
    for node in root.iter():
        if _local(node) == "style":
            for match in _CSS_DECLARATION.finditer(node.text or ""):
                yield match.group(1).lower(), match.group(2), "<style>"


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
    # svglib draws a gradient as a shading of its stop colours (LinearGradientShape,
    # RadialGradientShape): they too become brand inks, so a gradient prints in CMYK.
    stops = getattr(node, "_rl_colors", None)
    if isinstance(stops, list):
        node._rl_colors = [
            _to_ink(c, inks, unknown, screen) if isinstance(c, Color) else c for c in stops
        ]
    if isinstance(node, Group | Drawing):
        for child in node.contents:
            _recolour(child, inks, unknown, screen)


@lru_cache(maxsize=32)
def _load(path: Path, display: str, inks_key: tuple[Ink, ...], screen: bool) -> Drawing:
    root = _check_svg(path, display)
    wrong = colour_problems(root, (i.hex for i in inks_key))
    if wrong:
        raise AssetError([Problem(w, display) for w in wrong])
    try:
        drawing = SvgRenderer(str(path)).render(root)
    except Exception as exc:  # svglib raises many kinds on odd SVGs; report, do not crash
        raise AssetError(
            Problem(Message("cannot convert the SVG: {reason}", reason=str(exc)), display)
        ) from None
    unknown: set[str] = set()
    _recolour(drawing, {i.name: i for i in inks_key}, unknown, screen)
    if unknown:
        raise AssetError(
            Problem(
                Message(
                    "colours {colours} are not brand colours; the logo may use only colours the "
                    "spec defines (so each prints with its CMYK values)",
                    colours=", ".join(sorted(unknown)),
                ),
                display,
            )
        )
    if drawing.width <= 0 or drawing.height <= 0:
        raise AssetError(
            Problem(Message("the SVG has no size (set width/height or viewBox)"), display)
        )
    return drawing


def load_logo(
    path: Path, inks: dict[str, Ink], display: str | None = None, screen: bool = False
) -> Drawing:
    """The logo at `path` as a vector drawing whose every colour is a brand ink: its CMYK for
    print, its exact hex for a screen."""
    return _load(path.resolve(), display or str(path), tuple(inks.values()), screen)
