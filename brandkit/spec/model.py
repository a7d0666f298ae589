"""The typed spec model: strict keys, lengths resolved to points, colours and fonts by name."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)

from brandkit.text import normalise_text
from brandkit.units import parse_length

LENGTH_PATTERN = r"^\s*-?(\d+(\.\d*)?|\.\d+)\s*(pt|mm|cm|in)\s*$"

Length = Annotated[
    float,
    BeforeValidator(parse_length),
    WithJsonSchema(
        {"type": "string", "pattern": LENGTH_PATTERN, "examples": ["85.6mm", "12pt", "2cm"]}
    ),
]
"""A length written with its unit in YAML, held in points."""


def _text(value: object) -> object:
    return normalise_text(value) if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_text)]
"""A string, NFC-normalised with its whitespace collapsed."""

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
"""A token name (colour, font, logo, template): lower-case ASCII."""

UnitId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]

STAFF_FIELDS = ("id", "name", "title", "unit", "photo")
UNIT_FIELDS = ("id", "name", "short_name", "kind", "address", "hotline")
FIELD_ROOTS = {"staff": STAFF_FIELDS, "unit": UNIT_FIELDS}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colour(Strict):
    """A brand colour: CMYK percentages for print, hex for screens, optional spot name."""

    cmyk: tuple[
        Annotated[float, Field(ge=0, le=100)],
        Annotated[float, Field(ge=0, le=100)],
        Annotated[float, Field(ge=0, le=100)],
        Annotated[float, Field(ge=0, le=100)],
    ]
    hex: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
    spot: Text | None = None

    @property
    def rgb(self) -> tuple[int, int, int]:
        """The screen colour as 0–255 integers."""
        value = int(self.hex[1:], 16)
        return (value >> 16) & 255, (value >> 8) & 255, value & 255


RobotoStyle = Literal[
    "Thin",
    "ThinItalic",
    "Light",
    "LightItalic",
    "Regular",
    "Italic",
    "Medium",
    "MediumItalic",
    "Bold",
    "BoldItalic",
    "Black",
    "BlackItalic",
]


class FontSpec(Strict):
    """A font role: either a style of the bundled Roboto or a TrueType file beside the spec."""

    roboto: RobotoStyle | None = None
    file: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> FontSpec:
        if (self.roboto is None) == (self.file is None):
            raise ValueError("give exactly one of 'roboto: STYLE' or 'file: PATH'")
        return self


class Counter(Strict):
    """A reception counter of a unit."""

    number: int = Field(ge=1)
    name: Text


class Unit(Strict):
    """An office: the centre, a branch, or a commune/ward reception point."""

    id: UnitId
    name: Text
    short_name: Text | None = None
    kind: Literal["centre", "branch", "ward", "commune", "office"]
    parent: UnitId | None = None
    address: Text | None = None
    hotline: Text | None = None
    counters: list[Counter] = []


class DataSource(Strict):
    """A staff or procedure list and how its column headers map to our fields."""

    file: str
    sheet: str | None = None
    columns: dict[str, str] = {}


class DataSources(Strict):
    staff: DataSource | None = None


class Size(Strict):
    width: Length = Field(gt=0)
    height: Length = Field(gt=0)


class Element(Strict):
    """Fields shared by every element: a name for messages and an optional condition."""

    name: str | None = None
    when: str | None = Field(
        default=None, description="draw only if this field (e.g. staff.photo) is not empty"
    )
    unless: str | None = Field(
        default=None, description="draw only if this field (e.g. staff.photo) is empty"
    )


class Box(Element):
    x: Length
    y: Length
    w: Length = Field(gt=0)
    h: Length = Field(gt=0)


class RectElement(Box):
    """A filled and/or stroked rectangle; `bleed: true` extends it into the bleed it touches."""

    type: Literal["rect"]
    fill: Name | None = None
    stroke: Name | None = None
    stroke_width: Length = Field(default=parse_length("0.5pt"), gt=0)
    bleed: bool = False


class LineElement(Element):
    """A straight line from (x, y) to (x2, y2)."""

    type: Literal["line"]
    x: Length
    y: Length
    x2: Length
    y2: Length
    colour: Name
    width: Length = Field(default=parse_length("0.5pt"), gt=0)


class TextElement(Box):
    """Text bound to data, wrapped at spaces, then shrunk down to `min_size` to fit its box."""

    type: Literal["text"]
    text: Text
    font: Name
    size: Length = Field(gt=0)
    min_size: Length | None = Field(default=None, gt=0)
    colour: Name
    align: Literal["left", "center", "right"] = "left"
    valign: Literal["top", "middle", "bottom"] = "top"
    line_height: float = Field(default=1.3, ge=1.3, le=3.0)
    max_lines: int | None = Field(default=None, ge=1)
    transform: Literal["none", "upper"] = "none"

    @model_validator(mode="after")
    def _min_below_size(self) -> TextElement:
        if self.min_size is not None and self.min_size > self.size:
            raise ValueError("min_size must not be larger than size")
        return self


class LogoElement(Box):
    """A named logo, kept vector, scaled to fit its box and centred in it."""

    type: Literal["logo"]
    logo: Name


class QrElement(Element):
    """A QR code of `data` (fields are URL-encoded), `size` wide without quiet zone."""

    type: Literal["qr"]
    data: Text
    x: Length
    y: Length
    size: Length = Field(gt=0)
    colour: Name
    ec: Literal["L", "M", "Q", "H"] = "M"


class ImageElement(Box):
    """A raster image (JPEG/PNG) such as a staff photo, cropped to fill its box."""

    type: Literal["image"]
    source: Text
    fit: Literal["cover", "contain"] = "cover"


AnyElement = Annotated[
    RectElement | LineElement | TextElement | LogoElement | QrElement | ImageElement,
    Field(discriminator="type"),
]

ELEMENT_MODELS: dict[str, type[Element]] = {
    "rect": RectElement,
    "line": LineElement,
    "text": TextElement,
    "logo": LogoElement,
    "qr": QrElement,
    "image": ImageElement,
}


class Template(Strict):
    """One asset: its trim size, bleed, what it repeats over, and its elements in mm."""

    asset: Literal["badge"]
    title: Text | None = None
    size: Size
    bleed: Length = Field(default=parse_length("3mm"), ge=0)
    safe_margin: Length = Field(default=parse_length("3mm"), ge=0)
    repeat: Literal["staff"]
    elements: list[AnyElement] = Field(min_length=1)


class Spec(Strict):
    """A whole brand spec."""

    brandkit: Literal[1] = Field(description="spec format version")
    name: Text
    colours: dict[Name, Colour] = Field(min_length=1)
    fonts: dict[Name, FontSpec] = Field(min_length=1)
    logos: dict[Name, str] = {}
    data: DataSources = DataSources()
    templates: dict[Name, Template] = Field(min_length=1)
    units: list[Unit] = Field(min_length=1)


FIELD_REF = re.compile(r"\{([a-z_]+)\.([a-z_]+)\}")
"""A data binding inside text: `{staff.name}`, `{unit.address}`."""
