"""Design tokens of the brand for screens: DTCG JSON and CSS custom properties, from the spec."""

from __future__ import annotations

from typing import Any

from brandkit.fonts import FontMetrics, font_metrics, roboto_dir
from brandkit.spec.model import Colour, Spec

# Every family gets a generic fallback for browsers that cannot load the brand font; the
# brand's faces (Roboto) are sans-serif.
GENERIC_FAMILY = "sans-serif"


def _token_name(name: str) -> str:
    # The DTCG format reserves `$` at the start of a name and `{`, `}`, `.` (alias syntax)
    # anywhere; spec names cannot have them today, but the spec model is not ours to rely on.
    if not name or name.startswith("$") or any(c in name for c in "{}."):
        raise ValueError(f"{name!r} cannot be a design-token name")
    return name


def _number(value: float) -> str:
    return f"{value:g}"


def _colour_description(colour: Colour) -> str:
    cmyk = " ".join(_number(v) for v in colour.cmyk)
    text = f"Print: CMYK {cmyk} (%)"
    if colour.spot:
        text += f", spot colour {colour.spot}"
    if colour.overprint:
        text += ", overprints"
    return text


def _brand_colours(spec: Spec) -> dict[str, Colour]:
    # Technical colours (die lines) are instructions to the print shop, not brand colours.
    return {name: c for name, c in spec.colours.items() if not c.technical}


def _fonts(spec: Spec, fonts: dict[str, FontMetrics] | None) -> dict[str, FontMetrics]:
    out: dict[str, FontMetrics] = {}
    for role, font in spec.fonts.items():
        if fonts is not None and role in fonts:
            out[role] = fonts[role]
        elif font.roboto is not None:
            out[role] = font_metrics(roboto_dir() / f"Roboto-{font.roboto}.ttf")
        else:
            # A `file:` path is relative to the spec's folder, which a bare Spec does not know.
            raise ValueError(
                f"font role {role!r} is a file: pass its metrics (brandkit.fonts.load_fonts)"
            )
    return out


def design_tokens(spec: Spec, fonts: dict[str, FontMetrics] | None = None) -> dict[str, Any]:
    """The brand as a W3C Design Tokens (DTCG) document, ready for json.dumps.

    Groups: `color` (one token per brand colour, `$value` the spec's hex in upper case, the CMYK
    and any spot name in `$description`; technical colours such as die lines are left out),
    `fontFamily` (the font's family then a generic fallback) and `fontWeight` (its OS/2 weight)
    per font role. Every token carries its own `$type`. `fonts` are metrics by role (from
    `load_fonts`); roles missing from it must be bundled Roboto styles, read here."""
    metrics = _fonts(spec, fonts)
    colours = {
        _token_name(name): {
            "$type": "color",
            "$value": colour.hex.upper(),
            "$description": _colour_description(colour),
        }
        for name, colour in _brand_colours(spec).items()
    }
    families = {
        _token_name(role): {"$type": "fontFamily", "$value": [m.family, GENERIC_FAMILY]}
        for role, m in metrics.items()
    }
    weights = {
        _token_name(role): {"$type": "fontWeight", "$value": m.weight}
        for role, m in metrics.items()
    }
    return {
        "$description": f"Design tokens of {spec.name}, made by brandkit from its brand spec. "
        "Colours are sRGB for screens; print uses the CMYK given with each.",
        "color": {"$description": "Brand colours", **colours},
        "fontFamily": {"$description": "Typeface of each font role", **families},
        "fontWeight": {"$description": "Weight of each font role (OS/2)", **weights},
    }


def _css_string(text: str) -> str:
    # A CSS string in double quotes: escape the quote, the backslash and control characters.
    out = "".join(
        f"\\{c}" if c in '"\\' else (f"\\{ord(c):x} " if ord(c) < 0x20 or ord(c) == 0x7F else c)
        for c in text
    )
    return f'"{out}"'


def _css_comment(text: str) -> str:
    return text.replace("*/", "* /")  # a name must not end the comment early


def tokens_css(spec: Spec, fonts: dict[str, FontMetrics] | None = None) -> str:
    """The same tokens as CSS custom properties in one `:root { … }` block, after a comment:
    `--color-NAME: #RRGGBB;` and `--color-NAME-rgb: R G B;` (for
    `rgb(var(--color-NAME-rgb) / 50%)`) per brand colour, `--font-ROLE-family` and
    `--font-ROLE-weight` per font role. Raises ValueError if two properties would share a name
    (colours `a` and `a-rgb`)."""
    lines: list[tuple[str, str, str]] = []  # (property, value, comment)
    for name, colour in _brand_colours(spec).items():
        r, g, b = colour.rgb
        lines.append((f"--color-{name}", colour.hex.upper(), _colour_description(colour)))
        lines.append((f"--color-{name}-rgb", f"{r} {g} {b}", ""))
    for role, m in _fonts(spec, fonts).items():
        family = f"{_css_string(m.family)}, {GENERIC_FAMILY}"
        lines.append((f"--font-{role}-family", family, ""))
        lines.append((f"--font-{role}-weight", str(m.weight), ""))
    names = [prop for prop, _, _ in lines]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:
        raise ValueError(f"two tokens would both be CSS property {', '.join(clashes)}")
    body = "".join(
        f"  {prop}: {value};" + (f" /* {_css_comment(note)} */" if note else "") + "\n"
        for prop, value, note in lines
    )
    # @charset first: the header names the brand in Vietnamese, and a stylesheet served without
    # a charset would otherwise be read in the linking page's encoding.
    return (
        '@charset "UTF-8";\n'
        f"/* Design tokens of {_css_comment(spec.name)}.\n"
        "   Made by brandkit from the brand spec: edit the spec, not this file.\n"
        "   Colours are sRGB for screens; --color-NAME-rgb holds the channels for\n"
        "   rgb(var(--color-NAME-rgb) / 50%). */\n"
        ":root {\n" + body + "}\n"
    )
