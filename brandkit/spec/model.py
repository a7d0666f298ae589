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

from brandkit.colour import rgb as hex_rgb
from brandkit.envelope_blank import envelope_blank
from brandkit.i18n import Message
from brandkit.pathdata import parse_path
from brandkit.spec.order import Order
from brandkit.text import normalise_text
from brandkit.units import PT_PER_MM, parse_length

LENGTH_PATTERN = r"^\s*-?(\d+(\.\d*)?|\.\d+)\s*(pt|mm|cm|m|in|px)\s*$"

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


def _lines(value: object) -> object:
    return normalise_text(value, breaks=True) if isinstance(value, str) else value


Lines = Annotated[str, BeforeValidator(_lines)]
"""Text that may force a line break: a newline ("\\n" in a quoted YAML string) stays."""

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
"""A token name (colour, font, logo, template): lower-case ASCII."""

UnitId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]

STAFF_FIELDS = ("id", "name", "title", "short_title", "unit", "photo", "phone", "email")
UNIT_FIELDS = (
    "id",
    "name",
    "short_name",
    "kind",
    "address",
    "hotline",
    "opening_hours",
    "authority",
    "parent_name",
    "website",
    "email",
    "first_counter",  # "01 – Đăng ký kinh doanh": a queue ticket's counter; "" without counters
    # The unit's place in the hierarchy (the spec's `hierarchy:` for its kind), a line each:
    "hierarchy",  # every line, from the governing body down to the unit itself
    "hierarchy_parent",  # the lines above the unit's own (the governing body, the organisation)
    "hierarchy_name",  # the unit's own line
    "hierarchy_short",  # … and each in its short form, for a box that cannot hold the full one
    "hierarchy_parent_short",
    "hierarchy_name_short",
)
HIERARCHY_FIELDS = ("id", "name", "short_name", "authority", "address")
"""What a hierarchy line may bind of its unit (`{unit.name}`) and of its parent
(`{parent.name}`)."""
COUNTER_FIELDS = ("number", "number2", "name")
PAGE_FIELDS = ("number", "count", "label")
PROCEDURE_FIELDS = ("code",)
FIELD_ROOTS = {
    "staff": STAFF_FIELDS,
    "unit": UNIT_FIELDS,
    "counter": COUNTER_FIELDS,
    "page": PAGE_FIELDS,  # a procedure board's page: {page.label} is "Bảng 2/3"
    "procedure": PROCEDURE_FIELDS,  # in a table's `qr` URL
}
REPEAT_ROOTS = {
    "staff": ("staff",),
    "unit": (),
    "counter": ("counter",),
    "procedures": ("page", "procedure"),
}
"""The data roots a template may bind besides `unit` and `link`, by what it repeats over."""
# `{link.NAME}`: the URLs of the spec's `links:` (feedback channels and the like).


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
    overprint: bool = Field(
        default=False,
        description="print over what lies below instead of knocking it out (die lines, varnish)",
    )
    technical: bool = Field(
        default=False,
        description="not a printing ink (a die line): left out of brand-rule checks",
    )

    @property
    def rgb(self) -> tuple[int, int, int]:
        """The screen colour as 0–255 integers."""
        return hex_rgb(self.hex)


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
            raise ValueError(Message("give exactly one of 'roboto: STYLE' or 'file: PATH'"))
        return self


class Counter(Strict):
    """A reception counter of a unit."""

    number: int = Field(ge=1)
    name: Text


class HierarchyLine(Strict):
    """A line of the hierarchy that places a unit: a governing body, an organisation, the unit."""

    text: Text = Field(
        description="the full name, e.g. 'Ủy ban nhân dân {unit.name}'; {unit.FIELD} and "
        "{parent.FIELD} (id, name, short_name, authority, address) are filled in"
    )
    short: Text | None = Field(
        default=None,
        description="the short form, e.g. 'UBND {unit.name}': used only where a template's "
        "box cannot hold the full one (and `check` says where)",
    )


