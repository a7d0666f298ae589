"""Design tokens: DTCG JSON that a schema accepts and CSS custom properties that tinycss2 parses."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import tinycss2

from brandkit.fonts import font_metrics, load_fonts, roboto_dir
from brandkit.spec.model import Colour, FontSpec, Spec
from brandkit.tokens import design_tokens, tokens_css

# The subset of the DTCG format (https://tr.designtokens.org/format/) brandkit writes: groups of
# color, fontFamily and fontWeight tokens, each token with its own $type.
_NAME = r"^(\$description|[^${}.][^{}.]*)$"
_WEIGHT_NAMES = ["thin", "hairline", "extra-light", "ultra-light", "light", "normal", "regular",
                 "book", "medium", "semi-bold", "demi-bold", "bold", "extra-bold", "ultra-bold",
                 "black", "heavy", "extra-black", "ultra-black"]  # fmt: skip


def _token(type_: str, value: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["$type", "$value"],
        "properties": {
            "$type": {"const": type_},
            "$value": value,
            "$description": {"type": "string"},
        },
        "additionalProperties": False,
    }


def _group(token: str) -> dict[str, Any]:
    return {
        "type": "object",
        "propertyNames": {"pattern": _NAME},
        "properties": {"$description": {"type": "string"}},
        "patternProperties": {r"^[^$]": {"$ref": f"#/$defs/{token}"}},
    }


DTCG_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {
        "color": _token("color", {"type": "string", "pattern": "^#[0-9A-F]{6}$"}),
        "fontFamily": _token(
            "fontFamily",
            {
                "oneOf": [
                    {"type": "string", "minLength": 1},
                    {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
                ]
            },
        ),
        "fontWeight": _token(
            "fontWeight",
            {"oneOf": [{"type": "number", "minimum": 1, "maximum": 1000}, {"enum": _WEIGHT_NAMES}]},
        ),
    },
    "type": "object",
    "required": ["$description", "color", "fontFamily", "fontWeight"],
    "properties": {
        "$description": {"type": "string", "minLength": 1},
        "color": _group("color"),
        "fontFamily": _group("fontFamily"),
        "fontWeight": _group("fontWeight"),
    },
    "additionalProperties": False,
}


def tokens_of(document: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """(dotted name, token) for every token: an object with `$value`; other objects are groups."""
    for key, value in document.items():
        if key.startswith("$") or not isinstance(value, dict):
            continue
        if "$value" in value:
            yield ".".join((*path, key)), value
        else:
            yield from tokens_of(value, (*path, key))


@pytest.fixture(scope="module")
def spec(sample_spec) -> Spec:
    return sample_spec.spec


@pytest.fixture(scope="module")
def tokens(spec: Spec) -> dict[str, Any]:
    return design_tokens(spec)


def brand_colours(spec: Spec) -> dict[str, Colour]:
    return {name: c for name, c in spec.colours.items() if not c.technical}


def with_colours(spec: Spec, **colours: Colour) -> Spec:
    return spec.model_copy(update={"colours": {**spec.colours, **colours}})


# ---------------------------------------------------------------------------------------------
# JSON


def test_tokens_round_trip_through_json(tokens: dict[str, Any]) -> None:
    text = json.dumps(tokens, ensure_ascii=False)
    assert json.loads(text) == tokens


def test_every_token_has_type_and_value_and_a_valid_name(tokens: dict[str, Any]) -> None:
    found = list(tokens_of(tokens))
    assert found
    for name, token in found:
        assert "$type" in token and "$value" in token, name
        for part in name.split("."):
            assert not part.startswith("$") and not set(part) & set("{}."), name


def test_tokens_match_the_dtcg_schema(tokens: dict[str, Any]) -> None:
    jsonschema.validate(tokens, DTCG_SCHEMA)


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t["color"]["primary"].pop("$value"),
        lambda t: t["color"].update({"bad.name": {"$type": "color", "$value": "#000000"}}),
        lambda t: t["fontWeight"]["body"].update({"$value": 1200}),
        lambda t: t["color"]["primary"].update({"$value": "#0b4a8b"}),
    ],
    ids=["no-value", "dotted-name", "weight-out-of-range", "lower-case-hex"],
)
def test_the_schema_refuses_broken_tokens(tokens: dict[str, Any], damage: Any) -> None:
    broken = json.loads(json.dumps(tokens))
    damage(broken)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, DTCG_SCHEMA)


def test_colour_tokens_are_the_brand_colours_with_their_hex(
    spec: Spec, tokens: dict[str, Any]
) -> None:
    colours = {k: v for k, v in tokens["color"].items() if not k.startswith("$")}
    assert list(colours) == list(brand_colours(spec))
    for name, colour in brand_colours(spec).items():
        assert colours[name]["$type"] == "color"
        assert colours[name]["$value"] == colour.hex.upper()
        cmyk = " ".join(f"{v:g}" for v in colour.cmyk)
        assert f"CMYK {cmyk}" in colours[name]["$description"]


def test_technical_colours_are_left_out(spec: Spec, tokens: dict[str, Any]) -> None:
    technical = [name for name, c in spec.colours.items() if c.technical]
    assert technical, "the sample spec has a die line colour"
    for name in technical:
        assert name not in tokens["color"]
        assert f"--color-{name}:" not in tokens_css(spec)


def test_spot_names_and_lower_case_hex(spec: Spec) -> None:
    spot = Colour(cmyk=(100, 57, 0, 2), hex="#0a4b8c", spot="PANTONE 287 C")
    tokens = design_tokens(with_colours(spec, pantone=spot))
    token = tokens["color"]["pantone"]
    assert token["$value"] == "#0A4B8C"
    assert "PANTONE 287 C" in token["$description"]
    assert "CMYK 100 57 0 2" in token["$description"]


def test_font_tokens_carry_family_and_os2_weight(spec: Spec, tokens: dict[str, Any]) -> None:
    for role, font in spec.fonts.items():
        assert font.roboto is not None, "the sample uses bundled Roboto"
        metrics = font_metrics(roboto_dir() / f"Roboto-{font.roboto}.ttf")
        assert tokens["fontFamily"][role] == {
            "$type": "fontFamily",
            "$value": [metrics.family, "sans-serif"],
        }
        assert tokens["fontWeight"][role] == {"$type": "fontWeight", "$value": metrics.weight}
    assert tokens["fontFamily"]["heading"]["$value"] == ["Roboto", "sans-serif"]
    assert tokens["fontWeight"]["heading"]["$value"] == 700
    assert tokens["fontWeight"]["body"]["$value"] == 400


def test_top_description_names_the_spec(spec: Spec, tokens: dict[str, Any]) -> None:
    assert spec.name in tokens["$description"]


def test_font_files_need_their_metrics(sample_spec) -> None:
    spec = sample_spec.spec
    custom = spec.model_copy(update={"fonts": {**spec.fonts, "display": FontSpec(file="x.ttf")}})
    with pytest.raises(ValueError, match="display"):
        design_tokens(custom)
    fonts = load_fonts(sample_spec)
    fonts["display"] = dataclasses.replace(fonts["body"], family="Be Vietnam Pro", weight=600)
    tokens = design_tokens(custom, fonts)
    assert tokens["fontFamily"]["display"]["$value"] == ["Be Vietnam Pro", "sans-serif"]
    assert tokens["fontWeight"]["display"]["$value"] == 600
    assert "--font-display-weight: 600;" in tokens_css(custom, fonts)


# ---------------------------------------------------------------------------------------------
# CSS


def root_declarations(css: str) -> dict[str, Any]:
    """Declarations of the one `:root` rule, checking tinycss2 found no error anywhere."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    assert [r.type for r in rules if r.type == "error"] == []
    roots = [r for r in rules if r.type == "qualified-rule"]
    assert len(roots) == 1 and tinycss2.serialize(roots[0].prelude).strip() == ":root"
    out: dict[str, Any] = {}
    items = tinycss2.parse_declaration_list(
        roots[0].content, skip_comments=True, skip_whitespace=True
    )
    for item in items:
        assert item.type == "declaration", item
        assert item.name.startswith("--"), item.name
        assert not [t for t in item.value if t.type == "error"], item.name
        assert item.name not in out, f"{item.name} twice"
        out[item.name] = item
    return out