UnitKind = Literal["centre", "branch", "ward", "commune", "office"]


class UnitDefaults(Strict):
    """Values every unit shares unless it gives its own."""

    authority: Text | None = Field(
        default=None, description="the governing body, e.g. Ủy ban nhân dân thành phố Hà Nội"
    )
    address: Text | None = None
    hotline: Text | None = None
    opening_hours: Text | None = None
    website: Text | None = None
    email: Text | None = None


class Unit(Strict):
    """An office: the centre, a branch, or a commune/ward reception point."""

    id: UnitId
    name: Text
    short_name: Text | None = None
    kind: UnitKind
    parent: UnitId | None = None
    authority: Text | None = None
    address: Text | None = None
    hotline: Text | None = None
    opening_hours: Text | None = None
    website: Text | None = None
    email: Text | None = None
    counters: list[Counter] = []


class DataSource(Strict):
    """A staff or procedure list and how its column headers map to our fields."""

    file: str
    sheet: str | None = None
    columns: dict[str, str] = {}


class DataSources(Strict):
    staff: DataSource | None = None
    procedures: DataSource | None = None


class Size(Strict):
    width: Length = Field(gt=0)
    height: Length = Field(gt=0)


Anchor = Literal[
    "top-left",
    "top",
    "top-right",
    "left",
    "center",
    "right",
    "bottom-left",
    "bottom",
    "bottom-right",
]
"""Where x and y are measured from: a corner to the element's nearest edges, or, along a
centred axis (`top`, `center`, `bottom` across; `left`, `center`, `right` down), from the
middle of the face to the middle of the element."""


class Element(Strict):
    """Fields shared by every element: a name for messages and conditions on drawing it."""

    name: str | None = None
    when: str | None = Field(
        default=None, description="draw only if this field (e.g. staff.photo) is not empty"
    )
    unless: str | None = Field(
        default=None, description="draw only if this field (e.g. staff.photo) is empty"
    )
    anchor: Anchor = Field(
        default="top-left",
        description="the trim corner (or middle of an edge, or centre) x and y are measured "
        "from, to the element's nearest edge (or its middle)",
    )
    sizes: list[str] | None = Field(
        default=None, description="draw only on these sizes of a template with `sizes:`"
    )
    rotate: Literal[0, 180] = Field(
        default=0, description="turn the element half a turn about its centre"
    )


DashPattern = list[Annotated[Length, Field(gt=0)]]


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
    dash: DashPattern | None = None
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
    dash: DashPattern | None = None


PATH_PATTERN = r"^\s*[Mm][\sMmLlHhVvZz0-9.,+-]*$"


class PathElement(Element):
    """An outline in SVG path syntax (M, L, H, V, Z; upper case absolute, lower case relative)
    with coordinates in millimetres from the anchor corner: die lines, folds, shapes."""

    type: Literal["path"]
    d: Annotated[str, Field(pattern=PATH_PATTERN)]
    fill: Name | None = None
    stroke: Name | None = None
    stroke_width: Length = Field(default=parse_length("0.5pt"), gt=0)
    dash: DashPattern | None = None

    @model_validator(mode="after")
    def _parses(self) -> PathElement:
        parse_path(self.d)
        if self.fill is None and self.stroke is None:
            raise ValueError(Message("a path needs a fill, a stroke or both"))
        return self


class TextElement(Box):
    """Text bound to data, wrapped at spaces, then shrunk down to `min_size` to fit its box."""

    type: Literal["text"]
    text: Lines = Field(
        description="the text, with {root.field} bindings; a newline forces a line break, a "
        "no-break space (U+00A0) keeps two words on one line"
    )
    short: Lines | None = Field(
        default=None,
        description="a shorter text (e.g. {unit.hierarchy_name_short}) set instead when `text` "
        "does not fit even at min_size; `check` says where it is used",
    )
    font: Name
    size: Length = Field(gt=0)
    min_size: Length | None = Field(default=None, gt=0)
    colour: Name
    align: Literal["left", "center", "right"] = "left"
    valign: Literal["top", "middle", "bottom"] = "top"
    line_height: float = Field(default=1.3, ge=1.3, le=3.0)
    max_lines: int | None = Field(default=None, ge=1)
    transform: Literal["none", "upper"] = "none"
    viewing_distance: Length | None = Field(
        default=None,
        gt=0,
        description="how far away this text is read (default: the template's); `check` "
        "compares its cap height with the spec's letter-height rule",
    )

    @model_validator(mode="after")
    def _min_below_size(self) -> TextElement:
        if self.min_size is not None and self.min_size > self.size:
            raise ValueError(Message("min_size must not be larger than size"))
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


class TableColumn(Strict):
    """A column of a procedure table: which field it shows, its title and width: fixed, as
    wide as its content (`auto`), or what the other columns leave (`fill`)."""

    field: Literal["number", "code", "name", "field", "processing_time", "fee", "qr"]
    title: Text
    width: Length | Literal["auto", "fill"] = Field(
        default="auto",
        description="a length; `auto`: its widest cell on one line (its title on two) at the "
        "size the table is set at; `fill`: what the other columns leave",
    )
    min_width: Length | None = Field(default=None, gt=0, description="of an auto or fill column")
    max_width: Length | None = Field(default=None, gt=0, description="of an auto column")
    align: Literal["left", "center", "right"] = "left"

    @model_validator(mode="after")
    def _widths(self) -> TableColumn:
        if isinstance(self.width, float):
            if self.width <= 0:
                raise ValueError(Message("width must be greater than 0"))
            if self.min_width is not None or self.max_width is not None:
                raise ValueError(
                    Message("min_width and max_width are for `auto` and `fill` columns")
                )
        if self.width == "fill" and self.max_width is not None:
            raise ValueError(Message("a `fill` column takes what is left: it has no max_width"))
        low, high = self.min_width, self.max_width
        if low is not None and high is not None and low > high:
            raise ValueError(Message("min_width must not be larger than max_width"))
        return self


class TableElement(Box):
    """A table of procedures grouped by field, with a QR code per procedure and a mark on
    green-lane ones, set at the largest size up to `size` that puts the list on the fewest
    pages it can take at `min_size`: header, heading and QR sizes and the padding are given
    for `size` and scale with it."""

    type: Literal["table"]
    columns: list[TableColumn] = Field(min_length=1)
    font: Name
    size: Length = Field(gt=0, description="the largest size of the cells' text")
    min_size: Length | None = Field(
        default=None,
        gt=0,
        description="the smallest (default: the smallest the template's viewing distance and "
        "letter-height rule allow, or `size` when it has none)",
    )
    colour: Name
    line_height: float = Field(default=1.3, ge=1.3, le=3.0)
    padding: Length = Field(default=parse_length("1.5mm"), ge=0)
    header_font: Name
    header_size: Length = Field(gt=0)
    header_colour: Name
    header_fill: Name
    group_font: Name
    group_size: Length = Field(gt=0)
    group_colour: Name
    group_fill: Name | None = None
    rule: Name | None = Field(default=None, description="colour of the line under each row")
    qr: Text = Field(description="a procedure's page, e.g. …?ma_thu_tuc={procedure.code}")
    qr_size: Length = Field(gt=0)
    qr_colour: Name
    green_mark: Text = Field(default="LÀN XANH", description="the mark under a green-lane number")
    green_fill: Name
    green_colour: Name

    @model_validator(mode="after")
    def _columns_fill_the_width(self) -> TableElement:
        if self.min_size is not None and self.min_size > self.size:
            raise ValueError(Message("min_size must not be larger than size"))
        fixed = [c.width for c in self.columns if isinstance(c.width, float)]
        fills = [c for c in self.columns if c.width == "fill"]
        if len(fixed) == len(self.columns):
            total = sum(fixed)
            if abs(total - self.w) > 0.5:
                raise ValueError(
                    Message(
                        "the columns are {total} mm wide together, the table {width} mm",
                        total=f"{total / PT_PER_MM:.1f}",
                        width=f"{self.w / PT_PER_MM:.1f}",
                    )
                )
            return self
        if len(fills) != 1:
            raise ValueError(
                Message("a table with `auto` or `fill` columns needs one `fill` column")
            )
        least = sum(fixed) + sum(c.min_width or 0.0 for c in self.columns)
        if least > self.w + 0.5:
            raise ValueError(
                Message(
                    "the columns need at least {least} mm, the table is {width} mm",
                    least=f"{least / PT_PER_MM:.1f}",
                    width=f"{self.w / PT_PER_MM:.1f}",
                )
            )
        return self