def value_of(declaration: Any) -> str:
    return str(tinycss2.serialize(declaration.value)).strip()


def test_css_parses_and_holds_every_colour(spec: Spec) -> None:
    css = tokens_css(spec)
    assert css.startswith('@charset "UTF-8";\n/*')
    declarations = root_declarations(css)
    colours = brand_colours(spec)
    for name, colour in colours.items():
        assert value_of(declarations[f"--color-{name}"]) == colour.hex.upper()
        assert value_of(declarations[f"--color-{name}-rgb"]) == " ".join(map(str, colour.rgb))
    assert value_of(declarations["--color-primary"]) == "#0B4A8B"
    assert value_of(declarations["--color-primary-rgb"]) == "11 74 139"
    colour_props = {n for n in declarations if n.startswith("--color-")}
    assert colour_props == {f"--color-{n}{s}" for n in colours for s in ("", "-rgb")}


def test_css_holds_every_font_role(spec: Spec, tokens: dict[str, Any]) -> None:
    declarations = root_declarations(tokens_css(spec))
    for role in spec.fonts:
        family = [t for t in declarations[f"--font-{role}-family"].value if t.type != "whitespace"]
        assert [t.type for t in family] == ["string", "literal", "ident"]
        assert [family[0].value, family[2].value] == tokens["fontFamily"][role]["$value"]
        weight = value_of(declarations[f"--font-{role}-weight"])
        assert weight == str(tokens["fontWeight"][role]["$value"])
    assert value_of(declarations["--font-heading-family"]) == '"Roboto", sans-serif'
    assert value_of(declarations["--font-heading-weight"]) == "700"


def test_css_escapes_odd_family_names_and_spec_names(sample_spec) -> None:
    spec = sample_spec.spec.model_copy(update={"name": "Sở */ Nội vụ"})
    fonts = load_fonts(sample_spec)
    fonts["body"] = dataclasses.replace(fonts["body"], family='Odd "Font"\\ Name')
    css = tokens_css(spec, fonts)
    assert "Sở * / Nội vụ" in css
    value = root_declarations(css)["--font-body-family"].value
    family = next(t for t in value if t.type != "whitespace")
    assert family.type == "string" and family.value == 'Odd "Font"\\ Name'


def test_css_refuses_property_name_clashes(spec: Spec) -> None:
    clash = with_colours(
        spec,
        a=Colour(cmyk=(0, 0, 0, 100), hex="#000000"),
        **{"a-rgb": Colour(cmyk=(0, 0, 0, 0), hex="#FFFFFF")},
    )
    with pytest.raises(ValueError, match="--color-a-rgb"):
        tokens_css(clash)