AnyElement = Annotated[
    RectElement
    | LineElement
    | PathElement
    | TextElement
    | LogoElement
    | QrElement
    | ImageElement
    | TableElement,
    Field(discriminator="type"),
]

ELEMENT_MODELS: dict[str, type[Element]] = {
    "rect": RectElement,
    "line": LineElement,
    "path": PathElement,
    "text": TextElement,
    "logo": LogoElement,
    "qr": QrElement,
    "image": ImageElement,
    "table": TableElement,
}


class Fold(Strict):
    """A fold across the trim, `x` from the left or `y` from the top: marked outside the bleed."""

    x: Length | None = None
    y: Length | None = None

    @model_validator(mode="after")
    def _one_axis(self) -> Fold:
        if (self.x is None) == (self.y is None):
            raise ValueError(
                Message("give exactly one of 'x' (a vertical fold) or 'y' (a horizontal one)")
            )
        return self


class PrintOrder(Strict):
    """What the job ticket tells the print shop about a piece besides its size."""

    stock: Text | None = Field(default=None, description="the material, e.g. 'Couché 300 g/m²'")
    finish: Text | None = Field(
        default=None, description="finishing after print, e.g. 'Cán màng mờ, bo góc R3'"
    )
    copies: int = Field(default=1, ge=1, description="copies of each page (e.g. 500 envelopes)")


class Slot(Strict):
    """A slot punched through the piece (a badge's lanyard slot): a `w` × `h` box placed like
    an element, its ends rounded to `radius` (default: half its height, a stadium)."""

    x: Length
    y: Length
    w: Length = Field(gt=0)
    h: Length = Field(gt=0)
    radius: Length | None = Field(default=None, ge=0, description="of its corners or ends")
    anchor: Anchor = "top-left"


class Hole(Strict):
    """A drilled hole: its centre `x`, `y` from the `anchor` corner (or middle) of the trim."""

    x: Length
    y: Length
    diameter: Length = Field(gt=0)
    anchor: Anchor = "top-left"


class Finishing(Strict):
    """Cutting, punching and drilling after print, drawn in the die-line colour: the cut
    contour (the trim, its corners rounded, or an outline of its own), slots and holes."""

    colour: Name = Field(
        default="dieline",
        description="the spec colour of the die line: a spot colour (a separation the print "
        "shop's RIP sends to the cutter, not to a plate), best set to overprint",
    )
    corner_radius: Length | None = Field(
        default=None,
        ge=0,
        description="cut along the trim, its corners rounded to this, e.g. 3mm (a card's R3); "
        "0mm: square corners (a router's contour)",
    )
    contour: Annotated[str, Field(pattern=PATH_PATTERN)] | None = Field(
        default=None,
        description="the cut outline of a shaped piece in SVG path syntax (M, L, H, V, Z; mm "
        "from the trim's top-left corner), instead of the trim",
    )
    slots: list[Slot] = []
    holes: list[Hole] = []
    clearance: Length = Field(
        default=parse_length("2mm"),
        ge=0,
        description="how far texts, QR codes and logos keep from every hole and slot",
    )

    @model_validator(mode="after")
    def _one_outline(self) -> Finishing:
        if self.contour is not None:
            parse_path(self.contour)
            if self.corner_radius is not None:
                raise ValueError(Message("give either 'corner_radius' or 'contour', not both"))
        return self


AssetName = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="the asset kind: a built-in one (badge, signboard, door_sign, counter_sign, "
        "desk_plate, envelope, folder, procedure_board, procedure_handout, kiosk, ticket_proof) "
        "or a new one this spec declares (lower-case ASCII, e.g. poster)",
    ),
]
FolderName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Template(Strict):
    """One asset: its trim size (or named sizes), bleed, what it repeats over, its elements."""

    asset: AssetName
    folder: FolderName | None = Field(
        default=None,
        description="a new asset kind's folder under <out>/<unit>/ (default: its name and 's', "
        "e.g. posters); built-in kinds have theirs",
    )
    label: Text | None = Field(
        default=None,
        description="a new asset kind's name on the print shop's job ticket, in Vietnamese "
        "(e.g. 'Áp phích giờ làm việc'); built-in kinds have theirs",
    )
    title: Text | None = None
    medium: Literal["print", "screen"] = Field(
        default="print",
        description="print: a CMYK PDF with bleed and marks; screen: an sRGB PNG at exactly its "
        "size in px (96 to the inch), no bleed, elements clipped at the edge",
    )
    size: Size | None = None
    sizes: dict[Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")], Size] | None = Field(
        default=None, min_length=1, description="named sizes, e.g. DL, C5, C4: a PDF each"
    )
    bleed: Length = Field(default=parse_length("3mm"), ge=0)
    safe_margin: Length = Field(default=parse_length("3mm"), ge=0)
    repeat: Literal["staff", "unit", "counter", "procedures"]
    tent: bool = Field(
        default=False,
        description="a folding tent card: `size` is one face; the flat sheet is two faces "
        "tall, the back face turned 180° above the front, folded along the middle",
    )
    folds: list[Fold] = Field(default=[], description="folds, marked outside the bleed")
    monochrome: bool = Field(
        default=False,
        description="black only, as a thermal printer prints: each colour (logos too) becomes "
        "black or paper by its lightness",
    )
    viewing_distance: Length | None = Field(
        default=None, gt=0, description="how far away the texts are read, e.g. 3m"
    )
    cap_height_per_m: Length | None = Field(
        default=None,
        gt=0,
        description="this template's letter-height rule, instead of the spec's: text that is "
        "read (a procedure list) rather than glanced at (a sign)",
    )
    back: Name | None = Field(
        default=None,
        description="the template printed on the back of each page (same size and records): "
        "the PDF alternates front and back pages and imposed sheets are printed both sides",
    )
    print: PrintOrder = Field(
        default_factory=lambda: PrintOrder(),
        description="what the print shop's job ticket says of this piece",
    )
    finishing: Finishing | None = Field(
        default=None,
        description="cut contour, rounded corners, slots and drill holes, drawn in the die line",
    )
    blank: bool = Field(
        default=False,
        description="an envelope's whole unfolded blank for die cutting: the face (its size) "
        "amid its side, bottom and seal flaps, cut and fold lines in the die line",
    )
    elements: list[AnyElement] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_size(self) -> Template:
        if (self.size is None) == (self.sizes is None):
            raise ValueError(Message("give exactly one of 'size' or 'sizes'"))
        if self.tent and self.sizes is not None:
            raise ValueError(Message("a tent card has one 'size' (its face)"))
        if self.medium == "screen" and (self.tent or self.folds or self.bleed > 0):
            raise ValueError(Message("a screen has no bleed, folds or tent faces"))
        if self.back is not None and (self.medium == "screen" or self.tent):
            raise ValueError(
                Message("a screen or a tent card has no 'back' (a tent card's faces fold)")
            )
        if self.blank and (self.medium == "screen" or self.tent or self.back is not None):
            raise ValueError(Message("an envelope blank is printed flat: no tent, back or screen"))
        return self

    @model_validator(mode="before")
    @classmethod
    def _screens_have_no_bleed(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("medium") == "screen" and "bleed" not in data:
            return {**data, "bleed": "0px"}
        return data

    def named_sizes(self) -> dict[str, Size]:
        """Every size to make, by name ("" for a template with one `size`)."""
        if self.sizes is not None:
            return dict(self.sizes)
        assert self.size is not None
        return {"": self.size}

    def sheet(self, size: Size) -> tuple[float, float]:
        """The flat trim size in points: a tent card is two faces tall, an envelope blank is
        its face with the flaps round it."""
        if self.blank:
            blank = envelope_blank(size.width, size.height)
            return blank.width, blank.height
        return size.width, size.height * (2 if self.tent else 1)


class Typography(Strict):
    """How text is set, beyond each element's sizes."""

    keep: list[Text] = Field(
        default=[],
        description="terms of several syllables a line never breaks inside, besides the words "
        "of the Vietnamese dictionary, numbers with their units and labels ('Quầy 3'): names "
        "and phrases of the brand, e.g. 'hành chính công', 'đường dây nóng'",
    )


class LogoUsage(Strict):
    """How the mark is used: its clear space and its smallest sizes (the brand manual states
    them; `check` warns of a mark placed smaller)."""

    clear_space: float = Field(
        default=0.25,
        gt=0,
        le=1,
        description="the empty margin kept round the mark on every side, as a share of its "
        "width (0.25: a quarter of the mark's width)",
    )
    min_size: Length = Field(
        default=parse_length("10mm"), gt=0, description="the mark's smallest width in print"
    )
    min_size_px: int = Field(
        default=24, gt=0, le=4096, description="the mark's smallest width on screens, in pixels"
    )


class Rules(Strict):
    """Brand rules `brandkit check` applies (and `build` enforces)."""

    contrast: float = Field(
        default=4.5, ge=1, le=21, description="minimum WCAG contrast ratio of text (AA: 4.5)"
    )
    contrast_large: float = Field(
        default=3.0, ge=1, le=21, description="for large text: ≥ 18 pt, or ≥ 14 pt bold (AA: 3)"
    )
    cap_height_per_m: Length = Field(
        default=parse_length("8.33mm"),
        gt=0,
        description="minimum cap height per metre of viewing distance (25 mm at 3 m)",
    )


class ColourProfile(Strict):
    """The printing condition print PDFs declare as their PDF/X-4 output intent."""

    file: str | None = Field(
        default=None,
        description="the print shop's CMYK output ICC profile, beside the spec; default: "
        "brandkit's bundled FOGRA39 profile (coated offset)",
    )
    identifier: Text = Field(
        default="FOGRA39",
        description="OutputConditionIdentifier: the condition's name in the ICC registry",
    )
    condition: Text = Field(
        default="Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 "
        "or 2 = coated art, 115 g/m2, tone value increase curves A (CMY) and B (K)",
        description="the printing condition in words",
    )
    registry: str = Field(default="http://www.color.org", description="where the name is defined")

    @model_validator(mode="after")
    def _own_profile_named(self) -> ColourProfile:
        if self.file is not None and "identifier" not in self.model_fields_set:
            raise ValueError(
                Message(
                    "a profile 'file' needs its 'identifier' (the printing condition it "
                    "characterises, e.g. FOGRA51 or 'Custom')"
                )
            )
        if self.file is not None and "condition" not in self.model_fields_set:
            object.__setattr__(self, "condition", self.identifier)
        return self


class AttireLogo(Strict):
    """The mark on a garment: its place (mm from the top-left corner of the garment's front
    laid flat) and width, embroidered or printed at that size."""

    logo: Name
    x: Length
    y: Length
    w: Length = Field(gt=0, description="the mark's width; its height follows its shape")


class AttireText(Strict):
    """The unit's name on a garment, set as a template's text is set (fitted to its box)."""

    text: Text = Field(description="e.g. '{unit.hierarchy_name}'")
    short: Text | None = Field(default=None, description="set where the full text does not fit")
    x: Length
    y: Length
    w: Length = Field(gt=0)
    h: Length = Field(gt=0)
    font: Name
    size: Length = Field(gt=0)
    min_size: Length | None = Field(default=None, gt=0)
    colour: Name
    transform: Literal["upper"] | None = None


class AttireItem(Strict):
    """A garment or accessory of the uniform: what it is, its fabric, and where the mark and
    the unit's name go on it (the brand manual draws it; `brandkit attire` writes the
    embroiderer's files at those sizes)."""

    label: Text = Field(description="its name in the manual, e.g. 'Áo sơ mi đồng phục'")
    garment: Literal["shirt", "vest", "lanyard"] = Field(description="the outline drawn")
    size: Size = Field(description="the garment's front laid flat (a lanyard: its strap)")
    fabric: Name = Field(description="the spec colour of the cloth")
    method: Text | None = Field(default=None, description="e.g. 'Thêu vi tính'")
    logo: AttireLogo | None = None
    name: AttireText | None = None


class Spec(Strict):
    """A whole brand spec."""

    brandkit: Literal[1] = Field(description="spec format version")
    name: Text
    language: Literal["vi", "en"] = Field(
        default="vi",
        description="the language of what the files themselves say to a print shop: sheet "
        "slugs and labels, PDF subjects and descriptions (the command line's is --lang)",
    )
    colours: dict[Name, Colour] = Field(min_length=1)
    fonts: dict[Name, FontSpec] = Field(min_length=1)
    logos: dict[Name, str] = {}
    logo_usage: LogoUsage = Field(
        default_factory=lambda: LogoUsage(),
        description="the mark's clear space and smallest sizes in print and on screens",
    )
    data: DataSources = DataSources()
    rules: Rules = Rules()
    typography: Typography = Typography()
    hierarchy: dict[UnitKind, list[HierarchyLine]] = Field(
        default={},
        description="per kind of unit, the lines that place it, from the governing body down "
        "to the unit itself; every unit-facing piece shows them, in this order, through "
        "{unit.hierarchy…}. A kind not listed: its authority (or its parent), then its name",
    )
    unit_defaults: UnitDefaults = UnitDefaults()
    colour_profile: ColourProfile = Field(
        default_factory=lambda: ColourProfile(),
        description="the CMYK printing condition of every print PDF (PDF/X-4 output intent)",
    )
    links: dict[Name, Annotated[str, Field(pattern=r"^https?://\S+$")]] = Field(
        default={},
        description="named URLs templates use as {link.NAME}: feedback channels, the portal",
    )
    allow_paths_outside: bool = Field(
        default=False,
        description="let the spec name files (logos, fonts, lists, profile) outside its own "
        "folder, and lists name photos outside theirs; off by default, never in the studio",
    )
    order: Order | None = Field(
        default=None,
        description="the print order on every job ticket: customer, contact, number, dates, "
        "delivery, notes (build --order FILE.yaml gives or replaces its fields)",
    )
    templates: dict[Name, Template] = Field(min_length=1)
    attire: dict[Name, AttireItem] = Field(
        default={}, description="the uniform's garments and where the mark and name go on each"
    )
    units: list[Unit] = Field(min_length=1)

    @model_validator(mode="after")
    def _die_lines_in_a_spot(self) -> Spec:
        for name, template in self.templates.items():
            if template.finishing is None and not template.blank:
                continue
            die = (template.finishing or Finishing()).colour
            if die not in self.colours or self.colours[die].spot is None:
                raise ValueError(
                    Message(
                        "template {template!r}: the die line's colour {colour!r} must be a "
                        "spec colour with a spot name (finishing.colour)",
                        template=name, colour=die,
                    )
                )  # fmt: skip
        return self


FIELD_REF = re.compile(r"\{([a-z_]+)\.([a-z_]+)\}")
"""A data binding inside text: `{staff.name}`, `{unit.address}`."""
